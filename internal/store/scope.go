package store

import (
	"strings"

	"github.com/huoshui/huoshui"
)

// addScope limits a query to what the reader's scope covers: rows whose
// org path (pathCol) lies in one of the scope's subtrees, or the reader's own
// member record (memberCol, when the table has one). An empty scope matches
// nothing, so a forgotten permission check shows nothing rather than all.
func (w *where) addScope(s huoshui.Scope, pathCol, memberCol string) {
	if s.All {
		return
	}
	var ors []string
	for _, p := range s.Paths {
		lo, hi := subtreeRange(p)
		ors = append(ors, "("+pathCol+" >= "+w.arg(lo)+" AND "+pathCol+" < "+w.arg(hi)+")")
	}
	if s.MemberID != 0 && memberCol != "" {
		ors = append(ors, memberCol+" = "+w.arg(s.MemberID))
	}
	if len(ors) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	w.conds = append(w.conds, "("+strings.Join(ors, " OR ")+")")
}
