package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
)

type lectureFormPage struct {
	Page
	Form     form
	L        *huoshui.Lecture // nil for a new lecture
	Org      *huoshui.Org
	Orgs     []*huoshui.Org
	People   []huoshui.Member
	Meetings []*huoshui.Meeting // the branch's recent meetings a lecture may be part of
}

// Action is where the form posts.
func (p *lectureFormPage) Action() string {
	if p.L == nil {
		return "/lectures"
	}
	return lecturePath(p.L)
}

func (s *Server) lectureForm(r *http.Request, f form, l *huoshui.Lecture, org *huoshui.Org) (*lectureFormPage, error) {
	p := &lectureFormPage{Form: f, L: l, Org: org}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: "/lectures", Label: s.msgs.T(lang, "nav.lectures")}}
	if l != nil {
		p.Crumbs = append(p.Crumbs, crumb{Href: lecturePath(l), Label: l.Topic}, crumb{Label: s.msgs.T(lang, "action.edit")})
	} else {
		p.Crumbs = append(p.Crumbs, crumb{Label: s.msgs.T(lang, "lectures.new")})
	}
	if org == nil {
		return p, nil
	}
	var err error
	if p.People, err = s.store.OrgMembersForMeeting(r.Context(), org); err != nil {
		return nil, err
	}
	p.Meetings, _, err = s.store.FindMeetings(r.Context(), huoshui.MeetingFilter{Scope: huoshui.Scope{Paths: []string{org.Path}},
		OrgID: org.ID, Subtree: true, Limit: 30})
	return p, err
}

// lectureFromForm reads the lecture form.
func lectureFromForm(v url.Values, ve *huoshui.ValidationError) *huoshui.Lecture {
	l := &huoshui.Lecture{Topic: v.Get("topic"), Notes: v.Get("notes")}
	l.OrgID, _ = strconv.ParseInt(v.Get("org_id"), 10, 64)
	l.LecturerID, _ = strconv.ParseInt(v.Get("lecturer_id"), 10, 64)
	l.MeetingID, _ = strconv.ParseInt(v.Get("meeting_id"), 10, 64)
	l.HeldOn = readDate(v, "held_on", true, ve)
	l.Minutes = readMinutes(v, huoshui.LectureDefaultMinutes, ve)
	if err := l.Validate(); err != nil {
		for _, fe := range err.(*huoshui.ValidationError).Fields {
			if !ve.Has(fe.Field) {
				ve.Fields = append(ve.Fields, fe)
			}
		}
	}
	return l
}

// lectureNew shows the form for a new lecture of a branch, the rota's
// next lecturer chosen.
func (s *Server) lectureNew(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	orgs, err := s.studyBranches(r.Context(), u, auth.EditRecord)
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		return huoshui.ErrForbidden
	}
	orgID, _ := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
	if orgID == 0 && len(orgs) == 1 {
		orgID = orgs[0].ID
	}
	if orgID == 0 {
		p, err := s.lectureForm(r, newForm(nil), nil, nil)
		if err != nil {
			return err
		}
		p.Orgs = orgs
		return s.render(w, r, http.StatusOK, "lecture_form", p)
	}
	org, err := s.store.FindOrgByID(r.Context(), auth.Scope(u, auth.EditRecord), orgID)
	if err != nil {
		return err
	}
	if org.Kind != huoshui.OrgBranch {
		return huoshui.ErrNotFound
	}
	v := url.Values{}
	v.Set("org_id", strconv.FormatInt(org.ID, 10))
	today := huoshui.DateOf(s.now().In(huoshui.Shanghai))
	v.Set("held_on", today.String())
	v.Set("minutes", strconv.Itoa(huoshui.LectureDefaultMinutes))
	in, err := s.store.FindRotaInput(r.Context(), org.ID)
	if err != nil {
		return err
	}
	if next := rules.NextLecturers(in, today).Next(); next != nil {
		v.Set("lecturer_id", strconv.FormatInt(next.MemberID, 10))
	}
	p, err := s.lectureForm(r, newForm(v), nil, org)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "lecture_form", p)
}

// lectureCreate records a lecture.
func (s *Server) lectureCreate(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	var org *huoshui.Org
	return submit(s, w, r, formFlow[*huoshui.Lecture]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Lecture, error) {
			l := lectureFromForm(v, ve)
			o, err := s.store.FindOrgByID(r.Context(), auth.Scope(u, auth.EditRecord), l.OrgID)
			if err != nil {
				return nil, err
			}
			org = o
			return l, nil
		},
		Save: func(l *huoshui.Lecture) error { return s.store.CreateLecture(r.Context(), s.actor(r), l) },
		Page: func(code int, f form) error {
			p, err := s.lectureForm(r, f, nil, org)
			if err != nil {
				return err
			}
			return s.render(w, r, code, "lecture_form", p)
		},
		Flash:     "lectures.created",
		FlashArgs: func(l *huoshui.Lecture) []any { return []any{"Topic", l.Topic} },
		Next:      func(l *huoshui.Lecture) string { return lecturePath(l) },
	})
}

func lectureValues(l *huoshui.Lecture) url.Values {
	v := url.Values{}
	v.Set("org_id", strconv.FormatInt(l.OrgID, 10))
	v.Set("lecturer_id", strconv.FormatInt(l.LecturerID, 10))
	v.Set("topic", l.Topic)
	v.Set("held_on", l.HeldOn.String())
	v.Set("minutes", strconv.Itoa(l.Minutes))
	v.Set("notes", l.Notes)
	if l.MeetingID != 0 {
		v.Set("meeting_id", strconv.FormatInt(l.MeetingID, 10))
	}
	return v
}

// lectureEdit shows the form for a lecture's details.
func (s *Server) lectureEdit(w http.ResponseWriter, r *http.Request) error {
	l, err := s.editableLecture(r)
	if err != nil {
		return err
	}
	org, err := s.store.FindOrgByID(r.Context(), huoshui.Everything(), l.OrgID)
	if err != nil {
		return err
	}
	p, err := s.lectureForm(r, newForm(lectureValues(l)), l, org)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "lecture_form", p)
}

// lectureUpdate saves a lecture's details.
func (s *Server) lectureUpdate(w http.ResponseWriter, r *http.Request) error {
	l, err := s.editableLecture(r)
	if err != nil {
		return err
	}
	org, err := s.store.FindOrgByID(r.Context(), huoshui.Everything(), l.OrgID)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[*huoshui.Lecture]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Lecture, error) {
			v.Set("org_id", strconv.FormatInt(l.OrgID, 10))
			return lectureFromForm(v, ve), nil
		},
		Save: func(in *huoshui.Lecture) error { return s.store.UpdateLecture(r.Context(), s.actor(r), l.ID, in) },
		Page: func(code int, f form) error {
			p, err := s.lectureForm(r, f, l, org)
			if err != nil {
				return err
			}
			return s.render(w, r, code, "lecture_form", p)
		},
		Flash: "lectures.saved",
		Next:  func(*huoshui.Lecture) string { return lecturePath(l) },
	})
}
