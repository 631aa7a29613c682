package web

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// orgLife is what the compliance calendar needs to know of an org. Since
// is when the org came onto the platform, or the month of its earliest
// recorded meeting if that is earlier (records entered late, 补录, count).
func orgLife(o *huoshui.Org, counts []rules.Count) rules.OrgLife {
	since := huoshui.DateOf(o.CreatedAt.In(huoshui.Shanghai))
	for _, c := range counts {
		if d := huoshui.NewDate(c.Year, c.Month, 1); d.Before(since) {
			since = d
		}
	}
	return rules.OrgLife{Kind: o.Kind, HasCommittee: o.HasCommittee(), Since: since}
}

// ruleCounts groups the store's monthly counts by org, as rules reads them.
// A committee's year is some 40,000 counts: each org's share is allocated
// once, and "2026-03" is read without time.Parse.
func ruleCounts(cs []store.MeetingCount) map[int64][]rules.Count {
	per := map[int64]int{}
	for _, c := range cs {
		per[c.OrgID]++
	}
	all := make([]rules.Count, len(cs))
	out := make(map[int64][]rules.Count, len(per))
	for id, n := range per {
		out[id], all = all[:0:n], all[n:]
	}
	for _, c := range cs {
		y, err1 := strconv.Atoi(c.Month[:min(4, len(c.Month))])
		m, err2 := strconv.Atoi(c.Month[min(5, len(c.Month)):])
		if err1 != nil || err2 != nil || len(c.Month) != 7 || m < 1 || m > 12 {
			continue
		}
		out[c.OrgID] = append(out[c.OrgID], rules.Count{Type: c.Type, Year: y, Month: time.Month(m), N: c.N})
	}
	return out
}

// orgCompliance is one org's calendar for a year.
type orgCompliance struct {
	Org     *huoshui.Org
	Items   []rules.Item
	Summary rules.Summary
	Behind  []rules.Item
}

// complianceOf works out the calendar of root and of every current node
// below it for year, from one read of the monthly counts.
func (s *Server) complianceOf(ctx context.Context, root *huoshui.Org, year int, subtree bool) ([]orgCompliance, error) {
	// The two reads go side by side, each on a connection of its own:
	// for a committee of 1,000 branches each takes a good part of the time.
	type read struct {
		orgs []*huoshui.Org
		err  error
	}
	nodes := make(chan read, 1)
	if subtree {
		go func() {
			below, err := s.store.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Scope{Paths: []string{root.Path}}})
			nodes <- read{below, err}
		}()
	}
	counts, err := s.store.FindMeetingCounts(ctx, root, fmt.Sprintf("%04d-01", year), fmt.Sprintf("%04d-12", year))
	if err != nil {
		return nil, err // the other read ends on its own: its channel has room
	}
	byOrg := ruleCounts(counts)
	orgs := []*huoshui.Org{root}
	if subtree {
		below := <-nodes
		if below.err != nil {
			return nil, below.err
		}
		orgs = orgs[:0]
		for _, o := range below.orgs {
			if o.ArchivedAt == nil {
				orgs = append(orgs, o)
			}
		}
	}
	now := s.now()
	out := make([]orgCompliance, 0, len(orgs))
	for _, o := range orgs {
		items := rules.Compliance(orgLife(o, byOrg[o.ID]), byOrg[o.ID], year, now)
		if len(items) == 0 {
			continue
		}
		out = append(out, orgCompliance{Org: o, Items: items, Summary: rules.Summarise(items), Behind: rules.Behind(items)})
	}
	return out, nil
}

// lifeYear reads ?year= (this year by default).
func (s *Server) lifeYear(r *http.Request) int {
	year := s.now().In(huoshui.Shanghai).Year()
	if y, err := strconv.Atoi(huoshui.FoldWidth(r.URL.Query().Get("year"))); err == nil && y >= 1921 && y <= 2100 {
		year = y
	}
	return year
}

// calendarRow is one requirement across the year: its periods as cells
// that span the months they cover.
type calendarRow struct {
	Type  huoshui.MeetingType
	Every rules.Period
	Cells []calendarCell
}

// calendarCell is one period of a row, spanning its months; a cell with
// no Item stands for months the rules did not ask anything of the org
// (before it came onto the platform).
type calendarCell struct {
	Item *rules.Item
	Span int
}

