package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/store"
)

// Collective discussions (集体研讨, 书记领、大家议、相互促): the secretary's
// lead-in, each speaker's points, and the actions agreed, which stay open
// on the org's later discussions until closed.

func discussionPath(d *huoshui.Discussion) string { return fmt.Sprintf("/discussions/%d", d.ID) }

type discussionsPage struct {
	Page
	Discussions []*huoshui.Discussion
	Orgs        []*huoshui.Org
	Org         int64
	Year        int
	Years       []int
	CanPlan     bool
}

// discussionsList lists the discussions the reader may see, latest
// first, by year and org.
func (s *Server) discussionsList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	if !auth.CanAnywhere(u, auth.ViewRecord) {
		return huoshui.ErrForbidden
	}
	thisYear := s.now().In(huoshui.Shanghai).Year()
	p := &discussionsPage{Year: thisYear}
	q := r.URL.Query()
	p.Org, _ = strconv.ParseInt(q.Get("org"), 10, 64)
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y >= 1921 && y <= 2100 {
		p.Year = y
	} else if q.Get("year") == "all" {
		p.Year = 0
	}
	for y := thisYear; y >= thisYear-5; y-- {
		p.Years = append(p.Years, y)
	}
	var err error
	if p.Orgs, err = s.plannableOrgs(ctx, u); err != nil {
		return err
	}
	p.CanPlan = len(p.Orgs) > 0
	if p.Discussions, err = s.store.FindDiscussions(ctx, store.DiscussionFilter{Scope: auth.Scope(u, auth.ViewRecord),
		OrgID: p.Org, Year: p.Year, Limit: 200}); err != nil {
		return err
	}
	p.Crumbs = []crumb{{Label: s.msgs.T(langFrom(r), "nav.discussions")}}
	return s.render(w, r, http.StatusOK, "discussions_list", p)
}

func (s *Server) findVisibleDiscussion(r *http.Request) (*huoshui.Discussion, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.store.FindDiscussionByID(r.Context(), auth.Scope(userFrom(r.Context()), auth.ViewRecord), id)
}

func (s *Server) editableDiscussion(r *http.Request) (*huoshui.Discussion, error) {
	d, err := s.findVisibleDiscussion(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: d.OrgPath}) {
		return nil, fmt.Errorf("discussion %d: %w", d.ID, huoshui.ErrForbidden)
	}
	return d, nil
}

type discussionViewPage struct {
	Page
	Links    linksView // what the discussion led to (work_links.go)
	D        *huoshui.Discussion
	Speakers []huoshui.DiscussionSpeaker
	Actions  []huoshui.DiscussionAction
	Earlier  []huoshui.DiscussionAction // open actions of earlier discussions
	People   []huoshui.Member
	CanEdit  bool
	Form     form
	// FormName says which of the page's forms was refused: "speaker" or
	// "action".
	FormName string
}

// Err is the refused form's message for field, when form is the one
// refused.
func (p *discussionViewPage) Err(form, field string) string {
	if p.FormName != form {
		return ""
	}
	return p.Form.Err(field)
}

// Get is what was typed in the refused form's field.
func (p *discussionViewPage) Get(form, field string) string {
	if p.FormName != form {
		return ""
	}
	return p.Form.Get(field)
}

// discussionView shows one discussion: its facts, the lead-in, the
// speakers, the consensus and the actions, with those still open from
// earlier discussions of the org.
func (s *Server) discussionView(w http.ResponseWriter, r *http.Request) error {
	d, err := s.findVisibleDiscussion(r)
	if err != nil {
		return err
	}
	return s.renderDiscussion(w, r, http.StatusOK, d, newForm(nil), "")
}

func (s *Server) discussionParts(r *http.Request, d *huoshui.Discussion) (*discussionViewPage, error) {
	ctx := r.Context()
	p := &discussionViewPage{D: d}
	p.CanEdit = auth.Can(userFrom(ctx), auth.EditRecord, auth.Object{OrgPath: d.OrgPath})
	var err error
	if p.Speakers, err = s.store.FindDiscussionSpeakers(ctx, d.ID); err != nil {
		return nil, err
	}
	if p.Actions, err = s.store.FindDiscussionActions(ctx, d.ID); err != nil {
		return nil, err
	}
	if p.Earlier, err = s.store.FindOpenDiscussionActions(ctx, d.OrgID, d.ID); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Server) renderDiscussion(w http.ResponseWriter, r *http.Request, code int, d *huoshui.Discussion, f form, formName string) error {
	p, err := s.discussionParts(r, d)
	if err != nil {
		return err
	}
	p.Form, p.FormName = f, formName
	if p.Links, err = s.activityLinks(r, huoshui.ActivityDiscussion, d.ID, d.OrgID, d.OrgPath); err != nil {
		return err
	}
	if p.CanEdit {
		org, err := s.store.FindOrgByID(r.Context(), huoshui.Everything(), d.OrgID)
		if err != nil {
			return err
		}
		if p.People, err = s.store.OrgMembersForMeeting(r.Context(), org); err != nil {
			return err
		}
	}
	p.Crumbs = []crumb{{Href: "/discussions", Label: s.msgs.T(langFrom(r), "nav.discussions")},
		{Href: fmt.Sprintf("/discussions?org=%d", d.OrgID), Label: d.OrgName}, {Label: d.Topic}}
	return s.render(w, r, code, "discussion_view", p)
}

