package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/store"
)

// memberPageSize is how many members a list page shows.
const memberPageSize = 50

// memberCountCap is how far the list counts the matches of a search it
// cannot read from the kept counts: beyond it, "more than 200" (4 pages).
const memberCountCap = 200

// memberQuery is the member list's filter as it stands in the URL:
// ?q=&status=&org=&group=&archived=1&sort=&page=. The list page, its Excel
// export and GET /api/v1/members all read it the same way, so an export is
// exactly what the list shows.
type memberQuery struct {
	listQuery
	Q        string
	Status   string
	OrgID    int64
	GroupID  int64
	Archived bool
	// Stat holds the filters of the 党内统计 return's links
	// (statistics.go), the people behind one figure, as URL parameters
	// in one spelling ("" for none).
	Stat string
}

func parseMemberQuery(v url.Values) memberQuery {
	q := memberQuery{listQuery: newListQuery(v, "name", store.MemberSortValid)}
	// A search is spelled as names and numbers are stored (高  峰 finds
	// 高峰, full-width digits find the number).
	q.Q = huoshui.NormalizeName(v.Get("q"))
	if s := huoshui.MemberStatus(v.Get("status")); s.Valid() {
		q.Status = string(s)
	}
	q.OrgID, _ = strconv.ParseInt(v.Get("org"), 10, 64)
	q.GroupID, _ = strconv.ParseInt(v.Get("group"), 10, 64)
	q.Archived = v.Get("archived") == "1"
	q.Stat = parseStatFilter(v).encode()
	return q
}

// filter turns the query into a store filter limited to what u may see.
// Pass limit 0 for every match (the export).
func (q memberQuery) filter(u *huoshui.User, limit int) huoshui.MemberFilter {
	f := huoshui.MemberFilter{
		Scope:    auth.Scope(u, auth.ViewMember),
		OrgID:    q.OrgID,
		GroupID:  q.GroupID,
		Status:   huoshui.MemberStatus(q.Status),
		Query:    q.Q,
		Archived: q.Archived,
		Sort:     q.Sort,
		// Phones and ID numbers find only the members the reader may edit.
		NumberScope: auth.Scope(u, auth.EditMember),
	}
	statOf(q.Stat).apply(&f)
	if limit > 0 {
		f.Limit = limit
		f.Offset = q.Offset(limit)
		f.CountCap = memberCountCap
	}
	return f
}

// memberObject is a member as the permission check sees it.
func memberObject(m *huoshui.Member) auth.Object {
	return auth.Object{OrgPath: m.OrgPath, MemberID: m.ID}
}

// findVisibleMember loads the member named in the path for action a. The
// store reads it through the user's view (auth.ViewMember), so a record
// the user may not see is "not found" (404) and ids outside the user's part
// of the tree reveal nothing; a record they see but may not do a to is
// forbidden (403).
func (s *Server) findVisibleMember(r *http.Request, a auth.Action) (*huoshui.Member, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	u := userFrom(r.Context())
	m, err := s.store.FindMemberByID(r.Context(), auth.Scope(u, auth.ViewMember), id)
	if err != nil {
		return nil, err
	}
	if !auth.Can(u, a, memberObject(m)) {
		return nil, fmt.Errorf("member %d: %w", id, huoshui.ErrForbidden)
	}
	return m, nil
}
