package report

import (
	"bytes"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/xuri/excelize/v2"
)

func TestWriteTableReadsBack(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	err := WriteTable(&buf, Table{
		Sheet:   "组织台账",
		Columns: []TableColumn{{Header: "名称", Width: 30}, {Header: "在册人数", Width: 10}, {Header: "任期届满日期", Width: 14}},
		Rows: [][]any{
			{"秘书处（督查处）党支部", 14, huoshui.NewDate(2027, 1, 23)},
			{"综合处党支部", 6, huoshui.Date{}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("组织台账")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "名称" || rows[1][0] != "秘书处（督查处）党支部" || rows[1][1] != "14" {
		t.Fatalf("rows read back: %q", rows)
	}
	if rows[1][2] != "2027-01-23" {
		t.Errorf("the date cell reads %q, want 2027-01-23", rows[1][2])
	}
	if len(rows[2]) > 2 && rows[2][2] != "" {
		t.Errorf("a zero date became %q, want an empty cell", rows[2][2])
	}
}

// A titled table says what it is above its headings, across every column,
// and keeps both rows in view.
func TestTitledTableReadsBack(t *testing.T) {
	t.Parallel()
	tw, err := NewTitledTableWriter("督查督办", "秘书处（督查处）党支部督查督办事项（2026-05-10）",
		[]TableColumn{{Header: "事项", Width: 40}, {Header: "截止日期", Width: 12}})
	if err != nil {
		t.Fatal(err)
	}
	defer tw.Close()
	if err := tw.Add([]any{"起草全会服务保障方案", huoshui.NewDate(2026, 5, 20)}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := tw.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("督查督办")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "秘书处（督查处）党支部督查督办事项（2026-05-10）" || rows[1][1] != "截止日期" ||
		rows[2][0] != "起草全会服务保障方案" || rows[2][1] != "2026-05-20" {
		t.Fatalf("rows read back: %q", rows)
	}
	merged, err := f.GetMergeCells("督查督办")
	if err != nil || len(merged) != 1 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "B1" {
		t.Errorf("merged cells %v, %v; want A1:B1", merged, err)
	}
}
