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

const userColumns = `u.id, u.username, u.display_name, u.password_hash, COALESCE(u.member_id, 0), u.locale,
	u.must_change_password, u.failed_logins, u.first_failed_at, u.locked_until, u.disabled_at, u.created_at`

func scanUser(row interface{ Scan(...any) error }) (*huoshui.User, error) {
	var u huoshui.User
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.PasswordHash, &u.MemberID, &u.Locale,
		&u.MustChangePassword, &u.FailedLogins, &u.FirstFailedAt, &u.LockedUntil, &u.DisabledAt, &u.CreatedAt)
	return &u, err
}

// FindUserByID returns an account with its roles when an administrator
// with scope manages it (huoshui.User.Within); any other id answers
// huoshui.ErrNotFound.
func (s *Store) FindUserByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.User, error) {
	u, err := s.findUser(ctx, s.r, "u.id = $1", id)
	if err != nil {
		return nil, err
	}
	if !u.Within(scope) {
		return nil, fmt.Errorf("store: find user %d: %w", id, huoshui.ErrNotFound)
	}
	return u, nil
}

// FindUserByUsername returns an account with its roles.
func (s *Store) FindUserByUsername(ctx context.Context, username string) (*huoshui.User, error) {
	return s.findUser(ctx, s.r, "u.username = $1", strings.ToLower(strings.TrimSpace(username)))
}

func (s *Store) findUser(ctx context.Context, q querier, cond string, args ...any) (*huoshui.User, error) {
	arg := args[0]
	u, err := scanUser(q.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users u WHERE "+cond, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find user %v: %w", arg, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find user %v: %w", arg, err)
	}
	if u.Roles, err = findRoles(ctx, q, u.ID); err != nil {
		return nil, err
	}
	return u, nil
}

// lockUser reads an account inside a write transaction and holds its row
// until the transaction ends: changes to the account's roles and link take
// turns, each checking what the one before it left (PostgreSQL; SQLite's
// write transactions run one at a time anyway).
func (s *Store) lockUser(ctx context.Context, tx *sql.Tx, id int64) (*huoshui.User, error) {
	return s.findUser(ctx, tx, "u.id = $1"+s.d.forUpdate("u"), id)
}

func findRoles(ctx context.Context, q querier, userID int64) ([]huoshui.Role, error) {
	byUser, err := findRolesOf(ctx, q, []int64{userID})
	return byUser[userID], err
}

// findRolesOf loads the roles of many accounts in one query, keyed by
// account: a page of accounts costs two queries, not one per row.
func findRolesOf(ctx context.Context, q querier, userIDs []int64) (map[int64][]huoshui.Role, error) {
	out := make(map[int64][]huoshui.Role, len(userIDs))
	if len(userIDs) == 0 {
		return out, nil
	}
	w := &where{}
	ph := make([]string, len(userIDs))
	for i, id := range userIDs {
		ph[i] = w.arg(id)
	}
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.user_id, r.org_id, r.kind, o.path, o.name, o.kind
		FROM roles r JOIN orgs o ON o.id = r.org_id WHERE r.user_id IN (`+strings.Join(ph, ",")+`) ORDER BY r.id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: find roles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r huoshui.Role
		if err := rows.Scan(&r.ID, &r.UserID, &r.OrgID, &r.Kind, &r.OrgPath, &r.OrgName, &r.OrgKind); err != nil {
			return nil, fmt.Errorf("store: scan role: %w", err)
		}
		out[r.UserID] = append(out[r.UserID], r)
	}
	return out, rows.Err()
}

