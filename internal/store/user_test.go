package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// testHash stands for an argon2id hash: the store never looks inside it.
const testHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"

func newTestUser(t *testing.T, s *store.Store, username string, roles ...huoshui.Role) *huoshui.User {
	t.Helper()
	u := &huoshui.User{Username: username, DisplayName: username, PasswordHash: testHash, Roles: roles}
	if err := s.CreateUser(context.Background(), actor, u); err != nil {
		t.Fatalf("create user %s: %v", username, err)
	}
	return u
}

// userFieldCode returns the code of the first problem with field, or "".
func userFieldCode(err error, field string) string {
	var ve *huoshui.ValidationError
	if !errors.As(err, &ve) {
		return ""
	}
	for _, f := range ve.Fields {
		if f.Field == field {
			return f.Code
		}
	}
	return ""
}

func TestCreateUser(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		u := &huoshui.User{Username: "  WangLi ", DisplayName: " 王丽 ", PasswordHash: testHash, MustChangePassword: true,
			Roles: []huoshui.Role{{OrgID: tr.branchA.ID, Kind: huoshui.RoleSecretary}}}
		if err := s.CreateUser(ctx, actor, u); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindUserByUsername(ctx, "wangli")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || got.DisplayName != "王丽" || !got.MustChangePassword || len(got.Roles) != 1 ||
			got.Roles[0].OrgPath != tr.branchA.Path || got.Roles[0].OrgName != tr.branchA.Name {
			t.Errorf("read back %+v", got)
		}

		cases := []struct {
			name  string
			user  huoshui.User
			field string
			code  string
		}{
			{"taken", huoshui.User{Username: "wangli", DisplayName: "x"}, "username", "user.username_taken"},
			{"bad username", huoshui.User{Username: "王丽", DisplayName: "x"}, "username", "user.username_format"},
			{"no name", huoshui.User{Username: "lisi"}, "display_name", "required"},
			{"admin with another role", huoshui.User{Username: "zhaosi", DisplayName: "x", Roles: []huoshui.Role{
				{OrgID: tr.committee.ID, Kind: huoshui.RoleAuditor}, {OrgID: tr.branchA.ID, Kind: huoshui.RoleMember}}}, "role", "role.admin_separate"},
			{"two admin roles", huoshui.User{Username: "zhaosi", DisplayName: "x", Roles: []huoshui.Role{
				{OrgID: tr.committee.ID, Kind: huoshui.RoleSysAdmin}, {OrgID: tr.committee.ID, Kind: huoshui.RoleSecAdmin}}}, "role", "role.admin_separate"},
		}
		for _, tc := range cases {
			tc.user.PasswordHash = testHash
			if code := userFieldCode(s.CreateUser(ctx, actor, &tc.user), tc.field); code != tc.code {
				t.Errorf("%s: %s code %q, want %q", tc.name, tc.field, code, tc.code)
			}
		}
		// The creation is in the audit trail, without the hash.
		es, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, ObjectType: "user", ObjectID: u.ID})
		if err != nil || len(es) != 1 || es[0].Action != huoshui.AuditCreate {
			t.Fatalf("audit of the creation: %+v %v", es, err)
		}
		if want := "argon2id"; strings.Contains(es[0].After, want) {
			t.Errorf("the audit record holds the password hash: %s", es[0].After)
		}
	})
}

