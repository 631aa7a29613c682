package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
)

// The 党内统计 return (docs/domain.md, "Statistics"):
//
//	GET /orgs/{id}/statistics?date=YYYY-MM-DD        the return as tables
//	GET /orgs/{id}/statistics.xlsx?date=YYYY-MM-DD   the same as a sheet
//	GET /orgs/{id}/statistics/print?date=YYYY-MM-DD  laid out for the printer
//	GET /api/v1/orgs/{id}/statistics?date=YYYY-MM-DD the figures as JSON
//
// For those who keep the members of the node's subtree (organisers,
// secretaries, deputies and committee members: auth.StatisticsScope);
// anyone else finds nothing (404). Every figure links to the member list
// filtered to the people behind it (statFilter).

// statFilter is the part of the member list's query that a figure of the
// return links with: ?in=ORG (the node's subtree), party=1, gender=,
// education=, ethnicity=, born_from/born_to and joined_from/joined_to
// (years; -1 for "not recorded"), probation_from/probation_to and
// full_from/full_to (dates).
type statFilter struct {
	In                                           int64
	Party                                        bool
	Gender, Education, Ethnicity                 string
	BornFrom, BornTo, JoinedFrom, JoinedTo       int
	ProbationFrom, ProbationTo, FullFrom, FullTo huoshui.Date
}

func parseStatFilter(v url.Values) statFilter {
	var f statFilter
	f.In, _ = strconv.ParseInt(v.Get("in"), 10, 64)
	f.Party = v.Get("party") == "1"
	if g := v.Get("gender"); g == string(huoshui.Male) || g == string(huoshui.Female) || g == huoshui.StatUnknown {
		f.Gender = g
	}
	if e := v.Get("education"); slices.Contains(huoshui.Educations, e) || e == huoshui.StatUnknown {
		f.Education = e
	}
	if e := huoshui.NormalizeName(v.Get("ethnicity")); len([]rune(e)) <= 20 {
		f.Ethnicity = e
	}
	year := func(k string) int {
		n, err := strconv.Atoi(v.Get(k))
		if err != nil || (n != -1 && (n < 1800 || n > 2200)) {
			return 0
		}
		return n
	}
	f.BornFrom, f.BornTo, f.JoinedFrom, f.JoinedTo = year("born_from"), year("born_to"), year("joined_from"), year("joined_to")
	date := func(k string) huoshui.Date {
		d, _ := huoshui.ParseDate(v.Get(k))
		return d
	}
	f.ProbationFrom, f.ProbationTo, f.FullFrom, f.FullTo = date("probation_from"), date("probation_to"), date("full_from"), date("full_to")
	return f
}

// encode spells the filters as URL parameters, one way ("" for none).
func (f statFilter) encode() string {
	v := url.Values{}
	f.values(v)
	return v.Encode()
}

// statOf reads the filters back from encode's spelling.
func statOf(s string) statFilter {
	if s == "" {
		return statFilter{}
	}
	v, _ := url.ParseQuery(s)
	return parseStatFilter(v)
}

func (f statFilter) apply(mf *huoshui.MemberFilter) {
	mf.Party, mf.Gender, mf.Education, mf.Ethnicity = f.Party, f.Gender, f.Education, f.Ethnicity
	mf.BornFrom, mf.BornTo, mf.JoinedFrom, mf.JoinedTo = f.BornFrom, f.BornTo, f.JoinedFrom, f.JoinedTo
	mf.ProbationFrom, mf.ProbationTo, mf.FullFrom, mf.FullTo = f.ProbationFrom, f.ProbationTo, f.FullFrom, f.FullTo
}

// values writes the filters into v, as parseStatFilter reads them.
func (f statFilter) values(v url.Values) {
	if f.In != 0 {
		v.Set("in", strconv.FormatInt(f.In, 10))
	}
	if f.Party {
		v.Set("party", "1")
	}
	for k, s := range map[string]string{"gender": f.Gender, "education": f.Education, "ethnicity": f.Ethnicity} {
		if s != "" {
			v.Set(k, s)
		}
	}
	for k, n := range map[string]int{"born_from": f.BornFrom, "born_to": f.BornTo, "joined_from": f.JoinedFrom, "joined_to": f.JoinedTo} {
		if n != 0 {
			v.Set(k, strconv.Itoa(n))
		}
	}
	for k, d := range map[string]huoshui.Date{"probation_from": f.ProbationFrom, "probation_to": f.ProbationTo,
		"full_from": f.FullFrom, "full_to": f.FullTo} {
		if !d.IsZero() {
			v.Set(k, d.String())
		}
	}
}

