package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
)

// The ledger page (关联台账): GET /orgs/{id}/links?year=YYYY lists every
// live link of the org's subtree whose activity fell in the year — the
// day, the activity, what it led to, what changed, who recorded it —
// under the year's figures from activity_counts; ?activity= narrows to
// one kind of activity (a meeting type, "lecture" or "discussion"),
// ?target= to one kind of outcome ("task" or an output kind).
// GET /orgs/{id}/links.xlsx exports what the page shows.

// ledgerPage is the ledger of one org and year.
type ledgerPage struct {
	Page
	Org            *huoshui.Org
	Year           int
	Years          []int
	Query          listQuery
	Activity       string // the activity filter, "" for all
	Target         string // the target filter, "" for all
	ActivityKinds  []string
	TargetKinds    []string
	Rows           []huoshui.WorkLink
	All            int // links of the year before the filters
	Held, Linked   int
	ShowOrg        bool // the subtree holds more than one org's links
	Export         string
	FiltersApplied bool
}

// ActivityHref is the page of a link's activity; TargetHref its target's.
func (ledgerPage) ActivityHref(l huoshui.WorkLink) string {
	return activityPath(l.ActivityKind, l.ActivityID)
}

func (ledgerPage) TargetHref(l huoshui.WorkLink) string {
	if l.TargetKind == huoshui.TargetTask {
		return fmt.Sprintf("/tasks/%d", l.TargetID)
	}
	return fmt.Sprintf("/outputs/%d", l.TargetID)
}

// activityType is the filter's word for a link's activity: the meeting's
// type, or "lecture", "discussion".
func activityType(l huoshui.WorkLink) string {
	if l.ActivityKind == huoshui.ActivityMeeting {
		return l.ActivityType
	}
	return string(l.ActivityKind)
}

// targetType is the filter's word for a link's target: "task" or the
// output's kind.
func targetType(l huoshui.WorkLink) string {
	if l.TargetKind == huoshui.TargetTask {
		return string(huoshui.TargetTask)
	}
	return string(l.OutputKind)
}

// ActivityLabel and TargetLabel name a filter's word in the reader's
// language.
func (p *ledgerPage) ActivityLabel(k string) string {
	if k == string(huoshui.ActivityLecture) || k == string(huoshui.ActivityDiscussion) {
		return p.T("work_link.activity." + k)
	}
	return p.T("mtype." + k)
}

func (p *ledgerPage) TargetLabel(k string) string {
	if k == string(huoshui.TargetTask) {
		return p.T("work_link.kind.task")
	}
	return p.T("outputs.kind." + k)
}

// ledgerSorts are the ledger's sort keys; "date" (oldest first) by default.
var ledgerSorts = sortIn("date", "activity", "target", "by")

// ledgerOf reads the ledger of the org in the request for ?year=, with
// its filters and sort applied.
func (s *Server) ledgerOf(r *http.Request) (*ledgerPage, error) {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return nil, err
	}
	u := userFrom(r.Context())
	if !auth.Can(u, auth.ViewRecord, auth.Object{OrgPath: o.Path}) {
		return nil, fmt.Errorf("links of org %d: %w", o.ID, huoshui.ErrForbidden)
	}
	v := r.URL.Query()
	year, err := s.standardYear(v)
	if err != nil {
		return nil, err
	}
	from, to := huoshui.NewDate(year, 1, 1), huoshui.NewDate(year, 12, 31)
	links, err := s.store.FindOrgLinks(r.Context(), auth.Scope(u, auth.ViewRecord), o, true, from, to)
	if err != nil {
		return nil, err
	}
	p := &ledgerPage{Org: o, Year: year, Years: s.years(2016), All: len(links),
		Query: newListQuery(v, "date", ledgerSorts), Activity: v.Get("activity"), Target: v.Get("target")}
	if !slices.Contains(p.Years, year) {
		p.Years = append(p.Years, year)
	}
	if p.Held, p.Linked, err = s.store.ActivityCounts(r.Context(), o, true, from, to); err != nil {
		return nil, err
	}
	orgs := map[int64]bool{}
	for _, l := range links {
		orgs[l.OrgID] = true
		if k := activityType(l); !slices.Contains(p.ActivityKinds, k) {
			p.ActivityKinds = append(p.ActivityKinds, k)
		}
		if k := targetType(l); !slices.Contains(p.TargetKinds, k) {
			p.TargetKinds = append(p.TargetKinds, k)
		}
		if (p.Activity == "" || p.Activity == activityType(l)) && (p.Target == "" || p.Target == targetType(l)) {
			p.Rows = append(p.Rows, l)
		}
	}
	slices.Sort(p.ActivityKinds)
	slices.Sort(p.TargetKinds)
	p.ShowOrg = len(orgs) > 1
	p.FiltersApplied = p.Activity != "" || p.Target != ""
	sortLedger(p.Rows, p.Query.Sort)
	ex := url.Values{"year": {fmt.Sprint(year)}}
	for _, k := range []string{"activity", "target", "sort"} {
		if x := v.Get(k); x != "" {
			ex.Set(k, x)
		}
	}
	p.Export = fmt.Sprintf("/orgs/%d/links.xlsx?%s", o.ID, ex.Encode())
	return p, nil
}