// FindUsers lists accounts by username, with the total that match.
func (s *Store) FindUsers(ctx context.Context, f huoshui.UserFilter) ([]*huoshui.User, int, error) {
	w := &where{}
	if f.ID != 0 {
		w.add("u.id = ?", f.ID)
	}
	if f.Username != "" {
		w.add("u.username = ?", f.Username)
	}
	if f.Query != "" {
		w.add("(u.username LIKE ? OR u.display_name LIKE ?)", "%"+likeEscape(f.Query)+"%", "%"+likeEscape(f.Query)+"%")
	}
	w.addAccountScope(f.Scope)
	switch f.Status {
	case "active":
		w.add("u.disabled_at IS NULL")
	case "disabled":
		w.add("u.disabled_at IS NOT NULL")
	}
	order := "u.username"
	switch f.Sort {
	case "-username":
		order = "u.username DESC"
	case "created":
		order = "u.created_at, u.id"
	case "-created":
		order = "u.created_at DESC, u.id DESC"
	}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM users u"+w.String(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count users: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.r.QueryContext(ctx, "SELECT "+userColumns+" FROM users u"+w.String()+
		" ORDER BY "+order+" LIMIT "+w.arg(limit)+" OFFSET "+w.arg(max(0, f.Offset)), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: find users: %w", err)
	}
	var out []*huoshui.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("store: scan user: %w", err)
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: find users: %w", err)
	}
	ids := make([]int64, len(out))
	for i, u := range out {
		ids[i] = u.ID
	}
	roles, err := findRolesOf(ctx, s.r, ids)
	if err != nil {
		return nil, 0, err
	}
	for _, u := range out {
		u.Roles = roles[u.ID]
	}
	return out, total, nil
}

// userAudit is what the audit trail keeps of an account: never the hash.
type userAudit struct {
	Username    string         `json:"username"`
	DisplayName string         `json:"display_name"`
	MemberID    int64          `json:"member_id,omitempty"`
	Roles       []huoshui.Role `json:"roles,omitempty"`
	Disabled    bool           `json:"disabled,omitempty"`
}

func auditOfUser(u *huoshui.User) userAudit {
	return userAudit{u.Username, u.DisplayName, u.MemberID, u.Roles, u.DisabledAt != nil}
}

