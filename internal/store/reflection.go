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

// checkBody validates the text of a reflection or a comment.
func checkBody(field, body string, max int) (string, error) {
	body = strings.TrimSpace(body)
	v := &huoshui.ValidationError{}
	switch n := utf8.RuneCountInString(body); {
	case !utf8.ValidString(body):
		v.Add(field, "text.invalid")
	case n == 0:
		v.Add(field, "required")
	case n > max:
		v.Add(field, "too_long", "Max", max)
	default:
		if code := huoshui.CheckText(body, true); code != "" {
			v.Add(field, code)
		}
	}
	return body, v.Err()
}

// SaveReflection stores a member's reflection on a meeting they were
// invited to, replacing their earlier text if any (one per member and
// meeting). Someone not invited is refused.
func (s *Store) SaveReflection(ctx context.Context, a huoshui.Actor, r *huoshui.Reflection) error {
	body, err := checkBody("body", r.Body, 10000)
	if err != nil {
		return err
	}
	r.Body = body
	return s.tx(ctx, func(tx *sql.Tx) error {
		m, err := s.lockMeeting(ctx, tx, r.MeetingID)
		if err != nil {
			return err
		}
		invited, err := inviteeIDs(ctx, tx, r.MeetingID)
		if err != nil {
			return err
		}
		if !invited[r.MemberID] {
			return fmt.Errorf("store: reflection by %d: %w", r.MemberID, ErrNotInvited)
		}
		now := s.now()
		var before *huoshui.Reflection
		var old huoshui.Reflection
		err = tx.QueryRowContext(ctx, `SELECT id, body, created_at FROM reflections WHERE meeting_id = $1 AND member_id = $2`,
			r.MeetingID, r.MemberID).Scan(&old.ID, &old.Body, &old.CreatedAt)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			r.CreatedAt, r.UpdatedAt = now, now
			if err := tx.QueryRowContext(ctx, `INSERT INTO reflections (meeting_id, member_id, body, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5) RETURNING id`, r.MeetingID, r.MemberID, r.Body, now, now).Scan(&r.ID); err != nil {
				return fmt.Errorf("store: save reflection: %w", err)
			}
		case err != nil:
			return fmt.Errorf("store: save reflection: %w", err)
		default:
			before = &old
			r.ID, r.CreatedAt, r.UpdatedAt = old.ID, old.CreatedAt, now
			if _, err := tx.ExecContext(ctx, `UPDATE reflections SET body = $1, updated_at = $2 WHERE id = $3`, r.Body, now, r.ID); err != nil {
				return fmt.Errorf("store: save reflection: %w", err)
			}
		}
		action := huoshui.AuditCreate
		var auditBefore any
		if before != nil {
			action, auditBefore = huoshui.AuditUpdate, map[string]any{"body": before.Body}
		}
		return s.audit(ctx, tx, a, action, "reflection", r.ID, m.OrgID, auditBefore, map[string]any{"meeting_id": r.MeetingID, "body": r.Body})
	})
}

// ReflectionFilter selects reflections. MeetingID narrows to one meeting;
// MemberID to one author. Scope decides whose the reader sees: a member's
// scope for ViewRecord covers their branch, so the handler passes the
// officer's scope (auth.EditRecord) for everyone's and OnlyMemberID for a
// member's own. The zero filter lists nothing.
type ReflectionFilter struct {
	Scope     huoshui.Scope
	MeetingID int64
	MemberID  int64
}

// FindReflections lists reflections with their comments, oldest first.
func (s *Store) FindReflections(ctx context.Context, f ReflectionFilter) ([]huoshui.Reflection, error) {
	w := &where{}
	w.addScope(f.Scope, "o.path", "r.member_id")
	if f.MeetingID != 0 {
		w.add("r.meeting_id = ?", f.MeetingID)
	}
	if f.MemberID != 0 {
		w.add("r.member_id = ?", f.MemberID)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT r.id, r.meeting_id, r.member_id, r.body, r.created_at, r.updated_at, m.name
		FROM reflections r JOIN meetings mt ON mt.id = r.meeting_id JOIN orgs o ON o.id = mt.org_id
		JOIN members m ON m.id = r.member_id`+w.String()+" ORDER BY r.created_at, r.id", w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: find reflections: %w", err)
	}
	var out []huoshui.Reflection
	index := map[int64]int{}
	for rows.Next() {
		var r huoshui.Reflection
		if err := rows.Scan(&r.ID, &r.MeetingID, &r.MemberID, &r.Body, &r.CreatedAt, &r.UpdatedAt, &r.MemberName); err != nil {
			rows.Close()
			return nil, err
		}
		index[r.ID] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	cw := &where{}
	var ph []string
	for id := range index {
		ph = append(ph, cw.arg(id))
	}
	crows, err := s.r.QueryContext(ctx, `SELECT c.id, c.reflection_id, c.author_id, u.display_name, c.body, c.created_at
		FROM reflection_comments c JOIN users u ON u.id = c.author_id
		WHERE c.reflection_id IN (`+strings.Join(ph, ", ")+`) ORDER BY c.id`, cw.args...)
	if err != nil {
		return nil, fmt.Errorf("store: reflection comments: %w", err)
	}
	defer crows.Close()
	for crows.Next() {
		var c huoshui.ReflectionComment
		if err := crows.Scan(&c.ID, &c.ReflectionID, &c.AuthorID, &c.AuthorName, &c.Body, &c.CreatedAt); err != nil {
			return nil, err
		}
		i := index[c.ReflectionID]
		out[i].Comments = append(out[i].Comments, c)
	}
	return out, crows.Err()
}

// CommentOnReflection adds an officer's remark to a reflection of a
// meeting (the caller has checked the officer may edit the meeting).
func (s *Store) CommentOnReflection(ctx context.Context, a huoshui.Actor, meetingID, reflectionID int64, body string) error {
	body, err := checkBody("comment", body, 2000)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		m, err := s.lockMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reflections WHERE id = $1 AND meeting_id = $2`,
			reflectionID, meetingID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("store: reflection %d: %w", reflectionID, huoshui.ErrNotFound)
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO reflection_comments (reflection_id, author_id, body, created_at)
			VALUES ($1, $2, $3, $4) RETURNING id`, reflectionID, a.UserID, body, s.now()).Scan(&id); err != nil {
			return fmt.Errorf("store: comment: %w", err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "reflection_comment", id, m.OrgID, nil, map[string]any{"reflection_id": reflectionID, "body": body})
	})
}
