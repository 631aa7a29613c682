package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/search"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect is the only place that knows SQLite from PostgreSQL. SQL is
// written once with $N placeholders, which both drivers bind by number.
type dialect struct {
	name  string // "sqlite" or "postgres"
	goose goose.Dialect
}

var (
	sqliteDialect   = dialect{name: "sqlite", goose: goose.DialectSQLite3}
	postgresDialect = dialect{name: "postgres", goose: goose.DialectPostgres}
)

// subtreeRange returns the bounds of the byte range that holds every path in
// the subtree rooted at path: "/1/7/" → ["/1/7/", "/1/70"), since '0' is the
// byte after '/'. Both engines compare paths bytewise (PostgreSQL through the
// column's "C" collation), so the range is one index scan.
func subtreeRange(path string) (lo, hi string) {
	return path, strings.TrimSuffix(path, "/") + "0"
}

// isUniqueViolation reports whether err is a violation of the unique
// constraint or index called name, so that a store method can answer
// "that username is taken" for users_username_key and not for another
// constraint the same statement might break. It reads the engine's error
// code (PostgreSQL's SQLSTATE 23505; SQLite's extended codes for UNIQUE
// and PRIMARY KEY) and the constraint's name: PostgreSQL reports it, and
// SQLite, which reports only the table and columns, through
// sqliteUniqueNames.
func (d dialect) isUniqueViolation(err error, name string) bool {
	got, ok := uniqueViolation(err)
	return ok && got == name
}

// uniqueViolation names the unique constraint or index that err violates;
// ok is false for any other error.
func uniqueViolation(err error) (name string, ok bool) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.ConstraintName, pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		if se.Code() != sqlite3.SQLITE_CONSTRAINT_UNIQUE && se.Code() != sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY {
			return "", false
		}
		// SQLite's only account of which index: "... UNIQUE constraint
		// failed: members.id_number (2067)" (table.column, ...).
		msg, cols := se.Error(), ""
		const failed = "constraint failed: "
		if i := strings.LastIndex(msg, failed); i >= 0 {
			cols, _, _ = strings.Cut(msg[i+len(failed):], " (")
		}
		return sqliteUniqueNames[strings.TrimSpace(cols)], true
	}
	return "", false
}

// sqliteUniqueNames gives the PostgreSQL name of each unique constraint or
// index by the columns SQLite reports, so store code names a constraint
// one way on both engines. A new unique index adds its line here; the test
// TestUniqueViolationNames breaks each one on both engines.
var sqliteUniqueNames = map[string]string{
	"users.username":    "users_username_key",
	"users.member_id":   "users_member",
	"members.id_number": "members_id_number",
	"orgs.path":         "orgs_path_key",
	"roles.user_id, roles.org_id, roles.kind": "roles_user_id_org_id_kind_key",
	"sessions.token_hash":                     "sessions_pkey",
	"password_resets.user_id":                 "password_resets_open",
	"books.org_id, books.isbn":                "books_org_isbn",
	"book_copies.org_id, book_copies.label":   "book_copies_label",
	"loans.copy_id":                           "loans_open",
}

// forUpdate locks the rows of alias that a query inside a transaction
// reads, until the transaction ends: two requests changing one record then
// take turns instead of both acting on what they read. SQLite needs none:
// its write transactions (_txlock=immediate) already run one at a time.
func (d dialect) forUpdate(alias string) string {
	if d.name == "postgres" {
		return " FOR UPDATE OF " + alias
	}
	return ""
}

// moveLockKey names the PostgreSQL advisory lock that moves of nodes take.
const moveLockKey = 0x68756f73 // "huos"

