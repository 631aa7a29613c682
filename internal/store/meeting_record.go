package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/huoshui/huoshui"
)

// FindResolutions lists a meeting's resolutions in the order recorded.
func (s *Store) FindResolutions(ctx context.Context, meetingID int64) ([]huoshui.Resolution, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, meeting_id, text, created_at FROM resolutions
		WHERE meeting_id = $1 ORDER BY id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("store: resolutions of meeting %d: %w", meetingID, err)
	}
	defer rows.Close()
	out := []huoshui.Resolution{}
	for rows.Next() {
		var r huoshui.Resolution
		if err := rows.Scan(&r.ID, &r.MeetingID, &r.Text, &r.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetResolutions replaces a meeting's resolutions with texts, one each, in
// order; blank lines are dropped.
func (s *Store) SetResolutions(ctx context.Context, a huoshui.Actor, meetingID int64, texts []string) error {
	var clean []string
	v := &huoshui.ValidationError{}
	for i, t := range texts {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		switch {
		case utf8.RuneCountInString(t) > 1000:
			v.Fields = append(v.Fields, huoshui.FieldError{Field: "resolutions", Code: "too_long", Args: map[string]any{"Max": 1000}, Row: i + 1})
		case huoshui.CheckText(t, false) != "":
			v.Fields = append(v.Fields, huoshui.FieldError{Field: "resolutions", Code: huoshui.CheckText(t, false), Row: i + 1})
		}
		clean = append(clean, t)
	}
	if len(clean) > 50 {
		v.Add("resolutions", "meeting.too_many_resolutions", "Max", 50)
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		m, err := s.lockMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM resolutions WHERE meeting_id = $1`, meetingID); err != nil {
			return fmt.Errorf("store: resolutions: %w", err)
		}
		now := s.now()
		for _, t := range clean {
			if _, err := tx.ExecContext(ctx, `INSERT INTO resolutions (meeting_id, text, created_at) VALUES ($1, $2, $3)`,
				meetingID, t, now); err != nil {
				return fmt.Errorf("store: resolutions: %w", err)
			}
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "meeting", meetingID, m.OrgID, nil, map[string]any{"resolutions": clean})
	})
}

const followUpColumns = `f.id, f.meeting_id, f.org_id, f.text, COALESCE(f.owner_id, 0), f.due, f.closed_at, f.created_at,
	COALESCE(w.name, ''), mt.title`

const followUpFrom = ` FROM follow_ups f JOIN meetings mt ON mt.id = f.meeting_id LEFT JOIN members w ON w.id = f.owner_id`

func scanFollowUps(rows *sql.Rows) ([]huoshui.FollowUp, error) {
	defer rows.Close()
	out := []huoshui.FollowUp{}
	for rows.Next() {
		var f huoshui.FollowUp
		if err := rows.Scan(&f.ID, &f.MeetingID, &f.OrgID, &f.Text, &f.OwnerID, &f.Due, &f.ClosedAt, &f.CreatedAt,
			&f.OwnerName, &f.MeetingTitle); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// FindFollowUps lists the follow-ups decided at a meeting.
func (s *Store) FindFollowUps(ctx context.Context, meetingID int64) ([]huoshui.FollowUp, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+followUpColumns+followUpFrom+" WHERE f.meeting_id = $1 ORDER BY f.id", meetingID)
	if err != nil {
		return nil, fmt.Errorf("store: follow-ups of meeting %d: %w", meetingID, err)
	}
	return scanFollowUps(rows)
}

// FindOpenFollowUps lists the org's follow-ups not yet closed, decided at
// meetings that started before exceptMeetingID: they appear on every later
// meeting until someone closes them, never on their own or an earlier one.
// Soonest due first.
func (s *Store) FindOpenFollowUps(ctx context.Context, orgID, exceptMeetingID int64) ([]huoshui.FollowUp, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+followUpColumns+followUpFrom+
		` WHERE f.org_id = $1 AND f.closed_at IS NULL AND f.meeting_id <> $2
		AND mt.starts_at < (SELECT starts_at FROM meetings WHERE id = $2)
		ORDER BY CASE WHEN f.due IS NULL THEN 1 ELSE 0 END, f.due, f.id`, orgID, exceptMeetingID)
	if err != nil {
		return nil, fmt.Errorf("store: open follow-ups of org %d: %w", orgID, err)
	}
	return scanFollowUps(rows)
}

// AddFollowUp records a follow-up action decided at a meeting: what, who
// (a member of the meeting's branch, or nobody yet) and by when.
func (s *Store) AddFollowUp(ctx context.Context, a huoshui.Actor, f *huoshui.FollowUp) error {
	f.Text = strings.TrimSpace(f.Text)
	v := &huoshui.ValidationError{}
	switch n := utf8.RuneCountInString(f.Text); {
	case n == 0:
		v.Add("text", "required")
	case n > 500:
		v.Add("text", "too_long", "Max", 500)
	default:
		if code := huoshui.CheckText(f.Text, false); code != "" {
			v.Add("text", code)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		m, err := s.lockMeeting(ctx, tx, f.MeetingID)
		if err != nil {
			return err
		}
		if f.OwnerID != 0 {
			org, err := findOrg(ctx, tx, m.OrgID)
			if err != nil {
				return err
			}
			people, err := s.meetingPeople(ctx, tx, org)
			if err != nil {
				return err
			}
			if err := checkOfficers(&huoshui.Meeting{HostID: f.OwnerID}, people); err != nil {
				v := &huoshui.ValidationError{}
				v.Add("owner_id", "meeting.person_outside")
				return v
			}
		}
		f.OrgID, f.CreatedAt = m.OrgID, s.now()
		err = tx.QueryRowContext(ctx, `INSERT INTO follow_ups (meeting_id, org_id, text, owner_id, due, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, f.MeetingID, f.OrgID, f.Text, nullInt(f.OwnerID), f.Due, f.CreatedAt).Scan(&f.ID)
		if err != nil {
			return fmt.Errorf("store: add follow-up: %w", err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "follow_up", f.ID, f.OrgID, nil, f)
	})
}

// FindFollowUpByID returns one follow-up when scope covers its org.
func (s *Store) FindFollowUpByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.FollowUp, error) {
	w := &where{}
	w.add("f.id = ?", id)
	w.addScope(scope, "(SELECT path FROM orgs WHERE id = f.org_id)", "")
	rows, err := s.r.QueryContext(ctx, "SELECT "+followUpColumns+followUpFrom+w.String(), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: find follow-up %d: %w", id, err)
	}
	fs, err := scanFollowUps(rows)
	if err != nil {
		return nil, fmt.Errorf("store: find follow-up %d: %w", id, err)
	}
	if len(fs) == 0 {
		return nil, fmt.Errorf("store: find follow-up %d: %w", id, huoshui.ErrNotFound)
	}
	return &fs[0], nil
}

// CloseFollowUp closes a follow-up (reopen: false) or opens it again.
func (s *Store) CloseFollowUp(ctx context.Context, a huoshui.Actor, id int64, reopen bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var orgID int64
		err := tx.QueryRowContext(ctx, "SELECT org_id FROM follow_ups f WHERE id = $1"+s.d.forUpdate("f"), id).Scan(&orgID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: follow-up %d: %w", id, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: follow-up %d: %w", id, err)
		}
		var closed any
		action := huoshui.AuditRestore
		if !reopen {
			closed, action = s.now(), huoshui.AuditArchive
		}
		if _, err := tx.ExecContext(ctx, `UPDATE follow_ups SET closed_at = $1 WHERE id = $2`, closed, id); err != nil {
			return fmt.Errorf("store: close follow-up %d: %w", id, err)
		}
		return s.audit(ctx, tx, a, action, "follow_up", id, orgID, nil, map[string]any{"closed_at": closed})
	})
}

