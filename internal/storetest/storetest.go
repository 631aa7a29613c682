// Package storetest opens real databases for tests: a fresh SQLite file
// always, and a fresh PostgreSQL schema when HUOSHUI_TEST_POSTGRES holds a
// server URL. Under CI (CI set) the PostgreSQL URL is required, so the
// PostgreSQL runs can never silently skip there.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/huoshui/huoshui/internal/store"
)

// PostgresURL returns the server URL for PostgreSQL tests, or "" when
// they should be skipped. It fails the test under CI when the URL is
// missing.
func PostgresURL(t testing.TB) string {
	u := os.Getenv("HUOSHUI_TEST_POSTGRES")
	if u == "" && os.Getenv("CI") != "" {
		t.Fatal("CI is set but HUOSHUI_TEST_POSTGRES is empty: the PostgreSQL tests must run in CI")
	}
	return u
}

// Each runs fn as a subtest on a fresh, migrated store of every engine
// available: "sqlite" always, "postgres" when configured.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	if PostgresURL(t) == "" {
		t.Run("postgres", func(t *testing.T) { t.Skip("HUOSHUI_TEST_POSTGRES not set: skipping PostgreSQL") })
		return
	}
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a migrated store on a new file in the test's temp dir.
func SQLite(t testing.TB) *store.Store {
	t.Helper()
	return open(t, "sqlite:"+filepath.Join(t.TempDir(), "huoshui.db"))
}

// Postgres returns a migrated store in a schema of its own, dropped when
// the test ends, so parallel runs never collide.
func Postgres(t testing.TB) *store.Store {
	t.Helper()
	base := PostgresURL(t)
	if base == "" {
		t.Skip("HUOSHUI_TEST_POSTGRES not set")
	}
	schema := "t_" + randomHex(6)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	return open(t, WithSearchPath(base, schema))
}

// WithSearchPath returns url with its search_path set to schema.
func WithSearchPath(base, schema string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func open(t testing.TB, dsn string) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
