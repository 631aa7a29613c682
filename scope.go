package huoshui

// Scope is the part of the organisation tree a reader may see for one kind
// of record, as the permission check computes it: the subtrees under Paths,
// plus the reader's own member record. All lifts every limit.
// The zero Scope sees nothing.
type Scope struct {
	All      bool
	Paths    []string
	MemberID int64
}

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
