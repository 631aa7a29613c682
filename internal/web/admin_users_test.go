package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/demo"
)

// findAccount finds an account by username.
func (e *env) findAccount(username string) *huoshui.User {
	e.T().Helper()
	u, err := e.store.FindUserByUsername(context.Background(), username)
	if err != nil {
		e.T().Fatalf("account %s: %v", username, err)
	}
	return u
}

// newAccount creates an account with the demo password and the given roles,
// ready to sign in.
func (e *env) newAccount(username string, roles ...huoshui.Role) *huoshui.User {
	e.T().Helper()
	hash, err := auth.HashPassword(demo.Password)
	if err != nil {
		e.T().Fatal(err)
	}
	u := &huoshui.User{Username: username, DisplayName: username, PasswordHash: hash, Roles: roles}
	if err := e.store.CreateUser(context.Background(), huoshui.Actor{Username: "test"}, u); err != nil {
		e.T().Fatalf("create %s: %v", username, err)
	}
	return u
}

func userURL(u *huoshui.User, suffix string) string {
	return fmt.Sprintf("/admin/users/%d%s", u.ID, suffix)
}

// msgNextTo is the message shown next to the input with id field.
func msgNextTo(r *response, field string) string {
	return strings.TrimSpace(r.doc().Find("#" + field).Parent().Find(".field-error").Text())
}

func TestAdminCreatesAccountThatMustChangePassword(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		sys := e.login("sysadmin")
		sys.get("/admin/users/new").wantStatus(http.StatusOK)

		// Refused input comes back with a message next to each field, and
		// the password is not sent back.
		r := sys.postForm("/admin/users", url.Values{
			"username": {"X"}, "display_name": {""}, "password": {"abcdefgh"},
		}).wantStatus(http.StatusUnprocessableEntity)
		for _, f := range []string{"username", "display_name", "password"} {
			if msgNextTo(r, f) == "" {
				t.Errorf("no message next to %s", f)
			}
		}
		if v := r.doc().Find("#password").AttrOr("value", ""); v != "" {
			t.Errorf("the password was sent back: %q", v)
		}
		if r.doc().Find("#username").AttrOr("value", "") != "X" {
			t.Errorf("the typed username was not kept")
		}

		// A member_id slipped into the form links nothing: administrators
		// do not reach member records through accounts.
		m := e.demoMember("何静怡")
		r = sys.postForm("/admin/users", url.Values{
			"username": {"hejingyi"}, "display_name": {"何静怡"}, "member_id": {fmt.Sprint(m.ID)}, "password": {"Chushi#2026"},
		}).wantStatus(http.StatusSeeOther)
		u := e.findAccount("hejingyi")
		if want := userURL(u, ""); r.Header.Get("Location") != want {
			t.Errorf("after create: to %s, want %s", r.Header.Get("Location"), want)
		}
		if !u.MustChangePassword || len(u.Roles) != 0 || u.MemberID != 0 {
			t.Errorf("stored account: must change %v, roles %v, member %d; want true, none, 0", u.MustChangePassword, u.Roles, u.MemberID)
		}
		if body := sys.get(userURL(u, "")).wantStatus(http.StatusOK).Body; !strings.Contains(body, "账号已建立") {
			t.Errorf("no notice after creating the account")
		}
		// The same username again is refused.
		r = sys.postForm("/admin/users", url.Values{"username": {"hejingyi"}, "display_name": {"何静怡"}, "password": {"Chushi#2026"}}).
			wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(msgNextTo(r, "username"), "已被使用") {
			t.Errorf("duplicate username: message %q", msgNextTo(r, "username"))
		}

		// The new user signs in and must change the password before anything else.
		c := e.client()
		r = c.postForm("/login", url.Values{"username": {"hejingyi"}, "password": {"Chushi#2026"}}).wantStatus(http.StatusSeeOther)
		if r.Header.Get("Location") != "/password" {
			t.Fatalf("first sign-in goes to %s, want /password", r.Header.Get("Location"))
		}
		if r := c.get("/"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/password" {
			t.Fatalf("before changing the password, / answers %d %s; want 303 /password", r.StatusCode, r.Header.Get("Location"))
		}
		c.postForm("/password", url.Values{"current": {"Chushi#2026"}, "password": {"Xinmima#2026"}, "confirm": {"Xinmima#2026"}}).
			wantStatus(http.StatusSeeOther)
		c.get("/").wantStatus(http.StatusOK)
	})
}

