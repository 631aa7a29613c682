package store_test

import (
	"context"
	"fmt"
	"maps"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/synth"
)

// A year's meetings by org, type and month read as rows (FindMeetingYears)
// say what the monthly counts say, for the whole province and for a city,
// on a generated province with two years of meetings.
func TestMeetingYearsEqualMonthlyCounts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := synth.Build(synth.Options{Members: 300, Seed: 2, Today: huoshui.NewDate(2026, 5, 10), Years: 2})
		if _, err := synth.Load(ctx, s, huoshui.Actor{Username: "gen"}, p, nil); err != nil {
			t.Fatal(err)
		}
		for _, root := range []*huoshui.Org{p.Nodes[0].Org, p.Nodes[p.Cities[0]].Org} {
			for _, year := range []int{2024, 2025, 2026} {
				counts, err := s.FindMeetingCounts(ctx, root, fmt.Sprintf("%d-01", year), fmt.Sprintf("%d-12", year))
				if err != nil {
					t.Fatal(err)
				}
				want := map[string]int{}
				for _, c := range counts {
					want[fmt.Sprintf("%d %s %s", c.OrgID, c.Type, c.Month)] += c.N
				}
				ys, err := s.FindMeetingYears(ctx, root, year)
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]int{}
				for _, y := range ys {
					for m, n := range y.N {
						if n != 0 {
							got[fmt.Sprintf("%d %s %d-%02d", y.OrgID, y.Type, year, m+1)] += n
						}
					}
				}
				if !maps.Equal(got, want) || (year == 2025 && len(want) == 0) {
					t.Errorf("%s %d: %d counts by year, %d by month", root.Name, year, len(got), len(want))
				}
			}
		}
	})
}
