package store_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// branchPeople are the people of makeTree's branch A, one of each kind a
// meeting treats differently, and one person of branch B.
type branchPeople struct {
	secretary    *huoshui.Member // full, 书记
	organiser    *huoshui.Member // full, 组织委员
	grouped      *huoshui.Member // full, in the first group
	probationary *huoshui.Member // probationary, in the first group
	applicant    *huoshui.Member // applicant: no place in the branch's meetings
	archived     *huoshui.Member // left the branch
	outsider     *huoshui.Member // full, in branch B
}

func makeBranchPeople(t *testing.T, s *store.Store, tr tree) branchPeople {
	t.Helper()
	ctx := context.Background()
	add := func(m *huoshui.Member) *huoshui.Member {
		t.Helper()
		if err := s.CreateMember(ctx, actor, m); err != nil {
			t.Fatalf("create member %s: %v", m.Name, err)
		}
		return m
	}
	var p branchPeople
	p.secretary = fullMember(tr.branchA.ID, "李明远", "")
	p.secretary.CommitteePost = huoshui.PostSecretary
	add(p.secretary)
	p.organiser = fullMember(tr.branchA.ID, "王晓梅", "")
	p.organiser.CommitteePost = huoshui.PostOrganiser
	add(p.organiser)
	p.grouped = fullMember(tr.branchA.ID, "张建国", "")
	p.grouped.GroupID = tr.groupA.ID
	add(p.grouped)
	p.probationary = add(&huoshui.Member{OrgID: tr.branchA.ID, GroupID: tr.groupA.ID, Name: "刘芳", Gender: huoshui.Female,
		Status: huoshui.StatusProbationary, AppliedOn: huoshui.NewDate(2023, 3, 1), ProbationOn: huoshui.NewDate(2025, 7, 1)})
	p.applicant = add(&huoshui.Member{OrgID: tr.branchA.ID, Name: "陈静", Gender: huoshui.Female,
		Status: huoshui.StatusApplicant, AppliedOn: huoshui.NewDate(2025, 3, 1)})
	p.archived = add(fullMember(tr.branchA.ID, "赵磊", ""))
	if err := s.ArchiveMember(ctx, actor, p.archived.ID, "迁出"); err != nil {
		t.Fatal(err)
	}
	p.outsider = add(fullMember(tr.branchB.ID, "孙丽", ""))
	return p
}

// at is a wall-clock time in Asia/Shanghai, where the party's calendar runs.
func at(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, huoshui.Shanghai)
}

// planMeeting is a two-hour meeting of org starting at start.
func planMeeting(org *huoshui.Org, typ huoshui.MeetingType, title string, start time.Time) *huoshui.Meeting {
	return &huoshui.Meeting{OrgID: org.ID, Type: typ, Title: title, StartsAt: start, EndsAt: start.Add(2 * time.Hour),
		Place: "三楼会议室"}
}

// createMeeting creates m with invitees (nil: the type's default) and
// fails the test if it cannot.
func createMeeting(t *testing.T, s *store.Store, m *huoshui.Meeting, invitees []int64) *huoshui.Meeting {
	t.Helper()
	if err := s.CreateMeeting(context.Background(), actor, m, invitees); err != nil {
		t.Fatalf("create meeting %s: %v", m.Title, err)
	}
	return m
}

func findMeeting(t *testing.T, s *store.Store, id int64) *huoshui.Meeting {
	t.Helper()
	m, err := s.FindMeetingByID(context.Background(), huoshui.Everything(), id)
	if err != nil {
		t.Fatalf("find meeting %d: %v", id, err)
	}
	return m
}