const attachmentColumns = `id, meeting_id, kind, name, content_type, size, blob, thumb, width, height,
	COALESCE(uploaded_by, 0), created_at`

// FindAttachments lists a meeting's photos and files, oldest first.
func (s *Store) FindAttachments(ctx context.Context, meetingID int64) ([]huoshui.Attachment, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+attachmentColumns+` FROM meeting_attachments
		WHERE meeting_id = $1 AND removed_at IS NULL ORDER BY id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("store: attachments of meeting %d: %w", meetingID, err)
	}
	defer rows.Close()
	out := []huoshui.Attachment{}
	for rows.Next() {
		var x huoshui.Attachment
		if err := rows.Scan(&x.ID, &x.MeetingID, &x.Kind, &x.Name, &x.ContentType, &x.Size, &x.Blob, &x.Thumb,
			&x.Width, &x.Height, &x.UploadedBy, &x.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// FindAttachment returns one attachment of a meeting (the caller has read
// the meeting with the reader's scope).
func (s *Store) FindAttachment(ctx context.Context, meetingID, id int64) (*huoshui.Attachment, error) {
	var x huoshui.Attachment
	err := s.r.QueryRowContext(ctx, "SELECT "+attachmentColumns+` FROM meeting_attachments
		WHERE id = $1 AND meeting_id = $2 AND removed_at IS NULL`, id, meetingID).
		Scan(&x.ID, &x.MeetingID, &x.Kind, &x.Name, &x.ContentType, &x.Size, &x.Blob, &x.Thumb,
			&x.Width, &x.Height, &x.UploadedBy, &x.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: attachment %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: attachment %d: %w", id, err)
	}
	return &x, nil
}

// AddAttachment records a photo or file already in the blob store.
func (s *Store) AddAttachment(ctx context.Context, a huoshui.Actor, x *huoshui.Attachment) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		m, err := s.lockMeeting(ctx, tx, x.MeetingID)
		if err != nil {
			return err
		}
		x.CreatedAt, x.UploadedBy = s.now(), a.UserID
		err = tx.QueryRowContext(ctx, `INSERT INTO meeting_attachments (meeting_id, kind, name, content_type, size, blob,
			thumb, width, height, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			x.MeetingID, x.Kind, x.Name, x.ContentType, x.Size, x.Blob, x.Thumb, x.Width, x.Height, nullInt(a.UserID),
			x.CreatedAt).Scan(&x.ID)
		if err != nil {
			return fmt.Errorf("store: add attachment: %w", err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "attachment", x.ID, m.OrgID, nil, x)
	})
}

// RemoveAttachment takes a photo or file off a meeting (restore: false) or
// puts it back. The bytes stay in the blob store.
func (s *Store) RemoveAttachment(ctx context.Context, a huoshui.Actor, meetingID, id int64, restore bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		m, err := s.lockMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		var removed any
		action := huoshui.AuditRestore
		if !restore {
			removed, action = s.now(), huoshui.AuditDelete
		}
		res, err := tx.ExecContext(ctx, `UPDATE meeting_attachments SET removed_at = $1 WHERE id = $2 AND meeting_id = $3`,
			removed, id, meetingID)
		if err != nil {
			return fmt.Errorf("store: remove attachment %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("store: attachment %d: %w", id, huoshui.ErrNotFound)
		}
		return s.audit(ctx, tx, a, action, "attachment", id, m.OrgID, nil, nil)
	})
}
