package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
)

type discussionFormPage struct {
	Page
	Form     form
	D        *huoshui.Discussion // nil for a new discussion
	Org      *huoshui.Org
	Orgs     []*huoshui.Org
	People   []huoshui.Member
	Meetings []*huoshui.Meeting
}

// Action is where the form posts.
func (p *discussionFormPage) Action() string {
	if p.D == nil {
		return "/discussions"
	}
	return discussionPath(p.D)
}

func (s *Server) discussionForm(r *http.Request, f form, d *huoshui.Discussion, org *huoshui.Org) (*discussionFormPage, error) {
	p := &discussionFormPage{Form: f, D: d, Org: org}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: "/discussions", Label: s.msgs.T(lang, "nav.discussions")}}
	if d != nil {
		p.Crumbs = append(p.Crumbs, crumb{Href: discussionPath(d), Label: d.Topic}, crumb{Label: s.msgs.T(lang, "action.edit")})
	} else {
		p.Crumbs = append(p.Crumbs, crumb{Label: s.msgs.T(lang, "discussions.new")})
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

func discussionFromForm(v url.Values, ve *huoshui.ValidationError) *huoshui.Discussion {
	d := &huoshui.Discussion{Topic: v.Get("topic"), Place: v.Get("place"), LeadIn: v.Get("lead_in"), Consensus: v.Get("consensus")}
	d.OrgID, _ = strconv.ParseInt(v.Get("org_id"), 10, 64)
	d.HostID, _ = strconv.ParseInt(v.Get("host_id"), 10, 64)
	d.MeetingID, _ = strconv.ParseInt(v.Get("meeting_id"), 10, 64)
	d.HeldOn = readDate(v, "held_on", true, ve)
	d.Minutes = readMinutes(v, huoshui.DiscussionDefaultMinutes, ve)
	if err := d.Validate(); err != nil {
		for _, fe := range err.(*huoshui.ValidationError).Fields {
			if !ve.Has(fe.Field) {
				ve.Fields = append(ve.Fields, fe)
			}
		}
	}
	return d
}

// discussionNew shows the form for a new discussion; a user who keeps
// records in several orgs picks one first.
func (s *Server) discussionNew(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	orgs, err := s.plannableOrgs(r.Context(), u)
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
		p, err := s.discussionForm(r, newForm(nil), nil, nil)
		if err != nil {
			return err
		}
		p.Orgs = orgs
		return s.render(w, r, http.StatusOK, "discussion_form", p)
	}
	org, err := s.store.FindOrgByID(r.Context(), auth.Scope(u, auth.EditRecord), orgID)
	if err != nil {
		return err
	}
	v := url.Values{}
	v.Set("org_id", strconv.FormatInt(org.ID, 10))
	v.Set("held_on", huoshui.DateOf(s.now().In(huoshui.Shanghai)).String())
	v.Set("minutes", strconv.Itoa(huoshui.DiscussionDefaultMinutes))
	p, err := s.discussionForm(r, newForm(v), nil, org)
	if err != nil {
		return err
	}
	for _, m := range p.People {
		if m.CommitteePost == huoshui.PostSecretary {
			p.Form.Values.Set("host_id", strconv.FormatInt(m.ID, 10))
		}
	}
	return s.render(w, r, http.StatusOK, "discussion_form", p)
}

// discussionCreate records a discussion.
func (s *Server) discussionCreate(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	var org *huoshui.Org
	return submit(s, w, r, formFlow[*huoshui.Discussion]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Discussion, error) {
			d := discussionFromForm(v, ve)
			o, err := s.store.FindOrgByID(r.Context(), auth.Scope(u, auth.EditRecord), d.OrgID)
			if err != nil {
				return nil, err
			}
			org = o
			return d, nil
		},
		Save: func(d *huoshui.Discussion) error { return s.store.CreateDiscussion(r.Context(), s.actor(r), d) },
		Page: func(code int, f form) error {
			p, err := s.discussionForm(r, f, nil, org)
			if err != nil {
				return err
			}
			return s.render(w, r, code, "discussion_form", p)
		},
		Flash:     "discussions.created",
		FlashArgs: func(d *huoshui.Discussion) []any { return []any{"Topic", d.Topic} },
		Next:      func(d *huoshui.Discussion) string { return discussionPath(d) },
	})
}