// narrowToOrg limits a member list to the subtree of the node ?in= names,
// inside what the reader may see: a node outside it lists nobody.
func (s *Server) narrowToOrg(ctx context.Context, f *huoshui.MemberFilter, sf statFilter) error {
	if sf.In == 0 {
		return nil
	}
	o, err := s.store.FindOrgByID(ctx, f.Scope, sf.In)
	if errors.Is(err, huoshui.ErrNotFound) {
		f.Scope = huoshui.Scope{}
		return nil
	}
	if err != nil {
		return err
	}
	f.Scope = huoshui.Scope{Paths: []string{o.Path}}
	return nil
}

// statFigure is one figure of the return and the list of its people.
type statFigure struct {
	N    int
	Href string
}

// statRow is one line of a table: its label and its figures by column.
type statRow struct {
	Label   string
	Figures []statFigure
}

// statTable is one table of the return.
type statTable struct {
	Title   string
	Columns []string
	Rows    []statRow
}

// statColumns are the status columns of the people tables: 党员 (full
// and probationary), of whom full, probationary; then those on the way in.
var statColumns = []struct {
	Label string
	Query url.Values
	N     func(huoshui.StatLine) int
}{
	{"statistics.col.party", url.Values{"party": {"1"}}, func(l huoshui.StatLine) int { return l.Party }},
	{"status.full", url.Values{"status": {"full"}}, func(l huoshui.StatLine) int { return l.Full }},
	{"status.probationary", url.Values{"status": {"probationary"}}, func(l huoshui.StatLine) int { return l.Probationary }},
	{"status.candidate", url.Values{"status": {"candidate"}}, func(l huoshui.StatLine) int { return l.Candidates }},
	{"status.activist", url.Values{"status": {"activist"}}, func(l huoshui.StatLine) int { return l.Activists }},
	{"status.applicant", url.Values{"status": {"applicant"}}, func(l huoshui.StatLine) int { return l.Applicants }},
}

// statisticsPage is the return of one node on one date.
type statisticsPage struct {
	Page
	Org       *huoshui.Org
	Date      string
	Today     string
	LastYear  string // 31 December of last year, the return's usual date
	Stats     *huoshui.Statistics
	Tables    []statTable
	Flows     []statRow
	DuesYuan  string
	Query     string // ?date=… of the exports
	ShowLinks bool
}

// statisticsDate reads ?date=: today when empty; a date that does not
// read, or after today, is refused with what to fix.
func (s *Server) statisticsDate(r *http.Request) (huoshui.Date, error) {
	raw := r.URL.Query().Get("date")
	today := s.today()
	if raw == "" {
		return today, nil
	}
	d, err := huoshui.ParseDate(raw)
	ve := &huoshui.ValidationError{}
	switch {
	case err != nil:
		ve.Add("date", "date_format")
	case d.After(today):
		ve.Add("date", "statistics.date_future", "Today", today.String())
	case d.Year() < 1921:
		ve.Add("date", "statistics.date_early")
	default:
		return d, nil
	}
	return huoshui.Date{}, ve
}

// statisticsOf reads the return the request asks for.
func (s *Server) statisticsOf(r *http.Request) (*huoshui.Statistics, *huoshui.Org, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	scope := auth.StatisticsScope(userFrom(r.Context()))
	o, err := s.store.FindOrgByID(r.Context(), scope, id)
	if err != nil {
		return nil, nil, err
	}
	date, err := s.statisticsDate(r)
	if err != nil {
		return nil, o, err
	}
	st, err := s.store.Statistics(r.Context(), scope, id, date)
	return st, o, err
}

// orgStatistics shows GET /orgs/{id}/statistics; a date that does not read
// shows the form again with what to fix (422).
func (s *Server) orgStatistics(w http.ResponseWriter, r *http.Request) error {
	return s.showStatistics(w, r, "org_statistics")
}

