package web_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/huoshui/huoshui"
)

// TestBrowserImportSavedPage walks the import of a saved mirror-site page
// as the secretary does: from the library to the import form, the garbled
// page uploaded, the cleaned article beside the page as read, the form
// saved, and the material open with its clean text.
func TestBrowserImportSavedPage(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	page, err := filepath.Abs(filepath.Join("..", "clean", "testdata", "garbled.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := desktopViewport(ctx); err != nil {
		t.Fatal(err)
	}
	if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, e.srv.URL, "/materials")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="/materials/import"]`)),
		chromedp.WaitVisible(chromedp.ID("page")),
		chromedp.SetUploadFiles(chromedp.ID("page"), []string{page}),
		chromedp.Click(chromedp.CSS(`form[action="/materials/import"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.cleaned .clean-title`)),
	); err != nil {
		t.Fatalf("upload the saved page: %v", err)
	}
	browserShot(t, ctx, "material-import-preview")
	if got := browserEval[string](t, ctx, `document.querySelector(".cleaned .clean-title").innerText`); got != "让书香飘进每一个办公室" {
		t.Errorf("cleaned title %q", got)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("tags"), "读书活动"),
		chromedp.Click(chromedp.CSS(`form[action="/materials"] button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS(`[data-reading]`)),
		chromedp.WaitVisible(chromedp.CSS(`.material-body`)),
	); err != nil {
		t.Fatalf("save the material: %v", err)
	}
	text := browserEval[string](t, ctx, `document.querySelector("main").innerText`)
	if !strings.Contains(text, "让书香飘进每一个办公室") || !strings.Contains(text, "图书角") || strings.Contains(text, "(yè)") {
		t.Errorf("the saved material does not read clean:\n%.600s", text)
	}
	hits, n, err := e.store.FindMaterials(context.Background(), huoshui.MaterialFilter{Scope: huoshui.Everything(), Query: "书香", Limit: 5})
	if err != nil || n != 1 || hits[0].Material.Tags[0] != "读书活动" {
		t.Errorf("stored: %d materials, %v", n, err)
	}
}
