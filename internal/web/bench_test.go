package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/synth"
	"github.com/huoshui/huoshui/internal/web"
)

// The two pages of the speed goals, through the whole handler (session,
// cross-origin check, page, template) with a signed-in secretary's cookie,
// on a province of 50,000 members (SQLite, cached in the temp dir after the
// first run) or on the database HUOSHUI_BENCH_DB names:
//
//	go test ./internal/web -run '^$' -bench .
//	HUOSHUI_BENCH_DB=/tmp/prov/p.db go test ./internal/web -run '^$' -bench . -cpuprofile cpu.out
const benchMembers = 50000

var webBench struct {
	once      sync.Once
	handler   http.Handler
	uncached  http.Handler // keeps no rendered table: each page read from the database
	branch    *huoshui.Org
	secretary *http.Cookie // a secretary of branch
	organiser *http.Cookie // an organiser at the first city
	province  *http.Cookie // an organiser at the province's committee
	err       error
}

func benchServer(b *testing.B) {
	b.Helper()
	webBench.once.Do(func() { webBench.err = setupBench() })
	if webBench.err != nil {
		b.Fatalf("bench data: %v", webBench.err)
	}
	b.ResetTimer()
}

func setupBench() error {
	ctx := context.Background()
	path := os.Getenv("HUOSHUI_BENCH_DB")
	if path == "" {
		var err error
		if path, err = synth.Cached(ctx, os.TempDir(), benchMembers, 1); err != nil {
			return err
		}
	}
	st, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		return err
	}
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	committees, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Kind: huoshui.OrgCommittee, Limit: 2})
	if err != nil || len(committees) < 2 {
		return err
	}
	city := committees[1] // paths sort the root first, then its first child
	branches, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Scope{Paths: []string{city.Path}}, Kind: huoshui.OrgBranch, Limit: 500})
	if err != nil {
		return err
	}
	for _, o := range branches {
		if o.MemberCount >= 25 && o.MemberCount <= 35 {
			webBench.branch = o
			break
		}
	}
	if webBench.branch == nil {
		webBench.branch = branches[0]
	}
	signIn := func(username string, role huoshui.Role) (*http.Cookie, error) {
		u, err := st.FindUserByUsername(ctx, username)
		if err != nil {
			hash, _ := auth.HashPassword("Gobench-2026!")
			u = &huoshui.User{Username: username, DisplayName: "基准测试", PasswordHash: hash, Roles: []huoshui.Role{role}}
			if err := st.CreateUser(ctx, huoshui.Actor{Username: "bench"}, u); err != nil {
				return nil, err
			}
		}
		token, hash, err := auth.NewToken()
		if err != nil {
			return nil, err
		}
		if err := st.CreateSession(ctx, &huoshui.Session{TokenHash: hash, UserID: u.ID}); err != nil {
			return nil, err
		}
		return &http.Cookie{Name: "huoshui_session", Value: token}, nil
	}
	if webBench.secretary, err = signIn("gobench-secretary", huoshui.Role{OrgID: webBench.branch.ID, Kind: huoshui.RoleSecretary}); err != nil {
		return err
	}
	if webBench.organiser, err = signIn("gobench-organiser", huoshui.Role{OrgID: city.ID, Kind: huoshui.RoleOrganiser}); err != nil {
		return err
	}
	if webBench.province, err = signIn("gobench-province", huoshui.Role{OrgID: committees[0].ID, Kind: huoshui.RoleOrganiser}); err != nil {
		return err
	}
	if _, webBench.handler, err = web.New(web.Deps{Store: st}); err != nil {
		return err
	}
	_, webBench.uncached, err = web.New(web.Deps{Store: st, KeptFragments: -1})
	return err
}

// benchPage serves path to the holder of cookie in parallel and checks
// each answer is a full page.
func benchPage(b *testing.B, path string, cookie func() *http.Cookie) {
	benchServer(b)
	benchHandler(b, webBench.handler, path, cookie)
}

// benchPageUncached is benchPage on a server that keeps no rendered
// table, so each request reads and renders the rows.
func benchPageUncached(b *testing.B, path string, cookie func() *http.Cookie) {
	benchServer(b)
	benchHandler(b, webBench.uncached, path, cookie)
}

func benchHandler(b *testing.B, h http.Handler, path string, cookie func() *http.Cookie) {
	c := cookie()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.AddCookie(c)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK || rec.Body.Len() < 500 {
				b.Fatalf("GET %s: status %d, %d bytes", path, rec.Code, rec.Body.Len())
			}
		}
	})
}

// BenchmarkMemberList is one branch's member list, as its secretary opens
// it.
func BenchmarkMemberList(b *testing.B) {
	benchServer(b)
	benchPage(b, "/members?org="+strconv.FormatInt(webBench.branch.ID, 10), func() *http.Cookie { return webBench.secretary })
}

// BenchmarkHomeSecretary is a branch secretary's home page.
func BenchmarkHomeSecretary(b *testing.B) {
	benchPage(b, "/", func() *http.Cookie { return webBench.secretary })
}

// BenchmarkHomeOrganiser is the home page of an organiser over a whole
// city: its counts sum thousands of nodes.
func BenchmarkHomeOrganiser(b *testing.B) {
	benchPage(b, "/", func() *http.Cookie { return webBench.organiser })
}