// invitees reads a meeting's invitees by member id.
func invitees(t *testing.T, s *store.Store, meetingID int64) map[int64]huoshui.Invitee {
	t.Helper()
	list, err := s.FindInvitees(context.Background(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]huoshui.Invitee{}
	for _, i := range list {
		out[i.MemberID] = i
	}
	return out
}

// sameIDs reports whether the keys of got are exactly want.
func sameIDs(got map[int64]huoshui.Invitee, want ...*huoshui.Member) bool {
	if len(got) != len(want) {
		return false
	}
	for _, m := range want {
		if _, ok := got[m.ID]; !ok {
			return false
		}
	}
	return true
}

// auditActions lists the actions of the audit records about one object,
// oldest first.
func auditActions(t *testing.T, s *store.Store, objType string, id int64) []string {
	t.Helper()
	es, _, err := s.FindAuditEntries(context.Background(), huoshui.AuditFilter{Scope: huoshui.Everything(),
		ObjectType: objType, ObjectID: id, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range slices.Backward(es) {
		out = append(out, e.Action)
	}
	return out
}

// auditTotal counts the whole audit trail of a small test database.
func auditTotal(t *testing.T, s *store.Store) int {
	t.Helper()
	es, _, err := s.FindAuditEntries(context.Background(), huoshui.AuditFilter{Scope: huoshui.Everything(), Unplaced: true, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) >= 500 {
		t.Fatal("auditTotal reads at most 500 records")
	}
	return len(es)
}

// meetingTotal counts every meeting on record, cancelled or not.
func meetingTotal(t *testing.T, s *store.Store) int {
	t.Helper()
	n := 0
	for _, cancelled := range []bool{false, true} {
		_, total, err := s.FindMeetings(context.Background(), huoshui.MeetingFilter{Scope: huoshui.Everything(), Cancelled: cancelled})
		if err != nil {
			t.Fatal(err)
		}
		n += total
	}
	return n
}

// monthCounts reads the compliance calendar's counts of root's subtree for
// 2026 as "org month type" → n.
func monthCounts(t *testing.T, s *store.Store, root *huoshui.Org) map[string]int {
	t.Helper()
	cs, err := s.FindMeetingCounts(context.Background(), root, "2026-01", "2026-12")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, c := range cs {
		out[fmt.Sprintf("%d %s %s", c.OrgID, c.Month, c.Type)] = c.N
	}
	return out
}

// counted builds monthCounts' answer for one org and month: each type once.
func counted(org *huoshui.Org, month string, types ...huoshui.MeetingType) map[string]int {
	out := map[string]int{}
	for _, ty := range types {
		out[fmt.Sprintf("%d %s %s", org.ID, month, ty)]++
	}
	return out
}

func wantCounts(t *testing.T, when string, got, want map[string]int) {
	t.Helper()
	if !maps.Equal(got, want) {
		t.Errorf("%s: monthly counts %v, want %v", when, got, want)
	}
}

// Each type invites by default the people it concerns: a general meeting
// the branch's full and probationary members, a committee meeting only the
// committee, a group meeting only the group, a talk nobody; applicants,
// people who left and people of other branches never.
func TestCreateMeetingDefaultInvitees(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		start := at(2026, 3, 10, 9, 0)

		general := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingGeneral, "第一季度党员大会", start), nil)
		got := invitees(t, s, general.ID)
		if !sameIDs(got, p.secretary, p.organiser, p.grouped, p.probationary) {
			t.Errorf("general meeting invites %v, want the four full and probationary members of branch A", got)
		}
		if got[p.probationary.ID].Voting || !got[p.grouped.ID].Voting || !got[p.secretary.ID].Voting {
			t.Errorf("general meeting votes: %v; want full members only", got)
		}
		if m := findMeeting(t, s, general.ID); m.Tally.Invited != 4 || m.Tally.Voting != 3 || m.Tally.Present != 0 {
			t.Errorf("general meeting tally %+v, want 4 invited, 3 with a vote", m.Tally)
		}

		committee := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingCommittee, "三月支委会", start.Add(3*time.Hour)), nil)
		got = invitees(t, s, committee.ID)
		if !sameIDs(got, p.secretary, p.organiser) || !got[p.secretary.ID].Voting || !got[p.organiser.ID].Voting {
			t.Errorf("committee meeting invites %v, want the secretary and the organiser, both with a vote", got)
		}

		group := createMeeting(t, s, planMeeting(tr.groupA, huoshui.MeetingGroup, "三月党小组会", start.Add(24*time.Hour)), nil)
		got = invitees(t, s, group.ID)
		if !sameIDs(got, p.grouped, p.probationary) {
			t.Errorf("group meeting invites %v, want the group's two members", got)
		}
		if m := findMeeting(t, s, group.ID); m.OrgID != tr.groupA.ID || m.OrgName != tr.groupA.Name {
			t.Errorf("group meeting is held by %d %s, want the group", m.OrgID, m.OrgName)
		}

		talk := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingTalk, "谈心谈话", start.Add(48*time.Hour)), nil)
		if got := invitees(t, s, talk.ID); len(got) != 0 {
			t.Errorf("a talk invites %v by default, want nobody", got)
		}

		// Named invitees are exactly those named, once each.
		named := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingLecture, "专题党课", start.Add(72*time.Hour)),
			[]int64{p.grouped.ID, p.secretary.ID, p.grouped.ID})
		if got := invitees(t, s, named.ID); !sameIDs(got, p.grouped, p.secretary) {
			t.Errorf("named invitees %v, want the two named", got)
		}
	})
}

