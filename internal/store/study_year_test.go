package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// freshStudy counts members' years from the records, as the member's own
// study page does: rules.Study over the store's items, against the
// target of each member's branch.
func freshStudy(t *testing.T, s *store.Store, year int, ms []*huoshui.Member) map[int64]rules.StudyProgress {
	t.Helper()
	ctx := context.Background()
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	items, err := s.StudyItems(ctx, ids, year)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]rules.StudyProgress{}
	for _, m := range ms {
		target, _, err := s.StudyTarget(ctx, m.OrgPath)
		if err != nil {
			t.Fatal(err)
		}
		out[m.ID] = rules.Study(float64(target), items[m.ID])
	}
	return out
}

// checkKeptStudy compares every kept number with a fresh count: each
// member's hours, each branch's party members and how many of them
// reached the target, and the committee's roll-up.
func checkKeptStudy(t *testing.T, s *store.Store, tr tree, when string) (reached, behind int) {
	t.Helper()
	ctx := context.Background()
	all, _, err := s.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Everything(), Archived: false})
	if err != nil {
		t.Fatal(err)
	}
	archived, _, err := s.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Everything(), Archived: true})
	if err != nil {
		t.Fatal(err)
	}
	everyone := append(append([]*huoshui.Member{}, all...), archived...)
	committee, err := s.FindOrgByID(ctx, huoshui.Everything(), tr.committee.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, year := range []int{2025, 2026, 2027} {
		fresh := freshStudy(t, s, year, everyone)
		ids := make([]int64, len(everyone))
		for i, m := range everyone {
			ids[i] = m.ID
		}
		kept, err := s.KeptStudyHours(ctx, ids, year)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range everyone {
			if kept[m.ID] != fresh[m.ID].Done {
				t.Errorf("%s: %d: %s keeps %v hours, the records say %v", when, year, m.Name, kept[m.ID], fresh[m.ID].Done)
			}
		}
		want := map[int64]huoshui.StudyCompletion{}
		for _, m := range all {
			if m.Status != huoshui.StatusFull && m.Status != huoshui.StatusProbationary {
				continue
			}
			c := want[m.OrgID]
			c.Known = true
			c.Members++
			if fresh[m.ID].Reached {
				c.Met++
			}
			want[m.OrgID] = c
		}
		byOrg, err := s.StudyCompletionByOrg(ctx, committee, year)
		if err != nil {
			t.Fatal(err)
		}
		var sum huoshui.StudyCompletion
		for _, o := range []*huoshui.Org{tr.committee, tr.branchA, tr.branchB, tr.groupA} {
			w := want[o.ID]
			w.Known = true
			if got, ok := byOrg[o.ID]; got != w && (ok || w.Members > 0) {
				t.Errorf("%s: %d: %s by org %+v, want %+v", when, year, o.Name, got, w)
			}
			got, err := s.StudyCompletion(ctx, o, false, year)
			if err != nil {
				t.Fatal(err)
			}
			if got != w {
				t.Errorf("%s: %d: %s alone %+v, want %+v", when, year, o.Name, got, w)
			}
			sum.Members += w.Members
			sum.Met += w.Met
		}
		sum.Known = true
		got, err := s.StudyCompletion(ctx, committee, true, year)
		if err != nil {
			t.Fatal(err)
		}
		if got != sum {
			t.Errorf("%s: %d: committee's subtree %+v, want the sum of its branches %+v", when, year, got, sum)
		}
		reached += sum.Met
		behind += sum.Members - sum.Met
	}
	return reached, behind
}

