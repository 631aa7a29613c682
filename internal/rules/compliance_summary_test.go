package rules

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
)

// ComplianceSummary says what Summarise says of Compliance's items, for
// every kind of org, with and without a committee, set up before or
// during the year, on days before, in and after the year, over random
// counts of every type (other years' among them).
func TestComplianceSummaryEqualsSummarise(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	kinds := []huoshui.OrgKind{huoshui.OrgBranch, huoshui.OrgGeneralBranch, huoshui.OrgGroup, huoshui.OrgCommittee}
	for i := range 2000 {
		o := OrgLife{Kind: kinds[r.IntN(len(kinds))], HasCommittee: r.IntN(2) == 0}
		if r.IntN(2) == 0 {
			o.Since = huoshui.NewDate(2024+r.IntN(3), time.Month(1+r.IntN(12)), 1+r.IntN(28))
		}
		var counts []Count
		for range r.IntN(40) {
			counts = append(counts, Count{Type: huoshui.MeetingTypes[r.IntN(len(huoshui.MeetingTypes))],
				Year: 2024 + r.IntN(3), Month: time.Month(1 + r.IntN(12)), N: r.IntN(3)})
		}
		now := time.Date(2024+r.IntN(3), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), 0, 0, 0, huoshui.Shanghai)
		year := 2025
		items := Compliance(o, counts, year, now)
		got, any := ComplianceSummary(o, counts, year, now)
		if want := Summarise(items); got != want || any != (len(items) > 0) {
			t.Fatalf("case %d, %+v on %v: summary %+v (any %v), the items say %+v (%d)", i, o, now, got, any, want, len(items))
		}
	}
}
