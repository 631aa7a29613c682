package auth

import (
	"testing"

	"github.com/huoshui/huoshui"
)

// The tree in these tests:
//
//	/1/          机关党委 (committee)
//	/1/2/        秘书处党支部 (branch)   member 10 lives here
//	/1/2/4/      第一党小组 (group)
//	/1/3/        综合处党支部 (branch)   member 20 lives here
func user(memberID int64, roles ...huoshui.Role) *huoshui.User {
	return &huoshui.User{MemberID: memberID, Roles: roles}
}

func role(k huoshui.RoleKind, path string) huoshui.Role { return huoshui.Role{Kind: k, OrgPath: path} }

func TestCan(t *testing.T) {
	t.Parallel()
	secretary := user(10, role(huoshui.RoleSecretary, "/1/2/"))
	member := user(11, role(huoshui.RoleMember, "/1/2/"))
	organiser := user(0, role(huoshui.RoleOrganiser, "/1/"))
	auditor := user(0, role(huoshui.RoleAuditor, "/1/"))
	sysadmin := user(0, role(huoshui.RoleSysAdmin, "/1/"))
	inBranch := Object{OrgPath: "/1/2/", MemberID: 12}
	inGroup := Object{OrgPath: "/1/2/4/", MemberID: 13}
	elsewhere := Object{OrgPath: "/1/3/", MemberID: 20}
	own := Object{OrgPath: "/1/2/", MemberID: 11}
	cases := []struct {
		name string
		u    *huoshui.User
		a    Action
		o    Object
		want bool
	}{
		{"secretary sees a member of the branch", secretary, ViewMember, inBranch, true},
		{"secretary sees the branch's groups", secretary, ViewMember, inGroup, true},
		{"secretary does not see another branch", secretary, ViewMember, elsewhere, false},
		{"secretary edits the branch", secretary, EditMember, inBranch, true},
		{"secretary cannot manage the tree", secretary, ManageOrg, inBranch, false},
		{"member sees their own record", member, ViewMember, own, true},
		{"member does not see a fellow member", member, ViewMember, inBranch, false},
		{"member cannot edit their own record", member, EditMember, own, false},
		{"member sees their branch node", member, ViewOrg, Object{OrgPath: "/1/2/"}, true},
		{"organiser sees the whole subtree", organiser, ViewMember, elsewhere, true},
		{"organiser manages the tree", organiser, ManageOrg, Object{OrgPath: "/1/3/"}, true},
		{"auditor reads the audit trail", auditor, ViewAudit, Object{OrgPath: "/1/2/"}, true},
		{"auditor does not see members", auditor, ViewMember, inBranch, false},
		{"system administrator does not see members", sysadmin, ViewMember, inBranch, false},
		{"system administrator manages accounts", sysadmin, ManageAccounts, Object{OrgPath: "/1/"}, true},
		{"system administrator does not grant roles", sysadmin, ManageRoles, Object{OrgPath: "/1/"}, false},
		{"nobody signed in", nil, ViewOrg, Object{OrgPath: "/1/"}, false},
		{"a sibling whose id starts the same is not inside", user(0, role(huoshui.RoleSecretary, "/1/2/")), ViewMember, Object{OrgPath: "/1/23/"}, false},
	}
	for _, c := range cases {
		if got := Can(c.u, c.a, c.o); got != c.want {
			t.Errorf("%s: Can = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestScopeMergesNestedRoles(t *testing.T) {
	t.Parallel()
	u := user(0, role(huoshui.RoleSecretary, "/1/2/"), role(huoshui.RoleOrganiser, "/1/"))
	s := Scope(u, ViewMember)
	if len(s.Paths) != 1 || s.Paths[0] != "/1/" {
		t.Errorf("scope paths %v, want just /1/", s.Paths)
	}
}

// A thing that is not a tree node — a meeting, a chat room, a loan — is
// described by its node and the people it concerns. Being named among its
// people lets one look at it from anywhere; only a role over its node lets
// one change it.
func TestCanPeople(t *testing.T) {
	t.Parallel()
	// A meeting of 综合处党支部 (/1/3/) that invites member 10 of the
	// secretariat (/1/2/), whose secretary they are.
	meeting := Object{OrgPath: "/1/3/", People: []int64{10, 21}}
	invitee := user(10, role(huoshui.RoleSecretary, "/1/2/"))
	notInvited := user(11, role(huoshui.RoleMember, "/1/2/"))
	hostSecretary := user(20, role(huoshui.RoleSecretary, "/1/3/"))
	hostMember := user(22, role(huoshui.RoleMember, "/1/3/"))
	organiser := user(0, role(huoshui.RoleOrganiser, "/1/"))
	unlinked := user(0, role(huoshui.RoleSecretary, "/1/2/"))
	auditor := user(0, role(huoshui.RoleAuditor, "/1/"))
	cases := []struct {
		name string
		u    *huoshui.User
		a    Action
		want bool
	}{
		{"an invitee of another branch views it", invitee, ViewRecord, true},
		{"an invitee of another branch does not edit it", invitee, EditRecord, false},
		{"being invited does not open the host branch's members", invitee, ViewMember, false},
		{"being invited does not open the host branch's node", invitee, ViewOrg, false},
		{"a member of another branch not invited does not view it", notInvited, ViewRecord, false},
		{"the host branch's secretary edits it", hostSecretary, EditRecord, true},
		{"a member of the host branch views it", hostMember, ViewRecord, true},
		{"a member of the host branch does not edit it", hostMember, EditRecord, false},
		{"the organiser above edits it", organiser, EditRecord, true},
		{"an account with no member record is nobody's invitee", unlinked, ViewRecord, false},
		{"the audit administrator does not view it", auditor, ViewRecord, false},
		{"nobody signed in", nil, ViewRecord, false},
	}
	for _, c := range cases {
		if got := Can(c.u, c.a, meeting); got != c.want {
			t.Errorf("%s: Can = %v, want %v", c.name, got, c.want)
		}
	}
	// A book lent to member 11: the borrower sees the loan, not more.
	loan := Object{OrgPath: "/1/3/", People: []int64{11}}
	if !Can(notInvited, ViewRecord, loan) || Can(notInvited, EditRecord, loan) {
		t.Error("the borrower sees the loan and does not change it")
	}
	// A list of such things is the scope plus the things that name the reader.
	if s := Scope(invitee, ViewRecord); s.MemberID != 10 || len(s.Paths) != 1 {
		t.Errorf("scope for records %+v, want the branch and member 10", s)
	}
	if s := Scope(invitee, EditRecord); s.MemberID != 0 {
		t.Errorf("scope for changing records names member %d, want none", s.MemberID)
	}
}

// The four shapes of thing that are not tree nodes, each described by an
// Object alone: no module needs a check of its own.
func TestObjectShapes(t *testing.T) {
	secretary2 := user(10, role(huoshui.RoleSecretary, "/1/2/"))
	member2 := user(11, role(huoshui.RoleMember, "/1/2/"))
	// A member role held at the group /1/2/4/ (where the role's node is a
	// 党小组): a member sees their branch, whichever node holds the role.
	groupMember := user(12, huoshui.Role{Kind: huoshui.RoleMember, OrgPath: "/1/2/4/", OrgKind: huoshui.OrgGroup})
	member3 := user(20, role(huoshui.RoleMember, "/1/3/"))
	secretary3 := user(21, role(huoshui.RoleSecretary, "/1/3/"))
	organiser := user(0, role(huoshui.RoleOrganiser, "/1/"))
	type check struct {
		who  string
		u    *huoshui.User
		a    Action
		want bool
	}
	for _, c := range []struct {
		shape  string
		o      Object
		checks []check
	}{
		{"a meeting of /1/3/ inviting member 10 of /1/2/", Object{OrgPath: "/1/3/", People: []int64{10}}, []check{
			{"the invitee", secretary2, ViewRecord, true},
			{"the invitee changing it", secretary2, EditRecord, false},
			{"a colleague of the invitee", member2, ViewRecord, false},
			{"the host's secretary changing it", secretary3, EditRecord, true},
		}},
		{"a chat room of /1/2/ whose members are 11 and 20", Object{OrgPath: "/1/2/", People: []int64{11, 20}}, []check{
			{"a room member of another branch", member3, ViewRecord, true},
			{"a room member of another branch changing it", member3, EditRecord, false},
			{"a member of the room's branch", member2, ViewRecord, true},
			{"a member whose role is held at a group of the room's branch", groupMember, ViewRecord, true},
			{"that branch's secretary changing it", secretary2, EditRecord, true},
			{"another branch's secretary, not a room member", secretary3, ViewRecord, false},
		}},
		{"a book of /1/2/ lent to member 20 of /1/3/", Object{OrgPath: "/1/2/", People: []int64{20}}, []check{
			{"the borrower", member3, ViewRecord, true},
			{"the borrower changing the loan", member3, EditRecord, false},
			{"the borrower's secretary", secretary3, ViewRecord, false},
			{"the library's secretary changing it", secretary2, EditRecord, true},
		}},
		{"a material assigned to the group /1/2/4/", Object{OrgPath: "/1/2/4/"}, []check{
			{"a member of the group", groupMember, ViewRecord, true},
			{"the branch's secretary above changing it", secretary2, EditRecord, true},
			{"a member of another branch", member3, ViewRecord, false},
			{"the organiser at the top changing it", organiser, EditRecord, true},
			{"a group member changing it", groupMember, EditRecord, false},
		}},
	} {
		for _, k := range c.checks {
			if got := Can(k.u, k.a, c.o); got != k.want {
				t.Errorf("%s: %s: Can = %v, want %v", c.shape, k.who, got, k.want)
			}
		}
	}
}

func TestCanTakeSelfTest(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		u    *huoshui.User
		want bool
	}{
		{"a member of a branch", user(11, role(huoshui.RoleMember, "/1/2/")), true},
		{"a secretary with a member record", user(10, role(huoshui.RoleSecretary, "/1/2/")), true},
		{"an organiser without a member record", user(0, role(huoshui.RoleOrganiser, "/1/")), false},
		{"a member record without a role", user(12), false},
		{"the audit administrator", user(0, role(huoshui.RoleAuditor, "/1/")), false},
		{"nobody", nil, false},
	}
	for _, c := range cases {
		if got := CanTakeSelfTest(c.u); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// A task's progress is reported by those who keep the org's records and
// by the people the task names, wherever they are; anyone else who sees
// the task only reads it.
func TestCanReportProgress(t *testing.T) {
	t.Parallel()
	task := Object{OrgPath: "/1/2/", People: []int64{11, 20}}
	cases := []struct {
		name string
		u    *huoshui.User
		want bool
	}{
		{"the branch's secretary", user(10, role(huoshui.RoleSecretary, "/1/2/")), true},
		{"the committee's organiser", user(0, role(huoshui.RoleOrganiser, "/1/")), true},
		{"the lead, a plain member", user(11, role(huoshui.RoleMember, "/1/2/")), true},
		{"a co-member of the branch beside", user(20, role(huoshui.RoleMember, "/1/3/")), true},
		{"a fellow member not named", user(12, role(huoshui.RoleMember, "/1/2/")), false},
		{"the secretary beside", user(21, role(huoshui.RoleSecretary, "/1/3/")), false},
		{"an account without a member record", user(0, role(huoshui.RoleMember, "/1/2/")), false},
		{"the auditor", user(0, role(huoshui.RoleAuditor, "/1/")), false},
		{"nobody", nil, false},
	}
	for _, c := range cases {
		if got := CanReportProgress(c.u, task); got != c.want {
			t.Errorf("%s: CanReportProgress = %v, want %v", c.name, got, c.want)
		}
	}
}
