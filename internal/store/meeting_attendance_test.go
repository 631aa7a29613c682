package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// Attendance ticked by hand changes the tally a user reads on the meeting
// (present, on leave, absent) and the quorum: more than half of those
// with a vote present.
func TestSetAttendanceTally(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		m := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingGeneral, "党员大会", at(2026, 3, 10, 9, 0)), nil)
		set := func(marks ...store.AttendanceMark) {
			t.Helper()
			if err := s.SetAttendance(ctx, actor, m.ID, marks); err != nil {
				t.Fatal(err)
			}
		}
		tally := func(want huoshui.AttendanceTally, quorum bool, when string) {
			t.Helper()
			got := findMeeting(t, s, m.ID)
			if got.Tally != want || got.HasQuorum() != quorum {
				t.Errorf("%s: tally %+v quorum %v, want %+v quorum %v", when, got.Tally, got.HasQuorum(), want, quorum)
			}
		}
		tally(huoshui.AttendanceTally{Invited: 4, Voting: 3}, false, "planned")

		set(store.AttendanceMark{MemberID: p.secretary.ID, Attendance: huoshui.AttendancePresent},
			store.AttendanceMark{MemberID: p.organiser.ID, Attendance: huoshui.AttendanceLeave, LeaveReason: "  赴京 出差  "},
			store.AttendanceMark{MemberID: p.grouped.ID, Attendance: huoshui.AttendanceAbsent},
			store.AttendanceMark{MemberID: p.probationary.ID, Attendance: huoshui.AttendancePresent})
		tally(huoshui.AttendanceTally{Present: 2, Leave: 1, Absent: 1, Invited: 4, Voting: 3, VotingPresent: 1}, false,
			"one of three with a vote present")
		inv := invitees(t, s, m.ID)
		if inv[p.organiser.ID].Attendance != huoshui.AttendanceLeave || inv[p.organiser.ID].LeaveReason != "赴京 出差" {
			t.Errorf("leave recorded as %+v, want leave with its reason tidied", inv[p.organiser.ID])
		}
		if inv[p.secretary.ID].CheckedInAt != nil {
			t.Errorf("attendance ticked by hand has a check-in time: %v", inv[p.secretary.ID].CheckedInAt)
		}

		set(store.AttendanceMark{MemberID: p.grouped.ID, Attendance: huoshui.AttendancePresent})
		tally(huoshui.AttendanceTally{Present: 3, Leave: 1, Invited: 4, Voting: 3, VotingPresent: 2}, true,
			"two of three with a vote present")

		// Back from leave: present, and the reason goes.
		set(store.AttendanceMark{MemberID: p.organiser.ID, Attendance: huoshui.AttendancePresent, LeaveReason: "出差"})
		tally(huoshui.AttendanceTally{Present: 4, Invited: 4, Voting: 3, VotingPresent: 3}, true, "everyone present")
		if r := invitees(t, s, m.ID)[p.organiser.ID].LeaveReason; r != "" {
			t.Errorf("present with a leave reason %q", r)
		}
		// Untaken again.
		set(store.AttendanceMark{MemberID: p.probationary.ID, Attendance: huoshui.AttendanceUnknown})
		tally(huoshui.AttendanceTally{Present: 3, Invited: 4, Voting: 3, VotingPresent: 3}, true, "one untaken")

		// Refused, with nothing written: a leave without its reason, a
		// state that is not one, anyone not invited — even beside good marks.
		audits := auditTotal(t, s)
		refused := []struct {
			name        string
			marks       []store.AttendanceMark
			field, code string
		}{
			{"leave without a reason", []store.AttendanceMark{{MemberID: p.secretary.ID, Attendance: huoshui.AttendanceLeave, LeaveReason: "  "}},
				"leave_reason", "meeting.leave_needs_reason"},
			{"no such state", []store.AttendanceMark{{MemberID: p.secretary.ID, Attendance: "late"}}, "attendance", "invalid_choice"},
			{"not invited", []store.AttendanceMark{
				{MemberID: p.secretary.ID, Attendance: huoshui.AttendanceAbsent},
				{MemberID: p.applicant.ID, Attendance: huoshui.AttendancePresent}}, "attendance", "meeting.not_invited"},
			{"of another branch", []store.AttendanceMark{{MemberID: p.outsider.ID, Attendance: huoshui.AttendancePresent}},
				"attendance", "meeting.not_invited"},
		}
		for _, c := range refused {
			err := s.SetAttendance(ctx, actor, m.ID, c.marks)
			if got := userFieldCode(err, c.field); got != c.code {
				t.Errorf("%s: got %v, want %s: %s", c.name, err, c.field, c.code)
			}
		}
		tally(huoshui.AttendanceTally{Present: 3, Invited: 4, Voting: 3, VotingPresent: 3}, true, "after refused marks")
		if _, ok := invitees(t, s, m.ID)[p.applicant.ID]; ok {
			t.Error("a refused mark invited the applicant")
		}
		if n := auditTotal(t, s); n != audits {
			t.Errorf("refused marks wrote %d audit records", n-audits)
		}
		if err := s.SetAttendance(ctx, actor, 999999, []store.AttendanceMark{{MemberID: p.secretary.ID, Attendance: huoshui.AttendancePresent}}); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("attendance of no meeting: %v, want not found", err)
		}
	})
}

