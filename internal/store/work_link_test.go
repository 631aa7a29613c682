package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// linkFixture is branch A's theme day, held, with a task and an
// innovation of branch A and a task of branch B.
type linkFixture struct {
	p          bulkPeople
	meeting    *huoshui.Meeting
	task       *huoshui.Task
	innovation *huoshui.Output
	otherTask  *huoshui.Task
}

func makeLinkFixture(t *testing.T, s *store.Store) linkFixture {
	t.Helper()
	ctx := context.Background()
	f := linkFixture{p: makeBulkPeople(t, s)}
	taskClock(s, taskDay)
	f.meeting = themeDayAt(f.p, time.Date(2026, 5, 20, 9, 0, 0, 0, huoshui.Shanghai))
	if err := s.CreateMeeting(ctx, actor, f.meeting, []int64{f.p.sec.ID, f.p.a3.ID}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAttendance(ctx, actor, f.meeting.ID, []store.AttendanceMark{{MemberID: f.p.sec.ID, Attendance: huoshui.AttendancePresent}}); err != nil {
		t.Fatal(err)
	}
	f.task = f.p.newTask("机要件收发登记全程留痕")
	if err := s.CreateTask(ctx, actor, f.task, false); err != nil {
		t.Fatal(err)
	}
	f.innovation = &huoshui.Output{OrgID: f.p.tr.branchA.ID, Kind: huoshui.OutputInnovation, Title: "文印质量三级校核",
		Date: huoshui.NewDate(2026, 6, 1), Problem: "印错返工", Change: "三级校核", Status: huoshui.InnovationStatuses[0],
		Owners: []huoshui.OutputOwner{{MemberID: f.p.sec.ID}}}
	if err := s.CreateOutput(ctx, actor, f.innovation, nil); err != nil {
		t.Fatal(err)
	}
	f.otherTask = &huoshui.Task{OrgID: f.p.tr.branchB.ID, Source: huoshui.TaskFromDocument, Content: "综合处的督办件",
		LeadID: f.p.other.ID, AssignedOn: taskDay.AddDate(0, 0, -10), Deadline: taskDay.AddDate(0, 0, 20)}
	if err := s.CreateTask(ctx, actor, f.otherTask, false); err != nil {
		t.Fatal(err)
	}
	return f
}

func themeDayAt(p bulkPeople, at time.Time) *huoshui.Meeting {
	return &huoshui.Meeting{OrgID: p.tr.branchA.ID, Type: huoshui.MeetingThemeDay, Title: "主题党日",
		StartsAt: at.UTC(), EndsAt: at.Add(2 * time.Hour).UTC(), Place: "三楼会议室"}
}

func TestWorkLinkLifecycle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := makeLinkFixture(t, s)
		branchA := huoshui.Scope{Paths: []string{f.p.tr.branchA.Path}}
		link := func(kind huoshui.TargetKind, id int64, note string) *huoshui.WorkLink {
			return &huoshui.WorkLink{ActivityKind: huoshui.ActivityMeeting, ActivityID: f.meeting.ID, TargetKind: kind, TargetID: id, Note: note}
		}
		counts := func() (int, int) {
			t.Helper()
			h, l, err := s.ActivityCounts(ctx, f.p.tr.branchA, false, huoshui.NewDate(2026, 1, 1), huoshui.NewDate(2026, 12, 31))
			if err != nil {
				t.Fatal(err)
			}
			return h, l
		}
		if h, l := counts(); h != 1 || l != 0 {
			t.Fatalf("before any link: held %d linked %d, want 1 0", h, l)
		}

		// An empty note is refused, and nothing is written.
		if got := fieldCodes(s.AddWorkLink(ctx, actor, branchA, link(huoshui.TargetTask, f.task.ID, "  \n "))); len(got) != 1 || got[0] != "note:work_link.note_required" {
			t.Fatalf("empty note: %v", got)
		}
		// A task of a branch the reader does not see: not found.
		if err := s.AddWorkLink(ctx, actor, branchA, link(huoshui.TargetTask, f.otherTask.ID, "变化")); !errors.Is(err, huoshui.ErrNotFound) {
			t.Fatalf("invisible target: %v", err)
		}
		// Seen (from the committee) but of a branch beside this one: refused.
		committee := huoshui.Scope{Paths: []string{f.p.tr.committee.Path}}
		if got := fieldCodes(s.AddWorkLink(ctx, actor, committee, link(huoshui.TargetTask, f.otherTask.ID, "变化"))); len(got) != 1 || got[0] != "target:work_link.target_outside" {
			t.Fatalf("target of another branch: %v", got)
		}
		// A meeting the reader does not see: not found.
		if err := s.AddWorkLink(ctx, actor, huoshui.Scope{Paths: []string{f.p.tr.branchB.Path}}, link(huoshui.TargetTask, f.task.ID, "变化")); !errors.Is(err, huoshui.ErrNotFound) {
			t.Fatalf("invisible activity: %v", err)
		}
		if h, l := counts(); h != 1 || l != 0 {
			t.Fatalf("after refusals: held %d linked %d", h, l)
		}

		a := link(huoshui.TargetTask, f.task.ID, "  收发登记从纸质台账改为系统留痕，差错为零。 ")
		if err := s.AddWorkLink(ctx, actor, branchA, a); err != nil {
			t.Fatal(err)
		}
		if a.Note != "收发登记从纸质台账改为系统留痕，差错为零。" {
			t.Fatalf("note kept as %q", a.Note)
		}
		if got := fieldCodes(s.AddWorkLink(ctx, actor, branchA, link(huoshui.TargetTask, f.task.ID, "再来一次"))); len(got) != 1 || got[0] != "target:work_link.duplicate" {
			t.Fatalf("duplicate: %v", got)
		}
		b := link(huoshui.TargetOutput, f.innovation.ID, "返工率明显下降")
		if err := s.AddWorkLink(ctx, actor, branchA, b); err != nil {
			t.Fatal(err)
		}
		if h, l := counts(); h != 1 || l != 1 {
			t.Fatalf("two links: held %d linked %d, want 1 1", h, l)
		}
		ls, err := s.FindActivityLinks(ctx, branchA, huoshui.ActivityMeeting, f.meeting.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ls) != 2 || ls[0].TargetTitle != "机要件收发登记全程留痕" || ls[1].OutputKind != huoshui.OutputInnovation || ls[1].TargetTitle != "文印质量三级校核" {
			t.Fatalf("activity links: %+v", ls)
		}
		behind, err := s.FindTargetLinks(ctx, branchA, huoshui.TargetOutput, f.innovation.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(behind) != 1 || behind[0].ActivityTitle != "主题党日" || behind[0].ActivityOn != huoshui.NewDate(2026, 5, 20) ||
			behind[0].ActivityType != string(huoshui.MeetingThemeDay) || behind[0].Note != "返工率明显下降" {
			t.Fatalf("target links: %+v", behind)
		}
		// Someone of branch B sees neither end's side.
		if none, _ := s.FindTargetLinks(ctx, huoshui.Scope{Paths: []string{f.p.tr.branchB.Path}}, huoshui.TargetOutput, f.innovation.ID); len(none) != 0 {
			t.Fatalf("branch B sees %+v", none)
		}
		if _, err := s.FindWorkLinkByID(ctx, huoshui.Scope{Paths: []string{f.p.tr.branchB.Path}}, a.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Fatalf("branch B finds the link: %v", err)
		}

		// Removing one keeps the activity linked; removing both does not;
		// the undo brings it back.
		for _, id := range []int64{a.ID, b.ID} {
			if err := s.RemoveWorkLink(ctx, actor, branchA, id, false); err != nil {
				t.Fatal(err)
			}
		}
		if h, l := counts(); h != 1 || l != 0 {
			t.Fatalf("removed: held %d linked %d, want 1 0", h, l)
		}
		if got, err := s.FindWorkLinkByID(ctx, branchA, a.ID); err != nil || got.RemovedAt == nil {
			t.Fatalf("removed link: %+v %v", got, err)
		}
		if err := s.RestoreWorkLink(ctx, actor, branchA, a.ID); err != nil {
			t.Fatal(err)
		}
		if h, l := counts(); h != 1 || l != 1 {
			t.Fatalf("restored: held %d linked %d, want 1 1", h, l)
		}
		// A restore beside a new live link of the same pair is refused.
		c := link(huoshui.TargetOutput, f.innovation.ID, "再次关联")
		if err := s.AddWorkLink(ctx, actor, branchA, c); err != nil {
			t.Fatal(err)
		}
		if got := fieldCodes(s.RestoreWorkLink(ctx, actor, branchA, b.ID)); len(got) != 1 || got[0] != "target:work_link.duplicate" {
			t.Fatalf("restore of a duplicate: %v", got)
		}
		targets, err := s.FindLinkTargets(ctx, branchA, f.p.tr.branchA)
		if err != nil {
			t.Fatal(err)
		}
		if len(targets) != 2 {
			t.Fatalf("link targets: %+v", targets)
		}
	})
}

