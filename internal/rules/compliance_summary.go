package rules

import (
	"time"

	"github.com/huoshui/huoshui"
)

// ComplianceSummary is Summarise(Compliance(o, counts, year, now)), and
// whether there is any item, without making the items: a committee's
// roll-up counts how many of its 1,000 branches are behind, and needs no
// period labels or item lists for that.
func ComplianceSummary(o OrgLife, counts []Count, year int, now time.Time) (Summary, bool) {
	var s Summary
	reqs := Requirements(o)
	if len(reqs) == 0 {
		return s, false
	}
	today := Today(now)
	var held [13]int // of one type, by month
	any := false
	for _, r := range reqs {
		held = [13]int{}
		for _, c := range counts {
			if c.Type == r.Type && c.Year == year && c.N > 0 && c.Month >= time.January && c.Month <= time.December {
				held[c.Month] += c.N
			}
		}
		months := 12 // Yearly
		switch r.Every {
		case Monthly:
			months = 1
		case Quarterly:
			months = 3
		}
		for first := time.January; first <= time.December; first += time.Month(months) {
			it := Item{Required: r.Count, Start: huoshui.NewDate(year, first, 1), End: huoshui.NewDate(year, first+time.Month(months), 0)}
			if !o.Since.IsZero() && it.End.Before(o.Since) {
				continue
			}
			any = true
			for m := first; m < first+time.Month(months); m++ {
				it.Held += held[m]
			}
			switch st, _ := status(it, today); st {
			case StatusDone:
				s.Done++
			case StatusDue:
				s.Due++
			case StatusOverdue:
				s.Overdue++
			case StatusUpcoming:
				s.Upcoming++
			}
		}
	}
	return s, any
}
