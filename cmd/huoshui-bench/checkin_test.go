package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/web"
)

// assemblyServer serves the demo organisation with the accounts huoshui
// gen makes for the check-in burst: bench-assembly, an organiser of the
// committee, and bench-m0001 … for n of its full members. It returns the
// server and the database's DSN.
func assemblyServer(t *testing.T, n int, trustProxy bool) (*httptest.Server, string) {
	t.Helper()
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "h.db")
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, st); err != nil {
		t.Fatal(err)
	}
	committees, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Kind: huoshui.OrgCommittee, Limit: 1})
	if err != nil || len(committees) != 1 {
		t.Fatalf("demo committee: %v", err)
	}
	c := committees[0]
	hash, err := auth.HashPassword(demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	a := huoshui.Actor{Username: "test"}
	if err := st.CreateUser(ctx, a, &huoshui.User{Username: benchAssembly, DisplayName: "召集人", PasswordHash: hash, Locale: "zh",
		Roles: []huoshui.Role{{OrgID: c.ID, Kind: huoshui.RoleOrganiser}}}); err != nil {
		t.Fatal(err)
	}
	all, _, err := st.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{Paths: []string{c.Path}}, Status: huoshui.StatusFull})
	if err != nil {
		t.Fatal(err)
	}
	var ms []*huoshui.Member
	for _, m := range all {
		if _, err := st.FindUserByMemberID(ctx, huoshui.Everything(), m.ID); err != nil && len(ms) < n {
			ms = append(ms, m) // not the demo's own accounts
		}
	}
	if len(ms) < n {
		t.Fatalf("%d full members without an account in the demo, want %d", len(ms), n)
	}
	for i, m := range ms {
		if err := st.CreateUser(ctx, a, &huoshui.User{Username: fmt.Sprintf("%s%04d", benchMemberPrefix, i+1), DisplayName: m.Name,
			PasswordHash: hash, Locale: "zh", MemberID: m.ID, Roles: []huoshui.Role{{OrgID: m.OrgID, Kind: huoshui.RoleMember}}}); err != nil {
			t.Fatal(err)
		}
	}
	_, h, err := web.New(web.Deps{Store: st, TrustProxy: trustProxy})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, dsn
}

// TestCheckinBurst runs a small burst: every scan acknowledged, the
// meeting's tally and the database holding each one. It asserts what the
// report says was recorded, never how fast.
func TestCheckinBurst(t *testing.T) {
	t.Parallel()
	srv, dsn := assemblyServer(t, 8, true)
	var out bytes.Buffer
	err := bench(context.Background(), []string{"--url", srv.URL, "--scenario", "checkin", "--checkin-members", "8",
		"--checkin-rate", "200", "--checkin-wait", "0s", "--db", dsn}, passwordEnv, strings.NewReader(""), &out, io.Discard)
	report := out.String()
	if err != nil && !strings.Contains(err.Error(), "check-in goal") {
		t.Fatalf("burst: %v\n%s", err, report)
	}
	for _, re := range []string{
		`check-in burst: meeting \d+ of org \d+`,
		`(?m)^8\s+0\.\d\ds\s+8\s+0\s+0\s+0\s`,
		`the meeting's tally \(API\): 8 present`,
		`the database: \d+ invited, 8 present, 8 of them with a check-in time`,
		`all 8 acknowledged: PASS   none lost: PASS`,
		`RESULT: (PASS|FAIL)`,
	} {
		if !regexp.MustCompile(re).MatchString(report) {
			t.Errorf("report lacks %s:\n%s", re, report)
		}
	}
}

// Without a trusted proxy every phone signs in from the one address, and
// the server's per-address throttle stops the sign-ins: the bench says how
// to start the server.
func TestCheckinBurstNeedsTrustedProxy(t *testing.T) {
	t.Parallel()
	srv, _ := assemblyServer(t, 12, false)
	err := bench(context.Background(), []string{"--url", srv.URL, "--scenario", "checkin", "--checkin-members", "12",
		"--checkin-wait", "0s"}, passwordEnv, strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--trust-proxy") {
		t.Errorf("burst behind no proxy: %v, want advice to start the server with --trust-proxy", err)
	}
	err = bench(context.Background(), []string{"--url", srv.URL, "--scenario", "lunch"}, passwordEnv, strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--scenario") {
		t.Errorf("unknown scenario: %v", err)
	}
}
