package store

import (
	"context"
	"testing"
)

// Each unique constraint, broken on each engine, is told by its name; a
// constraint of another kind is no unique violation.
func TestUniqueViolationNames(t *testing.T) {
	t.Parallel()
	auditEngines(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := s.now()
		setup := []string{
			`INSERT INTO orgs (id, kind, name, path, created_at, updated_at) VALUES (1, 'branch', 'x', '/1/', $1, $1)`,
			`INSERT INTO members (id, org_id, name, status, id_number, created_at, updated_at) VALUES (1, 1, 'x', 'applicant', '110101199003071234', $1, $1)`,
			`INSERT INTO members (id, org_id, name, status, created_at, updated_at) VALUES (2, 1, 'y', 'applicant', $1, $1)`,
			`INSERT INTO users (id, username, display_name, password_hash, member_id, created_at) VALUES (1, 'a', 'a', 'h', 1, $1)`,
			`INSERT INTO roles (user_id, org_id, kind) SELECT 1, 1, 'member' WHERE CAST($1 AS TIMESTAMP) IS NOT NULL`,
			`INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ('t', 1, $1, $1)`,
			`INSERT INTO password_resets (id, user_id, requested_by, requested_at, code_a_hash) VALUES (1, 1, 1, $1, 'h')`,
			`INSERT INTO books (id, org_id, isbn, title, author, created_at, updated_at) VALUES (1, 1, '9787010033877', 't', 'a', $1, $1)`,
			`INSERT INTO book_copies (id, book_id, org_id, label, created_at) VALUES (1, 1, 1, 'x-0001', $1)`,
			`INSERT INTO loans (id, copy_id, book_id, org_id, member_id, borrowed_on, due_on, created_at) VALUES (1, 1, 1, 1, 1, '2026-06-01', '2026-07-01', $1)`,
			`INSERT INTO dues_payments (id, member_id, org_id, month, amount_fen, method, paid_on, recorded_at) VALUES (1, 1, 1, 24300, 100, 'cash', '2025-01-05', $1)`,
		}
		for _, q := range setup {
			if _, err := s.w.ExecContext(ctx, q, now); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		// Explicit ids, so PostgreSQL's identity sequence (which they do
		// not advance) never breaks a primary key instead.
		broken := map[string]string{
			"users_username_key":            `INSERT INTO users (id, username, display_name, password_hash, created_at) VALUES (2, 'a', 'b', 'h', $1)`,
			"users_member":                  `INSERT INTO users (id, username, display_name, password_hash, member_id, created_at) VALUES (2, 'b', 'b', 'h', 1, $1)`,
			"members_id_number":             `UPDATE members SET id_number = '110101199003071234', updated_at = $1 WHERE id = 2`,
			"orgs_path_key":                 `INSERT INTO orgs (id, kind, name, path, created_at, updated_at) VALUES (2, 'branch', 'y', '/1/', $1, $1)`,
			"roles_user_id_org_id_kind_key": `INSERT INTO roles (user_id, org_id, kind) SELECT 1, 1, 'member' WHERE CAST($1 AS TIMESTAMP) IS NOT NULL`,
			"sessions_pkey":                 `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ('t', 1, $1, $1)`,
			"password_resets_open":          `INSERT INTO password_resets (id, user_id, requested_by, requested_at, code_a_hash) VALUES (2, 1, 1, $1, 'h')`,
			"books_org_isbn":                `INSERT INTO books (id, org_id, isbn, title, author, created_at, updated_at) VALUES (2, 1, '9787010033877', 'u', 'b', $1, $1)`,
			"book_copies_label":             `INSERT INTO book_copies (id, book_id, org_id, label, created_at) VALUES (2, 1, 1, 'x-0001', $1)`,
			"loans_open":                    `INSERT INTO loans (id, copy_id, book_id, org_id, member_id, borrowed_on, due_on, created_at) VALUES (2, 1, 1, 1, 2, '2026-06-02', '2026-07-02', $1)`,
			"dues_payments_member_month":    `INSERT INTO dues_payments (id, member_id, org_id, month, amount_fen, method, paid_on, recorded_at) VALUES (2, 1, 1, 24300, 200, 'cash', '2025-01-06', $1)`,
		}
		if len(broken) != len(sqliteUniqueNames) {
			t.Errorf("%d constraints tested, %d named for SQLite", len(broken), len(sqliteUniqueNames))
		}
		for name, q := range broken {
			_, err := s.w.ExecContext(ctx, q, now)
			if got, ok := uniqueViolation(err); !ok || got != name {
				t.Errorf("%s: uniqueViolation(%v) = %q, %v; want %q", name, err, got, ok, name)
			}
			if !s.d.isUniqueViolation(err, name) || s.d.isUniqueViolation(err, "other") {
				t.Errorf("%s: isUniqueViolation does not tell it by name", name)
			}
		}
		// Not a unique violation: a NOT NULL column left empty.
		_, err := s.w.ExecContext(ctx, `INSERT INTO users (id, username, password_hash, created_at) VALUES (3, 'c', 'h', $1)`, now)
		if _, ok := uniqueViolation(err); err == nil || ok {
			t.Errorf("a missing display name: uniqueViolation(%v) = %v", err, ok)
		}
	})
}
