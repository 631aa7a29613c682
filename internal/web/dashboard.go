package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/chart"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
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
	Org   *huoshui.Org
	Sum   huoshui.Summary
	Href  string         // the node's own dashboard
	Links dashboardHrefs // the lists behind the row's numbers
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
		Activities:   fmt.Sprintf("/orgs/%d/links?year=%d", o.ID, year),
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
	if p.Rollup {
		err = s.dashboardRollup(ctx, p, period)
	} else {
		err = s.dashboardBranch(ctx, p)
	}
	if err != nil {
		return err
	}
	s.dashboardCharts(p, lang)
	return s.render(w, r, http.StatusOK, "org_dashboard", p)
}

// dashboardBranch fills a branch's (or a group's) page: its summary, its
// own requirements against the rules and its theme days in the 4×4
// matrix.
func (s *Server) dashboardBranch(ctx context.Context, p *dashboardPage) error {
	var err error
	if p.Sum, err = s.summaryOf(ctx, p.Org, true, p.From, p.To); err != nil {
		return err
	}
	all, err := s.complianceOf(ctx, p.Org, p.To.Year(), false)
	if err != nil {
		return err
	}
	for _, c := range all {
		if c.Org.ID == p.Org.ID {
			p.Life = c.Summary
		}
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

// dashboardRollup fills a committee's or general branch's page: the
// subtree's summary, how many of its branches are behind on their
// organisational life, and each node below it with its own subtree
// summed. The reads go side by side, each on a connection of its own:
// the subtree's nodes (read once, for the compliance and the rows), its
// monthly meeting counts, and — for a calendar year — the numbers of
// every node (nodeReads), whose sum is the total; the last twelve months
// read the total and each child's summary instead.
func (s *Server) dashboardRollup(ctx context.Context, p *dashboardPage, period summaryPeriod) error {
	o, year := p.Org, p.To.Year()
	var (
		nodes []*huoshui.Org
		total *huoshui.Summary
	)
	// Organisational life: the nodes and the monthly counts side by side,
	// then how many branches are behind, while the other reads go on. The
	// same counts give each node's theme days of a calendar year.
	var themes func(node func(int64) *huoshui.Summary)
	life := func(ctx context.Context) error {
		var years []store.MeetingYear
		if err := concurrently(ctx, func(ctx context.Context) (err error) {
			nodes, err = s.store.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Scope{Paths: []string{o.Path}}})
			return err
		}, func(ctx context.Context) (err error) {
			years, err = s.store.FindMeetingYears(ctx, o, year)
			return err
		}); err != nil {
			return err
		}
		byOrg := yearRuleCounts(years, year)
		now := s.now()
		for _, n := range nodes {
			if n.ArchivedAt != nil || n.Kind != huoshui.OrgBranch {
				continue
			}
			if sum, any := rules.ComplianceSummary(orgLife(n, byOrg[n.ID]), byOrg[n.ID], year, now); any {
				p.Nodes++
				if sum.Overdue > 0 {
					p.Behind++
				}
			}
		}
		themes = func(node func(int64) *huoshui.Summary) {
			for _, y := range years {
				if y.Type == huoshui.MeetingThemeDay {
					for _, n := range y.N {
						node(y.OrgID).ThemeDays += n
					}
				}
			}
		}
		return nil
	}
	var reads []func(context.Context) error
	var perNode func(more ...nodeFill) map[int64]*huoshui.Summary
	if period.Year != 0 {
		reads, perNode = s.nodeSummaries(o, period.Year)
	} else {
		reads = append(reads, func(ctx context.Context) (err error) {
			total, err = s.summaryOf(ctx, o, true, period.From, period.To)
			return err
		})
	}
	if err := concurrently(ctx, append(reads, life)...); err != nil {
		return err
	}
	rows, at := dashboardChildren(o, nodes, period)
	if perNode == nil {
		// Each child's summary, side by side.
		p.Sum = total
		reads := make([]func(context.Context) error, len(rows))
		for i := range rows {
			reads[i] = func(ctx context.Context) error {
				sum, err := s.summaryOf(ctx, rows[i].Org, true, period.From, period.To)
				if err == nil {
					rows[i].Sum = *sum
				}
				return err
			}
		}
		if len(reads) > 0 {
			if err := concurrently(ctx, reads...); err != nil {
				return err
			}
		}
		p.Rows = rows
		return nil
	}
	// A calendar year: the total and each child's row are sums of the
	// nodes' numbers.
	p.Sum = &huoshui.Summary{OrgID: o.ID, Subtree: true, From: period.From, To: period.To,
		Study: huoshui.StudyCompletion{Known: true}}
	paths := make(map[int64]string, len(nodes))
	for _, n := range nodes {
		paths[n.ID] = n.Path
	}
	// Each sum's tallies are made room for once: a committee's year has
	// some 7,000 of them, which appending node by node would copy over
	// and over.
	per := perNode(themes)
	rowOf := make(map[int64]int, len(per)) // a node → its row, or -1
	need := make([]int, len(rows))
	all := 0
	for id, sum := range per {
		i, ok := at[childUnder(o.Path, paths[id])]
		if !ok {
			i = -1
		} else {
			need[i] += len(sum.Outputs.Tallies)
		}
		rowOf[id] = i
		all += len(sum.Outputs.Tallies)
	}
	p.Sum.Outputs.Tallies = make([]huoshui.OutputTally, 0, all)
	for i := range rows {
		rows[i].Sum.Outputs.Tallies = make([]huoshui.OutputTally, 0, need[i])
	}
	for id, sum := range per {
		p.Sum.Add(sum)
		if i := rowOf[id]; i >= 0 {
			rows[i].Sum.Add(sum)
		}
	}
	p.Rows = rows
	return nil
}

