package store_test

import (
	"context"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The life version of a branch or group moves with every change its
// meeting list and compliance calendar show, and only then: a page kept
// under it is never stale, and is not thrown away for nothing.
func TestLifeVersionFollowsWhatThePagesShow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		versions := func() map[string]int64 {
			t.Helper()
			out := map[string]int64{}
			for name, o := range map[string]*huoshui.Org{"committee": tr.committee, "branchA": tr.branchA,
				"branchB": tr.branchB, "groupA": tr.groupA} {
				v, err := s.LifeVersion(ctx, o.ID)
				if err != nil {
					t.Fatal(err)
				}
				out[name] = v
			}
			return out
		}
		last := versions()
		// moved checks that exactly the named nodes moved since the last call.
		moved := func(when string, names ...string) {
			t.Helper()
			now := versions()
			for name, v := range now {
				want := false
				for _, n := range names {
					want = want || n == name
				}
				if got := v != last[name]; got != want {
					t.Errorf("%s: %s's life version moved %v (from %d to %d), want %v", when, name, got, last[name], v, want)
				}
			}
			last = now
		}

		group := createMeeting(t, s, planMeeting(tr.groupA, huoshui.MeetingGroup, "党小组会", at(2026, 3, 10, 15, 0)), nil)
		moved("a group's meeting planned", "groupA", "branchA")
		branch := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingCommittee, "支委会", at(2026, 3, 12, 9, 0)), nil)
		moved("a branch's meeting planned", "branchA")
		if err := s.SetAttendance(ctx, actor, group.ID, []store.AttendanceMark{{MemberID: p.grouped.ID, Attendance: huoshui.AttendancePresent}}); err != nil {
			t.Fatal(err)
		}
		moved("attendance at the group's meeting", "groupA", "branchA")
		if _, err := s.CheckIns(ctx, []store.CheckIn{{MeetingID: branch.ID, MemberID: p.secretary.ID, Actor: actor}}); err != nil {
			t.Fatal(err)
		}
		moved("a check-in at the branch's meeting", "branchA")
		if _, err := s.CheckIns(ctx, []store.CheckIn{{MeetingID: branch.ID, MemberID: p.outsider.ID, Actor: actor}}); err != nil {
			t.Fatal(err)
		}
		moved("a check-in refused (not invited)")
		if err := s.CancelMeeting(ctx, actor, branch.ID, false); err != nil {
			t.Fatal(err)
		}
		moved("the branch's meeting called off", "branchA")
		edited := *group
		edited.Title = "党小组学习会"
		if err := s.UpdateMeeting(ctx, actor, group.ID, &edited); err != nil {
			t.Fatal(err)
		}
		moved("the group's meeting renamed", "groupA", "branchA")
		createMeeting(t, s, planMeeting(tr.committee, huoshui.MeetingCommittee, "党委会", at(2026, 3, 13, 9, 0)), nil)
		moved("the committee's meeting planned", "committee")
		if err := s.MarkNoticeSent(ctx, actor, group.ID); err != nil {
			t.Fatal(err)
		}
		moved("a notice sent (no list shows it)")

		name := "第二党小组"
		if _, err := s.UpdateOrg(ctx, actor, tr.groupA.ID, huoshui.OrgUpdate{Name: &name}); err != nil {
			t.Fatal(err)
		}
		moved("the group renamed", "groupA", "branchA")
		newGroup := createOrg(t, s, tr.branchB.ID, huoshui.OrgGroup, "第三党小组")
		moved("a group added to branch B", "branchB")
		if _, err := s.MoveOrg(ctx, actor, newGroup.ID, tr.branchA.ID); err != nil {
			t.Fatal(err)
		}
		moved("the empty group moved to branch A", "branchA", "branchB")
		if err := s.ArchiveOrg(ctx, actor, newGroup.ID); err != nil {
			t.Fatal(err)
		}
		moved("the group archived", "branchA")
	})
}
