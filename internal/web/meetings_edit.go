package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/notify"
)

// meetingInput is a meeting as a form or the API gives it, before it is
// checked against the org's people.
type meetingInput struct {
	Meeting  huoshui.Meeting
	Invitees []int64 // nil: those the type concerns
}

var clockRE = regexp.MustCompile(`^([01]?\d|2[0-3])[:.]?([0-5]\d)$`)

// parseClock reads a time of day typed as 14:30, 1430, 14.30 or with
// full-width digits and colon.
func parseClock(s string) (h, m int, ok bool) {
	s = strings.TrimSpace(huoshui.FoldWidth(s))
	g := clockRE.FindStringSubmatch(s)
	if g == nil {
		return 0, 0, false
	}
	h, _ = strconv.Atoi(g[1])
	m, _ = strconv.Atoi(g[2])
	return h, m, true
}

// meetingFromForm reads the meeting form: the date and the clock times
// are in Asia/Shanghai; an end at or before the start on the same day is
// refused (a meeting past midnight gives its end date too).
func meetingFromForm(v url.Values, ve *huoshui.ValidationError) meetingInput {
	var in meetingInput
	m := &in.Meeting
	m.OrgID, _ = strconv.ParseInt(v.Get("org_id"), 10, 64)
	m.Type = huoshui.MeetingType(v.Get("type"))
	for _, t := range v["also_counts"] {
		m.AlsoCounts = append(m.AlsoCounts, huoshui.MeetingType(t))
	}
	m.Title, m.Place, m.Agenda, m.Minutes = v.Get("title"), v.Get("place"), v.Get("agenda"), v.Get("minutes")
	m.HostID, _ = strconv.ParseInt(v.Get("host_id"), 10, 64)
	m.RecorderID, _ = strconv.ParseInt(v.Get("recorder_id"), 10, 64)
	for _, x := range v["visits"] {
		m.Visits = append(m.Visits, huoshui.Visit(x))
	}
	for _, x := range v["gains"] {
		m.Gains = append(m.Gains, huoshui.Gain(x))
	}
	m.Topics = append(m.Topics, v["topics"]...)
	m.Topics = append(m.Topics, splitTags(v.Get("other_topics"))...)
	day, err := huoshui.ParseDateText(v.Get("date"))
	switch {
	case strings.TrimSpace(v.Get("date")) == "":
		ve.Add("date", "required")
	case err != nil:
		ve.Add("date", "date_format")
	}
	endDay := day
	if s := strings.TrimSpace(v.Get("end_date")); s != "" {
		if d, err := huoshui.ParseDateText(s); err != nil {
			ve.Add("end_date", "date_format")
		} else {
			endDay = d
		}
	}
	at := func(field string, d huoshui.Date) time.Time {
		raw := v.Get(field)
		if strings.TrimSpace(raw) == "" {
			ve.Add(field, "required")
			return time.Time{}
		}
		h, mi, ok := parseClock(raw)
		if !ok {
			ve.Add(field, "meeting.clock_format")
			return time.Time{}
		}
		if d.IsZero() {
			return time.Time{}
		}
		return time.Date(d.Year(), d.Time().Month(), d.Time().Day(), h, mi, 0, 0, huoshui.Shanghai)
	}
	m.StartsAt = at("starts", day)
	m.EndsAt = at("ends", endDay)
	if !m.StartsAt.IsZero() && !m.EndsAt.IsZero() && !m.EndsAt.After(m.StartsAt) {
		ve.Add("ends", "meeting.ends_before_start")
	}
	if v.Get("invite") == "chosen" {
		in.Invitees = []int64{}
		for _, x := range v["invitees"] {
			if id, err := strconv.ParseInt(x, 10, 64); err == nil {
				in.Invitees = append(in.Invitees, id)
			}
		}
	}
	// The meeting's own rules, less those the form already said.
	if err := m.Validate(); err != nil {
		for _, fe := range err.(*huoshui.ValidationError).Fields {
			field := fe.Field
			switch field {
			case "starts_at":
				field = "starts"
			case "ends_at":
				field = "ends"
			}
			if !ve.Has(field) && !(field == "starts" && ve.Has("date")) {
				fe.Field = field
				ve.Fields = append(ve.Fields, fe)
			}
		}
	}
	return in
}