// A meeting the rules refuse writes nothing: no meeting, no invitee, no
// audit record.
func TestCreateMeetingRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		closed := createOrg(t, s, tr.committee.ID, huoshui.OrgBranch, "已撤销党支部")
		if err := s.ArchiveOrg(ctx, actor, closed.ID); err != nil {
			t.Fatal(err)
		}
		start := at(2026, 3, 10, 9, 0)
		cases := []struct {
			name        string
			m           *huoshui.Meeting
			invitees    []int64
			field, code string
		}{
			{"invitee of another branch", planMeeting(tr.branchA, huoshui.MeetingGeneral, "党员大会", start),
				[]int64{p.secretary.ID, p.outsider.ID}, "invitees", "meeting.invitee_outside"},
			{"invitee who left", planMeeting(tr.branchA, huoshui.MeetingGeneral, "党员大会", start),
				[]int64{p.archived.ID}, "invitees", "meeting.invitee_outside"},
			{"branch member at a group's meeting", planMeeting(tr.groupA, huoshui.MeetingGroup, "党小组会", start),
				[]int64{p.grouped.ID, p.organiser.ID}, "invitees", "meeting.invitee_outside"},
			{"host of another branch", func() *huoshui.Meeting {
				m := planMeeting(tr.branchA, huoshui.MeetingGeneral, "党员大会", start)
				m.HostID = p.outsider.ID
				return m
			}(), nil, "host_id", "meeting.person_outside"},
			{"ends before it starts", func() *huoshui.Meeting {
				m := planMeeting(tr.branchA, huoshui.MeetingGeneral, "党员大会", start)
				m.EndsAt = start.Add(-time.Hour)
				return m
			}(), nil, "ends_at", "meeting.ends_before_start"},
			{"unknown type", planMeeting(tr.branchA, huoshui.MeetingType("party"), "聚会", start), nil, "type", "invalid_choice"},
			{"counted as a type it cannot be", func() *huoshui.Meeting {
				m := planMeeting(tr.branchA, huoshui.MeetingCommittee, "支委会", start)
				m.AlsoCounts = []huoshui.MeetingType{huoshui.MeetingLecture}
				return m
			}(), nil, "also_counts", "meeting.cannot_count_as"},
			{"closed branch", planMeeting(closed, huoshui.MeetingGeneral, "党员大会", start), nil, "org_id", "meeting.org_unknown"},
			{"unknown org", &huoshui.Meeting{OrgID: 999999, Type: huoshui.MeetingGeneral, Title: "党员大会", StartsAt: start,
				EndsAt: start.Add(time.Hour)}, nil, "org_id", "meeting.org_unknown"},
		}
		audits := auditTotal(t, s)
		for _, c := range cases {
			err := s.CreateMeeting(ctx, actor, c.m, c.invitees)
			if got := userFieldCode(err, c.field); got != c.code {
				t.Errorf("%s: got %v, want %s: %s", c.name, err, c.field, c.code)
			}
		}
		if n := meetingTotal(t, s); n != 0 {
			t.Errorf("refused meetings left %d meetings on record", n)
		}
		if n := auditTotal(t, s); n != audits {
			t.Errorf("refused meetings wrote %d audit records", n-audits)
		}
		if cs := monthCounts(t, s, tr.committee); len(cs) != 0 {
			t.Errorf("refused meetings counted: %v", cs)
		}
	})
}

