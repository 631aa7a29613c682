package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// icalEvent is one VEVENT of a feed, by property name (parameters
// dropped), its lines unfolded.
type icalEvent map[string]string

// parseICal reads a feed: it must be a VCALENDAR with CRLF line ends and
// no line longer than 75 octets; it returns its events.
func parseICal(t *testing.T, body string) []icalEvent {
	t.Helper()
	if !strings.HasPrefix(body, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(body, "END:VCALENDAR\r\n") {
		t.Fatalf("not an iCalendar feed:\n%s", body)
	}
	for _, l := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("a line of %d octets: %q", len(l), l)
		}
	}
	unfolded := strings.ReplaceAll(body, "\r\n ", "")
	var events []icalEvent
	var cur icalEvent
	for _, l := range strings.Split(unfolded, "\r\n") {
		name, value, _ := strings.Cut(l, ":")
		name, _, _ = strings.Cut(name, ";")
		switch {
		case l == "BEGIN:VEVENT":
			cur = icalEvent{}
		case l == "END:VEVENT":
			events = append(events, cur)
			cur = nil
		case cur != nil:
			cur[name] = value
		}
	}
	return events
}

// feedPath is the path of the feed shown on a page that made a link,
// checked to be offered as webcal:// too.
func feedPath(t *testing.T, r *response) string {
	t.Helper()
	d := r.doc()
	https, _ := d.Find("#feed-url").Attr("value")
	webcal, _ := d.Find("#webcal-url").Attr("value")
	u, err := url.Parse(https)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.HasSuffix(u.Path, ".ics") {
		t.Fatalf("the page shows no feed address: %q", https)
	}
	if webcal != "webcal://"+u.Host+u.Path {
		t.Errorf("the webcal address is %q for %q", webcal, https)
	}
	if href, _ := d.Find(`a[href^="webcal://"]`).Attr("href"); href != webcal {
		t.Errorf("the open-in-calendar link is %q", href)
	}
	return u.Path
}

// byTitle is the events of a feed by their summary.
func byTitle(events []icalEvent) map[string]icalEvent {
	out := map[string]icalEvent{}
	for _, e := range events {
		out[e["SUMMARY"]] = e
	}
	return out
}

// A member makes their private feed link, shown once; the feed needs no
// session and holds their branch's meetings from three months back to a
// year ahead, in UTC, cancelled ones marked; another member's link gives
// only theirs; a new link or a revoke ends the old one.
func TestCalendarFeed(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		now := e.store.Now()
		past := e.addMeeting(demo.BranchName, huoshui.Meeting{Title: "上个月的党员大会", Agenda: "学习; 讨论, 表决"},
			now.AddDate(0, -1, 0).Truncate(time.Minute))
		ahead := e.addMeeting(demo.BranchName, huoshui.Meeting{Title: "下个季度的主题党日", Type: huoshui.MeetingThemeDay, Place: "党性教育基地"},
			now.AddDate(0, 2, 0).Truncate(time.Minute))
		group := e.addMeeting(demo.FirstGroupName, huoshui.Meeting{Title: "第一党小组会", Type: huoshui.MeetingGroup},
			now.AddDate(0, 0, 10).Truncate(time.Minute))
		cancelled := e.addMeeting(demo.BranchName, huoshui.Meeting{Title: "取消的支委会", Type: huoshui.MeetingCommittee},
			now.AddDate(0, 0, 7).Truncate(time.Minute))
		if err := e.store.CancelMeeting(context.Background(), e.secretaryActor(), cancelled.ID, false); err != nil {
			t.Fatal(err)
		}
		e.addMeeting(demo.BranchName, huoshui.Meeting{Title: "半年前的党课", Type: huoshui.MeetingLecture}, now.AddDate(0, -6, 0))
		e.addMeeting(demo.BranchName, huoshui.Meeting{Title: "两年后的党员大会"}, now.AddDate(2, 0, 0))
		e.addMeeting(demo.SecondBranch, huoshui.Meeting{Title: "综合处党员大会"}, now.AddDate(0, 1, 0).Truncate(time.Minute))

		member := e.login("member")
		d := member.get("/").wantStatus(http.StatusOK).doc()
		if strings.TrimSpace(d.Find(`.topbar a[href="/calendar"]`).Text()) != "日历订阅" {
			t.Errorf("the top bar has no 日历订阅 link")
		}
		r := member.get("/calendar").wantStatus(http.StatusOK)
		if r.doc().Find(`form[action="/calendar/link"] button`).Text() != "生成订阅链接" || r.doc().Find("#feed-url").Length() != 0 {
			t.Fatalf("the calendar page offers no link to make")
		}
		r = member.postForm("/calendar/link", nil).wantStatus(http.StatusOK)
		if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("the page showing the link may be cached: %q", cc)
		}
		path := feedPath(t, r)
		token := strings.TrimSuffix(strings.TrimPrefix(path, "/calendar/"), ".ics")

		// Shown once: the page says a link exists but not what it is.
		r = member.get("/calendar").wantStatus(http.StatusOK)
		if strings.Contains(r.Body, token) || !strings.Contains(r.Body, "已经生成过订阅链接") {
			t.Errorf("the calendar page shows the link again, or does not say there is one")
		}

		// The feed, fetched without a session.
		feed := e.client().get(path).wantStatus(http.StatusOK)
		if ct := feed.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
			t.Errorf("feed content type %q", ct)
		}
		if cc := feed.Header.Get("Cache-Control"); !strings.Contains(cc, "private") {
			t.Errorf("feed Cache-Control %q", cc)
		}
		if n := strings.Count(feed.Body, "BEGIN:VEVENT"); n != 4 {
			t.Errorf("the feed has %d events, want 4", n)
		}
		events := byTitle(parseICal(t, feed.Body))
		for _, m := range []*huoshui.Meeting{past, ahead, group} {
			ev, ok := events[m.Title]
			switch {
			case !ok:
				t.Errorf("the feed lacks %s (it has %v)", m.Title, events)
			case ev["DTSTART"] != m.StartsAt.UTC().Format("20060102T150405Z"):
				t.Errorf("%s starts at %s, want %s in UTC", m.Title, ev["DTSTART"], m.StartsAt.UTC().Format("20060102T150405Z"))
			case ev["STATUS"] != "CONFIRMED":
				t.Errorf("%s is %s", m.Title, ev["STATUS"])
			}
		}
		if ev := events["【已取消】取消的支委会"]; ev["STATUS"] != "CANCELLED" {
			t.Errorf("the cancelled meeting is not marked: %v", ev)
		}
		if ev := events[ahead.Title]; ev["LOCATION"] != "党性教育基地" || !strings.HasSuffix(ev["URL"], meetingURL(ahead)) {
			t.Errorf("the theme day's place and address: %v", ev)
		}
		if ev := events[past.Title]; !strings.Contains(ev["DESCRIPTION"], `议题：学习\; 讨论\, 表决`) {
			t.Errorf("the agenda is not in the description, escaped: %q", ev["DESCRIPTION"])
		}
		for _, title := range []string{"半年前的党课", "两年后的党员大会", "综合处党员大会"} {
			if strings.Contains(feed.Body, title) {
				t.Errorf("the member's feed holds %s", title)
			}
		}

		// Another member's link gives only their branch's meetings.
		other := e.neighbourMember("luojiaming")
		otherPath := feedPath(t, other.postForm("/calendar/link", nil).wantStatus(http.StatusOK))
		otherFeed := e.client().get(otherPath).wantStatus(http.StatusOK)
		if evs := parseICal(t, otherFeed.Body); len(evs) != 1 || evs[0]["SUMMARY"] != "综合处党员大会" {
			t.Errorf("the 综合处 member's feed holds %v", evs)
		}

		// A new link ends the old one.
		newPath := feedPath(t, member.postForm("/calendar/link", nil).wantStatus(http.StatusOK))
		e.client().get(path).wantStatus(http.StatusNotFound)
		e.client().get(newPath).wantStatus(http.StatusOK)

		// Revoked, the link answers 404; the other member's still works.
		r = member.postForm("/calendar/link/revoke", nil).wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != "/calendar" {
			t.Errorf("revoking goes to %q", loc)
		}
		if !strings.Contains(member.get("/calendar").Body, "订阅链接已停用") {
			t.Errorf("no notice of the revoke")
		}
		e.client().get(newPath).wantStatus(http.StatusNotFound)
		if strings.Count(e.client().get(otherPath).Body, "BEGIN:VEVENT") != 1 {
			t.Errorf("revoking one member's link touched another's")
		}

		// Made-up or malformed addresses are 404 too.
		for _, p := range []string{"/calendar/" + strings.Repeat("A", 43) + ".ics", "/calendar/" + token, "/calendar/.ics"} {
			e.client().get(p).wantStatus(http.StatusNotFound)
		}
	})
}

