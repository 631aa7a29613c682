package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

func day(y int, m, d int) huoshui.Date { return huoshui.NewDate(y, 1, 1).AddDate(0, m-1, d-1) }

func rotaNames(es []rules.RotaEntry) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, e.Name)
	}
	return out
}

// The rota of a branch is its full and probationary members by name; a
// lecture, an away period and a swap each move it as the rules say, and
// every change is audited.
func TestLectureRota(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		rota := func(on huoshui.Date) rules.Rota {
			t.Helper()
			in, err := s.FindRotaInput(ctx, tr.branchA.ID)
			if err != nil {
				t.Fatal(err)
			}
			return rules.NextLecturers(in, on)
		}
		today := day(2026, 3, 2)
		if got, want := rotaNames(rota(today).Due), []string{"李明远", "刘芳", "王晓梅", "张建国"}; !slices.Equal(got, want) {
			t.Fatalf("fresh rota %q, want %q (applicants and archived members take no part)", got, want)
		}

		l := &huoshui.Lecture{OrgID: tr.branchA.ID, LecturerID: p.secretary.ID, Topic: "学习贯彻党的二十届四中全会精神",
			HeldOn: day(2026, 1, 10), Minutes: 30, Notes: "结合督查工作谈体会"}
		if err := s.CreateLecture(ctx, actor, l); err != nil {
			t.Fatal(err)
		}
		bad := &huoshui.Lecture{OrgID: tr.branchA.ID, LecturerID: p.outsider.ID, Topic: "外支部", HeldOn: day(2026, 1, 11), Minutes: 30}
		if err := s.CreateLecture(ctx, actor, bad); userFieldCode(err, "lecturer_id") != "meeting.person_outside" {
			t.Errorf("lecture by a member of another branch: %v", err)
		}
		bad = &huoshui.Lecture{OrgID: tr.groupA.ID, LecturerID: p.grouped.ID, Topic: "小组", HeldOn: day(2026, 1, 11), Minutes: 30}
		if err := s.CreateLecture(ctx, actor, bad); userFieldCode(err, "org_id") == "" {
			t.Errorf("lecture of a group: %v, want refused (the rota is the branch's)", err)
		}
		r := rota(today)
		if got, want := rotaNames(r.Due), []string{"刘芳", "王晓梅", "张建国"}; !slices.Equal(got, want) {
			t.Errorf("after one lecture due %q, want %q", got, want)
		}

		away := &huoshui.LectureAway{OrgID: tr.branchA.ID, MemberID: p.probationary.ID, From: day(2026, 2, 1), Reason: "借调省委办公厅"}
		if err := s.AddLectureAway(ctx, actor, away); err != nil {
			t.Fatal(err)
		}
		applicantAway := &huoshui.LectureAway{OrgID: tr.branchA.ID, MemberID: p.applicant.ID, From: day(2026, 2, 1), Reason: "出差"}
		if err := s.AddLectureAway(ctx, actor, applicantAway); userFieldCode(err, "member_id") != "lecture.not_in_rota" {
			t.Errorf("away for an applicant: %v", err)
		}
		if err := s.SwapLecturers(ctx, actor, tr.branchA.ID, p.organiser.ID, p.grouped.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.SwapLecturers(ctx, actor, tr.branchA.ID, p.organiser.ID, p.outsider.ID); userFieldCode(err, "b") != "lecture.not_in_rota" {
			t.Errorf("swap with another branch's member: %v", err)
		}
		r = rota(today)
		if got, want := rotaNames(r.Due), []string{"张建国", "王晓梅"}; !slices.Equal(got, want) {
			t.Errorf("with 刘芳 away and a swap, due %q, want %q", got, want)
		}
		if got := rotaNames(r.Away); !slices.Equal(got, []string{"刘芳"}) || !r.Away[0].Owes {
			t.Errorf("away %q (owes %v)", got, r.Away)
		}
		for _, id := range []int64{p.grouped.ID, p.organiser.ID} {
			if err := s.CreateLecture(ctx, actor, &huoshui.Lecture{OrgID: tr.branchA.ID, LecturerID: id, Topic: "微党课",
				HeldOn: day(2026, 2, 10), Minutes: 20}); err != nil {
				t.Fatal(err)
			}
		}
		if r = rota(today); r.Round != 2 || len(r.Done) != 0 {
			t.Errorf("round %d with done %q, want round 2 begun without 刘芳", r.Round, rotaNames(r.Done))
		}
		if err := s.EndLectureAway(ctx, actor, tr.branchA.ID, away.ID, today); err != nil {
			t.Fatal(err)
		}
		if err := s.EndLectureAway(ctx, actor, tr.branchB.ID, away.ID, today); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("ending an away period through another branch: %v", err)
		}
		if r = rota(today); !slices.Equal(rotaNames(r.Due), []string{"刘芳"}) || r.Round != 1 {
			t.Errorf("back from away: round %d due %q, want 刘芳 first", r.Round, rotaNames(r.Due))
		}

		for typ, want := range map[string][]string{
			"lecture":      {huoshui.AuditCreate},
			"lecture_away": {huoshui.AuditCreate, huoshui.AuditUpdate},
		} {
			id := l.ID
			if typ == "lecture_away" {
				id = away.ID
			}
			if got := auditActions(t, s, typ, id); !slices.Equal(got, want) {
				t.Errorf("audit of %s: %v, want %v", typ, got, want)
			}
		}
		es, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Everything(), ObjectType: "lecture_swap", Limit: 10})
		if err != nil || len(es) != 1 {
			t.Errorf("swaps audited: %d, %v", len(es), err)
		}

		// Scope: another branch's reader finds nothing.
		if _, err := s.FindLectureByID(ctx, huoshui.Scope{Paths: []string{tr.branchB.Path}}, l.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("lecture through another branch's scope: %v", err)
		}
		if got, err := s.FindLectureByID(ctx, huoshui.Scope{Paths: []string{tr.branchA.Path}}, l.ID); err != nil || got.LecturerName != "李明远" {
			t.Errorf("lecture through its branch: %+v, %v", got, err)
		}
	})
}

