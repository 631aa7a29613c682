package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/store"
)

// meetingObject describes a meeting to the permission check: the node that
// holds it and the people it invites, who may see it wherever their own
// branch is.
func meetingObject(m *huoshui.Meeting, invitees []huoshui.Invitee) auth.Object {
	o := auth.Object{OrgPath: m.OrgPath}
	for _, i := range invitees {
		o.People = append(o.People, i.MemberID)
	}
	return o
}

// findVisibleMeeting loads the meeting in the path through the user's view
// (its branch, or an invitation); any other is "not found".
func (s *Server) findVisibleMeeting(r *http.Request) (*huoshui.Meeting, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.store.FindMeetingByID(r.Context(), auth.Scope(userFrom(r.Context()), auth.ViewRecord), id)
}

// editableMeeting loads the meeting for a change: 404 outside the user's
// view, 403 for someone who may see it but not keep its record.
func (s *Server) editableMeeting(r *http.Request) (*huoshui.Meeting, error) {
	m, err := s.findVisibleMeeting(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: m.OrgPath}) {
		return nil, fmt.Errorf("meeting %d: %w", m.ID, huoshui.ErrForbidden)
	}
	return m, nil
}

// meetingPath is a meeting's page.
func meetingPath(m *huoshui.Meeting) string { return fmt.Sprintf("/meetings/%d", m.ID) }

const meetingPageSize = 50

// meetingQuery is what the meeting list's filter bar asks for.
type meetingQuery struct {
	Org   int64
	Type  huoshui.MeetingType
	Year  int
	Q     string
	Page  int
	Valid bool
	// Cancelled lists the called-off meetings instead, to restore one.
	Cancelled bool
}

func parseMeetingQuery(v url.Values, thisYear int) meetingQuery {
	q := meetingQuery{Year: thisYear, Page: 1}
	q.Org, _ = strconv.ParseInt(v.Get("org"), 10, 64)
	if t := huoshui.MeetingType(v.Get("type")); t.Valid() {
		q.Type = t
	}
	if y, err := strconv.Atoi(huoshui.FoldWidth(v.Get("year"))); err == nil && y >= 1921 && y <= 2100 {
		q.Year = y
	} else if v.Get("year") == "all" {
		q.Year = 0
	}
	if p, err := strconv.Atoi(v.Get("page")); err == nil && p > 0 {
		q.Page = p
	}
	q.Q = huoshui.Truncate(v.Get("q"), 40)
	q.Cancelled = v.Get("cancelled") == "1"
	return q
}

// filter is the store's filter for the query, within what u may see.
func (q meetingQuery) filter(u *huoshui.User) huoshui.MeetingFilter {
	f := huoshui.MeetingFilter{Scope: auth.Scope(u, auth.ViewRecord), OrgID: q.Org, Subtree: true, Query: q.Q,
		Limit: meetingPageSize, Offset: (q.Page - 1) * meetingPageSize, Cancelled: q.Cancelled}
	if q.Type != "" {
		f.Types = []huoshui.MeetingType{q.Type}
	}
	if q.Year != 0 {
		f.From = time.Date(q.Year, 1, 1, 0, 0, 0, 0, huoshui.Shanghai)
		f.To = time.Date(q.Year+1, 1, 1, 0, 0, 0, 0, huoshui.Shanghai)
	}
	return f
}