// A committee meeting's quorum is the committee's; a theme day that is
// also the general meeting needs the general meeting's.
func TestQuorumInputsFollowTheType(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		committee := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingCommittee, "支委会", at(2026, 3, 10, 9, 0)), nil)
		if err := s.SetAttendance(ctx, actor, committee.ID, []store.AttendanceMark{{MemberID: p.secretary.ID, Attendance: huoshui.AttendancePresent}}); err != nil {
			t.Fatal(err)
		}
		if got := findMeeting(t, s, committee.ID); got.Tally.Voting != 2 || got.Tally.VotingPresent != 1 || got.HasQuorum() {
			t.Errorf("committee meeting with one of two present: %+v, quorum %v; want no quorum", got.Tally, got.HasQuorum())
		}

		day := planMeeting(tr.branchA, huoshui.MeetingThemeDay, "主题党日", at(2026, 3, 12, 9, 0))
		createMeeting(t, s, day, nil)
		if got := findMeeting(t, s, day.ID); got.Tally.Voting != 0 || !got.HasQuorum() {
			t.Errorf("a plain theme day: %+v, quorum %v; want no votes and no quorum needed", got.Tally, got.HasQuorum())
		}
		// Now also the general meeting: full members get their vote.
		edit := findMeeting(t, s, day.ID)
		edit.AlsoCounts = []huoshui.MeetingType{huoshui.MeetingGeneral}
		if err := s.UpdateMeeting(ctx, actor, day.ID, edit); err != nil {
			t.Fatal(err)
		}
		inv := invitees(t, s, day.ID)
		if got := findMeeting(t, s, day.ID); got.Tally.Voting != 3 || got.HasQuorum() || !inv[p.grouped.ID].Voting || inv[p.probationary.ID].Voting {
			t.Errorf("theme day that is also the general meeting: %+v, quorum %v, votes %v", got.Tally, got.HasQuorum(), inv)
		}
	})
}

