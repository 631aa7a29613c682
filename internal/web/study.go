package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// Study hours are counted from what the platform already records — the
// meetings a member attended, the training an officer confirmed — so that
// nobody enters them twice (internal/rules/study.go). A member sees their
// own year; an officer sees their branch's members against the target, in
// roster order, never ranked; an organiser sees each branch's completion
// rate.

// studyOf counts the year of each member, with the items it comes from.
func (s *Server) studyOf(ctx context.Context, members []*huoshui.Member, year int) (map[int64]rules.StudyProgress, error) {
	ids := make([]int64, len(members))
	for i, m := range members {
		ids[i] = m.ID
	}
	items, err := s.store.StudyItems(ctx, ids, year)
	if err != nil {
		return nil, err
	}
	targets := map[string]int{}
	out := make(map[int64]rules.StudyProgress, len(members))
	for _, m := range members {
		target, ok := targets[m.OrgPath]
		if !ok {
			if target, _, err = s.store.StudyTarget(ctx, m.OrgPath); err != nil {
				return nil, err
			}
			targets[m.OrgPath] = target
		}
		out[m.ID] = rules.Study(float64(target), items[m.ID])
	}
	return out, nil
}

// studyYear reads ?year= (this year by default); years before the party's
// founding or far ahead are refused.
func (s *Server) studyYear(r *http.Request) (int, error) {
	raw := huoshui.FoldWidth(r.URL.Query().Get("year"))
	if raw == "" {
		return s.now().In(huoshui.Shanghai).Year(), nil
	}
	y, err := strconv.Atoi(raw)
	if err != nil || y < 1921 || y > 2100 {
		ve := &huoshui.ValidationError{}
		ve.Add("year", "meeting.year_out_of_range")
		return 0, ve
	}
	return y, nil
}

type studyPage struct {
	Page
	Member    *huoshui.Member
	Own       bool // the reader's own year: the training form and withdraw buttons
	Year      int
	Years     []int
	Progress  rules.StudyProgress
	Sources   []huoshui.StudySource
	Trainings []huoshui.Training
	Form      form
	Today     huoshui.Date
}

func (s *Server) years(from int) []int {
	this := s.now().In(huoshui.Shanghai).Year()
	var ys []int
	for y := this; y >= max(from, this-5); y-- {
		ys = append(ys, y)
	}
	return ys
}

// studyMine shows the reader's own study year and the form to enter
// training done elsewhere.
func (s *Server) studyMine(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if u.MemberID == 0 {
		return huoshui.ErrNotFound
	}
	m, err := s.store.FindMemberByID(r.Context(), auth.Scope(u, auth.ViewMember), u.MemberID)
	if err != nil {
		return err
	}
	year, err := s.studyYear(r)
	if err != nil {
		return err
	}
	return s.renderStudy(w, r, http.StatusOK, m, year, true, newForm(nil))
}

// memberStudy shows a member's study year to those who may see the
// member: the member and the branch's officers.
func (s *Server) memberStudy(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findVisibleMember(r, auth.ViewMember)
	if err != nil {
		return err
	}
	year, err := s.studyYear(r)
	if err != nil {
		return err
	}
	return s.renderStudy(w, r, http.StatusOK, m, year, m.ID == userFrom(r.Context()).MemberID, newForm(nil))
}

func (s *Server) renderStudy(w http.ResponseWriter, r *http.Request, code int, m *huoshui.Member, year int, own bool, f form) error {
	ctx := r.Context()
	progress, err := s.studyOf(ctx, []*huoshui.Member{m}, year)
	if err != nil {
		return err
	}
	ts, err := s.store.FindTrainings(ctx, store.TrainingFilter{Scope: huoshui.Everything(), MemberID: m.ID, Year: year})
	if err != nil {
		return err
	}
	p := &studyPage{Member: m, Own: own, Year: year, Years: s.years(1921), Progress: progress[m.ID], Trainings: ts,
		Form: f, Today: s.today(), Sources: []huoshui.StudySource{huoshui.StudyMeeting, huoshui.StudyLecture,
			huoshui.StudyDiscussion, huoshui.StudyReading, huoshui.StudyTraining}}
	lang := langFrom(r)
	if !own {
		p.Crumbs = []crumb{{Href: fmt.Sprintf("/members/%d", m.ID), Label: m.Name}, {Label: s.msgs.T(lang, "study.title")}}
	}
	return s.render(w, r, code, "study", p)
}

