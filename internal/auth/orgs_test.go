package auth

import (
	"testing"

	"github.com/huoshui/huoshui"
)

func TestOrgRules(t *testing.T) {
	t.Parallel()
	org := func(id, parent int64, kind huoshui.OrgKind, path string) *huoshui.Org {
		return &huoshui.Org{ID: id, ParentID: parent, Kind: kind, Path: path}
	}
	root := org(1, 0, huoshui.OrgCommittee, "/1/")
	branch := org(2, 1, huoshui.OrgBranch, "/1/2/")
	other := org(3, 1, huoshui.OrgBranch, "/1/3/")
	group := org(4, 2, huoshui.OrgGroup, "/1/2/4/")
	organiser := user(0, role(huoshui.RoleOrganiser, "/1/"))
	branchOrganiser := user(0, role(huoshui.RoleOrganiser, "/1/2/"))
	secretary := user(10, role(huoshui.RoleSecretary, "/1/2/"))
	sysadmin := user(0, role(huoshui.RoleSysAdmin, "/1/"))
	cases := []struct {
		name                      string
		u                         *huoshui.User
		o                         *huoshui.Org
		edit, create, restructure bool
	}{
		{"organiser at the root: the root", organiser, root, true, true, false},
		{"organiser at the root: a branch", organiser, branch, true, true, true},
		{"organiser at the root: a group holds nothing", organiser, group, true, false, true},
		{"organiser at a branch: their own node", branchOrganiser, branch, true, true, false},
		{"organiser at a branch: its group", branchOrganiser, group, true, false, true},
		{"organiser at a branch: the next branch", branchOrganiser, other, false, false, false},
		{"secretary: their branch (its committee, its groups)", secretary, branch, true, true, false},
		{"secretary: a group of their branch", secretary, group, true, false, false},
		{"secretary: the next branch", secretary, other, false, false, false},
		{"secretary: the committee above", secretary, root, false, false, false},
		{"committee member: their branch", user(11, role(huoshui.RoleCommitteeMember, "/1/2/")), branch, false, false, false},
		{"secretary of the committee: a branch below", user(12, role(huoshui.RoleSecretary, "/1/")), branch, false, false, false},
		{"system administrator: anything", sysadmin, branch, false, false, false},
		{"nobody", nil, branch, false, false, false},
	}
	for _, c := range cases {
		if got := CanEditOrg(c.u, c.o); got != c.edit {
			t.Errorf("%s: edit %v, want %v", c.name, got, c.edit)
		}
		if got := CanCreateUnder(c.u, c.o); got != c.create {
			t.Errorf("%s: create under %v, want %v", c.name, got, c.create)
		}
		if got := CanRestructure(c.u, c.o); got != c.restructure {
			t.Errorf("%s: move or archive %v, want %v", c.name, got, c.restructure)
		}
	}
	// The secretary runs their branch, no more: groups only, a name only
	// for a group, the committee only of the branch itself.
	if got := CreatableKinds(secretary, branch); len(got) != 1 || got[0] != huoshui.OrgGroup {
		t.Errorf("secretary may create %v under their branch, want only groups", got)
	}
	if got := CreatableKinds(secretary, root); len(got) != 0 {
		t.Errorf("secretary may create %v under the committee", got)
	}
	if CanRenameOrg(secretary, branch) || !CanRenameOrg(secretary, group) || CanRenameOrg(secretary, org(5, 3, huoshui.OrgGroup, "/1/3/5/")) {
		t.Errorf("secretary renames: their branch %v, its group %v, another branch's group %v; want false, true, false",
			CanRenameOrg(secretary, branch), CanRenameOrg(secretary, group), CanRenameOrg(secretary, org(5, 3, huoshui.OrgGroup, "/1/3/5/")))
	}
	if !CanRecordCommittee(secretary, branch) || CanRecordCommittee(secretary, group) || CanRecordCommittee(secretary, other) {
		t.Errorf("secretary records the committee of the wrong nodes")
	}
	// Member accounts: the secretary of the branch itself, nobody else.
	for _, c := range []struct {
		name string
		u    *huoshui.User
		path string
		want bool
	}{
		{"secretary: their branch", secretary, "/1/2/", true},
		{"deputy: their branch", user(13, role(huoshui.RoleDeputy, "/1/2/")), "/1/2/", true},
		{"secretary: the next branch", secretary, "/1/3/", false},
		{"organiser above", organiser, "/1/2/", false},
		{"committee member", user(11, role(huoshui.RoleCommitteeMember, "/1/2/")), "/1/2/", false},
		{"system administrator", sysadmin, "/1/2/", false},
		{"nobody", nil, "/1/2/", false},
	} {
		if got := CanOpenMemberAccounts(c.u, c.path); got != c.want {
			t.Errorf("open member accounts, %s: %v, want %v", c.name, got, c.want)
		}
	}
	moves := []struct {
		name      string
		u         *huoshui.User
		o, target *huoshui.Org
		want      bool
	}{
		{"a group to another branch, by the organiser above", organiser, group, other, true},
		{"a group to a branch the organiser does not manage", branchOrganiser, group, other, false},
		{"a branch by its own organiser", branchOrganiser, branch, root, false},
	}
	for _, c := range moves {
		if got := CanMoveUnder(c.u, c.o, c.target); got != c.want {
			t.Errorf("move %s: %v, want %v", c.name, got, c.want)
		}
	}
}