// orgStatisticsPrint shows GET /orgs/{id}/statistics/print.
func (s *Server) orgStatisticsPrint(w http.ResponseWriter, r *http.Request) error {
	return s.showStatistics(w, r, "org_statistics_print")
}

func (s *Server) showStatistics(w http.ResponseWriter, r *http.Request, tmpl string) error {
	st, o, err := s.statisticsOf(r)
	var ve *huoshui.ValidationError
	if err != nil && !(errors.As(err, &ve) && o != nil) {
		return err
	}
	today := s.today()
	p := &statisticsPage{Org: o, Today: today.String(), LastYear: huoshui.NewDate(today.Year()-1, 12, 31).String()}
	s.prepare(r, &p.Page)
	p.Crumbs = []crumb{{Href: fmt.Sprintf("/orgs/%d", o.ID), Label: o.Name}, {Label: p.T("statistics.title")}}
	if ve != nil {
		p.Date = r.URL.Query().Get("date")
		noteProblem(r.Context(), s.msgs.fieldMessages(p.Lang, ve)["date"])
		return s.render(w, r, http.StatusUnprocessableEntity, tmpl, p)
	}
	p.Stats, p.Date = st, st.Date.String()
	p.Query = url.Values{"date": {p.Date}}.Encode()
	p.ShowLinks = tmpl == "org_statistics"
	p.Tables, p.Flows, p.DuesYuan = s.statTables(&p.Page, o, st)
	return s.render(w, r, http.StatusOK, tmpl, p)
}

// statTables lays the return out as tables whose figures link to the
// member list.
func (s *Server) statTables(p *Page, o *huoshui.Org, st *huoshui.Statistics) ([]statTable, []statRow, string) {
	y := st.Date.Year()
	href := func(q url.Values, col url.Values) string {
		v := url.Values{"in": {strconv.FormatInt(o.ID, 10)}}
		for k, x := range q {
			v[k] = x
		}
		for k, x := range col {
			v[k] = x
		}
		return "/members?" + v.Encode()
	}
	bandQuery := func(bands []huoshui.StatBand, key, from, to string) url.Values {
		if key == huoshui.StatUnknown {
			return url.Values{from: {"-1"}}
		}
		for _, b := range bands {
			if b.Key == key {
				v := url.Values{to: {strconv.Itoa(y - b.Min)}}
				if b.Max != 0 {
					v.Set(from, strconv.Itoa(y-b.Max))
				}
				return v
			}
		}
		return url.Values{}
	}
	cols := statColumns
	table := func(title string, lines []huoshui.StatLine, partyOnly bool, label func(string) string, query func(string) url.Values) statTable {
		t := statTable{Title: p.T(title)}
		cs := cols
		if partyOnly {
			cs = cols[:3]
		}
		for _, c := range cs {
			t.Columns = append(t.Columns, p.T(c.Label))
		}
		for _, l := range lines {
			row := statRow{Label: label(l.Key)}
			for _, c := range cs {
				row.Figures = append(row.Figures, statFigure{N: c.N(l), Href: href(query(l.Key), c.Query)})
			}
			t.Rows = append(t.Rows, row)
		}
		return t
	}
	unknown := func(prefix string) func(string) string {
		return func(k string) string {
			if k == huoshui.StatUnknown {
				return p.T("statistics.unknown")
			}
			return p.T(prefix + k)
		}
	}
	plain := func(k string) string { return k }
	param := func(name string) func(string) url.Values {
		return func(k string) url.Values { return url.Values{name: {k}} }
	}
	total := st.Total
	total.Key = ""
	tables := []statTable{
		table("statistics.table.status", []huoshui.StatLine{total}, false,
			func(string) string { return p.T("statistics.total") }, func(string) url.Values { return url.Values{} }),
		table("statistics.table.gender", st.Gender, false, unknown("gender."), param("gender")),
		table("statistics.table.age", st.Age, false, unknown("statistics.age."),
			func(k string) url.Values { return bandQuery(huoshui.AgeBands, k, "born_from", "born_to") }),
		table("statistics.table.education", st.Education, false, unknown("education."), param("education")),
		table("statistics.table.ethnicity", st.Ethnicity, false, unknown("statistics.ethnicity."), param("ethnicity")),
	}
	if len(st.Nations) > 0 {
		tables = append(tables, table("statistics.table.nations", st.Nations, false, plain, param("ethnicity")))
	}
	tables = append(tables, table("statistics.table.party_years", st.PartyYears, true, unknown("statistics.years."),
		func(k string) url.Values { return bandQuery(huoshui.PartyYearBands, k, "joined_from", "joined_to") }))
	in := url.Values{}
	from, to := st.Flows.From.String(), st.Date.String()
	flows := []statRow{
		{Label: p.T("statistics.flow.admitted"), Figures: []statFigure{{N: st.Flows.Admitted,
			Href: href(url.Values{"probation_from": {from}, "probation_to": {to}}, in)}}},
		{Label: p.T("statistics.flow.turned_full"), Figures: []statFigure{{N: st.Flows.TurnedFull,
			Href: href(url.Values{"full_from": {from}, "full_to": {to}}, in)}}},
		{Label: p.T("statistics.flow.transfers_in"), Figures: []statFigure{{N: st.Flows.TransfersIn}}},
		{Label: p.T("statistics.flow.transfers_out"), Figures: []statFigure{{N: st.Flows.TransfersOut}}},
	}
	dues := ""
	if st.Dues.Available {
		dues = fmt.Sprintf("%d.%02d", st.Dues.CollectedFen/100, st.Dues.CollectedFen%100)
	}
	return tables, flows, dues
}

