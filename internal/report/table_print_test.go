package report

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A ledger written for print comes out landscape on A4, fitted to the
// width, with a filter on its heading and its rows intact.
func TestWriteLandscape(t *testing.T) {
	tw, err := NewPrintTableWriter("自查", "秘书处党支部 2025 年标准化自查", []TableColumn{{Header: "项目"}, {Header: "结论"}})
	if err != nil {
		t.Fatal(err)
	}
	defer tw.Close()
	for _, r := range [][]any{{"主题党日", "达标"}, {"党课", "未达标"}} {
		if err := tw.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := tw.WriteLandscapeTo(&buf, 2, 2); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("自查")
	if err != nil || len(rows) != 4 || rows[3][0] != "党课" || rows[3][1] != "未达标" {
		t.Fatalf("rows %q, %v", rows, err)
	}
	layout, err := f.GetPageLayout("自查")
	if err != nil || layout.Orientation == nil || *layout.Orientation != "landscape" || layout.Size == nil || *layout.Size != 9 ||
		layout.FitToWidth == nil || *layout.FitToWidth != 1 {
		t.Errorf("layout %q %d, %v", *layout.Orientation, *layout.Size, err)
	}
	// Without the sheet's fit-to-page switch, the fit above is ignored.
	if props, _ := f.GetSheetProps("自查"); props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("the sheet is not fitted to the page")
	}
	names := f.GetDefinedName()
	filter := false
	for _, n := range names {
		if n.Name == "_xlnm._FilterDatabase" && n.RefersTo == "'自查'!$A$2:$B$4" {
			filter = true
		}
	}
	if !filter {
		t.Errorf("no filter over A2:B4 in %+v", names)
	}
}