func discussionValues(d *huoshui.Discussion) url.Values {
	v := url.Values{}
	v.Set("org_id", strconv.FormatInt(d.OrgID, 10))
	v.Set("topic", d.Topic)
	v.Set("held_on", d.HeldOn.String())
	v.Set("place", d.Place)
	v.Set("minutes", strconv.Itoa(d.Minutes))
	if d.HostID != 0 {
		v.Set("host_id", strconv.FormatInt(d.HostID, 10))
	}
	if d.MeetingID != 0 {
		v.Set("meeting_id", strconv.FormatInt(d.MeetingID, 10))
	}
	v.Set("lead_in", d.LeadIn)
	v.Set("consensus", d.Consensus)
	return v
}

// discussionEdit shows the form for a discussion's details.
func (s *Server) discussionEdit(w http.ResponseWriter, r *http.Request) error {
	d, err := s.editableDiscussion(r)
	if err != nil {
		return err
	}
	org, err := s.store.FindOrgByID(r.Context(), huoshui.Everything(), d.OrgID)
	if err != nil {
		return err
	}
	p, err := s.discussionForm(r, newForm(discussionValues(d)), d, org)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "discussion_form", p)
}

// discussionUpdate saves a discussion's details.
func (s *Server) discussionUpdate(w http.ResponseWriter, r *http.Request) error {
	d, err := s.editableDiscussion(r)
	if err != nil {
		return err
	}
	org, err := s.store.FindOrgByID(r.Context(), huoshui.Everything(), d.OrgID)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[*huoshui.Discussion]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Discussion, error) {
			v.Set("org_id", strconv.FormatInt(d.OrgID, 10))
			return discussionFromForm(v, ve), nil
		},
		Save: func(in *huoshui.Discussion) error { return s.store.UpdateDiscussion(r.Context(), s.actor(r), d.ID, in) },
		Page: func(code int, f form) error {
			p, err := s.discussionForm(r, f, d, org)
			if err != nil {
				return err
			}
			return s.render(w, r, code, "discussion_form", p)
		},
		Flash: "discussions.saved",
		Next:  func(*huoshui.Discussion) string { return discussionPath(d) },
	})
}

// discussionRecordDocx sends the discussion's ledger page (台账) as a
// Word document to anyone who may see the discussion.
func (s *Server) discussionRecordDocx(w http.ResponseWriter, r *http.Request) error {
	d, err := s.findVisibleDiscussion(r)
	if err != nil {
		return err
	}
	p, err := s.discussionParts(r, d)
	if err != nil {
		return err
	}
	rec := report.DiscussionRecord{Org: d.OrgName, Topic: d.Topic, HeldOn: d.HeldOn, Minutes: d.Minutes, Place: d.Place,
		Host: d.HostName, LeadIn: d.LeadIn, Consensus: d.Consensus}
	for _, sp := range p.Speakers {
		rec.Speakers = append(rec.Speakers, report.SpeakerLine{Name: sp.MemberName, Text: sp.Text})
	}
	for _, a := range p.Actions {
		rec.Actions = append(rec.Actions, report.FollowUpLine{Text: a.Text, Owner: a.OwnerName, Due: a.Due})
	}
	lang := langFrom(r)
	var buf bytes.Buffer
	if err := report.WriteDiscussionDocx(&buf, rec, s.msgs.labels(lang)); err != nil {
		return err
	}
	day := d.HeldOn.String()
	name := s.msgs.T(lang, "discussions.file", "Date", day, "Topic", fileNamePart(d.Topic))
	sendFile(w, name, fmt.Sprintf("discussion-%d-%s.docx", d.ID, day), docxType, buf.Bytes())
	return nil
}
