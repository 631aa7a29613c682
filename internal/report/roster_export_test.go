package report

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/xuri/excelize/v2"
)

// exportMembers are a full member with every field, and an applicant with
// few: the empty fields must stay empty cells.
func exportMembers() []*huoshui.Member {
	at := time.Date(2026, 1, 4, 15, 30, 0, 0, time.UTC)
	return []*huoshui.Member{
		{Name: "王小明", Gender: huoshui.Male, Ethnicity: "回族", BirthDate: huoshui.NewDate(1990, 3, 7),
			Education: "master", IDNumber: idMale1990, Phone: "13712345678", Workplace: "省政协办公厅", Post: "科员",
			Status: huoshui.StatusFull, AppliedOn: huoshui.NewDate(2010, 10, 8), ProbationOn: huoshui.NewDate(2012, 7, 1),
			FullOn: huoshui.NewDate(2013, 7, 1), CommitteePost: huoshui.PostDeputy, OrgName: "综合处党支部", GroupName: "第一党小组",
			ArchivedAt: &at, ArchiveReason: "调往系统外单位\n（省发改委）"},
		{Name: "李小红", Status: huoshui.StatusApplicant, AppliedOn: huoshui.NewDate(2024, 5, 6), OrgName: "综合处党支部"},
	}
}

func writeExport(t *testing.T, o RosterOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteRoster(&buf, testLabels(t, "zh"), o, exportMembers()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func colName(field string) string {
	n, _ := excelize.ColumnNumberToName(indexOf(field) + 1)
	return n
}

// The roster export prints and sorts: a title row, text columns for ID
// numbers and phones, date columns, a filter on the header, A4 landscape
// fitted to the width with the header on every page, empty cells empty.
func TestRosterExportIsAWorkingSheet(t *testing.T) {
	t.Parallel()
	data := writeExport(t, RosterOptions{Title: "综合处党支部 花名册（2026-01-05 导出）"})
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	if v, _ := f.GetCellValue(sheet, "A1"); v != "综合处党支部 花名册（2026-01-05 导出）" {
		t.Errorf("title row says %q", v)
	}
	if v, _ := f.GetCellValue(sheet, "A2"); v != "姓名" {
		t.Errorf("header starts with %q", v)
	}
	numFmt := func(col string) string {
		id, err := f.GetColStyle(sheet, col)
		if err != nil || id == 0 {
			return ""
		}
		st, err := f.GetStyle(id)
		if err != nil || st.CustomNumFmt == nil {
			return ""
		}
		return *st.CustomNumFmt
	}
	for field, want := range map[string]string{"id_number": "@", "phone": "@", "birth_date": "yyyy-mm-dd",
		"full_on": "yyyy-mm-dd", "name": ""} {
		if got := numFmt(colName(field)); got != want {
			t.Errorf("column %s formatted %q, want %q", field, got, want)
		}
	}
	// The ID number is a text cell, the date a date cell.
	if typ, _ := f.GetCellType(sheet, colName("id_number")+"3"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString && typ != excelize.CellTypeFormula {
		if v, _ := f.GetCellValue(sheet, colName("id_number")+"3", excelize.Options{RawCellValue: true}); v != idMale1990 || typ == excelize.CellTypeNumber {
			t.Errorf("ID number cell %q of type %v", v, typ)
		}
	}
	if v, _ := f.GetCellValue(sheet, colName("full_on")+"3"); v != "2013-07-01" {
		t.Errorf("full_on shows %q", v)
	}
	// The applicant's empty fields are empty cells: no "—", no 0.
	for _, field := range []string{"gender", "id_number", "phone", "birth_date", "full_on", "committee_post", "group_id"} {
		if v, _ := f.GetCellValue(sheet, colName(field)+"4"); v != "" {
			t.Errorf("the applicant's %s is %q, want an empty cell", field, v)
		}
	}
	layout, err := f.GetPageLayout(sheet)
	if err != nil || layout.Orientation == nil || *layout.Orientation != "landscape" || layout.Size == nil || *layout.Size != 9 ||
		layout.FitToWidth == nil || *layout.FitToWidth != 1 || layout.FitToHeight == nil || *layout.FitToHeight != 0 {
		t.Errorf("page layout %+v (%v), want A4 landscape, one page wide", layout, err)
	}
	props, _ := f.GetSheetProps(sheet)
	if props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("not fitted to the page")
	}
	titles := false
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm.Print_Titles" && strings.HasSuffix(d.RefersTo, "!$2:$2") {
			titles = true
		}
	}
	if !titles {
		t.Errorf("the header does not repeat on each page: %+v", f.GetDefinedName())
	}
	last, _ := excelize.ColumnNumberToName(len(RosterColumns))
	if xml := sheetXML(t, data); !strings.Contains(xml, `<autoFilter ref="$A$2:$`+last+`$4"`) {
		t.Errorf("no filter on the header over A2:%s4", last)
	}
	// The title does not stop the import reading it back.
	ros := parse(t, data)
	if len(ros.Problems) > 0 || len(ros.Rows) != 2 || ros.Rows[0].Member.IDNumber != idMale1990 || ros.Rows[1].Member.Name != "李小红" {
		t.Errorf("read back %d rows, problems %s", len(ros.Rows), codes(ros.Problems))
	}
}

