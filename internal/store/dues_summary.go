package store

import (
	"context"
	"fmt"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
)

// DuesTotals sums the dues of one node's subtree for a month: the members
// who owe dues, what is due and what was collected, and how many owe
// arrears — counts only, never names.
type DuesTotals struct {
	Members   int
	Due       int64
	Collected int64
	Payments  int
	InArrears int // members with at least one unpaid month
	Warned    int // members 3 or more months in a row unpaid
}

// DuesRollup sums the dues of each node in nodes, all within root's
// subtree (a node stands for its own subtree), for month with arrears up
// to through: due and arrears from one read of the subtree's members,
// collected from the kept totals of dues_org_months. root must lie in
// scope; a node outside it counts nothing.
func (s *Store) DuesRollup(ctx context.Context, scope huoshui.Scope, root *huoshui.Org, nodes []*huoshui.Org, month, through huoshui.YearMonth) (map[int64]DuesTotals, error) {
	out := make(map[int64]DuesTotals, len(nodes))
	owner := func(path string) int64 {
		for _, n := range nodes {
			if huoshui.PathWithin(path, n.Path) {
				return n.ID
			}
		}
		return 0
	}
	w := &where{}
	w.arg(duesIndex(month))
	w.arg(duesIndex(through))
	lo, hi := subtreeRange(root.Path)
	w.add("o.path >= ? AND o.path < ?", lo, hi)
	w.addScope(scope, "o.path", "")
	lines, err := s.duesLines(ctx, w, "")
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		id := owner(l.OrgPath)
		if id == 0 {
			continue
		}
		t := out[id]
		t.Members++
		t.Due += l.Due
		if l.Unpaid > 0 {
			t.InArrears++
		}
		if l.Run >= rules.ArrearsWarnMonths {
			t.Warned++
		}
		out[id] = t
	}
	cw := &where{}
	cw.add("d.month = ?", duesIndex(month))
	cw.add("o.path >= ? AND o.path < ?", lo, hi)
	cw.addScope(scope, "o.path", "")
	rows, err := s.r.QueryContext(ctx, `SELECT o.path, d.paid_fen, d.payments FROM dues_org_months d JOIN orgs o ON o.id = d.org_id`+cw.String(), cw.args...)
	if err != nil {
		return nil, fmt.Errorf("store: dues roll-up: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var path string
		var fen int64
		var n int
		if err := rows.Scan(&path, &fen, &n); err != nil {
			return nil, fmt.Errorf("store: scan dues roll-up: %w", err)
		}
		if id := owner(path); id != 0 {
			t := out[id]
			t.Collected += fen
			t.Payments += n
			out[id] = t
		}
	}
	return out, rows.Err()
}

// DuesCollected is what the branches of the subtree at orgPath collected
// for the months from from's to to's, both included, as the statistics
// return reports it: a sum of the kept month totals, within scope.
func (s *Store) DuesCollected(ctx context.Context, scope huoshui.Scope, orgPath string, from, to huoshui.Date) (int64, error) {
	w := &where{}
	lo, hi := subtreeRange(orgPath)
	w.add("o.path >= ? AND o.path < ?", lo, hi)
	w.add("d.month >= ? AND d.month <= ?", duesIndex(huoshui.MonthOf(from)), duesIndex(huoshui.MonthOf(to)))
	w.addScope(scope, "o.path", "")
	var fen int64
	if err := s.r.QueryRowContext(ctx, `SELECT COALESCE(SUM(d.paid_fen), 0) FROM dues_org_months d JOIN orgs o ON o.id = d.org_id`+w.String(),
		w.args...).Scan(&fen); err != nil {
		return 0, fmt.Errorf("store: dues collected under %s: %w", orgPath, err)
	}
	return fen, nil
}

// DuesYearLine is one member's year in the branch's summary: each
// month's dues and payment (0: unpaid), and the year's totals.
type DuesYearLine struct {
	MemberID  int64
	Name      string
	Due       [12]int64
	HasDue    [12]bool
	Paid      [12]int64
	DueTotal  int64
	PaidTotal int64
	Unpaid    int // months of the year, up to through, with dues and no payment
}

// FindDuesYear is the year's summary of branch orgID: a line per full or
// probationary member, by name, with each month's dues from the salary
// that applies then; months after through are shown but not counted as
// unpaid. Three reads: the members, their salaries, the year's payments.
func (s *Store) FindDuesYear(ctx context.Context, scope huoshui.Scope, orgID int64, year int, through huoshui.YearMonth) ([]*DuesYearLine, error) {
	w := &where{}
	w.add("m.org_id = ?", orgID)
	w.add("m.archived_at IS NULL")
	w.add("m.status IN ('probationary', 'full')")
	w.addScope(scope, "o.path", "m.id")
	members := ` FROM members m JOIN orgs o ON o.id = m.org_id` + w.String()
	rows, err := s.r.QueryContext(ctx, `SELECT m.id, m.name`+members+` ORDER BY m.name, m.id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: dues year: %w", err)
	}
	var out []*DuesYearLine
	byID := map[int64]*DuesYearLine{}
	for rows.Next() {
		l := &DuesYearLine{}
		if err := rows.Scan(&l.MemberID, &l.Name); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan dues year: %w", err)
		}
		out = append(out, l)
		byID[l.MemberID] = l
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	salaries := map[int64][]huoshui.Salary{}
	rows, err = s.r.QueryContext(ctx, `SELECT x.id, x.member_id, x.from_month, x.kind, x.income_fen FROM dues_salaries x
		WHERE x.member_id IN (SELECT m.id`+members+`)`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: dues year salaries: %w", err)
	}
	for rows.Next() {
		var x huoshui.Salary
		var from int
		if err := rows.Scan(&x.ID, &x.MemberID, &from, &x.Kind, &x.IncomeFen); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan salary: %w", err)
		}
		x.From, x.Seq = duesMonth(from), x.ID
		salaries[x.MemberID] = append(salaries[x.MemberID], x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	jan := huoshui.YearMonth{Year: year, Month: 1}
	pw := &where{args: append([]any(nil), w.args...)}
	q := `SELECT p.member_id, p.month, p.amount_fen FROM dues_payments p WHERE p.member_id IN (SELECT m.id` + members +
		`) AND p.month >= ` + pw.arg(duesIndex(jan)) + ` AND p.month <= ` + pw.arg(duesIndex(jan.Add(11)))
	rows, err = s.r.QueryContext(ctx, q, pw.args...)
	if err != nil {
		return nil, fmt.Errorf("store: dues year payments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, fen int64
		var month int
		if err := rows.Scan(&id, &month, &fen); err != nil {
			return nil, fmt.Errorf("store: scan dues payment: %w", err)
		}
		if l := byID[id]; l != nil {
			l.Paid[duesMonth(month).Sub(jan)] = fen
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, l := range out {
		for i := range 12 {
			m := jan.Add(i)
			if due, ok, err := rules.DefaultDuesPolicy.DuesFor(salaries[l.MemberID], m); ok && err == nil {
				l.Due[i], l.HasDue[i] = due, true
				if !m.After(through) {
					l.DueTotal += due
					if l.Paid[i] == 0 {
						l.Unpaid++
					}
				}
			}
			l.PaidTotal += l.Paid[i]
		}
	}
	return out, nil
}