func TestGrantAndRevokeRoles(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		u := newTestUser(t, s, "wangli")

		r, err := s.GrantRole(ctx, actor, u.ID, huoshui.Role{OrgID: tr.branchB.ID, Kind: huoshui.RoleSecretary})
		if err != nil {
			t.Fatal(err)
		}
		if r.ID == 0 || r.OrgPath != tr.branchB.Path {
			t.Errorf("granted role %+v", r)
		}
		cases := []struct {
			name  string
			role  huoshui.Role
			field string
			code  string
		}{
			{"the same role again", huoshui.Role{OrgID: tr.branchB.ID, Kind: huoshui.RoleSecretary}, "role", "role.duplicate"},
			{"an administrator beside it", huoshui.Role{OrgID: tr.committee.ID, Kind: huoshui.RoleAuditor}, "role", "role.admin_separate"},
			{"no such kind", huoshui.Role{OrgID: tr.branchB.ID, Kind: "chairman"}, "role", "invalid_choice"},
			{"no such node", huoshui.Role{OrgID: 999999, Kind: huoshui.RoleMember}, "org_id", "invalid_choice"},
		}
		for _, tc := range cases {
			_, err := s.GrantRole(ctx, actor, u.ID, tc.role)
			if code := userFieldCode(err, tc.field); code != tc.code {
				t.Errorf("%s: %s code %q (%v), want %q", tc.name, tc.field, code, err, tc.code)
			}
		}
		if _, err := s.GrantRole(ctx, actor, 999999, huoshui.Role{OrgID: tr.branchB.ID, Kind: huoshui.RoleMember}); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("grant to a missing account: %v, want not found", err)
		}

		other := newTestUser(t, s, "lisi", huoshui.Role{OrgID: tr.branchA.ID, Kind: huoshui.RoleMember})
		if err := s.RevokeRole(ctx, actor, u.ID, other.Roles[0].ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("revoking another account's role: %v, want not found", err)
		}
		if err := s.RevokeRole(ctx, actor, u.ID, r.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := s.FindUserByID(ctx, huoshui.Everything(), u.ID)
		if len(got.Roles) != 0 {
			t.Errorf("roles after revoke: %+v", got.Roles)
		}
		// With no role left, an auditor role may be granted alone.
		if _, err := s.GrantRole(ctx, actor, u.ID, huoshui.Role{OrgID: tr.committee.ID, Kind: huoshui.RoleAuditor}); err != nil {
			t.Errorf("auditor alone: %v", err)
		}
		es, _, _ := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, ObjectType: "user", ObjectID: u.ID, Action: huoshui.AuditUpdate})
		if len(es) != 3 {
			t.Errorf("audit records of role changes: %d, want 3 (grant, revoke, grant)", len(es))
		}
	})
}

func TestFindUsersByScope(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		newTestUser(t, s, "boss", huoshui.Role{OrgID: tr.committee.ID, Kind: huoshui.RoleOrganiser})
		newTestUser(t, s, "alpha", huoshui.Role{OrgID: tr.groupA.ID, Kind: huoshui.RoleMember})
		newTestUser(t, s, "beta", huoshui.Role{OrgID: tr.branchB.ID, Kind: huoshui.RoleSecretary})
		newTestUser(t, s, "both", huoshui.Role{OrgID: tr.branchA.ID, Kind: huoshui.RoleMember}, huoshui.Role{OrgID: tr.branchB.ID, Kind: huoshui.RoleDeputy})
		loose := newTestUser(t, s, "loose")
		if err := s.DisableUser(ctx, actor, loose.ID); err != nil {
			t.Fatal(err)
		}
		names := func(f huoshui.UserFilter) string {
			t.Helper()
			us, total, err := s.FindUsers(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			out := ""
			for i, u := range us {
				if i > 0 {
					out += ","
				}
				out += u.Username
			}
			if total != len(us) {
				t.Errorf("total %d for %d listed", total, len(us))
			}
			return out
		}
		// Every listed account carries its own roles, loaded for the whole
		// page at once.
		all, _, err := s.FindUsers(ctx, huoshui.UserFilter{Scope: huoshui.Everything()})
		if err != nil {
			t.Fatal(err)
		}
		wantRoles := map[string]string{"alpha": "member", "beta": "secretary", "boss": "organiser", "both": "member,deputy", "loose": ""}
		for _, u := range all {
			var kinds []string
			for _, r := range u.Roles {
				kinds = append(kinds, string(r.Kind))
			}
			if got := strings.Join(kinds, ","); got != wantRoles[u.Username] {
				t.Errorf("%s lists roles %q, want %q", u.Username, got, wantRoles[u.Username])
			}
		}
		branchA := huoshui.Scope{Paths: []string{tr.branchA.Path}}
		root := huoshui.Scope{Paths: []string{tr.committee.Path}}
		cases := []struct {
			name string
			f    huoshui.UserFilter
			want string
		}{
			{"the zero filter: nothing", huoshui.UserFilter{}, ""},
			{"everything", huoshui.UserFilter{Scope: huoshui.Everything()}, "alpha,beta,boss,both,loose"},
			{"a branch: accounts wholly inside", huoshui.UserFilter{Scope: branchA}, "alpha"},
			{"the root, with accounts without roles", huoshui.UserFilter{Scope: root}, "alpha,beta,boss,both,loose"},
			{"only a member id", huoshui.UserFilter{Scope: huoshui.Scope{MemberID: 1}}, ""},
			{"disabled", huoshui.UserFilter{Scope: root, Status: "disabled"}, "loose"},
			{"active, newest first", huoshui.UserFilter{Scope: root, Status: "active", Sort: "-created"}, "both,beta,alpha,boss"},
			{"a username outside the scope", huoshui.UserFilter{Scope: branchA, Username: "beta"}, ""},
			{"query", huoshui.UserFilter{Scope: root, Query: "alp"}, "alpha"},
		}
		for _, tc := range cases {
			if got := names(tc.f); got != tc.want {
				t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
			}
		}
		// One account says the same as the list, and so does the read of
		// one account.
		for _, sc := range []huoshui.Scope{branchA, root, {}} {
			for _, u := range []string{"alpha", "both", "loose", "boss"} {
				got, _ := s.FindUserByUsername(ctx, u)
				inList := strings.Contains(","+names(huoshui.UserFilter{Scope: sc})+",", ","+u+",")
				_, err := s.FindUserByID(ctx, sc, got.ID)
				if got.Within(sc) != inList || (err == nil) != inList {
					t.Errorf("%s in %v: Within %v, listed %v, read %v", u, sc, got.Within(sc), inList, err)
				}
				if err != nil && !errors.Is(err, huoshui.ErrNotFound) {
					t.Errorf("%s in %v: %v, want ErrNotFound", u, sc, err)
				}
			}
		}
	})
}