// Feedback is one per member, replaced by its author; people outside the
// branch give none. A lecture counts for the study hours of its lecturer,
// who left feedback, and who was present at the meeting it was given at.
func TestLectureFeedbackAndAttendance(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		m := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingGeneral, "党员大会", at(2026, 2, 10, 9, 0)), nil)
		if err := s.SetAttendance(ctx, actor, m.ID, []store.AttendanceMark{{MemberID: p.grouped.ID, Attendance: huoshui.AttendancePresent}}); err != nil {
			t.Fatal(err)
		}
		other := createMeeting(t, s, planMeeting(tr.branchB, huoshui.MeetingGeneral, "综合处党员大会", at(2026, 2, 10, 9, 0)), nil)
		l := &huoshui.Lecture{OrgID: tr.branchA.ID, LecturerID: p.secretary.ID, Topic: "弘扬伟大建党精神",
			HeldOn: day(2026, 2, 10), Minutes: 40, MeetingID: other.ID}
		if err := s.CreateLecture(ctx, actor, l); userFieldCode(err, "meeting_id") != "study.meeting_outside" {
			t.Errorf("lecture at another branch's meeting: %v", err)
		}
		l.MeetingID = m.ID
		if err := s.CreateLecture(ctx, actor, l); err != nil {
			t.Fatal(err)
		}
		if ls, err := s.FindLectures(ctx, store.LectureFilter{Scope: huoshui.Everything(), MeetingID: m.ID}); err != nil || len(ls) != 1 || ls[0].MeetingTitle != "党员大会" {
			t.Errorf("lectures of the meeting: %v, %v", ls, err)
		}
		save := func(memberID int64, body string) error {
			return s.SaveLectureFeedback(ctx, actor, &huoshui.LectureFeedback{LectureID: l.ID, MemberID: memberID, Body: body})
		}
		if err := save(p.organiser.ID, "讲得实在"); err != nil {
			t.Fatal(err)
		}
		if err := save(p.organiser.ID, "讲得实在，联系了督查工作"); err != nil {
			t.Fatal(err)
		}
		if err := save(p.outsider.ID, "旁听"); !errors.Is(err, store.ErrNotInBranch) {
			t.Errorf("feedback from another branch: %v", err)
		}
		if err := save(p.organiser.ID, "  "); userFieldCode(err, "body") != "required" {
			t.Errorf("blank feedback: %v", err)
		}
		fs, err := s.FindLectureFeedback(ctx, l.ID)
		if err != nil || len(fs) != 1 || fs[0].Body != "讲得实在，联系了督查工作" {
			t.Errorf("feedback %+v, %v", fs, err)
		}
		for _, c := range []struct {
			who  *huoshui.Member
			role string
		}{{p.secretary, "lecturer"}, {p.organiser, "feedback"}, {p.grouped, "present"}, {p.probationary, ""}} {
			got := studyRecordsOf(t, s, c.who.ID, 2026, "lecture")
			if c.role == "" {
				if len(got) != 0 {
					t.Errorf("%s: %+v, want nothing", c.who.Name, got)
				}
				continue
			}
			if len(got) != 1 || got[0].Role != c.role || got[0].Minutes != 40 || got[0].HeldOn != l.HeldOn {
				t.Errorf("%s: %+v, want one as %s", c.who.Name, got, c.role)
			}
		}
		if got := studyRecordsOf(t, s, p.secretary.ID, 2025, "lecture"); len(got) != 0 {
			t.Errorf("another year: %+v", got)
		}
	})
}
