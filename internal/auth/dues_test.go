package auth

import (
	"testing"

	"github.com/huoshui/huoshui"
)

func TestDuesPermissions(t *testing.T) {
	branch, beside := "/1/2/", "/1/3/"
	role := func(k huoshui.RoleKind, path string) *huoshui.User {
		return &huoshui.User{MemberID: 7, Roles: []huoshui.Role{{Kind: k, OrgPath: path, OrgKind: huoshui.OrgBranch}}}
	}
	cases := []struct {
		name         string
		u            *huoshui.User
		ledger, edit bool
		own, other   bool // member 7's dues, member 8's
	}{
		{"secretary", role(huoshui.RoleSecretary, branch), true, true, true, true},
		{"committee member", role(huoshui.RoleCommitteeMember, branch), true, true, true, true},
		{"organiser above", role(huoshui.RoleOrganiser, "/1/"), true, true, true, true},
		{"member", role(huoshui.RoleMember, branch), false, false, true, false},
		{"secretary beside", role(huoshui.RoleSecretary, beside), false, false, true, false},
		{"auditor", role(huoshui.RoleAuditor, "/1/"), false, false, true, false},
		{"nobody", nil, false, false, false, false},
	}
	for _, c := range cases {
		if got := CanViewDuesLedger(c.u, branch); got != c.ledger {
			t.Errorf("%s: ledger %v, want %v", c.name, got, c.ledger)
		}
		if got := CanRecordDues(c.u, branch); got != c.edit {
			t.Errorf("%s: record %v, want %v", c.name, got, c.edit)
		}
		if got := CanViewOwnDues(c.u, branch, 7); got != c.own {
			t.Errorf("%s: member 7's dues %v, want %v", c.name, got, c.own)
		}
		if got := CanViewOwnDues(c.u, branch, 8); got != c.other {
			t.Errorf("%s: member 8's dues %v, want %v", c.name, got, c.other)
		}
	}
}
