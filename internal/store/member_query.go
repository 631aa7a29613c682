package store

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/huoshui/huoshui"
)

// The member list at province scale. An organiser over a city of 100,000
// members reads 50 of them in the order asked for: when the part of the
// tree read is large (Store.wideFrom members or more), the query walks an index
// of the current members in that order (members_current_name, _birth,
// _status, _joined; member_keys for pinyin) and keeps the rows inside the
// reader's part of the tree, stopping at the page's end, instead of
// sorting the whole city. A small part (a branch, a county's office)
// starts from the nodes and sorts its few rows. The total comes from the
// kept counts of the nodes (orgs.member_count, full_count, party_count)
// when the filter is one they count, and otherwise is counted up to
// f.CountCap.

// defaultWideFrom is the size of the part of the tree from which the list walks
// an index in the order asked for rather than sorting the part's members:
// for a page p of a part of n members among N, the walk reads about
// 50·p·N/n index entries, the sort n rows.
const defaultWideFrom = 10000

// memberSort is one order of the list: its ORDER BY, and whether an index
// of the current members holds the rows in that order.
type memberSort struct {
	order   string
	indexed bool
}

var memberSorts = map[string]memberSort{
	"name":        {"m.name_key, m.id", true},
	"-name":       {"m.name_key DESC, m.id DESC", true},
	"status":      {"m.status, m.name_key, m.id", true},
	"-status":     {"m.status DESC, m.name_key, m.id", false},
	"birth_date":  {"m.birth_date, m.id", true},
	"-birth_date": {"m.birth_date DESC, m.id DESC", true},
	"joined":      {"m.probation_on, m.id", true},
	"-joined":     {"m.probation_on DESC, m.id DESC", true},
	"org":         {"o.path, m.name_key, m.id", false},
	"-org":        {"o.path DESC, m.name_key, m.id", false},
}

// MemberSortValid reports whether key is a sort the member list offers.
func MemberSortValid(key string) bool { _, ok := memberSorts[key]; return ok }

// digitsQuery is a search for a phone or ID number: digits, perhaps
// ending in X.
var digitsQuery = regexp.MustCompile(`^[0-9]+X?$`)

// minNumberQuery is the fewest digits a search for part of a phone or ID
// number needs.
const minNumberQuery = 4

// memberQuery is the SQL of the rows a filter selects.
type memberQuery struct {
	from  string // FROM … JOIN …
	w     *where
	order string
	// keyOrder: rows come from member_keys in key order (a pinyin search
	// walked wide); a member found by two keys is met twice.
	keyOrder bool
	// size is how many current members the scope's paths hold (kept
	// counts): the total of a list of them all, without a second read.
	size int
}

// querySQL is the SELECT of the rows, in order, with limit and offset
// when limit > 0.
func (q *memberQuery) querySQL(limit, offset int) string {
	sql := "SELECT " + memberColumns + q.from + q.w.String() + " ORDER BY " + q.order
	if limit > 0 {
		sql += " LIMIT " + q.w.arg(limit) + " OFFSET " + q.w.arg(max(0, offset))
	}
	return sql
}

// nameSearch is what a query looks for.
type nameSearch struct {
	number       string // digits of a phone or ID number
	nameLo       string // name_key range of a name's start
	nameHi       string
	kind, key    string // a pinyin key (keyFull, keyInitials) prefix
	none         bool   // nothing can match
	otherKind    string // the kind to try when kind finds nobody
	numberScope  huoshui.Scope
	hasCharacter bool
}

