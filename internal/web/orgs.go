package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// The tree can be very large (a city's organiser may reach 50,000
// branches), so no page renders a whole subtree: the index shows the roots
// of the user's scope with their direct children, a node's page one page
// of its children, and a name search finds the rest.
const (
	orgIndexChildren = 50 // children shown under each root on /orgs
	orgPageSize      = 50 // children per page on /orgs/{id}
	orgSearchLimit   = 50 // search results on /orgs and on the move form
)

// orgRow is one node as a list or the tree shows it.
type orgRow struct {
	*Page
	Org        *huoshui.Org
	Members    int
	Full       int
	Counts     store.OrgCounts // by status: 党员 apart from those on the way in
	Warnings   []string
	ParentName string
	// In the tree: the node's children shown, and how many more there are.
	Children []*orgRow
	More     int
}

type orgsIndexPage struct {
	Page
	Q       string
	Roots   []*orgRow
	Results []*orgRow
	Capped  bool
	Scoped  bool // the user may see some part of the tree
}

// orgsIndex shows the part of the tree the user may see: the root of each
// subtree in their scope with its direct children, or the nodes whose
// name matches ?q=.
func (s *Server) orgsIndex(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	p := &orgsIndexPage{Q: strings.TrimSpace(r.URL.Query().Get("q"))}
	p.Q = huoshui.Truncate(p.Q, 60)
	scope := auth.Scope(u, auth.ViewOrg)
	if len(scope.Paths) == 0 {
		return huoshui.ErrForbidden // no part of the tree anywhere
	}
	p.Scoped = true
	var all []*orgRow
	if p.Q != "" {
		found, err := s.store.FindOrgs(ctx, huoshui.OrgFilter{Scope: scope, Name: p.Q, Limit: orgSearchLimit + 1})
		if err != nil {
			return err
		}
		if len(found) > orgSearchLimit {
			found, p.Capped = found[:orgSearchLimit], true
		}
		var parentIDs []int64
		for _, o := range found {
			row := &orgRow{Page: &p.Page, Org: o}
			p.Results = append(p.Results, row)
			all = append(all, row)
			if o.ParentID != 0 {
				parentIDs = append(parentIDs, o.ParentID)
			}
		}
		parents, err := s.store.FindOrgsByIDs(ctx, parentIDs)
		if err != nil {
			return err
		}
		for _, row := range p.Results {
			if pa, ok := parents[row.Org.ParentID]; ok {
				row.ParentName = pa.Name
			}
		}
	} else {
		var ids []int64
		for _, path := range scope.Paths {
			if pid := huoshui.PathIDs(path); len(pid) > 0 {
				ids = append(ids, pid[len(pid)-1])
			}
		}
		roots, err := s.store.FindOrgsByIDs(ctx, ids)
		if err != nil {
			return err
		}
		for _, o := range roots {
			row := &orgRow{Page: &p.Page, Org: o}
			p.Roots = append(p.Roots, row)
			all = append(all, row)
			if o.ArchivedAt != nil {
				continue
			}
			children, total, err := s.store.FindOrgChildren(ctx, o.ID, false, 0, orgIndexChildren)
			if err != nil {
				return err
			}
			row.More = total - len(children)
			for _, c := range children {
				cr := &orgRow{Page: &p.Page, Org: c}
				row.Children = append(row.Children, cr)
				all = append(all, cr)
			}
		}
		slices.SortFunc(p.Roots, func(a, b *orgRow) int { return strings.Compare(a.Org.Path, b.Org.Path) })
	}
	if err := s.fillOrgRows(r, all); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "orgs_index", p)
}

// fillOrgRows adds counts (in at most two queries) and, for readers who
// may act on them, the rule warnings.
func (s *Server) fillOrgRows(r *http.Request, rows []*orgRow) error {
	orgs := make([]*huoshui.Org, len(rows))
	for i, row := range rows {
		orgs[i] = row.Org
	}
	counts, err := s.store.OrgCountsOf(r.Context(), orgs)
	if err != nil {
		return err
	}
	for _, row := range rows {
		c := counts[row.Org.ID]
		row.Members, row.Full, row.Counts = c.Members, c.Full, c
		row.Warnings = s.orgWarnings(r, row.Org)
	}
	return nil
}

// orgWarnings says which rules a node breaks, for the officers and
// organisers who can act on it (those who may see its members), as the
// home page does; others see none.
func (s *Server) orgWarnings(r *http.Request, o *huoshui.Org) []string {
	if !auth.Can(userFrom(r.Context()), auth.ViewMember, auth.Object{OrgPath: o.Path}) {
		return nil
	}
	return s.warnings(langFrom(r), rules.OrgWarnings(o, s.today()))
}

// findVisibleOrg loads the node named in the path through the user's view
// of the tree; a node outside it is "not found".
func (s *Server) findVisibleOrg(r *http.Request) (*huoshui.Org, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.store.FindOrgByID(r.Context(), auth.Scope(userFrom(r.Context()), auth.ViewOrg), id)
}

// childKinds lists the kinds a node may hold, top first.
func childKinds(o *huoshui.Org) []huoshui.OrgKind {
	var out []huoshui.OrgKind
	for _, k := range huoshui.OrgKinds {
		if o.Kind.CanParent(k) {
			out = append(out, k)
		}
	}
	return out
}