// The kept study years equal a fresh count from the records after a
// random sequence of every write that changes them: attendance ticked and
// unticked, meetings changing type, length and date across years, called
// off and back on, lectures and discussions with their feedback and
// speakers, reading beats over days past the daily cap, training
// confirmed, rejected and withdrawn, members moving, archived and
// restored, targets set. A rebuild from scratch gives the same numbers.
func TestStudyYearsKeptEqualFresh(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := at(2026, 3, 2, 9, 0)
		s.SetClock(func() time.Time { return now })
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		people := []*huoshui.Member{p.secretary, p.organiser, p.grouped, p.probationary, p.applicant, p.outsider}
		branches := []*huoshui.Org{tr.branchA, tr.branchB}
		// Small targets, so that members cross them both ways.
		if err := s.SetStudyTarget(ctx, actor, tr.committee.ID, 3); err != nil {
			t.Fatal(err)
		}
		long := []*huoshui.Material{
			createMaterial(t, s, tr.branchA.ID, "长篇学习材料一", strings.Repeat("学", 12000)),
			createMaterial(t, s, tr.branchA.ID, "长篇学习材料二", strings.Repeat("习", 12000)),
		}
		rng := rand.New(rand.NewPCG(8, 24))
		pick := func(ms []*huoshui.Member) *huoshui.Member { return ms[rng.IntN(len(ms))] }
		var meetings []*huoshui.Meeting
		var lectures []*huoshui.Lecture
		var discussions []*huoshui.Discussion
		var pending []huoshui.Training
		types := []huoshui.MeetingType{huoshui.MeetingGeneral, huoshui.MeetingCommittee, huoshui.MeetingLecture,
			huoshui.MeetingThemeDay, huoshui.MeetingTalk}
		randomStart := func() time.Time {
			return at(2025+rng.IntN(2), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 8+rng.IntN(6), 0)
		}
		if rng.IntN(2) == 0 {
			randomStart = func() time.Time { return at(2025, 12, 31, 14, 0) } // the eve of a year
		}
		// Where is each member now (branch), for transfers.
		current := func(m *huoshui.Member) *huoshui.Member {
			got, err := s.FindMemberByID(ctx, huoshui.Everything(), m.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		presentMarks := func(m *huoshui.Meeting) {
			inv := invitees(t, s, m.ID)
			var marks []store.AttendanceMark
			for id := range inv {
				a := huoshui.AttendanceAbsent
				if rng.IntN(3) > 0 {
					a = huoshui.AttendancePresent
				}
				marks = append(marks, store.AttendanceMark{MemberID: id, Attendance: a})
			}
			if err := s.SetAttendance(ctx, actor, m.ID, marks); err != nil {
				t.Fatal(err)
			}
		}
		sawReached, sawBehind := false, false
		for step := 0; step < 70; step++ {
			what := ""
			switch op := rng.IntN(12); op {
			case 0, 1: // a meeting with attendance
				org := branches[rng.IntN(2)]
				start := randomStart()
				m := planMeeting(org, types[rng.IntN(len(types))], fmt.Sprintf("会议%d", step), start)
				m.EndsAt = start.Add(time.Duration(20+rng.IntN(400)) * time.Minute)
				var inv []int64
				if m.Type == huoshui.MeetingTalk {
					inv = []int64{}
					for _, x := range people {
						if x := current(x); x.OrgID == org.ID && x.ArchivedAt == nil && x.Status != huoshui.StatusApplicant {
							inv = append(inv, x.ID)
						}
					}
				}
				if err := s.CreateMeeting(ctx, actor, m, inv); err != nil {
					what = "meeting refused: " + err.Error()
					break
				}
				presentMarks(m)
				meetings = append(meetings, m)
				what = "meeting"
			case 2: // attendance changed
				if len(meetings) == 0 {
					continue
				}
				presentMarks(meetings[rng.IntN(len(meetings))])
				what = "attendance"
			case 3: // type, length or date changed
				if len(meetings) == 0 {
					continue
				}
				m := findMeeting(t, s, meetings[rng.IntN(len(meetings))].ID)
				switch rng.IntN(3) {
				case 0:
					m.Type, m.AlsoCounts = types[rng.IntN(4)], nil
				case 1:
					m.EndsAt = m.StartsAt.Add(time.Duration(20+rng.IntN(400)) * time.Minute)
				case 2:
					d := m.EndsAt.Sub(m.StartsAt)
					m.StartsAt = randomStart()
					m.EndsAt = m.StartsAt.Add(d)
				}
				if err := s.UpdateMeeting(ctx, actor, m.ID, m); err != nil {
					what = "update refused: " + err.Error()
					break
				}
				what = "meeting changed"
			case 4: // called off, or back on
				if len(meetings) == 0 {
					continue
				}
				m := findMeeting(t, s, meetings[rng.IntN(len(meetings))].ID)
				if err := s.CancelMeeting(ctx, actor, m.ID, m.CancelledAt != nil); err != nil {
					t.Fatal(err)
				}
				what = "cancel"
			case 5: // a lecture, maybe at a meeting, with feedback
				l := &huoshui.Lecture{OrgID: tr.branchA.ID, LecturerID: pick(people[:4]).ID, Topic: fmt.Sprintf("微党课%d", step),
					HeldOn: day(2025+rng.IntN(2), 1+rng.IntN(12), 1+rng.IntN(28)), Minutes: 10 + rng.IntN(200)}
				for _, m := range meetings {
					if m.OrgID == tr.branchA.ID && rng.IntN(3) == 0 {
						l.MeetingID, l.HeldOn = m.ID, huoshui.DateOf(m.StartsAt.In(huoshui.Shanghai))
						break
					}
				}
				if err := s.CreateLecture(ctx, actor, l); err != nil {
					what = "lecture refused: " + err.Error()
					break
				}
				lectures = append(lectures, l)
				if err := s.SaveLectureFeedback(ctx, actor, &huoshui.LectureFeedback{LectureID: l.ID, MemberID: pick(people[:4]).ID, Body: "有收获"}); err != nil {
					what = "feedback refused: " + err.Error()
					break
				}
				what = "lecture"
			case 6: // a lecture moved or lengthened
				if len(lectures) == 0 {
					continue
				}
				l := lectures[rng.IntN(len(lectures))]
				l.HeldOn, l.Minutes, l.MeetingID = day(2025+rng.IntN(2), 1+rng.IntN(12), 1+rng.IntN(28)), 10+rng.IntN(400), 0
				if err := s.UpdateLecture(ctx, actor, l.ID, l); err != nil {
					what = "lecture update refused: " + err.Error()
					break
				}
				what = "lecture changed"
			case 7: // a discussion with speakers
				d := &huoshui.Discussion{OrgID: tr.branchA.ID, Topic: fmt.Sprintf("研讨%d", step),
					HeldOn: day(2025+rng.IntN(2), 1+rng.IntN(12), 1+rng.IntN(28)), Minutes: 30 + rng.IntN(300), HostID: pick(people[:4]).ID}
				if err := s.CreateDiscussion(ctx, actor, d); err != nil {
					what = "discussion refused: " + err.Error()
					break
				}
				discussions = append(discussions, d)
				if err := s.AddDiscussionSpeaker(ctx, actor, &huoshui.DiscussionSpeaker{DiscussionID: d.ID, MemberID: pick(people[:4]).ID, Text: "谈体会"}); err != nil {
					what = "speaker refused: " + err.Error()
					break
				}
				what = "discussion"
			case 8: // reading, past the day's cap some days
				who := pick(people[:4])
				now = at(2025+rng.IntN(2), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 22, 0)
				if rng.IntN(4) == 0 {
					now = at(2025, 12, 31, 23, 30) // a day's reading that runs into the next year
				}
				n := 5 + rng.IntN(80)
				for i := 0; i < n; i++ {
					if _, err := s.RecordReadingBeat(ctx, who.ID, long[i%2], i == 0); err != nil {
						t.Fatal(err)
					}
					now = now.Add(time.Minute)
				}
				now = at(2026, 3, 2, 9, 0)
				what = fmt.Sprintf("%d reading beats", n)
			case 9: // training entered, then confirmed, rejected or withdrawn
				who := current(pick(people[:4]))
				if who.ArchivedAt != nil {
					continue
				}
				tn := huoshui.Training{MemberID: who.ID, Title: "党校专题培训", Organiser: "市委党校",
					HeldOn: day(2025+rng.IntN(2), 1+rng.IntN(12), 1+rng.IntN(28)), Hours: float64(1+rng.IntN(12)) / 2, Evidence: "结业证书"}
				if err := s.CreateTraining(ctx, actor, &tn, day(2026, 12, 31)); err != nil {
					t.Fatal(err)
				}
				pending = append(pending, tn)
				x := pending[rng.IntN(len(pending))]
				switch rng.IntN(3) {
				case 0:
					err := s.DecideTraining(ctx, actor, x.ID, true, float64(rng.IntN(3)), "")
					what = fmt.Sprintf("training confirmed (%v)", err)
				case 1:
					err := s.DecideTraining(ctx, actor, x.ID, false, 0, "证明不全")
					what = fmt.Sprintf("training rejected (%v)", err)
				case 2:
					err := s.WithdrawTraining(ctx, actor, x.MemberID, x.ID)
					what = fmt.Sprintf("training withdrawn (%v)", err)
				}
			case 10: // a member moves, leaves, comes back or becomes full
				who := current(pick(people))
				switch {
				case who.ArchivedAt != nil:
					if err := s.RestoreMember(ctx, actor, who.ID); err != nil {
						t.Fatal(err)
					}
					what = "restored " + who.Name
				case rng.IntN(3) == 0:
					if err := s.ArchiveMember(ctx, actor, who.ID, "迁出"); err != nil {
						t.Fatal(err)
					}
					what = "archived " + who.Name
				case who.Status == huoshui.StatusProbationary:
					full := huoshui.StatusFull
					fullOn := huoshui.NewDate(2026, 7, 1)
					if _, err := s.UpdateMember(ctx, actor, who.ID, huoshui.MemberUpdate{Status: &full, FullOn: &fullOn}); err != nil {
						what = "full refused: " + err.Error()
						break
					}
					what = "became full " + who.Name
				default:
					to := tr.branchA
					if who.OrgID == to.ID {
						to = tr.branchB
					}
					if err := s.TransferMember(ctx, actor, &huoshui.Transfer{MemberID: who.ID, ToOrgID: to.ID,
						On: huoshui.NewDate(2026, 3, 1), Reason: "工作调动"}); err != nil {
						t.Fatal(err)
					}
					what = "transferred " + who.Name
				}
			case 11: // a target set or cleared
				o := []*huoshui.Org{tr.committee, tr.branchA, tr.branchB}[rng.IntN(3)]
				h := []int{0, 1, 2, 4, 6}[rng.IntN(5)]
				if err := s.SetStudyTarget(ctx, actor, o.ID, h); err != nil {
					t.Fatal(err)
				}
				what = fmt.Sprintf("target %d at %s", h, o.Name)
			}
			r, b := checkKeptStudy(t, s, tr, fmt.Sprintf("step %d (%s)", step, what))
			sawReached, sawBehind = sawReached || r > 0, sawBehind || b > 0
			if t.Failed() {
				t.FailNow()
			}
		}
		if !sawReached || !sawBehind {
			t.Fatalf("the writes should leave members both short of the target and past it (reached %v, behind %v)", sawReached, sawBehind)
		}
		if err := s.RebuildStudyYears(ctx); err != nil {
			t.Fatal(err)
		}
		checkKeptStudy(t, s, tr, "after a rebuild")
	})
}

