package store

// Concurrent attendance changes on the meetings of one org. On PostgreSQL
// every change locks its meetings and then the org's monthly count rows,
// which many meetings share; two transactions that take those locks in
// different orders deadlock, and the loser answers a 500. The tests sit
// inside the package to recount, with raw SQL, what the store keeps: each
// meeting's tally from meeting_invitees, and the monthly counts from the
// meetings and their invitees.

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
)

// raceOrg is a branch of full members, two of them on its committee.
type raceOrg struct {
	branch  *huoshui.Org
	members []int64
}

func makeRaceOrg(t *testing.T, s *Store, n int) raceOrg {
	t.Helper()
	ctx := context.Background()
	root := &huoshui.Org{Kind: huoshui.OrgCommittee, Name: "机关党委"}
	if err := s.CreateOrg(ctx, auditActor, root); err != nil {
		t.Fatal(err)
	}
	o := raceOrg{branch: &huoshui.Org{ParentID: root.ID, Kind: huoshui.OrgBranch, Name: "秘书处（督查处）党支部"}}
	if err := s.CreateOrg(ctx, auditActor, o.branch); err != nil {
		t.Fatal(err)
	}
	var ms []*huoshui.Member
	for i := range n {
		m := &huoshui.Member{OrgID: o.branch.ID, Name: fmt.Sprintf("党员%d", i+1), Gender: huoshui.Male,
			Status: huoshui.StatusFull, AppliedOn: huoshui.NewDate(2010, 3, 1), ProbationOn: huoshui.NewDate(2012, 7, 1),
			FullOn: huoshui.NewDate(2013, 7, 1)}
		if i < 2 {
			m.CommitteePost = []huoshui.CommitteePost{huoshui.PostSecretary, huoshui.PostOrganiser}[i]
		}
		ms = append(ms, m)
	}
	if err := s.CreateMembers(ctx, auditActor, ms); err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		o.members = append(o.members, m.ID)
	}
	return o
}

// raceMeeting plans a meeting of the org, every member invited.
func raceMeeting(t *testing.T, s *Store, o raceOrg, typ huoshui.MeetingType, also []huoshui.MeetingType, start time.Time) *huoshui.Meeting {
	t.Helper()
	m := &huoshui.Meeting{OrgID: o.branch.ID, Type: typ, AlsoCounts: also, Title: "会议", StartsAt: start, EndsAt: start.Add(2 * time.Hour)}
	if err := s.CreateMeeting(context.Background(), auditActor, m, o.members); err != nil {
		t.Fatal(err)
	}
	return m
}

// raceAll runs fns at the same moment, each in a goroutine of its own,
// and returns every error they met.
func raceAll(fns ...func() []error) []error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	start := make(chan struct{})
	for _, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			e := fn()
			mu.Lock()
			errs = append(errs, e...)
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// noErrors fails the test with the errors a race met: a deadlock shows
// here as "deadlock detected (SQLSTATE 40P01)".
func noErrors(t *testing.T, when string, errs []error) {
	t.Helper()
	if len(errs) == 0 {
		return
	}
	var b strings.Builder
	for i, err := range errs[:min(3, len(errs))] {
		fmt.Fprintf(&b, "\n  %d: %v", i+1, err)
	}
	t.Fatalf("%s: %d changes failed:%s", when, len(errs), b.String())
}