func calendarRows(items []rules.Item) []calendarRow {
	var rows []calendarRow
	next := 1 // the first month of the row not yet covered
	for i := range items {
		it := &items[i]
		if len(rows) == 0 || rows[len(rows)-1].Type != it.Type {
			if len(rows) > 0 && next <= 12 {
				row := &rows[len(rows)-1]
				row.Cells = append(row.Cells, calendarCell{Span: 13 - next})
			}
			rows = append(rows, calendarRow{Type: it.Type, Every: it.Every})
			next = 1
		}
		row := &rows[len(rows)-1]
		first := int(it.Start.Time().Month())
		if first > next {
			row.Cells = append(row.Cells, calendarCell{Span: first - next})
		}
		last := int(it.End.Time().Month())
		row.Cells = append(row.Cells, calendarCell{Item: it, Span: last - first + 1})
		next = last + 1
	}
	if len(rows) > 0 && next <= 12 {
		row := &rows[len(rows)-1]
		row.Cells = append(row.Cells, calendarCell{Span: 13 - next})
	}
	return rows
}

type compliancePage struct {
	Page
	Org      *huoshui.Org
	Year     int
	Years    []int
	Own      *orgCompliance
	Rows     []calendarRow
	Months   []int
	Subtree  []orgCompliance
	Sort     string
	Export   string
	Behind   int
	ShowTree bool
	// Body is the rendered calendar and roll-up ("compliance-body").
	Body template.HTML
}

// orgCompliancePage shows an org's compliance calendar for a year — what
// the rules ask each month, quarter and year, what was held, and whether
// it is done, due (with days left) or overdue — and, for a node with
// branches below, which of them are behind on what, sortable.
func (s *Server) orgCompliancePage(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	if !auth.Can(u, auth.ViewRecord, auth.Object{OrgPath: o.Path}) {
		return huoshui.ErrForbidden
	}
	year := s.lifeYear(r)
	p := &compliancePage{Org: o, Year: year, Months: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}}
	s.prepare(r, &p.Page)
	p.Sort = r.URL.Query().Get("sort")
	if p.Sort != "name" && p.Sort != "due" {
		p.Sort = ""
	}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: fmt.Sprintf("/orgs/%d", o.ID), Label: o.Name}, {Label: s.msgs.T(lang, "compliance.title")}}
	// A branch's or group's calendar is kept until its life version
	// moves or the day changes (the days left and what is overdue).
	var key fragmentKey
	if o.Kind == huoshui.OrgBranch || o.Kind == huoshui.OrgGroup {
		v, err := s.store.LifeVersion(r.Context(), o.ID)
		if err != nil {
			return err
		}
		key = complianceKey{Org: o.ID, LifeVersion: v, Day: rules.Today(s.now()), Year: year, Sort: p.Sort, Lang: p.Lang}
		if p.Body, _ = s.kept.get(key, s.now()); p.Body != "" {
			return s.render(w, r, http.StatusOK, "org_compliance", p)
		}
	}
	this := s.now().In(huoshui.Shanghai).Year()
	for y := this; y >= this-5; y-- {
		p.Years = append(p.Years, y)
	}
	all, err := s.complianceOf(r.Context(), o, year, o.Kind != huoshui.OrgGroup)
	if err != nil {
		return err
	}
	for i := range all {
		if all[i].Org.ID == o.ID {
			p.Own = &all[i]
			p.Rows = calendarRows(all[i].Items)
		}
	}
	p.ShowTree = o.Kind == huoshui.OrgCommittee || o.Kind == huoshui.OrgGeneralBranch || o.Kind == huoshui.OrgBranch
	for _, c := range all {
		if c.Org.ID != o.ID {
			p.Subtree = append(p.Subtree, c)
			if c.Summary.Overdue > 0 {
				p.Behind++
			}
		}
	}
	sortCompliance(p.Subtree, p.Sort)
	p.Export = fmt.Sprintf("/orgs/%d/compliance.xlsx?year=%d&sort=%s", o.ID, year, p.Sort)
	if p.Body, err = s.fragment("org_compliance", "compliance-body", p); err != nil {
		return err
	}
	if key != nil {
		s.kept.put(key, p.Body, time.Time{})
	}
	return s.render(w, r, http.StatusOK, "org_compliance", p)
}

// complianceKey is every input of a branch's or group's rendered calendar
// ("compliance-body"): the node and its life version (its meetings' counts,
// its groups, their names), the day (what is due, overdue and how many
// days are left), the year and order asked for, and the language.
type complianceKey struct {
	Org         int64
	LifeVersion int64
	Day         huoshui.Date
	Year        int
	Sort        string
	Lang        string
}

