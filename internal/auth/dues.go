package auth

import "github.com/huoshui/huoshui"

// Dues (党费): who sees what a member owes. Arrears are never public: the
// member sees their own; a branch's ledger, with names, is for those who
// keep its roster (its secretary, deputy and committee members, and the
// organisers above it: ViewMember through a role, never through being a
// member); they also record payments and salaries (EditMember). The
// roll-up over a subtree counts, and names nobody.

// CanViewDuesLedger reports whether u may see the dues ledger, with names
// and arrears, of the branch at orgPath, or the roll-up of the node there.
func CanViewDuesLedger(u *huoshui.User, orgPath string) bool {
	return Can(u, ViewMember, Object{OrgPath: orgPath})
}

// CanRecordDues reports whether u may record payments, withdraw one
// recorded in error, and declare salaries for members at orgPath.
func CanRecordDues(u *huoshui.User, orgPath string) bool {
	return Can(u, EditMember, Object{OrgPath: orgPath})
}

// CanViewOwnDues reports whether u may see the dues of member memberID of
// the branch at orgPath: the member themself, or those who see the ledger.
func CanViewOwnDues(u *huoshui.User, orgPath string, memberID int64) bool {
	return u != nil && (u.MemberID != 0 && u.MemberID == memberID || CanViewDuesLedger(u, orgPath))
}

// DuesScope is the part of the tree whose dues lines u may read: the
// subtrees of the ledgers they see, and their own line.
func DuesScope(u *huoshui.User) huoshui.Scope { return Scope(u, ViewMember) }