// userClock is a test clock that moves only when told.
type userClock struct{ t time.Time }

func (c *userClock) now() time.Time      { return c.t }
func (c *userClock) add(d time.Duration) { c.t = c.t.Add(d) }

func newUserClock(s *store.Store) *userClock {
	c := &userClock{time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)}
	s.SetClock(c.now)
	return c
}

func failLogin(s *store.Store, u *huoshui.User) (*huoshui.User, error) {
	return s.RecordLogin(context.Background(), actor, u, false)
}

func TestRecordLoginLocks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := newUserClock(s)
		newTestUser(t, s, "wangli")
		load := func() *huoshui.User {
			u, err := s.FindUserByUsername(ctx, "wangli")
			if err != nil {
				t.Fatal(err)
			}
			return u
		}

		// Failures spread over more than the window never lock.
		for i := 0; i < 2*huoshui.LockAttempts; i++ {
			if _, err := failLogin(s, load()); err != nil {
				t.Fatal(err)
			}
			c.add(huoshui.LockWindow/time.Duration(huoshui.LockAttempts-1) + time.Minute)
		}
		if u := load(); u.Locked(c.now()) {
			t.Fatalf("failures spread over %v locked the account", huoshui.LockWindow)
		}

		// A success clears the count.
		if _, err := s.RecordLogin(ctx, actor, load(), true); err != nil {
			t.Fatal(err)
		}
		if u := load(); u.FailedLogins != 0 {
			t.Errorf("after a success: %d failures counted", u.FailedLogins)
		}

		// LockAttempts failures within the window lock for LockDuration.
		for i := 1; i <= huoshui.LockAttempts; i++ {
			u, err := failLogin(s, load())
			if err != nil {
				t.Fatal(err)
			}
			if got := u.Locked(c.now()); got != (i == huoshui.LockAttempts) {
				t.Errorf("after %d failures: locked %v", i, got)
			}
			c.add(time.Minute)
		}
		if u := load(); !u.Locked(c.now()) {
			t.Fatalf("stored account is not locked")
		}
		c.add(huoshui.LockDuration)
		if u := load(); u.Locked(c.now()) {
			t.Errorf("still locked after %v", huoshui.LockDuration)
		}

		// Unlock lifts a lock at once.
		for i := 0; i < huoshui.LockAttempts; i++ {
			failLogin(s, load())
		}
		if err := s.Unlock(ctx, actor, load().ID); err != nil {
			t.Fatal(err)
		}
		if u := load(); u.Locked(c.now()) || u.FailedLogins != 0 {
			t.Errorf("after unlock: locked %v, %d failures", u.Locked(c.now()), u.FailedLogins)
		}
		es, _, _ := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, Unplaced: true, Action: huoshui.AuditLock})
		if len(es) != 2 {
			t.Errorf("lock records: %d, want 2", len(es))
		}
	})
}

func openSession(t *testing.T, s *store.Store, u *huoshui.User, token string) {
	t.Helper()
	if err := s.CreateSession(context.Background(), &huoshui.Session{TokenHash: token, UserID: u.ID}); err != nil {
		t.Fatal(err)
	}
}

func sessionAlive(s *store.Store, token string) bool {
	_, _, err := s.FindSession(context.Background(), token)
	return err == nil
}

