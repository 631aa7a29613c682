package rules

import (
	"testing"

	"github.com/huoshui/huoshui"
)

// The 2018 opinion on the terms of basic-level organisations: a 基层党委
// serves five years, a 党总支 or 支部 committee three, and five in villages
// and communities.
func TestCommitteeTermYears(t *testing.T) {
	t.Parallel()
	cases := []struct {
		kind      huoshui.OrgKind
		community bool
		want      int
	}{
		{huoshui.OrgCommittee, false, 5},
		{huoshui.OrgCommittee, true, 5},
		{huoshui.OrgGeneralBranch, false, 3},
		{huoshui.OrgGeneralBranch, true, 5},
		{huoshui.OrgBranch, false, 3},
		{huoshui.OrgBranch, true, 5},
		{huoshui.OrgGroup, false, 0},
		{huoshui.OrgGroup, true, 0},
	}
	for _, c := range cases {
		if got := CommitteeTermYears(c.kind, c.community); got != c.want {
			t.Errorf("CommitteeTermYears(%s, village or community %v) = %d, want %d", c.kind, c.community, got, c.want)
		}
	}
}

// A 党委 elected four years ago with the term the rules give is within its
// term: no warning; a branch committee elected four years ago is overdue.
func TestTermEndsWarnings(t *testing.T) {
	t.Parallel()
	today := huoshui.NewDate(2026, 11, 24)
	elected := huoshui.NewDate(2022, 11, 1)
	cases := []struct {
		name string
		kind huoshui.OrgKind
		ends huoshui.Date
		want string
	}{
		{"党委 elected four years ago", huoshui.OrgCommittee, huoshui.NewDate(2027, 11, 1), ""},
		{"党总支 elected four years ago", huoshui.OrgGeneralBranch, huoshui.NewDate(2025, 11, 1), "org.term_ended"},
		{"支部 elected four years ago", huoshui.OrgBranch, huoshui.NewDate(2025, 11, 1), "org.term_ended"},
	}
	for _, c := range cases {
		ends := TermEnds(c.kind, false, elected)
		if !ends.Equal(c.ends) {
			t.Errorf("%s: term ends %s, want %s", c.name, ends, c.ends)
		}
		o := huoshui.Org{Kind: c.kind, FullCount: 9, CommitteeElectedOn: elected, CommitteeTermEnds: ends}
		var got string
		for _, w := range OrgWarnings(&o, today) {
			got += w.Code
		}
		if got != c.want {
			t.Errorf("%s: warnings %q, want %q", c.name, got, c.want)
		}
	}
	if !TermEnds(huoshui.OrgBranch, false, huoshui.Date{}).IsZero() {
		t.Errorf("no election, yet a term end")
	}
}
