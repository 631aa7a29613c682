package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/huoshui/huoshui"
)

// audit writes one audit record inside tx, so that the record and the
// change it describes commit or fail together. before and after are the
// object as it was and as it is (nil where there is none).
func (s *Store) audit(ctx context.Context, tx *sql.Tx, a huoshui.Actor, action, objType string, objID int64, orgPath string, before, after any) error {
	enc := func(v any) (string, error) {
		if v == nil {
			return "", nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	bj, err := enc(before)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	aj, err := enc(after)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log
		(at, user_id, username, action, object_type, object_id, org_path, before_json, after_json, ip)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		s.now(), nullInt(a.UserID), a.Username, action, objType, objID, orgPath, bj, aj, a.IP)
	if err != nil {
		return fmt.Errorf("audit %s %s %d: %w", action, objType, objID, err)
	}
	return nil
}

// RecordRead writes one audit record saying that a reads personal data
// in the clear: what (e.g. "profile", "export"), the object (objType,
// objID; 0 for a list), where it sits in the tree (orgID, orgPath) and how
// many rows were seen. It is its own transaction: a read changes nothing
// else.
//
// orgID is taken for the audit trail that points at the tree by id;
// today's trail files the record under orgPath.
func (s *Store) RecordRead(ctx context.Context, a huoshui.Actor, what, objType string, objID, orgID int64, orgPath string, rows int) error {
	_ = orgID
	return s.tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, a, huoshui.AuditRead, objType, objID, orgPath, nil, map[string]any{"what": what, "rows": rows})
	})
}

// FindAuditEntries lists the audit trail, newest first, with the total that
// match.
func (s *Store) FindAuditEntries(ctx context.Context, f huoshui.AuditFilter) ([]huoshui.AuditEntry, int, error) {
	w := &where{}
	n := len(w.conds)
	w.addScope(f.Scope, "org_path", "")
	if f.Unplaced && len(w.conds) > n {
		w.conds[n] = "(" + w.conds[n] + " OR org_path = '')"
	}
	if f.Username != "" {
		w.add("username = ?", f.Username)
	}
	if f.Action != "" {
		w.add("action = ?", f.Action)
	}
	if f.ObjectType != "" {
		w.add("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != 0 {
		w.add("object_id = ?", f.ObjectID)
	}
	if !f.From.IsZero() {
		w.add("at >= ?", f.From.Time())
	}
	if !f.To.IsZero() {
		w.add("at < ?", f.To.AddDate(0, 0, 1).Time())
	}
	if !f.Since.IsZero() {
		w.add("at >= ?", f.Since.UTC())
	}
	if !f.Until.IsZero() {
		w.add("at < ?", f.Until.UTC())
	}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_log"+w.String(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count audit: %w", err)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	q := `SELECT id, at, COALESCE(user_id, 0), username, action, object_type, object_id, org_path,
		before_json, after_json, ip FROM audit_log` + w.String() +
		" ORDER BY id DESC LIMIT " + w.arg(limit) + " OFFSET " + w.arg(max(0, f.Offset))
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: find audit: %w", err)
	}
	defer rows.Close()
	var out []huoshui.AuditEntry
	for rows.Next() {
		var e huoshui.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.Username, &e.Action, &e.ObjectType, &e.ObjectID,
			&e.OrgPath, &e.Before, &e.After, &e.IP); err != nil {
			return nil, 0, fmt.Errorf("store: scan audit: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: find audit: %w", err)
	}
	return out, total, nil
}
