package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/huoshui/huoshui"
)

// fragments keeps rendered pieces of pages whose inputs are named in their
// key. A key is a struct of its own type per piece, holding every input of
// what the piece shows: for a branch's member table that is the branch's
// roster version, which the store moves in the same transaction as every
// change the table shows, so a kept piece is never older than the database
// it was read from, and the reader's language, rights and query. Each
// replica keeps its own; the version comes from the database on every
// request, so replicas agree.
type fragments struct {
	mu  sync.Mutex
	m   map[fragmentKey]keptFragment
	max int
}

// keptFragment is a rendered piece and, when it shows something that
// changes with the clock (a meeting still to come), the moment it stops
// being true; zero keeps it until its key is no longer asked for.
type keptFragment struct {
	html  template.HTML
	until time.Time
}

// fragmentKey is a typed key of a kept piece: a comparable struct that
// names every input of what it renders. Keys of different types never
// match, so two pieces cannot collide through a string built by hand.
type fragmentKey interface {
	fragment() string // the block the key renders
}

func newFragments(size int) *fragments {
	return &fragments{m: make(map[fragmentKey]keptFragment, max(0, size)), max: size}
}

// get returns the piece kept under key, unless it ran out before now.
func (f *fragments) get(key fragmentKey, now time.Time) (template.HTML, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k, ok := f.m[key]
	if !ok || (!k.until.IsZero() && !now.Before(k.until)) {
		return "", false
	}
	return k.html, true
}

// put keeps h under key until the moment given (zero: for as long as the
// key is asked for). When full it forgets an arbitrary eighth of what it
// holds: keys of old versions are never asked for again, and which ones go
// matters little.
func (f *fragments) put(key fragmentKey, h template.HTML, until time.Time) {
	if f.max <= 0 {
		return // keeping nothing
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.m) >= f.max {
		drop := max(1, f.max/8)
		for k := range f.m {
			delete(f.m, k)
			if drop--; drop == 0 {
				break
			}
		}
	}
	f.m[key] = keptFragment{html: h, until: until}
}

// membersTableKey is every input of a branch's rendered member table
// ("members-table"): the branch and its roster version (the rows), the
// reader's language (every word) and whether they see ID numbers and phones
// in full, and each part of the list's query (the rows, the caption, and
// the sort and page links). TestMembersTableKeyCoversQuery fails when the
// query gains a part this key does not hold.
type membersTableKey struct {
	Branch        int64
	RosterVersion int64
	// Tree names, for a list of the parts of the tree an organiser's roles
	// reach, those parts with their subtree versions and the reader's
	// own record and number search: "" for one branch's list.
	Tree      string
	Lang      string
	Sensitive bool
	Officer   bool   // may find members by phone or ID number
	Today     string // 党龄 moves with the day
	Q         string
	Status    string
	OrgID     int64 // the ?org= asked for; 0 when the reader's one branch is shown
	GroupID   int64
	Archived  bool
	Sort      string
	PageNo    int
	Stat      string // the 党内统计 figure's filters (statistics.go)
}

func (membersTableKey) fragment() string { return "members-table" }

// newMembersTableKey is the key of branch's table as q asks for it, in
// lang, for a reader who does or does not see personal data in full.
func newMembersTableKey(branch *huoshui.Org, lang string, sensitive, officer bool, today huoshui.Date, q memberQuery) membersTableKey {
	return membersTableKey{Branch: branch.ID, RosterVersion: branch.RosterVersion, Lang: lang, Sensitive: sensitive,
		Officer: officer, Today: today.String(),
		Q: q.Q, Status: q.Status, OrgID: q.OrgID, GroupID: q.GroupID, Archived: q.Archived, Sort: q.Sort, PageNo: q.PageNo, Stat: q.Stat}
}

// newTreeTableKey is the key of the table of the members under the
// scope's paths as q asks for it: tree names the paths at their versions
// (treeKey).
func newTreeTableKey(tree, lang string, today huoshui.Date, q memberQuery) membersTableKey {
	k := newMembersTableKey(&huoshui.Org{}, lang, false, false, today, q)
	k.Tree = tree
	return k
}

// values is the member query as URL parameters, from its parsed parts
// alone: the links a table renders then depend on nothing its key leaves
// out (an unknown parameter in the address is not carried on).
func (q memberQuery) values() url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", q.Q)
	set("status", q.Status)
	if q.OrgID != 0 {
		v.Set("org", strconv.FormatInt(q.OrgID, 10))
	}
	if q.GroupID != 0 {
		v.Set("group", strconv.FormatInt(q.GroupID, 10))
	}
	if q.Archived {
		v.Set("archived", "1")
	}
	if q.Sort != "name" { // the default of parseMemberQuery
		v.Set("sort", q.Sort)
	}
	if q.PageNo > 1 {
		v.Set("page", strconv.Itoa(q.PageNo))
	}
	statOf(q.Stat).values(v)
	return v
}

// fragment renders one named block of a screen's template set.
func (s *Server) fragment(screen, block string, data any) (template.HTML, error) {
	set, ok := s.tmpl.sets[screen]
	if !ok {
		return "", fmt.Errorf("no template %s", screen)
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, block, data); err != nil {
		return "", fmt.Errorf("render %s/%s: %w", screen, block, err)
	}
	return template.HTML(buf.String()), nil
}