// The kept activity counts equal a fresh count from the records after a
// random run of writes: meetings created (one by one and in bulk),
// attended, cancelled and restored, moved across months; lectures and
// discussions recorded and moved; links added, removed and restored.
func TestActivityCountsFollowRandomWrites(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := makeLinkFixture(t, s)
		p := f.p
		rng := rand.New(rand.NewPCG(23, 8))
		everything := huoshui.Everything()
		type act struct {
			kind huoshui.ActivityKind
			id   int64
		}
		acts := []act{{huoshui.ActivityMeeting, f.meeting.ID}}
		meetings := []int64{f.meeting.ID}
		var lectures, discussions, links []int64
		targets := []struct {
			kind huoshui.TargetKind
			id   int64
		}{{huoshui.TargetTask, f.task.ID}, {huoshui.TargetOutput, f.innovation.ID}}
		randomAt := func() time.Time {
			return time.Date(2026, time.Month(1+rng.IntN(6)), 1+rng.IntN(28), rng.IntN(24), 30, 0, 0, huoshui.Shanghai)
		}
		randomDay := func() huoshui.Date { return huoshui.DateOf(randomAt()) }
		pick := func(xs []int64) int64 { return xs[rng.IntN(len(xs))] }
		for step := range 160 {
			var err error
			switch op := rng.IntN(11); op {
			case 0:
				m := themeDayAt(p, randomAt())
				if err = s.CreateMeeting(ctx, actor, m, []int64{p.sec.ID, p.a3.ID}); err == nil {
					meetings = append(meetings, m.ID)
					acts = append(acts, act{huoshui.ActivityMeeting, m.ID})
				}
			case 1:
				att := []huoshui.Attendance{huoshui.AttendancePresent, huoshui.AttendanceAbsent}[rng.IntN(2)]
				err = s.SetAttendance(ctx, actor, pick(meetings), []store.AttendanceMark{{MemberID: []int64{p.sec.ID, p.a3.ID}[rng.IntN(2)], Attendance: att}})
			case 2:
				err = s.CancelMeeting(ctx, actor, pick(meetings), rng.IntN(2) == 0)
			case 3:
				m, e := s.FindMeetingByID(ctx, everything, pick(meetings))
				if e != nil {
					t.Fatal(e)
				}
				at := randomAt()
				m.StartsAt, m.EndsAt = at.UTC(), at.Add(2*time.Hour).UTC()
				err = s.UpdateMeeting(ctx, actor, m.ID, m)
			case 4:
				l := &huoshui.Lecture{OrgID: p.tr.branchA.ID, LecturerID: p.sec.ID, Topic: "微党课", HeldOn: randomDay(), Minutes: 30}
				if err = s.CreateLecture(ctx, actor, l); err == nil {
					lectures = append(lectures, l.ID)
					acts = append(acts, act{huoshui.ActivityLecture, l.ID})
				}
			case 5:
				if len(lectures) > 0 {
					l, e := s.FindLectureByID(ctx, everything, pick(lectures))
					if e != nil {
						t.Fatal(e)
					}
					l.HeldOn = randomDay()
					err = s.UpdateLecture(ctx, actor, l.ID, l)
				}
			case 6:
				d := &huoshui.Discussion{OrgID: []int64{p.tr.branchA.ID, p.tr.committee.ID}[rng.IntN(2)], Topic: "集体研讨", HeldOn: randomDay(), Minutes: 60}
				if err = s.CreateDiscussion(ctx, actor, d); err == nil {
					discussions = append(discussions, d.ID)
					acts = append(acts, act{huoshui.ActivityDiscussion, d.ID})
				}
			case 7:
				if len(discussions) > 0 {
					d, e := s.FindDiscussionByID(ctx, everything, pick(discussions))
					if e != nil {
						t.Fatal(e)
					}
					d.HeldOn = randomDay()
					err = s.UpdateDiscussion(ctx, actor, d.ID, d)
				}
			case 8, 9:
				a, tg := acts[rng.IntN(len(acts))], targets[rng.IntN(len(targets))]
				l := &huoshui.WorkLink{ActivityKind: a.kind, ActivityID: a.id, TargetKind: tg.kind, TargetID: tg.id, Note: "工作有了变化"}
				if err = s.AddWorkLink(ctx, actor, everything, l); err == nil {
					links = append(links, l.ID)
				}
			case 10:
				if len(links) > 0 {
					err = s.RemoveWorkLink(ctx, actor, everything, pick(links), rng.IntN(2) == 0)
				}
			}
			var ve *huoshui.ValidationError
			if err != nil && !errors.As(err, &ve) {
				t.Fatalf("step %d: %v", step, err)
			}
			if step%20 == 19 {
				checkActivityCounts(t, s, p)
			}
		}
		// A bulk load: one held early on 1 March (still February in UTC), one
		// nobody came to.
		held, empty := themeDayAt(p, time.Date(2026, 3, 1, 7, 0, 0, 0, huoshui.Shanghai)), themeDayAt(p, time.Date(2026, 2, 4, 9, 0, 0, 0, huoshui.Shanghai))
		if err := s.BulkCreateMeetings(ctx, actor, []store.BulkMeeting{
			{Meeting: held, Invitees: []store.BulkInvitee{{MemberID: p.sec.ID, Attendance: huoshui.AttendancePresent}}},
			{Meeting: empty, Invitees: []store.BulkInvitee{{MemberID: p.sec.ID, Attendance: huoshui.AttendanceAbsent}}},
		}); err != nil {
			t.Fatal(err)
		}
		checkActivityCounts(t, s, p)
		// Migration 0023's backfill counts the same held activities from
		// the records (Shanghai months from UTC times on both engines).
		kept, err := s.HeldByMonth(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		backfill, err := s.HeldByMonth(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(kept) != fmt.Sprint(backfill) || len(kept) == 0 {
			t.Errorf("held by month: kept %v, backfill %v", kept, backfill)
		}
	})
}