// A meeting entered after it ended is a late entry (补录): marked, dated
// when it was entered, its own dates as given. A meeting planned ahead is
// not one, however late its minutes are written; and a late entry stays
// marked through every change.
func TestMeetingLateEntry(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clock := newUserClock(s) // 2026-03-02 09:00 in Shanghai
		tr := makeTree(t, s)
		makeBranchPeople(t, s, tr)

		past := at(2026, 2, 24, 14, 30)
		late := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingThemeDay, "二月主题党日", past), nil)
		got := findMeeting(t, s, late.ID)
		if !got.LateEntry || !got.EnteredAt.Equal(clock.now()) {
			t.Errorf("entered after it ended: late %v, entered %v; want a late entry entered %v", got.LateEntry, got.EnteredAt, clock.now())
		}
		if !got.StartsAt.Equal(past) || !got.EndsAt.Equal(past.Add(2*time.Hour)) {
			t.Errorf("late entry dated %v–%v, want %v as given", got.StartsAt, got.EndsAt, past)
		}

		// In progress: started, not yet ended.
		now := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingLecture, "党课", clock.now().Add(-time.Hour)), nil)
		ahead := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingGeneral, "党员大会", at(2026, 3, 20, 9, 0)), nil)
		for _, m := range []*huoshui.Meeting{now, ahead} {
			if findMeeting(t, s, m.ID).LateEntry {
				t.Errorf("%s (ends %v, entered %v) is marked a late entry", m.Title, m.EndsAt, clock.now())
			}
		}

		// Minutes written a week after the planned meeting: still not late.
		clock.add(30 * 24 * time.Hour)
		edit := findMeeting(t, s, ahead.ID)
		edit.Minutes = "会议传达学习了全会精神。"
		if err := s.UpdateMeeting(ctx, actor, ahead.ID, edit); err != nil {
			t.Fatal(err)
		}
		if got := findMeeting(t, s, ahead.ID); got.LateEntry || !got.StartsAt.Equal(at(2026, 3, 20, 9, 0)) || got.Minutes != edit.Minutes {
			t.Errorf("after its minutes: late %v, starts %v, minutes %q", got.LateEntry, got.StartsAt, got.Minutes)
		}
		// The late entry keeps its mark and entry time through a change.
		edit = findMeeting(t, s, late.ID)
		edit.Place = "党性教育基地"
		if err := s.UpdateMeeting(ctx, actor, late.ID, edit); err != nil {
			t.Fatal(err)
		}
		if got := findMeeting(t, s, late.ID); !got.LateEntry || !got.EnteredAt.Equal(at(2026, 3, 2, 9, 0)) || got.Place != "党性教育基地" {
			t.Errorf("late entry after a change: late %v, entered %v, place %q", got.LateEntry, got.EnteredAt, got.Place)
		}
	})
}

