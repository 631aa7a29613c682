package web_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/huoshui/huoshui/internal/demo"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// A roster saved as CSV by Excel on a Chinese Windows (GBK, no BOM)
// imports as an .xlsx does; a 填表人 footer below it is no person.
func TestImportCSVRoster(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		c := e.login("secretary")
		branch := e.demoOrg(demo.BranchName)
		before := e.branchCount(branch)
		text := "姓名,性别,身份证号,人员类别,递交申请日期\r\n" +
			"高明,男," + impID1 + ",入党申请人,2024/5/6\r\n" +
			"林小红,女," + impID2 + ",入党申请人,2024-05-07\r\n" +
			"填表人：赵六,,审核人：孙七,,\r\n"
		for name, data := range map[string]string{"gbk": mustGBK(t, text), "utf-8 bom": "\xEF\xBB\xBF" + text} {
			t.Run(name, func(t *testing.T) {
				c := c.as(t)
				r := c.uploadRoster(branch.ID, "花名册.csv", []byte(data)).wantStatus(http.StatusSeeOther)
				doc := c.get(r.Header.Get("Location")).wantStatus(http.StatusOK).doc()
				if got := doc.Find(".counts").Text(); got != "共 2 行，没有发现问题。" {
					t.Errorf("counts say %q", got)
				}
				if got := doc.Find("table.import-preview tbody").Text(); !strings.Contains(got, "高明") || !strings.Contains(got, "林小红") || strings.Contains(got, "赵六") {
					t.Errorf("preview rows: %q", got)
				}
				c.postForm(batchURL(r.Header.Get("Location"), "discard"), url.Values{}).wantStatus(http.StatusSeeOther)
			})
		}
		r := c.uploadRoster(branch.ID, "花名册.csv", []byte(mustGBK(t, text))).wantStatus(http.StatusSeeOther)
		c.postForm(batchURL(r.Header.Get("Location"), "confirm"), url.Values{}).wantStatus(http.StatusSeeOther)
		if n := e.branchCount(branch); n != before+2 {
			t.Errorf("branch has %d members after the CSV import, want %d", n, before+2)
		}
		if m := e.demoMember("高明"); m.IDNumber != impID1 || m.AppliedOn.String() != "2024-05-06" {
			t.Errorf("imported from CSV: %+v", m)
		}
	})
}

func mustGBK(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Rows hidden in the sheet are read, and the preview says which.
func TestImportPreviewNamesHiddenRows(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("secretary")
	branch := e.demoOrg(demo.BranchName)
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range [][]any{{"姓名", "人员类别", "递交申请日期"}, {"高明", "入党申请人", "2024-05-06"},
		{"林小红", "入党申请人", "2024-05-07"}, {"许亮", "入党申请人", "2024-05-08"}} {
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r)
	}
	f.SetRowVisible("Sheet1", 3, false)
	var buf bytes.Buffer
	f.WriteTo(&buf)
	doc := c.get(c.stageRoster(branch.ID, buf.Bytes())).wantStatus(http.StatusOK).doc()
	note := doc.Find(".sheet-notes").Text()
	if !strings.Contains(note, "第 3 行在表格中是隐藏的") {
		t.Errorf("the preview's notes say %q, want line 3 named as hidden", note)
	}
	if n := doc.Find("table.import-preview tbody tr").Length(); n != 3 {
		t.Errorf("preview lists %d rows, want 3 (the hidden one too)", n)
	}
	// A sheet with nothing hidden has no note.
	doc = c.get(c.stageRoster(branch.ID, rosterFile(t, []any{"姓名", "人员类别", "递交申请日期"}, []any{"高明", "入党申请人", "2024-05-06"}))).doc()
	if doc.Find(".sheet-notes").Length() != 0 {
		t.Errorf("a note on a sheet with nothing hidden: %q", doc.Find(".sheet-notes").Text())
	}
}

// An .ods file is refused with what to save it as.
func TestImportRefusesODSByName(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("secretary")
	branch := e.demoOrg(demo.BranchName)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("mimetype")
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = zw.Create("content.xml")
	w.Write([]byte("<office:document-content/>"))
	zw.Close()
	r := c.uploadRoster(branch.ID, "花名册.ods", buf.Bytes()).wantStatus(http.StatusUnprocessableEntity)
	for _, says := range []string{".ods", ".xlsx", ".csv", "另存为"} {
		if !strings.Contains(r.doc().Find(".problems, .form-error").Text(), says) {
			t.Errorf("the refusal does not say %q: %q", says, r.doc().Find(".problems, .form-error").Text())
		}
	}
}

// A two-row header whose labels cannot be read is refused with what to
// change, naming the row, the group and the label.
func TestImportTwoRowHeaderRefusalSaysWhatToChange(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("secretary")
	branch := e.demoOrg(demo.BranchName)
	data := rosterFile(t, []any{"姓名", "人员类别", "发展时间", "", ""}, []any{"", "", "申请", "第一次", "第二次"},
		[]any{"高明", "正式党员", "2010-10-08", "2012-07-01", "2013-07-01"})
	r := c.uploadRoster(branch.ID, "花名册.xlsx", data).wantStatus(http.StatusUnprocessableEntity)
	if says := r.doc().Find(".problems, .form-error").Text(); !strings.Contains(says, "第 2 行“发展时间”下面的“第一次”认不出") || !strings.Contains(says, "每一列只写一个列名") {
		t.Errorf("the refusal says %q", says)
	}
}

// A .csv roster's problems come back as an .xlsx of the preview's columns
// with the 问题 column, since the original file is not a workbook.
func TestImportCSVProblemsDownload(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		c := e.login("secretary")
		branch := e.demoOrg(demo.BranchName)
		text := "姓名,性别,身份证号,人员类别,递交申请日期\r\n" +
			"高明,男," + impID1 + ",入党申请人,2024/5/6\r\n" +
			"林小红,女," + impID2[:17] + "9,入党申请人,2024-05-07\r\n"
		r := c.uploadRoster(branch.ID, "花名册.csv", []byte(mustGBK(t, text))).wantStatus(http.StatusSeeOther)
		preview := r.Header.Get("Location")
		resp := c.get(batchURL(preview, "problems.xlsx")).wantStatus(http.StatusOK)
		f, err := excelize.OpenReader(strings.NewReader(resp.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(f.GetSheetList()[0])
		if err != nil {
			t.Fatal(err)
		}
		var header []string
		byName := map[string][]string{}
		for _, row := range rows {
			if len(row) > 1 && row[len(row)-1] == "问题" {
				header = row
			}
			if len(row) > 1 {
				byName[row[1]] = row
			}
		}
		if header == nil {
			t.Fatalf("no 问题 column in %q", rows)
		}
		problem := func(name string) string {
			row := byName[name]
			if len(row) < len(header) {
				return ""
			}
			return row[len(header)-1]
		}
		if got := problem("林小红"); !strings.Contains(got, "身份证号") {
			t.Errorf("林小红's problems read %q", got)
		}
		if got := problem("高明"); got != "" {
			t.Errorf("高明 has no problem, the column reads %q", got)
		}
	})
}
