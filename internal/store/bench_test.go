package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/synth"
)

// The store's hot paths on a province of 50,000 members (SQLite, cached in
// the temp dir after the first run), or on the database HUOSHUI_BENCH_DB
// names, such as the million members `huoshui gen` makes:
//
//	go test ./internal/store -run '^$' -bench .
//	HUOSHUI_BENCH_DB=/tmp/prov/p.db go test ./internal/store -run '^$' -bench .
const benchMembers = 50000

var bench struct {
	once   sync.Once
	st     *store.Store
	branch *huoshui.Org // a branch of 25–35 members
	city   *huoshui.Org // the city committee with the most members
	token  string       // a live session's hash
	err    error
}

func benchStore(b *testing.B) {
	b.Helper()
	bench.once.Do(func() {
		ctx := context.Background()
		path := os.Getenv("HUOSHUI_BENCH_DB")
		if path == "" {
			if path, bench.err = synth.Cached(ctx, os.TempDir(), benchMembers, 1); bench.err != nil {
				return
			}
		}
		if bench.st, bench.err = store.Open(ctx, "sqlite:"+path); bench.err != nil {
			return
		}
		if bench.err = bench.st.Migrate(ctx); bench.err != nil {
			return
		}
		roots, err := bench.st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Kind: huoshui.OrgCommittee, Limit: 1})
		if err != nil || len(roots) < 1 {
			bench.err = err
			return
		}
		// The largest city: the worst case of a city's count.
		cities, err := bench.st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), ParentID: roots[0].ID})
		if err != nil {
			bench.err = err
			return
		}
		most := -1
		for _, c := range cities {
			if cs, err := bench.st.OrgCountsOf(ctx, []*huoshui.Org{c}); err == nil && cs[c.ID].Members > most {
				n := cs[c.ID].Members
				bench.city, most = c, n
			}
		}
		branches, err := bench.st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Scope{Paths: []string{bench.city.Path}}, Kind: huoshui.OrgBranch, Limit: 500})
		if err != nil {
			bench.err = err
			return
		}
		for _, o := range branches {
			if o.MemberCount >= 25 && o.MemberCount <= 35 {
				bench.branch = o
				break
			}
		}
		u, err := bench.st.FindUserByUsername(ctx, "gobench")
		if err != nil {
			hash, _ := auth.HashPassword("Gobench-2026!")
			u = &huoshui.User{Username: "gobench", DisplayName: "基准测试", PasswordHash: hash,
				Roles: []huoshui.Role{{OrgID: bench.branch.ID, Kind: huoshui.RoleSecretary}}}
			if bench.err = bench.st.CreateUser(ctx, huoshui.Actor{Username: "bench"}, u); bench.err != nil {
				return
			}
		}
		_, hash, _ := auth.NewToken()
		bench.token = hash
		bench.err = bench.st.CreateSession(ctx, &huoshui.Session{TokenHash: hash, UserID: u.ID})
	})
	if bench.err != nil || bench.branch == nil {
		b.Fatalf("bench data: %v (branch %v)", bench.err, bench.branch)
	}
	b.ResetTimer()
}

// BenchmarkFindMembersOfBranch is the member list of one branch, first
// page, as a secretary sees it.
func BenchmarkFindMembersOfBranch(b *testing.B) {
	benchStore(b)
	ctx := context.Background()
	f := huoshui.MemberFilter{Scope: huoshui.Scope{Paths: []string{bench.branch.Path}}, OrgID: bench.branch.ID, Limit: 50}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			ms, n, err := bench.st.FindMembers(ctx, f)
			if err != nil || n != bench.branch.MemberCount || len(ms) != n {
				b.Fatalf("find members: %d of %d, %v", len(ms), n, err)
			}
		}
	})
}

// BenchmarkSubtreeCountsCity counts everyone in the largest city: about
// 7,000 nodes on the full province.
func BenchmarkSubtreeCountsCity(b *testing.B) {
	benchStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		c, err := bench.st.OrgCountsOf(ctx, []*huoshui.Org{bench.city})
		if n := c[bench.city.ID].Members; err != nil || n == 0 {
			b.Fatalf("subtree counts: %d, %v", n, err)
		}
	}
}

