package store_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// Tasks and outputs loaded in bulk, mixed with ones made one at a time,
// leave the kept summaries — task_year_counts and output_counts — equal
// to a fresh count of the records; a load with one bad row writes
// nothing.
func TestBulkTasksAndOutputsKeepTheSummaries(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := makeBulkPeople(t, s)
		day := huoshui.NewDate(2026, 6, 20)
		taskClock(s, day)
		people := map[int64][]int64{
			p.tr.branchA.ID:   {p.sec.ID, p.prob.ID, p.a3.ID, p.a4.ID},
			p.tr.branchB.ID:   {p.other.ID},
			p.tr.committee.ID: {p.sec.ID, p.a4.ID, p.other.ID},
		}
		orgs := []*huoshui.Org{p.tr.branchA, p.tr.branchB, p.tr.committee}
		rng := rand.New(rand.NewPCG(3, 8))
		var tasks []*huoshui.Task
		var outputs []*huoshui.Output
		for range 120 {
			o := orgs[rng.IntN(len(orgs))]
			ppl := people[o.ID]
			assigned := day.AddDate(0, 0, -rng.IntN(700))
			task := &huoshui.Task{OrgID: o.ID, Source: huoshui.TaskSources[rng.IntN(3)], Content: "批量任务",
				LeadID: ppl[rng.IntN(len(ppl))], CoIDs: []int64{ppl[rng.IntN(len(ppl))]},
				AssignedOn: assigned, Deadline: assigned.AddDate(0, 0, 5+rng.IntN(90))}
			if rng.IntN(3) > 0 {
				if done := assigned.AddDate(0, 0, rng.IntN(120)); !done.After(day) {
					task.DoneOn = done
				}
			}
			tasks = append(tasks, task)
			if o.Kind == huoshui.OrgBranch {
				x := &huoshui.Output{OrgID: o.ID, Kind: huoshui.OutputKinds[rng.IntN(4)], Title: "批量成果",
					Date: day.AddDate(0, 0, -rng.IntN(700)), Level: huoshui.OutputLevels[rng.IntN(4)], Outlet: "联合日报",
					Issuer: "省委办公厅", DocKind: huoshui.DocSpeech, Characters: rng.IntN(20000), CharSource: huoshui.CharsEntered,
					Problem: "流程长", Change: "一次流转", Status: huoshui.InnovationTrial,
					Owners: []huoshui.OutputOwner{{MemberID: ppl[rng.IntN(len(ppl))]}}}
				outputs = append(outputs, x)
			}
		}
		// One at a time first, so the bulk load adds to rows already kept.
		if err := s.CreateTask(ctx, actor, &huoshui.Task{OrgID: p.tr.branchA.ID, Source: huoshui.TaskFromDocument,
			Content: "单条任务", LeadID: p.sec.ID, AssignedOn: day, Deadline: day.AddDate(0, 1, 0)}, false); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateOutput(ctx, actor, publication(p.tr.branchA, "单条成果", p.sec), nil); err != nil {
			t.Fatal(err)
		}

		// A lead from another branch refuses the whole load.
		bad := append(slices.Clone(tasks[:3]), &huoshui.Task{OrgID: p.tr.branchB.ID, Source: huoshui.TaskFromDocument,
			Content: "外人牵头", LeadID: p.sec.ID, AssignedOn: day, Deadline: day})
		if err := s.BulkCreateTasks(ctx, actor, bad); err == nil || !slices.Contains(fieldCodes(err), "lead_id:task.person_outside") {
			t.Fatalf("a lead from another branch: %v", err)
		}
		if got, _, _ := s.FindTasks(ctx, huoshui.TaskFilter{Scope: huoshui.Everything()}); len(got) != 1 {
			t.Fatalf("a refused load left %d tasks, want the 1 made alone", len(got))
		}
		for _, task := range tasks {
			task.ID = 0
		}
		if err := s.BulkCreateTasks(ctx, actor, tasks); err != nil {
			t.Fatal(err)
		}
		if err := s.BulkCreateOutputs(ctx, actor, outputs); err != nil {
			t.Fatal(err)
		}

		all, _, err := s.FindTasks(ctx, huoshui.TaskFilter{Scope: huoshui.Everything()})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != len(tasks)+1 {
			t.Fatalf("%d tasks stored, want %d", len(all), len(tasks)+1)
		}
		byID := map[int64]*huoshui.Task{}
		for _, x := range all {
			byID[x.ID] = x
		}
		for _, want := range tasks { // each got its own row and id
			got := byID[want.ID]
			if got == nil || got.Content != want.Content || !got.Deadline.Equal(want.Deadline) || !got.DoneOn.Equal(want.DoneOn) ||
				got.LeadID != want.LeadID {
				t.Fatalf("task %d stored as %+v, want %+v", want.ID, got, want)
			}
		}
		fresh := map[int64]map[int][]*huoshui.Task{}
		for _, x := range all {
			if fresh[x.OrgID] == nil {
				fresh[x.OrgID] = map[int][]*huoshui.Task{}
			}
			fresh[x.OrgID][x.Deadline.Year()] = append(fresh[x.OrgID][x.Deadline.Year()], x)
		}
		for year := 2024; year <= 2026; year++ {
			for _, o := range orgs {
				want := rules.TallyTasks(fresh[o.ID][year], day)
				got, err := s.TaskYearOf(ctx, o, year, day)
				if err != nil {
					t.Fatal(err)
				}
				if got != (store.TaskYear{Year: year, Total: want.Total, DoneOnTime: want.DoneOnTime, DoneLate: want.DoneLate,
					Open: want.Open, Overdue: want.Overdue}) {
					t.Errorf("%s %d: kept %+v, fresh %+v", o.Name, year, got, want)
				}
			}
		}
		for _, o := range orgs {
			for _, subtree := range []bool{false, true} {
				from, to := huoshui.NewDate(2024, 1, 1), huoshui.NewDate(2026, 12, 31)
				sum, err := s.FindOutputSummary(ctx, o, subtree, from, to)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := tallies(sum), freshTallies(t, s, o, subtree, from, to); !equalTallies(got, want) {
					t.Errorf("%s (subtree %v): kept %v, fresh %v", o.Name, subtree, got, want)
				}
			}
		}
	})
}

func equalTallies(a, b map[tallyKey][2]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
