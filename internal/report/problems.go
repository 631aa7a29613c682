package report

import (
	"bytes"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// WriteProblems writes back the workbook an import was read from with a
// problems column (heading header) after its last column: beside each
// data row (by its line, as Excel numbers it) the problems of that row,
// problems[line]; firstLine is the sheet's first data row, the heading
// going on the nearest row above it that has cells. The sheet is the first
// visible one whose rows reach every line with a problem. When original is
// not an .xlsx workbook (none was kept, or it was a .csv) or has no such
// sheet, it writes fallback instead, the problems in a last column of its
// rows (fallback's rows in line order, lines[i] the line of row i).
func WriteProblems(w io.Writer, original []byte, header string, firstLine int, problems map[int]string, fallback Table, lines []int) error {
	if f, err := excelize.OpenReader(bytes.NewReader(original)); err == nil {
		defer f.Close()
		if ok, err := markProblems(f, header, firstLine, problems); err != nil {
			return err
		} else if ok {
			_, err := f.WriteTo(w)
			return err
		}
	}
	fallback.Columns = append(fallback.Columns, TableColumn{Header: header, Width: 50})
	for i := range fallback.Rows {
		says := ""
		if i < len(lines) {
			says = problems[lines[i]]
		}
		fallback.Rows[i] = append(fallback.Rows[i], says)
	}
	return WriteTable(w, fallback)
}

// markProblems adds the problems column to the first sheet of f that
// holds every line of problems, and reports whether one did.
func markProblems(f *excelize.File, header string, firstLine int, problems map[int]string) (bool, error) {
	for i, sheet := range f.GetSheetList() {
		if visible, err := f.GetSheetVisible(sheet); err != nil || !visible {
			continue
		}
		rows, err := f.GetRows(sheet)
		if err != nil {
			continue
		}
		filled := func(line int) int {
			if line < 1 || line > len(rows) {
				return 0
			}
			n := 0
			for _, c := range rows[line-1] {
				if strings.TrimSpace(c) != "" {
					n++
				}
			}
			return n
		}
		fits := true
		for line := range problems {
			if filled(line) == 0 {
				fits = false
				break
			}
		}
		if !fits {
			continue
		}
		width := 0
		for _, r := range rows {
			width = max(width, len(r))
		}
		col, err := excelize.ColumnNumberToName(width + 1)
		if err != nil {
			return false, err
		}
		headStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "9C0006"},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
		if err != nil {
			return false, err
		}
		cellStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006"},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
		if err != nil {
			return false, err
		}
		for line := firstLine - 1; line >= 1; line-- {
			if filled(line) > 0 {
				cell := col + strconv.Itoa(line)
				if err := f.SetCellStr(sheet, cell, header); err != nil {
					return false, err
				}
				if err := f.SetCellStyle(sheet, cell, cell, headStyle); err != nil {
					return false, err
				}
				break
			}
		}
		for line, says := range problems {
			cell := col + strconv.Itoa(line)
			if err := f.SetCellStr(sheet, cell, says); err != nil {
				return false, err
			}
			if err := f.SetCellStyle(sheet, cell, cell, cellStyle); err != nil {
				return false, err
			}
		}
		if err := f.SetColWidth(sheet, col, col, 50); err != nil {
			return false, err
		}
		f.SetActiveSheet(i)
		return true, nil
	}
	return false, nil
}