// BenchmarkFindSession is the lookup every signed-in request makes.
func BenchmarkFindSession(b *testing.B) {
	benchStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, _, err := bench.st.FindSession(ctx, bench.token); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// auditBench is a trail of 200,000 records over a committee of 20 general
// branches of 10 branches each; one record in a hundred sits nowhere in
// the tree (failed sign-ins of unknown usernames).
type auditBench struct {
	st               *store.Store
	dsn              string
	root, gb, branch *huoshui.Org
}

const auditBenchRows = 200000

func newAuditBench(b testing.TB, engine string) *auditBench {
	b.Helper()
	ctx := context.Background()
	var dsn string
	switch engine {
	case "sqlite":
		dsn = "sqlite:" + filepath.Join(b.TempDir(), "audit.db")
	default:
		base := storetest.PostgresURL(b)
		if base == "" {
			b.Skip("HUOSHUI_TEST_POSTGRES not set")
		}
		admin, err := sql.Open("pgx", base)
		if err != nil {
			b.Fatal(err)
		}
		schema := fmt.Sprintf("bench_audit_%d", time.Now().UnixNano())
		if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() {
			admin.Exec("DROP SCHEMA " + schema + " CASCADE")
			admin.Close()
		})
		dsn = storetest.WithSearchPath(base, schema)
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	a := huoshui.Actor{Username: "bench"}
	ab := &auditBench{st: st, dsn: dsn, root: &huoshui.Org{Kind: huoshui.OrgCommittee, Name: "机关党委"}}
	if err := st.CreateOrg(ctx, a, ab.root); err != nil {
		b.Fatal(err)
	}
	var gbs []*huoshui.Org
	for i := range 20 {
		o := &huoshui.Org{ParentID: ab.root.ID, Kind: huoshui.OrgGeneralBranch, Name: fmt.Sprintf("第%d党总支", i+1)}
		if err := st.CreateOrg(ctx, a, o); err != nil {
			b.Fatal(err)
		}
		gbs = append(gbs, o)
	}
	var first int64
	for i := range 200 {
		o := &huoshui.Org{ParentID: gbs[i%20].ID, Kind: huoshui.OrgBranch, Name: fmt.Sprintf("第%d党支部", i+1)}
		if err := st.CreateOrg(ctx, a, o); err != nil {
			b.Fatal(err)
		}
		switch {
		case i == 0:
			first = o.ID
		case o.ID != first+int64(i):
			b.Fatalf("branch ids not consecutive: %d after %d", o.ID, first)
		}
		if i == 1 {
			ab.branch = o
		}
	}
	ab.gb = gbs[0]
	raw, err := sql.Open(map[string]string{"sqlite": "sqlite", "postgres": "pgx"}[engine],
		strings.TrimPrefix(dsn, "sqlite:"))
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	rows := "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
	from := "n"
	if engine == "postgres" {
		rows, from = "/* %d */", fmt.Sprintf("generate_series(1, %d) AS n(i)", auditBenchRows)
	}
	q := fmt.Sprintf(rows+`INSERT INTO audit_log (at, username, action, object_type, object_id, org_id, after_json, ip)
		SELECT $1, 'bench', 'update', 'member', i,
			CASE WHEN i %% 100 = 0 THEN NULL ELSE %d + i %% 200 END, '{"name":"王晓梅"}', '127.0.0.1' FROM `+from,
		auditBenchRows, first)
	if _, err := raw.ExecContext(ctx, q, time.Now().UTC()); err != nil {
		b.Fatalf("fill audit_log: %v", err)
	}
	if _, err := raw.ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	return ab
}

// BenchmarkAuditFirstPage is the audit administrator's first page of the
// trail on 200,000 records: at the committee (with the records placed
// nowhere), at a general branch (a twentieth of the trail) and at a
// branch (a two-hundredth).
func BenchmarkAuditFirstPage(b *testing.B) {
	ctx := context.Background()
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			ab := newAuditBench(b, engine)
			for _, c := range []struct {
				name string
				f    huoshui.AuditFilter
			}{
				{"committee", huoshui.AuditFilter{Scope: huoshui.Scope{Paths: []string{ab.root.Path}}, Unplaced: true}},
				{"general_branch", huoshui.AuditFilter{Scope: huoshui.Scope{Paths: []string{ab.gb.Path}}}},
				{"branch", huoshui.AuditFilter{Scope: huoshui.Scope{Paths: []string{ab.branch.Path}}}},
			} {
				b.Run(c.name, func(b *testing.B) {
					c.f.Limit = 50
					b.ReportAllocs()
					for b.Loop() {
						es, _, err := ab.st.FindAuditEntries(ctx, c.f)
						if err != nil || len(es) != 50 {
							b.Fatalf("first page: %d records, %v", len(es), err)
						}
					}
				})
			}
		})
	}
}