// discussionPrint is the discussion's ledger page for the printer.
func (s *Server) discussionPrint(w http.ResponseWriter, r *http.Request) error {
	d, err := s.findVisibleDiscussion(r)
	if err != nil {
		return err
	}
	p, err := s.discussionParts(r, d)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "discussion_print", p)
}

// discussionSpeakerAdd records one member's points.
func (s *Server) discussionSpeakerAdd(w http.ResponseWriter, r *http.Request) error {
	d, err := s.editableDiscussion(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[*huoshui.DiscussionSpeaker]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.DiscussionSpeaker, error) {
			x := &huoshui.DiscussionSpeaker{DiscussionID: d.ID, Text: v.Get("text")}
			x.MemberID, _ = strconv.ParseInt(v.Get("member_id"), 10, 64)
			if err := x.Validate(); err != nil {
				ve.Fields = append(ve.Fields, err.(*huoshui.ValidationError).Fields...)
			}
			return x, nil
		},
		Save: func(x *huoshui.DiscussionSpeaker) error {
			return s.store.AddDiscussionSpeaker(r.Context(), s.actor(r), x)
		},
		Page:  func(code int, f form) error { return s.renderDiscussion(w, r, code, d, f, "speaker") },
		Flash: "discussions.speaker_added",
		Next:  func(*huoshui.DiscussionSpeaker) string { return discussionPath(d) + "#speakers" },
	})
}

// discussionActionAdd records an agreed action.
func (s *Server) discussionActionAdd(w http.ResponseWriter, r *http.Request) error {
	d, err := s.editableDiscussion(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[*huoshui.DiscussionAction]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.DiscussionAction, error) {
			x := &huoshui.DiscussionAction{DiscussionID: d.ID, Text: v.Get("text")}
			x.OwnerID, _ = strconv.ParseInt(v.Get("owner_id"), 10, 64)
			x.Due = readDate(v, "due", false, ve)
			if err := x.Validate(); err != nil {
				ve.Fields = append(ve.Fields, err.(*huoshui.ValidationError).Fields...)
			}
			return x, nil
		},
		Save: func(x *huoshui.DiscussionAction) error {
			return s.store.AddDiscussionAction(r.Context(), s.actor(r), x)
		},
		Page:  func(code int, f form) error { return s.renderDiscussion(w, r, code, d, f, "action") },
		Flash: "discussions.action_added",
		Next:  func(*huoshui.DiscussionAction) string { return discussionPath(d) + "#actions" },
	})
}

func (s *Server) discussionActionClose(w http.ResponseWriter, r *http.Request) error {
	return s.discussionActionClosed(w, r, false)
}

func (s *Server) discussionActionReopen(w http.ResponseWriter, r *http.Request) error {
	return s.discussionActionClosed(w, r, true)
}

// discussionActionClosed closes an action or opens it again, from
// whichever discussion's page shows it.
func (s *Server) discussionActionClosed(w http.ResponseWriter, r *http.Request, reopen bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	x, err := s.store.FindDiscussionActionByID(r.Context(), auth.Scope(u, auth.ViewRecord), id)
	if err != nil {
		return err
	}
	org, err := s.store.FindOrgByID(r.Context(), huoshui.Everything(), x.OrgID)
	if err != nil {
		return err
	}
	if !auth.Can(u, auth.EditRecord, auth.Object{OrgPath: org.Path}) {
		return huoshui.ErrForbidden
	}
	back := localPath(r.FormValue("back"))
	if back == "/" || !strings.HasPrefix(back, "/discussions/") {
		back = fmt.Sprintf("/discussions/%d#actions", x.DiscussionID)
	}
	flashID := "discussions.action_closed"
	if reopen {
		flashID = "discussions.action_reopened"
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save:      func(struct{}) error { return s.store.CloseDiscussionAction(r.Context(), s.actor(r), id, reopen) },
		Flash:     flashID,
		FlashArgs: func(struct{}) []any { return []any{"Text", huoshui.Truncate(x.Text, 30)} },
		Next:      func(struct{}) string { return back },
	})
}
