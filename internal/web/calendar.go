package web

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
	"golang.org/x/time/rate"
)

// A member's private calendar feed: the meetings of their branch (the
// branches of their member record and of their roles) and the meetings
// they are invited to, from three months back to a year ahead, for a
// calendar application to subscribe to. The address holds a secret token
// and needs no session; the store keeps only the token's hash. Making a
// new link replaces the old one, and a revoked link answers 404.

// The feed's window around now.
const (
	feedBefore = 3  // months back
	feedAhead  = 12 // months ahead
)

// feedMaxMeetings bounds one feed: a branch holds a few meetings a month.
const feedMaxMeetings = 2000

// newFeedLimiter throttles the feed per client address like the sign-in
// (ratelimit.go): a guessed token costs as much as a guessed password.
// Calendar applications poll about once an hour each, and an office's
// members often share one address, so the allowance is a burst of 30,
// then one every 2 seconds.
func newFeedLimiter() *loginLimiter {
	return &loginLimiter{every: rate.Every(2 * time.Second), burst: 30, clients: map[string]*limitEntry{}}
}

type calendarPage struct {
	Page
	HasLink bool
	// CanSubscribe is false for an account with no branch: no member
	// record and no role that sees meetings.
	CanSubscribe bool
	// WebcalURL and FeedURL are shown once, on the answer that made them.
	WebcalURL template.URL
	FeedURL   string
}

// canSubscribe reports whether u has meetings to subscribe to.
func canSubscribe(u *huoshui.User) bool {
	return !auth.Scope(u, auth.ViewRecord).Empty()
}

func (s *Server) newCalendarPage(r *http.Request) (*calendarPage, error) {
	u := userFrom(r.Context())
	has, err := s.store.HasCalendarLink(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	return &calendarPage{HasLink: has, CanSubscribe: canSubscribe(u)}, nil
}

// calendarView explains the private subscription link, and offers to make
// one, make a new one (which ends the old) or revoke it.
func (s *Server) calendarView(w http.ResponseWriter, r *http.Request) error {
	p, err := s.newCalendarPage(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "calendar", p)
}

// calendarLinkCreate makes the user's feed link, replacing any earlier
// one, and shows it on this answer only: the server keeps its hash.
func (s *Server) calendarLinkCreate(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if !canSubscribe(u) {
		return huoshui.ErrForbidden
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save: func(struct{}) error {
			token, hash, err := auth.NewToken()
			if err != nil {
				return err
			}
			if err := s.store.SetCalendarLink(r.Context(), s.actor(r), u.ID, hash); err != nil {
				return err
			}
			p, err := s.newCalendarPage(r)
			if err != nil {
				return err
			}
			p.FeedURL = s.feedURL(r, token)
			// Built here from the server's own address: a webcal link, which
			// html/template would otherwise refuse as an unknown scheme.
			p.WebcalURL = template.URL("webcal://" + strings.TrimPrefix(strings.TrimPrefix(p.FeedURL, "https://"), "http://"))
			w.Header().Set("Cache-Control", "no-store")
			if err := s.render(w, r, http.StatusOK, "calendar", p); err != nil {
				return err
			}
			return errWritten
		},
	})
}

// calendarLinkRevoke ends the user's feed link: calendars subscribed to
// it stop updating.
func (s *Server) calendarLinkRevoke(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	return submit(s, w, r, formFlow[struct{}]{
		Save:  func(struct{}) error { return s.store.SetCalendarLink(r.Context(), s.actor(r), u.ID, "") },
		Flash: "calendar.revoked",
		Next:  func(struct{}) string { return "/calendar" },
	})
}

