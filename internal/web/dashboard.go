package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/chart"
	"github.com/huoshui/huoshui/internal/rules"
)

// The dashboard (党建+业务年度看板) shows an org's year — a branch's own,
// a committee's rolled up over its subtree — from its summary (summary.go):
// organisational life, study, supervision tasks, outputs and how much of
// the party activity led to a work outcome. Every number links to the
// records it counts. A committee also sees each node below it side by
// side, in the tree's order: progress against the rules, never a league
// table.

type dashboardPage struct {
	Page
	Org    *huoshui.Org
	Year   int // the calendar year shown, or 0 for the last twelve months
	Years  []int
	From   huoshui.Date
	To     huoshui.Date
	Rollup bool // a committee or general branch: the subtree summed
	Sum    *huoshui.Summary
	Href   dashboardHrefs
	// Life is the org's own organisational life against the rules (a
	// branch); for a roll-up, Behind of Nodes nodes have something
	// overdue.
	Life         rules.Summary
	Behind       int
	Nodes        int
	Matrix       *rules.Matrix // a branch's theme days in the 4×4 matrix
	MatrixGains  []huoshui.Gain
	MatrixRows   [][]rules.Cell // visits × gains
	Publications template.HTML
	TaskChart    template.HTML
	StudyChart   template.HTML
	LinkedChart  template.HTML
	Rows         []dashboardRow
}

// dashboardRow is one node below a committee, its own subtree summed.
type dashboardRow struct {
	Org  *huoshui.Org
	Sum  huoshui.Summary
	Href string
}

// dashboardHrefs are the lists behind the numbers.
type dashboardHrefs struct {
	ThemeDays, Life, Matrix, Study, Tasks, TasksDone, TasksOverdue string
	Publications, Awards, Documents, Innovations, Activities       string
}

// dashboardLinks are the lists of o's records from from to to; the
// lists that filter by year only (meetings, outputs) are asked for the
// year of to.
func dashboardLinks(o *huoshui.Org, from, to huoshui.Date) dashboardHrefs {
	year := to.Year()
	out := func(kind huoshui.OutputKind) string {
		if from.Year() != year {
			return fmt.Sprintf("/outputs?kind=%s&org=%d&from=%s&to=%s", kind, o.ID, from, to)
		}
		return fmt.Sprintf("/outputs?kind=%s&org=%d&year=%d", kind, o.ID, year)
	}
	tasks := func(status string) string {
		v := url.Values{"org": {fmt.Sprint(o.ID)}, "from": {from.String()}, "to": {to.String()}}
		if status != "" {
			v.Set("status", status)
		}
		return "/tasks?" + v.Encode()
	}
	return dashboardHrefs{
		ThemeDays:    fmt.Sprintf("/meetings?org=%d&type=theme_day&year=%d", o.ID, year),
		Life:         fmt.Sprintf("/orgs/%d/compliance?year=%d", o.ID, year),
		Matrix:       fmt.Sprintf("/orgs/%d/matrix?year=%d", o.ID, year),
		Study:        fmt.Sprintf("/orgs/%d/study?year=%d", o.ID, year),
		Tasks:        tasks(""),
		TasksDone:    tasks(string(huoshui.TaskDone)),
		TasksOverdue: tasks(string(huoshui.TaskOverdue)),
		Publications: out(huoshui.OutputPublication),
		Awards:       out(huoshui.OutputAward),
		Documents:    out(huoshui.OutputDocument),
		Innovations:  out(huoshui.OutputInnovation),
		Activities:   fmt.Sprintf("/meetings?org=%d&year=%d", o.ID, year),
	}
}

// orgDashboard shows GET /orgs/{id}/dashboard?year=YYYY.
func (s *Server) orgDashboard(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	if !auth.Can(userFrom(r.Context()), auth.ViewRecord, auth.Object{OrgPath: o.Path}) {
		return huoshui.ErrForbidden
	}
	// ?year=YYYY, or ?year=12m for the twelve months ending today; an
	// unknown year shows this one, as the other year pages do.
	today := s.today()
	period := summaryPeriod{Year: today.Year(), From: huoshui.NewDate(today.Year(), 1, 1), To: huoshui.NewDate(today.Year(), 12, 31)}
	if r.URL.Query().Get("year") == "12m" {
		period = summaryPeriod{From: today.AddDate(-1, 0, 1), To: today}
	} else if p, err := s.parseSummaryPeriod(r); err == nil && p.Year != 0 {
		period = p
	}
	p := &dashboardPage{Org: o, Year: period.Year, Years: s.years(2016), From: period.From, To: period.To,
		Href: dashboardLinks(o, period.From, period.To), Rollup: o.Kind == huoshui.OrgCommittee || o.Kind == huoshui.OrgGeneralBranch}
	s.prepare(r, &p.Page)
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: fmt.Sprintf("/orgs/%d", o.ID), Label: o.Name}, {Label: s.msgs.T(lang, "dashboard.title")}}
	ctx := r.Context()
	if p.Sum, err = s.summaryOf(ctx, o, true, period.From, period.To); err != nil {
		return err
	}
	if err := s.dashboardLife(ctx, p); err != nil {
		return err
	}
	if p.Rollup {
		if p.Rows, err = s.dashboardRows(ctx, o, period); err != nil {
			return err
		}
	}
	s.dashboardCharts(p, lang)
	return s.render(w, r, http.StatusOK, "org_dashboard", p)
}

