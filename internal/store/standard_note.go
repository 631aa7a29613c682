package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/huoshui/huoshui"
)

// The branch's notes on its self-check (huoshui.StandardNote): one per
// org, year and item, written over when the branch says more.

// FindStandardNotes reads an org's notes for a year, by item.
func (s *Store) FindStandardNotes(ctx context.Context, orgID int64, year int) (map[huoshui.StandardKey]*huoshui.StandardNote, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT n.id, n.org_id, n.year, n.item, n.note, COALESCE(n.updated_by, 0), n.updated_at,
		COALESCE(u.display_name, '')
		FROM standard_notes n LEFT JOIN users u ON u.id = n.updated_by
		WHERE n.org_id = $1 AND n.year = $2`, orgID, year)
	if err != nil {
		return nil, fmt.Errorf("store: standard notes of org %d: %w", orgID, err)
	}
	defer rows.Close()
	out := map[huoshui.StandardKey]*huoshui.StandardNote{}
	for rows.Next() {
		n := &huoshui.StandardNote{}
		if err := rows.Scan(&n.ID, &n.OrgID, &n.Year, &n.Key, &n.Note, &n.UpdatedBy, &n.UpdatedAt, &n.UpdatedByName); err != nil {
			return nil, fmt.Errorf("store: standard notes of org %d: %w", orgID, err)
		}
		out[n.Key] = n
	}
	return out, rows.Err()
}

// findStandardNote reads one note inside a transaction; nil when there is
// none.
func findStandardNote(ctx context.Context, tx *sql.Tx, orgID int64, year int, key huoshui.StandardKey) (*huoshui.StandardNote, error) {
	n := &huoshui.StandardNote{}
	err := tx.QueryRowContext(ctx, `SELECT id, org_id, year, item, note, COALESCE(updated_by, 0), updated_at
		FROM standard_notes WHERE org_id = $1 AND year = $2 AND item = $3`, orgID, year, string(key)).
		Scan(&n.ID, &n.OrgID, &n.Year, &n.Key, &n.Note, &n.UpdatedBy, &n.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: standard note: %w", err)
	}
	return n, nil
}

// SaveStandardNote writes the note of an org, year and item, replacing
// the one there, with an audit record of before and after. A note that
// does not validate writes nothing.
func (s *Store) SaveStandardNote(ctx context.Context, a huoshui.Actor, n *huoshui.StandardNote) error {
	if err := n.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.lockOrg(ctx, tx, n.OrgID); err != nil {
			return err
		}
		before, err := findStandardNote(ctx, tx, n.OrgID, n.Year, n.Key)
		if err != nil {
			return err
		}
		n.UpdatedBy, n.UpdatedAt = a.UserID, s.now()
		var by any
		if a.UserID != 0 {
			by = a.UserID
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO standard_notes (org_id, year, item, note, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (org_id, year, item) DO UPDATE SET note = excluded.note, updated_by = excluded.updated_by,
				updated_at = excluded.updated_at
			RETURNING id`, n.OrgID, n.Year, string(n.Key), n.Note, by, n.UpdatedAt).Scan(&n.ID); err != nil {
			return fmt.Errorf("store: save standard note: %w", err)
		}
		action := huoshui.AuditCreate
		var old any
		if before != nil {
			action, old = huoshui.AuditUpdate, before
		}
		return s.audit(ctx, tx, a, action, "standard_note", n.ID, n.OrgID, old, n)
	})
}

// DeleteStandardNote clears the note of an org, year and item, with an
// audit record of what it said; ErrNotFound when there is none.
func (s *Store) DeleteStandardNote(ctx context.Context, a huoshui.Actor, orgID int64, year int, key huoshui.StandardKey) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.lockOrg(ctx, tx, orgID); err != nil {
			return err
		}
		before, err := findStandardNote(ctx, tx, orgID, year, key)
		if err != nil {
			return err
		}
		if before == nil {
			return fmt.Errorf("store: standard note %d/%d/%s: %w", orgID, year, key, huoshui.ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM standard_notes WHERE id = $1`, before.ID); err != nil {
			return fmt.Errorf("store: delete standard note: %w", err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditDelete, "standard_note", before.ID, orgID, before, nil)
	})
}
