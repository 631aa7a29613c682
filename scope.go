package huoshui

// Scope is the part of the organisation tree a reader may see for one kind
// of record, as the permission check computes it: the subtrees under Paths,
// plus the reader's own member record. All lifts every limit.
// The zero Scope sees nothing: every store read and every filter that takes
// a Scope answers nothing for it, so a forgotten check shows nothing rather
// than everything.
type Scope struct {
	All      bool
	Paths    []string
	MemberID int64
}

// Everything is the scope of the server's own work: the command line, the
// demo, the synthetic generator, tests, and a store method reading inside
// its own transaction. It is never the scope of a reader: a handler asks
// auth.Scope for that.
func Everything() Scope { return Scope{All: true} }

// Empty reports whether the scope sees nothing at all.
func (s Scope) Empty() bool { return !s.All && len(s.Paths) == 0 && s.MemberID == 0 }

// Covers reports whether a record at orgPath (belonging to member id, or 0)
// lies in the scope.
func (s Scope) Covers(orgPath string, memberID int64) bool {
	if s.All {
		return true
	}
	if memberID != 0 && memberID == s.MemberID {
		return true
	}
	for _, p := range s.Paths {
		if PathWithin(orgPath, p) {
			return true
		}
	}
	return false
}

// AtRoot reports whether the scope reaches a whole tree: it is All, or one
// of its paths is a root node (path depth 1). An account with no role sits
// nowhere in the tree, so only a scope at a root covers it (see
// User.Within).
func (s Scope) AtRoot() bool {
	if s.All {
		return true
	}
	for _, p := range s.Paths {
		if len(PathIDs(p)) == 1 {
			return true
		}
	}
	return false
}
