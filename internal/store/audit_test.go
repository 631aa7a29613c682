package store

// These tests sit inside the package so they can write raw SQL past the
// store's methods, as an intruder with database access would. They cannot
// use internal/storetest (it imports this package), so auditEngines opens
// the engines itself, on the databases internal/storetest/dsn creates.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
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
			return s.audit(ctx, tx, auditActor, huoshui.AuditUpdate, "org", o.ID, o.ID, nil, nil)
		}); err != nil {
			t.Errorf("append after refused changes: %v", err)
		}
	})
}

// auditAt writes one record at a given time and node (0: none).
func auditAt(t *testing.T, s *Store, at time.Time, username, action string, orgID int64) {
	t.Helper()
	s.SetClock(func() time.Time { return at })
	err := s.tx(context.Background(), func(tx *sql.Tx) error {
		return s.audit(context.Background(), tx, huoshui.Actor{Username: username}, action, "user", 0, orgID, nil, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestFindAuditEntries(t *testing.T) {
	t.Parallel()
	auditEngines(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		org := func(parent int64, kind huoshui.OrgKind) *huoshui.Org {
			t.Helper()
			o := &huoshui.Org{ParentID: parent, Kind: kind, Name: "节点"}
			if err := s.CreateOrg(ctx, auditActor, o); err != nil {
				t.Fatal(err)
			}
			return o
		}
		root := org(0, huoshui.OrgCommittee)
		n2 := org(root.ID, huoshui.OrgGeneralBranch)
		n3 := org(root.ID, huoshui.OrgGeneralBranch)
		n4 := org(n2.ID, huoshui.OrgBranch)
		other := org(0, huoshui.OrgCommittee)
		cst := time.FixedZone("CST", 8*3600)
		day := func(d, h int) time.Time { return time.Date(2026, 5, d, h, 0, 0, 0, cst) }
		auditAt(t, s, day(1, 9), "a", huoshui.AuditLogin, n2.ID)
		auditAt(t, s, day(2, 1), "b", huoshui.AuditLogin, n3.ID) // 1 May, 17:00 UTC
		auditAt(t, s, day(2, 9), "c", huoshui.AuditLoginFailed, 0)
		auditAt(t, s, day(3, 9), "a", huoshui.AuditLogout, n4.ID)
		auditAt(t, s, day(3, 10), "d", huoshui.AuditLogin, other.ID)

		find := func(f huoshui.AuditFilter) ([]huoshui.AuditEntry, huoshui.AuditPage) {
			t.Helper()
			f.ObjectType = "user" // leave out the records of making the nodes
			es, page, err := s.FindAuditEntries(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return es, page
		}
		who := func(f huoshui.AuditFilter) string {
			t.Helper()
			es, _ := find(f)
			out := ""
			for _, e := range es {
				out += e.Username
			}
			return out
		}
		tree := huoshui.Scope{Paths: []string{root.Path}}
		cases := []struct {
			name string
			f    huoshui.AuditFilter
			want string
		}{
			{"all, newest first", huoshui.AuditFilter{Scope: huoshui.Scope{All: true}}, "dacba"},
			{"empty scope sees nothing", huoshui.AuditFilter{}, ""},
			{"a subtree", huoshui.AuditFilter{Scope: huoshui.Scope{Paths: []string{n2.Path}}}, "aa"},
			{"a tree without the unplaced", huoshui.AuditFilter{Scope: tree}, "aba"},
			{"a tree with the unplaced", huoshui.AuditFilter{Scope: tree, Unplaced: true}, "acba"},
			{"unplaced with an empty scope", huoshui.AuditFilter{Unplaced: true}, "c"},
			{"by action", huoshui.AuditFilter{Scope: tree, Unplaced: true, Action: huoshui.AuditLogin}, "ba"},
			{"by username", huoshui.AuditFilter{Scope: tree, Username: "a"}, "aa"},
			{"a Beijing day", huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, Since: day(2, 0), Until: day(3, 0)}, "cb"},
			{"from a Beijing day on", huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, Since: day(3, 0)}, "da"},
			{"a UTC date range", huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, From: huoshui.NewDate(2026, 5, 1), To: huoshui.NewDate(2026, 5, 1)}, "ba"},
		}
		// Twice: with few nodes under the committee (read node by node)
		// and with more than auditFewNodes (read newest first).
		for _, padded := range []bool{false, true} {
			if padded {
				for range auditFewNodes {
					org(root.ID, huoshui.OrgBranch)
				}
			}
			for _, tc := range cases {
				if got := who(tc.f); got != tc.want {
					t.Errorf("padded %v: %s: %q, want %q", padded, tc.name, got, tc.want)
				}
			}
			// Paging by id: two at a time, older to the last page, then
			// back newer from there.
			for _, tc := range []struct {
				f    huoshui.AuditFilter
				want string
			}{
				{huoshui.AuditFilter{Scope: huoshui.Scope{All: true}}, "da older=true newer=false | cb older=true newer=true | a older=false newer=true | back: cb older=true newer=true"},
				{huoshui.AuditFilter{Scope: tree, Unplaced: true}, "ac older=true newer=false | ba older=false newer=true | back: ac older=true newer=false"},
				{huoshui.AuditFilter{Scope: tree, Unplaced: true, Action: huoshui.AuditLogin}, "ba older=false newer=false"},
			} {
				var pages []string
				f := tc.f
				f.Limit = 2
				for range 4 {
					es, page := find(f)
					got := ""
					for _, e := range es {
						got += e.Username
					}
					pages = append(pages, fmt.Sprintf("%s older=%t newer=%t", got, page.Older != 0, page.Newer != 0))
					if page.Older == 0 {
						if page.Newer == 0 {
							break
						}
						f = tc.f
						f.Limit, f.After = 2, page.Newer
						es, page = find(f)
						got = ""
						for _, e := range es {
							got += e.Username
						}
						pages = append(pages, fmt.Sprintf("back: %s older=%t newer=%t", got, page.Older != 0, page.Newer != 0))
						break
					}
					f = tc.f
					f.Limit, f.Before = 2, page.Older
				}
				if got := strings.Join(pages, " | "); got != tc.want {
					t.Errorf("padded %v: paging %+v:\n got %s\nwant %s", padded, tc.f.Scope, got, tc.want)
				}
			}
		}
	})
}

// TestAuditFollowsMove: the trail of a node sits where the node is now.
// After a branch moves to another general branch, the new parent's
// auditor reads its whole history and the old parent's auditor reads none.
func TestAuditFollowsMove(t *testing.T) {
	t.Parallel()
	auditEngines(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		org := func(parent int64, kind huoshui.OrgKind, name string) *huoshui.Org {
			t.Helper()
			o := &huoshui.Org{ParentID: parent, Kind: kind, Name: name}
			if err := s.CreateOrg(ctx, auditActor, o); err != nil {
				t.Fatal(err)
			}
			return o
		}
		root := org(0, huoshui.OrgCommittee, "机关党委")
		oldParent := org(root.ID, huoshui.OrgGeneralBranch, "第一党总支")
		newParent := org(root.ID, huoshui.OrgGeneralBranch, "第二党总支")
		branch := org(oldParent.ID, huoshui.OrgBranch, "综合处党支部")
		m := &huoshui.Member{OrgID: branch.ID, Name: "王晓梅", Status: huoshui.StatusApplicant, AppliedOn: huoshui.NewDate(2025, 3, 1)}
		if err := s.CreateMember(ctx, auditActor, m); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MoveOrg(ctx, auditActor, branch.ID, newParent.ID); err != nil {
			t.Fatal(err)
		}
		history := func(parent *huoshui.Org) map[string]bool {
			t.Helper()
			p, err := s.FindOrgByID(ctx, huoshui.Everything(), parent.ID)
			if err != nil {
				t.Fatal(err)
			}
			es, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Scope{Paths: []string{p.Path}}})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, e := range es {
				got[fmt.Sprintf("%s %s %d", e.Action, e.ObjectType, e.ObjectID)] = true
			}
			return got
		}
		want := []string{
			fmt.Sprintf("create org %d", branch.ID),
			fmt.Sprintf("create member %d", m.ID),
			fmt.Sprintf("move org %d", branch.ID),
		}
		got := history(newParent)
		for _, w := range want {
			if !got[w] {
				t.Errorf("the new parent's auditor does not see %q (sees %v)", w, got)
			}
		}
		got = history(oldParent)
		for _, w := range want {
			if got[w] {
				t.Errorf("the old parent's auditor still sees %q", w)
			}
		}
	})
}
