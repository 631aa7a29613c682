package web

import (
	"context"
	"math"
	"net/http"
	"strconv"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// An org's summary (huoshui.Summary) is read from the summaries the store
// keeps in the transaction of every write — the held meetings by month and
// type, the tasks by year, the outputs by month, kind and level, the
// activities and their links, the members' study hours — never counted
// over the records of a year. The dashboard (dashboard.go), the summary
// API, the annual report and the self-check read it here.

// summaryPeriod is the period a summary is asked for: a calendar year, or
// any from/to.
type summaryPeriod struct {
	Year     int // the calendar year, or 0 for a from/to period
	From, To huoshui.Date
}

// parseSummaryPeriod reads ?year=YYYY, or ?from=DATE&to=DATE (both), or
// neither: this year. A year out of range, a date that does not read or
// dates out of order are refused with what to fix.
func (s *Server) parseSummaryPeriod(r *http.Request) (summaryPeriod, error) {
	v := r.URL.Query()
	ve := &huoshui.ValidationError{}
	rawFrom, rawTo := huoshui.FoldWidth(v.Get("from")), huoshui.FoldWidth(v.Get("to"))
	if rawFrom != "" || rawTo != "" {
		read := func(field, raw string) huoshui.Date {
			d, err := huoshui.ParseDateText(raw)
			switch {
			case raw == "":
				ve.Add(field, "summary.period_both")
			case err != nil || d.IsZero():
				ve.Add(field, "date_format")
			}
			return d
		}
		from, to := read("from", rawFrom), read("to", rawTo)
		if err := ve.Err(); err != nil {
			return summaryPeriod{}, err
		}
		if to.Before(from) {
			ve.Add("to", "summary.to_before_from")
			return summaryPeriod{}, ve
		}
		if from.Year() < 1921 || to.Year() > 2100 {
			ve.Add("from", "meeting.year_out_of_range")
			return summaryPeriod{}, ve
		}
		p := summaryPeriod{From: from, To: to}
		if y := from.Year(); from.Equal(huoshui.NewDate(y, 1, 1)) && to.Equal(huoshui.NewDate(y, 12, 31)) {
			p.Year = y
		}
		return p, nil
	}
	year := s.today().Year()
	if raw := huoshui.FoldWidth(v.Get("year")); raw != "" {
		y, err := strconv.Atoi(raw)
		if err != nil || y < 1921 || y > 2100 {
			ve.Add("year", "meeting.year_out_of_range")
			return summaryPeriod{}, ve
		}
		year = y
	}
	return summaryPeriod{Year: year, From: huoshui.NewDate(year, 1, 1), To: huoshui.NewDate(year, 12, 31)}, nil
}

// summaryOf reads the numbers of org alone or, with subtree, of its whole
// subtree over [from, to]. The caller has read org through the reader's
// scope and checked that they may see its records.
func (s *Server) summaryOf(ctx context.Context, o *huoshui.Org, subtree bool, from, to huoshui.Date) (*huoshui.Summary, error) {
	sum := &huoshui.Summary{OrgID: o.ID, Subtree: subtree, From: from, To: to}
	// Each part is its own read of a kept summary; they go side by side.
	reads := []func(context.Context) error{
		func(ctx context.Context) (err error) {
			sum.ThemeDays, err = s.store.ThemeDays(ctx, o, subtree, from, to)
			return err
		},
		func(ctx context.Context) (err error) {
			sum.Activities, sum.Linked, err = s.store.ActivityCounts(ctx, o, subtree, from, to)
			return err
		},
		func(ctx context.Context) (err error) {
			sum.Tasks, err = s.store.TaskTally(ctx, o, subtree, from, to, s.today())
			return err
		},
		func(ctx context.Context) error {
			outputs, err := s.store.FindOutputSummary(ctx, o, subtree, from, to)
			if err == nil {
				sum.Outputs = *outputs
			}
			return err
		},
	}
	// The study target is a year's: only a whole calendar year has a
	// completion, read from the kept counts.
	if from.Year() == to.Year() && from.Equal(huoshui.NewDate(from.Year(), 1, 1)) && to.Equal(huoshui.NewDate(to.Year(), 12, 31)) {
		reads = append(reads, func(ctx context.Context) (err error) {
			sum.Study, err = s.store.StudyCompletion(ctx, o, subtree, from.Year())
			return err
		})
	}
	if err := concurrently(ctx, reads...); err != nil {
		return nil, err
	}
	return sum, nil
}

// summaryJSON is the shape of GET /api/v1/orgs/{id}/summary.
type summaryJSON struct {
	Org    summaryOrgJSON `json:"org"`
	From   huoshui.Date   `json:"from"`
	To     huoshui.Date   `json:"to"`
	Themes int            `json:"theme_days"`
	Pubs   struct {
		Total   int                         `json:"total"`
		ByLevel map[huoshui.OutputLevel]int `json:"by_level"`
	} `json:"publications"`
	Awards    int `json:"awards"`
	Documents struct {
		Count      int   `json:"count"`
		Characters int64 `json:"characters"`
	} `json:"documents"`
	Innovations int `json:"innovations"`
	Tasks       struct {
		Total      int `json:"total"`
		DoneOnTime int `json:"done_on_time"`
		DoneLate   int `json:"done_late"`
		Open       int `json:"open"`
		Overdue    int `json:"overdue"`
	} `json:"tasks"`
	Activities  int     `json:"activities"`
	Linked      int     `json:"linked"`
	LinkedShare float64 `json:"linked_share"`
	Study       *struct {
		Members int `json:"members"`
		Met     int `json:"met"`
	} `json:"study,omitempty"`
}

type summaryOrgJSON struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Subtree bool   `json:"subtree"`
}

