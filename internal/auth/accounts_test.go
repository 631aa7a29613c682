package auth

import (
	"errors"
	"testing"

	"github.com/huoshui/huoshui"
)

// account is an account with an id, holding roles.
func account(id int64, roles ...huoshui.Role) *huoshui.User {
	return &huoshui.User{ID: id, Roles: roles}
}

// outcome names what an account rule answered.
func outcome(err error) string {
	var d *Denied
	var ve *huoshui.ValidationError
	switch {
	case err == nil:
		return "yes"
	case errors.As(err, &d):
		return d.Code
	case errors.As(err, &ve):
		return "invalid:" + ve.Fields[0].Code
	case errors.Is(err, huoshui.ErrNotFound):
		return "404"
	case errors.Is(err, huoshui.ErrForbidden):
		return "403"
	}
	return err.Error()
}

func TestAccountRules(t *testing.T) {
	t.Parallel()
	sysadmin := account(1, role(huoshui.RoleSysAdmin, "/1/"))
	secadmin := account(2, role(huoshui.RoleSecAdmin, "/1/"))
	auditor := account(3, role(huoshui.RoleAuditor, "/1/"))
	branchSys := account(4, role(huoshui.RoleSysAdmin, "/1/2/"))
	secretary := account(10, role(huoshui.RoleSecretary, "/1/2/"))
	neighbour := account(11, role(huoshui.RoleSecretary, "/1/3/"))
	spread := account(12, role(huoshui.RoleMember, "/1/2/"), role(huoshui.RoleMember, "/1/3/"))
	fresh := account(13)
	cases := []struct {
		name string
		u, t *huoshui.User
		a    Action
		want string
	}{
		{"sysadmin resets a secretary", sysadmin, secretary, ManageAccounts, "yes"},
		{"sysadmin may not reset the security administrator", sysadmin, secadmin, ManageAccounts, DeniedAdminAccount},
		{"sysadmin may not reset the auditor", sysadmin, auditor, ManageAccounts, DeniedAdminAccount},
		{"sysadmin may not reset themself", sysadmin, sysadmin, ManageAccounts, DeniedSelf},
		{"sysadmin sees but does not grant", sysadmin, secretary, ManageRoles, "403"},
		{"secadmin grants to a secretary", secadmin, secretary, ManageRoles, "yes"},
		{"secadmin unlocks the auditor", secadmin, auditor, ManageRoles, "yes"},
		{"secadmin does not reset passwords", secadmin, secretary, ManageAccounts, "403"},
		{"a root administrator manages an account with no role", sysadmin, fresh, ManageAccounts, "yes"},
		{"a branch administrator does not see an account with no role", branchSys, fresh, ManageAccounts, "404"},
		{"a branch administrator manages its branch", branchSys, secretary, ManageAccounts, "yes"},
		{"a branch administrator does not see the next branch", branchSys, neighbour, ManageAccounts, "404"},
		{"an account with one role outside is outside", branchSys, spread, ManageAccounts, "404"},
		{"the auditor administers nobody", auditor, secretary, ManageRoles, "404"},
		{"a secretary administers nobody", secretary, spread, ManageAccounts, "404"},
		{"nobody signed in", nil, secretary, ManageAccounts, "404"},
	}
	for _, c := range cases {
		if got := outcome(CanAdminister(c.u, c.t, c.a)); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
		if Manages(c.u, c.t, c.a) != (c.want == "yes") {
			t.Errorf("%s: Manages disagrees with CanAdminister", c.name)
		}
	}
	if !CanCreateAccount(sysadmin) || CanCreateAccount(secadmin) || CanCreateAccount(secretary) {
		t.Error("only the system administrator creates accounts")
	}
	if s := AccountScope(secretary); !s.Empty() {
		t.Errorf("a secretary's account scope %+v, want empty", s)
	}
}

