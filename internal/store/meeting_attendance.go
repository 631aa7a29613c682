package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
)

// FindInvitees lists a meeting's invitees with their attendance, by name.
// The caller has read the meeting with the reader's scope.
func (s *Store) FindInvitees(ctx context.Context, meetingID int64) ([]huoshui.Invitee, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT i.meeting_id, i.member_id, m.name, i.voting, i.attendance,
		i.leave_reason, i.checked_in_at FROM meeting_invitees i JOIN members m ON m.id = i.member_id
		WHERE i.meeting_id = $1 ORDER BY m.name_key, m.id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("store: invitees of meeting %d: %w", meetingID, err)
	}
	defer rows.Close()
	out := []huoshui.Invitee{}
	for rows.Next() {
		var i huoshui.Invitee
		if err := rows.Scan(&i.MeetingID, &i.MemberID, &i.Name, &i.Voting, &i.Attendance, &i.LeaveReason, &i.CheckedInAt); err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// SetInvitees makes the meeting's invitees exactly ids: new ones are added
// with no attendance yet, those kept keep theirs, the rest are dropped.
// Each must be a current member of the meeting's branch.
func (s *Store) SetInvitees(ctx context.Context, a huoshui.Actor, meetingID int64, ids []int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		m, err := s.lockMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		org, err := findOrg(ctx, tx, m.OrgID)
		if err != nil {
			return err
		}
		people, err := s.meetingPeople(ctx, tx, org)
		if err != nil {
			return err
		}
		old, err := inviteeIDs(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		keep := map[int64]bool{}
		var add []huoshui.Member
		byID := map[int64]huoshui.Member{}
		for _, p := range people {
			byID[p.ID] = p
		}
		for _, id := range ids {
			if keep[id] {
				continue
			}
			keep[id] = true
			if old[id] {
				continue
			}
			p, ok := byID[id]
			if !ok {
				v := &huoshui.ValidationError{}
				v.Add("invitees", "meeting.invitee_outside")
				return v
			}
			add = append(add, p)
		}
		var dropped []int64
		for id := range old {
			if !keep[id] {
				dropped = append(dropped, id)
				if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_invitees WHERE meeting_id = $1 AND member_id = $2`, meetingID, id); err != nil {
					return fmt.Errorf("store: uninvite %d: %w", id, err)
				}
			}
		}
		for _, p := range add {
			if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_invitees (meeting_id, member_id, voting, starts_at) VALUES ($1, $2, $3, $4)`,
				meetingID, p.ID, huoshui.Votes(m.Type, m.AlsoCounts, p), m.StartsAt.UTC()); err != nil {
				return fmt.Errorf("store: invite %d: %w", p.ID, err)
			}
		}
		before := *m
		if err := s.retally(ctx, tx, &before, m); err != nil {
			return err
		}
		// Those dropped count the meeting no more.
		if err := s.restudyMeeting(ctx, tx, &before, m, dropped...); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "meeting", meetingID, m.OrgID, nil, map[string]any{"invitees": ids})
	})
}

