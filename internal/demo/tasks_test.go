package demo_test

import (
	"context"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The secretariat's supervision tasks of the last twelve months: a dozen
// or so from documents, resolutions linked to its meetings and leaders'
// instructions; most done on time, a couple late, one or two overdue, a
// few open; progress reported; the yearly counts agree with the tasks.
func TestSeedTasks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := demo.Seed(ctx, st); err != nil {
			t.Fatal(err)
		}
		orgs, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Name: demo.BranchName})
		if err != nil || len(orgs) != 1 {
			t.Fatalf("branch: %v %v", orgs, err)
		}
		branch := orgs[0]
		today := rules.Today(st.Now())
		ts, _, err := st.FindTasks(ctx, huoshui.TaskFilter{Scope: huoshui.Everything(), OrgID: branch.ID})
		if err != nil {
			t.Fatal(err)
		}
		tally := rules.TallyTasks(ts, today)
		sources := map[huoshui.TaskSource]int{}
		linked, reported := 0, 0
		for _, x := range ts {
			sources[x.Source]++
			if x.MeetingID != 0 {
				linked++
			}
			if x.AssignedOn.Before(today.AddDate(-1, 0, 0)) || x.LateEntry || x.DoneLateEntry {
				t.Errorf("task %q: given %s, late entry %v/%v; want within the year, entered on time", x.Content, x.AssignedOn, x.LateEntry, x.DoneLateEntry)
			}
			ps, err := st.FindTaskProgress(ctx, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) > 0 {
				reported++
			}
		}
		if len(ts) < 12 || tally.DoneOnTime <= len(ts)/2 || tally.DoneLate < 2 || tally.Overdue < 1 || tally.Overdue > 2 ||
			tally.Open-tally.Overdue < 2 {
			t.Errorf("%d tasks: %+v; want a dozen, most on time, two late, one or two overdue, a few open", len(ts), tally)
		}
		if sources[huoshui.TaskFromDocument] < 3 || sources[huoshui.TaskFromResolution] < 3 || sources[huoshui.TaskFromInstruction] < 3 {
			t.Errorf("sources %v", sources)
		}
		if linked < 3 || reported < len(ts)/2 {
			t.Errorf("%d resolutions linked to meetings, %d tasks with progress", linked, reported)
		}
		// The member account leads a task due within the week: its
		// warning shows on her home page.
		u, err := st.FindUserByUsername(ctx, "member")
		if err != nil {
			t.Fatal(err)
		}
		mine, err := st.FindMemberTasks(ctx, huoshui.Scope{MemberID: u.MemberID}, u.MemberID, 10)
		if err != nil {
			t.Fatal(err)
		}
		warned := false
		for _, x := range mine {
			if _, ok := rules.TaskWarning(x, today); ok && x.LeadID == u.MemberID {
				warned = true
			}
		}
		if !warned {
			t.Errorf("the member's open tasks %v: want one she leads within its warning", mine)
		}
		// The kept yearly counts say what the tasks say.
		for _, year := range []int{today.Year() - 1, today.Year()} {
			var of []*huoshui.Task
			for _, x := range ts {
				if x.Deadline.Year() == year {
					of = append(of, x)
				}
			}
			want := rules.TallyTasks(of, today)
			got, err := st.TaskYearOf(ctx, branch, year, today)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || got.DoneOnTime != want.DoneOnTime || got.DoneLate != want.DoneLate || got.Overdue != want.Overdue {
				t.Errorf("%d: kept %+v, tasks say %+v", year, got, want)
			}
		}
	})
}
