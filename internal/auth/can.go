package auth

import "github.com/huoshui/huoshui"

// Action is something a user asks to do.
type Action int

const (
	ViewOrg        Action = iota + 1 // see a node and its place in the tree
	ManageOrg                        // create, rename, move, archive nodes below
	ViewMember                       // see a member's record
	ViewSensitive                    // see ID numbers and phones unmasked
	EditMember                       // create, edit, archive, import members
	TransferMember                   // move a member out of or into a branch
	ViewAudit                        // browse the audit trail
	ManageAccounts                   // create accounts, reset passwords (system administrator)
	ManageRoles                      // grant roles, unlock accounts (security administrator)
)

// Object is what an action touches: a place in the tree, and for member
// records the member.
type Object struct {
	OrgPath  string
	MemberID int64
}

// grants says which actions each role allows over its node's subtree.
// A plain member's role reaches only their own record (see Scope).
var grants = map[huoshui.RoleKind][]Action{
	huoshui.RoleMember:          {ViewOrg},
	huoshui.RoleSecretary:       {ViewOrg, ViewMember, ViewSensitive, EditMember, TransferMember},
	huoshui.RoleDeputy:          {ViewOrg, ViewMember, ViewSensitive, EditMember, TransferMember},
	huoshui.RoleCommitteeMember: {ViewOrg, ViewMember, ViewSensitive, EditMember},
	huoshui.RoleOrganiser:       {ViewOrg, ManageOrg, ViewMember, ViewSensitive, EditMember, TransferMember},
	huoshui.RoleSysAdmin:        {ViewOrg, ManageAccounts},
	huoshui.RoleSecAdmin:        {ViewOrg, ManageRoles},
	huoshui.RoleAuditor:         {ViewOrg, ViewAudit},
}

func granted(k huoshui.RoleKind, a Action) bool {
	for _, x := range grants[k] {
		if x == a {
			return true
		}
	}
	return false
}

// Scope returns the part of the tree in which u may do a: the subtrees of
// the nodes where u holds a role that grants it, and for ViewMember the
// user's own record. List queries filter by it, so a list and a single
// record obey the same rule.
func Scope(u *huoshui.User, a Action) huoshui.Scope {
	var s huoshui.Scope
	if u == nil {
		return s
	}
	for _, r := range u.Roles {
		if granted(r.Kind, a) {
			s.Paths = appendPath(s.Paths, r.OrgPath)
		}
	}
	if a == ViewMember && u.MemberID != 0 {
		s.MemberID = u.MemberID
	}
	return s
}

// appendPath adds p unless a path already there covers it.
func appendPath(paths []string, p string) []string {
	for i, q := range paths {
		if huoshui.PathWithin(p, q) {
			return paths
		}
		if huoshui.PathWithin(q, p) {
			paths[i] = p
			return paths
		}
	}
	return append(paths, p)
}

// Can answers every request: may u do a to o? Handlers call it before they
// read or write; a record outside the answer is treated as not there (404).
func Can(u *huoshui.User, a Action, o Object) bool {
	if u == nil {
		return false
	}
	return Scope(u, a).Covers(o.OrgPath, o.MemberID)
}

// CanAnywhere reports whether u may do a somewhere: it decides which
// navigation entries a user sees.
func CanAnywhere(u *huoshui.User, a Action) bool {
	return !Scope(u, a).Empty()
}
