package store

// These tests sit inside the package so they can write raw SQL past the
// store's methods, as an intruder with database access would. They cannot
// use internal/storetest (it imports this package), so auditEngines opens
// the engines itself, on the databases internal/storetest/dsn creates.

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/storetest/dsn"
)

// auditEngines runs fn on a fresh, migrated store of every engine
// available: SQLite always, PostgreSQL when HUOSHUI_TEST_POSTGRES is set.
func auditEngines(t *testing.T, fn func(t *testing.T, s *Store)) {
	t.Helper()
	ctx := context.Background()
	open := func(t *testing.T, addr string) *Store {
		s, err := Open(ctx, addr)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("migrate: %v", err)
		}
		return s
	}
	t.Run("sqlite", func(t *testing.T) { fn(t, open(t, dsn.SQLite(t))) })
	if dsn.PostgresURL(t) == "" {
		t.Run("postgres", func(t *testing.T) { t.Skip("HUOSHUI_TEST_POSTGRES not set: skipping PostgreSQL") })
		return
	}
	t.Run("postgres", func(t *testing.T) { fn(t, open(t, dsn.Postgres(t))) })
}

var auditActor = huoshui.Actor{Username: "test", IP: "127.0.0.1"}

func auditCount(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.r.QueryRow("SELECT COUNT(*) FROM audit_log").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAuditTrailIsAppendOnly(t *testing.T) {
	t.Parallel()
	auditEngines(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		o := &huoshui.Org{Kind: huoshui.OrgCommittee, Name: "机关党委"}
		if err := s.CreateOrg(ctx, auditActor, o); err != nil {
			t.Fatal(err)
		}
		before := auditCount(t, s)
		if before == 0 {
			t.Fatal("creating a node wrote no audit record")
		}
		for _, q := range []string{
			"UPDATE audit_log SET username = 'someone-else'",
			"UPDATE audit_log SET after_json = '' WHERE object_type = 'org'",
			"DELETE FROM audit_log",
			"DELETE FROM audit_log WHERE object_type = 'org'",
		} {
			if _, err := s.w.ExecContext(ctx, q); err == nil {
				t.Errorf("%s: the database allowed it", q)
			}
		}
		if s.d.name == "postgres" {
			if _, err := s.w.ExecContext(ctx, "TRUNCATE audit_log"); err == nil {
				t.Errorf("TRUNCATE audit_log: the database allowed it")
			}
		}
		if got := auditCount(t, s); got != before {
			t.Errorf("audit records: %d, want %d", got, before)
		}
		es, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Scope{All: true}})
		if err != nil || len(es) == 0 || es[len(es)-1].Username != "test" {
			t.Errorf("the trail changed: %+v %v", es, err)
		}
		// Appending still works.
		if err := s.tx(ctx, func(tx *sql.Tx) error {
			return s.audit(ctx, tx, auditActor, huoshui.AuditUpdate, "org", o.ID, o.Path, nil, nil)
		}); err != nil {
			t.Errorf("append after refused changes: %v", err)
		}
	})
}

// auditAt writes one record at a given time and place in the tree.
func auditAt(t *testing.T, s *Store, at time.Time, username, action, path string) {
	t.Helper()
	s.SetClock(func() time.Time { return at })
	err := s.tx(context.Background(), func(tx *sql.Tx) error {
		return s.audit(context.Background(), tx, huoshui.Actor{Username: username}, action, "user", 0, path, nil, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestFindAuditEntries(t *testing.T) {
	t.Parallel()
	auditEngines(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		cst := time.FixedZone("CST", 8*3600)
		day := func(d, h int) time.Time { return time.Date(2026, 5, d, h, 0, 0, 0, cst) }
		auditAt(t, s, day(1, 9), "a", huoshui.AuditLogin, "/1/2/")
		auditAt(t, s, day(2, 1), "b", huoshui.AuditLogin, "/1/3/") // 1 May, 17:00 UTC
		auditAt(t, s, day(2, 9), "c", huoshui.AuditLoginFailed, "")
		auditAt(t, s, day(3, 9), "a", huoshui.AuditLogout, "/1/2/4/")
		auditAt(t, s, day(3, 10), "d", huoshui.AuditLogin, "/9/")

		who := func(f huoshui.AuditFilter) string {
			t.Helper()
			es, total, err := s.FindAuditEntries(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			out := ""
			for _, e := range es {
				out += e.Username
			}
			if f.Limit == 0 && total != len(es) {
				t.Errorf("total %d for %d listed", total, len(es))
			}
			return out
		}
		root := huoshui.Scope{Paths: []string{"/1/"}}
		cases := []struct {
			name string
			f    huoshui.AuditFilter
			want string
		}{
			{"all, newest first", huoshui.AuditFilter{Scope: huoshui.Scope{All: true}}, "dacba"},
			{"empty scope sees nothing", huoshui.AuditFilter{}, ""},
			{"a subtree", huoshui.AuditFilter{Scope: huoshui.Scope{Paths: []string{"/1/2/"}}}, "aa"},
			{"a tree without the unplaced", huoshui.AuditFilter{Scope: root}, "aba"},
			{"a tree with the unplaced", huoshui.AuditFilter{Scope: root, Unplaced: true}, "acba"},
			{"unplaced with an empty scope", huoshui.AuditFilter{Unplaced: true}, "c"},
			{"by action", huoshui.AuditFilter{Scope: root, Unplaced: true, Action: huoshui.AuditLogin}, "ba"},
			{"by username", huoshui.AuditFilter{Scope: root, Username: "a"}, "aa"},
			{"a Beijing day", huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, Since: day(2, 0), Until: day(3, 0)}, "cb"},
			{"from a Beijing day on", huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, Since: day(3, 0)}, "da"},
			{"a UTC date range", huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, From: huoshui.NewDate(2026, 5, 1), To: huoshui.NewDate(2026, 5, 1)}, "ba"},
			{"a page", huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, Limit: 2, Offset: 1}, "ac"},
		}
		for _, tc := range cases {
			if got := who(tc.f); got != tc.want {
				t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
			}
		}
	})
}