// A meeting is seen from its org's subtree and by its invitees; from
// another branch it is not found and not listed.
func TestMeetingScope(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		m := createMeeting(t, s, planMeeting(tr.groupA, huoshui.MeetingGroup, "三月党小组会", at(2026, 3, 12, 9, 0)), nil)

		cases := []struct {
			name  string
			scope huoshui.Scope
			sees  bool
		}{
			{"the committee", huoshui.Scope{Paths: []string{tr.committee.Path}}, true},
			{"the branch", huoshui.Scope{Paths: []string{tr.branchA.Path}}, true},
			{"the group", huoshui.Scope{Paths: []string{tr.groupA.Path}}, true},
			{"an invitee", huoshui.Scope{MemberID: p.grouped.ID}, true},
			{"another branch", huoshui.Scope{Paths: []string{tr.branchB.Path}}, false},
			{"a member of the branch not invited", huoshui.Scope{MemberID: p.secretary.ID}, false},
			{"nobody", huoshui.Scope{}, false},
		}
		for _, c := range cases {
			got, err := s.FindMeetingByID(ctx, c.scope, m.ID)
			switch {
			case c.sees && (err != nil || got.ID != m.ID):
				t.Errorf("%s: FindMeetingByID = %v, want the meeting", c.name, err)
			case !c.sees && !errors.Is(err, huoshui.ErrNotFound):
				t.Errorf("%s: FindMeetingByID = %v, want not found", c.name, err)
			}
			list, total, err := s.FindMeetings(ctx, huoshui.MeetingFilter{Scope: c.scope, Limit: 20})
			if err != nil {
				t.Fatal(err)
			}
			if listed := len(list) == 1 && list[0].ID == m.ID && total == 1; listed != c.sees {
				t.Errorf("%s: FindMeetings lists %d (total %d), want the meeting listed: %v", c.name, len(list), total, c.sees)
			}
		}
		// The subtree filter of a branch covers its groups; of another, not.
		for _, c := range []struct {
			org  *huoshui.Org
			want int
		}{{tr.branchA, 1}, {tr.branchB, 0}} {
			_, total, err := s.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Everything(), OrgID: c.org.ID, Subtree: true})
			if err != nil || total != c.want {
				t.Errorf("meetings under %s: %d, %v; want %d", c.org.Name, total, err, c.want)
			}
		}
	})
}

// A member's agenda lists the meetings they are invited to within the
// times asked for, and follows a meeting when it is moved, whoever was
// invited with it and whoever was added later.
func TestMemberAgendaFollowsTheMeeting(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		m := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingGeneral, "三月党员大会", at(2026, 3, 12, 9, 0)),
			[]int64{p.grouped.ID})
		if err := s.SetInvitees(ctx, actor, m.ID, []int64{p.grouped.ID, p.secretary.ID}); err != nil {
			t.Fatal(err)
		}
		agenda := func(who *huoshui.Member, from, to time.Time) []int64 {
			t.Helper()
			list, _, err := s.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Scope{MemberID: who.ID}, From: from, To: to, Limit: 20})
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, x := range list {
				ids = append(ids, x.ID)
			}
			return ids
		}
		march, april := at(2026, 3, 1, 0, 0), at(2026, 4, 1, 0, 0)
		for _, who := range []*huoshui.Member{p.grouped, p.secretary} {
			if got := agenda(who, march, april); !slices.Equal(got, []int64{m.ID}) {
				t.Errorf("%s in March: %v, want the meeting", who.Name, got)
			}
			if got := agenda(who, april, april.AddDate(0, 1, 0)); len(got) != 0 {
				t.Errorf("%s in April: %v, want nothing yet", who.Name, got)
			}
		}
		moved := *findMeeting(t, s, m.ID)
		moved.StartsAt, moved.EndsAt = at(2026, 4, 2, 9, 0), at(2026, 4, 2, 11, 0)
		if err := s.UpdateMeeting(ctx, actor, m.ID, &moved); err != nil {
			t.Fatal(err)
		}
		for _, who := range []*huoshui.Member{p.grouped, p.secretary} {
			if got := agenda(who, march, april); len(got) != 0 {
				t.Errorf("%s in March after the move: %v, want nothing", who.Name, got)
			}
			if got := agenda(who, april, april.AddDate(0, 1, 0)); !slices.Equal(got, []int64{m.ID}) {
				t.Errorf("%s in April after the move: %v, want the meeting", who.Name, got)
			}
		}
		if got := agenda(p.outsider, april, april.AddDate(0, 1, 0)); len(got) != 0 {
			t.Errorf("someone not invited sees %v", got)
		}
	})
}

