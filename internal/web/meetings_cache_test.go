package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// A branch's meeting list and compliance calendar are kept rendered
// between requests. Whatever changes in the branch or its groups shows on
// the very next request, a meeting stops being marked 未召开 once it has
// started, and the days left count down with the calendar. (Members see
// their branch's meetings through their role, as the secretary does; the
// table is kept only for a reader whose role covers the node.)
func TestMeetingPagesNeverStale(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 2, 9, 0), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		list := fmt.Sprintf("/meetings?org=%d&year=2026", branch.ID)
		calendar := fmt.Sprintf("/orgs/%d/compliance?year=2026", branch.ID)
		m := e.plannedMeeting(branch, huoshui.MeetingLecture, "三月党课", shanghai(2026, 3, 12, 14, 30), time.Hour)
		sec := e.signedIn("secretary")
		row := func() string {
			t.Helper()
			r := sec.get(list).wantStatus(http.StatusOK).doc().Find("tbody tr")
			for i := range r.Length() {
				if txt := textOf(r.Eq(i)); strings.Contains(txt, "三月党课") {
					return txt
				}
			}
			t.Fatal("the lecture is not listed")
			return ""
		}
		cell := func() string {
			t.Helper()
			return textOf(sec.get(calendar).wantStatus(http.StatusOK).doc().Find("table.calendar"))
		}
		before, calBefore := row(), cell()
		if !strings.Contains(before, "未召开") || !strings.Contains(calBefore, "还剩 29 天") {
			t.Fatalf("before: row %q, calendar %q: want the lecture 未召开 and the quarter's 29 days left", before, calBefore)
		}
		if row() != before || cell() != calBefore {
			t.Fatal("the same page twice differs") // read from what was kept
		}

		// The lecture starts: no longer 未召开, though nothing was written.
		clock.set(shanghai(2026, 3, 12, 14, 31))
		sec = e.signedIn("secretary")
		if r := row(); strings.Contains(r, "未召开") {
			t.Errorf("after the start the list still marks the lecture 未召开: %q", r)
		}
		// Ten days later the days left have moved too.
		if c := cell(); !strings.Contains(c, "还剩 19 天") {
			t.Errorf("on 12 March the calendar says %q, want 还剩 19 天", c)
		}

		// The secretary's home card sums up the year the same way.
		summary := func() string {
			t.Helper()
			return textOf(sec.get("/").wantStatus(http.StatusOK).doc().Find(".life-summary").First())
		}
		homeBefore := summary()
		if homeBefore == "" || summary() != homeBefore {
			t.Fatalf("home card summary %q: want the same summary twice", homeBefore)
		}

		// Attendance recorded: the tally and the quarter's count show at once.
		sec.postForm(meetingPathOf(m.ID, "/attendance"), attendanceForm(e, map[string]string{"李明远": "present"})).
			wantStatus(http.StatusSeeOther)
		if r := row(); !strings.Contains(r, "实到 1") {
			t.Errorf("after attendance the row reads %q, want 实到 1", r)
		}
		if c := cell(); !strings.Contains(c, "党课每季度 已完成 1/1") {
			t.Errorf("after the lecture was held the calendar still reads %q", c)
		}
		if h := summary(); h == homeBefore || !strings.Contains(h, "已完成") {
			t.Errorf("after the lecture was held the home card still reads %q", h)
		}

		// An organiser renames a group: the branch's calendar lists it anew.
		group := e.demoOrg(demo.SecondGroup)
		sec.get(calendar).wantStatus(http.StatusOK)
		e.signedIn("organiser").postForm(fmt.Sprintf("/orgs/%d", group.ID), url.Values{"name": {"第二党小组（综合保障）"}}).
			wantStatus(http.StatusSeeOther)
		if body := sec.get(calendar).Body; !strings.Contains(body, "第二党小组（综合保障）") {
			t.Error("the renamed group does not show on the kept calendar")
		}

	})
}
