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

// CanEditOrg reports whether u may rename o and record its committee.
func CanEditOrg(u *huoshui.User, o *huoshui.Org) bool {
	return Can(u, ManageOrg, orgObject(o))
}

// CanCreateUnder reports whether u may add a node under parent: u manages
// the parent and the parent may hold some kind of node.
func CanCreateUnder(u *huoshui.User, parent *huoshui.Org) bool {
	if !Can(u, ManageOrg, orgObject(parent)) {
		return false
	}
	for _, k := range huoshui.OrgKinds {
		if parent.Kind.CanParent(k) {
			return true
		}
	}
	return false
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