func TestAdminResetsPassword(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		sys := e.login("sysadmin")
		target := e.findAccount("member")
		owner := e.login("member") // signed in before the reset

		doc := sys.get(userURL(target, "?do=reset")).wantStatus(http.StatusOK).doc()
		if doc.Find(`form[action="`+userURL(target, "/reset")+`"]`).Length() != 1 {
			t.Fatalf("the reset confirmation has no form")
		}
		// A typed temporary password must meet the rules.
		r := sys.postForm(userURL(target, "/reset"), url.Values{"password": {"short"}}).wantStatus(http.StatusUnprocessableEntity)
		if msgNextTo(r, "reset-password") == "" {
			t.Errorf("weak temporary password: no message next to the field")
		}
		sys.postForm(userURL(target, "/reset"), url.Values{"password": {"Linshi#2026"}}).wantStatus(http.StatusSeeOther)

		if r := owner.get("/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Errorf("the owner's session survived the reset: %d %s", r.StatusCode, r.Header.Get("Location"))
		}
		e.client().postForm("/login", url.Values{"username": {"member"}, "password": {demo.Password}}).wantStatus(http.StatusUnauthorized)
		r = e.client().postForm("/login", url.Values{"username": {"member"}, "password": {"Linshi#2026"}}).wantStatus(http.StatusSeeOther)
		if r.Header.Get("Location") != "/password" {
			t.Errorf("after a reset the sign-in goes to %s, want /password", r.Header.Get("Location"))
		}

		// Left empty, the system makes a password and shows it once.
		r = sys.postForm(userURL(target, "/reset"), url.Values{"password": {""}}).wantStatus(http.StatusOK)
		pw := strings.TrimSpace(r.doc().Find("#new-password").Text())
		if err := huoshui.CheckPassword(pw, "member"); err != nil {
			t.Fatalf("generated password %q breaks the rules: %v", pw, err)
		}
		if strings.Contains(sys.get(userURL(target, "")).Body, pw) {
			t.Errorf("the generated password is shown again")
		}
		r = e.client().postForm("/login", url.Values{"username": {"member"}, "password": {pw}}).wantStatus(http.StatusSeeOther)
		if r.Header.Get("Location") != "/password" {
			t.Errorf("sign-in with the generated password goes to %s, want /password", r.Header.Get("Location"))
		}
	})
}

func TestAdminDisablesAndEnables(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		sys := e.login("sysadmin")
		target := e.findAccount("member")
		owner := e.login("member")

		body := sys.get(userURL(target, "?do=disable")).wantStatus(http.StatusOK).Body
		if !strings.Contains(body, "不能再登录") {
			t.Errorf("the disable confirmation does not say what will happen")
		}
		sys.postForm(userURL(target, "/disable"), nil).wantStatus(http.StatusSeeOther)
		if r := owner.get("/"); r.StatusCode != http.StatusSeeOther {
			t.Errorf("a disabled account is still signed in (%d)", r.StatusCode)
		}
		e.client().postForm("/login", url.Values{"username": {"member"}, "password": {demo.Password}}).wantStatus(http.StatusUnauthorized)
		if !strings.Contains(sys.get(userURL(target, "")).Body, "已停用") {
			t.Errorf("the account page does not say it is disabled")
		}
		list := sys.get("/admin/users?status=disabled").wantStatus(http.StatusOK).doc()
		if got := strings.TrimSpace(list.Find("tbody td a").Text()); got != "member" {
			t.Errorf("disabled accounts listed: %q, want member", got)
		}

		sys.postForm(userURL(target, "/enable"), nil).wantStatus(http.StatusSeeOther)
		e.client().postForm("/login", url.Values{"username": {"member"}, "password": {demo.Password}}).wantStatus(http.StatusSeeOther)
	})
}

