package auth

import "github.com/huoshui/huoshui"

// Member development (发展党员). A person's file is read by whoever may
// see their record (the branch's officers, organisers above, the person
// themself). The branch's officers record the steps the person and the
// branch take; the steps of the higher committee (备案, 预审, its talk,
// its approvals: rules.Steps says which) are approved by an organiser of
// a node above the branch, within that organiser's subtree only — never
// by the branch itself, whose own committee cannot approve its work.

// CanViewDevFile reports whether u may read the development file of the
// person o describes (OrgPath: their branch, MemberID: them).
func CanViewDevFile(u *huoshui.User, o Object) bool { return Can(u, ViewMember, o) }

// DevScope is the part of the tree whose people in development u may
// list: the branches they keep the roster of, and the subtrees of the
// organisers above them. A member's own record does not make a list.
func DevScope(u *huoshui.User) huoshui.Scope {
	s := Scope(u, EditMember)
	s.MemberID = 0
	return s
}

// CanRecordDevStep reports whether u may record a step taken by actor
// for the person o describes: a branch's or the person's step by whoever
// keeps the branch's roster, a higher committee's step by an organiser
// of a node above the branch (CanApproveDevStep).
func CanRecordDevStep(u *huoshui.User, actor huoshui.DevActor, o Object) bool {
	if actor == huoshui.ActorHigher {
		return CanApproveDevStep(u, o)
	}
	return Can(u, EditMember, Object{OrgPath: o.OrgPath})
}

// CanApproveDevStep reports whether u is an organiser of a node strictly
// above the person's branch (o.OrgPath), whose subtree holds it.
func CanApproveDevStep(u *huoshui.User, o Object) bool {
	return u != nil && o.OrgPath != "" && len(ApproveScope(u).Paths) > 0 && approves(u, o.OrgPath)
}

func approves(u *huoshui.User, branch string) bool {
	for _, r := range u.Roles {
		if r.Kind == huoshui.RoleOrganiser && r.OrgPath != branch && huoshui.PathWithin(branch, r.OrgPath) {
			return true
		}
	}
	return false
}

// ApproveScope is the part of the tree where u approves the higher
// committee's steps: the subtrees of the nodes where u is an organiser.
// (A branch inside it whose own node is the organiser's is left out by
// CanApproveDevStep.)
func ApproveScope(u *huoshui.User) huoshui.Scope {
	var s huoshui.Scope
	if u == nil {
		return s
	}
	for _, r := range u.Roles {
		if r.Kind == huoshui.RoleOrganiser {
			s.Paths = appendPath(s.Paths, r.OrgPath)
		}
	}
	return s
}