// yearRuleCounts lays a year's held meetings out by org as the rules
// read them, as ruleCounts does the monthly counts: each org's share of
// one slice.
func yearRuleCounts(ys []store.MeetingYear, year int) map[int64][]rules.Count {
	per := map[int64]int{}
	total := 0
	for _, y := range ys {
		for _, n := range y.N {
			if n > 0 {
				per[y.OrgID]++
				total++
			}
		}
	}
	all := make([]rules.Count, total)
	out := make(map[int64][]rules.Count, len(per))
	for id, n := range per {
		out[id], all = all[:0:n], all[n:]
	}
	for _, y := range ys {
		for m, n := range y.N {
			if n > 0 {
				out[y.OrgID] = append(out[y.OrgID], rules.Count{Type: y.Type, Year: year, Month: time.Month(m + 1), N: n})
			}
		}
	}
	return out
}

// dashboardChildren makes the rows of the current children of o (its
// groups left out), in the tree's order, each with its id's row index.
func dashboardChildren(o *huoshui.Org, nodes []*huoshui.Org, period summaryPeriod) ([]dashboardRow, map[int64]int) {
	var rows []dashboardRow
	at := map[int64]int{} // a child's id → its row
	year := "12m"
	if period.Year != 0 {
		year = strconv.Itoa(period.Year)
	}
	for _, n := range nodes {
		if n.ParentID == o.ID && n.ArchivedAt == nil && n.Kind != huoshui.OrgGroup {
			at[n.ID] = len(rows)
			rows = append(rows, dashboardRow{Org: n, Href: "/orgs/" + strconv.FormatInt(n.ID, 10) + "/dashboard?year=" + year,
				Links: dashboardLinks(n, period.From, period.To),
				Sum: huoshui.Summary{OrgID: n.ID, Subtree: true, From: period.From, To: period.To,
					// A calendar year has a study target, members or not.
					Study: huoshui.StudyCompletion{Known: period.Year != 0}}})
		}
	}
	return rows, at
}

// childUnder is the id of the child of the node at root whose subtree
// path lies in ("/1/7/" under "/1/" → 7), or 0 for root itself and for a
// path outside it.
func childUnder(root, path string) int64 {
	rest, ok := strings.CutPrefix(path, root)
	if !ok {
		return 0
	}
	i := strings.IndexByte(rest, '/')
	if i <= 0 {
		return 0
	}
	id, _ := strconv.ParseInt(rest[:i], 10, 64)
	return id
}

