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
		{"secretary: their branch", secretary, branch, false, false, false},
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
