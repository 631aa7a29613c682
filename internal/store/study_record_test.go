package store_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The study hours of a committee's members are read a few hundred members
// to a query. Each member gets what is theirs alone: a lecture or
// discussion once, in their strongest role (lecturer before feedback
// before present; host before speaker before present), however many ways
// they took part; only the year asked; reading summed by day over
// materials. Members with nothing are absent.
func TestStudyRecordsOfManyMembers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := at(2026, 3, 2, 9, 0)
		s.SetClock(func() time.Time { return now })
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		S, O, G, P, X := p.secretary, p.organiser, p.grouped, p.probationary, p.outsider
		meeting := func(org *huoshui.Org, title string, start time.Time, marks map[*huoshui.Member]huoshui.Attendance) *huoshui.Meeting {
			t.Helper()
			m := createMeeting(t, s, planMeeting(org, huoshui.MeetingGeneral, title, start), nil)
			var ms []store.AttendanceMark
			for who, a := range marks {
				mark := store.AttendanceMark{MemberID: who.ID, Attendance: a}
				if a == huoshui.AttendanceLeave {
					mark.LeaveReason = "出差"
				}
				ms = append(ms, mark)
			}
			if err := s.SetAttendance(ctx, actor, m.ID, ms); err != nil {
				t.Fatal(err)
			}
			return m
		}
		present, leave := huoshui.AttendancePresent, huoshui.AttendanceLeave
		feb := meeting(tr.branchA, "二月党员大会", at(2026, 2, 10, 9, 0),
			map[*huoshui.Member]huoshui.Attendance{S: present, O: present, G: present, P: leave})
		dec := meeting(tr.branchA, "十二月党员大会", at(2025, 12, 20, 9, 0), map[*huoshui.Member]huoshui.Attendance{G: present})
		other := meeting(tr.branchB, "综合处党员大会", at(2026, 2, 11, 9, 0), map[*huoshui.Member]huoshui.Attendance{X: present})

		lecture := func(org *huoshui.Org, by *huoshui.Member, topic string, on huoshui.Date, m *huoshui.Meeting) *huoshui.Lecture {
			t.Helper()
			l := &huoshui.Lecture{OrgID: org.ID, LecturerID: by.ID, Topic: topic, HeldOn: on, Minutes: 30}
			if m != nil {
				l.MeetingID = m.ID
			}
			if err := s.CreateLecture(ctx, actor, l); err != nil {
				t.Fatal(err)
			}
			return l
		}
		feedback := func(l *huoshui.Lecture, who ...*huoshui.Member) {
			t.Helper()
			for _, m := range who {
				if err := s.SaveLectureFeedback(ctx, actor, &huoshui.LectureFeedback{LectureID: l.ID, MemberID: m.ID, Body: "有收获"}); err != nil {
					t.Fatal(err)
				}
			}
		}
		// S gives it and was present; O was present and left feedback, as
		// did S; G was present only; P was on leave.
		atFeb := lecture(tr.branchA, S, "二月微党课", day(2026, 2, 10), feb)
		feedback(atFeb, O, S)
		newYear := lecture(tr.branchA, O, "元旦微党课", day(2026, 1, 1), nil) // the first day of the year counts
		feedback(newYear, S)
		lastYear := lecture(tr.branchA, S, "十二月微党课", day(2025, 12, 20), dec)
		nextYear := lecture(tr.branchA, G, "来年微党课", day(2027, 1, 1), nil) // the day after does not
		feedback(nextYear, O)
		elsewhere := lecture(tr.branchB, X, "综合处微党课", day(2026, 2, 11), other)

		discussion := func(org *huoshui.Org, host *huoshui.Member, topic string, on huoshui.Date, m *huoshui.Meeting, speakers ...*huoshui.Member) *huoshui.Discussion {
			t.Helper()
			d := &huoshui.Discussion{OrgID: org.ID, Topic: topic, HeldOn: on, Minutes: 90}
			if host != nil {
				d.HostID = host.ID
			}
			if m != nil {
				d.MeetingID = m.ID
			}
			if err := s.CreateDiscussion(ctx, actor, d); err != nil {
				t.Fatal(err)
			}
			for _, sp := range speakers {
				if err := s.AddDiscussionSpeaker(ctx, actor, &huoshui.DiscussionSpeaker{DiscussionID: d.ID, MemberID: sp.ID, Text: "谈体会"}); err != nil {
					t.Fatal(err)
				}
			}
			return d
		}
		// O speaks twice and is present, G speaks and is present: once each.
		talkFeb := discussion(tr.branchA, S, "二月研讨", day(2026, 2, 10), feb, O, G, O)
		talkMar := discussion(tr.branchA, nil, "三月研讨", day(2026, 3, 1), nil, S)
		talkLast := discussion(tr.branchA, O, "去年研讨", day(2025, 11, 11), nil)
		talkDec := discussion(tr.branchA, nil, "十二月研讨", day(2025, 12, 20), dec)

		rec := func(kind string, id int64, role string, meetingID int64) string {
			return fmt.Sprintf("%s %d %s %d", kind, id, role, meetingID)
		}
		want := map[int][]struct {
			who  *huoshui.Member
			recs []string
		}{
			2026: {
				{S, []string{rec("lecture", newYear.ID, "feedback", 0), rec("lecture", atFeb.ID, "lecturer", feb.ID),
					rec("discussion", talkFeb.ID, "host", feb.ID), rec("discussion", talkMar.ID, "speaker", 0)}},
				{O, []string{rec("lecture", newYear.ID, "lecturer", 0), rec("lecture", atFeb.ID, "feedback", feb.ID),
					rec("discussion", talkFeb.ID, "speaker", feb.ID)}},
				{G, []string{rec("lecture", atFeb.ID, "present", feb.ID), rec("discussion", talkFeb.ID, "speaker", feb.ID)}},
				{X, []string{rec("lecture", elsewhere.ID, "lecturer", other.ID)}}, // present too
			},
			2025: {
				{S, []string{rec("lecture", lastYear.ID, "lecturer", dec.ID)}},
				{O, []string{rec("discussion", talkLast.ID, "host", 0)}},
				{G, []string{rec("lecture", lastYear.ID, "present", dec.ID), rec("discussion", talkDec.ID, "present", dec.ID)}},
			},
		}
		// 499 ids that match nothing sort before the members, so that S,
		// the first member made, ends the first chunk of 500 the store
		// reads and the others are in the second; S given twice counts
		// once.
		ids := []int64{O.ID, S.ID}
		for i := 1; i < 500; i++ {
			ids = append(ids, -int64(i))
		}
		ids = append(ids, G.ID, P.ID, X.ID, p.applicant.ID, S.ID)
		if slices.Min([]int64{O.ID, G.ID, P.ID, X.ID, p.applicant.ID}) < S.ID {
			t.Fatal("the secretary should be the first member made")
		}
		for year, ws := range want {
			got, err := s.StudyRecords(ctx, ids, year)
			if err != nil {
				t.Fatal(err)
			}
			members := []int64{}
			for _, w := range ws {
				members = append(members, w.who.ID)
				var recs []string
				for _, r := range got[w.who.ID] {
					recs = append(recs, rec(r.Kind, r.ID, r.Role, r.MeetingID))
					if r.Minutes == 0 || r.HeldOn.Year() != year || r.Topic == "" || r.OrgID == 0 {
						t.Errorf("%d, %s: %+v", year, w.who.Name, r)
					}
				}
				if !slices.Equal(recs, w.recs) {
					t.Errorf("%d, %s:\n got %q\nwant %q", year, w.who.Name, recs, w.recs)
				}
			}
			if ks := slices.Sorted(maps.Keys(got)); !slices.Equal(ks, slices.Sorted(slices.Values(members))) {
				t.Errorf("%d: records for members %v, want %v only (P on leave, the applicant absent)", year, ks, members)
			}
			// One member at a time reads the same.
			for _, w := range ws {
				one, err := s.StudyRecords(ctx, []int64{w.who.ID}, year)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(one[w.who.ID], got[w.who.ID]) {
					t.Errorf("%d, %s alone: %+v, with the others %+v", year, w.who.Name, one[w.who.ID], got[w.who.ID])
				}
			}
		}
		if got, err := s.StudyRecords(ctx, nil, 2026); err != nil || len(got) != 0 {
			t.Errorf("no members: %v, %v", got, err)
		}

		// Reading, summed by day over materials, in the year asked.
		a := createMaterial(t, s, tr.branchA.ID, "学习材料一", strings.Repeat("学", 2000))
		b := createMaterial(t, s, tr.branchA.ID, "学习材料二", strings.Repeat("习", 2000))
		read := func(who *huoshui.Member, m *huoshui.Material, start time.Time, minutes int) {
			t.Helper()
			for i := 0; i <= minutes; i++ {
				now = start.Add(time.Duration(i) * time.Minute)
				if _, err := s.RecordReadingBeat(ctx, who.ID, m, i == 0); err != nil {
					t.Fatal(err)
				}
			}
		}
		read(G, a, at(2025, 12, 31, 20, 0), 3)
		read(G, a, at(2026, 3, 1, 8, 0), 5)
		read(G, b, at(2026, 3, 1, 21, 0), 4)
		read(G, a, at(2026, 3, 2, 8, 0), 2)
		read(O, b, at(2026, 3, 1, 9, 0), 1)
		days, err := s.ReadingDays(ctx, ids, 2026)
		if err != nil {
			t.Fatal(err)
		}
		wantDays := map[int64][]huoshui.ReadingDay{
			G.ID: {{Day: day(2026, 3, 1), Seconds: 540}, {Day: day(2026, 3, 2), Seconds: 120}},
			O.ID: {{Day: day(2026, 3, 1), Seconds: 60}},
		}
		if !maps.EqualFunc(days, wantDays, func(x, y []huoshui.ReadingDay) bool {
			return slices.EqualFunc(x, y, func(a, b huoshui.ReadingDay) bool { return a.Day.Equal(b.Day) && a.Seconds == b.Seconds })
		}) {
			t.Errorf("reading in 2026: %+v, want %+v", days, wantDays)
		}
		if days, err := s.ReadingDays(ctx, []int64{G.ID, S.ID}, 2025); err != nil || len(days) != 1 || len(days[G.ID]) != 1 ||
			days[G.ID][0].Seconds != 180 {
			t.Errorf("reading in 2025: %+v, %v", days, err)
		}
	})
}

// studyRecordsOf is one member's records of one kind in a year.
func studyRecordsOf(t *testing.T, s *store.Store, memberID int64, year int, kind string) []huoshui.StudyRecord {
	t.Helper()
	all, err := s.StudyRecords(context.Background(), []int64{memberID}, year)
	if err != nil {
		t.Fatal(err)
	}
	var out []huoshui.StudyRecord
	for _, r := range all[memberID] {
		if r.Kind == kind {
			out = append(out, r)
		}
	}
	return out
}