// trainingCreate enters training the reader did elsewhere, for an officer
// to confirm.
func (s *Server) trainingCreate(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if u.MemberID == 0 {
		return huoshui.ErrNotFound
	}
	m, err := s.store.FindMemberByID(r.Context(), auth.Scope(u, auth.ViewMember), u.MemberID)
	if err != nil {
		return err
	}
	year := s.now().In(huoshui.Shanghai).Year()
	return submit(s, w, r, formFlow[*huoshui.Training]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Training, error) {
			t := &huoshui.Training{MemberID: m.ID, Title: v.Get("title"), Organiser: v.Get("organiser"), Evidence: v.Get("evidence")}
			if raw := huoshui.FoldWidth(v.Get("held_on")); raw != "" {
				d, err := huoshui.ParseDate(raw)
				if err != nil {
					ve.Add("held_on", "date_format")
				}
				t.HeldOn = d
			}
			if raw := huoshui.FoldWidth(v.Get("hours")); raw != "" {
				h, err := strconv.ParseFloat(raw, 64)
				if err != nil {
					ve.Add("hours", "study.training_hours_half")
				}
				t.Hours = h
			}
			if !ve.Has("held_on") && !ve.Has("hours") {
				ve.Merge(t.Validate(s.today()))
			}
			if !t.HeldOn.IsZero() {
				year = t.HeldOn.Year()
			}
			return t, nil
		},
		Save: func(t *huoshui.Training) error { return s.store.CreateTraining(r.Context(), s.actor(r), t, s.today()) },
		Page: func(code int, f form) error {
			return s.renderStudy(w, r, code, m, s.now().In(huoshui.Shanghai).Year(), true, f)
		},
		Flash: "study.training_entered",
		Next:  func(*huoshui.Training) string { return fmt.Sprintf("/study?year=%d", year) },
	})
}

// findVisibleTraining loads the entry in the path when the reader may see
// it: their own, or one of a member in their branch.
func (s *Server) findVisibleTraining(r *http.Request) (*huoshui.Training, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	u := userFrom(r.Context())
	return s.store.FindTrainingByID(r.Context(), auth.Scope(u, auth.ViewMember), id)
}

// trainingWithdraw takes back the reader's own entry while it awaits an
// officer.
func (s *Server) trainingWithdraw(w http.ResponseWriter, r *http.Request) error {
	t, err := s.findVisibleTraining(r)
	if err != nil {
		return err
	}
	if t.MemberID != userFrom(r.Context()).MemberID {
		return huoshui.ErrForbidden
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save: func(struct{}) error {
			err := s.store.WithdrawTraining(r.Context(), s.actor(r), userFrom(r.Context()).MemberID, t.ID)
			if errors.Is(err, store.ErrTrainingDecided) {
				ve := &huoshui.ValidationError{}
				ve.Add("", "study.training_already_decided")
				return ve
			}
			return err
		},
		Flash: "study.training_withdrawn",
		Next:  func(struct{}) string { return fmt.Sprintf("/study?year=%d", t.HeldOn.Year()) },
	})
}

// trainingDecide confirms or rejects an entry of a member of the officer's
// branch.
func (s *Server) trainingDecide(w http.ResponseWriter, r *http.Request) error {
	t, err := s.findVisibleTraining(r)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	if !auth.Can(u, auth.EditRecord, auth.Object{OrgPath: t.OrgPath}) {
		return huoshui.ErrForbidden
	}
	// An officer's own entry is decided by another officer: a secretary
	// who enters forty hours and confirms them has approved themself.
	if u.MemberID != 0 && t.MemberID == u.MemberID {
		return huoshui.ErrForbidden
	}
	type decision struct {
		confirm bool
		hours   float64
		reason  string
	}
	return submit(s, w, r, formFlow[decision]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (decision, error) {
			d := decision{confirm: v.Get("decision") == "confirm", reason: v.Get("reason")}
			if raw := huoshui.FoldWidth(v.Get("hours")); raw != "" {
				h, err := strconv.ParseFloat(raw, 64)
				if err != nil {
					ve.Add("hours", "study.training_hours_half")
				}
				d.hours = h
			}
			return d, nil
		},
		Save: func(d decision) error {
			err := s.store.DecideTraining(r.Context(), s.actor(r), t.ID, d.confirm, d.hours, d.reason)
			if errors.Is(err, store.ErrTrainingDecided) {
				ve := &huoshui.ValidationError{}
				ve.Add("", "study.training_already_decided")
				return ve
			}
			return err
		},
		Flash: "study.training_decided",
		Next:  func(decision) string { return fmt.Sprintf("/orgs/%d/study?year=%d", t.OrgID, t.HeldOn.Year()) },
	})
}

// orgStudyRow is one member of a branch against the target.
type orgStudyRow struct {
	Member   *huoshui.Member
	Progress rules.StudyProgress
}

// orgStudyBranch is one branch of a committee's subtree: its completion.
type orgStudyBranch struct {
	Org   *huoshui.Org
	Study rules.BranchStudy
}

type orgStudyPage struct {
	Page
	Org      *huoshui.Org
	Year     int
	Years    []int
	Target   int
	TargetAt int64 // the org whose target applies; 0 for the default
	Rows     []orgStudyRow
	Branches []orgStudyBranch
	Total    rules.BranchStudy
	Pending  []huoshui.Training
	CanEdit  bool
	Form     form
}