func TestSetPasswordEndsOtherSessions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := newTestUser(t, s, "wangli")
		other := newTestUser(t, s, "lisi")
		openSession(t, s, u, "mine")
		openSession(t, s, u, "phone")
		openSession(t, s, other, "someone-else")

		// The owner changes it: the session that did it stays.
		if err := s.SetPassword(ctx, actor, u.ID, testHash+"2", false, "mine"); err != nil {
			t.Fatal(err)
		}
		if !sessionAlive(s, "mine") || sessionAlive(s, "phone") || !sessionAlive(s, "someone-else") {
			t.Errorf("after a change: mine %v phone %v other account %v; want true false true", sessionAlive(s, "mine"), sessionAlive(s, "phone"), sessionAlive(s, "someone-else"))
		}
		// An administrator resets it: every session ends and a change is due.
		if err := s.SetPassword(ctx, actor, u.ID, testHash+"3", true, ""); err != nil {
			t.Fatal(err)
		}
		got, _ := s.FindUserByID(ctx, huoshui.Everything(), u.ID)
		if sessionAlive(s, "mine") || !got.MustChangePassword || got.PasswordHash != testHash+"3" {
			t.Errorf("after a reset: session %v, must change %v", sessionAlive(s, "mine"), got.MustChangePassword)
		}
		es, _, _ := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, Unplaced: true, ObjectType: "user", ObjectID: u.ID})
		if len(es) < 2 || es[0].Action != huoshui.AuditPasswordReset || es[1].Action != huoshui.AuditPasswordChange {
			t.Errorf("audit of the password changes: %+v", es)
		}
	})
}

func TestDisableUserEndsSessions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := newTestUser(t, s, "wangli")
		openSession(t, s, u, "mine")
		if err := s.DisableUser(ctx, actor, u.ID); err != nil {
			t.Fatal(err)
		}
		if sessionAlive(s, "mine") {
			t.Errorf("a disabled account's session lives on")
		}
		// A session made afterwards is refused too.
		openSession(t, s, u, "later")
		if sessionAlive(s, "later") {
			t.Errorf("FindSession accepts a disabled account")
		}
		// Disabling twice changes nothing and writes nothing.
		if err := s.DisableUser(ctx, actor, u.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.EnableUser(ctx, actor, u.ID); err != nil {
			t.Fatal(err)
		}
		openSession(t, s, u, "again")
		if !sessionAlive(s, "again") {
			t.Errorf("an enabled account cannot hold a session")
		}
		es, _, _ := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, ObjectType: "user", ObjectID: u.ID, Action: huoshui.AuditUpdate})
		if len(es) != 2 {
			t.Errorf("audit records: %d, want 2 (disable, enable)", len(es))
		}
		if err := s.DisableUser(ctx, actor, 999999); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("disable a missing account: %v", err)
		}
	})
}

func TestSessionExpiry(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := newUserClock(s)
		u := newTestUser(t, s, "wangli")

		// Idle: alive up to the idle limit, gone after it.
		openSession(t, s, u, "idle")
		c.add(huoshui.SessionIdle - time.Minute)
		if !sessionAlive(s, "idle") {
			t.Errorf("session gone before the idle limit")
		}
		c.add(2 * time.Minute)
		if sessionAlive(s, "idle") {
			t.Errorf("session alive after %v idle", huoshui.SessionIdle)
		}

		// Absolute: touched every 20 minutes it lives, but not past 12 hours.
		openSession(t, s, u, "busy")
		start := c.now()
		for c.now().Sub(start) < huoshui.SessionAbsolute-20*time.Minute {
			c.add(20 * time.Minute)
			if !sessionAlive(s, "busy") {
				t.Fatalf("busy session gone after %v", c.now().Sub(start))
			}
			if err := s.TouchSession(ctx, "busy"); err != nil {
				t.Fatal(err)
			}
		}
		c.t = start.Add(huoshui.SessionAbsolute + time.Minute)
		if sessionAlive(s, "busy") {
			t.Errorf("session alive after %v despite the absolute limit", huoshui.SessionAbsolute)
		}

		// DeleteExpiredSessions sweeps what is past either limit.
		openSession(t, s, u, "fresh")
		openSession(t, s, u, "stale")
		c.add(huoshui.SessionIdle + time.Minute)
		if err := s.TouchSession(ctx, "fresh"); err != nil {
			t.Fatal(err)
		}
		n, err := s.DeleteExpiredSessions(ctx)
		if err != nil || n != 1 {
			t.Errorf("swept %d (%v), want 1", n, err)
		}
		if !sessionAlive(s, "fresh") {
			t.Errorf("the sweep removed a live session")
		}
	})
}
