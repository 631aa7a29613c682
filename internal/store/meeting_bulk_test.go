package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// bulkPeople are the members of the bulk meeting tests: four in branch A
// (the secretary and a probationary member in its group), one in branch B.
type bulkPeople struct {
	tr                tree
	sec, prob, a3, a4 *huoshui.Member
	other             *huoshui.Member
	start             time.Time
}

func makeBulkPeople(t *testing.T, s *store.Store) bulkPeople {
	t.Helper()
	ctx := context.Background()
	p := bulkPeople{tr: makeTree(t, s), start: time.Date(2026, 3, 31, 23, 30, 0, 0, huoshui.Shanghai)}
	mk := func(org, group int64, name string, n int, post huoshui.CommitteePost, st huoshui.MemberStatus) *huoshui.Member {
		first17 := fmt.Sprintf("3701021985031200%d", n)
		m := fullMember(org, name, first17+string(huoshui.IDNumberCheckChar(first17)))
		m.GroupID, m.CommitteePost = group, post
		if st == huoshui.StatusProbationary {
			m.Status, m.FullOn = st, huoshui.Date{}
			m.ProbationOn = huoshui.NewDate(2025, 9, 1)
		}
		if err := s.CreateMember(ctx, actor, m); err != nil {
			t.Fatalf("member %s: %v", name, err)
		}
		return m
	}
	p.sec = mk(p.tr.branchA.ID, p.tr.groupA.ID, "李明远", 1, huoshui.PostSecretary, huoshui.StatusFull)
	p.prob = mk(p.tr.branchA.ID, p.tr.groupA.ID, "杨雪梅", 2, huoshui.PostNone, huoshui.StatusProbationary)
	p.a3 = mk(p.tr.branchA.ID, 0, "陈立新", 3, huoshui.PostOrganiser, huoshui.StatusFull)
	p.a4 = mk(p.tr.branchA.ID, 0, "赵丽", 4, huoshui.PostNone, huoshui.StatusFull)
	p.other = mk(p.tr.branchB.ID, 0, "孙浩", 5, huoshui.PostSecretary, huoshui.StatusFull)
	return p
}

// generalMeeting is a general meeting of branch A that also counts as the
// quarter's lecture; it starts at 23:30 on 31 March in Shanghai, which is
// still March there though already afternoon of the same day in UTC.
func (p bulkPeople) generalMeeting(title string) *huoshui.Meeting {
	return &huoshui.Meeting{OrgID: p.tr.branchA.ID, Type: huoshui.MeetingGeneral,
		AlsoCounts: []huoshui.MeetingType{huoshui.MeetingLecture}, Title: title,
		StartsAt: p.start.UTC(), EndsAt: p.start.Add(time.Hour).UTC(), Place: "会议室", HostID: p.sec.ID, RecorderID: p.a3.ID}
}