// checkActivityCounts compares the kept counts of every org, month by
// month, over the year, over a period cutting months, and rolled up, with
// a count from the records.
func checkActivityCounts(t *testing.T, s *store.Store, p bulkPeople) {
	t.Helper()
	ctx := context.Background()
	type key struct {
		org   int64
		month string
	}
	fresh := map[key]*huoshui.ActivityCount{}
	type rec struct {
		on     huoshui.Date
		linked bool
	}
	var recs []rec
	count := func(org int64, on huoshui.Date, kind huoshui.ActivityKind, id int64) {
		k := key{org, on.String()[:7]}
		if fresh[k] == nil {
			fresh[k] = &huoshui.ActivityCount{}
		}
		fresh[k].Held++
		ls, err := s.FindActivityLinks(ctx, huoshui.Everything(), kind, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(ls) > 0 {
			fresh[k].Linked++
		}
		recs = append(recs, rec{on, len(ls) > 0})
	}
	ms, _, err := s.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Everything()})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Tally.Present > 0 {
			count(m.OrgID, huoshui.DateOf(m.StartsAt.In(huoshui.Shanghai)), huoshui.ActivityMeeting, m.ID)
		}
	}
	ls, err := s.FindLectures(ctx, store.LectureFilter{Scope: huoshui.Everything()})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		count(l.OrgID, l.HeldOn, huoshui.ActivityLecture, l.ID)
	}
	ds, err := s.FindDiscussions(ctx, store.DiscussionFilter{Scope: huoshui.Everything()})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		count(d.OrgID, d.HeldOn, huoshui.ActivityDiscussion, d.ID)
	}
	orgs := []*huoshui.Org{p.tr.committee, p.tr.branchA, p.tr.branchB}
	var total huoshui.ActivityCount
	for _, o := range orgs {
		var year huoshui.ActivityCount
		for m := 1; m <= 12; m++ {
			from := huoshui.NewDate(2026, time.Month(m), 1)
			h, l, err := s.ActivityCounts(ctx, o, false, from, from.AddDate(0, 1, -1))
			if err != nil {
				t.Fatal(err)
			}
			var want huoshui.ActivityCount
			if c := fresh[key{o.ID, fmt.Sprintf("2026-%02d", m)}]; c != nil {
				want = *c
			}
			if (huoshui.ActivityCount{Held: h, Linked: l}) != want {
				t.Fatalf("%s 2026-%02d: kept %d/%d, fresh %+v", o.Name, m, h, l, want)
			}
			year.Held, year.Linked = year.Held+want.Held, year.Linked+want.Linked
		}
		byOrg, err := s.ActivityCountsByOrg(ctx, o, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if o != p.tr.committee && byOrg[o.ID] != year {
			t.Fatalf("%s by org: %+v, want %+v", o.Name, byOrg[o.ID], year)
		}
		total.Held, total.Linked = total.Held+year.Held, total.Linked+year.Linked
	}
	h, l, err := s.ActivityCounts(ctx, p.tr.committee, true, huoshui.NewDate(2026, 1, 1), huoshui.NewDate(2026, 12, 31))
	if err != nil {
		t.Fatal(err)
	}
	if (huoshui.ActivityCount{Held: h, Linked: l}) != total {
		t.Fatalf("committee's subtree: %d/%d, want %+v", h, l, total)
	}
	// A period that cuts months at both ends reads those from the records.
	from, to := huoshui.NewDate(2026, 2, 10), huoshui.NewDate(2026, 5, 17)
	h, l, err = s.ActivityCounts(ctx, p.tr.committee, true, from, to)
	if err != nil {
		t.Fatal(err)
	}
	var want huoshui.ActivityCount
	for _, r := range recs {
		if !r.on.Before(from) && !r.on.After(to) {
			want.Held++
			if r.linked {
				want.Linked++
			}
		}
	}
	if (huoshui.ActivityCount{Held: h, Linked: l}) != want {
		t.Fatalf("from %s to %s: %d/%d, want %+v", from, to, h, l, want)
	}
}
