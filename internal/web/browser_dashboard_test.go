package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/huoshui/huoshui/internal/blob"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/web"
)

// A secretary opens the branch's dashboard over the demo's last twelve
// months, reads how many articles were published, follows that number and
// finds exactly that many in the list it leads to.
func TestBrowserDashboardNumberLeadsToRecords(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	st := storetest.SQLite(t)
	if _, err := demo.Seed(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	files, err := blob.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	_, h, err := web.New(web.Deps{Store: st, Files: files})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	e := &env{t: t, store: st, srv: srv}
	branch := e.demoOrg(demo.BranchName)
	ctx := newBrowser(t) // after the demo is built: the browser's time bound starts here
	if err := signIn(ctx, srv.URL, "secretary"); err != nil {
		t.Fatal(err)
	}
	path := "/orgs/" + itoa(branch.ID) + "/dashboard?year=12m"
	browse(t, ctx, srv.URL, path)
	fullShot(t, ctx, "dashboard-branch")
	number := func(name string) int {
		t.Helper()
		s := browserEval[string](t, ctx, `document.querySelector('[data-number="`+name+`"]').textContent`)
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			t.Fatalf("the dashboard's %s reads %q", name, s)
		}
		return n
	}
	pubs, docs := number("publications"), number("documents")
	if pubs < 50 || docs < 110 {
		t.Errorf("the demo branch's last twelve months show %d publications and %d documents; the demo records 50+ and 110+", pubs, docs)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-number="publications"]`)),
		chromedp.WaitVisible(chromedp.CSS(`caption.table-caption`))); err != nil {
		t.Fatal(err)
	}
	caption := browserEval[string](t, ctx, `document.querySelector("caption.table-caption").textContent`)
	if !strings.Contains(caption, "共 "+strconv.Itoa(pubs)+" 条") {
		t.Errorf("the dashboard says %d publications; the list it leads to says %q", pubs, caption)
	}
	if u := browserEval[string](t, ctx, `location.pathname + location.search`); !strings.HasPrefix(u, "/outputs?kind=publication") {
		t.Errorf("the publications number leads to %s", u)
	}
	if err := phoneViewport(ctx); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, srv.URL, path)
	fullShot(t, ctx, "dashboard-branch-phone")
	if err := desktopViewport(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if err := signIn(ctx, srv.URL, "organiser"); err != nil {
		t.Fatal(err)
	}
	committee := e.demoOrg(demo.CommitteeName)
	browse(t, ctx, srv.URL, "/orgs/"+itoa(committee.ID)+"/dashboard?year=12m")
	fullShot(t, ctx, "dashboard-committee")
	if n := browserEval[int](t, ctx, `document.querySelectorAll("#rows-h ~ .table-wrap tbody tr").length`); n == 0 {
		t.Errorf("the committee's dashboard lists none of the orgs below it")
	}
}

// fullShot keeps a screenshot of the whole page in $HUOSHUI_SCREENSHOTS,
// when it is set: for reading a long page as a user sees it.
func fullShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("HUOSHUI_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Error(err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Error(err)
	}
}
