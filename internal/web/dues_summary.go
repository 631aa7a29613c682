package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// The organiser's roll-up of a subtree's dues, and a branch's year.

type duesRollupRow struct {
	Org *huoshui.Org
	store.DuesTotals
}

type duesRollupPage struct {
	Page
	Org   *huoshui.Org
	Month huoshui.YearMonth
	Rows  []duesRollupRow
	Total store.DuesTotals
}

func (p *duesRollupPage) Yuan(fen int64) string { return huoshui.FormatYuan(fen) }

// duesRollup shows a committee's roll-up for month: a row per node below
// it (each standing for its subtree) with members owing dues, what is due,
// what was collected and how many are in arrears. Counts, never names.
func (s *Server) duesRollup(w http.ResponseWriter, r *http.Request, o *huoshui.Org, month huoshui.YearMonth) error {
	ctx := r.Context()
	children, _, err := s.store.FindOrgChildren(ctx, o.ID, false, 0, 500)
	if err != nil {
		return err
	}
	var nodes []*huoshui.Org
	for _, c := range children {
		if c.Kind != huoshui.OrgGroup {
			nodes = append(nodes, c)
		}
	}
	totals, err := s.store.DuesRollup(ctx, auth.DuesScope(userFrom(ctx)), o, nodes, month, rules.LastDueMonth(s.today()))
	if err != nil {
		return err
	}
	p := &duesRollupPage{Org: o, Month: month}
	for _, n := range nodes {
		t := totals[n.ID]
		p.Rows = append(p.Rows, duesRollupRow{Org: n, DuesTotals: t})
		p.Total.Members += t.Members
		p.Total.Due += t.Due
		p.Total.Collected += t.Collected
		p.Total.InArrears += t.InArrears
		p.Total.Warned += t.Warned
	}
	p.Crumbs = []crumb{{Href: "/orgs", Label: s.msgs.T(langFrom(r), "orgs.title")}, {Href: fmt.Sprintf("/orgs/%d", o.ID), Label: o.Name}, {Label: s.msgs.T(langFrom(r), "dues.rollup.title")}}
	return s.render(w, r, http.StatusOK, "dues_rollup", p)
}

type duesYearPage struct {
	Page
	Org       *huoshui.Org
	Year      int
	Through   huoshui.YearMonth // the last due month: later months are not yet unpaid
	Months    []huoshui.YearMonth
	Lines     []*store.DuesYearLine
	DueTotal  int64
	PaidTotal int64
	Print     bool
}

func (p *duesYearPage) Yuan(fen int64) string { return huoshui.FormatYuan(fen) }

// Cell is a month's cell of a line: the amount paid, or a mark.
func (p *duesYearPage) Cell(l *store.DuesYearLine, i int) string {
	switch {
	case l.Paid[i] > 0:
		return huoshui.FormatYuan(l.Paid[i])
	case !l.HasDue[i]:
		return ""
	case p.Months[i].After(p.Through):
		return ""
	}
	return p.T("dues.year.unpaid_mark")
}

// parseYear reads ?year= (full-width digits too); empty is def.
func parseYear(v string, def int) (int, error) {
	v = strings.TrimSpace(huoshui.FoldWidth(v))
	if v == "" {
		return def, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1921 || y > 2100 {
		ve := &huoshui.ValidationError{}
		ve.Add("year", "dues.year_range")
		return def, ve
	}
	return y, nil
}

// duesYearData loads the year's summary of branch o.
func (s *Server) duesYearData(r *http.Request) (*duesYearPage, error) {
	o, err := s.duesOrg(r)
	if err != nil {
		return nil, err
	}
	if o.Kind != huoshui.OrgBranch {
		return nil, fmt.Errorf("dues year of org %d, not a branch: %w", o.ID, huoshui.ErrNotFound)
	}
	today := s.today()
	year, err := parseYear(r.URL.Query().Get("year"), rules.LastDueMonth(today).Year)
	if err != nil {
		return nil, err
	}
	lines, err := s.store.FindDuesYear(r.Context(), auth.DuesScope(userFrom(r.Context())), o.ID, year, rules.LastDueMonth(today))
	if err != nil {
		return nil, err
	}
	p := &duesYearPage{Org: o, Year: year, Lines: lines, Through: rules.LastDueMonth(today)}
	s.prepare(r, &p.Page)
	for i := range 12 {
		p.Months = append(p.Months, huoshui.YearMonth{Year: year, Month: 1}.Add(i))
	}
	for _, l := range lines {
		p.DueTotal += l.DueTotal
		p.PaidTotal += l.PaidTotal
	}
	p.Crumbs = []crumb{{Href: "/orgs", Label: s.msgs.T(langFrom(r), "orgs.title")}, {Href: fmt.Sprintf("/orgs/%d", o.ID), Label: o.Name},
		{Href: fmt.Sprintf("/orgs/%d/dues", o.ID), Label: s.msgs.T(langFrom(r), "dues.title")},
		{Label: s.msgs.T(langFrom(r), "dues.year.title", "Year", year)}}
	return p, nil
}

// duesYear shows GET /orgs/{id}/dues/year?year=.
func (s *Server) duesYear(w http.ResponseWriter, r *http.Request) error {
	p, err := s.duesYearData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "dues_year", p)
}

// duesYearPrint shows GET /orgs/{id}/dues/year/print?year=: the summary
// for the printer, A4 landscape.
func (s *Server) duesYearPrint(w http.ResponseWriter, r *http.Request) error {
	p, err := s.duesYearData(r)
	if err != nil {
		return err
	}
	p.Print = true
	return s.render(w, r, http.StatusOK, "dues_year", p)
}
