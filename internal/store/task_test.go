package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// taskDay is the day the task tests run on: 15 June 2026, 10:00 in
// Shanghai.
var taskDay = huoshui.NewDate(2026, 6, 15)

func taskClock(s *store.Store, d huoshui.Date) {
	at := time.Date(d.Year(), d.Time().Month(), d.Time().Day(), 10, 0, 0, 0, huoshui.Shanghai)
	s.SetClock(func() time.Time { return at })
}

// newTask is a document's task of branch A led by its secretary with the
// organiser helping, given ten days ago and due in twenty.
func (p bulkPeople) newTask(content string) *huoshui.Task {
	return &huoshui.Task{OrgID: p.tr.branchA.ID, Source: huoshui.TaskFromDocument, SourceRef: "鲁政协办字〔2026〕12号",
		Content: content, LeadID: p.sec.ID, CoIDs: []int64{p.a3.ID}, AssignedOn: taskDay.AddDate(0, 0, -10),
		Deadline: taskDay.AddDate(0, 0, 20)}
}

func TestTaskLifecycle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := makeBulkPeople(t, s)
		taskClock(s, taskDay)
		task := p.newTask("起草全会服务保障方案")
		if err := s.CreateTask(ctx, actor, task, false); err != nil {
			t.Fatal(err)
		}
		if task.LateEntry || task.ID == 0 {
			t.Fatalf("created %+v", task)
		}

		// Who sees it: the branch, the committee above, the people it
		// names wherever they are; not the branch beside.
		for _, c := range []struct {
			name  string
			scope huoshui.Scope
			see   bool
		}{
			{"the branch", huoshui.Scope{Paths: []string{p.tr.branchA.Path}}, true},
			{"the committee", huoshui.Scope{Paths: []string{p.tr.committee.Path}}, true},
			{"the branch beside", huoshui.Scope{Paths: []string{p.tr.branchB.Path}}, false},
			{"the co-member, from the branch beside", huoshui.Scope{Paths: []string{p.tr.branchB.Path}, MemberID: p.a3.ID}, true},
			{"another member, from the branch beside", huoshui.Scope{Paths: []string{p.tr.branchB.Path}, MemberID: p.other.ID}, false},
			{"nobody", huoshui.Scope{}, false},
		} {
			got, err := s.FindTaskByID(ctx, c.scope, task.ID)
			if c.see && (err != nil || got.Content != task.Content || got.LeadName != "李明远" || len(got.Co) != 1 || got.Co[0].Name != "陈立新") {
				t.Errorf("%s: %+v, %v", c.name, got, err)
			}
			if !c.see && !errors.Is(err, huoshui.ErrNotFound) {
				t.Errorf("%s: %v, want not found", c.name, err)
			}
		}

		// Bad input: nothing is written.
		bad := p.newTask("外人牵头")
		bad.LeadID = p.other.ID
		wantFieldError(t, s.CreateTask(ctx, actor, bad, false), "lead_id", "task.person_outside")
		bad = p.newTask("外人协办")
		bad.CoIDs = []int64{p.other.ID}
		wantFieldError(t, s.CreateTask(ctx, actor, bad, false), "co_ids", "task.person_outside")
		bad = p.newTask("过期未勾补录")
		bad.AssignedOn, bad.Deadline = taskDay.AddDate(0, -2, 0), taskDay.AddDate(0, 0, -1)
		wantFieldError(t, s.CreateTask(ctx, actor, bad, false), "deadline", "task.deadline_past")
		bad = p.newTask("党小组的任务")
		bad.OrgID = p.tr.groupA.ID
		wantFieldError(t, s.CreateTask(ctx, actor, bad, false), "org_id", "task.org_unknown")
		other := &huoshui.Meeting{OrgID: p.tr.branchB.ID, Type: huoshui.MeetingCommittee, Title: "综合处支委会",
			StartsAt: time.Date(2026, 6, 1, 9, 0, 0, 0, huoshui.Shanghai), EndsAt: time.Date(2026, 6, 1, 10, 0, 0, 0, huoshui.Shanghai)}
		if err := s.CreateMeeting(ctx, actor, other, nil); err != nil {
			t.Fatal(err)
		}
		bad = p.newTask("别的支部的决议")
		bad.Source, bad.MeetingID = huoshui.TaskFromResolution, other.ID
		wantFieldError(t, s.CreateTask(ctx, actor, bad, false), "meeting_id", "task.meeting_outside")
		if ts, _, _ := s.FindTasks(ctx, huoshui.TaskFilter{Scope: huoshui.Everything()}); len(ts) != 1 {
			t.Fatalf("%d tasks after refused input, want 1", len(ts))
		}

		// A committee's resolution for the branch, entered after its
		// deadline passed: a late entry.
		above := &huoshui.Meeting{OrgID: p.tr.committee.ID, Type: huoshui.MeetingCommittee, Title: "机关党委会议",
			StartsAt: time.Date(2026, 3, 2, 9, 0, 0, 0, huoshui.Shanghai), EndsAt: time.Date(2026, 3, 2, 10, 0, 0, 0, huoshui.Shanghai)}
		if err := s.CreateMeeting(ctx, actor, above, nil); err != nil {
			t.Fatal(err)
		}
		late := p.newTask("落实机关党委会议决议")
		late.Source, late.MeetingID, late.SourceRef = huoshui.TaskFromResolution, above.ID, ""
		late.AssignedOn, late.Deadline = huoshui.NewDate(2026, 3, 2), huoshui.NewDate(2026, 4, 30)
		if err := s.CreateTask(ctx, actor, late, true); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindTaskByID(ctx, huoshui.Everything(), late.ID)
		if err != nil || !got.LateEntry || got.MeetingTitle != "机关党委会议" {
			t.Fatalf("late entry: %+v, %v", got, err)
		}

		// Dates out of order when marked done; then done a week before
		// today, after its deadline: done late, a late entry.
		wantFieldError(t, s.MarkTaskDone(ctx, actor, late.ID, huoshui.NewDate(2026, 3, 1)), "done_on", "task.done_before_assigned")
		wantFieldError(t, s.MarkTaskDone(ctx, actor, late.ID, taskDay.AddDate(0, 0, 1)), "done_on", "task.done_future")
		if err := s.MarkTaskDone(ctx, actor, late.ID, taskDay.AddDate(0, 0, -7)); err != nil {
			t.Fatal(err)
		}
		got, _ = s.FindTaskByID(ctx, huoshui.Everything(), late.ID)
		if !got.DoneLate() || !got.DoneLateEntry || got.DoneAt == nil {
			t.Errorf("done: %+v", got)
		}
		// A done task keeps its deadline.
		upd := *got
		upd.Deadline = huoshui.NewDate(2026, 6, 30)
		wantFieldError(t, s.UpdateTask(ctx, actor, late.ID, &upd), "deadline", "task.deadline_locked")
		// Marking it done again changes nothing.
		if err := s.MarkTaskDone(ctx, actor, late.ID, taskDay); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.FindTaskByID(ctx, huoshui.Everything(), late.ID); !again.DoneOn.Equal(got.DoneOn) {
			t.Errorf("done twice: %s, want %s", again.DoneOn, got.DoneOn)
		}

		// The first task: edited (a new co-member), done today on time,
		// reopened, archived and restored.
		upd = *task
		upd.CoIDs = []int64{p.a4.ID, p.prob.ID}
		upd.Deadline = taskDay.AddDate(0, 1, 0)
		if err := s.UpdateTask(ctx, actor, task.ID, &upd); err != nil {
			t.Fatal(err)
		}
		upd.Deadline = taskDay.AddDate(0, 0, -1)
		wantFieldError(t, s.UpdateTask(ctx, actor, task.ID, &upd), "deadline", "task.deadline_moved_past")
		got, _ = s.FindTaskByID(ctx, huoshui.Everything(), task.ID)
		if len(got.CoIDs) != 2 || !got.Deadline.Equal(taskDay.AddDate(0, 1, 0)) {
			t.Errorf("updated: %+v", got)
		}
		if _, err := s.FindTaskByID(ctx, huoshui.Scope{MemberID: p.a3.ID}, task.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("the co-member taken off still sees the task: %v", err)
		}
		if err := s.MarkTaskDone(ctx, actor, task.ID, huoshui.Date{}); err != nil {
			t.Fatal(err)
		}
		got, _ = s.FindTaskByID(ctx, huoshui.Everything(), task.ID)
		if !got.DoneOn.Equal(taskDay) || got.DoneLateEntry || !got.DoneOnTime() {
			t.Errorf("done today: %+v", got)
		}
		if err := s.ReopenTask(ctx, actor, task.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.ArchiveTask(ctx, actor, task.ID, false); err != nil {
			t.Fatal(err)
		}
		wantFieldError(t, s.MarkTaskDone(ctx, actor, task.ID, huoshui.Date{}), "form", "task.archived")
		if ts, _, _ := s.FindTasks(ctx, huoshui.TaskFilter{Scope: huoshui.Everything()}); len(ts) != 1 {
			t.Errorf("%d current tasks with one archived, want 1", len(ts))
		}
		if ts, _, _ := s.FindTasks(ctx, huoshui.TaskFilter{Scope: huoshui.Everything(), Archived: true}); len(ts) != 1 || ts[0].ID != task.ID {
			t.Errorf("archived: %v", ts)
		}
		if err := s.ArchiveTask(ctx, actor, task.ID, true); err != nil {
			t.Fatal(err)
		}

		// Every change is in the trail, at the branch.
		entries, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Scope{Paths: []string{p.tr.branchA.Path}},
			ObjectType: "task", ObjectID: task.ID, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
		}
		if strings.Join(actions, " ") != "restore archive update update update create" {
			t.Errorf("audit of the task: %v", actions)
		}
	})
}

