package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/huoshui/huoshui"
)

// Two-person password resets (see huoshui.PasswordReset). Each step is one
// transaction with its audit record; the account's row is locked first, so
// two administrators acting at once take turns.

const resetColumns = `p.id, p.user_id, p.requested_by, COALESCE(rq.username, ''), p.requested_at, p.code_a_hash,
	COALESCE(p.approved_by, 0), COALESCE(ap.username, ''), p.approved_at, p.code_b_hash, p.kind`

const resetFrom = ` FROM password_resets p LEFT JOIN users rq ON rq.id = p.requested_by
	LEFT JOIN users ap ON ap.id = p.approved_by`

func findOpenReset(ctx context.Context, q querier, userID int64) (*huoshui.PasswordReset, error) {
	var p huoshui.PasswordReset
	err := q.QueryRowContext(ctx, "SELECT "+resetColumns+resetFrom+" WHERE p.user_id = $1 AND p.closed_at IS NULL", userID).Scan(
		&p.ID, &p.UserID, &p.RequestedBy, &p.RequestedName, &p.RequestedAt, &p.CodeAHash,
		&p.ApprovedBy, &p.ApprovedName, &p.ApprovedAt, &p.CodeBHash, &p.Kind)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: password reset of %d: %w", userID, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: password reset of %d: %w", userID, err)
	}
	return &p, nil
}

// FindPasswordReset returns the account's open reset request (which may
// have lapsed: see Lapsed), or ErrNotFound.
func (s *Store) FindPasswordReset(ctx context.Context, userID int64) (*huoshui.PasswordReset, error) {
	return findOpenReset(ctx, s.r, userID)
}

func closeResets(ctx context.Context, tx *sql.Tx, userID int64, now any, why string) error {
	if _, err := tx.ExecContext(ctx, "UPDATE password_resets SET closed_at = $1, closed_why = $2 WHERE user_id = $3 AND closed_at IS NULL",
		now, why, userID); err != nil {
		return fmt.Errorf("store: close password resets: %w", err)
	}
	return nil
}

// RequestPasswordReset opens a reset of the account's password (the
// system administrator's step), replacing any open one. codeAHash is the
// hash of the code's first half, which only the requester was shown.
// Nothing about the account changes yet.
func (s *Store) RequestPasswordReset(ctx context.Context, a huoshui.Actor, userID int64, codeAHash string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		u, err := s.lockUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		now := s.now()
		if err := closeResets(ctx, tx, userID, now, "replaced"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_resets (user_id, requested_by, requested_at, code_a_hash)
			VALUES ($1, $2, $3, $4)`, userID, a.UserID, now, codeAHash); err != nil {
			if s.d.isUniqueViolation(err, "password_resets_open") {
				return fmt.Errorf("store: request password reset: %w", huoshui.ErrConflict)
			}
			return fmt.Errorf("store: request password reset: %w", err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditResetRequest, "user", userID, roleOrg(u.Roles), nil,
			map[string]any{"username": u.Username})
	})
}

// ApprovePasswordReset approves the open request (the security
// administrator's step): codeBHash is the hash of the second half, which
// only the approver is shown. The account's password and sessions end
// here; from now on only the whole code signs it in, once. The approver
// may not be the requester, and a lapsed or approved request answers
// ErrConflict; no request, ErrNotFound.
func (s *Store) ApprovePasswordReset(ctx context.Context, a huoshui.Actor, userID int64, codeBHash string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		u, err := s.lockUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		p, err := findOpenReset(ctx, tx, userID)
		if err != nil {
			return err
		}
		now := s.now()
		if p.Approved() || p.Lapsed(now) || p.RequestedBy == a.UserID {
			return fmt.Errorf("store: approve password reset %d: %w", p.ID, huoshui.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE password_resets SET approved_by = $1, approved_at = $2, code_b_hash = $3
			WHERE id = $4`, a.UserID, now, codeBHash, p.ID); err != nil {
			return fmt.Errorf("store: approve password reset: %w", err)
		}
		// The password ends here: it stays one of the last five.
		if err := keepOutgoingPassword(ctx, tx, now, userID, u.PasswordHash); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = '', must_change_password = $1,
			failed_logins = 0, first_failed_at = NULL, locked_until = NULL WHERE id = $2`, true, userID); err != nil {
			return fmt.Errorf("store: approve password reset: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", userID); err != nil {
			return fmt.Errorf("store: approve password reset: %w", err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditResetApprove, "user", userID, roleOrg(u.Roles), nil,
			map[string]any{"username": u.Username, "requested_by": p.RequestedName})
	})
}

// UsePasswordReset closes an approved request whose code the account's
// owner just signed in with (a is the owner). A request already used or
// closed answers ErrNotFound, so a code signs in once.
func (s *Store) UsePasswordReset(ctx context.Context, a huoshui.Actor, userID, resetID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		u, err := s.lockUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		var kind string
		err = tx.QueryRowContext(ctx, `UPDATE password_resets SET closed_at = $1, closed_why = 'used'
			WHERE id = $2 AND user_id = $3 AND closed_at IS NULL AND approved_at IS NOT NULL RETURNING kind`, s.now(), resetID, userID).Scan(&kind)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: use password reset %d: %w", resetID, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: use password reset: %w", err)
		}
		if kind == huoshui.ResetFirstSignIn {
			return s.audit(ctx, tx, a, huoshui.AuditPasswordReset, "user", userID, roleOrg(u.Roles), nil,
				map[string]any{"username": u.Username, "first_sign_in": true})
		}
		return s.audit(ctx, tx, a, huoshui.AuditPasswordReset, "user", userID, roleOrg(u.Roles), nil,
			map[string]any{"username": u.Username, "two_person": true})
	})
}

// CancelPasswordReset withdraws the account's open request (either
// administrator may). An approved one is withdrawn too: the account then
// has no password until another reset.
func (s *Store) CancelPasswordReset(ctx context.Context, a huoshui.Actor, userID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		u, err := s.lockUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if _, err := findOpenReset(ctx, tx, userID); err != nil {
			return err
		}
		if err := closeResets(ctx, tx, userID, s.now(), "cancelled"); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditResetCancel, "user", userID, roleOrg(u.Roles), nil,
			map[string]any{"username": u.Username})
	})
}
