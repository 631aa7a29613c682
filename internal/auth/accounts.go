package auth

import (
	"fmt"

	"github.com/huoshui/huoshui"
)

// The rules of account administration, split by 三权分立: the system
// administrator (ManageAccounts) creates accounts, resets passwords and
// disables or enables accounts; the security administrator (ManageRoles)
// grants and revokes roles and unlocks accounts. Neither sees member
// records or the audit trail.
//
// Which accounts an administrator manages: those whose roles all lie in the
// subtree of the administrator's node (huoshui.User.Within). An account
// with no role sits nowhere in the tree; only administrators whose scope
// reaches a root manage it. Accounts outside answer 404, like every record
// outside a reader's part of the tree.
//
// What nobody does through the pages: change their own account or roles
// (they could raise their own rights); reset, disable or enable another
// administrator's account (the system administrator could sign in as the
// security or audit administrator); grant or revoke the audit role (the
// security administrator could silence the audit trail, and then the
// system administrator could reset the auditor's account); grant the
// system or security administrator's role (the security administrator
// could make a personal account a system administrator and do both steps
// of a two-person reset). Those are done on the server with `huoshui user`.

// Denied is a refusal the reader is told about: Code is a message id
// saying why. It wraps huoshui.ErrForbidden (403).
type Denied struct{ Code string }

func (d *Denied) Error() string { return "auth: denied: " + d.Code }

// Unwrap makes a Denied an huoshui.ErrForbidden.
func (d *Denied) Unwrap() error { return huoshui.ErrForbidden }

// Reasons a Denied gives (message ids).
const (
	DeniedSelf         = "admin.self_forbidden"    // one's own account
	DeniedAdminAccount = "admin.admin_account_cli" // another administrator's password or status
	DeniedAuditRole    = "admin.audit_role_cli"    // the audit role
)

// AccountScope is the part of the tree whose accounts u administers in
// either capacity: the accounts u may list and open. Store reads of
// accounts take it (store.FindUsers, store.FindUserByID).
func AccountScope(u *huoshui.User) huoshui.Scope {
	a, r := Scope(u, ManageAccounts), Scope(u, ManageRoles)
	s := huoshui.Scope{All: a.All || r.All}
	for _, p := range append(a.Paths, r.Paths...) {
		s.Paths = appendPath(s.Paths, p)
	}
	return s
}

// CanCreateAccount reports whether u may create accounts. A new account
// holds no role; the security administrator grants them.
func CanCreateAccount(u *huoshui.User) bool { return CanAnywhere(u, ManageAccounts) }

// Manages reports whether u manages account t in the capacity a
// (ManageAccounts or ManageRoles): t lies within u's scope for a and is not
// u's own account. It decides which buttons an account's page shows.
func Manages(u, t *huoshui.User, a Action) bool {
	return CanAdminister(u, t, a) == nil
}

// CanAdminister answers whether u may act on account t in the capacity a
// (ManageAccounts: reset its password, disable or enable it; ManageRoles:
// grant, revoke, unlock). nil means yes; huoshui.ErrNotFound means t is
// not an account u administers at all; a *Denied says why not;
// huoshui.ErrForbidden alone means u sees t only in the other capacity.
func CanAdminister(u, t *huoshui.User, a Action) error {
	if u == nil || t == nil || !t.Within(AccountScope(u)) || AccountScope(u).Empty() {
		return fmt.Errorf("auth: account: %w", huoshui.ErrNotFound)
	}
	if t.ID == u.ID {
		return &Denied{DeniedSelf}
	}
	if a == ManageAccounts && HoldsAdminRole(t) {
		return &Denied{DeniedAdminAccount}
	}
	sc := Scope(u, a)
	if (a != ManageAccounts && a != ManageRoles) || sc.Empty() || !t.Within(sc) {
		return fmt.Errorf("auth: account %d: %w", t.ID, huoshui.ErrForbidden)
	}
	return nil
}

// GrantableKinds lists the roles u may grant through the pages: every kind
// but the three administrators', when u may grant roles at all.
func GrantableKinds(u *huoshui.User) []huoshui.RoleKind {
	if !CanAnywhere(u, ManageRoles) {
		return nil
	}
	var out []huoshui.RoleKind
	for _, k := range huoshui.RoleKinds {
		if !k.Admin() {
			out = append(out, k)
		}
	}
	return out
}

// CanGrantRole answers whether u may give account t the role r at the node
// whose path is r.OrgPath (the node is found by the caller; an archived
// one is refused by the store). Problems with the choice itself come back
// as a *huoshui.ValidationError, for the form: a kind that is not a role
// ("invalid_choice") or is the audit role ("role.audit_cli"), a node
// outside u's part of the tree ("role.org_choose" on "org_id"). The separation of the administrators is the store's rule
// (huoshui.CheckRoles), which holds under concurrent grants.
func CanGrantRole(u, t *huoshui.User, r huoshui.Role) error {
	if err := CanAdminister(u, t, ManageRoles); err != nil {
		return err
	}
	v := &huoshui.ValidationError{}
	switch {
	case !r.Kind.Valid():
		v.Add("role", "invalid_choice")
	case r.Kind == huoshui.RoleAuditor:
		v.Add("role", "role.audit_cli")
	case r.Kind.Admin():
		// The security administrator would make a personal account of
		// their own a system administrator, and then both ask for and
		// approve an officer's password reset.
		v.Add("role", "role.admin_cli")
	}
	if r.OrgPath == "" || !Scope(u, ManageRoles).Covers(r.OrgPath, 0) {
		v.Add("org_id", "role.org_choose")
	}
	return v.Err()
}

// CanRevokeRole answers whether u may take role r away from account t.
// The audit role is revoked only on the server.
func CanRevokeRole(u, t *huoshui.User, r huoshui.Role) error {
	if err := CanAdminister(u, t, ManageRoles); err != nil {
		return err
	}
	if r.Kind == huoshui.RoleAuditor {
		return &Denied{DeniedAuditRole}
	}
	return nil
}

// HoldsAdminRole reports whether t is one of the three administrators.
func HoldsAdminRole(t *huoshui.User) bool {
	for _, r := range t.Roles {
		if r.Kind.Admin() {
			return true
		}
	}
	return false
}

// CanWithdrawReset answers whether u may withdraw the open two-person
// password reset of account t: either administrator who manages t may (the
// system administrator who asked, the security administrator who would
// approve), never for their own account. nil means yes.
func CanWithdrawReset(u, t *huoshui.User) error {
	if u == nil || t == nil || !t.Within(AccountScope(u)) || AccountScope(u).Empty() {
		return fmt.Errorf("auth: account: %w", huoshui.ErrNotFound)
	}
	if t.ID == u.ID {
		return &Denied{DeniedSelf}
	}
	if !t.Within(Scope(u, ManageAccounts)) && !t.Within(Scope(u, ManageRoles)) {
		return fmt.Errorf("auth: withdraw reset of %d: %w", t.ID, huoshui.ErrForbidden)
	}
	return nil
}
