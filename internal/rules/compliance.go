package rules

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/huoshui/huoshui"
)

// The compliance calendar: what the rules on organisational life require of
// an org in each month, quarter and year, what it held, and whether it is
// done, due, overdue or not yet begun. Every month, quarter and year is one
// of the party's calendar, in Asia/Shanghai time (huoshui.Shanghai).

// Period is how often a requirement falls due.
type Period string

const (
	Monthly   Period = "month"   // each calendar month
	Quarterly Period = "quarter" // January–March, April–June, July–September, October–December
	Yearly    Period = "year"    // each calendar year
)

// Requirement is one rule on organisational life: at least Count meetings
// that count as Type in every period Every.
type Requirement struct {
	Type  huoshui.MeetingType
	Every Period
	Count int
}

// OrgLife is what the calendar needs to know of an org.
type OrgLife struct {
	Kind huoshui.OrgKind
	// HasCommittee: the org has an elected committee (支委会 or 党委), which
	// must meet every month.
	HasCommittee bool
	// Since is the day the org was set up. Periods that ended before it are
	// not required of it; the period in which it falls is. Zero: no limit.
	Since huoshui.Date
}

// Count is how many meetings that count as Type started in one month, in
// Asia/Shanghai time. A meeting counts once for its own type and once for
// each type it also counts as (huoshui.Meeting.Counts).
type Count struct {
	Type  huoshui.MeetingType
	Year  int
	Month time.Month
	N     int
}

// Status is where an item of the calendar stands.
type Status string

const (
	StatusDone     Status = "done"     // enough held
	StatusDue      Status = "due"      // the period is under way, not enough held yet
	StatusOverdue  Status = "overdue"  // the period is over and not enough was held
	StatusUpcoming Status = "upcoming" // the period has not begun
)

// Item is one requirement in one period: "a theme day in 2026-11".
type Item struct {
	Type huoshui.MeetingType
	// Every is how often the requirement falls due; Period names the one
	// period: "2026-11", "2026-Q4" or "2026".
	Every  Period
	Period string
	// Start is the period's first day, End its last: the deadline.
	Start, End huoshui.Date
	Required   int
	Held       int
	Status     Status
	// DaysLeft, for a due item, is the number of days until End: 0 on the
	// last day itself.
	DaysLeft int
}

// Requirements lists what the rules on organisational life require of an
// org, in huoshui.MeetingTypes order:
//
//   - a 党支部 or 党总支: a general meeting of members (支部党员大会) once a
//     quarter; a committee meeting (支委会) once a month when it has an
//     elected committee; a party lecture (党课) once a quarter; a themed
//     party day (主题党日) once a month; an organisational life meeting
//     (组织生活会) and the appraisal of members (民主评议党员) once a year;
//     heart-to-heart talks (谈心谈话) at least once a year;
//   - a 党小组: a group meeting (党小组会) once a month;
//   - a 党委: a committee meeting once a month when it has an elected
//     committee.
//
// Any other kind requires nothing.
func Requirements(o OrgLife) []Requirement {
	var rs []Requirement
	switch o.Kind {
	case huoshui.OrgBranch, huoshui.OrgGeneralBranch:
		rs = append(rs, Requirement{huoshui.MeetingGeneral, Quarterly, 1})
		if o.HasCommittee {
			rs = append(rs, Requirement{huoshui.MeetingCommittee, Monthly, 1})
		}
		rs = append(rs,
			Requirement{huoshui.MeetingLecture, Quarterly, 1},
			Requirement{huoshui.MeetingThemeDay, Monthly, 1},
			Requirement{huoshui.MeetingReview, Yearly, 1},
			Requirement{huoshui.MeetingAppraisal, Yearly, 1},
			Requirement{huoshui.MeetingTalk, Yearly, 1},
		)
	case huoshui.OrgGroup:
		rs = append(rs, Requirement{huoshui.MeetingGroup, Monthly, 1})
	case huoshui.OrgCommittee:
		if o.HasCommittee {
			rs = append(rs, Requirement{huoshui.MeetingCommittee, Monthly, 1})
		}
	}
	return rs
}

// span is one period of a year.
type span struct {
	label      string
	start, end huoshui.Date
}

// spans lists the periods of a year for a requirement falling due every p,
// in order.
func spans(year int, p Period) []span {
	var out []span
	y := yearLabel(year)
	switch p {
	case Monthly:
		out = make([]span, 0, 12)
		for m := time.January; m <= time.December; m++ {
			out = append(out, span{y + "-" + twoDigits[m],
				huoshui.NewDate(year, m, 1), huoshui.NewDate(year, m+1, 0)})
		}
	case Quarterly:
		out = make([]span, 0, 4)
		for q := 1; q <= 4; q++ {
			first := time.Month(3*q - 2)
			out = append(out, span{y + "-Q" + twoDigits[q][1:],
				huoshui.NewDate(year, first, 1), huoshui.NewDate(year, first+3, 0)})
		}
	case Yearly:
		out = append(out, span{y,
			huoshui.NewDate(year, time.January, 1), huoshui.NewDate(year, time.December, 31)})
	}
	return out
}

// The labels of periods are made for every item of every node of a
// roll-up: plain concatenation, not fmt (a committee of 1,000 branches has
// some 40,000 items).
var twoDigits = [...]string{"00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"}