func (q meetingQuery) link(page int) string {
	v := url.Values{}
	if q.Org != 0 {
		v.Set("org", strconv.FormatInt(q.Org, 10))
	}
	if q.Type != "" {
		v.Set("type", string(q.Type))
	}
	if q.Year == 0 {
		v.Set("year", "all")
	} else {
		v.Set("year", strconv.Itoa(q.Year))
	}
	if q.Q != "" {
		v.Set("q", q.Q)
	}
	if q.Cancelled {
		v.Set("cancelled", "1")
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return "/meetings?" + v.Encode()
}

// CancelledLink switches the list between the meetings and the called-off
// ones, keeping the rest of the filter.
func (q meetingQuery) CancelledLink() string {
	q.Cancelled = !q.Cancelled
	return q.link(1)
}

type meetingsListPage struct {
	Page
	Query    meetingQuery
	Meetings []*huoshui.Meeting
	// Table is the rendered caption, rows and pager ("meetings-table"),
	// empty when nothing matches.
	Table     template.HTML
	Total     int
	Pager     *pager
	Types     []huoshui.MeetingType
	Orgs      []*huoshui.Org // where the user may plan meetings
	Years     []int
	ExportURL string
	CanPlan   bool
	Now       time.Time
}

// meetingsList shows the meetings the user may see, newest first, with a
// filter by org, type, year and words of the title or place.
func (s *Server) meetingsList(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if !auth.CanAnywhere(u, auth.ViewRecord) {
		return huoshui.ErrForbidden
	}
	now := s.now()
	thisYear := now.In(huoshui.Shanghai).Year()
	q := parseMeetingQuery(r.URL.Query(), thisYear)
	p := &meetingsListPage{Query: q, Types: huoshui.MeetingTypes, Now: now}
	s.prepare(r, &p.Page)
	var err error
	p.Orgs, err = s.plannableOrgs(r.Context(), u)
	if err != nil {
		return err
	}
	p.CanPlan = len(p.Orgs) > 0
	for y := thisYear + 1; y >= thisYear-5; y-- {
		p.Years = append(p.Years, y)
	}
	key, err := s.meetingsTableKey(r.Context(), u, p.Lang, q)
	if err != nil {
		return err
	}
	if key != nil {
		p.Table, _ = s.kept.get(key, now)
	}
	if p.Table == "" {
		ms, total, err := s.store.FindMeetings(r.Context(), q.filter(u))
		if err != nil {
			return err
		}
		p.Meetings, p.Total = ms, total
		p.Pager = newPager(&p.Page, total, q.Page, meetingPageSize, func(page string) string {
			n, _ := strconv.Atoi(page)
			return q.link(n)
		})
		if len(ms) > 0 {
			if p.Table, err = s.fragment("meetings_list", "meetings-table", p); err != nil {
				return err
			}
			if key != nil {
				// A meeting still to come is marked 计划中 until it starts.
				var until time.Time
				for _, m := range ms {
					if now.Before(m.StartsAt) && (until.IsZero() || m.StartsAt.Before(until)) {
						until = m.StartsAt
					}
				}
				s.kept.put(key, p.Table, until)
			}
		}
	}
	p.ExportURL = "/meetings/export.xlsx?" + r.URL.Query().Encode()
	return s.render(w, r, http.StatusOK, "meetings_list", p)
}

// meetingsTableKey is every input of the rendered table of one branch's
// or group's meetings ("meetings-table"): the node and its life version
// (the rows and their tallies), the reader's language, and each part of
// the list's query. TestMeetingsTableKeyCoversQuery fails when the query
// gains a part this key does not hold.
type meetingsTableKey struct {
	Org         int64
	LifeVersion int64
	Lang        string
	Type        huoshui.MeetingType
	Year        int
	Q           string
	Page        int
	Valid       bool
	Cancelled   bool
}

func (meetingsTableKey) fragment() string { return "meetings-table" }

func newMeetingsTableKey(version int64, lang string, q meetingQuery) meetingsTableKey {
	return meetingsTableKey{Org: q.Org, LifeVersion: version, Lang: lang, Type: q.Type, Year: q.Year, Q: q.Q,
		Page: q.Page, Valid: q.Valid, Cancelled: q.Cancelled}
}

// meetingsTableKey is the key the list's table is kept under, or nil when
// it is not kept: only a branch's or group's list (?org=) for a reader
// whose role covers that node, who sees every meeting in it.
func (s *Server) meetingsTableKey(ctx context.Context, u *huoshui.User, lang string, q meetingQuery) (fragmentKey, error) {
	if q.Org == 0 {
		return nil, nil
	}
	o, err := s.store.FindOrgByID(ctx, auth.Scope(u, auth.ViewRecord), q.Org)
	if errors.Is(err, huoshui.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if (o.Kind != huoshui.OrgBranch && o.Kind != huoshui.OrgGroup) ||
		!auth.Can(u, auth.ViewRecord, auth.Object{OrgPath: o.Path}) {
		return nil, nil
	}
	v, err := s.store.LifeVersion(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	return newMeetingsTableKey(v, lang, q), nil
}

// plannableOrgs lists the nodes where u may plan meetings: their branches,
// groups and committees, in tree order.
func (s *Server) plannableOrgs(ctx context.Context, u *huoshui.User) ([]*huoshui.Org, error) {
	scope := auth.Scope(u, auth.EditRecord)
	if len(scope.Paths) == 0 {
		return nil, nil
	}
	orgs, err := s.store.FindOrgs(ctx, huoshui.OrgFilter{Scope: scope})
	if err != nil {
		return nil, err
	}
	out := orgs[:0]
	for _, o := range orgs {
		if o.ArchivedAt == nil {
			out = append(out, o)
		}
	}
	if len(out) > 500 {
		out = out[:500] // an organiser over a province picks from the tree instead
	}
	return out, nil
}

type meetingViewPage struct {
	Page
	Links       linksView // what the meeting led to (work_links.go)
	M           *huoshui.Meeting
	Invitees    []huoshui.Invitee
	Resolutions []huoshui.Resolution
	FollowUps   []huoshui.FollowUp
	Earlier     []huoshui.FollowUp // open follow-ups of earlier meetings
	attachmentsView
	Reflections []huoshui.Reflection
	People      []huoshui.Member // whom follow-ups may be given to
	Mine        *huoshui.Invitee // the reader's own invitation
	MyRefl      *huoshui.Reflection
	CanEdit     bool
	Quorum      string
	Unquorate   bool
	Missing     []string
	Form        form
	Started     bool
	CheckinOpen bool
	Attendances []huoshui.Attendance
	// Lectures are the micro lectures given at the meeting (entered on
	// the lecture, shown here).
	Lectures []*huoshui.Lecture
	// Articles are the channel's reports on the meeting the reader may
	// see (meeting_articles.go).
	Articles []meetingArticle
}

// Posted reports whether the form shown again holds field: a refused form
// shows what was typed in its own fields and the saved record in the
// others, so that saving one of them next wipes nothing.
func (p *meetingViewPage) Posted(field string) bool {
	_, ok := p.Form.Values[field]
	return ok
}

// CommentErr is the problem with a refused comment on reflection rid, if
// that is the one commented on.
func (p *meetingViewPage) CommentErr(rid int64) string {
	if p.Form.Get("rid") != strconv.FormatInt(rid, 10) {
		return ""
	}
	return p.Form.Err("comment")
}

// IsInvited reports whether a person is among the invitees.
func (p *meetingViewPage) IsInvited(id int64) bool {
	for _, i := range p.Invitees {
		if i.MemberID == id {
			return true
		}
	}
	return false
}

// meetingView shows one meeting: its facts, attendance and quorum, agenda
// and minutes, resolutions, follow-ups (with those still open from earlier
// meetings), photos and files, and reflections — each to whom may see it.
func (s *Server) meetingView(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findVisibleMeeting(r)
	if err != nil {
		return err
	}
	return s.renderMeeting(w, r, http.StatusOK, m, newForm(nil))
}

func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, code int, m *huoshui.Meeting, f form) error {
	ctx := r.Context()
	u := userFrom(ctx)
	p := &meetingViewPage{M: m, Form: f, Attendances: huoshui.Attendances}
	p.CanEdit = auth.Can(u, auth.EditRecord, auth.Object{OrgPath: m.OrgPath})
	var err error
	if p.Invitees, err = s.store.FindInvitees(ctx, m.ID); err != nil {
		return err
	}
	for i := range p.Invitees {
		if p.Invitees[i].MemberID == u.MemberID && u.MemberID != 0 {
			p.Mine = &p.Invitees[i]
		}
	}
	if p.Resolutions, err = s.store.FindResolutions(ctx, m.ID); err != nil {
		return err
	}
	if p.FollowUps, err = s.store.FindFollowUps(ctx, m.ID); err != nil {
		return err
	}
	if p.Earlier, err = s.store.FindOpenFollowUps(ctx, m.OrgID, m.ID); err != nil {
		return err
	}
	if p.Attachments, err = s.store.FindAttachments(ctx, m.ID); err != nil {
		return err
	}
	// Only the lectures the reader may open: an invitee from another
	// branch sees the meeting, not the branch's lectures.
	if p.Lectures, err = s.store.FindLectures(ctx, store.LectureFilter{Scope: auth.Scope(u, auth.ViewRecord), MeetingID: m.ID}); err != nil {
		return err
	}
	if p.Articles, err = s.meetingArticles(ctx, u, m); err != nil {
		return err
	}
	now := s.now()
	p.Started = !now.Before(m.StartsAt)
	p.CheckinOpen = !now.Before(m.StartsAt.Add(-checkinLead)) && now.Before(m.EndsAt)
	if p.CanEdit {
		rs, err := s.store.FindReflections(ctx, store.ReflectionFilter{Scope: auth.Scope(u, auth.EditRecord), MeetingID: m.ID})
		if err != nil {
			return err
		}
		p.Reflections = rs
		org, err := s.store.FindOrgByID(ctx, huoshui.Everything(), m.OrgID)
		if err != nil {
			return err
		}
		if p.People, err = s.store.OrgMembersForMeeting(ctx, org); err != nil {
			return err
		}
	} else if p.Mine != nil {
		rs, err := s.store.FindReflections(ctx, store.ReflectionFilter{Scope: huoshui.Scope{MemberID: u.MemberID}, MeetingID: m.ID})
		if err != nil {
			return err
		}
		p.Reflections = rs
	}
	if p.Mine != nil {
		for i := range p.Reflections {
			if p.Reflections[i].MemberID == u.MemberID {
				p.MyRefl = &p.Reflections[i]
			}
		}
	}
	if m.NeedsQuorum() {
		p.Quorum = s.quorumLine(langFrom(r), m)
		p.Unquorate = !m.HasQuorum()
	}
	if p.CanEdit {
		p.Missing = s.missingForRecord(m, p.Resolutions)
	}
	if p.Links, err = s.activityLinks(r, huoshui.ActivityMeeting, m.ID, m.OrgID, m.OrgPath); err != nil {
		return err
	}
	p.Crumbs = []crumb{{Href: "/meetings", Label: s.msgs.T(langFrom(r), "nav.meetings")},
		{Href: fmt.Sprintf("/meetings?org=%d", m.OrgID), Label: m.OrgName}, {Label: m.Title}}
	return s.render(w, r, code, "meeting_view", p)
}

// quorumLine says in words whether the meeting had its quorum.
func (s *Server) quorumLine(lang string, m *huoshui.Meeting) string {
	t := m.Tally
	id := map[[2]bool]string{
		{true, false}: "meeting.quorum_met", {false, false}: "meeting.quorum_missed",
		{true, true}: "meeting.quorum_met_committee", {false, true}: "meeting.quorum_missed_committee",
	}[[2]bool{m.HasQuorum(), m.Type == huoshui.MeetingCommittee}]
	return s.msgs.T(lang, id, "Invited", t.Invited, "Voting", t.Voting, "Present", t.VotingPresent, "Need", t.Voting/2+1)
}

// missingForRecord lists, as message ids, what a meeting's ledger record
// still lacks before it can be exported.
func (s *Server) missingForRecord(m *huoshui.Meeting, res []huoshui.Resolution) []string {
	var out []string
	if m.Place == "" {
		out = append(out, "meetings.missing.place")
	}
	if m.HostID == 0 {
		out = append(out, "meetings.missing.host")
	}
	if m.RecorderID == 0 {
		out = append(out, "meetings.missing.recorder")
	}
	if m.Tally.Present+m.Tally.Leave+m.Tally.Absent == 0 {
		out = append(out, "meetings.missing.attendance")
	}
	if m.Agenda == "" {
		out = append(out, "meetings.missing.agenda")
	}
	if m.Minutes == "" {
		out = append(out, "meetings.missing.minutes")
	}
	return out
}

// errNoMember answers a person with no member record where one is needed.
var errNoMember = errors.New("no member record")