func parseSearch(f huoshui.MemberFilter) nameSearch {
	var s nameSearch
	q := f.Query
	if q == "" {
		return s
	}
	if n := huoshui.NormalizeIDNumber(q); digitsQuery.MatchString(n) {
		if len(n) < minNumberQuery || f.NumberScope.Empty() {
			s.none = true
		}
		s.number, s.numberScope = n, f.NumberScope
		return s
	}
	for _, r := range q {
		if r > 0x2E80 {
			s.hasCharacter = true
			break
		}
	}
	if s.hasCharacter {
		lo, hi, ok := namePrefixRange(q)
		s.nameLo, s.nameHi, s.none = lo, hi, !ok
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToLower(q) {
		if (r >= 'a' && r <= 'z') || r == 'ü' {
			if r == 'ü' {
				r = 'v'
			}
			b.WriteRune(r)
		}
	}
	s.key = b.String()
	if s.key == "" {
		return nameSearch{} // nothing to search by (punctuation): no filter
	}
	s.kind, s.otherKind = keyInitials, keyFull
	if len(s.key) > 1 && strings.ContainsAny(s.key, "aeiouv") {
		s.kind, s.otherKind = keyFull, keyInitials
	}
	return s
}

// buildMemberQuery is the query of the rows f selects. wide says the part
// of the tree is large: walk an index in the order asked for.
func buildMemberQuery(f huoshui.MemberFilter, s nameSearch, wide bool) *memberQuery {
	srt, ok := memberSorts[f.Sort]
	if !ok {
		srt = memberSorts["name"]
	}
	q := &memberQuery{w: &where{}, order: srt.order}
	w := q.w
	nameOrder := f.Sort == "" || f.Sort == "name" || f.Sort == "-name"
	// Walk an index in the list's order only where one holds it: current
	// members, no group, and a search whose own index is in that order
	// (characters: name order; pinyin: key order).
	wide = wide && !f.Archived && f.GroupID == 0 && f.OrgID == 0 && s.number == "" && srt.indexed
	switch {
	case s.key != "" && wide && (f.Sort == "" || f.Sort == "name"):
		q.from = " FROM member_keys k CROSS JOIN orgs o CROSS JOIN members m LEFT JOIN orgs g ON g.id = m.group_id"
		w.add("k.current = 1")
		w.add("k.kind = ?", s.kind)
		w.add("k.key >= ? AND k.key < ?", s.key, s.key+"~")
		addScopeIn(w, f.Scope, "k.org_id", "k.member_id")
		w.add("o.id = k.org_id")
		w.add("m.id = k.member_id")
		q.order, q.keyOrder = "k.key, k.name_key, k.member_id", true
	case wide && (s.key == "" && (!s.hasCharacter || nameOrder)):
		q.from = " FROM members m CROSS JOIN orgs o LEFT JOIN orgs g ON g.id = m.group_id"
		addScopeIn(w, f.Scope, "m.org_id", "m.id")
		w.add("o.id = m.org_id")
	default:
		q.from = memberFrom
		w.addScope(f.Scope, "o.path", "m.id")
	}
	if f.ID != 0 {
		w.add("m.id = ?", f.ID)
	}
	if f.OrgID != 0 {
		w.add("m.org_id = ?", f.OrgID)
	}
	if f.GroupID != 0 {
		w.add("m.group_id = ?", f.GroupID)
	}
	if f.Status != "" {
		w.add("m.status = ?", string(f.Status))
	}
	switch {
	case s.none:
		w.add("1 = 0")
	case s.number != "":
		// Numbers are searched by those who may edit the members they
		// find, and only among those members.
		like := "%" + likeEscape(s.number) + "%"
		w.add("(m.phone LIKE ? OR m.id_number LIKE ?)", like, like)
		w.addScope(s.numberScope, "o.path", "")
	case s.hasCharacter:
		w.add("m.name_key >= ? AND m.name_key < ?", s.nameLo, s.nameHi)
	case s.key != "" && !q.keyOrder:
		current := 1
		if f.Archived {
			current = 0
		}
		w.add("EXISTS (SELECT 1 FROM member_keys k WHERE k.member_id = m.id AND k.current = ? AND k.kind = ? AND k.key >= ? AND k.key < ?)",
			current, s.kind, s.key, s.key+"~")
	}
	addStatFilter(w, f)
	if f.Archived {
		w.add("m.archived_at IS NOT NULL")
	} else {
		w.add("m.archived_at IS NULL")
	}
	return q
}

// addScopeIn limits a walk of an index to scope by the ids of its nodes:
// the nodes in the scope's paths are read once (one range of the path
// index), and each index entry is checked against them without a read
// of its node. The unary plus keeps the planners from reading the members
// by node instead of walking the index in order.
//
// A scope that holds a root's subtree (a province) is checked by the path
// of each entry's node instead: nearly every entry is inside, and reading
// the ids of 80,000 nodes would cost more than the page.
func addScopeIn(w *where, s huoshui.Scope, orgCol, memberCol string) {
	if s.All {
		return
	}
	for _, p := range s.Paths {
		if strings.Count(p, "/") <= 2 {
			w.addScope(s, "o.path", memberCol)
			return
		}
	}
	var ors []string
	if len(s.Paths) > 0 {
		var paths []string
		for _, p := range s.Paths {
			lo, hi := subtreeRange(p)
			paths = append(paths, "(path >= "+w.arg(lo)+" AND path < "+w.arg(hi)+")")
		}
		ors = append(ors, "+"+orgCol+" IN (SELECT id FROM orgs WHERE "+strings.Join(paths, " OR ")+")")
	}
	if s.MemberID != 0 {
		ors = append(ors, memberCol+" = "+w.arg(s.MemberID))
	}
	if len(ors) == 0 {
		w.add("1 = 0")
		return
	}
	w.add("(" + strings.Join(ors, " OR ") + ")")
}

// memberWhere is the query of the rows f selects, read the way the part
// of the tree's size suits: the list, its count and the export read the
// same rows in the same order.
func (s *Store) memberWhere(ctx context.Context, f huoshui.MemberFilter) (*memberQuery, nameSearch, error) {
	sr := parseSearch(f)
	size, err := s.scopeSize(ctx, f.Scope)
	if err != nil {
		return nil, sr, err
	}
	q := buildMemberQuery(f, sr, size >= s.wideFrom)
	q.size = size
	if sr.otherKind == "" {
		return q, sr, nil
	}
	// A pinyin search of the kind the query looks like; when it finds
	// nobody, the other kind.
	var one int
	err = s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1"+q.from+q.w.String()+" LIMIT 1) t", q.w.args...).Scan(&one)
	if err != nil {
		return nil, sr, fmt.Errorf("store: find members: %w", err)
	}
	if one == 0 {
		sr.kind, sr.otherKind = sr.otherKind, ""
		q = buildMemberQuery(f, sr, size >= s.wideFrom)
		q.size = size
	}
	return q, sr, nil
}

