package store_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The yearly task summary equals a fresh count of the tasks after many
// random writes — created, deadline moved (across years too), done on
// time or late, reopened, archived, restored, some refused — while the
// days go by, for every node, its roll-up and the committee's.
func TestTaskYearCountsFollowRandomWrites(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := makeBulkPeople(t, s)
		rng := rand.New(rand.NewPCG(8, 21))
		day := huoshui.NewDate(2025, 11, 20)
		taskClock(s, day)
		people := map[int64][]int64{
			p.tr.branchA.ID:   {p.sec.ID, p.prob.ID, p.a3.ID, p.a4.ID},
			p.tr.branchB.ID:   {p.other.ID},
			p.tr.committee.ID: {p.sec.ID, p.a4.ID, p.other.ID},
		}
		orgs := []*huoshui.Org{p.tr.branchA, p.tr.branchB, p.tr.committee}
		var ids []int64
		refused := 0
		check := func(step int) {
			t.Helper()
			ts, _, err := s.FindTasks(ctx, huoshui.TaskFilter{Scope: huoshui.Everything()})
			if err != nil {
				t.Fatal(err)
			}
			fresh := map[int64]map[int][]*huoshui.Task{}
			for _, x := range ts {
				if fresh[x.OrgID] == nil {
					fresh[x.OrgID] = map[int][]*huoshui.Task{}
				}
				fresh[x.OrgID][x.Deadline.Year()] = append(fresh[x.OrgID][x.Deadline.Year()], x)
			}
			for year := 2025; year <= 2027; year++ {
				var all []*huoshui.Task
				for _, o := range orgs {
					want := rules.TallyTasks(fresh[o.ID][year], day)
					all = append(all, fresh[o.ID][year]...)
					got, err := s.TaskYearOf(ctx, o, year, day)
					if err != nil {
						t.Fatal(err)
					}
					if got != (store.TaskYear{Year: year, Total: want.Total, DoneOnTime: want.DoneOnTime, DoneLate: want.DoneLate,
						Open: want.Open, Overdue: want.Overdue}) {
						t.Fatalf("step %d, %s %d: kept %+v, fresh %+v", step, o.Name, year, got, want)
					}
				}
				want := rules.TallyTasks(all, day)
				got, err := s.TaskYearRollup(ctx, p.tr.committee, year, day)
				if err != nil {
					t.Fatal(err)
				}
				if got != (store.TaskYear{Year: year, Total: want.Total, DoneOnTime: want.DoneOnTime, DoneLate: want.DoneLate,
					Open: want.Open, Overdue: want.Overdue}) {
					t.Fatalf("step %d, the committee's roll-up of %d: kept %+v, fresh %+v", step, year, got, want)
				}
				// The roll-up is the sum over the nodes below.
				under, err := s.TaskYearsUnder(ctx, p.tr.committee, year, day)
				if err != nil {
					t.Fatal(err)
				}
				var sum store.TaskYear
				for _, y := range under {
					sum.Total += y.Total
					sum.DoneOnTime += y.DoneOnTime
					sum.DoneLate += y.DoneLate
					sum.Open += y.Open
					sum.Overdue += y.Overdue
				}
				sum.Year = year
				if sum != got {
					t.Fatalf("step %d, %d: the nodes sum to %+v, the roll-up says %+v", step, year, sum, got)
				}
			}
		}
		date := func() huoshui.Date { return day.AddDate(0, 0, rng.IntN(400)-200) }
		for step := range 300 {
			if rng.IntN(10) == 0 { // a day or a few go by
				day = day.AddDate(0, 0, 1+rng.IntN(5))
				taskClock(s, day)
			}
			var err error
			switch op := rng.IntN(8); {
			case op <= 1 || len(ids) == 0:
				o := orgs[rng.IntN(len(orgs))]
				ppl := people[o.ID]
				a, b := date(), date()
				if b.Before(a) {
					a, b = b, a
				}
				if a.After(day) {
					a = day
				}
				task := &huoshui.Task{OrgID: o.ID, Source: huoshui.TaskSources[rng.IntN(3)], Content: "随机任务",
					LeadID: ppl[rng.IntN(len(ppl))], AssignedOn: a, Deadline: b}
				if err = s.CreateTask(ctx, actor, task, rng.IntN(4) > 0); err == nil {
					ids = append(ids, task.ID)
				}
			default:
				id := ids[rng.IntN(len(ids))]
				task, ferr := s.FindTaskByID(ctx, huoshui.Everything(), id)
				if ferr != nil {
					t.Fatal(ferr)
				}
				switch op {
				case 2, 3:
					upd := *task
					upd.Deadline = date()
					if rng.IntN(3) == 0 {
						upd.Deadline = huoshui.NewDate(2025+rng.IntN(3), 12, 31) // across a year's end
					}
					err = s.UpdateTask(ctx, actor, id, &upd)
				case 4, 5:
					on := huoshui.Date{}
					if rng.IntN(2) == 0 {
						on = task.AssignedOn.AddDate(0, 0, rng.IntN(60))
					}
					err = s.MarkTaskDone(ctx, actor, id, on)
				case 6:
					err = s.ReopenTask(ctx, actor, id)
				default:
					err = s.ArchiveTask(ctx, actor, id, task.ArchivedAt != nil)
				}
			}
			var ve *huoshui.ValidationError
			switch {
			case errors.As(err, &ve):
				refused++
			case err != nil:
				t.Fatalf("step %d: %v", step, err)
			}
			if step%25 == 0 {
				check(step)
			}
		}
		check(300)
		if refused == 0 || refused > 200 {
			t.Errorf("%d of 300 writes refused: the walk should meet the rules now and then, not mostly", refused)
		}
		t.Logf("%d tasks, %d writes refused", len(ids), refused)
	})
}