// splitTags reads free tags typed with any of the separators people use.
func splitTags(s string) []string {
	return strings.FieldsFunc(huoshui.FoldWidth(s), func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == '\n' || r == ' '
	})
}

type meetingFormPage struct {
	Page
	Form     form
	M        *huoshui.Meeting // nil for a new meeting
	Org      *huoshui.Org
	Orgs     []*huoshui.Org
	People   []huoshui.Member
	Types    []huoshui.MeetingType
	Also     []huoshui.MeetingType
	Visits   []huoshui.Visit
	Gains    []huoshui.Gain
	Topics   []string
	Invited  map[int64]bool
	LateNote bool
}

// Action is where the form posts.
func (p *meetingFormPage) Action() string {
	if p.M == nil {
		return "/meetings"
	}
	return meetingPath(p.M)
}

// Has reports whether a multi-valued field holds value.
func (p *meetingFormPage) Has(field, value string) bool {
	return slices.Contains(p.Form.Values[field], value)
}

// InvitedID reports whether a person is ticked.
func (p *meetingFormPage) InvitedID(id int64) bool {
	return slices.Contains(p.Form.Values["invitees"], strconv.FormatInt(id, 10))
}

// alsoChoices are the types any meeting may also count as.
var alsoChoices = []huoshui.MeetingType{huoshui.MeetingGeneral, huoshui.MeetingLecture, huoshui.MeetingReview, huoshui.MeetingAppraisal}

func (s *Server) meetingForm(r *http.Request, f form, m *huoshui.Meeting, org *huoshui.Org) (*meetingFormPage, error) {
	p := &meetingFormPage{Form: f, M: m, Org: org, Types: huoshui.MeetingTypes, Also: alsoChoices,
		Visits: huoshui.Visits, Gains: huoshui.Gains, Topics: huoshui.SuggestedTopics}
	var err error
	if org != nil {
		if p.People, err = s.store.OrgMembersForMeeting(r.Context(), org); err != nil {
			return nil, err
		}
	}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: "/meetings", Label: s.msgs.T(lang, "nav.meetings")}}
	if m != nil {
		p.Crumbs = append(p.Crumbs, crumb{Href: meetingPath(m), Label: m.Title}, crumb{Label: s.msgs.T(lang, "action.edit")})
	} else {
		p.Crumbs = append(p.Crumbs, crumb{Label: s.msgs.T(lang, "meetings.new")})
	}
	return p, nil
}

// meetingNew shows the form for a new meeting. Without ?org= a user who
// may plan in several nodes first picks one; the form then offers that
// node's people as host, recorder and invitees.
func (s *Server) meetingNew(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	orgs, err := s.plannableOrgs(r.Context(), u)
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		return huoshui.ErrForbidden
	}
	q := r.URL.Query()
	orgID, _ := strconv.ParseInt(q.Get("org"), 10, 64)
	if orgID == 0 && len(orgs) == 1 {
		orgID = orgs[0].ID
	}
	if orgID == 0 {
		p, err := s.meetingForm(r, newForm(nil), nil, nil)
		if err != nil {
			return err
		}
		p.Orgs = orgs
		return s.render(w, r, http.StatusOK, "meeting_form", p)
	}
	org, err := s.store.FindOrgByID(r.Context(), auth.Scope(u, auth.EditRecord), orgID)
	if err != nil {
		return err
	}
	v := url.Values{}
	v.Set("org_id", strconv.FormatInt(org.ID, 10))
	t := huoshui.MeetingType(q.Get("type"))
	if !t.Valid() {
		t = huoshui.MeetingGeneral
		if org.Kind == huoshui.OrgGroup {
			t = huoshui.MeetingGroup
		}
	}
	v.Set("type", string(t))
	today := s.now().In(huoshui.Shanghai)
	v.Set("date", today.Format(huoshui.DateLayout))
	v.Set("starts", "14:30")
	v.Set("ends", "16:00")
	v.Set("invite", "default")
	if vi := q.Get("visit"); vi != "" {
		v.Set("visits", vi)
	}
	if g := q.Get("gain"); g != "" {
		v.Set("gains", g)
	}
	if title := q.Get("title"); title != "" {
		v.Set("title", huoshui.Truncate(title, 100))
	}
	p, err := s.meetingForm(r, newForm(v), nil, org)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "meeting_form", p)
}