// scopeSize is how many current members scope covers, from the kept
// counts of its nodes: one index range per path over the nodes.
func (s *Store) scopeSize(ctx context.Context, scope huoshui.Scope) (int, error) {
	if len(scope.Paths) == 0 && !scope.All {
		return 0, nil
	}
	c, err := s.scopeCounts(ctx, huoshui.Scope{All: scope.All, Paths: scope.Paths})
	if err != nil {
		return 0, err
	}
	return c.Members, nil
}

// keptTotal is how many members f selects, read from the kept counts of
// the nodes when f is a filter they count (current members, all of them,
// the full or the probationary ones, of a part of the tree or one
// branch); ok false otherwise.
func (s *Store) keptTotal(ctx context.Context, f huoshui.MemberFilter) (int, bool, error) {
	if f.Query != "" || f.Archived || f.GroupID != 0 || f.ID != 0 || f.Scope.Empty() || f.StatFiltered() {
		return 0, false, nil
	}
	var sum string
	pick := func(c OrgCounts) int { return c.Members }
	switch f.Status {
	case "":
		sum = "member_count"
	case huoshui.StatusFull:
		sum, pick = "full_count", func(c OrgCounts) int { return c.Full }
	case huoshui.StatusProbationary:
		sum, pick = "party_count - full_count", func(c OrgCounts) int { return c.Probationary }
	default:
		return 0, false, nil
	}
	var n int
	switch {
	case f.OrgID != 0:
		// One node's own rows.
		w := &where{}
		w.addScope(huoshui.Scope{All: f.Scope.All, Paths: f.Scope.Paths}, "path", "")
		w.add("id = ?", f.OrgID)
		if err := s.r.QueryRowContext(ctx, "SELECT COALESCE(SUM("+sum+"), 0) FROM orgs"+w.String(), w.args...).Scan(&n); err != nil {
			return 0, false, fmt.Errorf("store: kept total: %w", err)
		}
	case len(f.Scope.Paths) > 0 || f.Scope.All:
		c, err := s.scopeCounts(ctx, huoshui.Scope{All: f.Scope.All, Paths: f.Scope.Paths})
		if err != nil {
			return 0, false, err
		}
		n = pick(c)
	}
	if f.Scope.MemberID != 0 && !f.Scope.All {
		// The reader's own record counts once more when it lies outside
		// the nodes counted.
		w := &where{}
		w.add("m.id = ?", f.Scope.MemberID)
		w.add("m.archived_at IS NULL")
		if f.OrgID != 0 {
			w.add("m.org_id = ?", f.OrgID)
		}
		if f.Status != "" {
			w.add("m.status = ?", string(f.Status))
		}
		var path string
		err := s.r.QueryRowContext(ctx, "SELECT o.path"+memberFrom+w.String(), w.args...).Scan(&path)
		if err == nil && !(huoshui.Scope{Paths: f.Scope.Paths}).Covers(path, 0) {
			n++
		}
	}
	return n, true, nil
}