// recountMeetings checks what the store keeps against a recount from the
// records: every meeting's tally from its rows in meeting_invitees, and
// the monthly counts from the held meetings (not cancelled, someone
// present), each counted once for its own type and every type it also
// counts as, in the month it starts in Shanghai.
func recountMeetings(t *testing.T, s *Store, when string) {
	t.Helper()
	ctx := context.Background()
	rows, err := s.r.QueryContext(ctx, `SELECT mt.id, mt.org_id, mt.type, mt.also_counts, mt.starts_at,
		CASE WHEN mt.cancelled_at IS NULL THEN 0 ELSE 1 END,
		mt.invited, mt.present, mt.on_leave, mt.absent, mt.voting, mt.voting_present,
		(SELECT COUNT(*) FROM meeting_invitees i WHERE i.meeting_id = mt.id),
		(SELECT COUNT(*) FROM meeting_invitees i WHERE i.meeting_id = mt.id AND i.attendance = 'present'),
		(SELECT COUNT(*) FROM meeting_invitees i WHERE i.meeting_id = mt.id AND i.attendance = 'leave'),
		(SELECT COUNT(*) FROM meeting_invitees i WHERE i.meeting_id = mt.id AND i.attendance = 'absent'),
		(SELECT COUNT(*) FROM meeting_invitees i WHERE i.meeting_id = mt.id AND i.voting),
		(SELECT COUNT(*) FROM meeting_invitees i WHERE i.meeting_id = mt.id AND i.voting AND i.attendance = 'present')
		FROM meetings mt ORDER BY mt.id`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	for rows.Next() {
		var id, org int64
		var typ, also string
		var start time.Time
		var cancelled int
		var kept, counted huoshui.AttendanceTally
		if err := rows.Scan(&id, &org, &typ, &also, &start, &cancelled,
			&kept.Invited, &kept.Present, &kept.Leave, &kept.Absent, &kept.Voting, &kept.VotingPresent,
			&counted.Invited, &counted.Present, &counted.Leave, &counted.Absent, &counted.Voting, &counted.VotingPresent); err != nil {
			rows.Close()
			t.Fatal(err)
		}
		if kept != counted {
			t.Errorf("%s: meeting %d keeps the tally %+v; its invitees say %+v", when, id, kept, counted)
		}
		if cancelled == 0 && counted.Present > 0 {
			month := start.In(huoshui.Shanghai).Format("2006-01")
			for _, ty := range append([]string{typ}, strings.Split(also, ",")...) {
				if ty != "" {
					want[fmt.Sprintf("%d %s %s", org, month, ty)]++
				}
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	crows, err := s.r.QueryContext(ctx, `SELECT org_id, month, type, n FROM meeting_counts WHERE n <> 0`)
	if err != nil {
		t.Fatal(err)
	}
	defer crows.Close()
	for crows.Next() {
		var org int64
		var month, ty string
		var n int
		if err := crows.Scan(&org, &month, &ty, &n); err != nil {
			t.Fatal(err)
		}
		got[fmt.Sprintf("%d %s %s", org, month, ty)] = n
	}
	if !maps.Equal(got, want) {
		t.Errorf("%s: monthly counts kept %v; the meetings say %v", when, got, want)
	}
}

// sameInstant compares times as both engines keep them: PostgreSQL to the
// microsecond. (A check-in answers the time it wrote, to the nanosecond;
// the record and a second scan tell it to the microsecond.)
func sameInstant(a, b time.Time) bool {
	return a.Truncate(time.Microsecond).Equal(b.Truncate(time.Microsecond))
}

// One check-in: who, where, and what the store answered.
type raceScan struct {
	meeting, member int64
	res             CheckInResult
}

// Scans of many members to several meetings of one org, in batches that
// take the meetings in different orders, race officers ticking attendance
// and calling meetings off and on again, on meetings that share the org's
// monthly count rows (theme days that are also the general meeting and
// the lecture beside plain general meetings and lectures, in one month).
// No change fails, no check-in is lost, and the tallies and the monthly
// counts equal a recount.
func TestRaceCheckInsAcrossMeetingsOfOneOrg(t *testing.T) {
	t.Parallel()
	auditEngines(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		const scanners, perScanner, officers = 4, 3, 4
		o := makeRaceOrg(t, s, scanners*perScanner+officers)
		scanMembers, officerMembers := o.members[:scanners*perScanner], o.members[scanners*perScanner:]
		trials := 10
		if testing.Short() {
			trials = 3
		}
		both := []huoshui.MeetingType{huoshui.MeetingGeneral, huoshui.MeetingLecture}
		for trial := range trials {
			r := rand.New(rand.NewPCG(uint64(trial), 7))
			start := time.Date(2026, time.Month(1+trial%12), 10, 9, 0, 0, 0, huoshui.Shanghai)
			// Lectures and general meetings with lower ids than the theme
			// days: a batch that re-tallies by meeting id touches the
			// lecture's count before the general meeting's.
			var ms []*huoshui.Meeting
			for i, ty := range []huoshui.MeetingType{huoshui.MeetingLecture, huoshui.MeetingGeneral, huoshui.MeetingLecture,
				huoshui.MeetingGeneral, huoshui.MeetingThemeDay, huoshui.MeetingThemeDay} {
				var also []huoshui.MeetingType
				if ty == huoshui.MeetingThemeDay {
					also = both
				}
				ms = append(ms, raceMeeting(t, s, o, ty, also, start.Add(time.Duration(i)*time.Hour)))
			}

			var mu sync.Mutex
			var scans []raceScan
			var fns []func() []error
			for w := range scanners {
				mine := scanMembers[w*perScanner : (w+1)*perScanner]
				// Each scanner's batches: its members' scans to every
				// meeting, shuffled, in two or three batches, some twice.
				var all []CheckIn
				for _, m := range ms {
					for _, id := range mine {
						all = append(all, CheckIn{MeetingID: m.ID, MemberID: id, Actor: auditActor})
					}
				}
				r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
				all = append(all, all[:3]...)
				cut1, cut2 := len(all)/3, 2*len(all)/3
				batches := [][]CheckIn{all[:cut1], all[cut1:cut2], all[cut2:]}
				fns = append(fns, func() []error {
					var errs []error
					for _, b := range batches {
						res, err := s.CheckIns(ctx, b)
						if err != nil {
							errs = append(errs, fmt.Errorf("check-ins: %w", err))
							continue
						}
						mu.Lock()
						for i, c := range b {
							scans = append(scans, raceScan{c.MeetingID, c.MemberID, res[i]})
						}
						mu.Unlock()
					}
					return errs
				})
			}
			// Officers tick their own people on meetings in their own order.
			for w := range 2 {
				order := r.Perm(len(ms))
				fns = append(fns, func() []error {
					var errs []error
					for k, i := range order {
						var marks []AttendanceMark
						for j, id := range officerMembers {
							a := huoshui.Attendances[(j+k+w)%3]
							marks = append(marks, AttendanceMark{MemberID: id, Attendance: a, LeaveReason: "出差"})
						}
						if err := s.SetAttendance(ctx, auditActor, ms[i].ID, marks); err != nil {
							errs = append(errs, fmt.Errorf("attendance: %w", err))
						}
					}
					return errs
				})
			}
			// Meetings called off and on again, each leaving a trial's
			// last meeting off.
			for w := range 2 {
				order := r.Perm(len(ms))
				fns = append(fns, func() []error {
					var errs []error
					for _, i := range order {
						for _, restore := range []bool{false, true, false, true} {
							if err := s.CancelMeeting(ctx, auditActor, ms[i].ID, restore); err != nil {
								errs = append(errs, fmt.Errorf("cancel: %w", err))
							}
						}
					}
					if w == 0 {
						if err := s.CancelMeeting(ctx, auditActor, ms[order[len(order)-1]].ID, false); err != nil {
							errs = append(errs, fmt.Errorf("cancel: %w", err))
						}
					}
					return errs
				})
			}
			noErrors(t, fmt.Sprintf("trial %d", trial), raceAll(fns...))

			// No check-in lost: every scanner's member is present at every
			// meeting, since the time its first scan was told.
			first := map[[2]int64]time.Time{}
			for _, sc := range scans {
				if sc.res.Err != nil {
					t.Fatalf("trial %d: check-in of %d to %d: %v", trial, sc.member, sc.meeting, sc.res.Err)
				}
				k := [2]int64{sc.meeting, sc.member}
				if at, ok := first[k]; ok && !sameInstant(at, sc.res.At) {
					t.Errorf("trial %d: member %d told %v and %v for one check-in to %d", trial, sc.member, at, sc.res.At, sc.meeting)
				}
				first[k] = sc.res.At
			}
			for _, m := range ms {
				inv, err := s.FindInvitees(ctx, m.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, i := range inv {
					at, scanned := first[[2]int64{m.ID, i.MemberID}]
					if !scanned {
						continue
					}
					if i.Attendance != huoshui.AttendancePresent || i.CheckedInAt == nil || !sameInstant(*i.CheckedInAt, at) {
						t.Errorf("trial %d: member %d checked in to %d at %v; the record says %s at %v",
							trial, i.MemberID, m.ID, at, i.Attendance, i.CheckedInAt)
					}
				}
			}
			if len(first) != len(ms)*len(scanMembers) {
				t.Errorf("trial %d: %d check-ins answered, want %d", trial, len(first), len(ms)*len(scanMembers))
			}
			recountMeetings(t, s, fmt.Sprintf("trial %d", trial))
			if t.Failed() {
				return
			}
		}
	})
}

// Scans and an officer's ticks on one meeting at once: each member's
// first scan is recorded once (one audit record, one time), a scan of a
// member the officer marks meanwhile is never undone by the mark of
// someone else, and the tally and the count end right.
func TestRaceSetAttendanceAndCheckInsOnOneMeeting(t *testing.T) {
	t.Parallel()
	auditEngines(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		o := makeRaceOrg(t, s, 16)
		scanners, marked := o.members[:10], o.members[10:]
		trials := 8
		if testing.Short() {
			trials = 3
		}
		for trial := range trials {
			m := raceMeeting(t, s, o, huoshui.MeetingGeneral, nil, time.Date(2026, 3, 1+trial, 9, 0, 0, 0, huoshui.Shanghai))
			var mu sync.Mutex
			told := map[int64][]CheckInResult{}
			var fns []func() []error
			for _, id := range scanners {
				fns = append(fns, func() []error {
					var errs []error
					for range 2 { // the second scan of a nervous member
						res, err := s.CheckIns(ctx, []CheckIn{{MeetingID: m.ID, MemberID: id, Actor: auditActor}})
						if err != nil {
							errs = append(errs, fmt.Errorf("check-in: %w", err))
							continue
						}
						mu.Lock()
						told[id] = append(told[id], res[0])
						mu.Unlock()
					}
					return errs
				})
			}
			for w := range 3 {
				fns = append(fns, func() []error {
					var errs []error
					for k := range 4 {
						var marks []AttendanceMark
						for j, id := range marked {
							a := huoshui.Attendances[(j+k+w)%3]
							marks = append(marks, AttendanceMark{MemberID: id, Attendance: a, LeaveReason: "病假"})
						}
						if err := s.SetAttendance(ctx, auditActor, m.ID, marks); err != nil {
							errs = append(errs, fmt.Errorf("attendance: %w", err))
						}
					}
					return errs
				})
			}
			noErrors(t, fmt.Sprintf("trial %d", trial), raceAll(fns...))

			inv, err := s.FindInvitees(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			byID := map[int64]huoshui.Invitee{}
			for _, i := range inv {
				byID[i.MemberID] = i
			}
			for _, id := range scanners {
				rs, rec := told[id], byID[id]
				if len(rs) != 2 || rs[0].Err != nil || rs[1].Err != nil || rs[0].Already || !rs[1].Already || !sameInstant(rs[0].At, rs[1].At) {
					t.Errorf("trial %d: member %d's two scans answered %+v", trial, id, rs)
					continue
				}
				if rec.Attendance != huoshui.AttendancePresent || rec.CheckedInAt == nil || !sameInstant(*rec.CheckedInAt, rs[0].At) {
					t.Errorf("trial %d: member %d checked in at %v; the record says %s at %v", trial, id, rs[0].At, rec.Attendance, rec.CheckedInAt)
				}
			}
			var n int
			if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE object_type = 'meeting' AND object_id = $1
				AND action = 'checkin'`, m.ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != len(scanners) {
				t.Errorf("trial %d: %d check-in audit records for %d members", trial, n, len(scanners))
			}
			recountMeetings(t, s, fmt.Sprintf("trial %d", trial))
			if t.Failed() {
				return
			}
		}
	})
}

// Meetings called off and on, moved between months and re-typed while
// people are ticked present, all at once, on theme days that count as
// three types: the monthly counts equal a recount whatever the order.
func TestRaceCancelRestoreAndMoves(t *testing.T) {
	t.Parallel()
	auditEngines(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		o := makeRaceOrg(t, s, 6)
		both := []huoshui.MeetingType{huoshui.MeetingGeneral, huoshui.MeetingLecture}
		var ms []*huoshui.Meeting
		for i := range 6 {
			ty, also := huoshui.MeetingThemeDay, both
			if i%3 == 2 {
				ty, also = huoshui.MeetingGeneral, []huoshui.MeetingType{huoshui.MeetingLecture}
			}
			ms = append(ms, raceMeeting(t, s, o, ty, also, time.Date(2026, 4, 5+i, 9, 0, 0, 0, huoshui.Shanghai)))
		}
		rounds := 15
		if testing.Short() {
			rounds = 4
		}
		for round := range rounds {
			var fns []func() []error
			for i, m := range ms {
				fns = append(fns, func() []error {
					var errs []error
					// Someone present, so the meeting counts.
					if err := s.SetAttendance(ctx, auditActor, m.ID, []AttendanceMark{
						{MemberID: o.members[(i+round)%len(o.members)], Attendance: huoshui.AttendancePresent},
						{MemberID: o.members[(i+round+1)%len(o.members)], Attendance: huoshui.AttendanceAbsent}}); err != nil {
						errs = append(errs, fmt.Errorf("attendance: %w", err))
					}
					for _, restore := range []bool{false, true} {
						if err := s.CancelMeeting(ctx, auditActor, m.ID, restore); err != nil {
							errs = append(errs, fmt.Errorf("cancel: %w", err))
						}
					}
					// Moved a month on or back, and counted as a type more
					// or less.
					cur, err := s.FindMeetingByID(ctx, huoshui.Everything(), m.ID)
					if err != nil {
						return append(errs, err)
					}
					months := 1
					if (round+i)%2 == 1 {
						months = -1
					}
					cur.StartsAt, cur.EndsAt = cur.StartsAt.AddDate(0, months, 0), cur.EndsAt.AddDate(0, months, 0)
					if cur.Type == huoshui.MeetingThemeDay {
						if len(cur.AlsoCounts) == 2 {
							cur.AlsoCounts = cur.AlsoCounts[:1]
						} else {
							cur.AlsoCounts = both
						}
					}
					if err := s.UpdateMeeting(ctx, auditActor, m.ID, cur); err != nil {
						errs = append(errs, fmt.Errorf("move: %w", err))
					}
					// Every present member gone: no longer held.
					if (round+i)%3 == 0 {
						var marks []AttendanceMark
						for _, id := range o.members {
							marks = append(marks, AttendanceMark{MemberID: id, Attendance: huoshui.AttendanceAbsent})
						}
						if err := s.SetAttendance(ctx, auditActor, m.ID, marks); err != nil {
							errs = append(errs, fmt.Errorf("attendance: %w", err))
						}
					}
					if (round+i)%4 == 0 {
						if err := s.CancelMeeting(ctx, auditActor, m.ID, false); err != nil {
							errs = append(errs, fmt.Errorf("cancel: %w", err))
						}
					}
					return errs
				})
			}
			noErrors(t, fmt.Sprintf("round %d", round), raceAll(fns...))
			recountMeetings(t, s, fmt.Sprintf("round %d", round))
			if t.Failed() {
				return
			}
		}
		// The calendar reads the same counts the recount agreed with.
		cs, err := s.FindMeetingCounts(ctx, o.branch, "2025-01", "2027-12")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if c.N <= 0 || c.OrgID != o.branch.ID {
				t.Errorf("the calendar reads %+v", c)
			}
		}
	})
}

// A check-in batch that makes a lecture and a general meeting held at once
// races officers ticking the first person present at theme days of the
// same org and month, each of which counts as a general meeting and a
// lecture too: all of them move the same monthly count rows. The batch
// moves its meetings' counts in the one order every change uses, not
// meeting by meeting, so none of them dies in a deadlock.
func TestRaceCheckInBatchAndTheOrgsOtherMeetings(t *testing.T) {
	t.Parallel()
	auditEngines(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		o := makeRaceOrg(t, s, 4)
		both := []huoshui.MeetingType{huoshui.MeetingGeneral, huoshui.MeetingLecture}
		trials := 20
		if testing.Short() {
			trials = 5
		}
		broke, first := 0, ""
		for trial := range trials {
			start := time.Date(2026, 1+time.Month(trial%12), 1, 9, 0, 0, 0, huoshui.Shanghai).Add(time.Duration(trial) * time.Hour)
			// Created in this order, a batch re-tallying meeting by meeting
			// would count the lecture before the general meeting.
			var batch []CheckIn
			for range 2 {
				lecture := raceMeeting(t, s, o, huoshui.MeetingLecture, nil, start)
				general := raceMeeting(t, s, o, huoshui.MeetingGeneral, nil, start)
				batch = append(batch, CheckIn{MeetingID: general.ID, MemberID: o.members[0], Actor: auditActor},
					CheckIn{MeetingID: lecture.ID, MemberID: o.members[0], Actor: auditActor})
			}
			fns := []func() []error{func() []error {
				if _, err := s.CheckIns(ctx, batch); err != nil {
					return []error{fmt.Errorf("check-ins: %w", err)}
				}
				return nil
			}}
			for i := range 3 {
				day := raceMeeting(t, s, o, huoshui.MeetingThemeDay, both, start)
				fns = append(fns, func() []error {
					if err := s.SetAttendance(ctx, auditActor, day.ID, []AttendanceMark{
						{MemberID: o.members[1+i], Attendance: huoshui.AttendancePresent}}); err != nil {
						return []error{fmt.Errorf("attendance: %w", err)}
					}
					return nil
				})
			}
			if errs := raceAll(fns...); len(errs) > 0 {
				broke++
				if first == "" {
					first = errs[0].Error()
				}
			}
		}
		if broke > 0 {
			t.Errorf("%d/%d trials failed; the first: %s", broke, trials, first)
		}
		recountMeetings(t, s, "at the end")
	})
}
