package report

import (
	"fmt"
	"io"
	"strings"
	"time"

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

// TableColumn is one column's heading and width (in characters), and
// the format of its cells.
type TableColumn struct {
	Header string
	Width  float64
	// Format, when set, is the whole column's: a value typed into an
	// empty cell of a text column stays text (an ID number, a phone),
	// one of a date column reads as a date.
	Format ColumnFormat
}

// ColumnFormat is the number format of a column.
type ColumnFormat int

// The formats a column may have.
const (
	FormatGeneral  ColumnFormat = iota
	FormatText                  // '@': what is typed stays text
	FormatDate                  // yyyy-mm-dd
	FormatDateTime              // yyyy-mm-dd hh:mm
)

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
	rows int // rows written, the heading and a title included
	head int // the heading's row, counted from 1
	cols int // columns
}

// NewTableWriter starts a sheet with its heading row.
func NewTableWriter(sheet string, columns []TableColumn) (*TableWriter, error) {
	return NewTitledTableWriter(sheet, "", columns)
}

// NewTitledTableWriter starts a sheet with a title row (bold, across the
// columns) above its heading row, which stays frozen at the top; an empty
// title leaves the row out. A printed ledger says whose it is.
func NewTitledTableWriter(sheet, title string, columns []TableColumn) (*TableWriter, error) {
	return newTableWriter(sheet, title, columns, false)
}

// NewPrintTableWriter starts a sheet as NewTitledTableWriter does, to be
// finished with WriteLandscapeTo or WritePrintableTo: fitted to the
// page's width when printed. (The sheet's fit-to-page switch is written
// when the stream starts, so it is set here.)
func NewPrintTableWriter(sheet, title string, columns []TableColumn) (*TableWriter, error) {
	return newTableWriter(sheet, title, columns, true)
}

func newTableWriter(sheet, title string, columns []TableColumn, fit bool) (*TableWriter, error) {
	tw := &TableWriter{f: excelize.NewFile()}
	if err := tw.start(sheet, title, columns, fit); err != nil {
		tw.f.Close()
		return nil, fmt.Errorf("report: table: %w", err)
	}
	return tw, nil
}

func (tw *TableWriter) start(sheet, title string, columns []TableColumn, fit bool) error {
	var err error
	if tw.st, err = newStyles(tw.f); err != nil {
		return err
	}
	if err := tw.f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if fit {
		if err := tw.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
			return err
		}
	}
	if tw.sw, err = tw.f.NewStreamWriter(sheet); err != nil {
		return err
	}
	tw.cols = len(columns)
	for i, c := range columns {
		if err := tw.sw.SetColWidth(i+1, i+1, max(c.Width, 6)); err != nil {
			return err
		}
		if style := tw.formatStyle(c.Format); style != 0 {
			if err := tw.sw.SetColStyle(i+1, i+1, style); err != nil {
				return err
			}
		}
	}
	panes := freezeHeader()
	if title != "" {
		panes = freezeBelow(2)
	}
	if err := tw.sw.SetPanes(panes); err != nil {
		return err
	}
	if title != "" {
		if err := tw.sw.SetRow("A1", []any{excelize.Cell{StyleID: tw.st.title, Value: title}}, excelize.RowOpts{Height: 26}); err != nil {
			return err
		}
		if len(columns) > 1 {
			last, _ := excelize.CoordinatesToCellName(len(columns), 1)
			if err := tw.sw.MergeCell("A1", last); err != nil {
				return err
			}
		}
		tw.rows++
	}
	head := make([]any, len(columns))
	for i, c := range columns {
		head[i] = excelize.Cell{StyleID: tw.st.header, Value: c.Header}
	}
	cell, _ := excelize.CoordinatesToCellName(1, tw.rows+1)
	tw.rows++
	tw.head = tw.rows
	return tw.sw.SetRow(cell, head, excelize.RowOpts{Height: 22})
}

// formatStyle is the style of a column format, or 0 for none.
func (tw *TableWriter) formatStyle(f ColumnFormat) int {
	switch f {
	case FormatText:
		return tw.st.text
	case FormatDate:
		return tw.st.date
	case FormatDateTime:
		return tw.st.datetime
	}
	return 0
}

// Text is a cell kept as text whatever it looks like (an ID number or a
// phone stays "0531…", never a number in E notation).
type Text string

// DateTime is a cell of a date and a time of day, written as its clock
// shows it (convert it to the reader's time zone first); a zero one stays
// empty.
type DateTime time.Time

// Add writes the next row. A huoshui.Date becomes a date cell (a zero one
// stays empty), a DateTime a date and time cell, a Text a text cell; an
// empty string leaves the cell empty, and text of several lines is
// wrapped. Anything else goes as it is.
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
		case DateTime:
			t := time.Time(x)
			if t.IsZero() {
				row[i] = nil
			} else {
				wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
				row[i] = excelize.Cell{StyleID: tw.st.datetime, Value: wall}
			}
		case Text:
			if x == "" {
				row[i] = nil
			} else {
				row[i] = excelize.Cell{StyleID: tw.st.text, Value: string(x)}
			}
		case string:
			switch {
			case x == "":
				row[i] = nil
			case strings.Contains(x, "\n"):
				row[i] = excelize.Cell{StyleID: tw.st.wrap, Value: x}
			default:
				row[i] = x
			}
		default:
			row[i] = v
		}
	}
	tw.rows++
	cell, _ := excelize.CoordinatesToCellName(1, tw.rows)
	if err := tw.sw.SetRow(cell, row); err != nil {
		return fmt.Errorf("report: table row %d: %w", tw.rows, err)
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
