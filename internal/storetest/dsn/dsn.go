// Package dsn hands tests the address of a fresh, empty database: a new
// SQLite file, or a new PostgreSQL schema dropped when the test ends. It is
// the one place that creates test schemas. It does not import the store,
// so the store's own in-package tests can use it; other tests use
// internal/storetest, which opens and migrates a store on these addresses.
package dsn

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// PostgresURL returns the server URL for PostgreSQL tests
// (HUOSHUI_TEST_POSTGRES), or "" when they should be skipped. It fails
// the test under CI (CI set) when the URL is missing, so the PostgreSQL
// runs can never silently skip there.
func PostgresURL(t testing.TB) string {
	u := os.Getenv("HUOSHUI_TEST_POSTGRES")
	if u == "" && os.Getenv("CI") != "" {
		t.Fatal("CI is set but HUOSHUI_TEST_POSTGRES is empty: the PostgreSQL tests must run in CI")
	}
	return u
}

// SQLite returns the address of a new SQLite file in the test's temp dir.
func SQLite(t testing.TB) string {
	t.Helper()
	return "sqlite:" + filepath.Join(t.TempDir(), "huoshui.db")
}

// Postgres returns the address of a new, empty schema of its own on the
// PostgreSQL server, dropped when the test ends, so parallel tests never
// collide. It skips the test when no server is configured.
func Postgres(t testing.TB) string {
	t.Helper()
	base := PostgresURL(t)
	if base == "" {
		t.Skip("HUOSHUI_TEST_POSTGRES not set: skipping PostgreSQL")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
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
	return WithSearchPath(base, schema)
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
