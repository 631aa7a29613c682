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

// attachmentTable is one of the tables that hold photos and files by what
// they belong to (material_attachments, output_attachments,
// task_attachments): the same columns after the holder's, read the same
// way. meeting_attachments came first and keeps its own reader.
type attachmentTable struct {
	table  string
	holder string                          // the holder's columns, e.g. "task_id, progress_id"
	dest   func(*huoshui.Attachment) []any // where those columns go
	noun   string                          // for errors: "material attachment"
	key    string                          // the holder's id column, e.g. "task_id"
}

var (
	materialAttachments = attachmentTable{table: "material_attachments", holder: "material_id", key: "material_id",
		noun: "material attachment", dest: func(x *huoshui.Attachment) []any { return []any{&x.MaterialID} }}
	outputAttachments = attachmentTable{table: "output_attachments", holder: "output_id", key: "output_id",
		noun: "output attachment", dest: func(x *huoshui.Attachment) []any { return []any{&x.OutputID} }}
	articleAttachments = attachmentTable{table: "article_attachments", holder: "article_id", key: "article_id",
		noun: "article attachment", dest: func(x *huoshui.Attachment) []any { return []any{&x.ArticleID} }}
	messageAttachments = attachmentTable{table: "message_attachments", holder: "message_id", key: "message_id",
		noun: "message attachment", dest: func(x *huoshui.Attachment) []any { return []any{&x.MessageID} }}
	taskAttachments = attachmentTable{table: "task_attachments", holder: "task_id, progress_id", key: "task_id",
		noun: "task attachment", dest: func(x *huoshui.Attachment) []any { return []any{&x.TaskID, &x.ProgressID} }}
)

func (t attachmentTable) selectFrom() string {
	return "SELECT id, " + t.holder + `, kind, name, content_type, size, blob, thumb, width, height,
		COALESCE(uploaded_by, 0), created_at FROM ` + t.table
}

func (t attachmentTable) scan(row interface{ Scan(...any) error }) (huoshui.Attachment, error) {
	var x huoshui.Attachment
	dest := append([]any{&x.ID}, t.dest(&x)...)
	dest = append(dest, &x.Kind, &x.Name, &x.ContentType, &x.Size, &x.Blob, &x.Thumb, &x.Width, &x.Height,
		&x.UploadedBy, &x.CreatedAt)
	err := row.Scan(dest...)
	x.CreatedAt = x.CreatedAt.UTC()
	return x, err
}

// list is a holder's photos and files not removed, oldest first.
func (t attachmentTable) list(ctx context.Context, q querier, holderID int64) ([]huoshui.Attachment, error) {
	rows, err := q.QueryContext(ctx, t.selectFrom()+" WHERE "+t.key+" = $1 AND removed_at IS NULL ORDER BY id", holderID)
	if err != nil {
		return nil, fmt.Errorf("store: %ss of %d: %w", t.noun, holderID, err)
	}
	defer rows.Close()
	out := []huoshui.Attachment{}
	for rows.Next() {
		x, err := t.scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %ss of %d: %w", t.noun, holderID, err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// find is one photo or file of a holder; one of another holder, or a
// removed one unless removed is set, is not found.
func (t attachmentTable) find(ctx context.Context, q querier, holderID, id int64, removed bool) (*huoshui.Attachment, error) {
	cond := " WHERE id = $1 AND " + t.key + " = $2"
	if !removed {
		cond += " AND removed_at IS NULL"
	}
	x, err := t.scan(q.QueryRowContext(ctx, t.selectFrom()+cond, id, holderID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: %s %d: %w", t.noun, id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: %s %d: %w", t.noun, id, err)
	}
	return &x, nil
}

// setRemoved takes attachment id of holder holderID (of org orgID) off
// (restore false) or puts it back, in tx, after the caller has locked the
// holder. The bytes stay in the blob store. Doing either twice changes
// nothing and writes no audit record.
func (t attachmentTable) setRemoved(ctx context.Context, s *Store, tx *sql.Tx, a huoshui.Actor, holderID, orgID, id int64, restore bool) error {
	var was *time.Time
	var name string
	err := tx.QueryRowContext(ctx, `SELECT removed_at, name FROM `+t.table+` x WHERE id = $1 AND `+t.key+` = $2`+
		s.d.forUpdate("x"), id, holderID).Scan(&was, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: %s %d: %w", t.noun, id, huoshui.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: %s %d: %w", t.noun, id, err)
	}
	if (was != nil) != restore {
		return nil
	}
	var removed any
	action := huoshui.AuditRestore
	if !restore {
		removed, action = s.now(), huoshui.AuditDelete
	}
	if _, err := tx.ExecContext(ctx, `UPDATE `+t.table+` SET removed_at = $1 WHERE id = $2`, removed, id); err != nil {
		return fmt.Errorf("store: remove %s %d: %w", t.noun, id, err)
	}
	return s.audit(ctx, tx, a, action, strings.TrimSuffix(t.table, "s"), id, orgID, nil,
		map[string]any{t.key: holderID, "name": name, "removed_at": removed})
}

// insert records photo or file x, already in the blob store, for the
// holder its holder columns name (of org orgID), in tx, after the caller
// has locked the holder; it sets x's id, uploader and time, and writes
// the audit record. Every file of one batch carries the batch's time.
func (t attachmentTable) insert(ctx context.Context, s *Store, tx *sql.Tx, a huoshui.Actor, orgID int64, now time.Time, x *huoshui.Attachment) error {
	x.CreatedAt, x.UploadedBy = now, a.UserID
	cols := strings.Split(t.holder, ", ")
	args := make([]any, 0, len(cols)+10)
	after := map[string]any{}
	for i, p := range t.dest(x) {
		v := *p.(*int64)
		args = append(args, v)
		after[cols[i]] = v
	}
	args = append(args, x.Kind, x.Name, x.ContentType, x.Size, x.Blob, x.Thumb, x.Width, x.Height, nullInt(a.UserID), x.CreatedAt)
	marks := make([]string, len(args))
	for i := range marks {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO `+t.table+` (`+t.holder+`, kind, name, content_type, size, blob,
		thumb, width, height, uploaded_by, created_at) VALUES (`+strings.Join(marks, ", ")+`) RETURNING id`, args...).Scan(&x.ID)
	if err != nil {
		return fmt.Errorf("store: add %s: %w", t.noun, err)
	}
	for k, v := range map[string]any{"kind": x.Kind, "name": x.Name, "content_type": x.ContentType, "size": x.Size,
		"width": x.Width, "height": x.Height} {
		after[k] = v
	}
	return s.audit(ctx, tx, a, huoshui.AuditCreate, strings.TrimSuffix(t.table, "s"), x.ID, orgID, nil, after)
}
