package report

import (
	"fmt"
	"io"

	"github.com/huoshui/huoshui"
	"github.com/xuri/excelize/v2"
)

// Table is a ledger as a screen shows it: headings already in the reader's
// language, and rows of text, numbers and dates. WriteTable puts it on one
// sheet, so every list can offer "导出 Excel" of exactly what it shows.
type Table struct {
	Sheet   string
	Columns []TableColumn
	Rows    [][]any
}

// TableColumn is one column's heading and width (in characters).
type TableColumn struct {
	Header string
	Width  float64
}

// WriteTable writes t as an .xlsx workbook: a bold, frozen heading row,
// then the rows. huoshui.Date values become date cells; zero dates stay
// empty.
func WriteTable(w io.Writer, t Table) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("report: table: %w", err)
	}
	if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
		return fmt.Errorf("report: table: %w", err)
	}
	sw, err := f.NewStreamWriter(t.Sheet)
	if err != nil {
		return fmt.Errorf("report: table: %w", err)
	}
	for i, c := range t.Columns {
		if err := sw.SetColWidth(i+1, i+1, max(c.Width, 6)); err != nil {
			return fmt.Errorf("report: table: %w", err)
		}
	}
	if err := sw.SetPanes(freezeHeader()); err != nil {
		return fmt.Errorf("report: table: %w", err)
	}
	head := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = excelize.Cell{StyleID: st.header, Value: c.Header}
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 22}); err != nil {
		return fmt.Errorf("report: table: %w", err)
	}
	for n, r := range t.Rows {
		row := make([]any, len(r))
		for i, v := range r {
			switch x := v.(type) {
			case huoshui.Date:
				if x.IsZero() {
					row[i] = nil
				} else {
					row[i] = excelize.Cell{StyleID: st.date, Value: x.Time()}
				}
			default:
				row[i] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("report: table row %d: %w", n+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("report: table: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: table: %w", err)
	}
	return nil
}
