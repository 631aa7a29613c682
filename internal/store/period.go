package store

import "github.com/huoshui/huoshui"

// A period a summary is asked for — a calendar year, or any from/to —
// is read from the monthly summaries for its whole months and from the
// records for the parts of months it cuts at either end, which are a
// month's at most at each end.

// period is a period split into whole months (first to last, each the
// first day of its month; none when first is after last) and the cut
// parts at either end, each a [from, to] pair of days.
type period struct {
	first, last huoshui.Date
	edges       [][2]huoshui.Date
}

// splitPeriod splits [from, to] (both included, from not after to).
func splitPeriod(from, to huoshui.Date) period {
	first := monthStart(from)
	if !first.Equal(from) {
		first = first.AddDate(0, 1, 0)
	}
	last := monthStart(to)
	if !to.Equal(last.AddDate(0, 1, -1)) {
		last = last.AddDate(0, -1, 0)
	}
	p := period{first: first, last: last}
	if first.After(last) {
		// No whole month: the period lies in one month or across two.
		if monthStart(from).Equal(monthStart(to)) {
			p.edges = append(p.edges, [2]huoshui.Date{from, to})
		} else {
			p.edges = append(p.edges, [2]huoshui.Date{from, monthStart(to).AddDate(0, 0, -1)}, [2]huoshui.Date{monthStart(to), to})
		}
		return p
	}
	if from.Before(first) {
		p.edges = append(p.edges, [2]huoshui.Date{from, first.AddDate(0, 0, -1)})
	}
	if end := last.AddDate(0, 1, 0); !end.After(to) {
		p.edges = append(p.edges, [2]huoshui.Date{end, to})
	}
	return p
}

// hasMonths reports whether the period holds a whole month.
func (p period) hasMonths() bool { return !p.first.After(p.last) }

// monthStart is the first day of d's month.
func monthStart(d huoshui.Date) huoshui.Date {
	return huoshui.NewDate(d.Year(), d.Time().Month(), 1)
}