// meetingCreate plans (or records after the fact) a meeting.
func (s *Server) meetingCreate(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	var org *huoshui.Org
	return submit(s, w, r, formFlow[*meetingInput]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*meetingInput, error) {
			in := meetingFromForm(v, ve)
			o, err := s.store.FindOrgByID(r.Context(), auth.Scope(u, auth.EditRecord), in.Meeting.OrgID)
			if err != nil {
				return nil, err // 404: not a node the user keeps records for
			}
			org = o
			return &in, nil
		},
		Save: func(in *meetingInput) error {
			return s.store.CreateMeeting(r.Context(), s.actor(r), &in.Meeting, in.Invitees)
		},
		Page: func(code int, f form) error {
			p, err := s.meetingForm(r, f, nil, org)
			if err != nil {
				return err
			}
			return s.render(w, r, code, "meeting_form", p)
		},
		Flash: "meetings.created",
		FlashArgs: func(in *meetingInput) []any {
			return []any{"Title", in.Meeting.Title}
		},
		Next: func(in *meetingInput) string { return meetingPath(&in.Meeting) },
	})
}

// meetingValues fills the form from a saved meeting.
func meetingValues(m *huoshui.Meeting) url.Values {
	v := url.Values{}
	v.Set("org_id", strconv.FormatInt(m.OrgID, 10))
	v.Set("type", string(m.Type))
	for _, t := range m.AlsoCounts {
		v.Add("also_counts", string(t))
	}
	v.Set("title", m.Title)
	st, en := m.StartsAt.In(huoshui.Shanghai), m.EndsAt.In(huoshui.Shanghai)
	v.Set("date", st.Format(huoshui.DateLayout))
	v.Set("starts", st.Format("15:04"))
	if huoshui.DateOf(st) != huoshui.DateOf(en) {
		v.Set("end_date", en.Format(huoshui.DateLayout))
	}
	v.Set("ends", en.Format("15:04"))
	v.Set("place", m.Place)
	if m.HostID != 0 {
		v.Set("host_id", strconv.FormatInt(m.HostID, 10))
	}
	if m.RecorderID != 0 {
		v.Set("recorder_id", strconv.FormatInt(m.RecorderID, 10))
	}
	v.Set("agenda", m.Agenda)
	v.Set("minutes", m.Minutes)
	for _, x := range m.Visits {
		v.Add("visits", string(x))
	}
	for _, x := range m.Gains {
		v.Add("gains", string(x))
	}
	var other []string
	for _, t := range m.Topics {
		if slices.Contains(huoshui.SuggestedTopics, t) {
			v.Add("topics", t)
		} else {
			other = append(other, t)
		}
	}
	v.Set("other_topics", strings.Join(other, "、"))
	return v
}

// meetingEdit shows the form for a meeting's details.
func (s *Server) meetingEdit(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMeeting(r)
	if err != nil {
		return err
	}
	org, err := s.store.FindOrgByID(r.Context(), huoshui.Everything(), m.OrgID)
	if err != nil {
		return err
	}
	p, err := s.meetingForm(r, newForm(meetingValues(m)), m, org)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "meeting_form", p)
}

