package huoshui

import "testing"

func TestScopeAtRootAndWithin(t *testing.T) {
	t.Parallel()
	root := Scope{Paths: []string{"/1/"}}
	branch := Scope{Paths: []string{"/1/2/"}}
	none := Scope{}
	placed := &User{Roles: []Role{{OrgPath: "/1/2/4/"}}}
	spread := &User{Roles: []Role{{OrgPath: "/1/2/"}, {OrgPath: "/1/3/"}}}
	unplaced := &User{}
	cases := []struct {
		name string
		s    Scope
		u    *User
		want bool
	}{
		{"a branch holds an account whose roles lie in it", branch, placed, true},
		{"a branch does not hold an account with a role beside it", branch, spread, false},
		{"a root holds every placed account", root, spread, true},
		{"a root holds an account with no role", root, unplaced, true},
		{"a branch does not hold an account with no role", branch, unplaced, false},
		{"everything holds every account", Everything(), unplaced, true},
		{"the zero scope holds nothing", none, placed, false},
		{"the zero scope holds no unplaced account", none, unplaced, false},
	}
	for _, c := range cases {
		if got := c.u.Within(c.s); got != c.want {
			t.Errorf("%s: Within = %v, want %v", c.name, got, c.want)
		}
	}
	if !root.AtRoot() || branch.AtRoot() || none.AtRoot() || !Everything().AtRoot() {
		t.Error("AtRoot: a root path or All reaches a whole tree, nothing else does")
	}
	if !none.Empty() || Everything().Empty() || (Scope{MemberID: 3}).Empty() {
		t.Error("Empty: only the zero scope is empty")
	}
}
