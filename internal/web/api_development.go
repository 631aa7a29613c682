package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
)

// The development API: the same lists and the same step form as the
// pages, with the same permission checks.

type apiDevNext struct {
	Step int           `json:"step"`
	Name string        `json:"name"`
	Due  *huoshui.Date `json:"due"`
}

type apiDevPerson struct {
	Member  apiOrg           `json:"member"` // {"id", "name"}
	Org     apiOrg           `json:"org"`
	Stage   huoshui.DevStage `json:"stage"`
	Step    int              `json:"step"` // the last step taken, 0 before the first
	Next    *apiDevNext      `json:"next"`
	Overdue bool             `json:"overdue"`
}

// apiDevelopmentList answers GET /api/v1/development?org=ID&stage=S: the
// people in development of the node (a branch, or a committee's whole
// subtree), as the branch's list shows them.
func (s *Server) apiDevelopmentList(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	scope := auth.DevScope(u)
	o, err := s.devOrg(r, scope)
	if err != nil {
		return err
	}
	f := huoshui.DevFilter{Scope: scope, OrgID: o.ID, Subtree: o.Kind != huoshui.OrgBranch}
	if raw := r.URL.Query().Get("stage"); raw != "" {
		f.Stage = huoshui.DevStage(raw)
		if !f.Stage.Valid() {
			ve := &huoshui.ValidationError{}
			ve.Add("stage", "invalid_choice")
			return ve
		}
	}
	rows, err := s.store.FindDevPeople(r.Context(), f)
	if err != nil {
		return err
	}
	today := s.today()
	out := make([]apiDevPerson, 0, len(rows))
	for _, row := range rows {
		d := newDevRow(row, today)
		p := apiDevPerson{Member: apiOrg{row.Member.ID, row.Member.Name}, Org: apiOrg{row.Member.OrgID, row.Member.OrgName},
			Stage: row.Stage, Step: row.LastStep, Overdue: d.Overdue}
		if d.Next.Number != 0 {
			p.Next = &apiDevNext{Step: d.Next.Number, Name: d.Next.Name}
			if !row.NextDue.IsZero() {
				due := row.NextDue
				p.Next.Due = &due
			}
		}
		out = append(out, p)
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"people": out})
	return nil
}

// apiDevStepInput is the body of POST /api/v1/development/{id}/steps.
type apiDevStepInput struct {
	Step         int              `json:"step"`
	Date         string           `json:"date"`
	ActedBy      string           `json:"acted_by"`
	Note         string           `json:"note"`
	Vote         *huoshui.DevVote `json:"vote"`
	People       []int64          `json:"people"`
	TrainingDays int              `json:"training_days"`
	ClassHours   int              `json:"class_hours"`
	Outcome      string           `json:"outcome"`
	ExtendMonths int              `json:"extend_months"`
}

// apiDevelopmentRecord records a step: 201 with the step, or 422 with the
// rule that refuses it and nothing written. A person outside the reader's
// part of the tree is not found; a step that is not the reader's to take
// is forbidden.
func (s *Server) apiDevelopmentRecord(w http.ResponseWriter, r *http.Request) error {
	f, err := s.findDevFile(r)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	var in apiDevStepInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	if v := checkJSONText(in); v != nil {
		return v
	}
	if !canRecordStep(u, f.Person, in.Step) {
		if !auth.Can(u, auth.EditMember, auth.Object{OrgPath: f.Person.OrgPath}) && !auth.CanApproveDevStep(u, auth.Object{OrgPath: f.Person.OrgPath}) {
			return huoshui.ErrNotFound // a person the reader only sees: no writes here
		}
		return huoshui.ErrForbidden
	}
	v := url.Values{"step": {strconv.Itoa(in.Step)}, "date": {in.Date}, "acted_by": {in.ActedBy}, "note": {in.Note},
		"outcome": {in.Outcome}, "training_days": {strconv.Itoa(in.TrainingDays)}, "class_hours": {strconv.Itoa(in.ClassHours)},
		"extend_months": {strconv.Itoa(in.ExtendMonths)}}
	if in.Vote != nil {
		v["vote_eligible"] = []string{strconv.Itoa(in.Vote.Eligible)}
		v["vote_present"] = []string{strconv.Itoa(in.Vote.Present)}
		v["vote_for"] = []string{strconv.Itoa(in.Vote.For)}
		v["vote_against"] = []string{strconv.Itoa(in.Vote.Against)}
		v["vote_abstain"] = []string{strconv.Itoa(in.Vote.Abstain)}
	}
	for _, id := range in.People {
		v.Add("people", strconv.FormatInt(id, 10))
	}
	ve := &huoshui.ValidationError{}
	rec := readDevStep(v, f.Person.ID, ve)
	if err := ve.Err(); err != nil {
		return err
	}
	if err := s.store.RecordDevStep(r.Context(), s.actor(r), &rec, nil, rules.PlanStep(s.today())); err != nil {
		return err
	}
	s.writeJSON(w, http.StatusCreated, rec)
	return nil
}
