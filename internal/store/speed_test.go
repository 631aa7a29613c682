package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/huoshui/huoshui"
)

// Tests of what the speed work changed: the SQLite statement cache and the
// member total that a short page gives without a count.

func openTest(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStatementCache(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	a := huoshui.Actor{Username: "test"}
	root := &huoshui.Org{Kind: huoshui.OrgCommittee, Name: "党委"}
	if err := s.CreateOrg(ctx, a, root); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := s.CreateOrg(ctx, a, &huoshui.Org{ParentID: root.ID, Kind: huoshui.OrgBranch, Name: fmt.Sprintf("第%d支部", i+1)}); err != nil {
			t.Fatal(err)
		}
	}
	conn, err := s.r.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const q = "SELECT id FROM orgs WHERE kind = $1 ORDER BY id"
	ids := func() []int64 {
		rows, err := conn.QueryContext(ctx, q, "branch")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			// The same query again while this one is open on the same
			// connection: it cannot share the statement, and must not
			// disturb it.
			if len(out) == 0 {
				var n int
				inner, err := conn.QueryContext(ctx, q, "committee")
				if err != nil {
					t.Fatal(err)
				}
				for inner.Next() {
					n++
				}
				inner.Close()
				if n != 1 {
					t.Errorf("nested query: %d committees, want 1", n)
				}
			}
			out = append(out, id)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	first, second := ids(), ids()
	if len(first) != 3 || fmt.Sprint(first) != fmt.Sprint(second) {
		t.Fatalf("the same query twice: %v then %v, want 3 ids both times", first, second)
	}
	cached := func() (n int) {
		conn.Raw(func(dc any) error {
			n = len(dc.(*cachingConn).stmts)
			return nil
		})
		return n
	}
	if cached() == 0 {
		t.Fatal("no statement kept")
	}
	// Many different statements: the cache stays bounded and every query
	// still answers.
	for i := range stmtCacheSize + 50 {
		var got int
		if err := conn.QueryRowContext(ctx, fmt.Sprintf("SELECT %d + $1", i), 1).Scan(&got); err != nil || got != i+1 {
			t.Fatalf("query %d: %d, %v", i, got, err)
		}
	}
	if n := cached(); n > stmtCacheSize {
		t.Errorf("%d statements kept, want at most %d", n, stmtCacheSize)
	}
	// A script of several statements runs whole.
	if _, err := s.w.ExecContext(ctx, "CREATE TEMP TABLE x (a INTEGER); INSERT INTO x VALUES (1); INSERT INTO x VALUES (2)"); err != nil {
		t.Fatal(err)
	}
}