// sortLedger orders the rows by key ("-key": the reverse); ties keep the
// day's order.
func sortLedger(rows []huoshui.WorkLink, key string) {
	desc := strings.HasPrefix(key, "-")
	by := func(a, b huoshui.WorkLink) int { return a.ActivityOn.Time().Compare(b.ActivityOn.Time()) }
	switch strings.TrimPrefix(key, "-") {
	case "activity":
		by = func(a, b huoshui.WorkLink) int { return strings.Compare(activityType(a), activityType(b)) }
	case "target":
		by = func(a, b huoshui.WorkLink) int { return strings.Compare(targetType(a), targetType(b)) }
	case "by":
		by = func(a, b huoshui.WorkLink) int { return strings.Compare(a.CreatorName, b.CreatorName) }
	}
	slices.SortStableFunc(rows, func(a, b huoshui.WorkLink) int {
		if desc {
			return -by(a, b)
		}
		return by(a, b)
	})
}

// orgLinks shows GET /orgs/{id}/links?year=YYYY.
func (s *Server) orgLinks(w http.ResponseWriter, r *http.Request) error {
	p, err := s.ledgerOf(r)
	if err != nil {
		return err
	}
	s.prepare(r, &p.Page)
	p.Crumbs = []crumb{{Href: fmt.Sprintf("/orgs/%d", p.Org.ID), Label: p.Org.Name}, {Label: p.T("ledger.title")}}
	return s.render(w, r, http.StatusOK, "org_links", p)
}

// orgLinksExport sends GET /orgs/{id}/links.xlsx?year=YYYY: the rows the
// page shows for the same query, A4 landscape with a filter on the
// heading, under a title row with the year's figures.
func (s *Server) orgLinksExport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.ledgerOf(r)
	if err != nil {
		return err
	}
	if len(p.Rows) > s.exportCap() {
		return s.tooManyRows("export_too_many_links", len(p.Rows))
	}
	lang := langFrom(r)
	p.Page.Lang, p.Page.msgs = lang, s.msgs
	t := func(id string, args ...any) string { return s.msgs.T(lang, id, args...) }
	title := t("ledger.export.title", "Org", p.Org.Name, "Year", p.Year, "Held", p.Held, "Linked", p.Linked,
		"Count", len(p.Rows), "Date", s.today().String())
	cols := []report.TableColumn{{Header: t("ledger.col.date"), Width: 12}, {Header: t("ledger.col.org"), Width: 20},
		{Header: t("ledger.col.activity_kind"), Width: 14}, {Header: t("ledger.col.activity"), Width: 36},
		{Header: t("ledger.col.target_kind"), Width: 12}, {Header: t("ledger.col.target"), Width: 40},
		{Header: t("ledger.col.change"), Width: 50}, {Header: t("ledger.col.by"), Width: 10}}
	tw, err := report.NewPrintTableWriter(t("ledger.export.sheet"), title, cols)
	if err != nil {
		return err
	}
	defer tw.Close()
	for _, l := range p.Rows {
		if err := tw.Add([]any{l.ActivityOn, l.OrgName, p.ActivityLabel(activityType(l)), l.ActivityTitle,
			p.TargetLabel(targetType(l)), l.TargetTitle, l.Note, l.CreatorName}); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if _, err := tw.WriteLandscapeTo(&buf, 2, len(cols)); err != nil {
		return err
	}
	sendFile(w, t("ledger.export.file", "Org", p.Org.Name, "Year", p.Year), fmt.Sprintf("links-%d.xlsx", p.Year), xlsxType, buf.Bytes())
	return nil
}