// The compliance calendar counts held meetings: not cancelled, someone
// present. A theme day that is also the general meeting and the lecture
// counts once for each; cancelling takes its counts away and restoring
// brings them back; moving it moves them to its new month (in Shanghai).
func TestMeetingCountsFollowTheMeeting(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		day := planMeeting(tr.branchA, huoshui.MeetingThemeDay, "三月主题党日", at(2026, 3, 5, 9, 0))
		day.AlsoCounts = []huoshui.MeetingType{huoshui.MeetingGeneral, huoshui.MeetingLecture}
		day.Visits, day.Gains = []huoshui.Visit{huoshui.VisitEducationBase}, []huoshui.Gain{huoshui.GainPartySpirit}
		createMeeting(t, s, day, nil)
		all := counted(tr.branchA, "2026-03", huoshui.MeetingThemeDay, huoshui.MeetingGeneral, huoshui.MeetingLecture)
		none := map[string]int{}
		mark := func(m *huoshui.Member, a huoshui.Attendance, reason string) {
			t.Helper()
			if err := s.SetAttendance(ctx, actor, day.ID, []store.AttendanceMark{{MemberID: m.ID, Attendance: a, LeaveReason: reason}}); err != nil {
				t.Fatal(err)
			}
		}
		wantCounts(t, "planned", monthCounts(t, s, tr.committee), none)
		mark(p.secretary, huoshui.AttendanceAbsent, "")
		mark(p.organiser, huoshui.AttendanceLeave, "出差")
		wantCounts(t, "nobody present", monthCounts(t, s, tr.committee), none)
		mark(p.grouped, huoshui.AttendancePresent, "")
		wantCounts(t, "one present", monthCounts(t, s, tr.committee), all)
		mark(p.secretary, huoshui.AttendancePresent, "")
		wantCounts(t, "two present", monthCounts(t, s, tr.committee), all)
		// The branch's own calendar and the committee's read the same.
		wantCounts(t, "read at the branch", monthCounts(t, s, tr.branchA), all)
		wantCounts(t, "read at the other branch", monthCounts(t, s, tr.branchB), none)

		if err := s.CancelMeeting(ctx, actor, day.ID, false); err != nil {
			t.Fatal(err)
		}
		wantCounts(t, "cancelled", monthCounts(t, s, tr.committee), none)
		if _, n, _ := s.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Everything(), Cancelled: true}); n != 1 {
			t.Errorf("cancelled meetings listed: %d, want 1", n)
		}
		if err := s.CancelMeeting(ctx, actor, day.ID, false); err != nil { // twice changes nothing
			t.Fatal(err)
		}
		if err := s.CancelMeeting(ctx, actor, day.ID, true); err != nil {
			t.Fatal(err)
		}
		wantCounts(t, "restored", monthCounts(t, s, tr.committee), all)
		if err := s.CancelMeeting(ctx, actor, day.ID, true); err != nil { // twice changes nothing
			t.Fatal(err)
		}
		wantCounts(t, "restored twice", monthCounts(t, s, tr.committee), all)

		// Moved to the first hours of 1 May in Shanghai (30 April in UTC).
		moved := findMeeting(t, s, day.ID)
		moved.StartsAt, moved.EndsAt = at(2026, 5, 1, 0, 30), at(2026, 5, 1, 2, 0)
		if err := s.UpdateMeeting(ctx, actor, day.ID, moved); err != nil {
			t.Fatal(err)
		}
		wantCounts(t, "moved", monthCounts(t, s, tr.committee),
			counted(tr.branchA, "2026-05", huoshui.MeetingThemeDay, huoshui.MeetingGeneral, huoshui.MeetingLecture))
		// No longer the lecture: only that count goes.
		moved = findMeeting(t, s, day.ID)
		moved.AlsoCounts = []huoshui.MeetingType{huoshui.MeetingGeneral}
		if err := s.UpdateMeeting(ctx, actor, day.ID, moved); err != nil {
			t.Fatal(err)
		}
		wantCounts(t, "no longer a lecture", monthCounts(t, s, tr.committee),
			counted(tr.branchA, "2026-05", huoshui.MeetingThemeDay, huoshui.MeetingGeneral))

		// A second general meeting in May counts too; a group meeting
		// counts at the group, inside the branch's subtree.
		general := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingGeneral, "五月党员大会", at(2026, 5, 20, 9, 0)), nil)
		group := createMeeting(t, s, planMeeting(tr.groupA, huoshui.MeetingGroup, "五月党小组会", at(2026, 5, 21, 9, 0)), nil)
		for _, id := range []int64{general.ID, group.ID} {
			if _, err := s.CheckIns(ctx, []store.CheckIn{{MeetingID: id, MemberID: p.grouped.ID, Actor: actor}}); err != nil {
				t.Fatal(err)
			}
		}
		want := counted(tr.branchA, "2026-05", huoshui.MeetingThemeDay, huoshui.MeetingGeneral, huoshui.MeetingGeneral)
		maps.Copy(want, counted(tr.groupA, "2026-05", huoshui.MeetingGroup))
		wantCounts(t, "with a second general meeting and a group meeting", monthCounts(t, s, tr.committee), want)
		if got := monthCounts(t, s, tr.groupA); !maps.Equal(got, counted(tr.groupA, "2026-05", huoshui.MeetingGroup)) {
			t.Errorf("the group's own calendar: %v", got)
		}

		// Everyone present taken back: the meeting is no longer held.
		if err := s.SetAttendance(ctx, actor, general.ID, []store.AttendanceMark{{MemberID: p.grouped.ID, Attendance: huoshui.AttendanceAbsent}}); err != nil {
			t.Fatal(err)
		}
		delete(want, fmt.Sprintf("%d 2026-05 %s", tr.branchA.ID, huoshui.MeetingGeneral))
		maps.Copy(want, counted(tr.branchA, "2026-05", huoshui.MeetingGeneral))
		wantCounts(t, "the second general meeting with nobody present", monthCounts(t, s, tr.committee), want)

		// A meeting listed by a type counts as it even when it is not its own.
		lectures, _, err := s.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Everything(), Types: []huoshui.MeetingType{huoshui.MeetingGeneral}})
		if err != nil || len(lectures) != 2 {
			t.Errorf("meetings counted as general meetings: %d, %v; want the theme day and the general meeting", len(lectures), err)
		}
	})
}

