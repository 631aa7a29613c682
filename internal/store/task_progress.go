package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/huoshui/huoshui"
)

// A task's progress reports and their photos and files, kept as a
// meeting's are (meeting_record.go): the records here, the bytes in the
// blob store. Every change is audited at the task's org.

// FindTaskProgress lists a task's progress reports, oldest first, each
// with its photos and files.
func (s *Store) FindTaskProgress(ctx context.Context, taskID int64) ([]huoshui.TaskProgress, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT p.id, p.task_id, p.reported_on, p.text, COALESCE(p.member_id, 0),
		COALESCE(p.user_id, 0), p.late_entry, p.created_at, COALESCE(m.name, u.display_name, '')
		FROM task_progress p LEFT JOIN members m ON m.id = p.member_id LEFT JOIN users u ON u.id = p.user_id
		WHERE p.task_id = $1 ORDER BY p.reported_on, p.id`, taskID)
	if err != nil {
		return nil, fmt.Errorf("store: progress of task %d: %w", taskID, err)
	}
	out := []huoshui.TaskProgress{}
	index := map[int64]int{}
	for rows.Next() {
		var p huoshui.TaskProgress
		if err := rows.Scan(&p.ID, &p.TaskID, &p.ReportedOn, &p.Text, &p.MemberID, &p.UserID, &p.LateEntry, &p.CreatedAt,
			&p.ReporterName); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: progress of task %d: %w", taskID, err)
		}
		p.CreatedAt = p.CreatedAt.UTC()
		index[p.ID] = len(out)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	xs, err := s.FindTaskAttachments(ctx, taskID)
	if err != nil {
		return nil, err
	}
	for _, x := range xs {
		if i, ok := index[x.ProgressID]; ok {
			out[i].Attachments = append(out[i].Attachments, x)
		}
	}
	return out, nil
}

// AddTaskProgress records a progress report on a task with the photos
// and files that go with it, already in the blob store: all of them or
// nothing. A report dated before today is marked a late entry (补录).
// The reporter is a; p.MemberID is their member record, when they have
// one. An archived task takes no reports.
func (s *Store) AddTaskProgress(ctx context.Context, a huoshui.Actor, p *huoshui.TaskProgress, xs []*huoshui.Attachment) error {
	today := s.today()
	return s.tx(ctx, func(tx *sql.Tx) error {
		t, err := s.lockTask(ctx, tx, p.TaskID)
		if err != nil {
			return err
		}
		if t.ArchivedAt != nil {
			v := &huoshui.ValidationError{}
			v.Add("form", "task.archived")
			return v
		}
		if err := p.Validate(t, today); err != nil {
			return err
		}
		now := s.now()
		p.UserID, p.CreatedAt, p.LateEntry = a.UserID, now, p.ReportedOn.Before(today)
		err = tx.QueryRowContext(ctx, `INSERT INTO task_progress (task_id, reported_on, text, member_id, user_id, late_entry, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.TaskID, p.ReportedOn, p.Text, nullInt(p.MemberID),
			nullInt(a.UserID), p.LateEntry, now).Scan(&p.ID)
		if err != nil {
			return fmt.Errorf("store: add progress to task %d: %w", p.TaskID, err)
		}
		if err := s.audit(ctx, tx, a, huoshui.AuditCreate, "task_progress", p.ID, t.OrgID, nil, map[string]any{
			"task_id": t.ID, "reported_on": p.ReportedOn, "text": p.Text, "late_entry": p.LateEntry}); err != nil {
			return err
		}
		for _, x := range xs {
			x.TaskID, x.ProgressID = t.ID, p.ID
			if err := taskAttachments.insert(ctx, s, tx, a, t.OrgID, now, x); err != nil {
				return err
			}
		}
		p.Attachments = nil
		for _, x := range xs {
			p.Attachments = append(p.Attachments, *x)
		}
		_, err = tx.ExecContext(ctx, `UPDATE tasks SET updated_at = $1 WHERE id = $2`, now, t.ID)
		return err
	})
}

// FindTaskAttachments lists the photos and files of a task's progress
// reports, oldest first.
func (s *Store) FindTaskAttachments(ctx context.Context, taskID int64) ([]huoshui.Attachment, error) {
	return taskAttachments.list(ctx, s.r, taskID)
}

// FindTaskAttachment returns one photo or file of a task (the caller has
// read the task with the reader's scope); a removed one, or one of
// another task, is not found.
func (s *Store) FindTaskAttachment(ctx context.Context, taskID, id int64) (*huoshui.Attachment, error) {
	return taskAttachments.find(ctx, s.r, taskID, id, false)
}

// RemoveTaskAttachment takes a photo or file off a task's report
// (restore: false) or puts it back. The bytes stay in the blob store.
// Doing either twice changes nothing and writes no audit record.
func (s *Store) RemoveTaskAttachment(ctx context.Context, a huoshui.Actor, taskID, id int64, restore bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		t, err := s.lockTask(ctx, tx, taskID)
		if err != nil {
			return err
		}
		return taskAttachments.setRemoved(ctx, s, tx, a, t.ID, t.OrgID, id, restore)
	})
}
