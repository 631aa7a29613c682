package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/xuri/excelize/v2"
)

// The book corner's catalogue as a sheet: the export writes these columns
// under one row of headings, and the import reads a sheet with the same
// headings (Chinese or English), so an exported catalogue imports again.

// MaxBookRows is the most data rows one catalogue sheet may hold.
const MaxBookRows = 2000

// CodeNoBookHeader is the sheet problem of a file without a row of
// headings naming the ISBN column.
const CodeNoBookHeader = "book.no_header"

// BookColumns are the catalogue's columns: the field, and its headings
// in Chinese and English.
var BookColumns = []struct {
	Field  string
	Zh, En string
}{
	{"isbn", "ISBN", "ISBN"}, {"title", "书名", "Title"}, {"author", "作者", "Author"},
	{"publisher", "出版社", "Publisher"}, {"year", "出版年", "Year"}, {"tags", "标签", "Tags"},
	{"copies", "册数", "Copies"},
}

// BookSheet is a read catalogue sheet: its rows, or the problems of the
// file as a whole.
type BookSheet struct {
	Rows     []huoshui.BookRow
	Problems []huoshui.FieldError
}

// ParseBooks reads a catalogue workbook: the first sheet with a row of
// headings naming ISBN among its first lines; each row after it is a
// book. A row's problems (a bad ISBN, no title) are its own; nothing is
// checked against the shelf here.
func ParseBooks(r io.Reader) (sh *BookSheet, err error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("report: read books: %w", err)
	}
	defer func() {
		if v := recover(); v != nil {
			sh, err = nil, fmt.Errorf("%w: %v", ErrNotSpreadsheet, v)
		}
	}()
	f, err := openSheets(data, sheetOptions(true))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	for _, name := range f.GetSheetList() {
		sh, found, err := parseBookSheet(f, name)
		if err != nil {
			return nil, err
		}
		if found {
			return sh, nil
		}
	}
	return &BookSheet{Problems: []huoshui.FieldError{{Field: "file", Code: CodeNoBookHeader}}}, nil
}

func parseBookSheet(f *excelize.File, sheet string) (*BookSheet, bool, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
	}
	defer rows.Close()
	var at map[string]int // field → cell index
	sh := &BookSheet{}
	line := 0
	for rows.Next() {
		line++
		if line > maxSheetLines {
			return nil, false, ErrTooManyRows
		}
		cells, err := rows.Columns()
		if err != nil {
			return nil, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
		}
		if at == nil {
			if line > headerScan {
				return nil, false, nil
			}
			at = bookHeader(cells)
			continue
		}
		cell := func(field string) string {
			i, ok := at[field]
			if !ok || i >= len(cells) {
				return ""
			}
			return strings.TrimSpace(clip(cells[i]))
		}
		empty := true
		for _, c := range cells {
			if strings.TrimSpace(c) != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		if len(sh.Rows) >= MaxBookRows {
			return nil, false, ErrTooManyRows
		}
		sh.Rows = append(sh.Rows, parseBookRow(line, cell))
	}
	if err := rows.Error(); err != nil {
		return nil, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
	}
	return sh, at != nil, nil
}

// bookHeader maps the columns of a row of headings, nil when it names no
// ISBN column.
func bookHeader(cells []string) map[string]int {
	at := map[string]int{}
	for i, c := range cells {
		h := strings.ToLower(strings.TrimSpace(huoshui.FoldWidth(c)))
		for _, col := range BookColumns {
			if h == strings.ToLower(col.Zh) || h == strings.ToLower(col.En) {
				if _, ok := at[col.Field]; !ok {
					at[col.Field] = i
				}
			}
		}
	}
	if _, ok := at["isbn"]; !ok {
		return nil
	}
	return at
}

func parseBookRow(line int, cell func(string) string) huoshui.BookRow {
	row := huoshui.BookRow{Line: line, Copies: 1}
	b := &row.Book
	b.ISBN, b.Title, b.Author, b.Publisher = cell("isbn"), cell("title"), cell("author"), cell("publisher")
	if t := cell("tags"); t != "" {
		b.Tags = []string{t}
	}
	if y := huoshui.FoldWidth(cell("year")); y != "" {
		n, err := strconv.Atoi(strings.TrimSuffix(y, "年"))
		if err != nil {
			row.Problems = append(row.Problems, huoshui.FieldError{Field: "year", Code: "book.year_range"})
		}
		b.Year = n
	}
	if c := huoshui.FoldWidth(cell("copies")); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < 0 || n > 50 {
			row.Problems = append(row.Problems, huoshui.FieldError{Field: "copies", Code: "book.copies_range", Args: map[string]any{"Max": 50}})
		}
		row.Copies = n
	}
	b.OrgID = -1 // Validate asks for an org; the import sets the real one
	if err := b.Validate(); err != nil {
		if v, ok := err.(*huoshui.ValidationError); ok {
			row.Problems = append(row.Problems, v.Fields...)
		}
	}
	b.OrgID = 0
	return row
}