// Every change to a meeting leaves an audit record in the same
// transaction.
func TestMeetingChangesAreAudited(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		m := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingGeneral, "党员大会", at(2026, 3, 10, 9, 0)), nil)
		edit := findMeeting(t, s, m.ID)
		edit.Agenda = "一、传达学习文件\n二、讨论发展党员"
		steps := []struct {
			action string
			do     func() error
		}{
			{huoshui.AuditUpdate, func() error { return s.UpdateMeeting(ctx, actor, m.ID, edit) }},
			{huoshui.AuditUpdate, func() error { return s.MarkNoticeSent(ctx, actor, m.ID) }},
			{huoshui.AuditUpdate, func() error {
				return s.SetInvitees(ctx, actor, m.ID, []int64{p.secretary.ID, p.grouped.ID, p.probationary.ID})
			}},
			{huoshui.AuditUpdate, func() error {
				return s.SetAttendance(ctx, actor, m.ID, []store.AttendanceMark{{MemberID: p.secretary.ID, Attendance: huoshui.AttendancePresent}})
			}},
			{"checkin", func() error {
				_, err := s.CheckIns(ctx, []store.CheckIn{{MeetingID: m.ID, MemberID: p.grouped.ID, Actor: actor}})
				return err
			}},
			{huoshui.AuditUpdate, func() error { return s.SetResolutions(ctx, actor, m.ID, []string{"同意张建国同志按期转正"}) }},
			{huoshui.AuditArchive, func() error { return s.CancelMeeting(ctx, actor, m.ID, false) }},
			{huoshui.AuditRestore, func() error { return s.CancelMeeting(ctx, actor, m.ID, true) }},
		}
		want := []string{huoshui.AuditCreate}
		for _, st := range steps {
			if err := st.do(); err != nil {
				t.Fatal(err)
			}
			want = append(want, st.action)
		}
		if got := auditActions(t, s, "meeting", m.ID); !slices.Equal(got, want) {
			t.Errorf("audit of the meeting: %v, want %v", got, want)
		}
		es, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Scope{Paths: []string{tr.branchA.Path}},
			ObjectType: "meeting", ObjectID: m.ID, Limit: 500})
		if err != nil || len(es) != len(want) {
			t.Errorf("the branch's auditor sees %d of the meeting's %d records (%v)", len(es), len(want), err)
		}
		if got := findMeeting(t, s, m.ID); got.NoticeSentAt == nil || got.Agenda != edit.Agenda {
			t.Errorf("after the changes: notice %v, agenda %q", got.NoticeSentAt, got.Agenda)
		}
	})
}

