package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
)

// The annual report (年度工作总结) of an org for a calendar year: a draft
// written from the records (annual_input.go, report.WriteAnnual), which
// the org's officers edit section by section and save; the saved text is
// what the page, the Word document and the print page show from then on,
// with a note of when its numbers were read, until an officer asks for a
// fresh draft (which asks first, since it replaces the edits). Whoever
// sees the org's records reads and exports it; its officers
// (auth.EditRecord) save and regenerate it.

// annualReport is the report of an org for a year as it stands: the
// saved text if there is one, otherwise a draft from the records.
type annualReport struct {
	Org      *huoshui.Org
	Year     int
	Title    string
	Sections []huoshui.ReportSection
	Saved    *huoshui.AnnualReport // nil: nothing saved yet
	// GeneratedAt is when the numbers were read from the records.
	GeneratedAt time.Time
}

// parseAnnualYear reads ?year=YYYY (full-width digits too); none is this
// year. Anything else is refused with what to fix.
func (s *Server) parseAnnualYear(r *http.Request) (int, error) {
	raw := huoshui.FoldWidth(r.URL.Query().Get("year"))
	if raw == "" {
		return s.today().Year(), nil
	}
	y, err := strconv.Atoi(raw)
	if err != nil || y < 1921 || y > 2100 {
		ve := &huoshui.ValidationError{}
		ve.Add("year", "meeting.year_out_of_range")
		return 0, ve
	}
	return y, nil
}

// visibleAnnualOrg reads the org of the path through the reader's view of
// the tree and checks that they may see its records; an org outside
// their tree is not found.
func (s *Server) visibleAnnualOrg(r *http.Request) (*huoshui.Org, error) {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(userFrom(r.Context()), auth.ViewRecord, auth.Object{OrgPath: o.Path}) {
		return nil, huoshui.ErrForbidden
	}
	return o, nil
}

// loadAnnualReport is the report of o for year: the saved text, or a
// fresh draft from the records.
func (s *Server) loadAnnualReport(r *http.Request, o *huoshui.Org, year int) (*annualReport, error) {
	ctx := r.Context()
	a := &annualReport{Org: o, Year: year, Title: o.Name + strconv.Itoa(year) + "年度工作总结"}
	saved, err := s.store.FindAnnualReport(ctx, o.ID, year)
	switch {
	case err == nil:
		a.Saved, a.Sections, a.GeneratedAt = saved, saved.Sections, saved.GeneratedAt
		return a, nil
	case !errors.Is(err, huoshui.ErrNotFound):
		return nil, err
	}
	facts, err := s.annualFactsOf(ctx, o, year)
	if err != nil {
		return nil, err
	}
	text := report.WriteAnnual(facts)
	a.Title, a.Sections, a.GeneratedAt = text.Title, text.Sections, s.now()
	return a, nil
}

// annualReportOf reads the org and year of the request and the report.
func (s *Server) annualReportOf(r *http.Request) (*annualReport, error) {
	o, err := s.visibleAnnualOrg(r)
	if err != nil {
		return nil, err
	}
	year, err := s.parseAnnualYear(r)
	if err != nil {
		return nil, err
	}
	return s.loadAnnualReport(r, o, year)
}

type annualPage struct {
	Page
	*annualReport
	Years   []int
	CanEdit bool
	// Confirm shows the question asked before a fresh draft replaces
	// what was saved.
	Confirm bool
	Form    form
	Version int
}

// SectionText is what the textarea of section i (from 0) holds: what was
// typed when the form comes back, the report's text otherwise.
func (p *annualPage) SectionText(i int) string {
	if p.Form.Values != nil {
		return p.Form.Get(annualField(i))
	}
	return p.Sections[i].Text
}

// annualField is the form field of section i (from 0).
func annualField(i int) string { return "section_" + strconv.Itoa(i+1) }

func annualPath(o *huoshui.Org, year int, suffix string) string {
	return fmt.Sprintf("/orgs/%d/report%s?year=%d", o.ID, suffix, year)
}

// renderAnnual shows the report's page with code, and f when a save was
// refused.
func (s *Server) renderAnnual(w http.ResponseWriter, r *http.Request, code int, a *annualReport, f form) error {
	u := userFrom(r.Context())
	p := &annualPage{annualReport: a, Years: s.years(2016), Form: f,
		CanEdit: a.Org.ArchivedAt == nil && auth.Can(u, auth.EditRecord, auth.Object{OrgPath: a.Org.Path})}
	if a.Saved != nil {
		p.Version = a.Saved.Version
	}
	if f.Values != nil {
		p.Version, _ = strconv.Atoi(f.Get("version"))
	}
	p.Confirm = p.CanEdit && r.Method == http.MethodGet && r.URL.Query().Get("regenerate") == "1"
	s.prepare(r, &p.Page)
	p.Crumbs = []crumb{{Href: fmt.Sprintf("/orgs/%d", a.Org.ID), Label: a.Org.Name}, {Label: s.msgs.T(langFrom(r), "annual.title")}}
	return s.render(w, r, code, "org_report", p)
}

// orgAnnualReport shows GET /orgs/{id}/report?year=YYYY.
func (s *Server) orgAnnualReport(w http.ResponseWriter, r *http.Request) error {
	a, err := s.annualReportOf(r)
	if err != nil {
		return err
	}
	return s.renderAnnual(w, r, http.StatusOK, a, form{})
}

