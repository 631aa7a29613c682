package synth

import (
	"context"
	"reflect"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// A branch's office work follows from the province, the node and its
// people: made twice, the same records.
func TestWorkIsReproducible(t *testing.T) {
	p := Build(Options{Members: 200, Seed: 4, Today: today, Years: 3})
	i := p.Branches[0]
	p.Nodes[i].Org.ID = 99
	people := []*huoshui.Member{{ID: 1}, {ID: 2}, {ID: 3}}
	t1, o1 := p.Work(i, people)
	t2, o2 := p.Work(i, people)
	if len(t1) == 0 || len(o1) == 0 || !reflect.DeepEqual(t1, t2) || !reflect.DeepEqual(o1, o2) {
		t.Fatalf("%d tasks and %d outputs, then %d and %d, or not the same", len(t1), len(o1), len(t2), len(o2))
	}
	if ts, xs := p.Work(i, nil); ts != nil || xs != nil {
		t.Error("a branch without people has work")
	}
}

// The province stored with its office work, on each engine: every task and
// output made is stored, the committee's kept task counts of each year
// equal a count of the tasks, most tasks are done on time with some late
// and some overdue, and the outputs' summary holds every record, most
// publications at city level or below.
func TestWorkLoaded(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := Build(Options{Members: 300, Seed: 9, Today: today, Years: 2})
		if _, err := Load(ctx, s, huoshui.Actor{Username: "gen"}, p, nil); err != nil {
			t.Fatal(err)
		}
		totals := p.WorkTotals()
		tasks, n, err := s.FindTasks(ctx, huoshui.TaskFilter{Scope: huoshui.Everything(), Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		if totals.Tasks < 100 || n != totals.Tasks {
			t.Fatalf("%d tasks stored, gen made %d", n, totals.Tasks)
		}
		root := p.Nodes[0].Org
		byYear := map[int][]*huoshui.Task{}
		for _, x := range tasks {
			byYear[x.Deadline.Year()] = append(byYear[x.Deadline.Year()], x)
		}
		var all rules.TaskTally
		for year := today.Year() - 2; year <= today.Year()+1; year++ {
			want := rules.TallyTasks(byYear[year], today)
			got, err := s.TaskYearRollup(ctx, root, year, today)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || got.DoneOnTime != want.DoneOnTime || got.DoneLate != want.DoneLate ||
				got.Overdue != want.Overdue {
				t.Errorf("%d: kept %+v, counted %+v", year, got, want)
			}
			all.Total += want.Total
			all.DoneOnTime += want.DoneOnTime
			all.DoneLate += want.DoneLate
			all.Overdue += want.Overdue
		}
		if all.DoneOnTime < all.Total/2 || all.DoneLate == 0 || all.Overdue == 0 || all.DoneLate > all.DoneOnTime {
			t.Errorf("tasks %+v: want most done on time, some late, some overdue", all)
		}
		sum, err := s.FindOutputSummary(ctx, root, true, huoshui.NewDate(today.Year()-3, 1, 1), today)
		if err != nil {
			t.Fatal(err)
		}
		stored := 0
		for _, k := range huoshui.OutputKinds {
			if sum.Count(k) == 0 {
				t.Errorf("no %s", k)
			}
			stored += sum.Count(k)
		}
		if stored != totals.Outputs {
			t.Errorf("the summary holds %d outputs, gen made %d", stored, totals.Outputs)
		}
		pubs := sum.ByLevel(huoshui.OutputPublication)
		if high := pubs[huoshui.LevelNational] + pubs[huoshui.LevelProvincial]; high == 0 || 2*high > sum.Count(huoshui.OutputPublication) {
			t.Errorf("publications by level %v: want a few provincial or national, most below", pubs)
		}
		if sum.Characters() < int64(1500*sum.Count(huoshui.OutputDocument)) {
			t.Errorf("%d documents of %d characters in all", sum.Count(huoshui.OutputDocument), sum.Characters())
		}
	})
}
