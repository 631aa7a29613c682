package rules

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
)

// sh is a wall-clock time in Shanghai.
func sh(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, huoshui.Shanghai)
}

func utc(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, time.UTC)
}

func date(y int, m time.Month, d int) huoshui.Date { return huoshui.NewDate(y, m, d) }

// find returns the item of type t for period p, and whether there is one.
func find(items []Item, t huoshui.MeetingType, p string) (Item, bool) {
	for _, it := range items {
		if it.Type == t && it.Period == p {
			return it, true
		}
	}
	return Item{}, false
}

var (
	branch          = OrgLife{Kind: huoshui.OrgBranch}
	branchCommittee = OrgLife{Kind: huoshui.OrgBranch, HasCommittee: true}
)

func TestRequirements(t *testing.T) {
	t.Parallel()
	branchRules := func(committee bool) []string {
		out := []string{"general_meeting/quarter"}
		if committee {
			out = append(out, "committee_meeting/month")
		}
		return append(out, "lecture/quarter", "theme_day/month", "review_meeting/year",
			"member_appraisal/year", "talk/year")
	}
	cases := []struct {
		name string
		org  OrgLife
		want []string
	}{
		{"branch without a committee", OrgLife{Kind: huoshui.OrgBranch}, branchRules(false)},
		{"branch with a committee meets monthly", OrgLife{Kind: huoshui.OrgBranch, HasCommittee: true}, branchRules(true)},
		{"general branch as a branch", OrgLife{Kind: huoshui.OrgGeneralBranch, HasCommittee: true}, branchRules(true)},
		{"group meets monthly", OrgLife{Kind: huoshui.OrgGroup}, []string{"group_meeting/month"}},
		{"party committee", OrgLife{Kind: huoshui.OrgCommittee, HasCommittee: true}, []string{"committee_meeting/month"}},
		{"party committee not yet elected", OrgLife{Kind: huoshui.OrgCommittee}, nil},
		{"unknown kind", OrgLife{Kind: "club"}, nil},
	}
	for _, c := range cases {
		var got []string
		for _, r := range Requirements(c.org) {
			if r.Count != 1 {
				t.Errorf("%s: %s needs %d, want 1", c.name, r.Type, r.Count)
			}
			got = append(got, string(r.Type)+"/"+string(r.Every))
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestComplianceItem(t *testing.T) {
	t.Parallel()
	theme := huoshui.MeetingThemeDay
	general := huoshui.MeetingGeneral
	cases := []struct {
		name   string
		org    OrgLife
		counts []Count
		year   int
		now    time.Time
		typ    huoshui.MeetingType
		period string
		want   Item // Type, Period and Every are filled in from the case
	}{
		{"last minute of Q1 in Shanghai is still Q1", branch, nil, 2026, utc(2026, 3, 31, 15, 59), general, "2026-Q1",
			Item{Start: date(2026, 1, 1), End: date(2026, 3, 31), Required: 1, Status: StatusDue, DaysLeft: 0}},
		{"16:30 UTC on 31 March is April in Shanghai: Q1 over", branch, nil, 2026, utc(2026, 3, 31, 16, 30), general, "2026-Q1",
			Item{Start: date(2026, 1, 1), End: date(2026, 3, 31), Required: 1, Status: StatusOverdue}},
		{"and Q2 has begun", branch, nil, 2026, utc(2026, 3, 31, 16, 30), general, "2026-Q2",
			Item{Start: date(2026, 4, 1), End: date(2026, 6, 30), Required: 1, Status: StatusDue, DaysLeft: 90}},
		{"March theme day over at Shanghai midnight", branch, nil, 2026, utc(2026, 3, 31, 16, 30), theme, "2026-03",
			Item{Start: date(2026, 3, 1), End: date(2026, 3, 31), Required: 1, Status: StatusOverdue}},
		{"April theme day due on 1 April", branch, nil, 2026, utc(2026, 3, 31, 16, 30), theme, "2026-04",
			Item{Start: date(2026, 4, 1), End: date(2026, 4, 30), Required: 1, Status: StatusDue, DaysLeft: 29}},
		{"May not begun", branch, nil, 2026, utc(2026, 3, 31, 16, 30), theme, "2026-05",
			Item{Start: date(2026, 5, 1), End: date(2026, 5, 31), Required: 1, Status: StatusUpcoming}},
		{"February meeting counts for Q1", branch, []Count{{general, 2026, time.February, 1}}, 2026, sh(2026, 5, 1, 9, 0), general, "2026-Q1",
			Item{Start: date(2026, 1, 1), End: date(2026, 3, 31), Required: 1, Held: 1, Status: StatusDone}},
		{"March meeting counts for Q1", branch, []Count{{general, 2026, time.March, 1}}, 2026, sh(2026, 5, 1, 9, 0), general, "2026-Q1",
			Item{Start: date(2026, 1, 1), End: date(2026, 3, 31), Required: 1, Held: 1, Status: StatusDone}},
		{"April meeting does not count for Q1", branch, []Count{{general, 2026, time.April, 1}}, 2026, sh(2026, 5, 1, 9, 0), general, "2026-Q1",
			Item{Start: date(2026, 1, 1), End: date(2026, 3, 31), Required: 1, Status: StatusOverdue}},
		{"but for Q2", branch, []Count{{general, 2026, time.April, 1}}, 2026, sh(2026, 5, 1, 9, 0), general, "2026-Q2",
			Item{Start: date(2026, 4, 1), End: date(2026, 6, 30), Required: 1, Held: 1, Status: StatusDone}},
		{"every month of a quarter adds up", branch, []Count{{general, 2026, time.October, 1}, {general, 2026, time.December, 2}}, 2026, sh(2026, 12, 1, 9, 0), general, "2026-Q4",
			Item{Start: date(2026, 10, 1), End: date(2026, 12, 31), Required: 1, Held: 3, Status: StatusDone}},
		{"any month counts for the year", branch, []Count{{huoshui.MeetingTalk, 2026, time.November, 1}}, 2026, sh(2026, 12, 1, 9, 0), huoshui.MeetingTalk, "2026",
			Item{Start: date(2026, 1, 1), End: date(2026, 12, 31), Required: 1, Held: 1, Status: StatusDone}},
		{"another type does not count", branch, []Count{{huoshui.MeetingLecture, 2026, time.February, 1}}, 2026, sh(2026, 5, 1, 9, 0), general, "2026-Q1",
			Item{Start: date(2026, 1, 1), End: date(2026, 3, 31), Required: 1, Status: StatusOverdue}},
		{"last December does not count for this one", branch, []Count{{theme, 2025, time.December, 1}}, 2026, sh(2026, 12, 1, 9, 0), theme, "2026-12",
			Item{Start: date(2026, 12, 1), End: date(2026, 12, 31), Required: 1, Status: StatusDue, DaysLeft: 30}},
		{"a held month is done before it ends", branch, []Count{{theme, 2026, time.December, 1}}, 2026, sh(2026, 12, 1, 9, 0), theme, "2026-12",
			Item{Start: date(2026, 12, 1), End: date(2026, 12, 31), Required: 1, Held: 1, Status: StatusDone}},
		{"new year in Shanghai: last year's review overdue", branch, nil, 2026, utc(2026, 12, 31, 16, 0), huoshui.MeetingReview, "2026",
			Item{Start: date(2026, 1, 1), End: date(2026, 12, 31), Required: 1, Status: StatusOverdue}},
		{"same instant: last day of the year in UTC terms is not the deadline", branch, nil, 2026, utc(2026, 12, 31, 15, 59), huoshui.MeetingReview, "2026",
			Item{Start: date(2026, 1, 1), End: date(2026, 12, 31), Required: 1, Status: StatusDue, DaysLeft: 0}},
		{"new year in Shanghai: this year's review due", branch, nil, 2027, utc(2026, 12, 31, 16, 0), huoshui.MeetingReview, "2027",
			Item{Start: date(2027, 1, 1), End: date(2027, 12, 31), Required: 1, Status: StatusDue, DaysLeft: 364}},
		{"new year in Shanghai: January theme day due", branch, nil, 2027, utc(2026, 12, 31, 16, 0), theme, "2027-01",
			Item{Start: date(2027, 1, 1), End: date(2027, 1, 31), Required: 1, Status: StatusDue, DaysLeft: 30}},
		{"next year's not begun", branch, nil, 2027, sh(2026, 12, 31, 23, 0), huoshui.MeetingReview, "2027",
			Item{Start: date(2027, 1, 1), End: date(2027, 12, 31), Required: 1, Status: StatusUpcoming}},
		{"leap February ends on the 29th", branch, nil, 2028, sh(2028, 2, 28, 12, 0), theme, "2028-02",
			Item{Start: date(2028, 2, 1), End: date(2028, 2, 29), Required: 1, Status: StatusDue, DaysLeft: 1}},
		{"29 February is the last day", branch, nil, 2028, sh(2028, 2, 29, 23, 0), theme, "2028-02",
			Item{Start: date(2028, 2, 1), End: date(2028, 2, 29), Required: 1, Status: StatusDue, DaysLeft: 0}},
		{"1 March 2028 the leap February is over", branch, nil, 2028, sh(2028, 3, 1, 0, 10), theme, "2028-02",
			Item{Start: date(2028, 2, 1), End: date(2028, 2, 29), Required: 1, Status: StatusOverdue}},
		{"leap Q1 from 29 February", branch, nil, 2028, sh(2028, 2, 29, 8, 0), general, "2028-Q1",
			Item{Start: date(2028, 1, 1), End: date(2028, 3, 31), Required: 1, Status: StatusDue, DaysLeft: 31}},
		{"common February ends on the 28th", branch, nil, 2027, sh(2027, 2, 28, 8, 0), theme, "2027-02",
			Item{Start: date(2027, 2, 1), End: date(2027, 2, 28), Required: 1, Status: StatusDue, DaysLeft: 0}},
		{"set up mid-June: June is required", OrgLife{Kind: huoshui.OrgBranch, Since: date(2026, 6, 20)}, nil, 2026, sh(2026, 7, 2, 9, 0), theme, "2026-06",
			Item{Start: date(2026, 6, 1), End: date(2026, 6, 30), Required: 1, Status: StatusOverdue}},
		{"set up mid-June: Q2 is required", OrgLife{Kind: huoshui.OrgBranch, Since: date(2026, 6, 20)}, nil, 2026, sh(2026, 6, 21, 9, 0), general, "2026-Q2",
			Item{Start: date(2026, 4, 1), End: date(2026, 6, 30), Required: 1, Status: StatusDue, DaysLeft: 9}},
		{"group meeting", OrgLife{Kind: huoshui.OrgGroup}, []Count{{huoshui.MeetingGroup, 2026, time.July, 1}}, 2026, sh(2026, 7, 2, 9, 0), huoshui.MeetingGroup, "2026-07",
			Item{Start: date(2026, 7, 1), End: date(2026, 7, 31), Required: 1, Held: 1, Status: StatusDone}},
		{"party committee meeting", OrgLife{Kind: huoshui.OrgCommittee, HasCommittee: true}, nil, 2026, sh(2026, 7, 2, 9, 0), huoshui.MeetingCommittee, "2026-07",
			Item{Start: date(2026, 7, 1), End: date(2026, 7, 31), Required: 1, Status: StatusDue, DaysLeft: 29}},
	}
	for _, c := range cases {
		items := Compliance(c.org, c.counts, c.year, c.now)
		got, ok := find(items, c.typ, c.period)
		if !ok {
			t.Errorf("%s: no %s item for %s", c.name, c.typ, c.period)
			continue
		}
		want := c.want
		want.Type, want.Period, want.Every = c.typ, c.period, got.Every
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, got, want)
		}
	}
}

func TestComplianceLeavesOut(t *testing.T) {
	t.Parallel()
	now := sh(2026, 9, 1, 9, 0)
	cases := []struct {
		name string
		org  OrgLife
		year int
		typ  huoshui.MeetingType
		want []string
	}{
		{"months before the set-up month", OrgLife{Kind: huoshui.OrgBranch, Since: date(2026, 6, 20)}, 2026, huoshui.MeetingThemeDay,
			[]string{"2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"}},
		{"quarters before the set-up quarter", OrgLife{Kind: huoshui.OrgBranch, Since: date(2026, 6, 20)}, 2026, huoshui.MeetingGeneral,
			[]string{"2026-Q2", "2026-Q3", "2026-Q4"}},
		{"set up on the first day of a quarter", OrgLife{Kind: huoshui.OrgBranch, Since: date(2026, 7, 1)}, 2026, huoshui.MeetingGeneral,
			[]string{"2026-Q3", "2026-Q4"}},
		{"set up on the last day of a quarter", OrgLife{Kind: huoshui.OrgBranch, Since: date(2026, 6, 30)}, 2026, huoshui.MeetingGeneral,
			[]string{"2026-Q2", "2026-Q3", "2026-Q4"}},
		{"the year it was set up is required", OrgLife{Kind: huoshui.OrgBranch, Since: date(2026, 12, 31)}, 2026, huoshui.MeetingReview,
			[]string{"2026"}},
		{"nothing before it existed", OrgLife{Kind: huoshui.OrgBranch, Since: date(2027, 1, 5)}, 2026, huoshui.MeetingReview, nil},
		{"committee meetings only with a committee", OrgLife{Kind: huoshui.OrgBranch}, 2026, huoshui.MeetingCommittee, nil},
		{"no date: the whole year", OrgLife{Kind: huoshui.OrgBranch}, 2026, huoshui.MeetingLecture,
			[]string{"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"}},
	}
	for _, c := range cases {
		var got []string
		for _, it := range Compliance(c.org, nil, c.year, now) {
			if it.Type == c.typ {
				got = append(got, it.Period)
			}
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestComplianceOrder(t *testing.T) {
	t.Parallel()
	items := Compliance(branchCommittee, nil, 2026, sh(2026, 5, 10, 9, 0))
	if len(items) != 4+12+4+12+1+1+1 {
		t.Fatalf("got %d items, want 35", len(items))
	}
	var got []string
	for _, it := range items {
		if s := fmt.Sprint(it.Type); len(got) == 0 || got[len(got)-1] != s {
			got = append(got, s)
		}
	}
	want := []string{"general_meeting", "committee_meeting", "lecture", "theme_day", "review_meeting", "member_appraisal", "talk"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("types in order %v, want %v", got, want)
	}
	for i := 1; i < len(items); i++ {
		if items[i].Type == items[i-1].Type && !items[i-1].End.Before(items[i].Start) {
			t.Errorf("%s %s comes after %s", items[i].Type, items[i].Period, items[i-1].Period)
		}
	}
}

func TestCountMeetings(t *testing.T) {
	t.Parallel()
	meeting := func(typ huoshui.MeetingType, start time.Time, also ...huoshui.MeetingType) huoshui.Meeting {
		return huoshui.Meeting{Type: typ, StartsAt: start, EndsAt: start.Add(time.Hour), AlsoCounts: also}
	}
	cases := []struct {
		name string
		ms   []huoshui.Meeting
		want []Count
	}{
		{"23:30 on 31 December in Shanghai is December",
			[]huoshui.Meeting{meeting(huoshui.MeetingThemeDay, utc(2026, 12, 31, 15, 30))},
			[]Count{{huoshui.MeetingThemeDay, 2026, time.December, 1}}},
		{"00:30 on 1 January in Shanghai is January though UTC still says December",
			[]huoshui.Meeting{meeting(huoshui.MeetingThemeDay, utc(2026, 12, 31, 16, 30))},
			[]Count{{huoshui.MeetingThemeDay, 2027, time.January, 1}}},
		{"a theme day that is also the general meeting counts for both",
			[]huoshui.Meeting{meeting(huoshui.MeetingThemeDay, sh(2026, 5, 8, 9, 0), huoshui.MeetingGeneral)},
			[]Count{{huoshui.MeetingGeneral, 2026, time.May, 1}, {huoshui.MeetingThemeDay, 2026, time.May, 1}}},
		{"two in a month add up",
			[]huoshui.Meeting{meeting(huoshui.MeetingTalk, sh(2026, 5, 8, 9, 0)), meeting(huoshui.MeetingTalk, sh(2026, 5, 9, 9, 0))},
			[]Count{{huoshui.MeetingTalk, 2026, time.May, 2}}},
		{"none", nil, []Count{}},
	}
	for _, c := range cases {
		if got := CountMeetings(c.ms); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestComplianceFromMeetingAtYearEnd(t *testing.T) {
	t.Parallel()
	// Held at 23:30 on 31 December, Shanghai time; looked at on 2 January.
	counts := CountMeetings([]huoshui.Meeting{{Type: huoshui.MeetingThemeDay, StartsAt: sh(2026, 12, 31, 23, 30)}})
	items := Compliance(branch, counts, 2026, sh(2027, 1, 2, 9, 0))
	if it, _ := find(items, huoshui.MeetingThemeDay, "2026-12"); it.Status != StatusDone {
		t.Errorf("December theme day: %s, want done", it.Status)
	}
	items = Compliance(branch, counts, 2027, sh(2027, 1, 2, 9, 0))
	if it, _ := find(items, huoshui.MeetingThemeDay, "2027-01"); it.Status != StatusDue || it.Held != 0 {
		t.Errorf("January theme day: %s with %d held, want due with none", it.Status, it.Held)
	}
}

func TestSummariseAndBehind(t *testing.T) {
	t.Parallel()
	now := sh(2026, 5, 10, 9, 0)
	cases := []struct {
		name   string
		counts []Count
		want   Summary
		behind []string
	}{
		{"nothing held", nil,
			// general and lecture: Q1 overdue, Q2 due, Q3–Q4 upcoming;
			// theme days: January–April overdue, May due, June–December
			// upcoming; review, appraisal, talk due.
			Summary{Done: 0, Due: 6, Overdue: 6, Upcoming: 11},
			[]string{"general_meeting 2026-Q1", "lecture 2026-Q1", "theme_day 2026-01", "theme_day 2026-02", "theme_day 2026-03", "theme_day 2026-04"}},
		{"February theme day and a lecture in May",
			[]Count{{huoshui.MeetingThemeDay, 2026, time.February, 1}, {huoshui.MeetingLecture, 2026, time.May, 1}},
			Summary{Done: 2, Due: 5, Overdue: 5, Upcoming: 11},
			[]string{"general_meeting 2026-Q1", "lecture 2026-Q1", "theme_day 2026-01", "theme_day 2026-03", "theme_day 2026-04"}},
	}
	for _, c := range cases {
		items := Compliance(branch, c.counts, 2026, now)
		if got := Summarise(items); got != c.want {
			t.Errorf("%s: summary %+v, want %+v", c.name, got, c.want)
		}
		var behind []string
		for _, it := range Behind(items) {
			behind = append(behind, string(it.Type)+" "+it.Period)
		}
		if !reflect.DeepEqual(behind, c.behind) {
			t.Errorf("%s: behind %v, want %v", c.name, behind, c.behind)
		}
	}
}