// The audit role is granted and revoked only on the server: otherwise the
// security administrator could revoke it, nobody could read the audit
// trail, and the system administrator could then reset the former
// auditor's account.
func TestRoleRules(t *testing.T) {
	t.Parallel()
	secadmin := account(2, role(huoshui.RoleSecAdmin, "/1/"))
	branchSec := account(5, role(huoshui.RoleSecAdmin, "/1/2/"))
	auditor := account(3, role(huoshui.RoleAuditor, "/1/"))
	secretary := account(10, role(huoshui.RoleSecretary, "/1/2/"))
	fresh := account(13)
	grants := []struct {
		name string
		u, t *huoshui.User
		r    huoshui.Role
		want string
	}{
		{"a secretary's role in the tree", secadmin, secretary, role(huoshui.RoleDeputy, "/1/2/"), "yes"},
		{"an administrator's role to a new account", secadmin, fresh, role(huoshui.RoleSysAdmin, "/1/"), "invalid:role.admin_cli"},
		{"the audit role", secadmin, fresh, role(huoshui.RoleAuditor, "/1/"), "invalid:role.audit_cli"},
		{"a kind that is no role", secadmin, secretary, role("king", "/1/2/"), "invalid:invalid_choice"},
		{"a node outside the administrator's part", branchSec, secretary, role(huoshui.RoleMember, "/1/3/"), "invalid:role.org_choose"},
		{"no node", secadmin, secretary, role(huoshui.RoleMember, ""), "invalid:role.org_choose"},
		{"to oneself", secadmin, secadmin, role(huoshui.RoleMember, "/1/"), DeniedSelf},
		{"an account outside", branchSec, account(11, role(huoshui.RoleMember, "/1/3/")), role(huoshui.RoleMember, "/1/2/"), "404"},
	}
	for _, c := range grants {
		if got := outcome(CanGrantRole(c.u, c.t, c.r)); got != c.want {
			t.Errorf("grant %s: %s, want %s", c.name, got, c.want)
		}
	}
	revokes := []struct {
		name string
		u, t *huoshui.User
		r    huoshui.Role
		want string
	}{
		{"a secretary's role", secadmin, secretary, secretary.Roles[0], "yes"},
		{"the auditor's role", secadmin, auditor, auditor.Roles[0], DeniedAuditRole},
		{"one's own role", secadmin, secadmin, secadmin.Roles[0], DeniedSelf},
	}
	for _, c := range revokes {
		if got := outcome(CanRevokeRole(c.u, c.t, c.r)); got != c.want {
			t.Errorf("revoke %s: %s, want %s", c.name, got, c.want)
		}
	}
	for _, k := range GrantableKinds(secadmin) {
		if k == huoshui.RoleAuditor {
			t.Error("the audit role is offered on the pages")
		}
	}
	if len(GrantableKinds(account(1, role(huoshui.RoleSysAdmin, "/1/")))) != 0 {
		t.Error("the system administrator is offered roles to grant")
	}
}

// Either administrator who manages an officer withdraws their open reset;
// nobody withdraws one on their own account, and nobody else at all.
func TestCanWithdrawReset(t *testing.T) {
	sysadmin := account(1, role(huoshui.RoleSysAdmin, "/1/"))
	secadmin := account(2, role(huoshui.RoleSecAdmin, "/1/"))
	auditor := account(3, role(huoshui.RoleAuditor, "/1/"))
	branchSec := account(5, role(huoshui.RoleSecAdmin, "/1/3/"))
	secretary := account(10, role(huoshui.RoleSecretary, "/1/2/"))
	organiser := account(20, role(huoshui.RoleOrganiser, "/1/"))
	for _, c := range []struct {
		name string
		u, t *huoshui.User
		want string
	}{
		{"the system administrator who asked", sysadmin, secretary, "yes"},
		{"the security administrator who would approve", secadmin, secretary, "yes"},
		{"the auditor", auditor, secretary, "404"},
		{"a security administrator of another branch", branchSec, secretary, "404"},
		{"an organiser, no administrator", organiser, secretary, "404"},
		{"one's own account", secadmin, secadmin, DeniedSelf},
		{"nobody signed in", nil, secretary, "404"},
	} {
		if got := outcome(CanWithdrawReset(c.u, c.t)); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}
