package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
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
			if err := run(ctx, []string{"gen", "--members", "700", "--assembly", "100", "--db", db}, benchEnv, strings.NewReader(""), &out, io.Discard); err != nil {
				t.Fatalf("gen: %v\n%s", err, out.String())
			}
			for _, want := range []string{"700 members", "bench-secretary", "bench-organiser", "HUOSHUI_BENCH_PASSWORD",
				"5 years of organisational life", "bench-assembly", "bench-m0001 … bench-m0100"} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("gen output lacks %q:\n%s", want, out.String())
				}
			}
			if strings.Contains(out.String(), testBenchPassword) {
				t.Errorf("gen printed the password it was given")
			}
			st := openTestStore(t, db)
			roots, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Limit: 1})
			if err != nil || len(roots) != 1 {
				t.Fatalf("root: %v", err)
			}
			if c, err := st.OrgCountsOf(ctx, roots[:1]); err != nil || c[roots[0].ID].Members != 700 {
				n := c[roots[0].ID].Members
				t.Errorf("province holds %d members (%v), want 700", n, err)
			}
			cities, _ := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), ParentID: roots[0].ID})
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
			es, _, err := st.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, Action: huoshui.AuditImport})
			n := len(es)
			if err != nil || n < 5 || n > 65 {
				t.Errorf("%d import audit records (%v), want one for the tree and one per city for its members, its meetings, its tasks and its outputs", n, err)
			}
			ms, total, err := st.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Everything(), OrgID: sec.Roles[0].OrgID, Limit: 10})
			if err != nil || total < 100 || ms[0].Tally.Invited == 0 {
				t.Errorf("the bench secretary's branch has %d meetings (%v), want five years of them", total, err)
			}
			// The check-in burst's accounts: an organiser of a committee
			// and 100 of its members, each signing in as themselves.
			caller, err := st.FindUserByUsername(ctx, "bench-assembly")
			if err != nil || len(caller.Roles) != 1 || caller.Roles[0].Kind != huoshui.RoleOrganiser || caller.Roles[0].OrgKind != huoshui.OrgCommittee {
				t.Fatalf("bench-assembly: %+v, %v", caller, err)
			}
			for _, name := range []string{"bench-m0001", "bench-m0100"} {
				u, err := st.FindUserByUsername(ctx, name)
				if err != nil || u.MemberID == 0 || len(u.Roles) != 1 || u.Roles[0].Kind != huoshui.RoleMember ||
					!strings.HasPrefix(u.Roles[0].OrgPath, caller.Roles[0].OrgPath) {
					t.Errorf("%s: %+v, %v; want a member below %s", name, u, err, caller.Roles[0].OrgPath)
				}
			}
			if _, err := st.FindUserByUsername(ctx, "bench-m0101"); err == nil {
				t.Errorf("bench-m0101 exists; --assembly 100 asked for 100")
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
