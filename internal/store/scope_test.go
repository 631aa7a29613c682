package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// Every read of one record takes the reader's scope and answers
// ErrNotFound outside it; every filter's zero value selects nothing.
func TestReadsTakeTheReadersScope(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		inA := fullMember(tr.branchA.ID, "甲一", "")
		inB := fullMember(tr.branchB.ID, "乙一", "")
		for _, m := range []*huoshui.Member{inA, inB} {
			if err := s.CreateMember(ctx, actor, m); err != nil {
				t.Fatal(err)
			}
		}
		branchA := huoshui.Scope{Paths: []string{tr.branchA.Path}}
		own := huoshui.Scope{MemberID: inB.ID}
		wantFound := func(t *testing.T, what string, err error, found bool) {
			t.Helper()
			switch {
			case found && err != nil:
				t.Errorf("%s: %v, want found", what, err)
			case !found && !errors.Is(err, huoshui.ErrNotFound):
				t.Errorf("%s: %v, want ErrNotFound", what, err)
			}
		}

		t.Run("FindMemberByID", func(t *testing.T) {
			for _, c := range []struct {
				name  string
				scope huoshui.Scope
				id    int64
				found bool
			}{
				{"inside the branch", branchA, inA.ID, true},
				{"another branch", branchA, inB.ID, false},
				{"the zero scope", huoshui.Scope{}, inA.ID, false},
				{"one's own record", own, inB.ID, true},
				{"not one's own record", own, inA.ID, false},
				{"everything", huoshui.Everything(), inB.ID, true},
			} {
				_, err := s.FindMemberByID(ctx, c.scope, c.id)
				wantFound(t, "member "+c.name, err, c.found)
			}
		})

		t.Run("FindOrgByID", func(t *testing.T) {
			for _, c := range []struct {
				name  string
				scope huoshui.Scope
				id    int64
				found bool
			}{
				{"the branch itself", branchA, tr.branchA.ID, true},
				{"its group", branchA, tr.groupA.ID, true},
				{"its parent", branchA, tr.committee.ID, false},
				{"a sibling", branchA, tr.branchB.ID, false},
				{"the zero scope", huoshui.Scope{}, tr.branchA.ID, false},
				{"a member id is no node", own, tr.branchB.ID, false},
				{"everything", huoshui.Everything(), tr.committee.ID, true},
			} {
				_, err := s.FindOrgByID(ctx, c.scope, c.id)
				wantFound(t, "org "+c.name, err, c.found)
			}
		})

		t.Run("FindOrgs", func(t *testing.T) {
			names := func(f huoshui.OrgFilter) int {
				t.Helper()
				os, err := s.FindOrgs(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				return len(os)
			}
			if n := names(huoshui.OrgFilter{}); n != 0 {
				t.Errorf("the zero filter lists %d nodes, want none", n)
			}
			if n := names(huoshui.OrgFilter{ID: tr.branchB.ID}); n != 0 {
				t.Errorf("an id with the zero scope lists %d nodes, want none", n)
			}
			if n := names(huoshui.OrgFilter{Scope: branchA, ID: tr.branchB.ID}); n != 0 {
				t.Errorf("an id outside the scope lists %d nodes, want none", n)
			}
			if n := names(huoshui.OrgFilter{Scope: branchA}); n != 2 {
				t.Errorf("a branch's scope lists %d nodes, want 2 (the branch and its group)", n)
			}
			if n := names(huoshui.OrgFilter{Scope: huoshui.Everything()}); n != 4 {
				t.Errorf("everything lists %d nodes, want 4", n)
			}
		})

		t.Run("FindMembers", func(t *testing.T) {
			if _, n, _ := s.FindMembers(ctx, huoshui.MemberFilter{}); n != 0 {
				t.Errorf("the zero filter lists %d members, want none", n)
			}
		})

		t.Run("FindUsers and FindUserByID", func(t *testing.T) {
			a := newTestUser(t, s, "scope-a", huoshui.Role{OrgID: tr.branchA.ID, Kind: huoshui.RoleSecretary})
			b := newTestUser(t, s, "scope-b", huoshui.Role{OrgID: tr.branchB.ID, Kind: huoshui.RoleSecretary})
			if us, n, _ := s.FindUsers(ctx, huoshui.UserFilter{}); n != 0 || len(us) != 0 {
				t.Errorf("the zero filter lists %d accounts, want none", n)
			}
			_, err := s.FindUserByID(ctx, branchA, a.ID)
			wantFound(t, "account inside", err, true)
			_, err = s.FindUserByID(ctx, branchA, b.ID)
			wantFound(t, "account of another branch", err, false)
			_, err = s.FindUserByID(ctx, huoshui.Scope{}, a.ID)
			wantFound(t, "account, zero scope", err, false)
		})
	})
}