// editableAnnualOrg is the org of the path for an officer who may change
// its records; a reader who may only see them is refused.
func (s *Server) editableAnnualOrg(r *http.Request) (*huoshui.Org, int, error) {
	o, err := s.visibleAnnualOrg(r)
	if err != nil {
		return nil, 0, err
	}
	if o.ArchivedAt != nil || !auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: o.Path}) {
		return nil, 0, huoshui.ErrForbidden
	}
	year, err := s.parseAnnualYear(r)
	return o, year, err
}

// orgAnnualReportSave saves POST /orgs/{id}/report?year=YYYY: the text of
// every section as typed. A refused save shows the form again with what
// was typed.
func (s *Server) orgAnnualReportSave(w http.ResponseWriter, r *http.Request) error {
	o, year, err := s.editableAnnualOrg(r)
	if err != nil {
		return err
	}
	type input struct {
		rep     *huoshui.AnnualReport
		version int
	}
	return submit(s, w, r, formFlow[input]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (input, error) {
			in := input{rep: &huoshui.AnnualReport{OrgID: o.ID, Year: year}}
			in.version, _ = strconv.Atoi(v.Get("version"))
			for i, h := range report.AnnualHeadings {
				in.rep.Sections = append(in.rep.Sections, huoshui.ReportSection{Heading: h, Text: v.Get(annualField(i))})
			}
			if at, err := time.Parse(time.RFC3339, v.Get("generated_at")); err == nil && !at.After(s.now()) {
				in.rep.GeneratedAt = at
			}
			ve.Merge(in.rep.Validate())
			return in, nil
		},
		Save: func(in input) error {
			return s.store.SaveAnnualReport(r.Context(), s.actor(r), in.rep, in.version, true)
		},
		Page: func(code int, f form) error {
			a, err := s.loadAnnualReport(r, o, year)
			if err != nil {
				return err
			}
			return s.renderAnnual(w, r, code, a, f)
		},
		Flash: "annual.saved",
		Next:  func(input) string { return annualPath(o, year, "") },
	})
}

// orgAnnualReportRegenerate answers POST /orgs/{id}/report/regenerate
// ?year=YYYY: a fresh draft from the records replaces what was saved.
// Without confirm=1 (the question the page asks first) it goes to the
// question.
func (s *Server) orgAnnualReportRegenerate(w http.ResponseWriter, r *http.Request) error {
	o, year, err := s.editableAnnualOrg(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if r.PostForm.Get("confirm") != "1" {
		http.Redirect(w, r, annualPath(o, year, "")+"&regenerate=1#regenerate", http.StatusSeeOther)
		return nil
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	facts, err := s.annualFactsOf(r.Context(), o, year)
	if err != nil {
		return err
	}
	text := report.WriteAnnual(facts)
	rep := &huoshui.AnnualReport{OrgID: o.ID, Year: year, Sections: text.Sections, GeneratedAt: s.now()}
	if err := s.store.SaveAnnualReport(r.Context(), s.actor(r), rep, version, false); err != nil {
		return err
	}
	flash(w, "annual.regenerated")
	http.Redirect(w, r, annualPath(o, year, ""), http.StatusSeeOther)
	return nil
}

// writeAnnualDocx sends the report as a Word document.
func (s *Server) writeAnnualDocx(w http.ResponseWriter, a *annualReport) error {
	var buf bytes.Buffer
	if err := report.WriteAnnualDocx(&buf, a.Org.Name, a.Title, a.Sections); err != nil {
		return err
	}
	sendFile(w, a.Title+".docx", fmt.Sprintf("annual-report-%d-%d.docx", a.Org.ID, a.Year), docxType, buf.Bytes())
	return nil
}

// orgAnnualReportDocx sends GET /orgs/{id}/report.docx?year=YYYY.
func (s *Server) orgAnnualReportDocx(w http.ResponseWriter, r *http.Request) error {
	a, err := s.annualReportOf(r)
	if err != nil {
		return err
	}
	return s.writeAnnualDocx(w, a)
}

// orgAnnualReportPrint shows GET /orgs/{id}/report/print?year=YYYY, the
// report laid out for the printer.
func (s *Server) orgAnnualReportPrint(w http.ResponseWriter, r *http.Request) error {
	a, err := s.annualReportOf(r)
	if err != nil {
		return err
	}
	p := &annualPage{annualReport: a}
	s.prepare(r, &p.Page)
	return s.render(w, r, http.StatusOK, "org_report_print", p)
}

// apiAnnualReportDocx answers GET /api/v1/orgs/{id}/report.docx
// ?year=YYYY with the Word document. A year that does not read is a bad
// request (400) in the API's JSON error; an org the reader may not see
// is not found (404).
func (s *Server) apiAnnualReportDocx(w http.ResponseWriter, r *http.Request) error {
	o, err := s.visibleAnnualOrg(r)
	if err != nil {
		return err
	}
	year, err := s.parseAnnualYear(r)
	var ve *huoshui.ValidationError
	if errors.As(err, &ve) {
		lang := langFrom(r)
		s.writeJSON(w, http.StatusBadRequest, map[string]any{
			"error":  s.msgs.T(lang, "annual.bad_year"),
			"fields": s.msgs.fieldMessages(lang, ve),
		})
		return nil
	}
	if err != nil {
		return err
	}
	a, err := s.loadAnnualReport(r, o, year)
	if err != nil {
		return err
	}
	return s.writeAnnualDocx(w, a)
}
