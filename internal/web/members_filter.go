package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/store"
)

// memberPageSize is how many members a list page shows.
const memberPageSize = 50

// memberQuery is the member list's filter as it stands in the URL:
// ?q=&status=&org=&group=&archived=1&sort=&page=. The list page, its Excel
// export and GET /api/v1/members all read it the same way, so an export is
// exactly what the list shows.
type memberQuery struct {
	Values   url.Values
	Q        string
	Status   string
	OrgID    int64
	GroupID  int64
	Archived bool
	Sort     string
	PageNo   int
}

func parseMemberQuery(v url.Values) memberQuery {
	q := memberQuery{Values: v}
	q.Q = strings.TrimSpace(v.Get("q"))
	if s := huoshui.MemberStatus(v.Get("status")); s.Valid() {
		q.Status = string(s)
	}
	q.OrgID, _ = strconv.ParseInt(v.Get("org"), 10, 64)
	q.GroupID, _ = strconv.ParseInt(v.Get("group"), 10, 64)
	q.Archived = v.Get("archived") == "1"
	q.Sort = v.Get("sort")
	if !store.MemberSortValid(q.Sort) {
		q.Sort = "name"
	}
	q.PageNo, _ = strconv.Atoi(v.Get("page"))
	if q.PageNo < 1 {
		q.PageNo = 1
	}
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
	}
	if limit > 0 {
		f.Limit = limit
		f.Offset = (q.PageNo - 1) * limit
	}
	return f
}

// With returns the list's URL with one parameter changed; changing
// anything but the page goes back to page 1.
func (q memberQuery) With(key, value string) string {
	v := url.Values{}
	for k, vs := range q.Values {
		v[k] = append([]string(nil), vs...)
	}
	if value == "" {
		v.Del(key)
	} else {
		v.Set(key, value)
	}
	if key != "page" {
		v.Del("page")
	}
	if e := v.Encode(); e != "" {
		return "?" + e
	}
	return "?"
}

// sorter is one sortable column head.
type sorter struct {
	URL, Label, Dir string
}

// Sorter returns the head of column key: clicking sorts by it, clicking
// again reverses.
func (q memberQuery) Sorter(key, label string) sorter {
	s := sorter{Label: label, URL: q.With("sort", key)}
	switch q.Sort {
	case key:
		s.Dir = "ascending"
		s.URL = q.With("sort", "-"+key)
	case "-" + key:
		s.Dir = "descending"
	}
	return s
}

// pager is the pagination under a list.
type pager struct {
	*Page
	Total, PageNo, Pages int
	PrevURL, NextURL     string
}

func newPager(p *Page, total, pageNo, size int, link func(page string) string) *pager {
	pages := (total + size - 1) / size
	pg := &pager{Page: p, Total: total, PageNo: pageNo, Pages: pages}
	if pageNo > 1 {
		pg.PrevURL = link(strconv.Itoa(pageNo - 1))
	}
	if pageNo < pages {
		pg.NextURL = link(strconv.Itoa(pageNo + 1))
	}
	return pg
}

// memberObject is a member as the permission check sees it.
func memberObject(m *huoshui.Member) auth.Object {
	return auth.Object{OrgPath: m.OrgPath, MemberID: m.ID}
}

// findVisibleMember loads a member the user may see for action a;
// anything else is "not found", so ids outside the user's part of the tree
// reveal nothing.
func (s *Server) findVisibleMember(r *http.Request, a auth.Action) (*huoshui.Member, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	m, err := s.store.FindMemberByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !auth.Can(userFrom(r.Context()), a, memberObject(m)) {
		return nil, fmt.Errorf("member %d: %w", id, huoshui.ErrNotFound)
	}
	return m, nil
}
