package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// Micro lectures (微党课): a branch's rota, its lectures and the members'
// short feedback. The rota is computed by rules.NextLecturers from what
// the store keeps; officers (EditRecord over the branch) record lectures
// and keep the rota (swaps, away and back), every member of the branch
// sees it and leaves feedback.

func lecturePath(l *huoshui.Lecture) string { return fmt.Sprintf("/lectures/%d", l.ID) }

// studyBranches lists the current branches in which u may do a, in tree
// order, at most 500: a branch keeps its own rota.
func (s *Server) studyBranches(ctx context.Context, u *huoshui.User, a auth.Action) ([]*huoshui.Org, error) {
	scope := auth.Scope(u, a)
	if len(scope.Paths) == 0 {
		return nil, nil
	}
	orgs, err := s.store.FindOrgs(ctx, huoshui.OrgFilter{Scope: scope})
	if err != nil {
		return nil, err
	}
	var out []*huoshui.Org
	for _, o := range orgs {
		if o.ArchivedAt == nil && o.Kind == huoshui.OrgBranch {
			out = append(out, o)
		}
	}
	if len(out) > 500 {
		out = out[:500]
	}
	return out, nil
}

type lecturesPage struct {
	Page
	Orgs     []*huoshui.Org // branches to choose from
	Org      *huoshui.Org
	Rota     rules.Rota
	Lectures []*huoshui.Lecture
	Aways    []huoshui.LectureAway
	People   []rules.RotaEntry // the rota's members, for swaps and away
	CanEdit  bool
	Today    huoshui.Date
	Form     form
}

// AwayEnded reports whether an away period is over by today.
func (p *lecturesPage) AwayEnded(a huoshui.LectureAway) bool {
	return !a.Until.IsZero() && a.Until.Before(p.Today)
}

// lecturesList shows a branch's rota — the round, who is next, who has
// given, who is away — and its lectures. A reader who sees several
// branches picks one first.
func (s *Server) lecturesList(w http.ResponseWriter, r *http.Request) error {
	return s.renderLectures(w, r, http.StatusOK, newForm(nil))
}

func (s *Server) renderLectures(w http.ResponseWriter, r *http.Request, code int, f form) error {
	ctx := r.Context()
	u := userFrom(ctx)
	if !auth.CanAnywhere(u, auth.ViewRecord) {
		return huoshui.ErrForbidden
	}
	p := &lecturesPage{Form: f, Today: huoshui.DateOf(s.now().In(huoshui.Shanghai))}
	orgID, _ := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
	if orgID == 0 {
		orgID, _ = strconv.ParseInt(r.PostFormValue("org_id"), 10, 64)
	}
	if orgID == 0 {
		orgs, err := s.studyBranches(ctx, u, auth.ViewRecord)
		if err != nil {
			return err
		}
		if len(orgs) != 1 {
			p.Orgs = orgs
			p.Crumbs = []crumb{{Label: s.msgs.T(langFrom(r), "nav.lectures")}}
			return s.render(w, r, code, "lectures_list", p)
		}
		orgID = orgs[0].ID
	}
	org, err := s.store.FindOrgByID(ctx, auth.Scope(u, auth.ViewRecord), orgID)
	if err != nil {
		return err
	}
	if org.Kind != huoshui.OrgBranch {
		return huoshui.ErrNotFound
	}
	p.Org = org
	p.CanEdit = auth.Can(u, auth.EditRecord, auth.Object{OrgPath: org.Path})
	in, err := s.store.FindRotaInput(ctx, org.ID)
	if err != nil {
		return err
	}
	p.Rota = rules.NextLecturers(in, p.Today)
	p.People = append(append(append([]rules.RotaEntry{}, p.Rota.Due...), p.Rota.Done...), p.Rota.Away...)
	p.Aways = in.Aways
	if p.Lectures, err = s.store.FindLectures(ctx, store.LectureFilter{Scope: auth.Scope(u, auth.ViewRecord), OrgID: org.ID, Limit: 200}); err != nil {
		return err
	}
	p.Crumbs = []crumb{{Href: "/lectures", Label: s.msgs.T(langFrom(r), "nav.lectures")}, {Label: org.Name}}
	return s.render(w, r, code, "lectures_list", p)
}