// Changing who is invited keeps the attendance of those kept and the
// tally follows; nobody from outside the branch may be added.
func TestSetInvitees(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		m := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingLecture, "专题党课", at(2026, 3, 10, 9, 0)),
			[]int64{p.secretary.ID, p.grouped.ID})
		if err := s.SetAttendance(ctx, actor, m.ID, []store.AttendanceMark{
			{MemberID: p.secretary.ID, Attendance: huoshui.AttendancePresent},
			{MemberID: p.grouped.ID, Attendance: huoshui.AttendanceLeave, LeaveReason: "病假"}}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetInvitees(ctx, actor, m.ID, []int64{p.grouped.ID, p.applicant.ID}); err != nil {
			t.Fatal(err)
		}
		inv := invitees(t, s, m.ID)
		if !sameIDs(inv, p.grouped, p.applicant) || inv[p.grouped.ID].LeaveReason != "病假" || inv[p.applicant.ID].Attendance != huoshui.AttendanceUnknown {
			t.Errorf("invitees after the change: %+v", inv)
		}
		if got := findMeeting(t, s, m.ID).Tally; got != (huoshui.AttendanceTally{Leave: 1, Invited: 2}) {
			t.Errorf("tally after dropping the one present: %+v", got)
		}
		if cs := monthCounts(t, s, tr.committee); len(cs) != 0 {
			t.Errorf("a lecture with nobody present left counts: %v", cs)
		}
		err := s.SetInvitees(ctx, actor, m.ID, []int64{p.grouped.ID, p.outsider.ID})
		if userFieldCode(err, "invitees") != "meeting.invitee_outside" {
			t.Errorf("inviting a member of another branch: %v", err)
		}
		if inv := invitees(t, s, m.ID); !sameIDs(inv, p.grouped, p.applicant) {
			t.Errorf("a refused change changed the invitees: %+v", inv)
		}
	})
}

