package huoshui

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// OrgKind is the kind of a node of the organisation tree (党组织); what
// each may hold and elect is in docs/domain.md, "The organisation tree".
type OrgKind string

const (
	OrgCommittee     OrgKind = "committee"      // 基层党委 / 机关党委
	OrgGeneralBranch OrgKind = "general_branch" // 党总支
	OrgBranch        OrgKind = "branch"         // 党支部
	OrgGroup         OrgKind = "group"          // 党小组
)

// OrgKinds lists the kinds from the top of the tree down.
var OrgKinds = []OrgKind{OrgCommittee, OrgGeneralBranch, OrgBranch, OrgGroup}

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool {
	for _, x := range OrgKinds {
		if k == x {
			return true
		}
	}
	return false
}

// CanParent reports whether a node of kind k may hold a child of kind c:
// committees hold committees, general branches and branches; general
// branches hold branches; branches hold groups; groups hold nothing.
func (k OrgKind) CanParent(c OrgKind) bool {
	switch k {
	case OrgCommittee:
		return c == OrgCommittee || c == OrgGeneralBranch || c == OrgBranch
	case OrgGeneralBranch:
		return c == OrgBranch
	case OrgBranch:
		return c == OrgGroup
	}
	return false
}

// Org is a node of the organisation tree. Path is the materialised path of
// ids from the root, "/1/7/42/", so a subtree is one prefix range.
type Org struct {
	ID       int64   `json:"id"`
	ParentID int64   `json:"parent_id,omitempty"`
	Kind     OrgKind `json:"kind"`
	Name     string  `json:"name"`
	Path     string  `json:"-"`
	// The elected committee (支部委员会 or 党委) and its term; zero when
	// the node has none.
	CommitteeElectedOn Date `json:"committee_elected_on,omitzero"`
	CommitteeTermEnds  Date `json:"committee_term_ends,omitzero"`
	// Members whose branch or group is this node, kept up to date by the
	// store in the same transaction as every member change.
	MemberCount int `json:"member_count"`
	FullCount   int `json:"full_count"`
	// Of those, the full and probationary members (党员) and the people
	// on the way in at each stage.
	PartyCount     int `json:"party_count"`
	ApplicantCount int `json:"applicant_count"`
	ActivistCount  int `json:"activist_count"`
	CandidateCount int `json:"candidate_count"`
	// RosterVersion moves with every change to what the node's member
	// list shows; a rendered list is good until it moves.
	RosterVersion int64 `json:"-"`
	// Slug names the org's public channel page, /p/{slug}; "" when it
	// has none (see CheckSlug).
	Slug       string     `json:"slug,omitempty"`
	ArchivedAt *time.Time `json:"archived_at,omitempty"`
	CreatedAt  time.Time  `json:"-"`
	UpdatedAt  time.Time  `json:"-"`
}

// Depth is the number of ancestors of the node.
func (o *Org) Depth() int { return strings.Count(o.Path, "/") - 2 }

// HasCommittee reports whether the node has an elected committee.
func (o *Org) HasCommittee() bool { return !o.CommitteeElectedOn.IsZero() }

// AncestorIDs returns the ids on the path above the node, root first.
func (o *Org) AncestorIDs() []int64 {
	ids := PathIDs(o.Path)
	return ids[:max(0, len(ids)-1)]
}

// OrgPath builds the path of a child with id under parentPath ("" for a root).
func OrgPath(parentPath string, id int64) string {
	if parentPath == "" {
		parentPath = "/"
	}
	return parentPath + strconv.FormatInt(id, 10) + "/"
}

// PathIDs splits a materialised path into its ids, root first.
func PathIDs(path string) []int64 {
	var ids []int64
	for _, p := range strings.Split(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// PathNodeID is the node a path names: its last id ("/1/7/" → 7; "" → 0).
func PathNodeID(path string) int64 {
	p := strings.TrimSuffix(path, "/")
	id, _ := strconv.ParseInt(p[strings.LastIndexByte(p, '/')+1:], 10, 64)
	return id
}

// CommonPath is the deepest node path that holds both a and b ("" when
// they share no node): where a record about things at both belongs.
func CommonPath(a, b string) string {
	for !strings.HasPrefix(b, a) {
		i := strings.LastIndexByte(strings.TrimSuffix(a, "/"), '/')
		if i < 0 {
			return ""
		}
		a = a[:i+1]
	}
	if a == "/" {
		return ""
	}
	return a
}

// PathWithin reports whether path lies in the subtree rooted at root.
func PathWithin(path, root string) bool {
	return root != "" && strings.HasPrefix(path, root)
}

// Validate checks a node before it is stored.
func (o *Org) Validate() error {
	v := &ValidationError{}
	o.Name = strings.TrimSpace(o.Name)
	switch n := utf8.RuneCountInString(o.Name); {
	case n == 0:
		v.Add("name", "required")
	case n > 60:
		v.Add("name", "too_long", "Max", 60)
	case !utf8.ValidString(o.Name):
		v.Add("name", "text.invalid")
	case CheckText(o.Name, false) != "":
		v.Add("name", CheckText(o.Name, false))
	}
	if !o.Kind.Valid() {
		v.Add("kind", "invalid_choice")
	}
	if !o.CommitteeTermEnds.IsZero() && !o.CommitteeElectedOn.IsZero() &&
		!o.CommitteeTermEnds.After(o.CommitteeElectedOn) {
		v.Add("committee_term_ends", "date_order")
	}
	if code := CheckSlug(o.Slug); code != "" {
		v.Add("slug", code)
	}
	return v.Err()
}

// OrgFilter selects nodes. Scope comes first and its zero value selects
// nothing: a list of nodes is always somebody's view of the tree
// (huoshui.Everything() for the server's own work). The other fields
// narrow it; their zero values leave it as it is.
type OrgFilter struct {
	Scope    Scope // the node lies in one of its subtrees
	ID       int64
	ParentID int64
	Kind     OrgKind
	Name     string // part of the name
	Archived bool   // include archived nodes
	Limit    int
}

// OrgUpdate changes a node; nil fields stay as they are.
type OrgUpdate struct {
	Name               *string
	CommitteeElectedOn *Date
	CommitteeTermEnds  *Date
	Slug               *string // the public channel's slug; "" removes it
}
