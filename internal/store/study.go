package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
)

// StudyTarget is the yearly target of a member of the org at path: the
// target set at the nearest org on the path, or huoshui.DefaultStudyTarget.
// setAt is the org whose target applies (0 for the default).
func (s *Store) StudyTarget(ctx context.Context, path string) (hours int, setAt int64, err error) {
	return studyTarget(ctx, s.r, path)
}

func studyTarget(ctx context.Context, q querier, path string) (hours int, setAt int64, err error) {
	ids := huoshui.PathIDs(path)
	if len(ids) == 0 {
		return huoshui.DefaultStudyTarget, 0, nil
	}
	w := &where{}
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = w.arg(id)
	}
	rows, err := q.QueryContext(ctx, "SELECT org_id, hours FROM study_targets WHERE org_id IN ("+strings.Join(ph, ",")+")", w.args...)
	if err != nil {
		return 0, 0, fmt.Errorf("store: study target: %w", err)
	}
	defer rows.Close()
	set := map[int64]int{}
	for rows.Next() {
		var id int64
		var h int
		if err := rows.Scan(&id, &h); err != nil {
			return 0, 0, fmt.Errorf("store: study target: %w", err)
		}
		set[id] = h
	}
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("store: study target: %w", err)
	}
	for i := len(ids) - 1; i >= 0; i-- { // the nearest org first
		if h, ok := set[ids[i]]; ok {
			return h, ids[i], nil
		}
	}
	return huoshui.DefaultStudyTarget, 0, nil
}

// SetStudyTarget sets the yearly target of the org's members; 0 clears it,
// so the org above (or the default) applies again.
func (s *Store) SetStudyTarget(ctx context.Context, a huoshui.Actor, orgID int64, hours int) error {
	if hours < 0 || hours > 500 {
		v := &huoshui.ValidationError{}
		v.Add("hours", "study.target_range")
		return v
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := findOrg(ctx, tx, orgID); err != nil {
			return err
		}
		var before any
		var was int
		err := tx.QueryRowContext(ctx, "SELECT hours FROM study_targets WHERE org_id = $1", orgID).Scan(&was)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("store: study target: %w", err)
		default:
			before = map[string]int{"hours": was}
		}
		if hours == 0 {
			if _, err := tx.ExecContext(ctx, "DELETE FROM study_targets WHERE org_id = $1", orgID); err != nil {
				return fmt.Errorf("store: study target: %w", err)
			}
		} else if _, err := tx.ExecContext(ctx, `INSERT INTO study_targets (org_id, hours, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (org_id) DO UPDATE SET hours = excluded.hours, updated_at = excluded.updated_at`, orgID, hours, s.now()); err != nil {
			return fmt.Errorf("store: study target: %w", err)
		}
		// Whether a member reached the target follows the target.
		if err := s.recountStudyMet(ctx, tx, orgID); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "study_target", orgID, orgID, before, map[string]int{"hours": hours})
	})
}

// AttendedMeeting is a meeting a member was present at.
type AttendedMeeting struct {
	MemberID   int64
	ID         int64
	Title      string
	Type       huoshui.MeetingType
	AlsoCounts []huoshui.MeetingType
	StartsAt   time.Time
	EndsAt     time.Time
}

// AttendedMeetings lists, for each of the members, the meetings not called
// off that they were present at, starting in [from, to).
func (s *Store) AttendedMeetings(ctx context.Context, memberIDs []int64, from, to time.Time) (map[int64][]AttendedMeeting, error) {
	return attendedMeetings(ctx, s.r, memberIDs, from, to)
}

func attendedMeetings(ctx context.Context, q querier, memberIDs []int64, from, to time.Time) (map[int64][]AttendedMeeting, error) {
	out := map[int64][]AttendedMeeting{}
	for chunk := range chunks(memberIDs, 500) {
		w := &where{}
		ph := make([]string, len(chunk))
		for i, id := range chunk {
			ph[i] = w.arg(id)
		}
		sq := `SELECT vi.member_id, mt.id, mt.title, mt.type, mt.also_counts, mt.starts_at, mt.ends_at
			FROM meeting_invitees vi JOIN meetings mt ON mt.id = vi.meeting_id
			WHERE vi.member_id IN (` + strings.Join(ph, ",") + `) AND vi.attendance = 'present'
			AND vi.starts_at >= ` + w.arg(from.UTC()) + ` AND vi.starts_at < ` + w.arg(to.UTC()) + `
			AND mt.cancelled_at IS NULL ORDER BY mt.starts_at, mt.id`
		rows, err := q.QueryContext(ctx, sq, w.args...)
		if err != nil {
			return nil, fmt.Errorf("store: attended meetings: %w", err)
		}
		for rows.Next() {
			var m AttendedMeeting
			var also string
			if err := rows.Scan(&m.MemberID, &m.ID, &m.Title, &m.Type, &also, &m.StartsAt, &m.EndsAt); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: attended meetings: %w", err)
			}
			m.AlsoCounts = splitCodes[huoshui.MeetingType](also)
			out[m.MemberID] = append(out[m.MemberID], m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: attended meetings: %w", err)
		}
	}
	return out, nil
}