func inviteeIDs(ctx context.Context, q querier, meetingID int64) (map[int64]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT member_id FROM meeting_invitees WHERE meeting_id = $1`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("store: invitees of meeting %d: %w", meetingID, err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// AttendanceMark is what an officer ticks for one invitee.
type AttendanceMark struct {
	MemberID    int64
	Attendance  huoshui.Attendance
	LeaveReason string
}

// SetAttendance records attendance ticked by hand for some invitees. A
// leave needs its reason; a mark for someone not invited is refused and
// nothing is written. A check-in time already recorded stays.
func (s *Store) SetAttendance(ctx context.Context, a huoshui.Actor, meetingID int64, marks []AttendanceMark) error {
	v := &huoshui.ValidationError{}
	for i, mk := range marks {
		row := i + 1
		switch {
		case mk.Attendance != huoshui.AttendanceUnknown && !mk.Attendance.Valid():
			v.Fields = append(v.Fields, huoshui.FieldError{Field: "attendance", Code: "invalid_choice", Row: row})
		case mk.Attendance == huoshui.AttendanceLeave && strings.Join(strings.Fields(mk.LeaveReason), " ") == "":
			v.Fields = append(v.Fields, huoshui.FieldError{Field: "leave_reason", Code: "meeting.leave_needs_reason", Row: row})
		case len([]rune(mk.LeaveReason)) > 200:
			v.Fields = append(v.Fields, huoshui.FieldError{Field: "leave_reason", Code: "too_long", Args: map[string]any{"Max": 200}, Row: row})
		case huoshui.CheckText(mk.LeaveReason, false) != "":
			v.Fields = append(v.Fields, huoshui.FieldError{Field: "leave_reason", Code: huoshui.CheckText(mk.LeaveReason, false), Row: row})
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		m, err := s.lockMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		invited, err := inviteeIDs(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		for _, mk := range marks {
			if !invited[mk.MemberID] {
				v := &huoshui.ValidationError{}
				v.Add("attendance", "meeting.not_invited")
				return v
			}
			reason := ""
			if mk.Attendance == huoshui.AttendanceLeave {
				reason = strings.Join(strings.Fields(mk.LeaveReason), " ")
			}
			if _, err := tx.ExecContext(ctx, `UPDATE meeting_invitees SET attendance = $1, leave_reason = $2
				WHERE meeting_id = $3 AND member_id = $4`, mk.Attendance, reason, meetingID, mk.MemberID); err != nil {
				return fmt.Errorf("store: attendance %d: %w", mk.MemberID, err)
			}
		}
		before := *m
		if err := s.retally(ctx, tx, &before, m); err != nil {
			return err
		}
		// Those marked otherwise than present count the meeting no more.
		marked := make([]int64, len(marks))
		for i, mk := range marks {
			marked[i] = mk.MemberID
		}
		if err := s.restudyMeeting(ctx, tx, &before, m, marked...); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "meeting", meetingID, m.OrgID, nil, map[string]any{"attendance": marks})
	})
}

// CheckIn is one member's scan of a meeting's code.
type CheckIn struct {
	MeetingID int64
	MemberID  int64
	Actor     huoshui.Actor
}

// CheckInResult says what became of one check-in: recorded now, or
// already present since At; Err when the member is not invited
// (huoshui.ErrNotFound) or the meeting is gone.
type CheckInResult struct {
	At      time.Time
	Already bool
	Err     error
}

// ErrNotInvited answers a check-in by someone the meeting does not invite:
// nothing is recorded.
var ErrNotInvited = errors.New("not invited")

// CheckIns records a batch of check-ins in one transaction — the way a
// burst of scans at the start of an assembly is written: SQLite has one
// writer, so many scans share one commit. Each result is independent: a
// refused check-in records nothing and does not stop the others. A second
// check-in by the same member changes nothing and reports when the first
// was.
func (s *Store) CheckIns(ctx context.Context, batch []CheckIn) ([]CheckInResult, error) {
	out := make([]CheckInResult, len(batch))
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		// The batch's meetings are locked in ascending id order before any
		// row is written, and re-tallied in that order: two batches that
		// share meetings wait for each other instead of deadlocking.
		ids := make([]int64, 0, len(batch))
		for _, c := range batch {
			ids = append(ids, c.MeetingID)
		}
		slices.Sort(ids)
		ids = slices.Compact(ids)
		touched := map[int64]*huoshui.Meeting{}
		befores := map[int64]huoshui.Meeting{}
		checked := studyTouch{} // the members now present, whose study may count the meeting
		for _, id := range ids {
			m, err := s.lockMeeting(ctx, tx, id)
			if errors.Is(err, huoshui.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			touched[id], befores[id] = m, *m
		}
		for i, c := range batch {
			m, ok := touched[c.MeetingID]
			if !ok {
				out[i].Err = huoshui.ErrNotFound
				continue
			}
			var att huoshui.Attendance
			var at *time.Time
			var voting bool
			err := tx.QueryRowContext(ctx, `SELECT attendance, checked_in_at, voting FROM meeting_invitees
				WHERE meeting_id = $1 AND member_id = $2`, c.MeetingID, c.MemberID).Scan(&att, &at, &voting)
			if errors.Is(err, sql.ErrNoRows) {
				out[i].Err = ErrNotInvited
				continue
			}
			if err != nil {
				return fmt.Errorf("store: check in: %w", err)
			}
			if att == huoshui.AttendancePresent {
				out[i].Already = true
				if at != nil {
					out[i].At = at.UTC()
				}
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE meeting_invitees SET attendance = 'present', leave_reason = '',
				checked_in_at = $1 WHERE meeting_id = $2 AND member_id = $3`, now, c.MeetingID, c.MemberID); err != nil {
				return fmt.Errorf("store: check in: %w", err)
			}
			out[i].At = now
			checked.addTime(m.StartsAt, c.MemberID)
			// The tally moves by this one, instead of a recount of the whole
			// meeting per batch: an assembly has thousands of invitees.
			t := &m.Tally
			switch att {
			case huoshui.AttendanceLeave:
				t.Leave--
			case huoshui.AttendanceAbsent:
				t.Absent--
			}
			t.Present++
			if voting {
				t.VotingPresent++
			}
			if err := s.audit(ctx, tx, c.Actor, "checkin", "meeting", c.MeetingID, m.OrgID, nil,
				map[string]any{"member_id": c.MemberID}); err != nil {
				return err
			}
		}
		// The counts of all the batch's meetings move together, in
		// moveCounts' one order: per meeting, a lecture's row before a
		// general meeting's would cross another change's.
		delta := map[countKey]int{}
		var paths []string
		for _, id := range ids {
			m, ok := touched[id]
			if !ok {
				continue
			}
			before := befores[id]
			if m.Tally == before.Tally {
				continue // everyone here was present already
			}
			if err := s.keepTally(ctx, tx, &before, m, delta); err != nil {
				return err
			}
			paths = append(paths, m.OrgPath)
		}
		if err := s.moveCounts(ctx, tx, delta); err != nil {
			return err
		}
		if err := s.bumpLife(ctx, tx, paths...); err != nil {
			return err
		}
		// Study last, as every meeting write keeps it: after the counts
		// and the life version, so that concurrent writes lock in one order.
		return s.restudy(ctx, tx, checked)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
