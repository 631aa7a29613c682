package web_test

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/huoshui/huoshui/internal/demo"
)

// TestBrowserRosterRoundTrip is the secretary's commonest use of Excel:
// export the branch's roster, correct a phone number in the sheet, import
// it again. The preview shows that one change (before → after) and 无变化
// on every other row, fits the screen at 1280 and at 375 px without
// scrolling sideways, and confirming updates the member and adds nobody.
func TestBrowserRosterRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	branch := e.demoOrg(demo.BranchName)
	before := e.branchCount(branch)
	m := e.demoMember("陈思远")
	if err := desktopViewport(ctx); err != nil {
		t.Fatal(err)
	}
	if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, e.srv.URL, "/members")
	// The export, as the browser downloads it.
	href := browserEval[string](t, ctx, `(document.querySelector('a[href*="/members/export.xlsx"]') || {}).href || ""`)
	if href == "" {
		t.Fatal("the member list has no export link")
	}
	b64, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(`+strconv.Quote(href)+`).then(r => r.arrayBuffer()).then(b => {
		let s = ""; const a = new Uint8Array(b); for (let i = 0; i < a.length; i++) s += String.fromCharCode(a[i]); return btoa(s) })`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("download the export: %v", err)
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	// One cell changed in the sheet, as in Excel.
	f, err := excelize.OpenReader(strings.NewReader(string(data)))
	if err != nil {
		t.Fatalf("the export is not a workbook: %v", err)
	}
	defer f.Close()
	if err := f.SetCellStr(f.GetSheetList()[0], rosterCell(t, f, m.Name, "联系电话"), "13912345678"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "花名册.xlsx")
	if err := os.WriteFile(path, workbookBytes(t, f), 0o644); err != nil {
		t.Fatal(err)
	}

	browse(t, ctx, e.srv.URL, "/members/import?org="+strconv.FormatInt(branch.ID, 10))
	if err := chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{path}),
		chromedp.Click(chromedp.CSS(`form[action="/members/import"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.import-preview`)),
	); err != nil {
		t.Fatalf("upload the corrected roster: %v", err)
	}
	browserShot(t, ctx, "import-roundtrip-diff")
	if n := browserEval[int](t, ctx, `document.querySelectorAll("tr.bad").length`); n != 0 {
		t.Fatalf("the exported roster has %d rows with problems:\n%s", n,
			browserEval[string](t, ctx, `Array.from(document.querySelectorAll("tr.bad")).map(r => r.innerText).join("\n")`))
	}
	changes := browserEval[string](t, ctx, `Array.from(document.querySelectorAll(".row-changes li")).map(li => li.innerText).join("\n")`)
	if want := "联系电话：" + m.Phone + " → 13912345678"; changes != want {
		t.Errorf("the preview shows the changes %q, want %q", changes, want)
	}
	if n := browserEval[int](t, ctx, `Array.from(document.querySelectorAll(".tag")).filter(t => t.innerText === "无变化").length`); n != before-1 {
		t.Errorf("%d rows say 无变化, want %d", n, before-1)
	}
	wide := `(() => { const w = document.querySelector(".table-wrap"); return w.scrollWidth - w.clientWidth })()`
	if d := browserEval[int](t, ctx, wide); d > 0 {
		t.Errorf("at 1280 px the preview's table scrolls sideways by %d px", d)
	}
	if !browserEval[bool](t, ctx, `document.querySelector('input[name="existing"][value="update"]').checked`) {
		t.Errorf("the preview does not choose to update by default")
	}
	if err := phoneViewport(ctx); err != nil {
		t.Fatal(err)
	}
	browserShot(t, ctx, "import-roundtrip-diff-phone")
	noSideways(t, ctx, "the round trip's preview")
	if err := desktopViewport(ctx); err != nil {
		t.Fatal(err)
	}
	if got := e.demoMember(m.Name).Phone; got != m.Phone {
		t.Fatalf("the phone changed before confirmation: %s", got)
	}

	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action$="/confirm"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	); err != nil {
		t.Fatalf("confirm: %v", err)
	}
	if got := browserEval[string](t, ctx, `document.querySelector(".flash").innerText`); !strings.Contains(got, "已导入 0 人，更新 1 人") {
		t.Errorf("after confirming the page says %q", got)
	}
	if got := e.demoMember(m.Name).Phone; got != "13912345678" {
		t.Errorf("after confirming the phone is %q", got)
	}
	if n := e.branchCount(branch); n != before {
		t.Errorf("the branch has %d members, want %d", n, before)
	}
}

// TestBrowserImportProblemsFit: a file with problems on a phone and on an
// office screen: every problem in full, wrapped, its cell marked, and no
// sideways scrolling.
func TestBrowserImportProblemsFit(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	branch := e.demoOrg(demo.BranchName)
	path := filepath.Join(t.TempDir(), "roster.xlsx")
	if err := os.WriteFile(path, rosterFile(t, importHeader,
		[]any{"高明", "男", impID1, "大学本科", "正式党员", "2010-10-08", "2012-07-01", "2013-07-01", "第九党小组", "13900001111"},
		[]any{"林小红", "女", impID2[:17] + "9", "", "预备党员", "2014-03-05", "去年七月", "", "", "12345"},
		[]any{"郭立新", "男", e.demoMember("郭立新").IDNumber, "", "正式党员", "", "", "", "", ""},
	), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
		t.Fatal(err)
	}
	for _, vp := range []struct{ name string }{{"desktop"}, {"phone"}} {
		if vp.name == "desktop" {
			if err := desktopViewport(ctx); err != nil {
				t.Fatal(err)
			}
		} else if err := phoneViewport(ctx); err != nil {
			t.Fatal(err)
		}
		browse(t, ctx, e.srv.URL, "/members/import?org="+strconv.FormatInt(branch.ID, 10))
		if err := chromedp.Do(ctx,
			chromedp.SetUploadFiles(chromedp.ID("file"), []string{path}),
			chromedp.Click(chromedp.CSS(`form[action="/members/import"] button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`table.import-preview`)),
		); err != nil {
			t.Fatalf("upload: %v", err)
		}
		browserShot(t, ctx, "import-problems-"+vp.name)
		if d := browserEval[int](t, ctx, `(() => { const w = document.querySelector(".table-wrap"); return w.scrollWidth - w.clientWidth })()`); d > 0 {
			t.Errorf("%s: the preview's table scrolls sideways by %d px", vp.name, d)
		}
		if vp.name == "phone" {
			noSideways(t, ctx, "the preview with problems")
		}
		// Every problem is drawn whole inside its cell (no cut text).
		cut := browserEval[int](t, ctx, `Array.from(document.querySelectorAll(".row-problems li")).filter(li => li.scrollWidth > li.clientWidth + 1).length`)
		if cut != 0 {
			t.Errorf("%s: %d problems are cut", vp.name, cut)
		}
		if n := browserEval[int](t, ctx, `document.querySelectorAll("td.bad-cell").length`); n < 4 {
			t.Errorf("%s: %d cells marked, want the ID number, date and group cells", vp.name, n)
		}
		// 重新上传 drops the staged file.
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`button[name="again"]`)),
			chromedp.WaitVisible(chromedp.ID("file")),
		); err != nil {
			t.Fatalf("重新上传: %v", err)
		}
	}
}