func sheetXML(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			return string(b)
		}
	}
	t.Fatal("no sheet1.xml")
	return ""
}

// A list of archived people says when each left and why; a reason of
// several lines is wrapped.
func TestRosterExportArchived(t *testing.T) {
	t.Parallel()
	data := writeExport(t, RosterOptions{Title: "已归档", Archived: true})
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, _ := f.GetRows(sheet)
	n := len(RosterColumns)
	if len(rows) < 3 || len(rows[1]) != n+2 || rows[1][n] != "归档时间" || rows[1][n+1] != "归档原因" {
		t.Fatalf("header %v", rows[1])
	}
	at, _ := excelize.ColumnNumberToName(n + 1)
	reason, _ := excelize.ColumnNumberToName(n + 2)
	if v, _ := f.GetCellValue(sheet, at+"3"); v != "2026-01-04 15:30" {
		t.Errorf("archived at shows %q", v)
	}
	if v, _ := f.GetCellValue(sheet, reason+"3"); v != "调往系统外单位\n（省发改委）" {
		t.Errorf("reason %q", v)
	}
	id, _ := f.GetCellStyle(sheet, reason+"3")
	if st, err := f.GetStyle(id); err != nil || st.Alignment == nil || !st.Alignment.WrapText {
		t.Errorf("a reason of two lines is not wrapped")
	}
	// The import reads the people and leaves the archive's columns be.
	if ros := parse(t, data); len(ros.Rows) != 2 || len(ros.Problems) > 0 {
		t.Errorf("read back %d rows, problems %s", len(ros.Rows), codes(ros.Problems))
	}
}

// Where LibreOffice is installed: an export opened and saved again in
// Calc, as a secretary corrects it, imports as the same people.
func TestRosterExportThroughLibreOffice(t *testing.T) {
	t.Parallel()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "roster.xlsx")
	if err := os.WriteFile(src, writeExport(t, RosterOptions{Title: "综合处党支部 花名册（2026-01-05 导出）"}), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, src)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	data, err := os.ReadFile(filepath.Join(out, "roster.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	ros := parse(t, data)
	if len(ros.Problems) > 0 || len(ros.Rows) != 2 {
		t.Fatalf("read back %d rows, problems %s", len(ros.Rows), codes(ros.Problems))
	}
	want := exportMembers()
	for i, r := range ros.Rows {
		g, m := r.Member, want[i]
		if len(r.Problems) > 0 || g.Name != m.Name || g.IDNumber != m.IDNumber || g.Phone != m.Phone || g.Status != m.Status ||
			!g.BirthDate.Equal(m.BirthDate) && !m.BirthDate.IsZero() || !g.FullOn.Equal(m.FullOn) || !g.AppliedOn.Equal(m.AppliedOn) {
			t.Errorf("row %d read back as %+v, problems %s", i, g, codes(r.Problems))
		}
	}
}
