package auth

import "github.com/huoshui/huoshui"

// Elections (换届) and the annual appraisal (民主评议党员): who records
// them, who approves, who sees the grades.

// officerAt reports whether u holds an officer's role (secretary, deputy,
// committee member) at the node at path itself.
func officerAt(u *huoshui.User, path string) bool {
	if u == nil || path == "" {
		return false
	}
	for _, r := range u.Roles {
		switch r.Kind {
		case huoshui.RoleSecretary, huoshui.RoleDeputy, huoshui.RoleCommitteeMember:
			if r.OrgPath == path {
				return true
			}
		}
	}
	return false
}

// CanRecordElection reports whether u may record an election of o's
// committee: the officers of o itself, or an organiser over it. A 党小组
// elects no committee; an archived node none any more.
func CanRecordElection(u *huoshui.User, o *huoshui.Org) bool {
	return o.Kind != huoshui.OrgGroup && o.ArchivedAt == nil &&
		(Can(u, ManageOrg, orgObject(o)) || officerAt(u, o.Path))
}

// CanApproveElection reports whether u may record the higher committee's
// approval of an election of o: an organiser holding the role at a node
// above o, within whose subtree o lies. An organiser of o itself, or of a
// node beside it, may not approve its own or a neighbour's election.
func CanApproveElection(u *huoshui.User, o *huoshui.Org) bool {
	if u == nil {
		return false
	}
	for _, r := range u.Roles {
		if r.Kind == huoshui.RoleOrganiser && r.OrgPath != o.Path && huoshui.PathWithin(o.Path, r.OrgPath) {
			return true
		}
	}
	return false
}

// CanManageAppraisal reports whether u may open a branch's appraisal of a
// year and enter its grades, and see them all: those who keep the
// branch's records (its officers, organisers over it). Grades are
// private: a plain member sees only their own (CanSeeOwnAppraisal).
func CanManageAppraisal(u *huoshui.User, o *huoshui.Org) bool {
	return o.Kind == huoshui.OrgBranch && Can(u, EditRecord, orgObject(o))
}

// CanSeeMemberAppraisals reports whether u may see the appraisal results
// of member m on their record: the member themself, and those who manage
// the appraisal of m's branch.
func CanSeeMemberAppraisals(u *huoshui.User, m *huoshui.Member, branch *huoshui.Org) bool {
	if u == nil {
		return false
	}
	return (u.MemberID != 0 && u.MemberID == m.ID) || (branch != nil && CanManageAppraisal(u, branch))
}
