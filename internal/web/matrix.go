package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
)

// themeDaysOf lists the theme days held at org and below in year, as the
// matrix counts them: held as the compliance calendar counts a meeting —
// not cancelled, and someone present. A theme day still to come is not
// yet in the matrix; the year's programme shows what is planned.
func (s *Server) themeDaysOf(ctx context.Context, o *huoshui.Org, year int) ([]*huoshui.Meeting, error) {
	return s.themeDaysBetween(ctx, o, huoshui.NewDate(year, 1, 1), huoshui.NewDate(year, 12, 31))
}

// themeDaysBetween is themeDaysOf for the days from from to to, both
// included.
func (s *Server) themeDaysBetween(ctx context.Context, o *huoshui.Org, from, to huoshui.Date) ([]*huoshui.Meeting, error) {
	day := func(d huoshui.Date) time.Time {
		return time.Date(d.Year(), d.Time().Month(), d.Time().Day(), 0, 0, 0, 0, huoshui.Shanghai)
	}
	ms, _, err := s.store.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Scope{Paths: []string{o.Path}},
		OrgID: o.ID, Subtree: true, Types: []huoshui.MeetingType{huoshui.MeetingThemeDay},
		From: day(from), To: day(to).AddDate(0, 0, 1)})
	if err != nil {
		return nil, err
	}
	held := ms[:0]
	for _, m := range ms {
		if m.Tally.Present > 0 {
			held = append(held, m)
		}
	}
	return held, nil
}

// matrixCell is one visit × gain of the year view: how many theme days
// covered it, which, and what is planned for it.
type matrixCell struct {
	Visit huoshui.Visit
	Gain  huoshui.Gain
	Count int
	Days  []*huoshui.Meeting
	Plans []huoshui.ThemePlan
}

type matrixPage struct {
	Page
	Org     *huoshui.Org
	Year    int
	Years   []int
	Matrix  rules.Matrix
	Rows    [][]matrixCell // visits × gains
	Gains   []huoshui.Gain
	Visits  []huoshui.Visit
	CanPlan bool
	Months  []int
	Form    form
	Planned int
}

// orgMatrix shows the 四走进四提升 year: the 4×4 matrix of visits × gains
// with the theme days in each cell, the work topics covered, the empty
// cells, and the year's programme a secretary plans into those cells.
func (s *Server) orgMatrix(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	if !auth.Can(userFrom(r.Context()), auth.ViewRecord, auth.Object{OrgPath: o.Path}) {
		return huoshui.ErrForbidden
	}
	return s.renderMatrix(w, r, http.StatusOK, o, s.lifeYear(r), newForm(nil))
}

func (s *Server) renderMatrix(w http.ResponseWriter, r *http.Request, code int, o *huoshui.Org, year int, f form) error {
	ctx := r.Context()
	days, err := s.themeDaysOf(ctx, o, year)
	if err != nil {
		return err
	}
	plans, err := s.store.FindThemePlans(ctx, o.ID, year)
	if err != nil {
		return err
	}
	tds := make([]rules.ThemeDay, len(days))
	for i, d := range days {
		tds[i] = rules.ThemeDayOf(d)
	}
	p := &matrixPage{Org: o, Year: year, Matrix: rules.BuildMatrix(tds), Gains: huoshui.Gains, Visits: huoshui.Visits,
		Form: f, Months: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, Planned: len(plans)}
	p.CanPlan = auth.Can(userFrom(ctx), auth.EditRecord, auth.Object{OrgPath: o.Path}) && o.ArchivedAt == nil
	this := s.now().In(huoshui.Shanghai).Year()
	for y := this + 1; y >= this-5; y-- {
		p.Years = append(p.Years, y)
	}
	for _, v := range huoshui.Visits {
		var row []matrixCell
		for _, g := range huoshui.Gains {
			c := matrixCell{Visit: v, Gain: g, Count: p.Matrix.Cell(v, g).Count}
			for _, d := range days {
				if containsAll(d.Visits, v) && containsAll(d.Gains, g) {
					c.Days = append(c.Days, d)
				}
			}
			for _, pl := range plans {
				if pl.Visit == v && pl.Gain == g {
					c.Plans = append(c.Plans, pl)
				}
			}
			row = append(row, c)
		}
		p.Rows = append(p.Rows, row)
	}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: fmt.Sprintf("/orgs/%d", o.ID), Label: o.Name}, {Label: s.msgs.T(lang, "matrix.title")}}
	return s.render(w, r, code, "org_matrix", p)
}

func containsAll[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// themePlanAdd puts a theme day into the year's programme at a cell.
func (s *Server) themePlanAdd(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	if !auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: o.Path}) {
		return huoshui.ErrForbidden
	}
	year := s.lifeYear(r)
	return submit(s, w, r, formFlow[*huoshui.ThemePlan]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.ThemePlan, error) {
			p := &huoshui.ThemePlan{OrgID: o.ID, Visit: huoshui.Visit(v.Get("visit")), Gain: huoshui.Gain(v.Get("gain")),
				Title: v.Get("title")}
			p.Year, _ = strconv.Atoi(v.Get("year"))
			p.Month, _ = strconv.Atoi(huoshui.FoldWidth(v.Get("month")))
			year = p.Year
			return p, nil
		},
		Save: func(p *huoshui.ThemePlan) error { return s.store.AddThemePlan(r.Context(), s.actor(r), p) },
		Page: func(code int, f form) error {
			if year < 1921 || year > 2100 {
				year = s.lifeYear(r)
			}
			return s.renderMatrix(w, r, code, o, year, f)
		},
		Flash: "matrix.planned",
		Next:  func(p *huoshui.ThemePlan) string { return fmt.Sprintf("/orgs/%d/matrix?year=%d", o.ID, p.Year) },
	})
}

// themePlanDelete takes an entry out of the programme.
func (s *Server) themePlanDelete(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	if !auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: o.Path}) {
		return huoshui.ErrForbidden
	}
	pid, err := pathID(r, "pid")
	if err != nil {
		return err
	}
	year := s.lifeYear(r)
	return submit(s, w, r, formFlow[struct{}]{
		Save:  func(struct{}) error { return s.store.DeleteThemePlan(r.Context(), s.actor(r), o.ID, pid) },
		Flash: "matrix.unplanned",
		Next:  func(struct{}) string { return fmt.Sprintf("/orgs/%d/matrix?year=%d", o.ID, year) },
	})
}

// apiMatrix answers GET /api/v1/orgs/{id}/matrix?year=YYYY: the theme days
// of the org and below counted into the 16 visit × gain cells.
func (s *Server) apiMatrix(w http.ResponseWriter, r *http.Request) error {
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
	days, err := s.themeDaysOf(r.Context(), o, s.lifeYear(r))
	if err != nil {
		return err
	}
	tds := make([]rules.ThemeDay, len(days))
	for i, d := range days {
		tds[i] = rules.ThemeDayOf(d)
	}
	m := rules.BuildMatrix(tds)
	type cell struct {
		Visit huoshui.Visit `json:"visit"`
		Gain  huoshui.Gain  `json:"gain"`
		Count int           `json:"count"`
	}
	type topic struct {
		Topic string `json:"topic"`
		Count int    `json:"count"`
	}
	cells := make([]cell, len(m.Cells))
	for i, c := range m.Cells {
		cells[i] = cell{c.Visit, c.Gain, c.Count}
	}
	topics := make([]topic, len(m.Topics))
	for i, t := range m.Topics {
		topics[i] = topic{t.Topic, t.Count}
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"cells": cells, "total": m.Total, "topics": topics})
	return nil
}