// A meeting loaded in bulk is stored as planning it and ticking its
// attendance one by one stores it: the same tally, votes, attendance and
// monthly counts; one that was called off, and one nobody came to, count
// for nothing.
func TestBulkMeetingsMatchOneByOne(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := makeBulkPeople(t, s)
		one := p.generalMeeting("第一季度党员大会")
		if err := s.CreateMeeting(ctx, actor, one, []int64{p.sec.ID, p.prob.ID, p.a3.ID, p.a4.ID}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetAttendance(ctx, actor, one.ID, []store.AttendanceMark{
			{MemberID: p.sec.ID, Attendance: huoshui.AttendancePresent},
			{MemberID: p.prob.ID, Attendance: huoshui.AttendancePresent},
			{MemberID: p.a3.ID, Attendance: huoshui.AttendanceLeave, LeaveReason: "出差"},
			{MemberID: p.a4.ID, Attendance: huoshui.AttendanceAbsent},
		}); err != nil {
			t.Fatal(err)
		}

		scanned := p.start.Add(-5 * time.Minute)
		entered := p.start.Add(48 * time.Hour) // written down two days later: 补录
		bulk := p.generalMeeting("第一季度党员大会")
		bulk.EnteredAt = entered
		off := p.generalMeeting("取消的党员大会")
		cancelled := p.start.Add(-24 * time.Hour)
		off.CancelledAt = &cancelled
		empty := p.generalMeeting("无人出席的党员大会")
		planned := p.generalMeeting("计划中的党员大会")
		planned.StartsAt, planned.EndsAt = planned.StartsAt.AddDate(1, 0, 0), planned.EndsAt.AddDate(1, 0, 0)
		everyone := func(att ...huoshui.Attendance) []store.BulkInvitee {
			var out []store.BulkInvitee
			for i, m := range []*huoshui.Member{p.sec, p.prob, p.a3, p.a4} {
				inv := store.BulkInvitee{MemberID: m.ID}
				if i < len(att) {
					inv.Attendance = att[i]
				}
				if inv.Attendance == huoshui.AttendanceLeave {
					inv.LeaveReason = "  出差 "
				}
				out = append(out, inv)
			}
			return out
		}
		batch := []store.BulkMeeting{
			{Meeting: bulk, Invitees: everyone(huoshui.AttendancePresent, huoshui.AttendancePresent, huoshui.AttendanceLeave, huoshui.AttendanceAbsent)},
			{Meeting: off, Invitees: everyone()},
			{Meeting: empty, Invitees: everyone(huoshui.AttendanceAbsent, huoshui.AttendanceLeave, huoshui.AttendanceAbsent, huoshui.AttendanceAbsent)},
			{Meeting: planned, Invitees: everyone()},
		}
		batch[0].Invitees[0].CheckedInAt = &scanned
		if err := s.BulkCreateMeetings(ctx, actor, batch); err != nil {
			t.Fatalf("bulk: %v", err)
		}
		for _, b := range batch {
			if b.Meeting.ID == 0 {
				t.Fatalf("%s: no id", b.Meeting.Title)
			}
		}

		a, err := s.FindMeetingByID(ctx, huoshui.Everything(), one.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.FindMeetingByID(ctx, huoshui.Everything(), bulk.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := huoshui.AttendanceTally{Present: 2, Leave: 1, Absent: 1, Invited: 4, Voting: 3, VotingPresent: 1}
		if a.Tally != want || b.Tally != want {
			t.Errorf("tally one by one %+v, in bulk %+v, want %+v", a.Tally, b.Tally, want)
		}
		if !b.LateEntry || !b.EnteredAt.Equal(entered) || b.Title != a.Title || b.HostID != a.HostID || b.RecorderID != a.RecorderID ||
			!b.StartsAt.Equal(a.StartsAt) || fmt.Sprint(b.AlsoCounts) != fmt.Sprint(a.AlsoCounts) {
			t.Errorf("bulk meeting stored as %+v, want like %+v entered %s (补录)", b, a, entered)
		}
		ia, _ := s.FindInvitees(ctx, one.ID)
		ib, _ := s.FindInvitees(ctx, bulk.ID)
		if len(ia) != 4 || len(ib) != 4 {
			t.Fatalf("invitees: %d one by one, %d in bulk", len(ia), len(ib))
		}
		for i := range ia {
			x, y := ia[i], ib[i]
			if x.MemberID != y.MemberID || x.Voting != y.Voting || x.Attendance != y.Attendance || x.LeaveReason != y.LeaveReason {
				t.Errorf("invitee %d: one by one %+v, in bulk %+v", i, x, y)
			}
		}
		for _, i := range ib {
			if scan := i.CheckedInAt; (i.MemberID == p.sec.ID) != (scan != nil && scan.Equal(scanned)) {
				t.Errorf("%s checked in at %v; only the secretary scanned, at %s", i.Name, scan, scanned)
			}
		}

		// Both held meetings count in March, as a general meeting and as a
		// lecture; the cancelled, the empty and the planned one do not.
		counts, err := s.FindMeetingCounts(ctx, p.tr.committee, "2026-01", "2027-12")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, c := range counts {
			got[fmt.Sprintf("%d %s %s", c.OrgID, c.Type, c.Month)] += c.N
		}
		wantCounts := map[string]int{
			fmt.Sprintf("%d general_meeting 2026-03", p.tr.branchA.ID): 2,
			fmt.Sprintf("%d lecture 2026-03", p.tr.branchA.ID):         2,
		}
		if fmt.Sprint(got) != fmt.Sprint(wantCounts) {
			t.Errorf("monthly counts %v, want %v", got, wantCounts)
		}

		// A later change through the normal path moves the same counts.
		if err := s.CancelMeeting(ctx, actor, bulk.ID, false); err != nil {
			t.Fatal(err)
		}
		counts, _ = s.FindMeetingCounts(ctx, p.tr.committee, "2026-03", "2026-03")
		for _, c := range counts {
			if c.N != 1 {
				t.Errorf("after cancelling the bulk meeting: %+v, want 1", c)
			}
		}

		// One audit record for the call.
		es, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Everything(), ObjectType: store.AuditSynthetic})
		if err != nil || len(es) != 1 || es[0].Action != huoshui.AuditImport {
			t.Errorf("audit of the bulk call: %+v, %v", es, err)
		}
	})
}

