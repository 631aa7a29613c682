package web

import (
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
)

// maxNotedLines is how many hidden rows a note names one by one.
const maxNotedLines = 20

// sheetNotes are what a preview says about a staged sheet as a whole
// that is no problem of a row: which rows were hidden in the sheet (and
// read all the same). Rows that know no such thing say nothing.
func sheetNotes[R huoshui.SheetRow](s *Server, lang string, rows []R) []string {
	var lines []string
	n := 0
	for _, row := range rows {
		h, ok := any(row).(interface{ SheetHidden() bool })
		if !ok || !h.SheetHidden() {
			continue
		}
		if n++; n <= maxNotedLines {
			lines = append(lines, strconv.Itoa(row.SheetLine()))
		}
	}
	if n == 0 {
		return nil
	}
	list := strings.Join(lines, s.msgs.T(lang, "report.list_sep"))
	if n > maxNotedLines {
		list += "…"
	}
	return []string{s.msgs.T(lang, "import.hidden_rows", "Lines", list, "Count", n)}
}