// nodeFill puts a read's numbers into each node's summary: node(id) is
// the summary of node id.
type nodeFill func(node func(id int64) *huoshui.Summary)

// nodeRead reads a calendar year's numbers of every node of root's
// subtree on its own (not rolled up), and returns how to fill them in.
type nodeRead func(ctx context.Context, root *huoshui.Org, year int) (nodeFill, error)

// nodeReads are the reads of a node's year, one per part of the summary;
// each reads every node at once (a committee of 1,000 branches is a few
// reads, not 1,000 summaries). A part added to summaryOf adds its read
// here, so that a committee's total and rows count it too. The theme
// days are not among them: they come with the meeting counts the
// compliance roll-up reads anyway (dashboardRollup).
func (s *Server) nodeReads() []nodeRead {
	return []nodeRead{
		func(ctx context.Context, root *huoshui.Org, year int) (nodeFill, error) {
			tasks, err := s.store.TaskYearsUnder(ctx, root, year, s.today())
			return func(node func(int64) *huoshui.Summary) {
				for id, t := range tasks {
					node(id).Tasks = t.Tally()
				}
			}, err
		},
		func(ctx context.Context, root *huoshui.Org, year int) (nodeFill, error) {
			outputs, err := s.store.FindOutputSummaryByOrg(ctx, root, year)
			return func(node func(int64) *huoshui.Summary) {
				for id, sum := range outputs {
					node(id).Outputs = *sum
				}
			}, err
		},
		func(ctx context.Context, root *huoshui.Org, year int) (nodeFill, error) {
			acts, err := s.store.ActivityCountsByOrg(ctx, root, year)
			return func(node func(int64) *huoshui.Summary) {
				for id, c := range acts {
					node(id).Activities, node(id).Linked = c.Held, c.Linked
				}
			}, err
		},
		func(ctx context.Context, root *huoshui.Org, year int) (nodeFill, error) {
			study, err := s.store.StudyCompletionByOrg(ctx, root, year)
			return func(node func(int64) *huoshui.Summary) {
				for id, c := range study {
					node(id).Study = c
				}
			}, err
		},
	}
}

// nodeSummaries returns the reads of a calendar year's numbers of every
// node of o's subtree, to run side by side (concurrently), and, once
// they have all returned without error, the numbers by node, with what
// the fills given add: what the roll-up is the sum of.
func (s *Server) nodeSummaries(o *huoshui.Org, year int) ([]func(context.Context) error, func(more ...nodeFill) map[int64]*huoshui.Summary) {
	nr := s.nodeReads()
	fills := make([]nodeFill, len(nr))
	reads := make([]func(context.Context) error, len(nr))
	for i, read := range nr {
		reads[i] = func(ctx context.Context) (err error) {
			fills[i], err = read(ctx, o, year)
			return err
		}
	}
	return reads, func(more ...nodeFill) map[int64]*huoshui.Summary {
		out := map[int64]*huoshui.Summary{}
		node := func(id int64) *huoshui.Summary {
			if out[id] == nil {
				out[id] = &huoshui.Summary{OrgID: id, From: huoshui.NewDate(year, 1, 1), To: huoshui.NewDate(year, 12, 31)}
			}
			return out[id]
		}
		for _, fill := range append(fills, more...) {
			if fill != nil {
				fill(node)
			}
		}
		return out
	}
}

// concurrently runs the reads side by side and waits for all of them. The
// first to fail cancels the others' context, and its error is returned.
func concurrently(ctx context.Context, reads ...func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		once  sync.Once
		first error
		wg    sync.WaitGroup
	)
	run := func(read func(context.Context) error) {
		if err := read(ctx); err != nil {
			once.Do(func() { first = err })
			cancel()
		}
	}
	for _, read := range reads[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(read)
		}()
	}
	run(reads[0])
	wg.Wait()
	return first
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
