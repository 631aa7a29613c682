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
	tw, err := NewTableWriter(t.Sheet, t.Columns)
	if err != nil {
		return err
	}
	defer tw.Close()
	for _, r := range t.Rows {
		if err := tw.Add(r); err != nil {
			return err
		}
	}
	_, err = tw.WriteTo(w)
	return err
}

// TableWriter writes a table a row at a time, as WriteTable does, for a
// ledger too long to build in memory first: Add each row, then WriteTo.
// Close frees it.
type TableWriter struct {
	f    *excelize.File
	sw   *excelize.StreamWriter
	st   rosterStyles
	rows int
	top  int // rows above the heading row: 1 with a title
}

// NewTableWriter starts a sheet with its heading row.
func NewTableWriter(sheet string, columns []TableColumn) (*TableWriter, error) {
	return NewTitledTableWriter(sheet, "", columns)
}

// NewTitledTableWriter starts a sheet with a title row above its heading
// row (a ledger printed or filed says what it is: whose, which, when),
// the title across every column; an empty title makes no row.
func NewTitledTableWriter(sheet, title string, columns []TableColumn) (*TableWriter, error) {
	tw := &TableWriter{f: excelize.NewFile()}
	if err := tw.start(sheet, title, columns); err != nil {
		tw.f.Close()
		return nil, fmt.Errorf("report: table: %w", err)
	}
	return tw, nil
}

func (tw *TableWriter) start(sheet, title string, columns []TableColumn) error {
	var err error
	if tw.st, err = newStyles(tw.f); err != nil {
		return err
	}
	if err := tw.f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if tw.sw, err = tw.f.NewStreamWriter(sheet); err != nil {
		return err
	}
	for i, c := range columns {
		if err := tw.sw.SetColWidth(i+1, i+1, max(c.Width, 6)); err != nil {
			return err
		}
	}
	panes := freezeHeader()
	if title != "" {
		tw.top = 1
		panes = &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: "A3", ActiveCell: "A3", Pane: "bottomLeft"}}}
	}
	if err := tw.sw.SetPanes(panes); err != nil {
		return err
	}
	if title != "" {
		if err := tw.sw.SetRow("A1", []any{excelize.Cell{StyleID: tw.st.title, Value: title}}, excelize.RowOpts{Height: 28}); err != nil {
			return err
		}
		if len(columns) > 1 {
			last, _ := excelize.CoordinatesToCellName(len(columns), 1)
			if err := tw.sw.MergeCell("A1", last); err != nil {
				return err
			}
		}
	}
	head := make([]any, len(columns))
	for i, c := range columns {
		head[i] = excelize.Cell{StyleID: tw.st.header, Value: c.Header}
	}
	cell, _ := excelize.CoordinatesToCellName(1, tw.top+1)
	return tw.sw.SetRow(cell, head, excelize.RowOpts{Height: 22})
}

// Text is a cell kept as text whatever it looks like (an ID number or a
// phone stays "0531…", never a number in E notation).
type Text string

// Add writes the next row. A huoshui.Date becomes a date cell (a zero one
// stays empty), a Text a text cell; anything else goes as it is.
func (tw *TableWriter) Add(r []any) error {
	row := make([]any, len(r))
	for i, v := range r {
		switch x := v.(type) {
		case huoshui.Date:
			if x.IsZero() {
				row[i] = nil
			} else {
				row[i] = excelize.Cell{StyleID: tw.st.date, Value: x.Time()}
			}
		case Text:
			row[i] = excelize.Cell{StyleID: tw.st.text, Value: string(x)}
		default:
			row[i] = v
		}
	}
	tw.rows++
	cell, _ := excelize.CoordinatesToCellName(1, tw.top+tw.rows+1)
	if err := tw.sw.SetRow(cell, row); err != nil {
		return fmt.Errorf("report: table row %d: %w", tw.top+tw.rows+1, err)
	}
	return nil
}

// WriteTo finishes the sheet and writes the workbook to w.
func (tw *TableWriter) WriteTo(w io.Writer) (int64, error) {
	if err := tw.sw.Flush(); err != nil {
		return 0, fmt.Errorf("report: table: %w", err)
	}
	n, err := tw.f.WriteTo(w)
	if err != nil {
		return n, fmt.Errorf("report: table: %w", err)
	}
	return n, nil
}

// Close frees the workbook and its temporary files.
func (tw *TableWriter) Close() error { return tw.f.Close() }