func (complianceKey) fragment() string { return "compliance-body" }

// sortCompliance orders the roll-up: most overdue first by default, or by
// name, or by due.
func sortCompliance(cs []orgCompliance, key string) {
	slices.SortStableFunc(cs, func(a, b orgCompliance) int {
		switch key {
		case "name":
			return cmp.Compare(a.Org.Path, b.Org.Path)
		case "due":
			return cmp.Or(cmp.Compare(b.Summary.Due, a.Summary.Due), cmp.Compare(a.Org.Path, b.Org.Path))
		}
		return cmp.Or(cmp.Compare(b.Summary.Overdue, a.Summary.Overdue), cmp.Compare(b.Summary.Due, a.Summary.Due),
			cmp.Compare(a.Org.Path, b.Org.Path))
	})
}

// orgComplianceExport writes the roll-up as shown: one row per org and
// item behind (overdue or due), for the organiser's follow-up.
func (s *Server) orgComplianceExport(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	if !auth.Can(userFrom(r.Context()), auth.ViewRecord, auth.Object{OrgPath: o.Path}) {
		return huoshui.ErrForbidden
	}
	year := s.lifeYear(r)
	all, err := s.complianceOf(r.Context(), o, year, true)
	if err != nil {
		return err
	}
	sortCompliance(all, r.URL.Query().Get("sort"))
	lang := langFrom(r)
	t := func(id string, args ...any) string { return s.msgs.T(lang, id, args...) }
	tw, err := report.NewTableWriter(t("compliance.sheet"), []report.TableColumn{
		{Header: t("compliance.col.org"), Width: 30}, {Header: t("compliance.col.item"), Width: 16},
		{Header: t("compliance.col.period"), Width: 12}, {Header: t("compliance.col.required"), Width: 8},
		{Header: t("compliance.col.held"), Width: 8}, {Header: t("compliance.col.status"), Width: 10},
		{Header: t("compliance.col.deadline"), Width: 12}})
	if err != nil {
		return err
	}
	defer tw.Close()
	for _, c := range all {
		for _, it := range c.Items {
			if it.Status != rules.StatusOverdue && it.Status != rules.StatusDue {
				continue
			}
			if err := tw.Add([]any{c.Org.Name, t("mtype." + string(it.Type)), it.Period, it.Required, it.Held,
				t("cstatus." + string(it.Status)), it.End}); err != nil {
				return err
			}
		}
	}
	var buf bytes.Buffer
	if _, err := tw.WriteTo(&buf); err != nil {
		return err
	}
	sendFile(w, fmt.Sprintf("%s-%d-%s.xlsx", o.Name, year, t("compliance.file")), fmt.Sprintf("compliance-%d.xlsx", year),
		xlsxType, buf.Bytes())
	return nil
}

// apiCompliance answers GET /api/v1/orgs/{id}/compliance?year=YYYY: the
// org's own requirements for the year, each with what was held and its
// status.
func (s *Server) apiCompliance(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	if !auth.Can(userFrom(r.Context()), auth.ViewRecord, auth.Object{OrgPath: o.Path}) {
		return huoshui.ErrForbidden
	}
	if raw := r.URL.Query().Get("year"); raw != "" {
		if y, err := strconv.Atoi(raw); err != nil || y < 1921 || y > 2100 {
			ve := &huoshui.ValidationError{}
			ve.Add("year", "meeting.year_out_of_range")
			return ve
		}
	}
	all, err := s.complianceOf(r.Context(), o, s.lifeYear(r), false)
	if err != nil {
		return err
	}
	type item struct {
		Type     huoshui.MeetingType `json:"type"`
		Period   string              `json:"period"`
		Required int                 `json:"required"`
		Held     int                 `json:"held"`
		Status   rules.Status        `json:"status"`
		Deadline huoshui.Date        `json:"deadline"`
		DaysLeft *int                `json:"days_left,omitempty"`
	}
	items := []item{}
	for _, c := range all {
		for _, it := range c.Items {
			x := item{Type: it.Type, Period: it.Period, Required: it.Required, Held: it.Held, Status: it.Status, Deadline: it.End}
			if it.Status == rules.StatusDue {
				d := it.DaysLeft
				x.DaysLeft = &d
			}
			items = append(items, x)
		}
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}