// editableBranch reads the branch in the path for a rota change: 404
// outside the reader's view, 403 for a reader who may not keep it.
func (s *Server) editableBranch(r *http.Request) (*huoshui.Org, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	u := userFrom(r.Context())
	org, err := s.store.FindOrgByID(r.Context(), auth.Scope(u, auth.ViewRecord), id)
	if err != nil {
		return nil, err
	}
	if org.Kind != huoshui.OrgBranch {
		return nil, huoshui.ErrNotFound
	}
	if !auth.Can(u, auth.EditRecord, auth.Object{OrgPath: org.Path}) {
		return nil, fmt.Errorf("rota of org %d: %w", org.ID, huoshui.ErrForbidden)
	}
	return org, nil
}

func rotaPath(org *huoshui.Org) string { return fmt.Sprintf("/lectures?org=%d", org.ID) }

// rotaPage re-renders the rota of org with a refused form.
func (s *Server) rotaPage(w http.ResponseWriter, r *http.Request, org *huoshui.Org) func(int, form) error {
	return func(code int, f form) error {
		q := r.URL.Query()
		q.Set("org", strconv.FormatInt(org.ID, 10))
		r.URL.RawQuery = q.Encode()
		return s.renderLectures(w, r, code, f)
	}
}

type swapInput struct{ A, B int64 }

// rotaSwap records that two members exchange their places in the rota.
func (s *Server) rotaSwap(w http.ResponseWriter, r *http.Request) error {
	org, err := s.editableBranch(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[swapInput]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (swapInput, error) {
			var in swapInput
			in.A, _ = strconv.ParseInt(v.Get("a"), 10, 64)
			in.B, _ = strconv.ParseInt(v.Get("b"), 10, 64)
			if in.A == 0 {
				ve.Add("a", "required")
			}
			if in.B == 0 {
				ve.Add("b", "required")
			}
			return in, nil
		},
		Save: func(in swapInput) error {
			return s.store.SwapLecturers(r.Context(), s.actor(r), org.ID, in.A, in.B)
		},
		Page:  s.rotaPage(w, r, org),
		Flash: "lectures.swapped",
		Next:  func(swapInput) string { return rotaPath(org) },
	})
}

// rotaAway marks a member of the rota away for a period, with a reason.
func (s *Server) rotaAway(w http.ResponseWriter, r *http.Request) error {
	org, err := s.editableBranch(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[*huoshui.LectureAway]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.LectureAway, error) {
			a := &huoshui.LectureAway{OrgID: org.ID, Reason: v.Get("reason")}
			a.MemberID, _ = strconv.ParseInt(v.Get("member_id"), 10, 64)
			a.From = readDate(v, "from", true, ve)
			a.Until = readDate(v, "until", false, ve)
			return a, nil
		},
		Save:  func(a *huoshui.LectureAway) error { return s.store.AddLectureAway(r.Context(), s.actor(r), a) },
		Page:  s.rotaPage(w, r, org),
		Flash: "lectures.away_saved",
		Next:  func(*huoshui.LectureAway) string { return rotaPath(org) },
	})
}

// rotaBack marks a member back from an away period from today.
func (s *Server) rotaBack(w http.ResponseWriter, r *http.Request) error {
	org, err := s.editableBranch(r)
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	today := huoshui.DateOf(s.now().In(huoshui.Shanghai))
	return submit(s, w, r, formFlow[struct{}]{
		Save:  func(struct{}) error { return s.store.EndLectureAway(r.Context(), s.actor(r), org.ID, aid, today) },
		Flash: "lectures.back_saved",
		Next:  func(struct{}) string { return rotaPath(org) },
	})
}

// readDate reads a date field typed as 2026-11-24 (or the ways
// huoshui.ParseDateText accepts), adding a problem to ve.
func readDate(v url.Values, field string, required bool, ve *huoshui.ValidationError) huoshui.Date {
	raw := strings.TrimSpace(v.Get(field))
	if raw == "" {
		if required {
			ve.Add(field, "required")
		}
		return huoshui.Date{}
	}
	d, err := huoshui.ParseDateText(raw)
	if err != nil {
		ve.Add(field, "date_format")
	}
	return d
}