func TestAdminGrantsAndRevokesRoles(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		sec := e.login("secadmin")
		general := e.demoOrg(demo.SecondBranch)
		secretariat := e.demoOrg(demo.BranchName)
		target := e.newAccount("guolixin")

		sec.postForm(userURL(target, "/roles"), url.Values{"kind": {"secretary"}, "org_id": {fmt.Sprint(general.ID)}}).
			wantStatus(http.StatusSeeOther)
		u := e.findAccount("guolixin")
		if len(u.Roles) != 1 || u.Roles[0].Kind != huoshui.RoleSecretary || u.Roles[0].OrgID != general.ID {
			t.Fatalf("roles after grant: %+v", u.Roles)
		}
		// The new secretary sees the members of 综合处 and not those of the
		// branch beside it.
		sc := auth.Scope(u, auth.ViewMember)
		if !sc.Covers(e.demoMember("郭立新").OrgPath, 0) || sc.Covers(e.demoMember("李明远").OrgPath, 0) {
			t.Errorf("secretary's member scope %+v", sc)
		}

		cases := []struct {
			name, kind string
			org        int64
			field, msg string
		}{
			{"an administrator beside another role", "sysadmin", general.ID, "kind", "三权分立"},
			{"the audit role, kept on the server", "auditor", general.ID, "kind", "服务器"},
			{"the same role twice", "secretary", general.ID, "kind", "已经担任"},
			{"no such role", "chairman", general.ID, "kind", "请从列表"},
			{"no node", "member", 0, "org_id", "请从列表"},
			{"unknown node", "member", 999999, "org_id", "请从列表"},
		}
		for _, tc := range cases {
			r := sec.postForm(userURL(target, "/roles"), url.Values{"kind": {tc.kind}, "org_id": {fmt.Sprint(tc.org)}}).
				wantStatus(http.StatusUnprocessableEntity)
			if got := msgNextTo(r, tc.field); !strings.Contains(got, tc.msg) {
				t.Errorf("%s: message next to %s is %q, want it to say %q", tc.name, tc.field, got, tc.msg)
			}
		}
		if n := len(e.findAccount("guolixin").Roles); n != 1 {
			t.Errorf("refused grants changed the roles: %d roles", n)
		}

		// A second role at another branch, then revoke the first.
		sec.postForm(userURL(target, "/roles"), url.Values{"kind": {"member"}, "org_id": {fmt.Sprint(secretariat.ID)}}).
			wantStatus(http.StatusSeeOther)
		first := u.Roles[0]
		body := sec.get(userURL(target, fmt.Sprintf("?do=revoke&role=%d", first.ID))).wantStatus(http.StatusOK).Body
		if !strings.Contains(body, "不再担任") {
			t.Errorf("the revoke confirmation does not say what will happen")
		}
		sec.postForm(userURL(target, fmt.Sprintf("/roles/%d/revoke", first.ID)), nil).wantStatus(http.StatusSeeOther)
		u = e.findAccount("guolixin")
		if len(u.Roles) != 1 || u.Roles[0].Kind != huoshui.RoleMember {
			t.Errorf("roles after revoke: %+v", u.Roles)
		}
		if auth.Scope(u, auth.ViewMember).Covers(e.demoMember("郭立新").OrgPath, 0) {
			t.Errorf("the revoked secretary still sees 综合处")
		}
		// A role of another account cannot be revoked through this one.
		other := e.findAccount("secretary")
		sec.postForm(userURL(target, fmt.Sprintf("/roles/%d/revoke", other.Roles[0].ID)), nil).wantStatus(http.StatusNotFound)
	})
}

func TestAdminSeparationOfDuties(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		member := e.findAccount("member")
		auditor := e.findAccount("auditor")
		branch := e.demoOrg(demo.BranchName)
		grant := url.Values{"kind": {"deputy"}, "org_id": {fmt.Sprint(branch.ID)}}
		cases := []struct {
			who, method, path string
			form              url.Values
			want              int
		}{
			{"sysadmin", "GET", "/admin/users", nil, http.StatusOK},
			{"sysadmin", "POST", userURL(member, "/roles"), grant, http.StatusForbidden},
			{"sysadmin", "POST", userURL(member, "/unlock"), nil, http.StatusForbidden},
			// A page one has no right to anywhere is 403; a record outside
			// one's part of the tree is 404 (ARCHITECTURE.md).
			{"sysadmin", "GET", "/audit", nil, http.StatusForbidden},
			// Resetting the auditor would let the sysadmin sign in as them.
			{"sysadmin", "POST", userURL(auditor, "/reset"), url.Values{"password": {"Linshi#2026"}}, http.StatusForbidden},
			{"sysadmin", "POST", userURL(auditor, "/disable"), nil, http.StatusForbidden},
			{"secadmin", "GET", "/admin/users", nil, http.StatusOK},
			{"secadmin", "GET", "/admin/users/new", nil, http.StatusForbidden},
			{"secadmin", "POST", "/admin/users", url.Values{"username": {"x123"}, "display_name": {"x"}, "password": {"Chushi#2026"}}, http.StatusForbidden},
			{"secadmin", "POST", userURL(member, "/reset"), url.Values{"password": {"Linshi#2026"}}, http.StatusForbidden},
			{"secadmin", "POST", userURL(member, "/disable"), nil, http.StatusForbidden},
			{"secadmin", "GET", "/audit", nil, http.StatusForbidden},
			{"auditor", "GET", "/admin/users", nil, http.StatusForbidden},
			{"auditor", "GET", userURL(member, ""), nil, http.StatusNotFound},
			{"auditor", "POST", userURL(member, "/disable"), nil, http.StatusNotFound},
			{"auditor", "GET", "/audit", nil, http.StatusOK},
			{"secretary", "GET", "/audit", nil, http.StatusForbidden},
			{"secretary", "GET", "/admin/users", nil, http.StatusForbidden},
			{"secretary", "POST", userURL(member, "/reset"), url.Values{"password": {"Linshi#2026"}}, http.StatusNotFound},
			{"organiser", "GET", "/admin/users/new", nil, http.StatusForbidden},
			{"member", "GET", "/audit", nil, http.StatusForbidden},
		}
		clients := map[string]*client{}
		for _, tc := range cases {
			c, ok := clients[tc.who]
			if !ok {
				c = e.login(tc.who)
				clients[tc.who] = c
			}
			var r *response
			if tc.method == "GET" {
				r = c.get(tc.path)
			} else {
				r = c.postForm(tc.path, tc.form)
			}
			if r.StatusCode != tc.want {
				t.Errorf("%s %s %s: %d, want %d", tc.who, tc.method, tc.path, r.StatusCode, tc.want)
			}
		}
		// Nothing changed on the way.
		if u := e.findAccount("member"); len(u.Roles) != 1 || u.DisabledAt != nil || u.MustChangePassword {
			t.Errorf("refused requests changed the account: %+v", u)
		}
	})
}