// yearLabel is the year in four digits, as %04d writes it.
func yearLabel(year int) string {
	if year >= 1000 && year <= 9999 {
		return strconv.Itoa(year)
	}
	return fmt.Sprintf("%04d", year)
}

// Today is the calendar date of now in Asia/Shanghai: the day every
// period is measured against.
func Today(now time.Time) huoshui.Date { return huoshui.DateOf(now.In(huoshui.Shanghai)) }

// MonthOf is the year and month in which an instant falls in Asia/Shanghai:
// a meeting that starts at 23:30 on 31 December in Shanghai counts in
// December, though it is still afternoon in UTC.
func MonthOf(t time.Time) (int, time.Month) {
	t = t.In(huoshui.Shanghai)
	return t.Year(), t.Month()
}

// CountMeetings sums meetings into the counts Compliance takes: each
// meeting once for every type it counts as, in the month (Asia/Shanghai)
// in which it started. The counts come out ordered by type
// (huoshui.MeetingTypes order), then year and month.
func CountMeetings(ms []huoshui.Meeting) []Count {
	type key struct {
		t huoshui.MeetingType
		y int
		m time.Month
	}
	n := map[key]int{}
	for i := range ms {
		y, m := MonthOf(ms[i].StartsAt)
		for _, t := range ms[i].Counts() {
			n[key{t, y, m}]++
		}
	}
	out := make([]Count, 0, len(n))
	for k, v := range n {
		out = append(out, Count{k.t, k.y, k.m, v})
	}
	slices.SortFunc(out, func(a, b Count) int {
		return cmp.Or(cmp.Compare(typeRank(a.Type), typeRank(b.Type)), cmp.Compare(a.Type, b.Type),
			cmp.Compare(a.Year, b.Year), cmp.Compare(a.Month, b.Month))
	})
	return out
}

// typeRank is a type's place in huoshui.MeetingTypes; unknown types last.
func typeRank(t huoshui.MeetingType) int {
	if i := slices.Index(huoshui.MeetingTypes, t); i >= 0 {
		return i
	}
	return len(huoshui.MeetingTypes)
}

// Compliance lays out, for the year, each period of each requirement of
// the org with the number of meetings held in it and its status on the
// day now falls on in Asia/Shanghai:
//
//   - done: at least as many held as required, whenever that was;
//   - upcoming: the period has not begun;
//   - due: the period is under way and not enough held yet; DaysLeft says
//     how many days remain until its last day (0 on the last day);
//   - overdue: the period is over and not enough was held.
//
// A meeting counts toward a quarter or a year whichever of its months it
// was held in. Periods that ended before the org was set up (OrgLife.Since)
// are left out; the period in which it was set up is its first. Counts of
// other years are ignored. Items come by type (huoshui.MeetingTypes order),
// then period.
func Compliance(o OrgLife, counts []Count, year int, now time.Time) []Item {
	today := Today(now)
	reqs := Requirements(o)
	if len(reqs) == 0 {
		return nil
	}
	// held[rank of the type][month]: a table, not a map, since a roll-up
	// runs this for every node of a committee.
	held := make([][13]int, len(huoshui.MeetingTypes)+1)
	for _, c := range counts {
		if c.Year == year && c.N > 0 && c.Month >= time.January && c.Month <= time.December {
			held[typeRank(c.Type)][c.Month] += c.N
		}
	}
	slices.SortStableFunc(reqs, func(a, b Requirement) int { return cmp.Compare(typeRank(a.Type), typeRank(b.Type)) })
	n := 0
	for _, r := range reqs {
		switch r.Every {
		case Monthly:
			n += 12
		case Quarterly:
			n += 4
		default:
			n++
		}
	}
	items := make([]Item, 0, n)
	for _, r := range reqs {
		row := &held[typeRank(r.Type)]
		for _, s := range spans(year, r.Every) {
			if !o.Since.IsZero() && s.end.Before(o.Since) {
				continue
			}
			it := Item{Type: r.Type, Every: r.Every, Period: s.label, Start: s.start, End: s.end, Required: r.Count}
			for m := s.start.Time().Month(); m <= s.end.Time().Month(); m++ {
				it.Held += row[m]
			}
			it.Status, it.DaysLeft = status(it, today)
			items = append(items, it)
		}
	}
	return items
}

// status is where an item stands on a day, and for a due item how many
// days are left.
func status(it Item, today huoshui.Date) (Status, int) {
	switch {
	case it.Held >= it.Required:
		return StatusDone, 0
	case today.Before(it.Start):
		return StatusUpcoming, 0
	case today.After(it.End):
		return StatusOverdue, 0
	}
	return StatusDue, today.DaysUntil(it.End)
}

// Behind lists the overdue items: periods that are over without enough
// meetings held.
func Behind(items []Item) []Item {
	var out []Item
	for _, it := range items {
		if it.Status == StatusOverdue {
			out = append(out, it)
		}
	}
	return out
}

// Summary counts items by status.
type Summary struct {
	Done, Due, Overdue, Upcoming int
}

// Summarise counts the items in each status.
func Summarise(items []Item) Summary {
	var s Summary
	for _, it := range items {
		switch it.Status {
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
	return s
}
