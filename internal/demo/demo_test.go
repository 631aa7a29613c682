package demo_test

import (
	"context"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The demo organisation is what the quick start promises: the office
// committee, the 秘书处（督查处）党支部 with its 14 people, a committee of a
// secretary and three, two party groups, a second branch beside it, and an
// account for each role with the demo password.
func TestSeed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		accounts, err := demo.Seed(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		find := func(name string) *huoshui.Org {
			t.Helper()
			os, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Name: name})
			if err != nil || len(os) != 1 || os[0].Name != name {
				t.Fatalf("node %s: %v %v", name, os, err)
			}
			return os[0]
		}
		committee, branch, second := find(demo.CommitteeName), find(demo.BranchName), find(demo.SecondBranch)
		if committee.Kind != huoshui.OrgCommittee || branch.ParentID != committee.ID || second.ParentID != committee.ID {
			t.Errorf("the branches are not under the committee")
		}
		all := huoshui.Scope{All: true}
		ms, n, err := st.FindMembers(ctx, huoshui.MemberFilter{Scope: all, OrgID: branch.ID})
		if err != nil || n != 14+4 { // 14 members and officers, 4 people in development (development.go)
			t.Fatalf("%s has %d people (%v), want 18", demo.BranchName, n, err)
		}
		seats := map[huoshui.CommitteePost]int{}
		for _, m := range ms {
			if err := m.Validate(); err != nil {
				t.Errorf("%s: %v", m.Name, err)
			}
			if m.CommitteePost != huoshui.PostNone {
				seats[m.CommitteePost]++
			}
		}
		if seats[huoshui.PostSecretary] != 1 || len(seats) != 4 {
			t.Errorf("the branch committee is %v, want a secretary and three members", seats)
		}
		groups, _ := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), ParentID: branch.ID, Kind: huoshui.OrgGroup})
		if len(groups) != 2 {
			t.Errorf("%d party groups, want 2", len(groups))
		}
		if _, n, _ := st.FindMembers(ctx, huoshui.MemberFilter{Scope: all, OrgID: second.ID}); n == 0 {
			t.Errorf("%s has no members", demo.SecondBranch)
		}
		want := map[string]huoshui.RoleKind{"secretary": huoshui.RoleSecretary, "member": huoshui.RoleMember,
			"organiser": huoshui.RoleOrganiser, "sysadmin": huoshui.RoleSysAdmin, "secadmin": huoshui.RoleSecAdmin, "auditor": huoshui.RoleAuditor}
		if len(accounts) != len(want) {
			t.Errorf("%d accounts printed, want %d", len(accounts), len(want))
		}
		for username, kind := range want {
			u, err := st.FindUserByUsername(ctx, username)
			if err != nil {
				t.Fatalf("account %s: %v", username, err)
			}
			if ok, _ := auth.CheckPassword(u.PasswordHash, demo.Password); !ok || !u.HasRole(kind) || u.MustChangePassword {
				t.Errorf("account %s: password ok %v, role %s %v, must change %v", username, ok, kind, u.HasRole(kind), u.MustChangePassword)
			}
		}
		if again, err := demo.Seed(ctx, st); err != nil || again != nil {
			t.Errorf("seeding a database that has an organisation: %v %v, want nothing done", again, err)
		}
	})
}
