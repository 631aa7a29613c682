package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
)

// Member accounts opened by a branch secretary (huoshui.ResetFirstSignIn):
// an account linked to the member's record, holding the member role at
// the branch, without a password, with a one-time sign-in code.

// NewMemberAccount is one account to open: the member, the login name and
// the hash of its first sign-in code.
type NewMemberAccount struct {
	MemberID int64
	Username string
	CodeHash string
}

// MembersWithoutAccount lists the current members of a branch that no
// account is linked to, in roster order, at most limit.
func (s *Store) MembersWithoutAccount(ctx context.Context, branchID int64, limit int) ([]*huoshui.Member, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT m.id FROM members m WHERE m.org_id = $1 AND m.archived_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM users u WHERE u.member_id = m.id) ORDER BY m.name_key, m.id LIMIT $2`, branchID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: members without account: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: members without account: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: members without account: %w", err)
	}
	out := make([]*huoshui.Member, 0, len(ids))
	for _, id := range ids {
		m, err := findMember(ctx, s.r, id)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// UsernameTaken reports whether an account has the login name.
func (s *Store) UsernameTaken(ctx context.Context, username string) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM users WHERE username = $1", strings.ToLower(username)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: username taken: %w", err)
	}
	return n > 0, nil
}

// OpenMemberAccounts opens the accounts of members of branchID, all or
// none, in one transaction: each account is linked to its member, holds
// the member role at the branch, has no password and must choose one, and
// has an open first sign-in code (its hash) that lapses after
// huoshui.SignInCodeTTL. Each account's creation and its code are audited
// at the branch, never the code. A member outside the branch or archived
// answers ErrNotFound; a member who already has an account, a login name
// taken or malformed, a *ValidationError whose FieldError.Row is the
// account's place in list (1-based). It returns when the codes lapse.
func (s *Store) OpenMemberAccounts(ctx context.Context, a huoshui.Actor, branchID int64, list []NewMemberAccount) (time.Time, error) {
	var expires time.Time
	err := s.tx(ctx, func(tx *sql.Tx) error {
		branch, err := findOrg(ctx, tx, branchID)
		if err != nil {
			return err
		}
		if branch.Kind != huoshui.OrgBranch || branch.ArchivedAt != nil {
			return fmt.Errorf("store: open accounts at %d: %w", branchID, huoshui.ErrConflict)
		}
		now := s.now()
		expires = now.Add(huoshui.SignInCodeTTL)
		v := &huoshui.ValidationError{}
		for i, n := range list {
			row := i + 1
			m, err := findMember(ctx, tx, n.MemberID)
			if err != nil {
				return err
			}
			if m.OrgID != branchID || m.ArchivedAt != nil {
				return fmt.Errorf("store: open account of member %d: %w", m.ID, huoshui.ErrNotFound)
			}
			u := &huoshui.User{Username: n.Username, DisplayName: huoshui.Truncate(m.Name, 40), MemberID: m.ID, MustChangePassword: true,
				Roles: []huoshui.Role{{Kind: huoshui.RoleMember, OrgID: branchID}}}
			problem := func(code string) {
				v.Fields = append(v.Fields, huoshui.FieldError{Field: "username", Code: code, Row: row})
			}
			if err := u.Validate(); err != nil {
				v.Merge(huoshui.InRow(row, err))
				continue
			}
			// Checked first: on PostgreSQL a violated constraint ends the
			// transaction, and every problem of the batch is wanted.
			var hasAccount, taken int
			if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM users WHERE member_id = $1),
				(SELECT COUNT(*) FROM users WHERE username = $2)`, m.ID, u.Username).Scan(&hasAccount, &taken); err != nil {
				return fmt.Errorf("store: open account: %w", err)
			}
			if hasAccount > 0 {
				problem("user.member_already_has_account")
			}
			if taken > 0 {
				problem("user.username_taken")
			}
			if v.Err() != nil {
				continue // the whole batch fails: nothing more is written
			}
			err = tx.QueryRowContext(ctx, `INSERT INTO users (username, display_name, password_hash, member_id, locale,
				must_change_password, created_at) VALUES ($1, $2, '', $3, '', $4, $5) RETURNING id`,
				u.Username, u.DisplayName, m.ID, true, now).Scan(&u.ID)
			if s.d.isUniqueViolation(err, "users_username_key") {
				problem("user.username_taken")
				return v
			}
			if s.d.isUniqueViolation(err, "users_member") {
				problem("user.member_already_has_account")
				return v
			}
			if err != nil {
				return fmt.Errorf("store: open account: %w", err)
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO roles (user_id, org_id, kind) VALUES ($1, $2, $3)",
				u.ID, branchID, huoshui.RoleMember); err != nil {
				return fmt.Errorf("store: open account role: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO password_resets (user_id, requested_by, requested_at, code_a_hash,
				approved_by, approved_at, kind) VALUES ($1, $2, $3, $4, $2, $3, $5)`,
				u.ID, a.UserID, now, n.CodeHash, huoshui.ResetFirstSignIn); err != nil {
				return fmt.Errorf("store: open account code: %w", err)
			}
			if u.Roles, err = findRoles(ctx, tx, u.ID); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, a, huoshui.AuditCreate, "user", u.ID, branchID, nil, auditOfUser(u)); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, a, huoshui.AuditSignInCode, "user", u.ID, branchID, nil,
				map[string]any{"username": u.Username, "expires_at": expires}); err != nil {
				return err
			}
		}
		return v.Err()
	})
	return expires, err
}

// ReissueSignInCode gives the account of a member of branchID a new first
// sign-in code (codeHash) in place of one lost or lapsed. Only an account
// that has not yet chosen a password, holds the member role at the branch
// and nothing else, and is linked to a member of the branch qualifies:
// any other answers ErrNotFound, so a secretary never takes over an
// account in use. Audited without the code.
func (s *Store) ReissueSignInCode(ctx context.Context, a huoshui.Actor, branchID, userID int64, codeHash string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		u, err := s.lockUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		notYours := fmt.Errorf("store: reissue code of %d: %w", userID, huoshui.ErrNotFound)
		if u.PasswordHash != "" || u.MemberID == 0 || u.DisabledAt != nil || len(u.Roles) == 0 {
			return notYours
		}
		for _, r := range u.Roles {
			if r.Kind != huoshui.RoleMember || r.OrgID != branchID {
				return notYours
			}
		}
		m, err := findMember(ctx, tx, u.MemberID)
		if err != nil || m.OrgID != branchID || m.ArchivedAt != nil {
			return notYours
		}
		now := s.now()
		if err := closeResets(ctx, tx, userID, now, "replaced"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_resets (user_id, requested_by, requested_at, code_a_hash,
			approved_by, approved_at, kind) VALUES ($1, $2, $3, $4, $2, $3, $5)`,
			userID, a.UserID, now, codeHash, huoshui.ResetFirstSignIn); err != nil {
			return fmt.Errorf("store: reissue code: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET must_change_password = $1, failed_logins = 0,
			first_failed_at = NULL, locked_until = NULL WHERE id = $2`, true, userID); err != nil {
			return fmt.Errorf("store: reissue code: %w", err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditSignInCode, "user", userID, branchID, nil,
			map[string]any{"username": u.Username, "expires_at": now.Add(huoshui.SignInCodeTTL)})
	})
}