// CreateUser adds an account with its roles. passwordHash must already be
// an argon2id hash of a password that passed huoshui.CheckPassword.
func (s *Store) CreateUser(ctx context.Context, a huoshui.Actor, u *huoshui.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if err := huoshui.CheckRoles(u.Roles); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		u.CreatedAt = now
		err := tx.QueryRowContext(ctx, `INSERT INTO users (username, display_name, password_hash, member_id, locale,
			must_change_password, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			u.Username, u.DisplayName, u.PasswordHash, nullInt(u.MemberID), u.Locale, u.MustChangePassword, now).Scan(&u.ID)
		if s.d.isUniqueViolation(err, "users_username_key") {
			v := &huoshui.ValidationError{}
			v.Add("username", "user.username_taken")
			return v
		}
		if err != nil {
			return fmt.Errorf("store: create user: %w", err)
		}
		for i := range u.Roles {
			r := &u.Roles[i]
			r.UserID = u.ID
			if err := tx.QueryRowContext(ctx, "INSERT INTO roles (user_id, org_id, kind) VALUES ($1, $2, $3) RETURNING id",
				u.ID, r.OrgID, r.Kind).Scan(&r.ID); err != nil {
				return fmt.Errorf("store: create user role: %w", err)
			}
		}
		if u.Roles, err = findRoles(ctx, tx, u.ID); err != nil {
			return err
		}
		if err := keepOutgoingPassword(ctx, tx, now, u.ID, u.PasswordHash); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "user", u.ID, roleOrg(u.Roles), nil, auditOfUser(u))
	})
}

// roleOrg is where an account's audit records sit in the tree: at its
// first role's node (0: nowhere).
func roleOrg(roles []huoshui.Role) int64 {
	if len(roles) == 0 {
		return 0
	}
	return roles[0].OrgID
}

// SetPassword stores a new password hash. mustChange is set when an
// administrator resets the password, so the owner picks a new one at the
// next sign-in. Every session of the account ends except keepSession (the
// one that made the change, or "").
func (s *Store) SetPassword(ctx context.Context, a huoshui.Actor, userID int64, hash string, mustChange bool, keepSession string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		u, err := s.findUser(ctx, tx, "u.id = $1", userID)
		if err != nil {
			return err
		}
		return s.setPassword(ctx, tx, a, u, hash, mustChange, keepSession)
	})
}

// ResetPassword is an administrator's reset of an account's password by
// one person: the owner must change it at the next sign-in. An account
// holding a role above member answers ErrConflict (it needs two people:
// RequestPasswordReset), checked on the locked row, so a role granted at
// the same moment cannot slip in between.
func (s *Store) ResetPassword(ctx context.Context, a huoshui.Actor, userID int64, hash string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		u, err := s.lockUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if u.NeedsTwoPeople() {
			return fmt.Errorf("store: reset password of %d: it needs two people: %w", userID, huoshui.ErrConflict)
		}
		return s.setPassword(ctx, tx, a, u, hash, true, "")
	})
}

func (s *Store) setPassword(ctx context.Context, tx *sql.Tx, a huoshui.Actor, u *huoshui.User, hash string, mustChange bool, keepSession string) error {
	userID := u.ID
	if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, must_change_password = $2,
		failed_logins = 0, first_failed_at = NULL, locked_until = NULL WHERE id = $3`, hash, mustChange, userID); err != nil {
		return fmt.Errorf("store: set password: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2", userID, keepSession); err != nil {
		return fmt.Errorf("store: set password: %w", err)
	}
	if err := keepOutgoingPassword(ctx, tx, s.now(), userID, u.PasswordHash); err != nil {
		return err
	}
	if err := addPasswordHistory(ctx, tx, s.now(), userID, hash); err != nil {
		return err
	}
	// A password set ends any two-person reset still open.
	if err := closeResets(ctx, tx, userID, s.now(), "superseded"); err != nil {
		return err
	}
	action := huoshui.AuditPasswordChange
	if mustChange {
		action = huoshui.AuditPasswordReset
	}
	return s.audit(ctx, tx, a, action, "user", userID, roleOrg(u.Roles), nil, map[string]any{"username": u.Username})
}

// keptPasswords is how many password hashes an account's history keeps:
// enough for the rule "none of the last five" (auth.PasswordHistory).
const keptPasswords = 5

// addPasswordHistory records a password just set and forgets the older
// ones beyond keptPasswords.
func addPasswordHistory(ctx context.Context, tx *sql.Tx, now time.Time, userID int64, hash string) error {
	if _, err := tx.ExecContext(ctx, "INSERT INTO password_history (user_id, password_hash, set_at) VALUES ($1, $2, $3)",
		userID, hash, now); err != nil {
		return fmt.Errorf("store: password history: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM password_history WHERE user_id = $1 AND id NOT IN
		(SELECT id FROM password_history WHERE user_id = $1 ORDER BY id DESC LIMIT $2)`, userID, keptPasswords); err != nil {
		return fmt.Errorf("store: password history: %w", err)
	}
	return nil
}

// keepOutgoingPassword puts the password being replaced into the history
// when it is not there yet: one an account was created with before the
// history was kept, so an administrator's reset never lets its owner go
// back to it.
func keepOutgoingPassword(ctx context.Context, tx *sql.Tx, now time.Time, userID int64, hash string) error {
	if hash == "" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM password_history WHERE user_id = $1 AND password_hash = $2",
		userID, hash).Scan(&n); err != nil {
		return fmt.Errorf("store: password history: %w", err)
	}
	if n > 0 {
		return nil
	}
	return addPasswordHistory(ctx, tx, now, userID, hash)
}

// RecentPasswordHashes returns the hashes of an account's last n
// passwords, newest first: the current one, then those it replaced.
func (s *Store) RecentPasswordHashes(ctx context.Context, userID int64, n int) ([]string, error) {
	var current string
	if err := s.r.QueryRowContext(ctx, "SELECT password_hash FROM users WHERE id = $1", userID).Scan(&current); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("store: password history of %d: %w", userID, huoshui.ErrNotFound)
		}
		return nil, fmt.Errorf("store: password history: %w", err)
	}
	out := []string{}
	if current != "" {
		out = append(out, current)
	}
	rows, err := s.r.QueryContext(ctx, "SELECT password_hash FROM password_history WHERE user_id = $1 ORDER BY id DESC LIMIT $2", userID, n)
	if err != nil {
		return nil, fmt.Errorf("store: password history: %w", err)
	}
	defer rows.Close()
	for rows.Next() && len(out) < n {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("store: password history: %w", err)
		}
		if h != current {
			out = append(out, h)
		}
	}
	return out, rows.Err()
}

// SetLocale remembers the interface language an account chose.
func (s *Store) SetLocale(ctx context.Context, userID int64, locale string) error {
	if _, err := s.w.ExecContext(ctx, "UPDATE users SET locale = $1 WHERE id = $2", locale, userID); err != nil {
		return fmt.Errorf("store: set locale: %w", err)
	}
	return nil
}

// RecordLogin writes the outcome of a sign-in attempt and its audit record.
// A failure counts toward the lock: LockAttempts failures within LockWindow
// lock the account for LockDuration. The count is kept by the database
// (failed_logins + 1 in one statement), never read here and written back,
// so failures at the same moment all count and the lock is taken once. It
// returns the account as it now is (nil when the username is unknown).
func (s *Store) RecordLogin(ctx context.Context, a huoshui.Actor, u *huoshui.User, ok bool) (*huoshui.User, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if u == nil {
			return s.audit(ctx, tx, a, huoshui.AuditLoginFailed, "user", 0, 0, nil, map[string]any{"username": a.Username})
		}
		if ok {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, first_failed_at = NULL, locked_until = NULL
				WHERE id = $1`, u.ID); err != nil {
				return fmt.Errorf("store: record login: %w", err)
			}
			u.FailedLogins, u.FirstFailedAt, u.LockedUntil = 0, nil, nil
			return s.audit(ctx, tx, a, huoshui.AuditLogin, "user", u.ID, roleOrg(u.Roles), nil, nil)
		}
		// A failure after the window starts a new count. The update holds
		// the row until commit, so the lock decision below sees every
		// failure before this one and none after.
		var first, lockedUntil sql.NullTime
		err := tx.QueryRowContext(ctx, `UPDATE users SET
			failed_logins = CASE WHEN first_failed_at IS NULL OR first_failed_at < $1 THEN 1 ELSE failed_logins + 1 END,
			first_failed_at = CASE WHEN first_failed_at IS NULL OR first_failed_at < $1 THEN $2 ELSE first_failed_at END
			WHERE id = $3 RETURNING failed_logins, first_failed_at, locked_until`,
			now.Add(-huoshui.LockWindow), now, u.ID).Scan(&u.FailedLogins, &first, &lockedUntil)
		if err != nil {
			return fmt.Errorf("store: record login: %w", err)
		}
		u.FirstFailedAt, u.LockedUntil = nil, nil
		if first.Valid {
			u.FirstFailedAt = &first.Time
		}
		if lockedUntil.Valid {
			u.LockedUntil = &lockedUntil.Time
		}
		locked := false
		if u.FailedLogins >= huoshui.LockAttempts && !u.Locked(now) {
			until := now.Add(huoshui.LockDuration)
			u.LockedUntil, locked = &until, true
			if _, err := tx.ExecContext(ctx, "UPDATE users SET locked_until = $1 WHERE id = $2", until, u.ID); err != nil {
				return fmt.Errorf("store: record login: %w", err)
			}
		}
		if err := s.audit(ctx, tx, a, huoshui.AuditLoginFailed, "user", u.ID, roleOrg(u.Roles), nil,
			map[string]any{"failed_logins": u.FailedLogins}); err != nil {
			return err
		}
		if locked {
			return s.audit(ctx, tx, a, huoshui.AuditLock, "user", u.ID, roleOrg(u.Roles), nil,
				map[string]any{"locked_until": u.LockedUntil})
		}
		return nil
	})
	return u, err
}