// FindMembers lists the members the filter selects, with the total that
// match (for pagination). f.Scope is applied first. With f.CountCap set,
// a total above it is given as CountCap+1.
func (s *Store) FindMembers(ctx context.Context, f huoshui.MemberFilter) ([]*huoshui.Member, int, error) {
	q, _, err := s.memberWhere(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	countArgs := len(q.w.args)
	limit := f.Limit
	if q.keyOrder && limit > 0 {
		limit++ // room for a member met twice
	}
	rows, err := s.r.QueryContext(ctx, q.querySQL(limit, f.Offset), q.w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: find members: %w", err)
	}
	defer rows.Close()
	out := []*huoshui.Member{}
	seen := map[int64]bool{}
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: scan member: %w", err)
		}
		if seen[m.ID] || (f.Limit > 0 && len(out) == f.Limit) {
			continue
		}
		seen[m.ID] = true
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: find members: %w", err)
	}
	// A page that is not full tells the total without counting: most
	// branches fit on their first page.
	switch {
	case f.Limit <= 0:
		return out, len(out), nil
	case len(out) < f.Limit && (len(out) > 0 || f.Offset <= 0):
		return out, max(0, f.Offset) + len(out), nil
	}
	total, err := s.countMembers(ctx, f, q, countArgs)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// countMembers counts the rows of q (its first countArgs arguments): from
// the kept counts when they count f, else up to f.CountCap+1.
func (s *Store) countMembers(ctx context.Context, f huoshui.MemberFilter, q *memberQuery, countArgs int) (int, error) {
	if f.Query == "" && f.Status == "" && f.OrgID == 0 && f.GroupID == 0 && f.ID == 0 && !f.Archived && f.Scope.MemberID == 0 {
		return q.size, nil // every current member of the paths: their kept count, read already
	}
	if n, ok, err := s.keptTotal(ctx, f); err != nil || ok {
		return n, err
	}
	sel := "SELECT COUNT(*)" + q.from + q.w.String()
	if q.keyOrder {
		sel = "SELECT COUNT(DISTINCT m.id)" + q.from + q.w.String()
	}
	if f.CountCap > 0 {
		inner := "SELECT 1" + q.from + q.w.String()
		if q.keyOrder {
			inner = "SELECT DISTINCT m.id" + q.from + q.w.String()
		}
		sel = fmt.Sprintf("SELECT COUNT(*) FROM (%s LIMIT %d) t", inner, f.CountCap+1)
	}
	var total int
	if err := s.r.QueryRowContext(ctx, sel, q.w.args[:countArgs]...).Scan(&total); err != nil {
		return 0, fmt.Errorf("store: count members: %w", err)
	}
	return total, nil
}