// readMinutes reads a length in minutes; blank is def.
func readMinutes(v url.Values, def int, ve *huoshui.ValidationError) int {
	raw := strings.TrimSpace(huoshui.FoldWidth(v.Get("minutes")))
	if raw == "" {
		return def
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		ve.Add("minutes", "study.minutes_range", "Min", 5, "Max", 480)
		return -1
	}
	return n
}

// findVisibleLecture reads the lecture in the path through the reader's
// view; any other is "not found".
func (s *Server) findVisibleLecture(r *http.Request) (*huoshui.Lecture, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.store.FindLectureByID(r.Context(), auth.Scope(userFrom(r.Context()), auth.ViewRecord), id)
}

func (s *Server) editableLecture(r *http.Request) (*huoshui.Lecture, error) {
	l, err := s.findVisibleLecture(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: l.OrgPath}) {
		return nil, fmt.Errorf("lecture %d: %w", l.ID, huoshui.ErrForbidden)
	}
	return l, nil
}

type lectureViewPage struct {
	Page
	Links    linksView // what the lecture led to (work_links.go)
	L        *huoshui.Lecture
	Feedback []huoshui.LectureFeedback
	Mine     *huoshui.LectureFeedback
	CanEdit  bool
	// CanFeedback: the reader is a member of the lecture's branch.
	CanFeedback bool
	Form        form
}

// lectureView shows one lecture: its facts, the meeting it was part of,
// its notes, and the feedback, with the reader's own to edit.
func (s *Server) lectureView(w http.ResponseWriter, r *http.Request) error {
	l, err := s.findVisibleLecture(r)
	if err != nil {
		return err
	}
	return s.renderLecture(w, r, http.StatusOK, l, newForm(nil))
}

func (s *Server) renderLecture(w http.ResponseWriter, r *http.Request, code int, l *huoshui.Lecture, f form) error {
	ctx := r.Context()
	u := userFrom(ctx)
	p := &lectureViewPage{L: l, Form: f}
	p.CanEdit = auth.Can(u, auth.EditRecord, auth.Object{OrgPath: l.OrgPath})
	var err error
	if p.Feedback, err = s.store.FindLectureFeedback(ctx, l.ID); err != nil {
		return err
	}
	if u.MemberID != 0 {
		me, err := s.store.FindMemberByID(ctx, huoshui.Scope{MemberID: u.MemberID}, u.MemberID)
		if err != nil && !errors.Is(err, huoshui.ErrNotFound) {
			return err
		}
		p.CanFeedback = me != nil && me.OrgID == l.OrgID && me.ArchivedAt == nil
	}
	for i := range p.Feedback {
		if p.Feedback[i].MemberID == u.MemberID && u.MemberID != 0 {
			p.Mine = &p.Feedback[i]
		}
	}
	if p.Links, err = s.activityLinks(r, huoshui.ActivityLecture, l.ID, l.OrgID, l.OrgPath); err != nil {
		return err
	}
	p.Crumbs = []crumb{{Href: "/lectures", Label: s.msgs.T(langFrom(r), "nav.lectures")},
		{Href: fmt.Sprintf("/lectures?org=%d", l.OrgID), Label: l.OrgName}, {Label: l.Topic}}
	return s.render(w, r, code, "lecture_view", p)
}

// lectureFeedback saves the reader's own short feedback on a lecture of
// their branch.
func (s *Server) lectureFeedback(w http.ResponseWriter, r *http.Request) error {
	l, err := s.findVisibleLecture(r)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	if u.MemberID == 0 {
		return fmt.Errorf("feedback: %w: %w", errNoMember, huoshui.ErrForbidden)
	}
	return submit(s, w, r, formFlow[*huoshui.LectureFeedback]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.LectureFeedback, error) {
			return &huoshui.LectureFeedback{LectureID: l.ID, MemberID: u.MemberID, Body: v.Get("body")}, nil
		},
		Save: func(f *huoshui.LectureFeedback) error {
			err := s.store.SaveLectureFeedback(r.Context(), s.actor(r), f)
			if errors.Is(err, store.ErrNotInBranch) {
				return fmt.Errorf("feedback: %w", huoshui.ErrForbidden)
			}
			return err
		},
		Page:  func(code int, f form) error { return s.renderLecture(w, r, code, l, f) },
		Flash: "lectures.feedback_saved",
		Next:  func(*huoshui.LectureFeedback) string { return lecturePath(l) + "#feedback" },
	})
}
