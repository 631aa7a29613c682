package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/huoshui/huoshui/internal/demo"
)

// TestBrowserImportPreview walks the roster import as the secretary does:
// the member list, the import form, a file with a broken row (its problem
// is shown, nothing can be confirmed, nothing is written), then the
// corrected file, confirmed, and the new people on the list.
func TestBrowserImportPreview(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	branch := e.demoOrg(demo.BranchName)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	broken := write("roster-with-problem.xlsx", rosterFile(t, importHeader,
		[]any{"高明", "男", impID1, "大学本科", "正式党员", "2010-10-08", "2012-07-01", "2013-07-01", "第一党小组", "13900001111"},
		[]any{"林小红", "女", "370102199001011235", "硕士", "预备党员", "2014-03-05", "2025-07-01", "", "", ""},
	))
	fixed := write("roster.xlsx", rosterFile(t, importHeader,
		[]any{"高明", "男", impID1, "大学本科", "正式党员", "2010-10-08", "2012-07-01", "2013-07-01", "第一党小组", "13900001111"},
		[]any{"林小红", "女", impID2, "硕士", "预备党员", "2014-03-05", "2025-07-01", "", "", ""},
	))
	if err := desktopViewport(ctx); err != nil {
		t.Fatal(err)
	}
	if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, e.srv.URL, "/members")
	// From the list to the import form by its link, as a person would.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="/members/import"]`)),
		chromedp.WaitVisible(chromedp.ID("file")),
	); err != nil {
		t.Fatalf("open the import form from the list: %v", err)
	}
	upload := func(path string) {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.SetUploadFiles(chromedp.ID("file"), []string{path}),
			chromedp.Click(chromedp.CSS(`form[action="/members/import"] button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`table.import-preview`)),
		); err != nil {
			t.Fatalf("upload %s: %v", filepath.Base(path), err)
		}
	}
	upload(broken)
	browserShot(t, ctx, "import-preview-problems")
	text := browserEval[string](t, ctx, `document.querySelector("main").innerText`)
	if !strings.Contains(text, "校验位") {
		t.Errorf("the preview does not say what is wrong with the ID number:\n%s", text)
	}
	if n := browserEval[int](t, ctx, `document.querySelectorAll("tr.bad").length`); n != 1 {
		t.Errorf("%d rows marked as having problems, want 1", n)
	}
	if n := browserEval[int](t, ctx, `document.querySelectorAll('form[action$="/confirm"] button').length`); n != 0 {
		t.Errorf("a preview with problems offers to confirm")
	}
	if got := e.branchCount(branch); got != 14 {
		t.Fatalf("after a preview the branch has %d members, want 14: nothing may be written", got)
	}

	browse(t, ctx, e.srv.URL, "/members/import")
	upload(fixed)
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action$="/confirm"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	); err != nil {
		t.Fatalf("confirm the import: %v", err)
	}
	browserShot(t, ctx, "import-confirmed")
	list := browserEval[string](t, ctx, `document.querySelector("main").innerText`)
	for _, want := range []string{"已导入 2 人", "高明", "林小红"} {
		if !strings.Contains(list, want) {
			t.Errorf("after confirming, the page does not show %q", want)
		}
	}
	if got := e.branchCount(branch); got != 16 {
		t.Errorf("the branch has %d members after the import, want 16", got)
	}
}
