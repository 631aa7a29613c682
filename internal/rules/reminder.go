package rules

import (
	"cmp"
	"slices"
	"time"
)

// LeadDays is how many days before its deadline an unmet requirement is
// reminded of, by how often it falls due: a monthly one in its last week
// (7 days or fewer left), a quarterly one in its last two weeks (14), a
// yearly one in its last month (30).
var LeadDays = map[Period]int{
	Monthly:   7,
	Quarterly: 14,
	Yearly:    30,
}

// Reminders picks the items to remind an org of on the day now falls on
// in Asia/Shanghai: those whose period is under way, with not enough held
// yet, and at most LeadDays[Every] days left until the last day (0 on the
// last day itself). Reminders come before a deadline, never after it: an
// overdue item is not a reminder, nor is one whose period has not begun.
// The status and days left are worked out afresh for now, so items laid
// out on another day may be passed in. The soonest deadline comes first;
// items with the same deadline keep their order.
func Reminders(items []Item, now time.Time) []Item {
	today := Today(now)
	var out []Item
	for _, it := range items {
		st, left := status(it, today)
		lead, ok := LeadDays[it.Every]
		if st != StatusDue || !ok || left > lead {
			continue
		}
		it.Status, it.DaysLeft = st, left
		out = append(out, it)
	}
	slices.SortStableFunc(out, func(a, b Item) int { return cmp.Compare(a.DaysLeft, b.DaysLeft) })
	return out
}
