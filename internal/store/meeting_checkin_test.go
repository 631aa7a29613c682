package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// A batch of check-ins moves the meeting's kept tally and the monthly
// counts by what it recorded, without recounting: the tally still equals
// a recount of the invitees, whatever each had before (nothing, leave,
// absent, present already), and a batch of repeats writes nothing.
func TestCheckInsKeepTheTally(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := makeBulkPeople(t, s)
		m := p.generalMeeting("党员大会")
		if err := s.CreateMeeting(ctx, actor, m, []int64{p.sec.ID, p.prob.ID, p.a3.ID, p.a4.ID}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetAttendance(ctx, actor, m.ID, []store.AttendanceMark{
			{MemberID: p.prob.ID, Attendance: huoshui.AttendanceLeave, LeaveReason: "出差"},
			{MemberID: p.a3.ID, Attendance: huoshui.AttendanceAbsent},
		}); err != nil {
			t.Fatal(err)
		}
		recount := func() huoshui.AttendanceTally {
			inv, err := s.FindInvitees(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			var tl huoshui.AttendanceTally
			for _, i := range inv {
				tl.Invited++
				switch i.Attendance {
				case huoshui.AttendancePresent:
					tl.Present++
				case huoshui.AttendanceLeave:
					tl.Leave++
				case huoshui.AttendanceAbsent:
					tl.Absent++
				}
				if i.Voting {
					tl.Voting++
					if i.Attendance == huoshui.AttendancePresent {
						tl.VotingPresent++
					}
				}
			}
			return tl
		}
		kept := func() huoshui.AttendanceTally {
			got, err := s.FindMeetingByID(ctx, huoshui.Everything(), m.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got.Tally
		}
		in := func(id int64) store.CheckIn { return store.CheckIn{MeetingID: m.ID, MemberID: id, Actor: actor} }
		res, err := s.CheckIns(ctx, []store.CheckIn{in(p.sec.ID), in(p.prob.ID), in(p.a3.ID), in(p.sec.ID), in(p.other.ID)})
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Err != nil || res[0].Already || !res[3].Already || !errors.Is(res[4].Err, store.ErrNotInvited) {
			t.Errorf("results %+v", res)
		}
		want := huoshui.AttendanceTally{Present: 3, Invited: 4, Voting: 3, VotingPresent: 2}
		if got, rc := kept(), recount(); got != want || rc != want {
			t.Errorf("after the batch: kept %+v, recounted %+v, want %+v", got, rc, want)
		}
		counts, err := s.FindMeetingCounts(ctx, p.tr.committee, "2026-03", "2026-03")
		if err != nil || len(counts) != 2 {
			t.Errorf("monthly counts after the first presence: %+v, %v; want the general meeting and the lecture", counts, err)
		}
		if _, err := s.CheckIns(ctx, []store.CheckIn{in(p.sec.ID), in(p.a3.ID)}); err != nil {
			t.Fatal(err)
		}
		if got := kept(); got != want {
			t.Errorf("after repeats: %+v, want %+v", got, want)
		}
		again, _ := s.FindMeetingCounts(ctx, p.tr.committee, "2026-03", "2026-03")
		for _, c := range again {
			if c.N != 1 {
				t.Errorf("repeats moved the counts: %+v", again)
			}
		}
	})
}