func TestTaskFilters(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := makeBulkPeople(t, s)
		taskClock(s, taskDay.AddDate(0, -3, 0))
		mk := func(content string, src huoshui.TaskSource, lead int64, co []int64, due huoshui.Date) *huoshui.Task {
			t.Helper()
			task := p.newTask(content)
			task.Source, task.LeadID, task.CoIDs, task.Deadline = src, lead, co, due
			task.AssignedOn = taskDay.AddDate(0, -3, 0)
			if src != huoshui.TaskFromDocument {
				task.SourceRef = "秘书长"
			}
			if err := s.CreateTask(ctx, actor, task, false); err != nil {
				t.Fatal(err)
			}
			return task
		}
		overdue := mk("档案数字化扫描", huoshui.TaskFromInstruction, p.sec.ID, nil, taskDay.AddDate(0, 0, -3))
		open := mk("提案办理回访", huoshui.TaskFromDocument, p.a3.ID, []int64{p.sec.ID}, taskDay.AddDate(0, 0, 5))
		due := mk("机要设备检查", huoshui.TaskFromResolution, p.a4.ID, []int64{p.prob.ID}, taskDay)
		done := mk("文稿质量台账", huoshui.TaskFromDocument, p.prob.ID, nil, taskDay.AddDate(0, 0, -10))
		taskClock(s, taskDay.AddDate(0, 0, -12))
		if err := s.MarkTaskDone(ctx, actor, done.ID, huoshui.Date{}); err != nil {
			t.Fatal(err)
		}
		taskClock(s, taskDay)
		all := huoshui.TaskFilter{Scope: huoshui.Scope{Paths: []string{p.tr.branchA.Path}}, Today: taskDay}
		ids := func(f huoshui.TaskFilter) []int64 {
			t.Helper()
			ts, total, err := s.FindTasks(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, x := range ts {
				out = append(out, x.ID)
			}
			if f.Limit == 0 && total != len(out) {
				t.Errorf("total %d for %d rows", total, len(out))
			}
			return out
		}
		same := func(name string, got []int64, want ...*huoshui.Task) {
			t.Helper()
			ok := len(got) == len(want)
			for i := range want {
				ok = ok && got[i] == want[i].ID
			}
			if !ok {
				var w []int64
				for _, x := range want {
					w = append(w, x.ID)
				}
				t.Errorf("%s: %v, want %v", name, got, w)
			}
		}
		with := func(edit func(*huoshui.TaskFilter)) huoshui.TaskFilter { f := all; edit(&f); return f }
		same("all, by deadline", ids(all), done, overdue, due, open)
		same("reversed", ids(with(func(f *huoshui.TaskFilter) { f.Sort = "-deadline" })), open, due, overdue, done)
		same("open: due today is not yet overdue", ids(with(func(f *huoshui.TaskFilter) { f.Status = huoshui.TaskOpen })), due, open)
		same("overdue", ids(with(func(f *huoshui.TaskFilter) { f.Status = huoshui.TaskOverdue })), overdue)
		same("done", ids(with(func(f *huoshui.TaskFilter) { f.Status = huoshui.TaskDone })), done)
		same("the secretary's", ids(with(func(f *huoshui.TaskFilter) { f.MemberID = p.sec.ID })), overdue, open)
		same("the secretary leads", ids(with(func(f *huoshui.TaskFilter) { f.MemberID, f.As = p.sec.ID, "lead" })), overdue)
		same("the secretary helps", ids(with(func(f *huoshui.TaskFilter) { f.MemberID, f.As = p.sec.ID, "co" })), open)
		same("resolutions", ids(with(func(f *huoshui.TaskFilter) { f.Source = huoshui.TaskFromResolution })), due)
		same("deadlines in a range", ids(with(func(f *huoshui.TaskFilter) { f.From, f.To = taskDay.AddDate(0, 0, -3), taskDay })), overdue, due)
		same("words", ids(with(func(f *huoshui.TaskFilter) { f.Query = "回访" })), open)
		same("words of the reference", ids(with(func(f *huoshui.TaskFilter) { f.Query = "12号" })), done, open)
		same("LIKE's wildcards match nothing more", ids(with(func(f *huoshui.TaskFilter) { f.Query = "%回访_" })), open)
		same("a page", ids(with(func(f *huoshui.TaskFilter) { f.Limit, f.Offset = 2, 2 })), due, open)
		if _, total, _ := s.FindTasks(ctx, with(func(f *huoshui.TaskFilter) { f.Limit, f.Offset = 2, 0 })); total != 4 {
			t.Errorf("total with a page of 2: %d, want 4", total)
		}
		same("the branch beside sees none", ids(with(func(f *huoshui.TaskFilter) { f.Scope = huoshui.Scope{Paths: []string{p.tr.branchB.Path}} })))
		same("the zero filter lists nothing", ids(huoshui.TaskFilter{}))
		same("by org: the committee's subtree", ids(huoshui.TaskFilter{Scope: huoshui.Everything(), OrgID: p.tr.committee.ID}), done, overdue, due, open)
		same("by org: the branch beside", ids(huoshui.TaskFilter{Scope: huoshui.Everything(), OrgID: p.tr.branchB.ID}))
		for _, sort := range []string{"assigned", "lead", "org", "done", "-done", "-lead"} {
			if got := ids(with(func(f *huoshui.TaskFilter) { f.Sort = sort })); len(got) != 4 {
				t.Errorf("sort %s: %v", sort, got)
			}
		}
		same("done first, open after", ids(with(func(f *huoshui.TaskFilter) { f.Sort = "done" }))[:1], done)

		// The member's home: open tasks naming them, soonest first.
		mine, err := s.FindMemberTasks(ctx, huoshui.Scope{MemberID: p.sec.ID}, p.sec.ID, 10)
		if err != nil || len(mine) != 2 || mine[0].ID != overdue.ID || mine[1].ID != open.ID {
			t.Errorf("the secretary's open tasks: %v, %v", mine, err)
		}
		// The reminder round: the branch's open tasks due within a week.
		soon, err := s.FindTasksDueBy(ctx, p.tr.branchA.ID, taskDay, taskDay.AddDate(0, 0, 7))
		if err != nil || len(soon) != 2 || soon[0].ID != due.ID {
			t.Errorf("due within a week: %v, %v", soon, err)
		}
		alerts, err := s.TaskAlertsOf(ctx, p.tr.committee, taskDay, 7)
		if err != nil || alerts != (store.TaskAlerts{Overdue: 1, DueSoon: 2}) {
			t.Errorf("alerts %+v, %v", alerts, err)
		}
	})
}