// A branch's programme of theme days for a year: entries added are listed
// by month, deleted ones go, and only the org's own are touched.
func TestThemePlans(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		add := func(org *huoshui.Org, year, month int, title string) *huoshui.ThemePlan {
			t.Helper()
			p := &huoshui.ThemePlan{OrgID: org.ID, Year: year, Month: month, Visit: huoshui.VisitFrontLine,
				Gain: huoshui.GainWorkLevel, Title: title, Topics: "服务群众"}
			if err := s.AddThemePlan(ctx, actor, p); err != nil {
				t.Fatalf("add plan %s: %v", title, err)
			}
			return p
		}
		june := add(tr.branchA, 2026, 6, "走进基层一线　提升工作水平")
		add(tr.branchA, 2026, 3, "走进党性教育基地")
		add(tr.branchA, 2027, 1, "明年一月")
		add(tr.branchB, 2026, 4, "另一个支部")
		titles := func(org *huoshui.Org, year int) []string {
			t.Helper()
			ps, err := s.FindThemePlans(ctx, org.ID, year)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, p := range ps {
				out = append(out, fmt.Sprintf("%d %s", p.Month, p.Title))
			}
			return out
		}
		if got, want := titles(tr.branchA, 2026), []string{"3 走进党性教育基地", "6 走进基层一线 提升工作水平"}; !slices.Equal(got, want) {
			t.Errorf("branch A's 2026 programme: %v, want %v", got, want)
		}

		// Refused: a month that is not one, a visit that is not one.
		bad := &huoshui.ThemePlan{OrgID: tr.branchA.ID, Year: 2026, Month: 13, Visit: "museum", Gain: huoshui.GainTheory}
		err := s.AddThemePlan(ctx, actor, bad)
		if userFieldCode(err, "month") != "invalid_choice" || userFieldCode(err, "visit") != "invalid_choice" {
			t.Errorf("a bad plan: %v, want month and visit refused", err)
		}
		// Another org's entry is not this org's to delete.
		if err := s.DeleteThemePlan(ctx, actor, tr.branchB.ID, june.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("deleting branch A's plan as branch B: %v, want not found", err)
		}
		if err := s.DeleteThemePlan(ctx, actor, tr.branchA.ID, june.ID); err != nil {
			t.Fatal(err)
		}
		if got := titles(tr.branchA, 2026); !slices.Equal(got, []string{"3 走进党性教育基地"}) {
			t.Errorf("after deleting June: %v", got)
		}
		if got := titles(tr.branchB, 2026); len(got) != 1 {
			t.Errorf("branch B's programme: %v, want its one entry", got)
		}
		if err := s.DeleteThemePlan(ctx, actor, tr.branchA.ID, june.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("deleting it again: %v, want not found", err)
		}
		if got := auditActions(t, s, "theme_plan", june.ID); !slices.Equal(got, []string{huoshui.AuditCreate, huoshui.AuditDelete}) {
			t.Errorf("audit of the plan: %v", got)
		}
	})
}