// A secretary links only accounts that are theirs to link: the answer for
// an account with a role elsewhere, an administrator, or an account linked
// to someone elsewhere is the same as for an account that does not exist.
func TestLinkUserMemberOnlyWithinScope(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		mA := fullMember(tr.branchA.ID, "甲二", "")
		mA2 := fullMember(tr.branchA.ID, "甲三", "")
		mB := fullMember(tr.branchB.ID, "乙二", "")
		for _, m := range []*huoshui.Member{mA, mA2, mB} {
			if err := s.CreateMember(ctx, actor, m); err != nil {
				t.Fatal(err)
			}
		}
		secretaryA := huoshui.Scope{Paths: []string{tr.branchA.Path}}
		outsider := newTestUser(t, s, "outsider", huoshui.Role{OrgID: tr.branchB.ID, Kind: huoshui.RoleSecretary})
		mixed := newTestUser(t, s, "mixed", huoshui.Role{OrgID: tr.groupA.ID, Kind: huoshui.RoleMember},
			huoshui.Role{OrgID: tr.committee.ID, Kind: huoshui.RoleOrganiser})
		admin := newTestUser(t, s, "admin-a", huoshui.Role{OrgID: tr.branchA.ID, Kind: huoshui.RoleSysAdmin})
		linkedB := newTestUser(t, s, "linked-b")
		if err := s.LinkUserMember(ctx, actor, huoshui.Everything(), linkedB.ID, mB.ID); err != nil {
			t.Fatal(err)
		}
		insider := newTestUser(t, s, "insider", huoshui.Role{OrgID: tr.groupA.ID, Kind: huoshui.RoleMember})
		fresh := newTestUser(t, s, "fresh")

		for _, u := range []*huoshui.User{outsider, mixed, admin, linkedB} {
			err := s.LinkUserMember(ctx, actor, secretaryA, u.ID, mA.ID)
			if !errors.Is(err, huoshui.ErrNotFound) {
				t.Errorf("link %s: %v, want ErrNotFound (not yours to link)", u.Username, err)
			}
			if got, _ := s.FindUserByUsername(ctx, u.Username); got.MemberID == mA.ID {
				t.Errorf("link %s: linked anyway", u.Username)
			}
		}
		if err := s.LinkUserMember(ctx, actor, secretaryA, insider.ID, mB.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("link to a member of another branch: %v, want ErrNotFound", err)
		}
		for _, u := range []*huoshui.User{insider, fresh} {
			m := mA
			if u == fresh {
				m = mA2
			}
			if err := s.LinkUserMember(ctx, actor, secretaryA, u.ID, m.ID); err != nil {
				t.Errorf("link %s, whose roles lie in the branch: %v", u.Username, err)
			}
		}
		// An account of the branch already linked to someone of the branch
		// is the secretary's to know about.
		if err := s.LinkUserMember(ctx, actor, secretaryA, insider.ID, mA2.ID); userFieldCode(err, "username") != "user.member_taken" {
			t.Errorf("link an account linked in the branch: %v, want user.member_taken", err)
		}
	})
}
