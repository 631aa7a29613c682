package web

import (
	"net/url"
	"strconv"
	"unicode/utf8"
)

// maxSearchRunes is the longest search a list accepts: enough for any
// name, number or address, and far below what makes a LIKE pattern too
// complex for SQLite (a 50 KB search once answered 500).
const maxSearchRunes = 100

// searchParams are the query parameters that lists search by: the
// members' and accounts' ?q=, the organisations' ?q=, the audit trail's
// ?username=. The middleware checks them on every request (see checkText).
var searchParams = []string{"q", "username"}

// cutSearchPaths are the searches that cut a long query instead of
// refusing it: the materials' full-text search reads at most
// search.MaxQueryRunes characters of any input, and never builds a LIKE
// pattern from it.
var cutSearchPaths = map[string]bool{"/materials": true, "/api/v1/materials": true}

// lengthCheckedSearch is the search parameters whose length the
// middleware checks on a request for path.
func lengthCheckedSearch(path string) []string {
	if cutSearchPaths[path] {
		return nil
	}
	return searchParams
}

// searchTooLong reports whether a value of one of keys is longer than
// maxSearchRunes.
func searchTooLong(v url.Values, keys []string) bool {
	for _, k := range keys {
		for _, s := range v[k] {
			if utf8.RuneCountInString(s) > maxSearchRunes {
				return true
			}
		}
	}
	return false
}

// listQuery is the state of a list page as it stands in its URL: the
// filters in Values, the sort and the page. Every list embeds it, so
// sorting, paging and "change one filter" links behave the same on every
// screen.
type listQuery struct {
	Values url.Values
	Sort   string
	PageNo int
}

// newListQuery reads ?sort= and ?page= from v. A sort that valid refuses
// becomes def; a page below 1 becomes 1.
func newListQuery(v url.Values, def string, valid func(string) bool) listQuery {
	q := listQuery{Values: v, Sort: v.Get("sort")}
	if valid == nil || !valid(q.Sort) {
		q.Sort = def
	}
	q.PageNo, _ = strconv.Atoi(v.Get("page"))
	if q.PageNo < 1 {
		q.PageNo = 1
	}
	return q
}

// sortIn accepts the given sort keys and their reverses ("-key").
func sortIn(keys ...string) func(string) bool {
	return func(s string) bool {
		for _, k := range keys {
			if s == k || s == "-"+k {
				return true
			}
		}
		return false
	}
}

// With returns the list's URL with one parameter changed; changing
// anything but the page goes back to page 1.
func (q listQuery) With(key, value string) string {
	v := cloneValues(q.Values)
	if value == "" {
		v.Del(key)
	} else {
		v.Set(key, value)
	}
	if key != "page" {
		v.Del("page")
	}
	return "?" + v.Encode()
}

// Offset is where the current page starts, for pages of size rows.
func (q listQuery) Offset(size int) int { return (q.PageNo - 1) * size }

// sorter is one sortable column head.
type sorter struct {
	URL, Label, Dir string
}

// Sorter returns the head of column key: clicking sorts by it, clicking
// again reverses.
func (q listQuery) Sorter(key, label string) sorter {
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

// Pager is the pagination under the list.
func (q listQuery) Pager(p *Page, total, size int) *pager {
	return newPager(p, total, q.PageNo, size, func(page string) string { return q.With("page", page) })
}

// pager is the pagination under a list.
type pager struct {
	*Page
	Total, PageNo, Pages int
	PrevURL, NextURL     string
	Over                 bool // more than Total: a search counted to its cap
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
