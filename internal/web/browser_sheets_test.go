package web_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// TestBrowserImportRealWorldSheets uploads rosters as branches keep them
// through the import form: a GBK .csv from Excel with a 填表人 footer,
// and an .xlsx with a hidden row, whose preview says so, at 1280 and
// 375 px.
func TestBrowserImportRealWorldSheets(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	csvPath := write("花名册.csv", []byte(mustGBK(t, "姓名,性别,身份证号,人员类别,递交申请日期\r\n"+
		"高明,男,"+impID1+",入党申请人,2024/5/6\r\n林小红,女,"+impID2+",入党申请人,2024-05-07\r\n"+
		"填表人：赵六,,审核人：孙七,,\r\n")))
	f := excelize.NewFile()
	for i, r := range [][]any{{"姓名", "人员类别", "递交申请日期"}, {"高明", "入党申请人", "2024-05-06"},
		{"林小红", "入党申请人", "2024-05-07"}, {"许亮", "入党申请人", "2024-05-08"}} {
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r)
	}
	f.SetRowVisible("Sheet1", 3, false)
	var buf bytes.Buffer
	f.WriteTo(&buf)
	f.Close()
	hiddenPath := write("花名册.xlsx", buf.Bytes())

	if err := desktopViewport(ctx); err != nil {
		t.Fatal(err)
	}
	if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
		t.Fatal(err)
	}
	upload := func(path string) {
		t.Helper()
		browse(t, ctx, e.srv.URL, "/members/import")
		// The file picker offers .csv files too.
		if accept := browserEval[string](t, ctx, `document.querySelector("#file").accept`); !strings.Contains(accept, ".csv") {
			t.Errorf("the file field accepts %q, want .csv offered", accept)
		}
		if err := chromedp.Do(ctx,
			chromedp.SetUploadFiles(chromedp.ID("file"), []string{path}),
			chromedp.Click(chromedp.CSS(`form[action="/members/import"] button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`table.import-preview`)),
		); err != nil {
			t.Fatalf("upload %s: %v", filepath.Base(path), err)
		}
	}
	upload(csvPath)
	text := browserEval[string](t, ctx, `document.querySelector("table.import-preview").innerText`)
	if !strings.Contains(text, "高明") || !strings.Contains(text, "林小红") || strings.Contains(text, "赵六") {
		t.Errorf("the CSV's preview:\n%s", text)
	}
	upload(hiddenPath)
	browserShot(t, ctx, "import-preview-hidden-rows")
	note := browserEval[string](t, ctx, `(document.querySelector(".sheet-notes") || {innerText: ""}).innerText`)
	if !strings.Contains(note, "第 3 行在表格中是隐藏的") {
		t.Errorf("the preview's note says %q", note)
	}
	if err := phoneViewport(ctx); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	browserShot(t, ctx, "import-preview-hidden-rows-phone")
	noSideways(t, ctx, "the preview with a note")
}
