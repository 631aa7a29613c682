package rules

import (
	"testing"

	"github.com/huoshui/huoshui"
)

func TestOrgWarnings(t *testing.T) {
	t.Parallel()
	today := huoshui.NewDate(2026, 11, 24)
	elected := huoshui.NewDate(2024, 1, 10)
	cases := []struct {
		name string
		org  huoshui.Org
		want []string
	}{
		{"small branch", huoshui.Org{Kind: huoshui.OrgBranch, FullCount: 2}, []string{"org.few_full_members"}},
		{"three full members is enough", huoshui.Org{Kind: huoshui.OrgBranch, FullCount: 3}, nil},
		{"six without committee is fine", huoshui.Org{Kind: huoshui.OrgBranch, FullCount: 6}, nil},
		{"seven without committee", huoshui.Org{Kind: huoshui.OrgBranch, FullCount: 7}, []string{"org.needs_committee"}},
		{"seven with committee", huoshui.Org{Kind: huoshui.OrgBranch, FullCount: 7, CommitteeElectedOn: elected,
			CommitteeTermEnds: huoshui.NewDate(2027, 6, 1)}, nil},
		{"term ends in 90 days", huoshui.Org{Kind: huoshui.OrgBranch, FullCount: 9, CommitteeElectedOn: elected,
			CommitteeTermEnds: today.AddDate(0, 0, 90)}, []string{"term.three_months"}},
		{"term ends in five months", huoshui.Org{Kind: huoshui.OrgBranch, FullCount: 9, CommitteeElectedOn: elected,
			CommitteeTermEnds: today.AddMonths(5)}, []string{"term.six_months"}},
		{"term ends in seven months", huoshui.Org{Kind: huoshui.OrgBranch, FullCount: 9, CommitteeElectedOn: elected,
			CommitteeTermEnds: today.AddMonths(7)}, nil},
		{"term ended", huoshui.Org{Kind: huoshui.OrgCommittee, CommitteeElectedOn: elected,
			CommitteeTermEnds: today.AddDate(0, 0, -1)}, []string{"org.term_ended"}},
		{"committees need no members", huoshui.Org{Kind: huoshui.OrgCommittee}, nil},
	}
	for _, c := range cases {
		var got []string
		for _, w := range OrgWarnings(&c.org, today) {
			got = append(got, w.Code)
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: got %v, want %v", c.name, got, c.want)
			}
		}
	}
}
