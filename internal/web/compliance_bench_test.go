package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/synth"
)

// The compliance roll-up of a committee over 1,000 branches (and their
// groups, general branches and committees) with five years of meetings
// behind them: a province of 20,000 members, whose root holds them all,
// built once through the bulk loaders and cached in the temp dir (SQLite):
//
//	go test ./internal/web -run '^$' -bench Compliance
//
// The goal is 50 ms for the roll-up, the work of the compliance page
// before its template: one read of the monthly counts, one of the
// subtree's nodes, and the rules for each node.
const (
	lifeBenchMembers = 20000 // 1,000 branches
	lifeBenchYears   = 5
)

// lifeBenchToday is the day the cached province's life runs to, and the
// server's clock: late in a year, so this year's calendar is nearly full.
var lifeBenchToday = huoshui.NewDate(2026, 11, 20)

var lifeBench struct {
	once    sync.Once
	srv     *Server
	handler http.Handler
	root    *huoshui.Org
	cookie  *http.Cookie // an organiser at the root
	branch  *huoshui.Org // a branch with groups
	sec     *http.Cookie // its secretary
	err     error
}

func lifeBenchServer(b *testing.B) {
	b.Helper()
	lifeBench.once.Do(func() { lifeBench.err = setupLifeBench() })
	if lifeBench.err != nil {
		b.Fatalf("bench data: %v", lifeBench.err)
	}
	b.ResetTimer()
}

func setupLifeBench() error {
	ctx := context.Background()
	path, err := synth.CachedProvince(ctx, os.TempDir(), synth.Options{Members: lifeBenchMembers, Seed: 1,
		Today: lifeBenchToday, Years: lifeBenchYears})
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		return err
	}
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	now := time.Date(lifeBenchToday.Year(), lifeBenchToday.Time().Month(), lifeBenchToday.Time().Day(), 10, 0, 0, 0, huoshui.Shanghai)
	st.SetClock(func() time.Time { return now })
	roots, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Kind: huoshui.OrgCommittee, Limit: 1})
	if err != nil {
		return err
	}
	lifeBench.root = roots[0]
	groups, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Kind: huoshui.OrgGroup, Limit: 1})
	if err != nil || len(groups) == 0 {
		return fmt.Errorf("no group in the province: %v", err)
	}
	if lifeBench.branch, err = st.FindOrgByID(ctx, huoshui.Everything(), groups[0].ParentID); err != nil {
		return err
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
		return &http.Cookie{Name: sessionCookie, Value: token}, nil
	}
	if lifeBench.cookie, err = signIn("gobench-life", huoshui.Role{OrgID: lifeBench.root.ID, Kind: huoshui.RoleOrganiser}); err != nil {
		return err
	}
	if lifeBench.sec, err = signIn("gobench-life-secretary", huoshui.Role{OrgID: lifeBench.branch.ID, Kind: huoshui.RoleSecretary}); err != nil {
		return err
	}
	lifeBench.srv, lifeBench.handler, err = New(Deps{Store: st})
	return err
}

// BenchmarkComplianceRollup is the committee's roll-up over its 1,000
// branches for this year (to 20 November) and for last year (twelve full
// months): what the compliance page computes before rendering.
func BenchmarkComplianceRollup(b *testing.B) {
	lifeBenchServer(b)
	ctx := context.Background()
	for _, year := range []int{lifeBenchToday.Year(), lifeBenchToday.Year() - 1} {
		b.Run(strconv.Itoa(year), func(b *testing.B) {
			b.ReportAllocs()
			var all []orgCompliance
			cpu := cpuTime()
			for b.Loop() {
				var err error
				if all, err = lifeBench.srv.complianceOf(ctx, lifeBench.root, year, true); err != nil {
					b.Fatal(err)
				}
			}
			var sum rules.Summary
			branches := 0
			for _, c := range all {
				if c.Org.Kind == huoshui.OrgBranch {
					branches++
				}
				sum.Done += c.Summary.Done
				sum.Overdue += c.Summary.Overdue
				sum.Due += c.Summary.Due
			}
			if branches != lifeBenchMembers/20 || sum.Done == 0 || sum.Overdue == 0 {
				b.Fatalf("roll-up of %d branches, %+v: want %d branches with items done and overdue",
					branches, sum, lifeBenchMembers/20)
			}
			b.ReportMetric(float64(len(all)), "orgs")
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// BenchmarkCompliancePage is the whole page for the committee's organiser:
// the roll-up, sorted, and its table of every node rendered.
func BenchmarkCompliancePage(b *testing.B) {
	lifeBenchServer(b)
	lifePage(b, "/orgs/"+strconv.FormatInt(lifeBench.root.ID, 10)+"/compliance", lifeBench.cookie)
}

// BenchmarkBranchMeetings is a branch's meeting list (this year's, first
// page of 50) as its secretary opens it, and BenchmarkBranchCompliance its
// compliance calendar (the branch and its groups): the two pages of the
// speed goal of 1,000 requests a second.
func BenchmarkBranchMeetings(b *testing.B) {
	lifeBenchServer(b)
	lifePage(b, "/meetings?org="+strconv.FormatInt(lifeBench.branch.ID, 10), lifeBench.sec)
}

func BenchmarkBranchCompliance(b *testing.B) {
	lifeBenchServer(b)
	lifePage(b, "/orgs/"+strconv.FormatInt(lifeBench.branch.ID, 10)+"/compliance", lifeBench.sec)
}

// lifePage serves path to the holder of cookie and checks each answer is
// a full page.
func lifePage(b *testing.B, path string, cookie *http.Cookie) {
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		lifeBench.handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Body.Len() < 5000 {
			b.Fatalf("GET %s: status %d, %d bytes", path, rec.Code, rec.Body.Len())
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}