// lockMoves makes the moves of nodes take turns, each until its
// transaction ends. Two crossing moves (A under B while B goes under A, or
// under each other's children) otherwise lock the same rows in opposite
// orders and one dies in a deadlock. A move is a rare, deliberate act, so
// one lock for every move costs nothing a user notices. SQLite needs none:
// its write transactions already run one at a time.
func (d dialect) lockMoves(ctx context.Context, tx *sql.Tx) error {
	if d.name != "postgres" {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", moveLockKey)
	return err
}

// idIn is the condition that col is one of ids, with ids as one argument
// added to w: the statement's text is the same whatever the ids, so the
// prepared statements cached per connection (stmtcache.go, pgx's own) are
// reused rather than crowded out by one statement per list. PostgreSQL
// takes an array; SQLite a JSON array, read by json_each.
func (d dialect) idIn(w *where, col string, ids []int64) string {
	if d.name == "postgres" {
		return col + " = ANY(" + w.arg(ids) + ")"
	}
	b, _ := json.Marshal(ids)
	return col + " IN (SELECT value FROM json_each(" + w.arg(string(b)) + "))"
}

// readingLockKey names the PostgreSQL advisory locks that make one
// member's reading beats take turns (RecordReadingBeat).
const readingLockKey = 0x72656164 // "read"

// lockKey makes the transactions that lock the same (key, id) take
// turns, each until it ends. SQLite needs none: its write transactions
// already run one at a time. Two ids that share their low 31 bits share
// a lock, which costs a wait, never a wrong answer.
func (d dialect) lockKey(ctx context.Context, tx *sql.Tx, key int32, id int64) error {
	if d.name != "postgres" {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1, $2)", key, int32(id&0x7fffffff))
	return err
}

// bulkParam is the placeholder of the nth argument (from 1) of a statement
// with thousands of them (bulk.go). SQLite looks each "$N" up by name in a
// list, which makes a statement of n arguments cost n² to prepare and bind;
// its plain "?" binds in order with no lookup. PostgreSQL needs "$N".
func (d dialect) bulkParam(n int) string {
	if d.name == "sqlite" {
		return "?"
	}
	return "$" + strconv.Itoa(n)
}

// indexMaterial writes a material's search entry inside tx. SQLite keeps
// it in an FTS5 table by the material's id, PostgreSQL in the row's
// tsvector column, the title weighted above the body.
func (d dialect) indexMaterial(ctx context.Context, tx *sql.Tx, m *huoshui.Material, replace bool) error {
	title, body := materialTokens(m)
	var err error
	if d.name == "postgres" {
		_, err = tx.ExecContext(ctx, `UPDATE materials SET search = setweight(to_tsvector('simple', $1), 'A') ||
			to_tsvector('simple', $2), title_search = to_tsvector('simple', $1) WHERE id = $3`, title, body, m.ID)
	} else {
		if replace {
			if _, err = tx.ExecContext(ctx, `DELETE FROM material_search WHERE rowid = $1`, m.ID); err != nil {
				return fmt.Errorf("store: index material %d: %w", m.ID, err)
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO material_search (rowid, title, body) VALUES ($1, $2, $3)`, m.ID, title, body)
	}
	if err != nil {
		return fmt.Errorf("store: index material %d: %w", m.ID, err)
	}
	return nil
}

// materialMatch is the part of a search that finds the materials
// holding every term, in title or body or (titleOnly) in the title: the
// FROM clause, with the condition (its argument added to w), and the
// order that lists them newest first straight from the index, so that a
// query stops after the newest few of a common word instead of sorting
// all of them.
func (d dialect) materialMatch(w *where, terms search.Terms, titleOnly bool) (from, newest string) {
	if d.name == "postgres" {
		col := "mt.search"
		if titleOnly {
			col = "mt.title_search"
		}
		w.conds = append(w.conds, col+" @@ plainto_tsquery('simple', "+w.arg(terms.Plain())+")")
		return materialFrom, "mt.id DESC"
	}
	expr := terms.FTS5()
	if titleOnly {
		expr = terms.FTS5In("title")
	}
	w.conds = append(w.conds, "material_search MATCH "+w.arg(expr))
	return " FROM material_search JOIN materials mt ON mt.id = material_search.rowid JOIN orgs o ON o.id = mt.org_id",
		"material_search.rowid DESC"
}

// searchSettings are the statements that set a full-text search's
// transaction up. PostgreSQL's planner prices a sequential scan by the
// table's own pages, and the tsvectors live out of line (TOAST), so it
// would read every row's vector rather than ask the GIN index: 195 ms
// instead of 2 for a rare word in 10,000 texts. It is left bitmap scans
// only, the GIN index's kind. SQLite needs nothing.
func (d dialect) searchSettings() []string {
	if d.name != "postgres" {
		return nil
	}
	return []string{"SET LOCAL enable_seqscan = off", "SET LOCAL enable_indexscan = off"}
}
