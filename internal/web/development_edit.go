package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
)

// Recording a step of a person's development file: the branch's officers
// record the person's and the branch's steps, an organiser above the
// branch the higher committee's (its approve button posts here too). The
// rules decide in the same transaction that writes the step: a step out
// of order or too early comes back with the rule that forbids it and
// nothing written; a late one is kept and marked.

// devStepNumber reads the step a form or request names, 0 when it names
// none that exists.
func devStepNumber(raw string) int {
	n, err := strconv.Atoi(strings.TrimSpace(huoshui.FoldWidth(raw)))
	if err != nil {
		return 0
	}
	if _, ok := rules.StepOf(n); !ok {
		return 0
	}
	return n
}

// readDevStep turns the posted form into a step of person memberID,
// adding each problem of the form to ve.
func readDevStep(v url.Values, memberID int64, ve *huoshui.ValidationError) huoshui.DevStep {
	rec := huoshui.DevStep{MemberID: memberID, Step: devStepNumber(v.Get("step")), ActedBy: v.Get("acted_by"), Note: v.Get("note")}
	if rec.Step == 0 {
		ve.Add("step", "invalid_choice")
	}
	rec.Date = readDate(v, "date", true, ve)
	num := func(field, group string) int {
		raw := strings.TrimSpace(huoshui.FoldWidth(v.Get(field)))
		if raw == "" {
			return 0
		}
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 {
			if !ve.Has(group) {
				ve.Add(group, "number_format")
			}
			return 0
		}
		return n
	}
	if rec.Step == 15 || rec.Step == 23 {
		x := huoshui.DevVote{Eligible: num("vote_eligible", "vote"), Present: num("vote_present", "vote"),
			For: num("vote_for", "vote"), Against: num("vote_against", "vote"), Abstain: num("vote_abstain", "vote")}
		if x != (huoshui.DevVote{}) {
			rec.Vote = &x
		}
	}
	if rec.Step == 5 || rec.Step == 9 {
		for _, raw := range v["people"] {
			id, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
			if err != nil || id <= 0 {
				ve.Add("people", "invalid_choice")
				break
			}
			rec.People = append(rec.People, huoshui.DevPerson{MemberID: id})
		}
	}
	if rec.Step == 6 || rec.Step == 11 {
		rec.TrainingDays, rec.ClassHours = num("training_days", "training"), num("class_hours", "training")
	}
	if rec.Step == 23 || rec.Step == 24 {
		rec.Outcome = huoshui.DevOutcome(v.Get("outcome"))
		if rec.Outcome == huoshui.OutcomeExtend {
			rec.ExtendMonths = num("extend_months", "extend_months")
		}
	}
	return rec
}

// canRecordStep reports whether the reader may record step n of person m.
func canRecordStep(u *huoshui.User, m *huoshui.Member, n int) bool {
	actor := huoshui.ActorBranch
	if spec, ok := rules.StepOf(n); ok {
		actor = spec.Actor
	}
	return auth.CanRecordDevStep(u, actor, auth.Object{OrgPath: m.OrgPath, MemberID: m.ID})
}

// developmentRecord records a step from the file's form, with its papers.
func (s *Server) developmentRecord(w http.ResponseWriter, r *http.Request) error {
	f, err := s.findDevFile(r)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	if !auth.Can(u, auth.EditMember, auth.Object{OrgPath: f.Person.OrgPath}) && !auth.CanApproveDevStep(u, auth.Object{OrgPath: f.Person.OrgPath}) {
		return huoshui.ErrForbidden
	}
	values, files, err := s.readProgressForm(w, r)
	if ref := (*uploadRefused)(nil); errors.As(err, &ref) {
		fm := ref.form()
		fm.Values = values
		return s.renderDevFile(w, r, ref.code, f, fm)
	}
	if err != nil {
		return err
	}
	fm := newForm(values)
	ve := &huoshui.ValidationError{}
	rec := readDevStep(values, f.Person.ID, ve)
	if rec.Step != 0 && !canRecordStep(u, f.Person, rec.Step) {
		return huoshui.ErrForbidden
	}
	if err := ve.Err(); err != nil {
		s.addErrors(r, &fm, err)
		return s.renderDevFile(w, r, http.StatusUnprocessableEntity, f, fm)
	}
	var papers []*huoshui.Attachment
	if files {
		papers, err = s.takeUploads(w, r)
		if ref := (*uploadRefused)(nil); errors.As(err, &ref) {
			fm := ref.form()
			fm.Values = values
			return s.renderDevFile(w, r, ref.code, f, fm)
		}
		if err != nil {
			return err
		}
	}
	if err := s.store.RecordDevStep(r.Context(), s.actor(r), &rec, papers, rules.PlanStep(s.today())); err != nil {
		if s.addErrors(r, &fm, err) {
			return s.renderDevFile(w, r, http.StatusUnprocessableEntity, f, fm)
		}
		return err
	}
	spec, _ := rules.StepOf(rec.Step)
	switch {
	case rec.Late:
		flashWith(w, "development.recorded_late", "Step", rec.Step, "Name", spec.Name)
	default:
		flashWith(w, "development.recorded", "Step", rec.Step, "Name", spec.Name)
	}
	next := r.URL.Query().Get("back")
	if next != "pipeline" {
		http.Redirect(w, r, fmt.Sprintf("%s#step-%d", devPath(f.Person.ID), rec.Step), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/development/pipeline", http.StatusSeeOther)
	return nil
}
