package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The ledger of an org and a year lists the live links of its activities
// of that year — a meeting by its day in Beijing time, a lecture by its
// day — by day; a removed link goes; a committee sees its branches' with
// subtree; another branch's reader sees none.
func TestFindOrgLinks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := makeLinkFixture(t, s)
		branchA := huoshui.Scope{Paths: []string{f.p.tr.branchA.Path}}
		add := func(kind huoshui.ActivityKind, id int64, tk huoshui.TargetKind, tid int64, note string) *huoshui.WorkLink {
			t.Helper()
			l := &huoshui.WorkLink{ActivityKind: kind, ActivityID: id, TargetKind: tk, TargetID: tid, Note: note}
			if err := s.AddWorkLink(ctx, actor, branchA, l); err != nil {
				t.Fatal(err)
			}
			return l
		}
		// A theme day early on 1 January in Beijing: still 31 December in UTC.
		newYear := themeDayAt(f.p, time.Date(2026, 1, 1, 6, 0, 0, 0, huoshui.Shanghai))
		if err := s.CreateMeeting(ctx, actor, newYear, []int64{f.p.sec.ID}); err != nil {
			t.Fatal(err)
		}
		lecture := &huoshui.Lecture{OrgID: f.p.tr.branchA.ID, LecturerID: f.p.sec.ID, Topic: "微党课：保密无小事",
			HeldOn: huoshui.NewDate(2025, 12, 31), Minutes: 30}
		if err := s.CreateLecture(ctx, actor, lecture); err != nil {
			t.Fatal(err)
		}
		innovation := add(huoshui.ActivityMeeting, f.meeting.ID, huoshui.TargetOutput, f.innovation.ID, "返工率明显下降")
		task := add(huoshui.ActivityMeeting, f.meeting.ID, huoshui.TargetTask, f.task.ID, "收发登记系统留痕")
		early := add(huoshui.ActivityMeeting, newYear.ID, huoshui.TargetTask, f.task.ID, "年初部署督办")
		old := add(huoshui.ActivityLecture, lecture.ID, huoshui.TargetOutput, f.innovation.ID, "校核意识增强")
		gone := add(huoshui.ActivityLecture, lecture.ID, huoshui.TargetTask, f.task.ID, "取消的关联")
		if err := s.RemoveWorkLink(ctx, actor, branchA, gone.ID, false); err != nil {
			t.Fatal(err)
		}

		ids := func(scope huoshui.Scope, org *huoshui.Org, subtree bool, year int) []int64 {
			t.Helper()
			ls, err := s.FindOrgLinks(ctx, scope, org, subtree, huoshui.NewDate(year, 1, 1), huoshui.NewDate(year, 12, 31))
			if err != nil {
				t.Fatal(err)
			}
			out := []int64{}
			for _, l := range ls {
				out = append(out, l.ID)
			}
			return out
		}
		same := func(what string, got []int64, want ...int64) {
			t.Helper()
			if len(got) != len(want) {
				t.Fatalf("%s: links %v, want %v", what, got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%s: links %v, want %v", what, got, want)
				}
			}
		}
		same("branch A 2026", ids(branchA, f.p.tr.branchA, false, 2026), early.ID, innovation.ID, task.ID)
		same("branch A 2025", ids(branchA, f.p.tr.branchA, false, 2025), old.ID)
		committee := huoshui.Scope{Paths: []string{f.p.tr.committee.Path}}
		same("committee's subtree 2026", ids(committee, f.p.tr.committee, true, 2026), early.ID, innovation.ID, task.ID)
		same("committee alone", ids(committee, f.p.tr.committee, false, 2026))
		same("branch B's reader", ids(huoshui.Scope{Paths: []string{f.p.tr.branchB.Path}}, f.p.tr.branchA, false, 2026))
		same("nobody", ids(huoshui.Scope{}, f.p.tr.branchA, false, 2026))

		ls, err := s.FindOrgLinks(ctx, branchA, f.p.tr.branchA, true, huoshui.NewDate(2026, 1, 1), huoshui.NewDate(2026, 12, 31))
		if err != nil {
			t.Fatal(err)
		}
		l := ls[2]
		if l.ActivityOn != huoshui.NewDate(2026, 5, 20) || l.ActivityType != string(huoshui.MeetingThemeDay) ||
			l.TargetTitle != f.task.Content || l.Note != "收发登记系统留痕" || l.OrgName != f.p.tr.branchA.Name {
			t.Errorf("the theme day's link reads %+v", l)
		}
		if ls[0].ActivityOn != huoshui.NewDate(2026, 1, 1) {
			t.Errorf("the new-year theme day is dated %s", ls[0].ActivityOn)
		}
	})
}