type orgViewPage struct {
	Page
	Org           *huoshui.Org
	Trail         []crumb // ancestors; Href is empty for those the user may not open
	Parent        *huoshui.Org
	ParentVisible bool
	IsGroup       bool
	Members, Full int
	Counts        store.OrgCounts
	Warnings      []string
	ShowWarnings  bool
	MembersURL    string
	AccountsURL   string // the branch's member accounts, for its secretary
	Children      []*orgRow
	Pager         *pager
	ShowArchived  bool
	ArchivedURL   string
	CanCreate     bool
	NewGroupOnly  bool // what the user may create here is only 党小组
	CanEdit       bool
	CanMove       bool
	// Organisational life: who may open its pages, and set reminders.
	ShowLife  bool
	CanRemind bool
	// CanTransfers: a branch whose transfers the reader handles.
	CanTransfers bool
	// The committee in office and its term (elections.go); nil for a
	// 党小组 and for readers who may not see the node's records.
	Committee *committeeCard
}

// orgView shows one node: where it sits, its facts and warnings, a page of
// its children and, for organisers, what they may do with it.
func (s *Server) orgView(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := &orgViewPage{Org: o, IsGroup: o.Kind == huoshui.OrgGroup, ShowArchived: q.Get("archived") == "1"}

	// The breadcrumb: every ancestor in one query.
	ancestors, err := s.store.FindOrgsByIDs(ctx, o.AncestorIDs())
	if err != nil {
		return err
	}
	for _, id := range o.AncestorIDs() {
		a, ok := ancestors[id]
		if !ok {
			continue
		}
		c := crumb{Label: a.Name}
		if auth.Can(u, auth.ViewOrg, auth.Object{OrgPath: a.Path}) {
			c.Href = fmt.Sprintf("/orgs/%d", a.ID)
		}
		p.Trail = append(p.Trail, c)
	}
	if pa, ok := ancestors[o.ParentID]; ok {
		p.Parent = pa
		p.ParentVisible = auth.Can(u, auth.ViewOrg, auth.Object{OrgPath: pa.Path})
	}

	self := &orgRow{Page: &p.Page, Org: o}
	rows := []*orgRow{self}
	pageNo, _ := strconv.Atoi(q.Get("page"))
	pageNo = max(pageNo, 1)
	if !p.IsGroup {
		children, total, err := s.store.FindOrgChildren(ctx, o.ID, p.ShowArchived, (pageNo-1)*orgPageSize, orgPageSize)
		if err == nil && len(children) == 0 && total > 0 {
			// A page past the end shows the last one.
			pageNo = (total + orgPageSize - 1) / orgPageSize
			children, total, err = s.store.FindOrgChildren(ctx, o.ID, p.ShowArchived, (pageNo-1)*orgPageSize, orgPageSize)
		}
		if err != nil {
			return err
		}
		for _, c := range children {
			row := &orgRow{Page: &p.Page, Org: c}
			p.Children = append(p.Children, row)
			rows = append(rows, row)
		}
		p.Pager = newPager(&p.Page, total, pageNo, orgPageSize, func(page string) string {
			v := url.Values{"page": {page}}
			if p.ShowArchived {
				v.Set("archived", "1")
			}
			return "?" + v.Encode()
		})
		if p.ShowArchived {
			p.ArchivedURL = fmt.Sprintf("/orgs/%d", o.ID)
		} else {
			p.ArchivedURL = fmt.Sprintf("/orgs/%d?archived=1", o.ID)
		}
	}
	if err := s.fillOrgRows(r, rows); err != nil {
		return err
	}
	p.Members, p.Full, p.Counts, p.Warnings = self.Members, self.Full, self.Counts, self.Warnings
	p.ShowWarnings = auth.Can(u, auth.ViewMember, auth.Object{OrgPath: o.Path})

	if o.ArchivedAt == nil && auth.Can(u, auth.ViewMember, auth.Object{OrgPath: o.Path}) {
		switch o.Kind {
		case huoshui.OrgBranch:
			p.MembersURL = fmt.Sprintf("/members?org=%d", o.ID)
		case huoshui.OrgGroup:
			p.MembersURL = fmt.Sprintf("/members?group=%d&org=%d", o.ID, o.ParentID)
		}
	}
	p.AccountsURL = accountsLink(u, o)
	p.ShowLife = auth.Can(u, auth.ViewRecord, auth.Object{OrgPath: o.Path})
	p.CanRemind = o.ArchivedAt == nil && auth.Can(u, auth.EditRecord, auth.Object{OrgPath: o.Path})
	p.CanTransfers = o.Kind == huoshui.OrgBranch && auth.Can(u, auth.TransferMember, auth.Object{OrgPath: o.Path})
	if o.ArchivedAt == nil {
		p.CanEdit = auth.CanEditOrg(u, o)
		kinds := auth.CreatableKinds(u, o)
		p.CanCreate = len(kinds) > 0
		p.NewGroupOnly = slices.Equal(kinds, []huoshui.OrgKind{huoshui.OrgGroup})
		p.CanMove = auth.CanRestructure(u, o)
	}
	if p.Committee, err = s.committeeCard(r, o); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "org_view", p)
}

// orgCrumbs is the breadcrumb of a page about one node: the tree, the
// node, and the page itself (a message id).
func (s *Server) orgCrumbs(r *http.Request, o *huoshui.Org, here string) []crumb {
	lang := langFrom(r)
	return []crumb{
		{Href: "/orgs", Label: s.msgs.T(lang, "orgs.title")},
		{Href: fmt.Sprintf("/orgs/%d", o.ID), Label: o.Name},
		{Label: s.msgs.T(lang, here)},
	}
}

// orgCounts is one node's counts, as the lists show them.
func (s *Server) orgCounts(r *http.Request, o *huoshui.Org) (store.OrgCounts, error) {
	m, err := s.store.OrgCountsOf(r.Context(), []*huoshui.Org{o})
	if err != nil {
		return store.OrgCounts{}, err
	}
	return m[o.ID], nil
}
