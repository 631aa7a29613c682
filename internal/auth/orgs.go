package auth

import (
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
)

// The rules of restructuring the tree (ManageOrg, the organisers): who may
// rename a node, add below it, move it and archive it. Whether a kind may
// sit under another is the domain's rule (huoshui.OrgKind.CanParent), and
// whether a node is archived or empty is the store's; these say only who.

func orgObject(o *huoshui.Org) Object { return Object{OrgPath: o.Path} }

// parentPath is the path of o's parent, or "" for a root.
func parentPath(o *huoshui.Org) string {
	if o.ParentID == 0 {
		return ""
	}
	return strings.TrimSuffix(o.Path, strconv.FormatInt(o.ID, 10)+"/")
}

// A branch's secretary and deputy secretary run their own branch: they
// create and rename its 党小组 and record its committee, without ManageOrg.
// That reaches the node their role is held at and its groups, never the
// branches beside or below it, and never moves or archives a node.

// runs reports whether u is the secretary or deputy secretary of the node
// at path: holds the role at that very node, not above it.
func runs(u *huoshui.User, path string) bool {
	if u == nil || path == "" {
		return false
	}
	for _, r := range u.Roles {
		if (r.Kind == huoshui.RoleSecretary || r.Kind == huoshui.RoleDeputy) && r.OrgPath == path {
			return true
		}
	}
	return false
}

// CanRenameOrg reports whether u may rename o (and set its short name):
// u manages it, or o is a 党小组 of the branch u runs.
func CanRenameOrg(u *huoshui.User, o *huoshui.Org) bool {
	return Can(u, ManageOrg, orgObject(o)) || (o.Kind == huoshui.OrgGroup && runs(u, parentPath(o)))
}

// CanRecordCommittee reports whether u may record o's elected committee
// (its election and term-end dates): u manages o, or runs it. A 党小组
// has no committee.
func CanRecordCommittee(u *huoshui.User, o *huoshui.Org) bool {
	return o.Kind != huoshui.OrgGroup && (Can(u, ManageOrg, orgObject(o)) || runs(u, o.Path))
}

// CanEditOrg reports whether u may open o's form: rename it or record
// its committee.
func CanEditOrg(u *huoshui.User, o *huoshui.Org) bool {
	return CanRenameOrg(u, o) || CanRecordCommittee(u, o)
}

// CreatableKinds lists the kinds of node u may add under parent, top
// first: every kind the parent may hold for those who manage it; only
// 党小组 under the branch a secretary runs; none otherwise.
func CreatableKinds(u *huoshui.User, parent *huoshui.Org) []huoshui.OrgKind {
	manages := Can(u, ManageOrg, orgObject(parent))
	var out []huoshui.OrgKind
	for _, k := range huoshui.OrgKinds {
		if parent.Kind.CanParent(k) && (manages || (k == huoshui.OrgGroup && runs(u, parent.Path))) {
			out = append(out, k)
		}
	}
	return out
}

// CanCreateUnder reports whether u may add a node under parent: some kind
// of node (CreatableKinds).
func CanCreateUnder(u *huoshui.User, parent *huoshui.Org) bool {
	return len(CreatableKinds(u, parent)) > 0
}

// CanRestructure reports whether u may move or archive o: that needs the
// right over its parent too, so nobody moves or archives the node their
// own role sits on, and a root stays where it is.
func CanRestructure(u *huoshui.User, o *huoshui.Org) bool {
	pp := parentPath(o)
	return pp != "" && Can(u, ManageOrg, orgObject(o)) && Can(u, ManageOrg, Object{OrgPath: pp})
}

// CanMoveUnder reports whether u may move o under target: u may
// restructure o and manages target. (Whether target may hold o, and is
// outside o's own subtree, is the domain's and the store's rule.)
func CanMoveUnder(u *huoshui.User, o, target *huoshui.Org) bool {
	return CanRestructure(u, o) && Can(u, ManageOrg, orgObject(target))
}

// CanOpenMemberAccounts reports whether u may open member-role accounts,
// with one-time sign-in codes, for the members of the branch at
// branchPath: u runs that branch. Such an account holds the member role
// at the branch and nothing else; officers' and administrators' accounts
// stay with the administrators.
func CanOpenMemberAccounts(u *huoshui.User, branchPath string) bool {
	return runs(u, branchPath)
}
