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

// Every list method answers nothing for its filter's zero value, even when
// the filter names a record: a handler that forgets the scope shows an
// empty page, never the whole platform.
func TestEveryZeroFilterListsNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		m := fullMember(tr.branchA.ID, "甲零", "")
		if err := s.CreateMember(ctx, actor, m); err != nil {
			t.Fatal(err)
		}
		u := newTestUser(t, s, "zero-a", huoshui.Role{OrgID: tr.branchA.ID, Kind: huoshui.RoleSecretary})

		if ms, n, err := s.FindMembers(ctx, huoshui.MemberFilter{}); err != nil || n != 0 || len(ms) != 0 {
			t.Errorf("FindMembers(zero) = %d rows, total %d, %v; want none", len(ms), n, err)
		}
		if ms, n, err := s.FindMembers(ctx, huoshui.MemberFilter{ID: m.ID, OrgID: tr.branchA.ID}); err != nil || n != 0 || len(ms) != 0 {
			t.Errorf("FindMembers(id, no scope) = %d rows, total %d, %v; want none", len(ms), n, err)
		}
		if n, err := s.CountMembers(ctx, huoshui.MemberFilter{}); err != nil || n != 0 {
			t.Errorf("CountMembers(zero) = %d, %v; want 0", n, err)
		}
		seen := 0
		if err := s.EachMember(ctx, huoshui.MemberFilter{}, func(*huoshui.Member) error { seen++; return nil }); err != nil || seen != 0 {
			t.Errorf("EachMember(zero) gave %d members, %v; want none", seen, err)
		}
		if os, err := s.FindOrgs(ctx, huoshui.OrgFilter{}); err != nil || len(os) != 0 {
			t.Errorf("FindOrgs(zero) = %d nodes, %v; want none", len(os), err)
		}
		if us, n, err := s.FindUsers(ctx, huoshui.UserFilter{}); err != nil || n != 0 || len(us) != 0 {
			t.Errorf("FindUsers(zero) = %d accounts, total %d, %v; want none", len(us), n, err)
		}
		if us, n, err := s.FindUsers(ctx, huoshui.UserFilter{ID: u.ID}); err != nil || n != 0 || len(us) != 0 {
			t.Errorf("FindUsers(id, no scope) = %d accounts, total %d, %v; want none", len(us), n, err)
		}
		// The writes above left audit entries at branch A and unplaced ones.
		if es, err := allAudit(ctx, s); err != nil || len(es) == 0 {
			t.Fatalf("no audit entries to hide (%v)", err)
		}
		if es, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{}); err != nil || len(es) != 0 {
			t.Errorf("FindAuditEntries(zero) = %d entries, %v; want none", len(es), err)
		}
		if es, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{ObjectType: "member", ObjectID: m.ID}); err != nil || len(es) != 0 {
			t.Errorf("FindAuditEntries(object, no scope) = %d entries, %v; want none", len(es), err)
		}
		if _, err := s.FindImportBatchByID(ctx, 0, 1); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("FindImportBatchByID(no uploader) = %v, want ErrNotFound", err)
		}
	})
}

func allAudit(ctx context.Context, s *store.Store) ([]huoshui.AuditEntry, error) {
	es, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Everything(), Unplaced: true})
	return es, err
}

// A member's transfers and linked account are read through the reader's
// scope, like the member record: the old branch that let a member go no
// longer sees where they went, and no scope sees an account through a
// member id outside it.
func TestMemberSideReadsTakeTheScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		m := fullMember(tr.branchA.ID, "甲迁", "")
		if err := s.CreateMember(ctx, actor, m); err != nil {
			t.Fatal(err)
		}
		acct := newTestUser(t, s, "moved-member", huoshui.Role{OrgID: tr.branchA.ID, Kind: huoshui.RoleMember})
		if err := s.LinkUserMember(ctx, actor, huoshui.Everything(), acct.ID, m.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.TransferMember(ctx, actor, &huoshui.Transfer{MemberID: m.ID, ToOrgID: tr.branchB.ID, On: huoshui.NewDate(2026, 11, 1)}); err != nil {
			t.Fatal(err)
		}
		branchA := huoshui.Scope{Paths: []string{tr.branchA.Path}}
		branchB := huoshui.Scope{Paths: []string{tr.branchB.Path}}
		for _, c := range []struct {
			name  string
			scope huoshui.Scope
			found bool
		}{
			{"the new branch", branchB, true},
			{"the old branch", branchA, false},
			{"the zero scope", huoshui.Scope{}, false},
			{"the member themself", huoshui.Scope{MemberID: m.ID}, true},
			{"everything", huoshui.Everything(), true},
		} {
			ts, err := s.FindTransfers(ctx, c.scope, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(ts) == 1; got != c.found {
				t.Errorf("transfers read by %s: %d, found %v want %v", c.name, len(ts), got, c.found)
			}
			u, err := s.FindUserByMemberID(ctx, c.scope, m.ID)
			switch {
			case c.found && (err != nil || u.ID != acct.ID):
				t.Errorf("account read by %s: %v, want account %d", c.name, err, acct.ID)
			case !c.found && !errors.Is(err, huoshui.ErrNotFound):
				t.Errorf("account read by %s: %v, want ErrNotFound", c.name, err)
			}
		}
	})
}