func TestAdminCannotChangeOwnAccount(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	sys, sec := e.login("sysadmin"), e.login("secadmin")
	self := e.findAccount("sysadmin")
	secSelf := e.findAccount("secadmin")
	cases := []struct {
		c    *client
		path string
		form url.Values
	}{
		{sys, userURL(self, "/reset"), url.Values{"password": {"Linshi#2026"}}},
		{sys, userURL(self, "/disable"), nil},
		{sec, userURL(secSelf, "/roles"), url.Values{"kind": {"sysadmin"}, "org_id": {fmt.Sprint(secSelf.Roles[0].OrgID)}}},
		{sec, userURL(secSelf, fmt.Sprintf("/roles/%d/revoke", secSelf.Roles[0].ID)), nil},
		{sec, userURL(secSelf, "/unlock"), nil},
	}
	for _, tc := range cases {
		r := tc.c.postForm(tc.path, tc.form).wantStatus(http.StatusForbidden)
		if !strings.Contains(r.Body, "不能修改本人的账号") {
			t.Errorf("%s: the refusal does not say why", tc.path)
		}
	}
	if u := e.findAccount("secadmin"); len(u.Roles) != 1 || u.Roles[0].Kind != huoshui.RoleSecAdmin {
		t.Errorf("secadmin's roles changed: %+v", u.Roles)
	}
	// The own account's page offers none of these actions.
	doc := sys.get(userURL(self, "")).wantStatus(http.StatusOK).doc()
	if doc.Find(`a[href*="do=reset"], a[href*="do=disable"]`).Length() != 0 {
		t.Errorf("the own account's page offers a reset or disable")
	}
}

func TestAdminUnlocksAccount(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		bad := url.Values{"username": {"member"}, "password": {"wrong-password"}}
		for i := 0; i < huoshui.LockAttempts; i++ {
			e.client().postForm("/login", bad)
		}
		good := url.Values{"username": {"member"}, "password": {demo.Password}}
		e.client().postForm("/login", good).wantStatus(http.StatusLocked)

		sec := e.login("secadmin")
		target := e.findAccount("member")
		doc := sec.get(userURL(target, "")).wantStatus(http.StatusOK).doc()
		if doc.Find(`form[action="`+userURL(target, "/unlock")+`"]`).Length() != 1 || !strings.Contains(doc.Text(), "已锁定") {
			t.Fatalf("the locked account's page offers no unlock")
		}
		sec.postForm(userURL(target, "/unlock"), nil).wantStatus(http.StatusSeeOther)
		e.client().postForm("/login", good).wantStatus(http.StatusSeeOther)
	})
}

func TestAdminScopeFollowsTheTree(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	branch := e.demoOrg(demo.BranchName)
	e.newAccount("branchsys", huoshui.Role{OrgID: branch.ID, Kind: huoshui.RoleSysAdmin})
	loose := e.newAccount("noroles")
	c := e.login("branchsys")

	doc := c.get("/admin/users").wantStatus(http.StatusOK).doc()
	var listed []string
	doc.Find("tbody td:first-child a").Each(func(_ int, s *goquery.Selection) { listed = append(listed, s.Text()) })
	want := "branchsys,member,secretary"
	if got := strings.Join(listed, ","); got != want {
		t.Errorf("a branch administrator lists %s, want %s", got, want)
	}
	// Accounts elsewhere in the tree, and accounts with no role, are not there.
	for _, u := range []*huoshui.User{e.findAccount("organiser"), e.findAccount("secadmin"), loose} {
		c.get(userURL(u, "")).wantStatus(http.StatusNotFound)
		c.postForm(userURL(u, "/reset"), url.Values{"password": {"Linshi#2026"}}).wantStatus(http.StatusNotFound)
	}
	c.get(userURL(e.findAccount("secretary"), "")).wantStatus(http.StatusOK)

	// The committee's administrator sees the account with no role.
	if !strings.Contains(e.login("sysadmin").get("/admin/users?q=noroles").Body, "noroles") {
		t.Errorf("the root administrator does not list the account with no role")
	}
}
