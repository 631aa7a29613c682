package auth

import "github.com/huoshui/huoshui"

// StatisticsScope is the part of the tree whose 党内统计 return u may read:
// the subtrees where u keeps the members (an organiser over their
// committee's, a secretary, deputy or committee member over their
// branch's). A plain member's own record makes no return: the scope never
// holds it.
func StatisticsScope(u *huoshui.User) huoshui.Scope {
	s := Scope(u, ViewMember)
	s.MemberID = 0
	return s
}
