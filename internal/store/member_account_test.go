package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// A secretary's batch of member accounts opens whole or not at all: each
// account linked to its member, the member role at the branch, no
// password, an open first sign-in code that lapses after seven days.
func TestOpenMemberAccounts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		sec := newTestUser(t, s, "mishu", huoshui.Role{Kind: huoshui.RoleSecretary, OrgID: tr.branchA.ID})
		a := huoshui.Actor{UserID: sec.ID, Username: sec.Username}
		var ms []*huoshui.Member
		for _, n := range []string{"王晓梅", "李明远", "张建国"} {
			m := fullMember(tr.branchA.ID, n, "")
			if err := s.CreateMember(ctx, actor, m); err != nil {
				t.Fatal(err)
			}
			ms = append(ms, m)
		}
		outsider := fullMember(tr.branchB.ID, "赵文博", "")
		if err := s.CreateMember(ctx, actor, outsider); err != nil {
			t.Fatal(err)
		}
		if got, err := s.MembersWithoutAccount(ctx, tr.branchA.ID, 10); err != nil || len(got) != 3 {
			t.Fatalf("members without account: %d %v, want 3", len(got), err)
		}

		// A login name twice in one batch: refused in its row, nothing written.
		_, err := s.OpenMemberAccounts(ctx, a, tr.branchA.ID, []store.NewMemberAccount{
			{MemberID: ms[0].ID, Username: "zb-1", CodeHash: "h1"}, {MemberID: ms[1].ID, Username: "zb-1", CodeHash: "h2"}})
		var ve *huoshui.ValidationError
		if !errors.As(err, &ve) || !ve.HasRow(2, "username") || ve.HasRow(1, "username") {
			t.Fatalf("a name twice: %v, want row 2 refused", err)
		}
		if taken, _ := s.UsernameTaken(ctx, "zb-1"); taken {
			t.Fatalf("a refused batch left an account")
		}
		// A member of another branch is not there for this branch.
		_, err = s.OpenMemberAccounts(ctx, a, tr.branchA.ID, []store.NewMemberAccount{{MemberID: outsider.ID, Username: "zb-9", CodeHash: "h"}})
		if !errors.Is(err, huoshui.ErrNotFound) {
			t.Fatalf("another branch's member: %v, want not found", err)
		}

		if _, err := s.OpenMemberAccounts(ctx, a, tr.branchA.ID, []store.NewMemberAccount{
			{MemberID: ms[0].ID, Username: "zb-1", CodeHash: "h1"}, {MemberID: ms[1].ID, Username: "zb-2", CodeHash: "h2"}}); err != nil {
			t.Fatal(err)
		}
		u, err := s.FindUserByUsername(ctx, "zb-2")
		if err != nil {
			t.Fatal(err)
		}
		if u.MemberID != ms[1].ID || u.PasswordHash != "" || !u.MustChangePassword || len(u.Roles) != 1 ||
			u.Roles[0].Kind != huoshui.RoleMember || u.Roles[0].OrgID != tr.branchA.ID || u.DisplayName != "李明远" {
			t.Fatalf("account %+v", u)
		}
		p, err := s.FindPasswordReset(ctx, u.ID)
		if err != nil || p.Kind != huoshui.ResetFirstSignIn || p.CodeAHash != "h2" || !p.Approved() {
			t.Fatalf("code %+v %v", p, err)
		}
		if p.Lapsed(time.Now().Add(6*24*time.Hour)) || !p.Lapsed(time.Now().Add(8*24*time.Hour)) {
			t.Errorf("the code lapses at the wrong time")
		}
		// Once an account is there, it is not opened again.
		_, err = s.OpenMemberAccounts(ctx, a, tr.branchA.ID, []store.NewMemberAccount{{MemberID: ms[1].ID, Username: "zb-3", CodeHash: "h"}})
		if !errors.As(err, &ve) || !ve.HasRow(1, "username") {
			t.Fatalf("a second account: %v", err)
		}
		if got, _ := s.MembersWithoutAccount(ctx, tr.branchA.ID, 10); len(got) != 1 || got[0].ID != ms[2].ID {
			t.Errorf("members still without account: %v", got)
		}
		// The code signs in once.
		if err := s.UsePasswordReset(ctx, huoshui.Actor{UserID: u.ID}, u.ID, p.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.UsePasswordReset(ctx, huoshui.Actor{UserID: u.ID}, u.ID, p.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("the code used twice: %v", err)
		}
	})
}