// dashboardLife fills the organisational life part: a branch's own
// requirements and matrix, a roll-up's count of nodes behind.
func (s *Server) dashboardLife(ctx context.Context, p *dashboardPage) error {
	all, err := s.complianceOf(ctx, p.Org, p.To.Year(), p.Rollup)
	if err != nil {
		return err
	}
	for _, c := range all {
		if c.Org.ID == p.Org.ID && !p.Rollup {
			p.Life = c.Summary
		}
		if c.Org.Kind == huoshui.OrgBranch {
			p.Nodes++
			if c.Summary.Overdue > 0 {
				p.Behind++
			}
		}
	}
	if p.Rollup {
		return nil
	}
	days, err := s.themeDaysBetween(ctx, p.Org, p.From, p.To)
	if err != nil {
		return err
	}
	tds := make([]rules.ThemeDay, len(days))
	for i, d := range days {
		tds[i] = rules.ThemeDayOf(d)
	}
	m := rules.BuildMatrix(tds)
	p.Matrix, p.MatrixGains = &m, huoshui.Gains
	for row := range slices.Chunk(m.Cells, len(huoshui.Gains)) {
		p.MatrixRows = append(p.MatrixRows, row)
	}
	return nil
}

// dashboardRows sums each node's numbers into the child of org it lies
// under. A calendar year reads the summaries of every node once (a
// committee of 1,000 branches is a few reads, not 1,000 summaries); the
// last twelve months read each child's summary.
func (s *Server) dashboardRows(ctx context.Context, o *huoshui.Org, period summaryPeriod) ([]dashboardRow, error) {
	nodes, err := s.store.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Scope{Paths: []string{o.Path}}})
	if err != nil {
		return nil, err
	}
	var rows []dashboardRow
	at := map[int64]int{} // a child's id → its row
	year := "12m"
	if period.Year != 0 {
		year = fmt.Sprint(period.Year)
	}
	for _, n := range nodes {
		if n.ParentID == o.ID && n.ArchivedAt == nil && n.Kind != huoshui.OrgGroup {
			at[n.ID] = len(rows)
			rows = append(rows, dashboardRow{Org: n, Href: fmt.Sprintf("/orgs/%d/dashboard?year=%s", n.ID, year),
				Sum: huoshui.Summary{OrgID: n.ID, Subtree: true}})
		}
	}
	if period.Year == 0 {
		for i := range rows {
			sum, err := s.summaryOf(ctx, rows[i].Org, true, period.From, period.To)
			if err != nil {
				return nil, err
			}
			rows[i].Sum = *sum
		}
		return rows, nil
	}
	per, err := s.nodeSummaries(ctx, o, period.Year)
	if err != nil {
		return nil, err
	}
	for _, n := range nodes {
		sum := per[n.ID]
		if sum == nil {
			continue
		}
		// The child is the second id of the node's path below org.
		rest := strings.TrimPrefix(n.Path, o.Path)
		if rest == n.Path {
			continue
		}
		var child int64
		if _, err := fmt.Sscanf(rest, "%d/", &child); err != nil {
			continue // org's own records: counted in the total, not in a row
		}
		if i, ok := at[child]; ok {
			rows[i].Sum.Add(sum)
		}
	}
	return rows, nil
}

// nodeSummaries reads a calendar year's numbers of every node of org's
// subtree on its own (not rolled up), by node: what the roll-up is the
// sum of.
func (s *Server) nodeSummaries(ctx context.Context, o *huoshui.Org, year int) (map[int64]*huoshui.Summary, error) {
	out := map[int64]*huoshui.Summary{}
	node := func(id int64) *huoshui.Summary {
		if out[id] == nil {
			out[id] = &huoshui.Summary{OrgID: id, From: huoshui.NewDate(year, 1, 1), To: huoshui.NewDate(year, 12, 31)}
		}
		return out[id]
	}
	themes, err := s.store.ThemeDaysByOrg(ctx, o, year)
	if err != nil {
		return nil, err
	}
	for id, n := range themes {
		node(id).ThemeDays = n
	}
	tasks, err := s.store.TaskYearsUnder(ctx, o, year, s.today())
	if err != nil {
		return nil, err
	}
	for id, t := range tasks {
		node(id).Tasks = t.Tally()
	}
	outputs, err := s.store.FindOutputSummaryByOrg(ctx, o, year)
	if err != nil {
		return nil, err
	}
	for id, sum := range outputs {
		node(id).Outputs = *sum
	}
	return out, nil
}

// dashboardCharts draws the charts, each number linking to its records.
func (s *Server) dashboardCharts(p *dashboardPage, lang string) {
	t := func(id string, args ...any) string { return s.msgs.T(lang, id, args...) }
	sum := p.Sum
	var levels []chart.Bar
	for _, l := range huoshui.OutputLevels {
		levels = append(levels, chart.Bar{Label: t("report.output.level." + string(l)),
			Value: float64(sum.Outputs.CountLevel(huoshui.OutputPublication, l)), Href: p.Href.Publications + "&level=" + string(l)})
	}
	p.Publications = template.HTML(chart.Bars(t("dashboard.chart.publications"), levels, t("dashboard.none")))
	due := sum.Tasks.Total
	p.TaskChart = template.HTML(chart.Progress(t("dashboard.chart.tasks"), float64(sum.Tasks.DoneOnTime), float64(due),
		t("dashboard.tasks_text", "Done", sum.Tasks.DoneOnTime, "Total", due), p.Href.TasksDone))
	if sum.Study.Known {
		p.StudyChart = template.HTML(chart.Progress(t("dashboard.chart.study"), float64(sum.Study.Met), float64(sum.Study.Members),
			t("dashboard.study_text", "Met", sum.Study.Met, "Members", sum.Study.Members), p.Href.Study))
	}
	p.LinkedChart = template.HTML(chart.Progress(t("dashboard.chart.linked"), float64(sum.Linked), float64(sum.Activities),
		t("dashboard.linked_text", "Linked", sum.Linked, "Activities", sum.Activities), p.Href.Activities))
}