// orgStatisticsExport sends GET /orgs/{id}/statistics.xlsx: every table
// of the page, one under another, on one printable sheet.
func (s *Server) orgStatisticsExport(w http.ResponseWriter, r *http.Request) error {
	st, o, err := s.statisticsOf(r)
	if err != nil {
		return err
	}
	lang := langFrom(r)
	p := &Page{Lang: lang, msgs: s.msgs}
	tables, flows, dues := s.statTables(p, o, st)
	t := func(id string, args ...any) string { return s.msgs.T(lang, id, args...) }
	cols := []report.TableColumn{{Header: t("statistics.col.item"), Width: 24}}
	for _, c := range statColumns {
		cols = append(cols, report.TableColumn{Header: t(c.Label), Width: 12})
	}
	title := t("statistics.export.title", "Org", o.Name, "Date", st.Date.String())
	tw, err := report.NewPrintTableWriter(t("statistics.export.sheet"), title, cols)
	if err != nil {
		return err
	}
	defer tw.Close()
	for _, tb := range tables {
		head := []any{"【" + tb.Title + "】"}
		for _, c := range tb.Columns {
			head = append(head, c)
		}
		if err := tw.Add(head); err != nil {
			return err
		}
		for _, row := range tb.Rows {
			line := []any{row.Label}
			for _, f := range row.Figures {
				line = append(line, f.N)
			}
			if err := tw.Add(line); err != nil {
				return err
			}
		}
	}
	if err := tw.Add([]any{"【" + t("statistics.table.flows", "From", st.Flows.From.String(), "To", st.Date.String()) + "】"}); err != nil {
		return err
	}
	for _, row := range flows {
		if err := tw.Add([]any{row.Label, row.Figures[0].N}); err != nil {
			return err
		}
	}
	if dues == "" {
		dues = t("statistics.dues.unavailable")
	}
	if err := tw.Add([]any{t("statistics.dues.collected"), dues}); err != nil {
		return err
	}
	fallback := fmt.Sprintf("statistics-%d-%s.xlsx", o.ID, st.Date)
	name := t("statistics.export.file", "Org", o.Name, "Date", st.Date.String())
	startDownload(w, name, fallback, xlsxType)
	if _, err := tw.WritePrintableTo(w); err != nil {
		s.logFailure(r, http.StatusInternalServerError, err)
	}
	return nil
}

// apiOrgStatistics answers GET /api/v1/orgs/{id}/statistics?date=
// YYYY-MM-DD with the return (huoshui.Statistics); a date that does not
// read, or is after today, is 422 with the reason in the reader's
// language; a node outside the reader's part of the tree is 404.
func (s *Server) apiOrgStatistics(w http.ResponseWriter, r *http.Request) error {
	st, _, err := s.statisticsOf(r)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, st)
	return nil
}