// jsonSummary lays a summary out for the API.
func jsonSummary(o *huoshui.Org, sum *huoshui.Summary) summaryJSON {
	j := summaryJSON{Org: summaryOrgJSON{o.ID, o.Name, sum.Subtree}, From: sum.From, To: sum.To, Themes: sum.ThemeDays}
	j.Pubs.Total = sum.Outputs.Count(huoshui.OutputPublication)
	j.Pubs.ByLevel = sum.Outputs.ByLevel(huoshui.OutputPublication)
	j.Awards = sum.Outputs.Count(huoshui.OutputAward)
	j.Documents.Count = sum.Outputs.Count(huoshui.OutputDocument)
	j.Documents.Characters = sum.Outputs.Characters()
	j.Innovations = sum.Outputs.Count(huoshui.OutputInnovation)
	t := sum.Tasks
	j.Tasks.Total, j.Tasks.DoneOnTime, j.Tasks.DoneLate, j.Tasks.Open, j.Tasks.Overdue = t.Total, t.DoneOnTime, t.DoneLate, t.Open, t.Overdue
	j.Activities, j.Linked = sum.Activities, sum.Linked
	j.LinkedShare = math.Round(sum.LinkedShare()*1000) / 1000
	if sum.Study.Known {
		j.Study = &struct {
			Members int `json:"members"`
			Met     int `json:"met"`
		}{sum.Study.Members, sum.Study.Met}
	}
	return j
}

// apiSummary answers GET /api/v1/orgs/{id}/summary?year=YYYY (or
// ?from=DATE&to=DATE): the numbers of the org's whole subtree — a
// branch's own, a committee's rolled up.
func (s *Server) apiSummary(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	if !auth.Can(userFrom(r.Context()), auth.ViewRecord, auth.Object{OrgPath: o.Path}) {
		return huoshui.ErrForbidden
	}
	p, err := s.parseSummaryPeriod(r)
	if err != nil {
		return err
	}
	sum, err := s.summaryOf(r.Context(), o, true, p.From, p.To)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, jsonSummary(o, sum))
	return nil
}