// meetingURL is the path of a meeting's page.
func meetingURL(m *huoshui.Meeting) string { return fmt.Sprintf("/meetings/%d", m.ID) }

// An account with no branch (an administrator) has nothing to subscribe
// to: the page says so and making a link is refused.
func TestCalendarWithoutBranch(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	sys := e.login("sysadmin")
	r := sys.get("/calendar").wantStatus(http.StatusOK)
	if !strings.Contains(r.Body, "没有可以订阅的会议") || r.doc().Find(`form[action="/calendar/link"]`).Length() != 0 {
		t.Errorf("the administrator is offered a feed of no meetings")
	}
	sys.postForm("/calendar/link", nil).wantStatus(http.StatusForbidden)
	e.client().get("/calendar").wantStatus(http.StatusSeeOther)
}

// The feed is throttled per address like the sign-in: a client that
// keeps asking is told to wait.
func TestCalendarFeedThrottled(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.client()
	for i := 0; i < 200; i++ {
		r := c.get("/calendar/" + strings.Repeat("x", 43) + ".ics")
		if r.StatusCode == http.StatusTooManyRequests {
			if r.Header.Get("Retry-After") == "" {
				t.Errorf("no Retry-After")
			}
			return
		}
		if r.StatusCode != http.StatusNotFound {
			t.Fatalf("request %d: %d", i, r.StatusCode)
		}
	}
	t.Errorf("200 requests for feeds in a row were all answered")
}

// On a phone, the member makes their link and sees both addresses with a
// working copy button, without sideways scrolling.
func TestBrowserCalendarLinkOnPhone(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	if err := signIn(ctx, e.srv.URL, "member"); err != nil {
		t.Fatal(err)
	}
	if err := phoneViewport(ctx); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, e.srv.URL, "/calendar")
	noSideways(t, ctx, "/calendar")
	browserShot(t, ctx, "calendar-phone")
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/calendar/link"] button[type="submit"]`)))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("making the link: status %d", resp.Status)
	}
	if v := browserEval[string](t, ctx, `document.getElementById("webcal-url").value`); !strings.HasPrefix(v, "webcal://") {
		t.Errorf("the webcal address is %q", v)
	}
	if hidden := browserEval[bool](t, ctx, `document.querySelector("button[data-copy]").hidden`); hidden {
		t.Errorf("the copy button stays hidden with the script running")
	}
	noSideways(t, ctx, "/calendar with the link")
	browserShot(t, ctx, "calendar-link-phone")
}