// Unlock lifts a lock (the security administrator's job).
func (s *Store) Unlock(ctx context.Context, a huoshui.Actor, userID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		u, err := s.findUser(ctx, tx, "u.id = $1", userID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, first_failed_at = NULL, locked_until = NULL
			WHERE id = $1`, userID); err != nil {
			return fmt.Errorf("store: unlock: %w", err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditUnlock, "user", userID, roleOrg(u.Roles), nil,
			map[string]any{"username": u.Username})
	})
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, sess *huoshui.Session) error {
	now := s.now()
	sess.CreatedAt, sess.LastSeenAt = now, now
	_, err := s.w.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, ip, user_agent)
		VALUES ($1, $2, $3, $4, $5, $6)`, sess.TokenHash, sess.UserID, now, now, sess.IP, sess.UserAgent)
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// FindSession returns a live session and its account. An expired session is
// removed and answers ErrNotFound; so does a disabled account.
func (s *Store) FindSession(ctx context.Context, tokenHash string) (*huoshui.Session, *huoshui.User, error) {
	var sess huoshui.Session
	row := s.r.QueryRowContext(ctx, `SELECT s.token_hash, s.user_id, s.created_at, s.last_seen_at, s.ip, s.user_agent, `+
		userColumns+` FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, tokenHash)
	var u huoshui.User
	err := row.Scan(&sess.TokenHash, &sess.UserID, &sess.CreatedAt, &sess.LastSeenAt, &sess.IP, &sess.UserAgent,
		&u.ID, &u.Username, &u.DisplayName, &u.PasswordHash, &u.MemberID, &u.Locale,
		&u.MustChangePassword, &u.FailedLogins, &u.FirstFailedAt, &u.LockedUntil, &u.DisabledAt, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("store: find session: %w", huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: find session: %w", err)
	}
	now := s.now()
	if sess.Expired(now) || u.DisabledAt != nil {
		s.DeleteSession(ctx, tokenHash)
		return nil, nil, fmt.Errorf("store: find session: expired: %w", huoshui.ErrNotFound)
	}
	if u.Roles, err = findRoles(ctx, s.r, u.ID); err != nil {
		return nil, nil, err
	}
	return &sess, &u, nil
}

// TouchSession moves a session's idle clock forward. Callers touch at most
// once a minute, so busy pages do not queue behind SQLite's one writer.
func (s *Store) TouchSession(ctx context.Context, tokenHash string) error {
	if _, err := s.w.ExecContext(ctx, "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2", s.now(), tokenHash); err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.w.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = $1", tokenHash); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past either limit.
func (s *Store) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	now := s.now()
	res, err := s.w.ExecContext(ctx, "DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2",
		now.Add(-huoshui.SessionIdle), now.Add(-huoshui.SessionAbsolute))
	if err != nil {
		return 0, fmt.Errorf("store: delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}

// Logout ends a session and writes the sign-out to the audit trail.
func (s *Store) Logout(ctx context.Context, a huoshui.Actor, tokenHash string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = $1", tokenHash); err != nil {
			return fmt.Errorf("store: logout: %w", err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditLogout, "user", a.UserID, 0, nil, nil)
	})
}

// addAccountScope limits a list of accounts to those an administrator with
// scope sc manages (huoshui.User.Within says the same for one account):
// accounts with at least one role and none outside sc, and, when sc
// reaches a whole tree, also the accounts without any role. The zero scope
// matches nothing.
func (w *where) addAccountScope(sc huoshui.Scope) {
	if sc.All {
		return
	}
	if sc.Empty() {
		w.add("1 = 0")
		return
	}
	n := len(w.conds)
	w.addScope(sc, "o.path", "")
	inside := w.conds[n]
	w.conds = w.conds[:n]
	cond := "(EXISTS (SELECT 1 FROM roles r WHERE r.user_id = u.id) AND NOT EXISTS (SELECT 1 FROM roles r " +
		"JOIN orgs o ON o.id = r.org_id WHERE r.user_id = u.id AND NOT (" + inside + ")))"
	if sc.AtRoot() {
		cond = "(" + cond + " OR NOT EXISTS (SELECT 1 FROM roles r WHERE r.user_id = u.id))"
	}
	w.conds = append(w.conds, cond)
}

// DisableUser stops an account from signing in and ends its sessions (the
// system administrator's job). Disabling a disabled account changes
// nothing.
func (s *Store) DisableUser(ctx context.Context, a huoshui.Actor, userID int64) error {
	return s.setDisabled(ctx, a, userID, true)
}

// EnableUser lets a disabled account sign in again.
func (s *Store) EnableUser(ctx context.Context, a huoshui.Actor, userID int64) error {
	return s.setDisabled(ctx, a, userID, false)
}

func (s *Store) setDisabled(ctx context.Context, a huoshui.Actor, userID int64, disable bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.findUser(ctx, tx, "u.id = $1", userID)
		if err != nil {
			return err
		}
		if (before.DisabledAt != nil) == disable {
			return nil
		}
		after := *before
		if disable {
			now := s.now()
			after.DisabledAt = &now
			if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", userID); err != nil {
				return fmt.Errorf("store: disable user %d: %w", userID, err)
			}
		} else {
			after.DisabledAt = nil
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET disabled_at = $1 WHERE id = $2", after.DisabledAt, userID); err != nil {
			return fmt.Errorf("store: disable user %d: %w", userID, err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "user", userID, roleOrg(before.Roles), auditOfUser(before), auditOfUser(&after))
	})
}

// GrantRole gives an account one more role (the security administrator's
// job) and returns it with its id. The separation of the administrators
// (huoshui.CheckRoles) holds across all the account's roles; a role the
// account already holds, or a node that is gone, is refused as a
// validation error.
func (s *Store) GrantRole(ctx context.Context, a huoshui.Actor, userID int64, r huoshui.Role) (*huoshui.Role, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// The rule spans the account's rows in roles, which no constraint
		// can hold: lock the account, so grants to it take turns and each
		// checks the roles the one before it left.
		before, err := s.lockUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		v := &huoshui.ValidationError{}
		o, err := findOrg(ctx, tx, r.OrgID)
		switch {
		case errors.Is(err, huoshui.ErrNotFound):
			v.Add("org_id", "invalid_choice")
		case err != nil:
			return err
		case o.ArchivedAt != nil:
			v.Add("org_id", "invalid_choice")
		}
		for _, x := range before.Roles {
			if x.OrgID == r.OrgID && x.Kind == r.Kind {
				v.Add("role", "role.duplicate")
			}
		}
		// The password of an account its owner has not yet changed was
		// set by the system administrator (created or reset), who could
		// sign in as the officer: a role above member waits for the
		// owner's own password.
		if r.Kind != huoshui.RoleMember && before.MustChangePassword && !v.Has("role") {
			v.Add("role", "role.password_not_own")
		}
		if !v.Has("role") {
			if err := huoshui.CheckRoles(append(append([]huoshui.Role(nil), before.Roles...), r)); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		r.UserID = userID
		err = tx.QueryRowContext(ctx, "INSERT INTO roles (user_id, org_id, kind) VALUES ($1, $2, $3) RETURNING id",
			userID, r.OrgID, r.Kind).Scan(&r.ID)
		if s.d.isUniqueViolation(err, "roles_user_id_org_id_kind_key") {
			v.Add("role", "role.duplicate")
			return v
		}
		if err != nil {
			return fmt.Errorf("store: grant role: %w", err)
		}
		r.OrgPath, r.OrgName, r.OrgKind = o.Path, o.Name, o.Kind
		after := *before
		if after.Roles, err = findRoles(ctx, tx, userID); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "user", userID, roleOrg(after.Roles), auditOfUser(before), auditOfUser(&after))
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// RevokeRole takes one role (by its id) away from an account. A role id
// that is not the account's answers ErrNotFound.
func (s *Store) RevokeRole(ctx context.Context, a huoshui.Actor, userID, roleID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		found := false
		for _, x := range before.Roles {
			found = found || x.ID == roleID
		}
		if !found {
			return fmt.Errorf("store: revoke role %d of user %d: %w", roleID, userID, huoshui.ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM roles WHERE id = $1 AND user_id = $2", roleID, userID); err != nil {
			return fmt.Errorf("store: revoke role: %w", err)
		}
		after := *before
		if after.Roles, err = findRoles(ctx, tx, userID); err != nil {
			return err
		}
		// The record stays where the account was, even when its last role goes.
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "user", userID, roleOrg(before.Roles), auditOfUser(before), auditOfUser(&after))
	})
}

// LinkUserMember links an account to a person's member record (memberID 0
// unlinks it): the account then sees that record as its own. scope is
// what the caller may edit (auth.Scope(user, auth.EditMember)): the member
// must lie in it, and so must every role of the account, which holds no
// administrator's role and no link to a record outside it. Any other
// account answers huoshui.ErrNotFound, exactly as a username that does not
// exist: an officer learns nothing about accounts that are not theirs to
// link. A record has at most one account.
func (s *Store) LinkUserMember(ctx context.Context, a huoshui.Actor, scope huoshui.Scope, userID, memberID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		// Locked: two links of one account, or a link and a grant of an
		// administrator role, take turns instead of both passing the
		// checks below.
		u, err := s.lockUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		notYours := fmt.Errorf("store: link user %d: %w", userID, huoshui.ErrNotFound)
		v := &huoshui.ValidationError{}
		orgID := roleOrg(u.Roles)
		if memberID != 0 {
			for _, r := range u.Roles {
				if r.Kind.Admin() || !scope.Covers(r.OrgPath, 0) {
					return notYours
				}
			}
			m, err := findMember(ctx, tx, memberID)
			if err != nil {
				return err
			}
			if !scope.Covers(m.OrgPath, 0) {
				return fmt.Errorf("store: link member %d: %w", memberID, huoshui.ErrNotFound)
			}
			if u.MemberID != 0 && u.MemberID != memberID {
				other, err := findMember(ctx, tx, u.MemberID)
				if err != nil {
					return err
				}
				if !scope.Covers(other.OrgPath, 0) {
					return notYours
				}
				v.Add("username", "user.member_taken") // unlink it from the other person first
				return v
			}
			orgID = m.OrgID
		}
		_, err = tx.ExecContext(ctx, "UPDATE users SET member_id = $1 WHERE id = $2", nullInt(memberID), userID)
		if s.d.isUniqueViolation(err, "users_member") {
			v.Add("username", "user.member_taken")
			return v
		}
		if err != nil {
			return fmt.Errorf("store: link user %d to member %d: %w", userID, memberID, err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "user", userID, orgID,
			map[string]any{"username": u.Username, "member_id": u.MemberID},
			map[string]any{"username": u.Username, "member_id": memberID})
	})
}

// FindUserByMemberID returns the account linked to a member record when
// scope covers the member (as FindMemberByID); otherwise ErrNotFound.
func (s *Store) FindUserByMemberID(ctx context.Context, scope huoshui.Scope, memberID int64) (*huoshui.User, error) {
	w := &where{}
	w.add("m.id = ?", memberID)
	w.addScope(scope, "o.path", "m.id")
	return s.findUser(ctx, s.r, "u.member_id = $1 AND EXISTS (SELECT 1 FROM members m JOIN orgs o ON o.id = m.org_id"+
		w.String()+")", w.args...)
}
