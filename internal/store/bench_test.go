package store_test

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/store"
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
			if n, _, err := bench.st.SubtreeCounts(ctx, c.Path); err == nil && n > most {
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
		n, _, err := bench.st.SubtreeCounts(ctx, bench.city.Path)
		if err != nil || n == 0 {
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