// Writes that touch the same members at once — attendance ticked on
// several meetings, check-ins, reading — leave the kept years equal to a
// fresh count (on PostgreSQL they run truly at once).
func TestRaceStudyYears(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := at(2026, 3, 2, 9, 0)
		var mu sync.Mutex
		s.SetClock(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		if err := s.SetStudyTarget(ctx, actor, tr.committee.ID, 2); err != nil {
			t.Fatal(err)
		}
		people := []*huoshui.Member{p.secretary, p.organiser, p.grouped, p.probationary}
		var meetings []*huoshui.Meeting
		for i := range 12 {
			start := at(2026, 2, 1+i, 9, 0)
			m := planMeeting(tr.branchA, huoshui.MeetingGeneral, fmt.Sprintf("党员大会%d", i), start)
			m.EndsAt = start.Add(time.Duration(60+30*i) * time.Minute)
			meetings = append(meetings, createMeeting(t, s, m, nil))
		}
		material := createMaterial(t, s, tr.branchA.ID, "学习材料", strings.Repeat("学", 12000))
		for trial := range 6 {
			var wg sync.WaitGroup
			errs := make(chan error, 64)
			for i, m := range meetings {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var marks []store.AttendanceMark
					for j, who := range people {
						a := huoshui.AttendancePresent
						if (i+j+trial)%3 == 0 {
							a = huoshui.AttendanceAbsent
						}
						marks = append(marks, store.AttendanceMark{MemberID: who.ID, Attendance: a})
					}
					if err := s.SetAttendance(ctx, actor, m.ID, marks); err != nil {
						errs <- fmt.Errorf("attendance: %w", err)
					}
				}()
				wg.Add(1)
				go func() {
					defer wg.Done()
					var batch []store.CheckIn
					for _, who := range people {
						batch = append(batch, store.CheckIn{MeetingID: m.ID, MemberID: who.ID, Actor: actor})
					}
					if _, err := s.CheckIns(ctx, batch); err != nil {
						errs <- fmt.Errorf("check-ins: %w", err)
					}
				}()
			}
			for _, who := range people {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range 12 {
						mu.Lock()
						now = now.Add(20 * time.Second)
						mu.Unlock()
						if _, err := s.RecordReadingBeat(ctx, who.ID, material, i == 0 && trial == 0); err != nil {
							errs <- fmt.Errorf("reading: %w", err)
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Errorf("trial %d: %v", trial, err)
			}
			checkKeptStudy(t, s, tr, fmt.Sprintf("trial %d", trial))
		}
	})
}
