// Package storetest opens real databases for tests: a fresh SQLite file
// always, and a fresh PostgreSQL schema when HUOSHUI_TEST_POSTGRES holds a
// server URL. Under CI (CI set) the PostgreSQL URL is required, so the
// PostgreSQL runs can never silently skip there. The databases themselves
// come from internal/storetest/dsn, the one place that creates schemas.
package storetest

import (
	"context"
	"testing"

	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest/dsn"
)

// PostgresURL returns the server URL for PostgreSQL tests, or "" when
// they should be skipped. It fails the test under CI when the URL is
// missing.
func PostgresURL(t testing.TB) string { return dsn.PostgresURL(t) }

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
	return open(t, dsn.SQLite(t))
}

// Postgres returns a migrated store in a schema of its own, dropped when
// the test ends, so parallel runs never collide. It skips the test when
// no server is configured.
func Postgres(t testing.TB) *store.Store {
	t.Helper()
	return open(t, dsn.Postgres(t))
}

// WithSearchPath returns url with its search_path set to schema.
func WithSearchPath(base, schema string) string { return dsn.WithSearchPath(base, schema) }

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
