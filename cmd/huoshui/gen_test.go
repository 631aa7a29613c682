package main

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/web"
)

const testBenchPassword = "Bench-Test-2026!"

func benchEnv(k string) string {
	if k == "HUOSHUI_BENCH_PASSWORD" {
		return testBenchPassword
	}
	return ""
}

// TestGen makes a small province on each engine, checks what a user of it
// would rely on (the counts, the bench accounts, one audit record per
// batch), and that a second run on the same database is refused.
func TestGen(t *testing.T) {
	t.Parallel()
	for engine, newDB := range engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := newDB(t)
			var out bytes.Buffer
			if err := run(ctx, []string{"gen", "--members", "700", "--db", db}, benchEnv, strings.NewReader(""), &out, io.Discard); err != nil {
				t.Fatalf("gen: %v\n%s", err, out.String())
			}
			for _, want := range []string{"700 members", "bench-secretary", "bench-organiser", "HUOSHUI_BENCH_PASSWORD"} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("gen output lacks %q:\n%s", want, out.String())
				}
			}
			if strings.Contains(out.String(), testBenchPassword) {
				t.Errorf("gen printed the password it was given")
			}
			st := openTestStore(t, db)
			roots, err := st.FindOrgs(ctx, huoshui.OrgFilter{Limit: 1})
			if err != nil || len(roots) != 1 {
				t.Fatalf("root: %v", err)
			}
			if n, _, err := st.SubtreeCounts(ctx, roots[0].Path); err != nil || n != 700 {
				t.Errorf("province holds %d members (%v), want 700", n, err)
			}
			cities, _ := st.FindOrgs(ctx, huoshui.OrgFilter{ParentID: roots[0].ID})
			if len(cities) != 16 {
				t.Errorf("%d cities, want 16", len(cities))
			}
			sec, err := st.FindUserByUsername(ctx, benchSecretary)
			if err != nil {
				t.Fatal(err)
			}
			if len(sec.Roles) != 1 || sec.Roles[0].Kind != huoshui.RoleSecretary || sec.Roles[0].OrgKind != huoshui.OrgBranch || sec.MemberID == 0 {
				t.Errorf("bench secretary: %+v", sec)
			}
			if ok, _ := auth.CheckPassword(sec.PasswordHash, testBenchPassword); !ok {
				t.Errorf("bench secretary does not take HUOSHUI_BENCH_PASSWORD")
			}
			org, err := st.FindUserByUsername(ctx, benchOrganiser)
			if err != nil || len(org.Roles) != 1 || org.Roles[0].Kind != huoshui.RoleOrganiser {
				t.Fatalf("bench organiser: %+v, %v", org, err)
			}
			atCity := false
			for _, c := range cities {
				atCity = atCity || c.ID == org.Roles[0].OrgID
			}
			if !atCity {
				t.Errorf("bench organiser works at %s, not at a city", org.Roles[0].OrgName)
			}
			_, n, err := st.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, Action: huoshui.AuditImport})
			if err != nil || n < 2 || n > 17 {
				t.Errorf("%d import audit records (%v), want one for the tree and one per city with members", n, err)
			}

			err = run(ctx, []string{"gen", "--members", "100", "--db", db}, benchEnv, strings.NewReader(""), io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "already holds organisations") {
				t.Errorf("second gen: %v, want a refusal", err)
			}
		})
	}
}

func TestGenRefusesWeakPassword(t *testing.T) {
	t.Parallel()
	db := "sqlite:" + t.TempDir() + "/p.db"
	env := func(k string) string {
		if k == "HUOSHUI_BENCH_PASSWORD" {
			return "short"
		}
		return ""
	}
	err := run(context.Background(), []string{"gen", "--members", "50", "--db", db}, env, strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "HUOSHUI_BENCH_PASSWORD") {
		t.Errorf("weak password: %v, want a refusal naming HUOSHUI_BENCH_PASSWORD", err)
	}
}

// TestBench runs a short bench against a server on a generated province.
// It asserts what the report holds, never how fast anything was.
func TestBench(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := "sqlite:" + t.TempDir() + "/p.db"
	if err := run(ctx, []string{"gen", "--members", "400", "--db", db}, benchEnv, strings.NewReader(""), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	_, h, err := web.New(web.Deps{Store: openTestStore(t, db)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	var out bytes.Buffer
	err = run(ctx, []string{"bench", "--url", srv.URL, "--duration", "200ms", "--rate", "20", "--workers", "2"},
		benchEnv, strings.NewReader(""), &out, io.Discard)
	// At 20/s the sustained goal of 1,000/s cannot be met: the run must
	// say so and fail.
	if err == nil || !strings.Contains(err.Error(), "speed goal") {
		t.Errorf("bench: %v, want the speed goals missed", err)
	}
	report := out.String()
	for _, re := range []string{
		`(?m)^/members\?org=\d+\s+server\s+\d+\s+\d+\s+100\.00 `,
		`(?m)^/members\?org=\d+\s+bare\s+\d+\s+\d+\s+100\.00 `,
		`(?m)^/\s+server\s+\d+`,
		`(?m)^/\s+bare\s+\d+`,
		`peak server/bare = \d+\.\d%`,
		`sustained 1000/s with p99 ≤ 25ms: FAIL`,
		`RESULT: FAIL`,
	} {
		if !regexp.MustCompile(re).MatchString(report) {
			t.Errorf("report lacks %s:\n%s", re, report)
		}
	}

	// The password may come on standard input instead.
	out.Reset()
	err = run(ctx, []string{"bench", "--url", srv.URL, "--duration", "100ms", "--rate", "10", "--paths", "/"},
		noEnv, strings.NewReader(testBenchPassword+"\n"), &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "speed goal") || !strings.Contains(out.String(), "peak server/bare") {
		t.Errorf("password on stdin: %v\n%s", err, out.String())
	}

	refusals := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"wrong password", []string{"--url", srv.URL}, "Wrong-Pass-2026!\n", "sign in as bench-secretary failed"},
		{"no password", []string{"--url", srv.URL}, "", "HUOSHUI_BENCH_PASSWORD"},
		{"another machine", []string{"--url", "http://192.0.2.1:8080"}, testBenchPassword + "\n", "loads this machine only"},
		{"path without slash", []string{"--url", srv.URL, "--paths", "members"}, testBenchPassword + "\n", "must start with /"},
	}
	for _, tt := range refusals {
		err := run(ctx, append([]string{"bench", "--duration", "100ms"}, tt.args...), noEnv, strings.NewReader(tt.stdin), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}
