package auth

import (
	"slices"
	"strings"

	"github.com/huoshui/huoshui"
)

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
	ViewRecord                       // see a record kept at a node: a meeting, a chat room, a loan, a material
	EditRecord                       // create or change such a record
)

// Object is what an action touches, described by what the permission check
// needs and nothing else, so that a module never invents its own check:
//
//   - OrgPath: the node the thing belongs to — a member's branch, a
//     meeting's branch, the org a material is assigned to. Roles reach it
//     through the subtree they are held over.
//   - MemberID: for a member record, the member; the person themself may
//     see it (ViewMember).
//   - People: the member ids of the people the thing concerns directly —
//     a meeting's invitees, a chat room's members, a book's borrower.
//
// The rule for People: a person named there may do the actions that only
// look at the thing (PeopleMay: ViewRecord), wherever their own branch is,
// and nothing more. An invitee from another branch sees the meeting; only
// a role over the meeting's node lets anyone change it.
type Object struct {
	OrgPath  string
	MemberID int64
	People   []int64
}

// PeopleMay reports whether a person named in Object.People may do a to
// the object because they are named there.
func PeopleMay(a Action) bool { return a == ViewRecord }

// grants says which actions each role allows over its node's subtree.
// A plain member's role reaches only their own record (see Scope).
var grants = map[huoshui.RoleKind][]Action{
	huoshui.RoleMember:          {ViewOrg, ViewRecord},
	huoshui.RoleSecretary:       {ViewOrg, ViewMember, ViewSensitive, EditMember, TransferMember, ViewRecord, EditRecord},
	huoshui.RoleDeputy:          {ViewOrg, ViewMember, ViewSensitive, EditMember, TransferMember, ViewRecord, EditRecord},
	huoshui.RoleCommitteeMember: {ViewOrg, ViewMember, ViewSensitive, EditMember, ViewRecord, EditRecord},
	huoshui.RoleOrganiser:       {ViewOrg, ManageOrg, ViewMember, ViewSensitive, EditMember, TransferMember, ViewRecord, EditRecord},
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
// record obey the same rule. For an action people may do because they are
// named on a thing (PeopleMay), MemberID is the user's member id: a store
// listing such things adds those that name it among their people.
func Scope(u *huoshui.User, a Action) huoshui.Scope {
	var s huoshui.Scope
	if u == nil {
		return s
	}
	for _, r := range u.Roles {
		if granted(r.Kind, a) {
			s.Paths = appendPath(s.Paths, reach(r))
		}
	}
	if (a == ViewMember || PeopleMay(a)) && u.MemberID != 0 {
		s.MemberID = u.MemberID
	}
	return s
}

// reach is the node whose subtree role r reaches: its own node, except
// that a plain member's role held at a 党小组 reaches the group's branch,
// since a member sees their branch (docs/domain.md, "Roles").
func reach(r huoshui.Role) string {
	if r.Kind == huoshui.RoleMember && r.OrgKind == huoshui.OrgGroup {
		// "/1/2/4/" → "/1/2/"
		p := strings.TrimSuffix(r.OrgPath, "/")
		if i := strings.LastIndex(p, "/"); i > 0 {
			return p[:i+1]
		}
	}
	return r.OrgPath
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
	if Scope(u, a).Covers(o.OrgPath, o.MemberID) {
		return true
	}
	return PeopleMay(a) && u.MemberID != 0 && slices.Contains(o.People, u.MemberID)
}

// CanAnywhere reports whether u may do a somewhere: it decides which
// navigation entries a user sees.
func CanAnywhere(u *huoshui.User, a Action) bool {
	return !Scope(u, a).Empty()
}

// CanTakeSelfTest reports whether u may take self-tests on the question
// bank: a person with a member record and a place in the tree. The bank
// of an org is kept by those who may EditRecord at it; a member draws
// from the banks of Scope(u, ViewRecord)'s subtrees and of every org
// above them (a committee's questions are for its branches). A test is
// its member's alone: nobody else reads it, and officers learn of tests
// only counts (store.SelfTestStats).
func CanTakeSelfTest(u *huoshui.User) bool {
	return u != nil && u.MemberID != 0 && len(Scope(u, ViewRecord).Paths) > 0
}

// CanReportProgress reports whether u may add a progress report to a
// supervision task described by o (its org, and its lead and co-members
// as People): those who keep the org's records, and the people the task
// names, wherever their own branch is — they do the work and say how it
// goes. Marking it done, editing and archiving it stay with EditRecord.
func CanReportProgress(u *huoshui.User, o Object) bool {
	if Can(u, EditRecord, o) {
		return true
	}
	return u != nil && u.MemberID != 0 && slices.Contains(o.People, u.MemberID)
}
