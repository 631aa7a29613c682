package web

import (
	"context"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/synth"
)

// A committee's dashboard for a calendar year adds up its nodes' numbers
// read side by side; it says what the committee's summary and each
// child's summary say, and counts the same branches behind as the
// compliance roll-up, on a small generated province with two years of
// meetings, tasks and outputs; and so does the last twelve months' view.
func TestDashboardRollupEqualsSummaries(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		today := huoshui.NewDate(2026, 9, 14)
		p := synth.Build(synth.Options{Members: 400, Seed: 5, Today: today, Years: 2})
		if _, err := synth.Load(ctx, st, huoshui.Actor{Username: "gen"}, p, nil); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 9, 14, 10, 0, 0, 0, huoshui.Shanghai)
		st.SetClock(func() time.Time { return now })
		s, _, err := New(Deps{Store: st})
		if err != nil {
			t.Fatal(err)
		}
		root := p.Nodes[0].Org
		for _, period := range []summaryPeriod{
			{Year: 2025, From: huoshui.NewDate(2025, 1, 1), To: huoshui.NewDate(2025, 12, 31)},
			{Year: 2026, From: huoshui.NewDate(2026, 1, 1), To: huoshui.NewDate(2026, 12, 31)},
			{From: today.AddDate(-1, 0, 1), To: today},
		} {
			page := &dashboardPage{Org: root, Year: period.Year, From: period.From, To: period.To, Rollup: true}
			if err := s.dashboardRollup(ctx, page, period); err != nil {
				t.Fatal(err)
			}
			want, err := s.summaryOf(ctx, root, true, period.From, period.To)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := summaryNumbers(page.Sum), summaryNumbers(want); got != want {
				t.Errorf("%s–%s: the dashboard says %+v, the summary %+v", period.From, period.To, got, want)
			}
			if want.Tasks.Total == 0 || want.ThemeDays == 0 || want.Outputs.Count(huoshui.OutputDocument) == 0 {
				t.Errorf("%s–%s: nothing to compare: %+v", period.From, period.To, summaryNumbers(want))
			}
			if len(page.Rows) == 0 {
				t.Fatalf("%s–%s: no rows", period.From, period.To)
			}
			for _, row := range page.Rows {
				want, err := s.summaryOf(ctx, row.Org, true, period.From, period.To)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := summaryNumbers(&row.Sum), summaryNumbers(want); got != want {
					t.Errorf("%s–%s, %s: the row says %+v, its summary %+v", period.From, period.To, row.Org.Name, got, want)
				}
			}
			all, err := s.complianceOf(ctx, root, period.To.Year(), true)
			if err != nil {
				t.Fatal(err)
			}
			nodes, behind := 0, 0
			for _, c := range all {
				if c.Org.Kind == huoshui.OrgBranch {
					nodes++
					if c.Summary.Overdue > 0 {
						behind++
					}
				}
			}
			if page.Nodes != nodes || page.Behind != behind || nodes != len(p.Branches) {
				t.Errorf("%s–%s: %d of %d branches behind, the compliance roll-up says %d of %d (%d branches)",
					period.From, period.To, page.Behind, page.Nodes, behind, nodes, len(p.Branches))
			}
		}
	})
}

// numbers is what a summary shows, comparable with ==.
type numbers struct {
	ThemeDays, Activities, Linked                int
	Study                                        huoshui.StudyCompletion
	Tasks                                        huoshui.TaskTally
	Pubs, Awards, Documents, Innovations         int
	National, Provincial, City, Other, AwardsTop int
	Characters                                   int64
}

func summaryNumbers(s *huoshui.Summary) numbers {
	o := &s.Outputs
	return numbers{ThemeDays: s.ThemeDays, Activities: s.Activities, Linked: s.Linked, Study: s.Study, Tasks: s.Tasks,
		Pubs: o.Count(huoshui.OutputPublication), Awards: o.Count(huoshui.OutputAward), Documents: o.Count(huoshui.OutputDocument),
		Innovations: o.Count(huoshui.OutputInnovation),
		National:    o.CountLevel(huoshui.OutputPublication, huoshui.LevelNational),
		Provincial:  o.CountLevel(huoshui.OutputPublication, huoshui.LevelProvincial),
		City:        o.CountLevel(huoshui.OutputPublication, huoshui.LevelCity),
		Other:       o.CountLevel(huoshui.OutputPublication, huoshui.LevelOther),
		AwardsTop:   o.CountLevel(huoshui.OutputAward, huoshui.LevelNational) + o.CountLevel(huoshui.OutputAward, huoshui.LevelProvincial),
		Characters:  o.Characters()}
}
