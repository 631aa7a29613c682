// Package store keeps huoshui's records in SQLite or PostgreSQL through
// database/sql and hand-written SQL. One file per noun; every method that
// changes a record runs in one transaction and writes its audit record in
// that same transaction.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"
	_ "modernc.org/sqlite" // registers "sqlite"

	"github.com/huoshui/huoshui"
)

//go:embed migrations
var migrations embed.FS

// Store is the database. For SQLite it holds one writer connection and a
// pool of readers on the same file (WAL lets readers run beside the writer);
// for PostgreSQL both are the same pool.
type Store struct {
	w   *sql.DB // writes and transactions
	r   *sql.DB // reads
	d   dialect
	now func() time.Time
	// searchWindow is how many of a search's matches are ranked
	// (huoshui.MaterialSearchWindow; tests set fewer).
	searchWindow int
	// wideFrom is the size of a part of the tree whose member list walks
	// an index in order (member_query.go; tests set 0 to walk always).
	wideFrom int
}

// Open connects to the database named by dsn: "sqlite:PATH" (or a bare
// path) for the embedded engine, "postgres://…" for PostgreSQL. It does not
// migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s := &Store{now: func() time.Time { return time.Now().UTC() }, searchWindow: huoshui.MaterialSearchWindow,
		wideFrom: defaultWideFrom}
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("store: open postgres: %w", err)
		}
		db.SetMaxOpenConns(max(8, 4*runtime.GOMAXPROCS(0)))
		db.SetMaxIdleConns(max(8, 4*runtime.GOMAXPROCS(0)))
		db.SetConnMaxIdleTime(5 * time.Minute)
		s.w, s.r, s.d = db, db, postgresDialect
	default:
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			return nil, errors.New("store: empty sqlite path")
		}
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("store: create %s: %w", dir, err)
			}
		}
		pragmas := "_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)" +
			"&_pragma=foreign_keys(1)&_time_format=sqlite"
		w, err := openSQLite("file:" + escapePath(path) + "?" + pragmas + "&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		w.SetMaxOpenConns(1) // SQLite has one writer; queue here, not on busy_timeout
		r, err := openSQLite("file:" + escapePath(path) + "?" + pragmas + "&_pragma=query_only(1)")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		n := max(4, 2*runtime.GOMAXPROCS(0))
		r.SetMaxOpenConns(n)
		r.SetMaxIdleConns(n)
		s.w, s.r, s.d = w, r, sqliteDialect
	}
	if err := s.w.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	return s, nil
}

func escapePath(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}

// Close closes the connections.
func (s *Store) Close() error {
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	return err
}

// Engine is "sqlite" or "postgres".
func (s *Store) Engine() string { return s.d.name }

// Now is the store's clock, which the whole server shares.
func (s *Store) Now() time.Time { return s.now() }

// SetClock replaces the store's clock; tests use it to move time.
func (s *Store) SetClock(now func() time.Time) { s.now = func() time.Time { return now().UTC() } }

// Ping answers whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Migrate brings the schema up to date. Migrations are forward-only
// numbered files, the same names for both engines, recorded in
// schema_migrations.
func (s *Store) Migrate(ctx context.Context) error {
	p, err := s.migrator()
	if err != nil {
		return err
	}
	before, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	// Rows written before migration 4 have no pinyin sort key; every later
	// write sets it, so the fill runs only on the upgrade that crosses 4,
	// not as a scan of the members at every start.
	if before < nameKeyMigration {
		if err := s.fillNameKeys(ctx); err != nil {
			return err
		}
	}
	// Names are searched by pinyin from migration 31 on; the upgrade that
	// crosses it writes the keys of the members already there.
	if before < memberKeysMigration {
		if err := s.fillMemberKeys(ctx); err != nil {
			return err
		}
	}
	// Study years are kept from migration 24 on; the upgrade that crosses
	// it counts them once from the records.
	if before < studyYearsMigration {
		return s.RebuildStudyYears(ctx)
	}
	return nil
}

// nameKeyMigration is the migration that added members.name_key.
const nameKeyMigration = 4

// MigrateTo applies migrations up to and including version; the upgrade
// tests use it to build an older database.
func (s *Store) MigrateTo(ctx context.Context, version int64) error {
	p, err := s.migrator()
	if err != nil {
		return err
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return fmt.Errorf("store: migrate to %d: %w", version, err)
	}
	return nil
}

// SchemaVersion returns the newest applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	p, err := s.migrator()
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}

func (s *Store) migrator() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+s.d.name)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	gs, err := database.NewStore(s.d.goose, "schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	p, err := goose.NewProvider("", s.w, sub, goose.WithStore(gs), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// tx runs fn in one transaction, committing when fn returns nil.
func (s *Store) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		dropStats(tx)
		tx.Rollback()
		return err
	}
	if err := s.flushStats(ctx, tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

// nullInt turns 0 into NULL for optional references.
func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// nullString turns "" into NULL for optional unique columns.
func nullString(v string) any {
	if v == "" {
		return nil
	}
	return v
}

// where builds a WHERE clause from conditions and numbered arguments.
type where struct {
	conds []string
	args  []any
}

// add appends a condition; each "?" in cond becomes the next $N.
func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

// arg appends one argument and returns its placeholder.
func (w *where) arg(a any) string {
	w.args = append(w.args, a)
	return fmt.Sprintf("$%d", len(w.args))
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}
