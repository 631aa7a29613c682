package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
)

// The parts of an org's summary (huoshui.Summary) that come from
// organisational life: the theme days held, read from the counts of held
// meetings by year and type (meeting_year.go) that move with every write
// of a meeting.

// ThemeDays counts the theme days held from from to to (both included)
// by org alone or, with subtree, by every org of its subtree: a meeting
// counted also as a theme day counts. Whole months come from
// meeting_year_counts, the cut months at either end from the meetings.
func (s *Store) ThemeDays(ctx context.Context, org *huoshui.Org, subtree bool, from, to huoshui.Date) (int, error) {
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return 0, nil
	}
	p := splitPeriod(from, to)
	n := 0
	if p.hasMonths() {
		byOrg, err := s.themeDayMonths(ctx, org, subtree, p.first, p.last)
		if err != nil {
			return 0, err
		}
		for _, k := range byOrg {
			n += k
		}
	}
	for _, e := range p.edges {
		k, err := s.themeDayRecords(ctx, org, subtree, e[0], e[1])
		if err != nil {
			return 0, err
		}
		n += k
	}
	return n, nil
}

// ThemeDaysByOrg counts a calendar year's theme days held by each org of
// root's subtree that held any: what a committee's roll-up is the sum of.
func (s *Store) ThemeDaysByOrg(ctx context.Context, root *huoshui.Org, year int) (map[int64]int, error) {
	return s.themeDayMonths(ctx, root, true, huoshui.NewDate(year, 1, 1), huoshui.NewDate(year, 12, 1))
}

// themeDayMonths sums the theme days of the whole months from the month
// of first to the month of last, by org.
func (s *Store) themeDayMonths(ctx context.Context, org *huoshui.Org, subtree bool, first, last huoshui.Date) (map[int64]int, error) {
	w := &where{}
	join := orgCondition(w, org, subtree, "c.org_id")
	w.add("c.type = ?", string(huoshui.MeetingThemeDay))
	w.add("c.year >= ? AND c.year <= ?", first.Year(), last.Year())
	rows, err := s.r.QueryContext(ctx, `SELECT c.org_id, c.year, `+strings.Join(monthColumns[:], ", ")+`
		FROM meeting_year_counts c`+join+w.String(), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: theme days: %w", err)
	}
	defer rows.Close()
	lo, hi := first.Year()*100+int(first.Time().Month()), last.Year()*100+int(last.Time().Month())
	out := map[int64]int{}
	var id int64
	var year int
	var n [12]int
	dest := []any{&id, &year}
	for i := range n {
		dest = append(dest, &n[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("store: theme days: %w", err)
		}
		for m, k := range n {
			if ym := year*100 + m + 1; k != 0 && ym >= lo && ym <= hi {
				out[id] += k
			}
		}
	}
	return out, rows.Err()
}

// themeDayRecords counts the theme days held from from to to (a month or
// part of one) from the meetings: not cancelled, someone present, begun
// on one of those days in Asia/Shanghai.
func (s *Store) themeDayRecords(ctx context.Context, org *huoshui.Org, subtree bool, from, to huoshui.Date) (int, error) {
	w := &where{}
	join := orgCondition(w, org, subtree, "mt.org_id")
	start := time.Date(from.Year(), from.Time().Month(), from.Time().Day(), 0, 0, 0, 0, huoshui.Shanghai)
	end := time.Date(to.Year(), to.Time().Month(), to.Time().Day(), 0, 0, 0, 0, huoshui.Shanghai).AddDate(0, 0, 1)
	w.add("mt.starts_at >= ? AND mt.starts_at < ?", start.UTC(), end.UTC())
	w.add("mt.cancelled_at IS NULL AND mt.present > 0")
	t := string(huoshui.MeetingThemeDay)
	w.add("(mt.type = ? OR (',' || mt.also_counts || ',') LIKE ?)", t, "%,"+t+",%")
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM meetings mt`+join+w.String(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: theme days: %w", err)
	}
	return n, nil
}