// A check-in records a member present once: a second scan changes nothing
// and answers when the first was. Someone not invited is refused and
// nothing is recorded. In a batch each check-in stands on its own.
func TestCheckIns(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clock := newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		general := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingGeneral, "党员大会", at(2026, 3, 2, 9, 0)), nil)
		group := createMeeting(t, s, planMeeting(tr.groupA, huoshui.MeetingGroup, "党小组会", at(2026, 3, 2, 14, 0)), nil)
		checkIn := func(cs ...store.CheckIn) []store.CheckInResult {
			t.Helper()
			res, err := s.CheckIns(ctx, cs)
			if err != nil {
				t.Fatal(err)
			}
			if len(res) != len(cs) {
				t.Fatalf("%d results for %d check-ins", len(res), len(cs))
			}
			return res
		}
		first := clock.now()
		res := checkIn(store.CheckIn{MeetingID: general.ID, MemberID: p.secretary.ID, Actor: actor})
		if res[0].Err != nil || res[0].Already || !res[0].At.Equal(first) {
			t.Errorf("first check-in: %+v, want recorded at %v", res[0], first)
		}
		clock.add(10 * time.Minute)
		res = checkIn(store.CheckIn{MeetingID: general.ID, MemberID: p.secretary.ID, Actor: actor})
		if res[0].Err != nil || !res[0].Already || !res[0].At.Equal(first) {
			t.Errorf("second check-in: %+v, want already, at %v", res[0], first)
		}
		if in := invitees(t, s, general.ID)[p.secretary.ID]; in.Attendance != huoshui.AttendancePresent || in.CheckedInAt == nil || !in.CheckedInAt.Equal(first) {
			t.Errorf("after two scans: %+v, want present since %v", in, first)
		}
		if got := findMeeting(t, s, general.ID).Tally; got.Present != 1 || got.VotingPresent != 1 {
			t.Errorf("tally after two scans by one member: %+v", got)
		}

		// Not invited: refused, nothing recorded.
		audits := auditTotal(t, s)
		res = checkIn(store.CheckIn{MeetingID: general.ID, MemberID: p.applicant.ID, Actor: actor},
			store.CheckIn{MeetingID: group.ID, MemberID: p.secretary.ID, Actor: actor})
		for i, r := range res {
			if !errors.Is(r.Err, store.ErrNotInvited) {
				t.Errorf("check-in %d by someone not invited: %+v, want ErrNotInvited", i, r)
			}
		}
		if _, ok := invitees(t, s, general.ID)[p.applicant.ID]; ok {
			t.Error("a refused check-in invited the applicant")
		}
		if got := findMeeting(t, s, group.ID).Tally; got.Present != 0 {
			t.Errorf("a refused check-in counted: %+v", got)
		}
		if n := auditTotal(t, s); n != audits {
			t.Errorf("refused check-ins wrote %d audit records", n-audits)
		}

		// A mixed batch: each result on its own, the good ones recorded.
		if err := s.SetAttendance(ctx, actor, general.ID, []store.AttendanceMark{{MemberID: p.organiser.ID, Attendance: huoshui.AttendanceLeave, LeaveReason: "出差"}}); err != nil {
			t.Fatal(err)
		}
		clock.add(time.Minute)
		second := clock.now()
		res = checkIn(
			store.CheckIn{MeetingID: group.ID, MemberID: p.grouped.ID, Actor: actor},             // recorded
			store.CheckIn{MeetingID: general.ID, MemberID: p.outsider.ID, Actor: actor},          // not invited
			store.CheckIn{MeetingID: general.ID, MemberID: p.secretary.ID, Actor: actor},         // already
			store.CheckIn{MeetingID: 999999, MemberID: p.secretary.ID, Actor: actor},             // no meeting
			store.CheckIn{MeetingID: general.ID, MemberID: p.organiser.ID, Actor: actor},         // back from leave
			store.CheckIn{MeetingID: group.ID, MemberID: p.grouped.ID, Actor: actor},             // twice in one batch
			store.CheckIn{MeetingID: general.ID, MemberID: p.probationary.ID, Actor: actor},      // recorded
			store.CheckIn{MeetingID: group.ID, MemberID: p.probationary.ID, Actor: actor},        // recorded
			store.CheckIn{MeetingID: general.ID, MemberID: p.archived.ID, Actor: actor},          // left: not invited
			store.CheckIn{MeetingID: group.ID, MemberID: p.secretary.ID, Actor: actor},           // not in the group
			store.CheckIn{MeetingID: general.ID, MemberID: p.applicant.ID, Actor: actor},         // not invited
			store.CheckIn{MeetingID: general.ID, MemberID: p.grouped.ID, Actor: huoshui.Actor{}}, // recorded
		)
		type want struct {
			err     error
			already bool
			at      time.Time
		}
		wants := []want{
			{nil, false, second}, {store.ErrNotInvited, false, time.Time{}}, {nil, true, first},
			{huoshui.ErrNotFound, false, time.Time{}}, {nil, false, second}, {nil, true, second},
			{nil, false, second}, {nil, false, second}, {store.ErrNotInvited, false, time.Time{}},
			{store.ErrNotInvited, false, time.Time{}}, {store.ErrNotInvited, false, time.Time{}}, {nil, false, second},
		}
		for i, w := range wants {
			r := res[i]
			if !errors.Is(r.Err, w.err) || (w.err == nil) != (r.Err == nil) || r.Already != w.already || !r.At.Equal(w.at) {
				t.Errorf("batch check-in %d: %+v, want %+v", i, r, w)
			}
		}
		inv := invitees(t, s, general.ID)
		if o := inv[p.organiser.ID]; o.Attendance != huoshui.AttendancePresent || o.LeaveReason != "" {
			t.Errorf("checked in after a leave: %+v, want present without the reason", o)
		}
		if got := findMeeting(t, s, general.ID).Tally; got != (huoshui.AttendanceTally{Present: 4, Invited: 4, Voting: 3, VotingPresent: 3}) {
			t.Errorf("general meeting after the batch: %+v", got)
		}
		if got := findMeeting(t, s, group.ID).Tally; got != (huoshui.AttendanceTally{Present: 2, Invited: 2}) {
			t.Errorf("group meeting after the batch: %+v", got)
		}
		want2 := counted(tr.branchA, "2026-03", huoshui.MeetingGeneral)
		for k, v := range counted(tr.groupA, "2026-03", huoshui.MeetingGroup) {
			want2[k] = v
		}
		wantCounts(t, "after the check-ins", monthCounts(t, s, tr.committee), want2)

		// One audit record per check-in recorded, none for the others.
		checkins := func(id int64) int {
			n := 0
			for _, a := range auditActions(t, s, "meeting", id) {
				if a == "checkin" {
					n++
				}
			}
			return n
		}
		if g, gr := checkins(general.ID), checkins(group.ID); g != 4 || gr != 2 {
			t.Errorf("check-in audit records: general %d, group %d; want 4 and 2", g, gr)
		}
		if got := auditActions(t, s, "meeting", group.ID); !slices.Contains(got, huoshui.AuditCreate) {
			t.Errorf("group meeting audit %v lacks its creation", got)
		}
	})
}