// orgStudy shows a branch's members against the target (in roster order,
// never ranked) with the training entries awaiting confirmation, or, for
// a committee, each branch's completion rate.
func (s *Server) orgStudy(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	if !auth.Can(userFrom(r.Context()), auth.ViewMember, auth.Object{OrgPath: o.Path}) {
		return huoshui.ErrForbidden
	}
	year, err := s.studyYear(r)
	if err != nil {
		return err
	}
	return s.renderOrgStudy(w, r, http.StatusOK, o, year, newForm(nil))
}

// partyMembers are the full and probationary members: study hours are
// asked of them.
func partyMembers(ms []*huoshui.Member) []*huoshui.Member {
	out := ms[:0]
	for _, m := range ms {
		if m.Status == huoshui.StatusFull || m.Status == huoshui.StatusProbationary {
			out = append(out, m)
		}
	}
	return out
}

func (s *Server) renderOrgStudy(w http.ResponseWriter, r *http.Request, code int, o *huoshui.Org, year int, f form) error {
	ctx := r.Context()
	u := userFrom(ctx)
	p := &orgStudyPage{Org: o, Year: year, Years: s.years(1921), Form: f,
		CanEdit: auth.Can(u, auth.EditRecord, auth.Object{OrgPath: o.Path}) && o.ArchivedAt == nil}
	var err error
	if p.Target, p.TargetAt, err = s.store.StudyTarget(ctx, o.Path); err != nil {
		return err
	}
	scope := huoshui.Scope{Paths: []string{o.Path}}
	if o.Kind == huoshui.OrgBranch || o.Kind == huoshui.OrgGroup {
		all, _, err := s.store.FindMembers(ctx, huoshui.MemberFilter{Scope: scope, Sort: "org"})
		if err != nil {
			return err
		}
		members := partyMembers(all)
		progress, err := s.studyOf(ctx, members, year)
		if err != nil {
			return err
		}
		for _, m := range members {
			p.Rows = append(p.Rows, orgStudyRow{Member: m, Progress: progress[m.ID]})
			p.Total.Members++
			p.Total.Hours += progress[m.ID].Done
			if progress[m.ID].Reached {
				p.Total.Reached++
			}
		}
	} else {
		// A committee's page shows each branch's completion and the
		// whole: both from the kept counts, not from every member's year.
		orgs, err := s.store.FindOrgs(ctx, huoshui.OrgFilter{Scope: scope, Kind: huoshui.OrgBranch})
		if err != nil {
			return err
		}
		byOrg, err := s.store.StudyCompletionByOrg(ctx, o, year)
		if err != nil {
			return err
		}
		for _, b := range orgs {
			if b.ArchivedAt == nil {
				c := byOrg[b.ID]
				p.Branches = append(p.Branches, orgStudyBranch{Org: b, Study: rules.BranchStudy{Members: c.Members, Reached: c.Met}})
			}
		}
		total, err := s.store.StudyCompletion(ctx, o, true, year)
		if err != nil {
			return err
		}
		p.Total = rules.BranchStudy{Members: total.Members, Reached: total.Met}
	}
	if p.CanEdit {
		if p.Pending, err = s.store.FindTrainings(ctx, store.TrainingFilter{Scope: scope, OrgID: o.ID,
			Status: huoshui.TrainingPending, Limit: 200}); err != nil {
			return err
		}
	}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: fmt.Sprintf("/orgs/%d", o.ID), Label: o.Name}, {Label: s.msgs.T(lang, "study.org_title")}}
	return s.render(w, r, code, "org_study", p)
}

// orgStudyTarget sets the yearly target of an org's members (empty: the
// org above's, or 32).
func (s *Server) orgStudyTarget(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	if !auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: o.Path}) {
		return huoshui.ErrForbidden
	}
	return submit(s, w, r, formFlow[int]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (int, error) {
			raw := huoshui.FoldWidth(v.Get("hours"))
			if raw == "" {
				return 0, nil
			}
			h, err := strconv.Atoi(raw)
			if err != nil || h < 1 || h > 500 {
				ve.Add("hours", "study.target_range")
			}
			return h, nil
		},
		Save: func(h int) error { return s.store.SetStudyTarget(r.Context(), s.actor(r), o.ID, h) },
		Page: func(code int, f form) error {
			return s.renderOrgStudy(w, r, code, o, s.now().In(huoshui.Shanghai).Year(), f)
		},
		Flash: "study.target_saved",
		Next:  func(int) string { return fmt.Sprintf("/orgs/%d/study", o.ID) },
	})
}

// apiStudyHours answers GET /api/v1/members/{id}/study-hours?year=YYYY:
// the member's target, the hours done and the items they come from.
func (s *Server) apiStudyHours(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findVisibleMember(r, auth.ViewMember)
	if err != nil {
		return err
	}
	year, err := s.studyYear(r)
	if err != nil {
		return err
	}
	progress, err := s.studyOf(r.Context(), []*huoshui.Member{m}, year)
	if err != nil {
		return err
	}
	p := progress[m.ID]
	s.writeJSON(w, http.StatusOK, map[string]any{"year": year, "target": p.Target, "done": p.Done, "left": p.Left,
		"reached": p.Reached, "by_source": p.BySource, "items": p.Items})
	return nil
}