// siteURL is this server's address as the browser reached it.
func (s *Server) siteURL(r *http.Request) string {
	scheme := "http"
	if s.secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// feedURL is the address of the feed a token opens.
func (s *Server) feedURL(r *http.Request, token string) string {
	return s.siteURL(r) + "/calendar/" + token + ".ics"
}

// calendarFeed answers GET /calendar/{token}.ics, with no session: the
// token is the secret. An unknown or revoked token, or a disabled
// account, is 404.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) error {
	if !s.feeds.allow(s.clientIP(r), s.now()) {
		w.Header().Set("Retry-After", "60")
		http.Error(w, s.msgs.T(langFrom(r), "calendar.too_many"), http.StatusTooManyRequests)
		return nil
	}
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || token == "" {
		return huoshui.ErrNotFound
	}
	ctx := r.Context()
	u, err := s.store.FindUserByCalendarToken(ctx, auth.HashToken(token))
	if err != nil {
		return err
	}
	lang := "zh"
	if validLang(u.Locale) {
		lang = u.Locale
	}
	now := s.now()
	ms, err := s.feedMeetings(ctx, u, now.AddDate(0, -feedBefore, 0), now.AddDate(0, feedAhead, 0))
	if err != nil {
		return err
	}
	events := make([]report.CalEvent, 0, len(ms))
	site := s.siteURL(r)
	for _, m := range ms {
		e := report.CalEvent{
			UID:   fmt.Sprintf("meeting-%d@huoshui", m.ID),
			Start: m.StartsAt, End: m.EndsAt, Updated: m.UpdatedAt,
			Summary: m.Title, Location: m.Place, URL: site + meetingPath(m),
			Cancelled: m.CancelledAt != nil,
		}
		if e.Cancelled {
			e.Summary = s.msgs.T(lang, "calendar.cancelled_summary", "Title", m.Title)
		}
		desc := []string{s.msgs.T(lang, "mtype."+string(m.Type)), m.OrgName}
		if m.Agenda != "" {
			desc = append(desc, s.msgs.T(lang, "calendar.agenda", "Agenda", m.Agenda))
		}
		e.Description = strings.Join(desc, "\n")
		events = append(events, e)
	}
	var buf bytes.Buffer
	if err := report.WriteICal(&buf, s.msgs.T(lang, "calendar.feed_name", "Name", u.DisplayName), events); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", attachment("huoshui.ics", "huoshui.ics"))
	// Personal: never kept by a shared cache, and a revoked link must stop
	// at once.
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Robots-Tag", "noindex")
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
	return nil
}

// feedPlace is a node whose meetings a feed carries: a branch with its
// groups (subtree), or a committee's own meetings only.
type feedPlace struct {
	orgID   int64
	subtree bool
}

// feedMeetings lists, oldest first, the meetings from from to to (cancelled
// ones too) of u's branches — the branch of their member record, and the
// nodes of their roles that see meetings: a branch or a group with its
// branch's meetings, a committee's own meetings but not its whole tree —
// and those u is invited to; always within what u may see.
func (s *Server) feedMeetings(ctx context.Context, u *huoshui.User, from, to time.Time) ([]*huoshui.Meeting, error) {
	scope := auth.Scope(u, auth.ViewRecord)
	if scope.Empty() {
		return nil, nil
	}
	var places []feedPlace
	add := func(p feedPlace) {
		if !slices.Contains(places, p) {
			places = append(places, p)
		}
	}
	if u.MemberID != 0 {
		m, err := s.store.FindMemberByID(ctx, auth.Scope(u, auth.ViewMember), u.MemberID)
		if err != nil && !errors.Is(err, huoshui.ErrNotFound) {
			return nil, err
		}
		if err == nil && m.ArchivedAt == nil {
			add(feedPlace{m.OrgID, true})
		}
	}
	for _, r := range u.Roles {
		if auth.Scope(&huoshui.User{Roles: []huoshui.Role{r}}, auth.ViewRecord).Empty() {
			continue // the administrators' roles see no meetings
		}
		switch r.OrgKind {
		case huoshui.OrgGroup:
			ids := huoshui.PathIDs(r.OrgPath)
			if r.Kind == huoshui.RoleMember && len(ids) >= 2 {
				add(feedPlace{ids[len(ids)-2], true}) // a member of a group sees their branch
			} else {
				add(feedPlace{r.OrgID, true})
			}
		case huoshui.OrgBranch:
			add(feedPlace{r.OrgID, true})
		default:
			add(feedPlace{r.OrgID, false})
		}
	}
	filters := make([]huoshui.MeetingFilter, 0, len(places)+1)
	for _, p := range places {
		filters = append(filters, huoshui.MeetingFilter{Scope: scope, OrgID: p.orgID, Subtree: p.subtree})
	}
	if u.MemberID != 0 {
		filters = append(filters, huoshui.MeetingFilter{Scope: huoshui.Scope{MemberID: u.MemberID}})
	}
	seen := map[int64]bool{}
	var out []*huoshui.Meeting
	for _, f := range filters {
		f.From, f.To, f.Limit = from, to, feedMaxMeetings
		for _, cancelled := range []bool{false, true} {
			f.Cancelled = cancelled
			ms, _, err := s.store.FindMeetings(ctx, f)
			if err != nil {
				return nil, err
			}
			for _, m := range ms {
				if !seen[m.ID] && len(out) < feedMaxMeetings {
					seen[m.ID] = true
					out = append(out, m)
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b *huoshui.Meeting) int {
		if c := a.StartsAt.Compare(b.StartsAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out, nil
}
