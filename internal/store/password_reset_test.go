package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// A two-person reset: the requester may not approve; approval ends the
// password; the code is used once even when two sign-ins race.
func TestPasswordResetSteps(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		officer := newTestUser(t, s, "officer")
		sys := newTestUser(t, s, "sys")
		sec := newTestUser(t, s, "sec")
		sysA := huoshui.Actor{UserID: sys.ID, Username: "sys"}
		secA := huoshui.Actor{UserID: sec.ID, Username: "sec"}
		if err := s.RequestPasswordReset(ctx, sysA, officer.ID, "hashA"); err != nil {
			t.Fatal(err)
		}
		if err := s.ApprovePasswordReset(ctx, sysA, officer.ID, "hashB"); !errors.Is(err, huoshui.ErrConflict) {
			t.Fatalf("the requester approved: %v", err)
		}
		if err := s.ApprovePasswordReset(ctx, secA, officer.ID, "hashB"); err != nil {
			t.Fatal(err)
		}
		if err := s.ApprovePasswordReset(ctx, secA, officer.ID, "hashB"); !errors.Is(err, huoshui.ErrConflict) {
			t.Fatalf("approved twice: %v", err)
		}
		u, _ := s.FindUserByID(ctx, huoshui.Everything(), officer.ID)
		if u.PasswordHash != "" || !u.MustChangePassword {
			t.Fatalf("after approval: hash %q, must change %v", u.PasswordHash, u.MustChangePassword)
		}
		p, err := s.FindPasswordReset(ctx, officer.ID)
		if err != nil || p.CodeAHash != "hashA" || p.CodeBHash != "hashB" || p.RequestedName != "sys" || p.ApprovedName != "sec" {
			t.Fatalf("request: %+v %v", p, err)
		}
		// Two sign-ins with the code at once: one wins.
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() { errs[i] = s.UsePasswordReset(ctx, huoshui.Actor{UserID: officer.ID}, officer.ID, p.ID) })
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, huoshui.ErrNotFound):
				t.Errorf("use: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("the code signed in %d times, want once", ok)
		}
		if _, err := s.FindPasswordReset(ctx, officer.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Fatalf("the request is still open: %v", err)
		}
	})
}

// Two system administrators asking at once leave one open request.
func TestPasswordResetRequestsRace(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		officer := newTestUser(t, s, "officer")
		sys := newTestUser(t, s, "sys")
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Go(func() {
				errs[i] = s.RequestPasswordReset(ctx, huoshui.Actor{UserID: sys.ID, Username: "sys"}, officer.ID, "h")
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Errorf("request: %v", err)
			}
		}
		if _, err := s.FindPasswordReset(ctx, officer.ID); err != nil {
			t.Fatalf("open request: %v", err)
		}
	})
}

// The password an account was created with is one of its last five: after
// an administrator's reset (one person or two), its owner may not choose
// it again. It was kept nowhere but in the account's row, which both
// resets overwrite, so the owner could go straight back to it.
func TestCreationPasswordStaysInHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sys := huoshui.Actor{UserID: newTestUser(t, s, "sys").ID, Username: "sys"}
		sec := huoshui.Actor{UserID: newTestUser(t, s, "sec").ID, Username: "sec"}
		member := newTestUser(t, s, "member")
		if err := s.SetPassword(ctx, sys, member.ID, "temporary", true, ""); err != nil {
			t.Fatal(err)
		}
		officer := newTestUser(t, s, "officer")
		if err := s.RequestPasswordReset(ctx, sys, officer.ID, "hashA"); err != nil {
			t.Fatal(err)
		}
		if err := s.ApprovePasswordReset(ctx, sec, officer.ID, "hashB"); err != nil {
			t.Fatal(err)
		}
		for _, u := range []*huoshui.User{member, officer} {
			recent, err := s.RecentPasswordHashes(ctx, u.ID, 5)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(recent, testHash) {
				t.Errorf("%s: recent passwords %q lack the one it was created with", u.Username, recent)
			}
		}
		// A password set twice over is still one entry of the five.
		for _, h := range []string{"p1", "p2", "p3", "p4"} {
			if err := s.SetPassword(ctx, sys, member.ID, h, false, ""); err != nil {
				t.Fatal(err)
			}
		}
		recent, _ := s.RecentPasswordHashes(ctx, member.ID, 5)
		if want := []string{"p4", "p3", "p2", "p1", "temporary"}; !slices.Equal(recent, want) {
			t.Errorf("recent passwords %q, want %q", recent, want)
		}
	})
}

// The system administrator knows the password of an account they created
// or reset until its owner changes it. An officer's role granted to such
// an account let them sign in as the officer alone: create (or reset) the
// account, wait for the security administrator's grant, sign in. The
// grant waits for the owner's own password now.
func TestOfficerRoleWaitsForTheOwnersPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		u := &huoshui.User{Username: "newsec", DisplayName: "newsec", PasswordHash: testHash, MustChangePassword: true}
		if err := s.CreateUser(ctx, actor, u); err != nil {
			t.Fatal(err)
		}
		secretary := huoshui.Role{OrgID: tr.branchB.ID, Kind: huoshui.RoleSecretary}
		if _, err := s.GrantRole(ctx, actor, u.ID, secretary); userFieldCode(err, "role") != "role.password_not_own" {
			t.Fatalf("grant on the initial password: %v", err)
		}
		if _, err := s.GrantRole(ctx, actor, u.ID, huoshui.Role{OrgID: tr.branchB.ID, Kind: huoshui.RoleMember}); err != nil {
			t.Fatalf("a member's role: %v", err)
		}
		if err := s.SetPassword(ctx, huoshui.Actor{UserID: u.ID, Username: u.Username}, u.ID, "own", false, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GrantRole(ctx, actor, u.ID, secretary); err != nil {
			t.Fatalf("grant on the owner's password: %v", err)
		}
		// Now an officer: the one-person reset is refused.
		if err := s.ResetPassword(ctx, actor, u.ID, "temporary"); !errors.Is(err, huoshui.ErrConflict) {
			t.Fatalf("one-person reset of an officer: %v", err)
		}
	})
}

// The same rule when the grant and a one-person reset race: the reset
// checked "no role above member" before its transaction, the grant
// checked nothing, and both went through.
func TestOfficerRoleAndOnePersonResetRace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		for i := range 20 {
			u := newTestUser(t, s, fmt.Sprintf("race%d", i))
			var wg sync.WaitGroup
			var grantErr, resetErr error
			wg.Go(func() {
				_, grantErr = s.GrantRole(ctx, actor, u.ID, huoshui.Role{OrgID: tr.branchB.ID, Kind: huoshui.RoleSecretary})
			})
			wg.Go(func() { resetErr = s.ResetPassword(ctx, actor, u.ID, "temporary") })
			wg.Wait()
			got, err := s.FindUserByID(ctx, huoshui.Everything(), u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.NeedsTwoPeople() && got.PasswordHash == "temporary" {
				t.Fatalf("trial %d: an officer on the administrator's password (grant %v, reset %v)", i, grantErr, resetErr)
			}
		}
	})
}
