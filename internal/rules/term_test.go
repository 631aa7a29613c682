package rules

import (
	"testing"

	"github.com/huoshui/huoshui"
)

// Terms end on the anniversary of the election, a 29 February on the 28th.
func TestTermEndsAcrossLeapDays(t *testing.T) {
	t.Parallel()
	cases := []struct {
		kind    huoshui.OrgKind
		village bool
		elected huoshui.Date
		want    huoshui.Date
	}{
		{huoshui.OrgBranch, false, ymd(2023, 6, 30), ymd(2026, 6, 30)},
		{huoshui.OrgGeneralBranch, false, ymd(2023, 12, 31), ymd(2026, 12, 31)},
		{huoshui.OrgCommittee, false, ymd(2021, 1, 1), ymd(2026, 1, 1)},
		{huoshui.OrgBranch, true, ymd(2021, 3, 15), ymd(2026, 3, 15)},
		{huoshui.OrgBranch, false, ymd(2024, 2, 29), ymd(2027, 2, 28)},
		{huoshui.OrgCommittee, false, ymd(2024, 2, 29), ymd(2029, 2, 28)},
		{huoshui.OrgBranch, true, ymd(2024, 2, 29), ymd(2029, 2, 28)},
	}
	for _, c := range cases {
		if got := TermEnds(c.kind, c.village, c.elected); !got.Equal(c.want) {
			t.Errorf("%s (village %v) elected %s: ends %s, want %s", c.kind, c.village, c.elected, got, c.want)
		}
	}
}

// Reminders six and three months before the term ends, up to its last
// day, none before and none after.
func TestTermReminder(t *testing.T) {
	t.Parallel()
	ends := ymd(2026, 8, 31)
	cases := []struct {
		today huoshui.Date
		want  string
		days  int
	}{
		{ymd(2026, 2, 27), "", 0},
		{ymd(2026, 2, 28), "term.six_months", 184},
		{ymd(2026, 5, 30), "term.six_months", 93},
		{ymd(2026, 5, 31), "term.three_months", 92},
		{ymd(2026, 8, 31), "term.three_months", 0},
		{ymd(2026, 9, 1), "", 0},
	}
	for _, c := range cases {
		w, ok := TermReminder(ends, c.today)
		if w.Code != c.want || ok != (c.want != "") {
			t.Errorf("term ending %s, on %s: %q, want %q", ends, c.today, w.Code, c.want)
		}
		if ok && w.Args[3] != c.days {
			t.Errorf("term ending %s, on %s: %v days, want %d", ends, c.today, w.Args[3], c.days)
		}
	}
	if _, ok := TermReminder(huoshui.Date{}, ymd(2026, 1, 1)); ok {
		t.Error("a reminder with no term")
	}
	// Across a year end: a term ending 2027-01-15 is reminded from 2026-07-15.
	if w, _ := TermReminder(ymd(2027, 1, 15), ymd(2026, 7, 15)); w.Code != "term.six_months" {
		t.Errorf("2026-07-15 before a term ending 2027-01-15: %q", w.Code)
	}
	if w, _ := TermReminder(ymd(2027, 1, 15), ymd(2026, 7, 14)); w.Code != "" {
		t.Errorf("2026-07-14 before a term ending 2027-01-15: %q", w.Code)
	}
}

// Elections: on time in the term's last three months; early or late ones
// need approval; more than a year either way is marked.
func TestCheckElection(t *testing.T) {
	t.Parallel()
	ends := ymd(2026, 6, 30)
	cases := []struct {
		held     huoshui.Date
		approved bool
		timing   ElectionTiming
		warning  string
		want     string
	}{
		{ymd(2026, 3, 30), false, ElectionOnTime, "", ""},
		{ymd(2026, 6, 30), false, ElectionOnTime, "", ""},
		{ymd(2026, 3, 29), false, ElectionEarly, "", "term.early_needs_approval"},
		{ymd(2026, 3, 29), true, ElectionEarly, "", ""},
		{ymd(2026, 7, 1), false, ElectionLate, "", "term.late_needs_approval"},
		{ymd(2026, 7, 1), true, ElectionLate, "", ""},
		{ymd(2025, 6, 30), true, ElectionEarly, "", ""},
		{ymd(2025, 6, 29), true, ElectionEarly, "term.beyond_year", ""},
		{ymd(2027, 6, 30), true, ElectionLate, "", ""},
		{ymd(2027, 7, 1), true, ElectionLate, "term.beyond_year", ""},
	}
	for _, c := range cases {
		timing, ws, err := CheckElection(ends, c.held, c.approved)
		var w string
		for _, x := range ws {
			w += x.Code
		}
		if timing != c.timing || w != c.warning || ruleCode(t, err) != c.want {
			t.Errorf("held %s (approved %v): %s %q %v; want %s %q %q", c.held, c.approved, timing, w, err, c.timing, c.warning, c.want)
		}
	}
	if timing, _, err := CheckElection(huoshui.Date{}, ymd(2026, 1, 1), false); timing != ElectionOnTime || err != nil {
		t.Errorf("a first election: %s %v", timing, err)
	}
}

// A committee of 3 to 7, with one secretary.
func TestCheckCommittee(t *testing.T) {
	t.Parallel()
	sec, dep, mem := huoshui.PostSecretary, huoshui.PostDeputy, huoshui.PostCommitteeMember
	cases := []struct {
		posts []huoshui.CommitteePost
		want  string
	}{
		{[]huoshui.CommitteePost{sec, dep}, "term.committee_size"},
		{[]huoshui.CommitteePost{sec, dep, mem}, ""},
		{[]huoshui.CommitteePost{sec, dep, mem, mem, mem}, ""},
		{[]huoshui.CommitteePost{sec, dep, mem, mem, mem, mem, mem}, ""},
		{[]huoshui.CommitteePost{sec, dep, mem, mem, mem, mem, mem, mem}, "term.committee_size"},
		{[]huoshui.CommitteePost{dep, mem, mem}, "term.one_secretary"},
		{[]huoshui.CommitteePost{sec, sec, mem}, "term.one_secretary"},
	}
	for _, c := range cases {
		if got := ruleCode(t, CheckCommittee(c.posts)); got != c.want {
			t.Errorf("%v: %q, want %q", c.posts, got, c.want)
		}
	}
}