// meetingUpdate saves a meeting's details. Invitees are changed on the
// meeting's page (attendance), not here.
func (s *Server) meetingUpdate(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMeeting(r)
	if err != nil {
		return err
	}
	org, err := s.store.FindOrgByID(r.Context(), huoshui.Everything(), m.OrgID)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[*meetingInput]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*meetingInput, error) {
			v.Set("org_id", strconv.FormatInt(m.OrgID, 10))
			in := meetingFromForm(v, ve)
			return &in, nil
		},
		Save: func(in *meetingInput) error {
			return s.store.UpdateMeeting(r.Context(), s.actor(r), m.ID, &in.Meeting)
		},
		Page: func(code int, f form) error {
			p, err := s.meetingForm(r, f, m, org)
			if err != nil {
				return err
			}
			return s.render(w, r, code, "meeting_form", p)
		},
		Flash: "meetings.saved",
		Next:  func(*meetingInput) string { return meetingPath(m) },
	})
}

// meetingCancel calls a meeting off; meetingRestore calls it back on.
func (s *Server) meetingCancel(w http.ResponseWriter, r *http.Request) error {
	return s.meetingCancelled(w, r, false)
}

func (s *Server) meetingRestore(w http.ResponseWriter, r *http.Request) error {
	return s.meetingCancelled(w, r, true)
}

func (s *Server) meetingCancelled(w http.ResponseWriter, r *http.Request, restore bool) error {
	m, err := s.editableMeeting(r)
	if err != nil {
		return err
	}
	flashID := "meetings.cancelled"
	if restore {
		flashID = "meetings.restored"
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save:      func(struct{}) error { return s.store.CancelMeeting(r.Context(), s.actor(r), m.ID, restore) },
		Flash:     flashID,
		FlashArgs: func(struct{}) []any { return []any{"Title", m.Title} },
		Next:      func(struct{}) string { return meetingPath(m) },
	})
}

// meetingNotice sends the meeting's notice: the invitees see it on their
// home page, and the org's group robot, when set, posts it.
func (s *Server) meetingNotice(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMeeting(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save: func(struct{}) error {
			if err := s.store.MarkNoticeSent(r.Context(), s.actor(r), m.ID); err != nil {
				return err
			}
			s.postNotice(r, m)
			return nil
		},
		Flash: "meetings.notice_sent",
		Next:  func(struct{}) string { return meetingPath(m) },
	})
}

// meetingNoticeText is the notice as it reads in a group chat.
func (s *Server) meetingNoticeText(lang string, m *huoshui.Meeting) string {
	st := m.StartsAt.In(huoshui.Shanghai)
	return s.msgs.T(lang, "meeting.notice_text", "Org", m.OrgName, "Type", s.msgs.T(lang, "mtype."+string(m.Type)),
		"Title", m.Title, "When", st.Format("2006-01-02 15:04"), "Place", m.Place)
}

// postNotice sends the notice to the org's group robot, if any, in the
// background; a robot that fails does not undo the notice.
func (s *Server) postNotice(r *http.Request, m *huoshui.Meeting) {
	url, err := s.store.OrgWebhook(r.Context(), m.OrgID)
	if err != nil || url == "" {
		return
	}
	text := s.meetingNoticeText("zh", m)
	go s.sendWebhook(url, text)
}

// sendWebhook posts text to a group robot and logs a failure; it runs
// after the request, so it has a context of its own.
func (s *Server) sendWebhook(addr, text string) {
	ctx, cancel := context.WithTimeout(context.Background(), notify.DefaultTimeout)
	defer cancel()
	if err := notify.Send(ctx, nil, addr, text); err != nil {
		s.log.Warn("meeting notice not delivered", "host", hostOf(addr), "err", err)
	}
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}
