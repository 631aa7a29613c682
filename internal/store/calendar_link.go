package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/huoshui/huoshui"
)

// SetCalendarLink gives a user's private calendar feed a new token (by its
// hash), which replaces and so revokes the old link; hash "" revokes the
// link without a new one.
func (s *Store) SetCalendarLink(ctx context.Context, a huoshui.Actor, userID int64, hash string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM calendar_links WHERE user_id = $1`, userID); err != nil {
			return fmt.Errorf("store: calendar link: %w", err)
		}
		action := huoshui.AuditDelete
		if hash != "" {
			action = huoshui.AuditCreate
			if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_links (user_id, token_hash, created_at) VALUES ($1, $2, $3)`,
				userID, hash, s.now()); err != nil {
				return fmt.Errorf("store: calendar link: %w", err)
			}
		}
		return s.audit(ctx, tx, a, action, "calendar_link", userID, 0, nil, nil)
	})
}

// HasCalendarLink reports whether a user has a calendar link.
func (s *Store) HasCalendarLink(ctx context.Context, userID int64) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM calendar_links WHERE user_id = $1`, userID).Scan(&n)
	return n > 0, err
}

// FindUserByCalendarToken answers whose calendar feed a token hash opens,
// with their roles; ErrNotFound for a revoked or unknown link, or a
// disabled account.
func (s *Store) FindUserByCalendarToken(ctx context.Context, hash string) (*huoshui.User, error) {
	var id int64
	err := s.r.QueryRowContext(ctx, `SELECT c.user_id FROM calendar_links c JOIN users u ON u.id = c.user_id
		WHERE c.token_hash = $1 AND u.disabled_at IS NULL`, hash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: calendar link: %w", huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: calendar link: %w", err)
	}
	return s.FindUserByID(ctx, huoshui.Everything(), id)
}