// A batch with one bad meeting writes nothing, and names the bad meeting's
// row.
func TestBulkMeetingsRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := makeBulkPeople(t, s)
		good := func() store.BulkMeeting {
			return store.BulkMeeting{Meeting: p.generalMeeting("党员大会"),
				Invitees: []store.BulkInvitee{{MemberID: p.sec.ID, Attendance: huoshui.AttendancePresent}}}
		}
		groupMeeting := func(ids ...int64) store.BulkMeeting {
			b := good()
			b.Meeting.OrgID, b.Meeting.Type, b.Meeting.AlsoCounts, b.Meeting.HostID, b.Meeting.RecorderID =
				p.tr.groupA.ID, huoshui.MeetingGroup, nil, 0, 0
			b.Invitees = nil
			for _, id := range ids {
				b.Invitees = append(b.Invitees, store.BulkInvitee{MemberID: id, Attendance: huoshui.AttendancePresent})
			}
			return b
		}
		tests := []struct {
			name  string
			bad   store.BulkMeeting
			field string
		}{
			{"someone of another branch", func() store.BulkMeeting {
				b := good()
				b.Invitees = append(b.Invitees, store.BulkInvitee{MemberID: p.other.ID})
				return b
			}(), "invitees"},
			{"a group meeting with someone outside the group", groupMeeting(p.sec.ID, p.a4.ID), "invitees"},
			{"a host of another branch", func() store.BulkMeeting {
				b := good()
				b.Meeting.HostID = p.other.ID
				return b
			}(), "host_id"},
			{"a leave without its reason", func() store.BulkMeeting {
				b := good()
				b.Invitees[0].Attendance = huoshui.AttendanceLeave
				return b
			}(), "leave_reason"},
			{"an end before the start", func() store.BulkMeeting {
				b := good()
				b.Meeting.EndsAt = b.Meeting.StartsAt.Add(-time.Minute)
				return b
			}(), "ends_at"},
			{"an unknown node", func() store.BulkMeeting {
				b := good()
				b.Meeting.OrgID = 999999
				return b
			}(), "org_id"},
		}
		for _, tt := range tests {
			err := s.BulkCreateMeetings(ctx, actor, []store.BulkMeeting{groupMeeting(p.sec.ID, p.prob.ID), tt.bad})
			var ve *huoshui.ValidationError
			if !errors.As(err, &ve) || !ve.Has(tt.field) || ve.Fields[0].Row != 2 {
				t.Errorf("%s: %v, want a problem with %s in row 2", tt.name, err, tt.field)
			}
		}
		twice := good()
		twice.Invitees = append(twice.Invitees, twice.Invitees[0])
		if err := s.BulkCreateMeetings(ctx, actor, []store.BulkMeeting{twice}); !errors.Is(err, huoshui.ErrConflict) {
			t.Errorf("someone invited twice: %v, want a conflict", err)
		}
		ms, _, err := s.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Everything()})
		counts, _ := s.FindMeetingCounts(ctx, p.tr.committee, "2000-01", "2100-12")
		if err != nil || len(ms) != 0 || len(counts) != 0 {
			t.Errorf("after refused batches: %d meetings, %d counts (%v), want none", len(ms), len(counts), err)
		}
	})
}
