package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// SessionTouch is one session seen at a time.
type SessionTouch struct {
	TokenHash string
	At        time.Time
}

// TouchSessions moves the idle clocks of many sessions forward in one
// transaction: when thousands of members open a page within a second (the
// check-in at the start of an assembly), one commit instead of one each
// keeps them from queueing behind SQLite's one writer. A clock never moves
// back, and a session gone meanwhile is skipped.
func (s *Store) TouchSessions(ctx context.Context, touches []SessionTouch) error {
	if len(touches) == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, t := range touches {
			if _, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $1`,
				t.At.UTC(), t.TokenHash); err != nil {
				return fmt.Errorf("store: touch sessions: %w", err)
			}
		}
		return nil
	})
}
