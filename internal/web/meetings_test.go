package web_test

// Meetings through their pages (meetings.go, meetings_edit.go,
// meeting_attendance.go, meeting_records.go): the secretary plans one with
// the form, sends its notice, ticks attendance, writes the minutes and the
// resolutions, adds follow-ups that the next meeting shows until they are
// closed, records a meeting after the fact, cancels and restores; bad input
// comes back in Chinese with nothing written; a member reads their branch's
// meetings and hands in a reflection, officers comment, and the branch
// beside sees nothing.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// shanghai is a wall-clock time in Asia/Shanghai, where the branches meet.
func shanghai(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, huoshui.Shanghai)
}

// meetingClock is the server's clock in the meeting tests: set before the
// server starts and moved by the test, atomically, so the check-in batcher
// reading it on its own goroutine does not race the test.
type meetingClock struct{ ns atomic.Int64 }

func (c *meetingClock) now() time.Time  { return time.Unix(0, c.ns.Load()) }
func (c *meetingClock) set(t time.Time) { c.ns.Store(t.UnixNano()) }

// eachMeetingEnv runs fn on a demo server over every engine, seeded and
// started with its clock at `at`. Sessions idle out after 30 minutes of the
// clock: after moving it further, sign in again (e.signedIn).
func eachMeetingEnv(t *testing.T, at time.Time, fn func(t *testing.T, e *env, clock *meetingClock)) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		clock := &meetingClock{}
		clock.set(at)
		st.SetClock(clock.now)
		fn(t, newEnv(t, st), clock)
	})
}

// meetingForm is the meeting form as the secretary fills it: a date and
// clock times as typed, inviting those the type concerns.
func meetingForm(org *huoshui.Org, typ huoshui.MeetingType, title, date, starts, ends string) url.Values {
	return url.Values{"org_id": {strconv.FormatInt(org.ID, 10)}, "type": {string(typ)}, "title": {title},
		"date": {date}, "starts": {starts}, "ends": {ends}, "place": {"机关三楼第二会议室"}, "invite": {"default"}}
}

var meetingLocationRE = regexp.MustCompile(`^/meetings/(\d+)(#.*)?$`)

// createdMeeting reads the new meeting's id from the form's redirect.
func createdMeeting(t *testing.T, r *response) int64 {
	t.Helper()
	r.wantStatus(http.StatusSeeOther)
	g := meetingLocationRE.FindStringSubmatch(r.Header.Get("Location"))
	if g == nil {
		t.Fatalf("after saving a meeting: redirect to %q, want /meetings/{id}", r.Header.Get("Location"))
	}
	id, _ := strconv.ParseInt(g[1], 10, 64)
	return id
}

func meetingPathOf(id int64, suffix string) string { return fmt.Sprintf("/meetings/%d%s", id, suffix) }

// storedMeeting reads a meeting as the database holds it.
func (e *env) storedMeeting(id int64) *huoshui.Meeting {
	e.T().Helper()
	m, err := e.store.FindMeetingByID(context.Background(), huoshui.Everything(), id)
	if err != nil {
		e.T().Fatalf("meeting %d: %v", id, err)
	}
	return m
}

// storedInvitees reads a meeting's invitees by member id.
func (e *env) storedInvitees(id int64) map[int64]huoshui.Invitee {
	e.T().Helper()
	is, err := e.store.FindInvitees(context.Background(), id)
	if err != nil {
		e.T().Fatal(err)
	}
	out := map[int64]huoshui.Invitee{}
	for _, i := range is {
		out[i.MemberID] = i
	}
	return out
}

// meetingCount is how many meetings the database holds, cancelled or not.
func (e *env) meetingCount() int {
	e.T().Helper()
	n := 0
	for _, cancelled := range []bool{false, true} {
		ms, _, err := e.store.FindMeetings(context.Background(), huoshui.MeetingFilter{Scope: huoshui.Everything(), Cancelled: cancelled})
		if err != nil {
			e.T().Fatal(err)
		}
		n += len(ms)
	}
	return n
}

// secretaryActor is the demo secretary as the store's actor.
func (e *env) secretaryStoreActor() huoshui.Actor {
	e.T().Helper()
	u := e.findAccount("secretary")
	return huoshui.Actor{UserID: u.ID, Username: u.Username}
}

// plannedMeeting writes a meeting of the org straight into the store, as
// the secretary, inviting those the type concerns: the setting of a test
// about something else than the form.
func (e *env) plannedMeeting(org *huoshui.Org, typ huoshui.MeetingType, title string, start time.Time, length time.Duration) *huoshui.Meeting {
	e.T().Helper()
	m := &huoshui.Meeting{OrgID: org.ID, Type: typ, Title: title, StartsAt: start, EndsAt: start.Add(length), Place: "机关三楼第二会议室"}
	if err := e.store.CreateMeeting(context.Background(), e.secretaryStoreActor(), m, nil); err != nil {
		e.T().Fatalf("plan %s: %v", title, err)
	}
	return m
}

// memberAccount makes an account for a demo member with one role, ready
// to sign in (e.signedIn).
func (e *env) memberAccount(username, name string, kind huoshui.RoleKind, at *huoshui.Org) *huoshui.User {
	e.T().Helper()
	hash, err := auth.HashPassword(demo.Password)
	if err != nil {
		e.T().Fatal(err)
	}
	u := &huoshui.User{Username: username, DisplayName: name, PasswordHash: hash, MemberID: e.demoMember(name).ID,
		Roles: []huoshui.Role{{OrgID: at.ID, Kind: kind}}}
	if err := e.store.CreateUser(context.Background(), huoshui.Actor{Username: "test"}, u); err != nil {
		e.T().Fatalf("account %s: %v", username, err)
	}
	return u
}

// rawMessageIDRE matches a message id shown instead of its words.
var rawMessageIDRE = regexp.MustCompile(`\b(?:meetings?|checkin|compliance|cstatus|every|matrix|mtype|visit|gain|attendance|error|field)\.[a-z_.]+`)

// noRawMessageIDs fails when the page's text shows a message id.
func noRawMessageIDs(t *testing.T, d *goquery.Document) {
	t.Helper()
	if ids := rawMessageIDRE.FindAllString(textOf(d.Find("body")), -1); len(ids) > 0 {
		t.Errorf("the page shows message ids instead of words: %q", ids)
	}
}

// textOf is the text of the selection with its white space folded.
func textOf(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

// attendanceRows are the names in the meeting page's attendance table.
func attendanceRows(doc *goquery.Document) []string {
	var out []string
	doc.Find("table.attendance tbody tr th").Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.Fields(s.Text())[0])
	})
	return out
}

// wantText fails unless the selection's text holds each of wants.
func wantText(t *testing.T, what string, s *goquery.Selection, wants ...string) {
	t.Helper()
	got := textOf(s)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s: %q lacks %q", what, got, w)
		}
	}
}

// noText fails when the selection's text holds any of unwanted.
func noText(t *testing.T, what string, s *goquery.Selection, unwanted ...string) {
	t.Helper()
	got := textOf(s)
	for _, w := range unwanted {
		if strings.Contains(got, w) {
			t.Errorf("%s: %q shows %q", what, got, w)
		}
	}
}

// Members of the demo secretariat by role in the meetings (internal/demo):
// the four committee members, and the probationary member who has no vote.
var (
	secretariatCommittee = []string{"李明远", "张慧敏", "王志强", "刘晓燕"}
	firstGroupNames      = []string{"李明远", "张慧敏", "王志强", "陈思远", "杨雪梅", "赵文博", "吴佳宁", "朱晓琳"}
)

func TestMeetingPlannedThroughTheForm(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 2, 9, 0), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		sec := e.signedIn("secretary")

		// The secretary keeps three nodes (the branch and its two groups):
		// the form first asks which, then offers the branch's defaults.
		d := sec.get("/meetings/new").wantStatus(http.StatusOK).doc()
		if n := d.Find(`a[href^="/meetings/new?org="]`).Length(); n != 3 {
			t.Errorf("the secretary is offered %d nodes to plan in, want the branch and its two groups", n)
		}
		d = sec.get(fmt.Sprintf("/meetings/new?org=%d", branch.ID)).wantStatus(http.StatusOK).doc()
		if v, _ := d.Find("#date").Attr("value"); v != "2026-03-02" {
			t.Errorf("the date starts as %q, want today in Shanghai, 2026-03-02", v)
		}
		if v, _ := d.Find("#type option[selected]").Attr("value"); v != string(huoshui.MeetingGeneral) {
			t.Errorf("a branch's new meeting starts as %q, want the general meeting", v)
		}

		// Clock times typed with full-width digits, as a Chinese keyboard
		// gives them, are read in Shanghai time.
		form := meetingForm(branch, huoshui.MeetingGeneral, "三月支部党员大会", "2026-03-05", "１４：３０", "16:00")
		form.Set("agenda", "传达学习全会精神\n讨论督查工作要点")
		r := sec.postForm("/meetings", form)
		id := createdMeeting(t, r)
		m := e.storedMeeting(id)
		if want := time.Date(2026, 3, 5, 6, 30, 0, 0, time.UTC); !m.StartsAt.Equal(want) {
			t.Errorf("starts at %v, want 14:30 in Shanghai = %v", m.StartsAt.UTC(), want)
		}
		if want := time.Date(2026, 3, 5, 8, 0, 0, 0, time.UTC); !m.EndsAt.Equal(want) {
			t.Errorf("ends at %v, want 16:00 in Shanghai = %v", m.EndsAt.UTC(), want)
		}
		if m.LateEntry {
			t.Error("a meeting planned ahead is marked 补录")
		}

		page := sec.get(meetingPathOf(id, "")).wantStatus(http.StatusOK).doc()
		wantText(t, "flash", page.Find(".flash"), "已保存会议“三月支部党员大会”。")
		wantText(t, "facts", page.Find(".facts"), "2026-03-05 14:30 – 16:00", "机关三楼第二会议室", "尚未发出")
		noText(t, "heading", page.Find("h1"), "补录")
		noRawMessageIDs(t, page)
		// What the ledger record still lacks, in words.
		missing := texts(page.Find(".notice ul li"))
		if want := []string{"主持人", "记录人", "出席情况（签到或手工登记）", "会议记录"}; !slices.Equal(missing, want) {
			t.Errorf("the page says the record lacks %q, want %q", missing, want)
		}

		// The general meeting invites every full and probationary member
		// of the branch; the 13 full members have a vote.
		names := attendanceRows(page)
		if len(names) != len(secretariatNames) {
			t.Errorf("invited %d people %v, want the branch's %d", len(names), names, len(secretariatNames))
		}
		for _, n := range secretariatNames {
			if !slices.Contains(names, n) {
				t.Errorf("%s is not invited to the general meeting", n)
			}
		}
		if n := page.Find("table.attendance tbody tr th .tag").Length(); n != 13 {
			t.Errorf("%d invitees have a vote, want the 13 full members", n)
		}
		voter := page.Find("table.attendance tbody tr th").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.Contains(s.Text(), "朱晓琳")
		})
		if voter.Find(".tag").Length() != 0 {
			t.Error("the probationary member 朱晓琳 is shown with a vote")
		}
		wantText(t, "attendance summary", page.Find("#attendance .section-head"), "应到 14 人，实到 0 人")

		// The notice goes out before the meeting and says when.
		sec.postForm(meetingPathOf(id, "/notice"), nil).wantStatus(http.StatusSeeOther)
		page = sec.get(meetingPathOf(id, "")).wantStatus(http.StatusOK).doc()
		wantText(t, "flash", page.Find(".flash"), "会议通知已发出")
		wantText(t, "facts", page.Find(".facts"), "已于 2026-03-02 09:00 发出")
		wantText(t, "actions", page.Find(".page-head .actions"), "再次发通知")
		if m := e.storedMeeting(id); m.NoticeSentAt == nil {
			t.Error("the notice was not recorded")
		}

		// Once the meeting has begun there is no notice to send.
		clock.set(shanghai(2026, 3, 5, 14, 40))
		sec = e.signedIn("secretary")
		page = sec.get(meetingPathOf(id, "")).wantStatus(http.StatusOK).doc()
		noText(t, "actions after the start", page.Find(".page-head .actions"), "通知")
		wantText(t, "actions after the start", page.Find(".page-head .actions"), "出示签到码")

		// The list shows it with its attendance.
		list := sec.get("/meetings?year=2026").wantStatus(http.StatusOK).doc()
		row := list.Find("tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.Contains(s.Text(), "三月支部党员大会")
		})
		if row.Length() != 1 {
			t.Fatalf("the list shows the meeting %d times", row.Length())
		}
		wantText(t, "list row", row, "2026-03-05 14:30", "支部党员大会", demo.BranchName, "应到 14，实到 0")
	})
}

func TestMeetingInviteesDefaultByType(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 2, 9, 0), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		group := e.demoOrg(demo.FirstGroupName)
		sec := e.signedIn("secretary")
		cases := []struct {
			org  *huoshui.Org
			typ  huoshui.MeetingType
			want []string
		}{
			{branch, huoshui.MeetingCommittee, secretariatCommittee},
			{branch, huoshui.MeetingThemeDay, secretariatNames},
			{branch, huoshui.MeetingLecture, secretariatNames},
			{group, huoshui.MeetingGroup, firstGroupNames},
			{branch, huoshui.MeetingTalk, nil},
		}
		for i, c := range cases {
			title := fmt.Sprintf("%s测试%d", c.typ, i)
			id := createdMeeting(t, sec.postForm("/meetings", meetingForm(c.org, c.typ, title, "2026-03-20", "09:00", "10:30")))
			page := sec.get(meetingPathOf(id, "")).wantStatus(http.StatusOK).doc()
			got := attendanceRows(page)
			slices.Sort(got)
			want := slices.Clone(c.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s at %s invites %v, want %v", c.typ, c.org.Name, got, want)
			}
			if len(c.want) == 0 {
				wantText(t, "a talk's attendance", page.Find("#attendance"), "还没有参会人员。")
			}
		}

		// Ticking people instead invites exactly them.
		form := meetingForm(branch, huoshui.MeetingTalk, "与陈思远谈心谈话", "2026-03-20", "15:00", "15:40")
		form.Set("invite", "chosen")
		form["invitees"] = []string{strconv.FormatInt(e.demoMember("李明远").ID, 10), strconv.FormatInt(e.demoMember("陈思远").ID, 10)}
		id := createdMeeting(t, sec.postForm("/meetings", form))
		got := attendanceRows(sec.get(meetingPathOf(id, "")).wantStatus(http.StatusOK).doc())
		slices.Sort(got)
		if want := []string{"李明远", "陈思远"}; !slices.Equal(got, want) {
			t.Errorf("the talk invites %v, want %v", got, want)
		}
	})
}

// attendanceForm ticks each named invitee: present, absent, or a leave
// with its reason ("leave:事由").
func attendanceForm(e *env, marks map[string]string) url.Values {
	v := url.Values{}
	for name, mark := range marks {
		id := strconv.FormatInt(e.demoMember(name).ID, 10)
		if reason, ok := strings.CutPrefix(mark, "leave:"); ok {
			v.Set("att_"+id, "leave")
			v.Set("reason_"+id, reason)
			continue
		}
		v.Set("att_"+id, mark)
	}
	return v
}

func TestMeetingAttendanceMinutesAndQuorum(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 5, 16, 30), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		m := e.plannedMeeting(branch, huoshui.MeetingGeneral, "三月支部党员大会", shanghai(2026, 3, 5, 14, 30), 90*time.Minute)
		sec := e.signedIn("secretary")

		// A leave without its reason comes back beside that person, and
		// nothing of the form is kept.
		marks := map[string]string{"李明远": "present", "张慧敏": "present", "王志强": "present", "刘晓燕": "present",
			"陈思远": "present", "杨雪梅": "present", "赵文博": "present", "黄丽娟": "present",
			"周海涛": "leave:", "吴佳宁": "absent"}
		r := sec.postForm(meetingPathOf(m.ID, "/attendance"), attendanceForm(e, marks)).wantStatus(http.StatusUnprocessableEntity)
		zhou := r.doc().Find("table.attendance tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.Contains(s.Find("th").Text(), "周海涛")
		})
		wantText(t, "周海涛's row", zhou.Find(".field-error"), "请假要写明事由。")
		if tally := e.storedMeeting(m.ID).Tally; tally.Present+tally.Leave+tally.Absent != 0 {
			t.Errorf("a refused attendance form wrote %+v", tally)
		}

		// With the reason it is saved: 8 present, 1 on leave, 1 absent.
		marks["周海涛"] = "leave:赴济南参加全省机要工作会议"
		r = sec.postForm(meetingPathOf(m.ID, "/attendance"), attendanceForm(e, marks)).wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != meetingPathOf(m.ID, "#attendance") {
			t.Errorf("after saving attendance: redirect to %q", loc)
		}
		inv := e.storedInvitees(m.ID)
		if got := inv[e.demoMember("周海涛").ID]; got.Attendance != huoshui.AttendanceLeave || got.LeaveReason != "赴济南参加全省机要工作会议" {
			t.Errorf("周海涛 recorded as %q (%q), want leave with the reason", got.Attendance, got.LeaveReason)
		}
		if got := inv[e.demoMember("吴佳宁").ID]; got.Attendance != huoshui.AttendanceAbsent {
			t.Errorf("吴佳宁 recorded as %q, want absent", got.Attendance)
		}
		if got := inv[e.demoMember("李明远").ID]; got.Attendance != huoshui.AttendancePresent || got.CheckedInAt != nil {
			t.Errorf("李明远 recorded as %q (checked in %v), want present, ticked by hand", got.Attendance, got.CheckedInAt)
		}
		page := sec.get(meetingPathOf(m.ID, "")).wantStatus(http.StatusOK).doc()
		wantText(t, "attendance summary", page.Find("#attendance .section-head"), "应到 14 人，实到 8 人，请假 1 人，缺席 1 人")
		if v, _ := page.Find(fmt.Sprintf(`input[name="reason_%d"]`, e.demoMember("周海涛").ID)).Attr("value"); v != "赴济南参加全省机要工作会议" {
			t.Errorf("the leave reason shows as %q", v)
		}
		if !page.Find(fmt.Sprintf(`input[name="att_%d"][value="absent"]`, e.demoMember("吴佳宁").ID)).Is("[checked]") {
			t.Error("吴佳宁's absence is not ticked on the page")
		}

		// 8 of the 13 with a vote: the quorum is met.
		quorum := page.Find("#attendance p[role=status]")
		wantText(t, "quorum line", quorum, "有表决权的正式党员 13 名，到会 8 名，超过半数，符合规定人数。")
		noText(t, "quorum line", quorum, "未超过半数")

		// The minutes and two resolutions, one a line.
		r = sec.postForm(meetingPathOf(m.ID, "/minutes"), url.Values{
			"minutes":     {"李明远同志传达了全会精神，与会党员逐一发言。"},
			"resolutions": {"一、通过本季度督查工作要点\r\n\r\n二、推荐张慧敏同志为优秀党务工作者\r\n"},
		}).wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != meetingPathOf(m.ID, "#minutes") {
			t.Errorf("after saving the minutes: redirect to %q", loc)
		}
		page = sec.get(meetingPathOf(m.ID, "")).wantStatus(http.StatusOK).doc()
		if got := page.Find("#minutes textarea#minutes").Text(); got != "李明远同志传达了全会精神，与会党员逐一发言。" {
			t.Errorf("the minutes read %q", got)
		}
		res := texts(page.Find("ol.resolutions li"))
		if want := []string{"一、通过本季度督查工作要点", "二、推荐张慧敏同志为优秀党务工作者"}; !slices.Equal(res, want) {
			t.Errorf("resolutions %q, want %q", res, want)
		}
		if page.Find("ol.resolutions .tag").Length() != 0 || page.Find("ol.resolutions.unquorate").Length() != 0 {
			t.Error("the resolutions of a meeting with its quorum are marked")
		}

		// Three present of 13: the quorum is missed, and the resolutions
		// say so.
		thin := e.plannedMeeting(branch, huoshui.MeetingGeneral, "三月临时党员大会", shanghai(2026, 3, 5, 9, 0), time.Hour)
		sec.postForm(meetingPathOf(thin.ID, "/attendance"), attendanceForm(e, map[string]string{
			"李明远": "present", "张慧敏": "present", "王志强": "present", "刘晓燕": "absent"})).wantStatus(http.StatusSeeOther)
		sec.postForm(meetingPathOf(thin.ID, "/minutes"), url.Values{"minutes": {"到会人数不足。"},
			"resolutions": {"同意调整学习计划"}}).wantStatus(http.StatusSeeOther)
		page = sec.get(meetingPathOf(thin.ID, "")).wantStatus(http.StatusOK).doc()
		quorum = page.Find("#attendance p[role=status]")
		wantText(t, "quorum line", quorum, "有表决权的正式党员 13 名，到会 3 名，未超过半数（至少需要 7 名），本次会议不足规定人数，所作决议无效。")
		if !quorum.HasClass("notice") {
			t.Error("a missed quorum is not shown as a notice")
		}
		wantText(t, "resolutions", page.Find("#minutes"), "本次会议到会人数不足规定，以下决议不能生效，需另行开会表决。")
		wantText(t, "resolution", page.Find("ol.resolutions.unquorate li"), "同意调整学习计划", "不足规定人数")

		// A committee meeting counts its committee: 2 of 4 is not more
		// than half.
		cm := e.plannedMeeting(branch, huoshui.MeetingCommittee, "三月支委会", shanghai(2026, 3, 3, 9, 0), time.Hour)
		sec.postForm(meetingPathOf(cm.ID, "/attendance"), attendanceForm(e, map[string]string{
			"李明远": "present", "张慧敏": "present", "王志强": "leave:出差", "刘晓燕": "absent"})).wantStatus(http.StatusSeeOther)
		page = sec.get(meetingPathOf(cm.ID, "")).wantStatus(http.StatusOK).doc()
		wantText(t, "committee quorum line", page.Find("#attendance p[role=status]"),
			"支部委员 4 名，到会 2 名，未超过半数（至少需要 3 名），所作决定无效。")

		// A lecture needs no quorum and says nothing of one.
		lec := e.plannedMeeting(branch, huoshui.MeetingLecture, "三月党课", shanghai(2026, 3, 4, 9, 0), time.Hour)
		page = sec.get(meetingPathOf(lec.ID, "")).wantStatus(http.StatusOK).doc()
		noText(t, "a lecture's page", page.Find("#attendance"), "半数")
	})
}

func TestMeetingMinutesRefusedWriteNothing(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 5, 16, 30), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		m := e.plannedMeeting(branch, huoshui.MeetingGeneral, "三月支部党员大会", shanghai(2026, 3, 5, 14, 30), 90*time.Minute)
		sec := e.signedIn("secretary")
		sec.postForm(meetingPathOf(m.ID, "/minutes"), url.Values{"minutes": {"第一稿"}, "resolutions": {"通过督查要点"}}).
			wantStatus(http.StatusSeeOther)

		// A resolution too long is refused; the minutes typed with it are
		// shown again, not saved half-way.
		r := sec.postForm(meetingPathOf(m.ID, "/minutes"), url.Values{"minutes": {"第二稿"},
			"resolutions": {"通过督查要点\n" + strings.Repeat("长", 1001)}}).wantStatus(http.StatusUnprocessableEntity)
		wantText(t, "resolutions", r.doc().Find("#minutes .field-error"), "1000")
		if got := r.doc().Find("textarea#minutes").Text(); got != "第二稿" {
			t.Errorf("the refused form shows the minutes as %q, want what was typed", got)
		}
		if got := e.storedMeeting(m.ID).Minutes; got != "第一稿" {
			t.Errorf("a refused minutes form saved the minutes as %q, want them unchanged", got)
		}
	})
}

func TestMeetingFollowUpShowsOnNextMeetingUntilClosed(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 5, 16, 30), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		earlier := e.plannedMeeting(branch, huoshui.MeetingThemeDay, "二月主题党日", shanghai(2026, 2, 10, 14, 30), 2*time.Hour)
		march := e.plannedMeeting(branch, huoshui.MeetingGeneral, "三月支部党员大会", shanghai(2026, 3, 5, 14, 30), 90*time.Minute)
		april := e.plannedMeeting(branch, huoshui.MeetingThemeDay, "四月主题党日", shanghai(2026, 4, 9, 14, 30), 2*time.Hour)
		sec := e.signedIn("secretary")
		owner := e.demoMember("陈思远")

		// An unknown owner and a bad date come back, nothing added.
		r := sec.postForm(meetingPathOf(march.ID, "/follow-ups"), url.Values{"text": {"整理督查台账"},
			"owner_id": {strconv.FormatInt(e.demoMember("郭立新").ID, 10)}, "due": {"2026-13-01"}}).wantStatus(http.StatusUnprocessableEntity)
		wantText(t, "follow-up form", r.doc().Find("#follow-ups"), "日期格式应为 2026-11-24。")

		r = sec.postForm(meetingPathOf(march.ID, "/follow-ups"), url.Values{"text": {"整理督查台账"},
			"owner_id": {strconv.FormatInt(owner.ID, 10)}, "due": {"2026-03-31"}}).wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != meetingPathOf(march.ID, "#follow-ups") {
			t.Errorf("after adding a follow-up: redirect to %q", loc)
		}
		page := sec.get(meetingPathOf(march.ID, "")).wantStatus(http.StatusOK).doc()
		wantText(t, "follow-ups", page.Find("#follow-ups ul.follow-ups"), "整理督查台账 · 陈思远 · 2026-03-31 前完成")
		if page.Find("#earlier-h").Length() != 0 {
			t.Error("the meeting's own follow-up is listed as one of an earlier meeting")
		}
		fus, err := e.store.FindFollowUps(context.Background(), march.ID)
		if err != nil || len(fus) != 1 {
			t.Fatalf("follow-ups of the March meeting: %v, %v", fus, err)
		}
		fu := fus[0]

		// The next meeting shows it, with a link to where it was decided.
		page = sec.get(meetingPathOf(april.ID, "")).wantStatus(http.StatusOK).doc()
		earlierSection := page.Find("section").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return s.Find("#earlier-h").Length() > 0
		})
		wantText(t, "the April meeting", earlierSection, "以前会议布置、尚未完成的工作", "整理督查台账", "陈思远", "三月支部党员大会")
		if _, ok := earlierSection.Find(fmt.Sprintf(`a[href="/meetings/%d"]`, march.ID)).Attr("href"); !ok {
			t.Error("the follow-up on the April meeting does not link to the March meeting")
		}

		// A meeting held before it was decided does not show it.
		page = sec.get(meetingPathOf(earlier.ID, "")).wantStatus(http.StatusOK).doc()
		noText(t, "the February meeting", page.Find("main"), "整理督查台账")

		// Closed from the April meeting's page, it leaves that page and is
		// marked done where it was decided.
		r = sec.postForm(fmt.Sprintf("/follow-ups/%d/close", fu.ID), url.Values{"back": {meetingPathOf(april.ID, "#follow-ups")}}).
			wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != meetingPathOf(april.ID, "#follow-ups") {
			t.Errorf("after closing: redirect to %q, want back to the April meeting", loc)
		}
		page = sec.get(meetingPathOf(april.ID, "")).wantStatus(http.StatusOK).doc()
		wantText(t, "flash", page.Find(".flash"), "已标记完成：整理督查台账")
		if page.Find("#earlier-h").Length() != 0 {
			t.Errorf("the April meeting still lists the closed follow-up: %q", textOf(page.Find("#earlier-h").Parent()))
		}
		page = sec.get(meetingPathOf(march.ID, "")).wantStatus(http.StatusOK).doc()
		wantText(t, "the March meeting", page.Find("#follow-ups li.done"), "整理督查台账", "已完成")

		// Reopened, it is back on the next meeting.
		sec.postForm(fmt.Sprintf("/follow-ups/%d/reopen", fu.ID), nil).wantStatus(http.StatusSeeOther)
		page = sec.get(meetingPathOf(april.ID, "")).wantStatus(http.StatusOK).doc()
		wantText(t, "the April meeting after reopening", page.Find("main"), "整理督查台账")

		// A plain member sees it but may not close it.
		mem := e.signedIn("member")
		page = mem.get(meetingPathOf(april.ID, "")).wantStatus(http.StatusOK).doc()
		wantText(t, "the member's April page", page.Find("main"), "整理督查台账")
		if page.Find(`form[action$="/close"]`).Length() != 0 {
			t.Error("a plain member is offered to close a follow-up")
		}
		if r := mem.postForm(fmt.Sprintf("/follow-ups/%d/close", fu.ID), nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("a plain member closing a follow-up: %d, want 403", r.StatusCode)
		}
		if fus, _ := e.store.FindFollowUps(context.Background(), march.ID); len(fus) != 1 || fus[0].ClosedAt != nil {
			t.Errorf("the member's try changed the follow-up: %+v", fus)
		}
	})
}

func TestMeetingEnteredAfterItEnded(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 5, 16, 30), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		sec := e.signedIn("secretary")
		form := meetingForm(branch, huoshui.MeetingThemeDay, "二月主题党日——走进基层一线", "2026-02-26", "14:30", "17:00")
		form["visits"] = []string{string(huoshui.VisitFrontLine)}
		form["gains"] = []string{string(huoshui.GainWorkLevel)}
		form["topics"] = []string{"服务群众"}
		id := createdMeeting(t, sec.postForm("/meetings", form))

		m := e.storedMeeting(id)
		if !m.LateEntry {
			t.Error("a meeting entered after it ended is not marked 补录")
		}
		if !m.StartsAt.Equal(shanghai(2026, 2, 26, 14, 30)) {
			t.Errorf("the late entry starts at %v, want the day it was held", m.StartsAt.In(huoshui.Shanghai))
		}
		if !m.EnteredAt.Equal(shanghai(2026, 3, 5, 16, 30)) {
			t.Errorf("entered at %v, want the time of entry", m.EnteredAt.In(huoshui.Shanghai))
		}
		page := sec.get(meetingPathOf(id, "")).wantStatus(http.StatusOK).doc()
		wantText(t, "heading", page.Find("h1"), "补录")
		wantText(t, "late-entry note", page.Find(".notice"), "会后补录的，录入时间 2026-03-05 16:30")
		wantText(t, "facts", page.Find(".facts"), "2026-02-26 14:30 – 17:00", "走进基层一线", "提升工作水平", "服务群众")

		list := sec.get("/meetings?year=2026").wantStatus(http.StatusOK).doc()
		tag := list.Find("tbody tr td .tag").FilterFunction(func(_ int, s *goquery.Selection) bool { return s.Text() == "补录" })
		if tag.Length() != 1 {
			t.Fatalf("the list shows %d 补录 tags, want 1", tag.Length())
		}
		if title, _ := tag.Attr("title"); title != "补录于 2026-03-05 16:30" {
			t.Errorf("the list's 补录 tag says %q", title)
		}
		wantText(t, "list row", tag.Closest("tr"), "2026-02-26 14:30")

		// Edited later, it keeps its date, its mark and its entry time.
		clock.set(shanghai(2026, 3, 6, 10, 0))
		sec = e.signedIn("secretary")
		v := url.Values{}
		d := sec.get(meetingPathOf(id, "/edit")).wantStatus(http.StatusOK).doc()
		d.Find("form[data-guard] input, form[data-guard] select, form[data-guard] textarea").Each(func(_ int, s *goquery.Selection) {
			name, _ := s.Attr("name")
			switch {
			case name == "":
			case s.Is("select"):
				if val, ok := s.Find("option[selected]").Attr("value"); ok {
					v.Add(name, val)
				}
			case s.Is("textarea"):
				v.Add(name, s.Text())
			case s.Is("[type=checkbox], [type=radio]"):
				if s.Is("[checked]") {
					val, _ := s.Attr("value")
					v.Add(name, val)
				}
			default:
				val, _ := s.Attr("value")
				v.Add(name, val)
			}
		})
		if v.Get("date") != "2026-02-26" || v.Get("starts") != "14:30" || v.Get("ends") != "17:00" {
			t.Errorf("the edit form shows %s %s–%s, want 2026-02-26 14:30–17:00", v.Get("date"), v.Get("starts"), v.Get("ends"))
		}
		v.Set("place", "济南市历下区某社区")
		sec.postForm(meetingPathOf(id, ""), v).wantStatus(http.StatusSeeOther)
		m = e.storedMeeting(id)
		if !m.LateEntry || !m.EnteredAt.Equal(shanghai(2026, 3, 5, 16, 30)) || !m.StartsAt.Equal(shanghai(2026, 2, 26, 14, 30)) {
			t.Errorf("after an edit: late %v, entered %v, starts %v; want all kept", m.LateEntry, m.EnteredAt, m.StartsAt)
		}
		if m.Place != "济南市历下区某社区" || !slices.Equal(m.Topics, []string{"服务群众"}) {
			t.Errorf("after an edit: place %q, topics %v", m.Place, m.Topics)
		}
	})
}

func TestMeetingCancelAndRestore(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 2, 9, 0), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		m := e.plannedMeeting(branch, huoshui.MeetingLecture, "三月党课", shanghai(2026, 3, 12, 14, 30), time.Hour)
		sec := e.signedIn("secretary")
		listed := func() bool {
			return strings.Contains(sec.get("/meetings?year=2026").wantStatus(http.StatusOK).Body, "三月党课")
		}
		if !listed() {
			t.Fatal("the planned lecture is not listed")
		}

		sec.postForm(meetingPathOf(m.ID, "/cancel"), nil).wantStatus(http.StatusSeeOther)
		page := sec.get(meetingPathOf(m.ID, "")).wantStatus(http.StatusOK).doc()
		wantText(t, "flash", page.Find(".flash"), "已取消会议“三月党课”。")
		wantText(t, "heading", page.Find("h1 .tag.red"), "已取消")
		wantText(t, "notice", page.Find(".notice"), "这次会议已取消，不计入组织生活。")
		actions := page.Find(".page-head .actions")
		if actions.Find(fmt.Sprintf(`form[action="/meetings/%d/restore"]`, m.ID)).Length() != 1 {
			t.Error("a cancelled meeting offers no restore")
		}
		noText(t, "actions of a cancelled meeting", actions, "取消会议", "发出会议通知")
		if e.storedMeeting(m.ID).CancelledAt == nil {
			t.Error("the cancel was not recorded")
		}
		if listed() {
			t.Error("the list still shows the cancelled lecture among the meetings held")
		}

		sec.postForm(meetingPathOf(m.ID, "/restore"), nil).wantStatus(http.StatusSeeOther)
		page = sec.get(meetingPathOf(m.ID, "")).wantStatus(http.StatusOK).doc()
		wantText(t, "flash", page.Find(".flash"), "已恢复会议“三月党课”。")
		noText(t, "heading", page.Find("h1"), "已取消")
		if e.storedMeeting(m.ID).CancelledAt != nil {
			t.Error("the restore was not recorded")
		}
		if !listed() {
			t.Error("the restored lecture is not listed")
		}
	})
}

func TestMeetingFormRefusesBadInput(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 2, 9, 0), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		sec := e.signedIn("secretary")
		outsider := strconv.FormatInt(e.demoMember("郭立新").ID, 10) // of 综合处
		cases := []struct {
			name   string
			change func(url.Values)
			field  string // the input beside which the message stands
			want   string
		}{
			{"end before start", func(v url.Values) { v.Set("starts", "16:00"); v.Set("ends", "14:30") },
				"ends", "结束时间要晚于开始时间。"},
			{"end equal to start", func(v url.Values) { v.Set("ends", "14:30") }, "ends", "结束时间要晚于开始时间。"},
			{"unknown type", func(v url.Values) { v.Set("type", "party") }, "type", "请从列表里选择。"},
			{"invitee outside the org", func(v url.Values) { v.Set("invite", "chosen"); v["invitees"] = []string{outsider} },
				"invitees", "参会人员只能是本组织在册的人员。"},
			{"clock not a time", func(v url.Values) { v.Set("starts", "下午两点半") }, "starts", "请按 24 小时制填写时间，如 14:30。"},
			{"no date", func(v url.Values) { v.Set("date", "") }, "date", "请填写这一项。"},
			{"host outside the org", func(v url.Values) { v.Set("host_id", outsider) }, "host_id", "请从本组织在册人员中选择。"},
			{"visits on a general meeting", func(v url.Values) { v.Set("visits", string(huoshui.VisitFrontLine)) },
				"visits", "只有主题党日"},
		}
		for _, c := range cases {
			v := meetingForm(branch, huoshui.MeetingGeneral, "三月支部党员大会", "2026-03-05", "14:30", "16:00")
			c.change(v)
			r := sec.postForm("/meetings", v)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", c.name, r.StatusCode)
				continue
			}
			d := r.doc()
			wantText(t, c.name+": the form", d.Find(".form-error"), "请")
			field := d.Find(".field-error").FilterFunction(func(_ int, s *goquery.Selection) bool {
				box := s.Closest(".field")
				return box.Find(fmt.Sprintf(`[name=%q]`, c.field)).Length() > 0
			})
			wantText(t, c.name+": beside "+c.field, field, c.want)
			if got, _ := d.Find("#title").Attr("value"); got != "三月支部党员大会" {
				t.Errorf("%s: the title comes back as %q, want what was typed", c.name, got)
			}
			if n := e.meetingCount(); n != 0 {
				t.Fatalf("%s: %d meetings written, want none", c.name, n)
			}
		}
		// A meeting past midnight gives its end date; without it the end
		// is before the start.
		v := meetingForm(branch, huoshui.MeetingThemeDay, "跨夜值守主题党日", "2026-03-05", "22:00", "01:00")
		sec.postForm("/meetings", v).wantStatus(http.StatusUnprocessableEntity)
		v.Set("end_date", "2026-03-06")
		id := createdMeeting(t, sec.postForm("/meetings", v))
		if m := e.storedMeeting(id); !m.EndsAt.Equal(shanghai(2026, 3, 6, 1, 0)) {
			t.Errorf("the night meeting ends at %v, want 01:00 the next day", m.EndsAt.In(huoshui.Shanghai))
		}

		// Editing refuses the same, and keeps the meeting as it was.
		edit := meetingForm(branch, huoshui.MeetingThemeDay, "改名", "2026-03-05", "16:00", "14:30")
		r := sec.postForm(meetingPathOf(id, ""), edit).wantStatus(http.StatusUnprocessableEntity)
		wantText(t, "the refused edit", r.doc().Find(".field-error"), "结束时间要晚于开始时间。")
		if m := e.storedMeeting(id); m.Title != "跨夜值守主题党日" || !m.StartsAt.Equal(shanghai(2026, 3, 5, 22, 0)) {
			t.Errorf("a refused edit changed the meeting: %q from %v", m.Title, m.StartsAt)
		}
		if n := e.meetingCount(); n != 1 {
			t.Fatalf("%d meetings, want the night meeting alone", n)
		}

		// A node the secretary does not keep: not found, nothing written.
		v = meetingForm(e.demoOrg(demo.SecondBranch), huoshui.MeetingGeneral, "越权会议", "2026-03-05", "14:30", "16:00")
		sec.postForm("/meetings", v).wantStatus(http.StatusNotFound)
		if n := e.meetingCount(); n != 1 {
			t.Fatalf("%d meetings written in another branch", n)
		}
	})
}

func TestMeetingPermissions(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 5, 14, 20), func(t *testing.T, e *env, clock *meetingClock) {
		ctx := context.Background()
		branch := e.demoOrg(demo.BranchName)
		general := e.demoOrg(demo.SecondBranch)
		m := e.plannedMeeting(branch, huoshui.MeetingGeneral, "三月支部党员大会", shanghai(2026, 3, 5, 14, 30), 90*time.Minute)
		committee := e.plannedMeeting(branch, huoshui.MeetingCommittee, "三月支委会", shanghai(2026, 3, 3, 9, 0), time.Hour)
		e.memberAccount("luojiaming", "罗家明", huoshui.RoleMember, general)
		e.memberAccount("guolixin", "郭立新", huoshui.RoleSecretary, general)
		e.memberAccount("chensiyuan", "陈思远", huoshui.RoleMember, branch)

		// The branch beside sees nothing of the secretariat's meetings,
		// not even with a code that would check an invitee in.
		key, err := e.store.ServerKey(ctx, "checkin")
		if err != nil {
			t.Fatal(err)
		}
		code := checkinCode(t, key, m.ID, clock.now())
		for _, who := range []string{"luojiaming", "guolixin"} {
			c := e.signedIn(who)
			for _, path := range []string{meetingPathOf(m.ID, ""), meetingPathOf(m.ID, "/checkin"), meetingPathOf(m.ID, "/edit"),
				fmt.Sprintf("/checkin/%d?c=%s", m.ID, url.QueryEscape(code)), fmt.Sprintf("/api/v1/meetings/%d", m.ID),
				meetingPathOf(committee.ID, "")} {
				if r := c.get(path); r.StatusCode != http.StatusNotFound {
					t.Errorf("%s of %s: GET %s: %d, want 404", who, demo.SecondBranch, path, r.StatusCode)
				}
			}
			for _, path := range []string{meetingPathOf(m.ID, "/attendance"), meetingPathOf(m.ID, "/reflection"), meetingPathOf(m.ID, "/cancel")} {
				if r := c.postForm(path, url.Values{"body": {"越权"}}); r.StatusCode != http.StatusNotFound {
					t.Errorf("%s of %s: POST %s: %d, want 404", who, demo.SecondBranch, path, r.StatusCode)
				}
			}
			if strings.Contains(c.get("/meetings?year=all").Body, "三月支部党员大会") {
				t.Errorf("%s of %s finds the secretariat's meeting in the list", who, demo.SecondBranch)
			}
		}
		for id, inv := range e.storedInvitees(m.ID) {
			if inv.Attendance != huoshui.AttendanceUnknown {
				t.Errorf("after the visits of %s, member %d is recorded %q", demo.SecondBranch, id, inv.Attendance)
			}
		}
		if m2 := e.storedMeeting(m.ID); m2.CancelledAt != nil || m2.Tally.Present != 0 {
			t.Errorf("the visits of %s changed the meeting: %+v", demo.SecondBranch, m2.Tally)
		}

		// A plain member sees their branch's meetings, even one they are
		// not invited to, and changes none.
		mem := e.signedIn("member")
		page := mem.get(meetingPathOf(m.ID, "")).wantStatus(http.StatusOK).doc()
		wantText(t, "the member's view", page.Find("#attendance"), "您是本次会议的参会人员。")
		if page.Find(`form[action$="/attendance"], form[action$="/minutes"], form[action$="/follow-ups"], form[action$="/cancel"]`).Length() != 0 {
			t.Error("a plain member is offered forms that change the meeting")
		}
		if page.Find(fmt.Sprintf(`a[href="/meetings/%d/edit"]`, m.ID)).Length() != 0 {
			t.Error("a plain member is offered the edit link")
		}
		mem.get(meetingPathOf(committee.ID, "")).wantStatus(http.StatusOK)
		if list := mem.get("/meetings?year=2026").wantStatus(http.StatusOK).doc(); list.Find(`main a[href^="/meetings/new"]`).Length() != 0 {
			t.Error("a plain member is offered to plan a meeting")
		}
		for _, path := range []string{meetingPathOf(m.ID, "/edit"), meetingPathOf(m.ID, "/checkin"), "/meetings/new"} {
			if r := mem.get(path); r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusNotFound {
				t.Errorf("a plain member: GET %s: %d, want 403 or 404", path, r.StatusCode)
			}
		}
		edit := meetingForm(branch, huoshui.MeetingGeneral, "改过的名称", "2026-03-05", "14:30", "16:00")
		posts := map[string]url.Values{
			meetingPathOf(m.ID, ""):            edit,
			meetingPathOf(m.ID, "/attendance"): attendanceForm(e, map[string]string{"杨雪梅": "present"}),
			meetingPathOf(m.ID, "/minutes"):    {"minutes": {"擅自改动"}, "resolutions": {"擅自决议"}},
			meetingPathOf(m.ID, "/follow-ups"): {"text": {"擅自布置"}},
			meetingPathOf(m.ID, "/invitees"):   {"invitees": {strconv.FormatInt(e.demoMember("杨雪梅").ID, 10)}},
			meetingPathOf(m.ID, "/cancel"):     nil,
			meetingPathOf(m.ID, "/notice"):     nil,
			"/meetings":                        edit,
		}
		for path, v := range posts {
			if r := mem.postForm(path, v); r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusNotFound {
				t.Errorf("a plain member: POST %s: %d, want 403 or 404", path, r.StatusCode)
			}
		}
		after := e.storedMeeting(m.ID)
		if after.Title != "三月支部党员大会" || after.Minutes != "" || after.CancelledAt != nil || after.NoticeSentAt != nil ||
			after.Tally.Invited != 14 || after.Tally.Present != 0 {
			t.Errorf("the plain member's posts changed the meeting: %+v", after)
		}
		if n := e.meetingCount(); n != 2 {
			t.Errorf("the plain member's posts left %d meetings, want 2", n)
		}

		// The member hands in a reflection; another member does not see it;
		// the secretary does and comments; the member reads the comment.
		r := mem.postForm(meetingPathOf(m.ID, "/reflection"), url.Values{"body": {"学习全会精神，要落到办文办事的每一个环节。"}}).
			wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != meetingPathOf(m.ID, "#reflections") {
			t.Errorf("after the reflection: redirect to %q", loc)
		}
		page = mem.get(meetingPathOf(m.ID, "")).wantStatus(http.StatusOK).doc()
		wantText(t, "flash", page.Find(".flash"), "已保存您的心得体会。")
		if got := page.Find("textarea#refl-body").Text(); got != "学习全会精神，要落到办文办事的每一个环节。" {
			t.Errorf("the member's reflection reads %q in the form", got)
		}
		other := e.signedIn("chensiyuan")
		page = other.get(meetingPathOf(m.ID, "")).wantStatus(http.StatusOK).doc()
		noText(t, "another member's view", page.Find("#reflections"), "办文办事")

		sec := e.signedIn("secretary")
		page = sec.get(meetingPathOf(m.ID, "")).wantStatus(http.StatusOK).doc()
		refl := page.Find("article.reflection")
		wantText(t, "the secretary's view", refl, "杨雪梅", "学习全会精神")
		rid, _ := refl.Attr("id")
		rid = strings.TrimPrefix(rid, "reflection-")
		if r := mem.postForm(meetingPathOf(m.ID, "/reflections/"+rid+"/comments"), url.Values{"comment": {"自夸"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("a plain member commenting: %d, want 403", r.StatusCode)
		}
		if r := e.signedIn("guolixin").postForm(meetingPathOf(m.ID, "/reflections/"+rid+"/comments"), url.Values{"comment": {"越权"}}); r.StatusCode != http.StatusNotFound {
			t.Errorf("the secretary of %s commenting: %d, want 404", demo.SecondBranch, r.StatusCode)
		}
		sec.postForm(meetingPathOf(m.ID, "/reflections/"+rid+"/comments"), url.Values{"comment": {"体会深刻，望在督查工作中落实。"}}).
			wantStatus(http.StatusSeeOther)
		page = mem.get(meetingPathOf(m.ID, "")).wantStatus(http.StatusOK).doc()
		wantText(t, "the member's reflection", page.Find("#reflections .comment"), "李明远", "体会深刻，望在督查工作中落实。")
		noText(t, "the member's reflection", page.Find("#reflections"), "自夸", "越权")

		// Someone not invited hands in nothing.
		if r := mem.postForm(meetingPathOf(committee.ID, "/reflection"), url.Values{"body": {"旁听体会"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("a reflection on a meeting the member was not invited to: %d, want 403", r.StatusCode)
		}
	})
}

func TestMeetingPageFormsSayWhatToFix(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 5, 16, 30), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		m := e.plannedMeeting(branch, huoshui.MeetingGeneral, "三月支部党员大会", shanghai(2026, 3, 5, 14, 30), 90*time.Minute)
		other := e.plannedMeeting(branch, huoshui.MeetingLecture, "三月党课", shanghai(2026, 3, 4, 14, 30), time.Hour)
		sec := e.signedIn("secretary")
		mem := e.signedIn("member")
		idOf := func(name string) string { return strconv.FormatInt(e.demoMember(name).ID, 10) }

		// Invitees changed on the meeting's page: those kept keep their
		// attendance, those dropped go.
		sec.postForm(meetingPathOf(m.ID, "/attendance"), attendanceForm(e, map[string]string{"李明远": "present", "张慧敏": "leave:出差"})).
			wantStatus(http.StatusSeeOther)
		sec.postForm(meetingPathOf(m.ID, "/invitees"), url.Values{"invitees": {idOf("李明远"), idOf("张慧敏"), idOf("杨雪梅")}}).
			wantStatus(http.StatusSeeOther)
		page := sec.get(meetingPathOf(m.ID, "")).wantStatus(http.StatusOK).doc()
		wantText(t, "flash", page.Find(".flash"), "已保存参会人员。")
		wantText(t, "attendance summary", page.Find("#attendance .section-head"), "应到 3 人，实到 1 人，请假 1 人")
		if inv := e.storedInvitees(m.ID)[e.demoMember("张慧敏").ID]; inv.Attendance != huoshui.AttendanceLeave || inv.LeaveReason != "出差" {
			t.Errorf("张慧敏 kept as %q (%q), want her leave", inv.Attendance, inv.LeaveReason)
		}

		// Someone of another branch: the list comes back open, saying why,
		// and stays as it was.
		r := sec.postForm(meetingPathOf(m.ID, "/invitees"), url.Values{"invitees": {idOf("李明远"), idOf("郭立新")}}).
			wantStatus(http.StatusUnprocessableEntity)
		details := r.doc().Find(fmt.Sprintf(`details:has(form[action="/meetings/%d/invitees"])`, m.ID))
		if !details.Is("[open]") {
			t.Error("the refused invitee list comes back folded away, its message hidden")
		}
		wantText(t, "the invitee list", details.Find(".field-error"), "参会人员只能是本组织在册的人员。")
		if n := len(e.storedInvitees(m.ID)); n != 3 {
			t.Errorf("a refused invitee list left %d invitees, want the 3 before", n)
		}

		// An empty reflection and an empty comment are named beside their
		// boxes.
		r = mem.postForm(meetingPathOf(m.ID, "/reflection"), url.Values{"body": {"  "}}).wantStatus(http.StatusUnprocessableEntity)
		wantText(t, "the empty reflection", r.doc().Find(`form[action$="/reflection"] .field-error`), "请填写这一项。")
		mem.postForm(meetingPathOf(m.ID, "/reflection"), url.Values{"body": {"会后体会"}}).wantStatus(http.StatusSeeOther)
		e.memberAccount("zhanghuimin", "张慧敏", huoshui.RoleMember, branch)
		e.signedIn("zhanghuimin").postForm(meetingPathOf(m.ID, "/reflection"), url.Values{"body": {"另一份体会"}}).wantStatus(http.StatusSeeOther)
		rs, err := e.store.FindReflections(context.Background(), store.ReflectionFilter{Scope: huoshui.Everything(), MeetingID: m.ID})
		if err != nil || len(rs) != 2 {
			t.Fatalf("reflections: %v, %v", rs, err)
		}
		rid := strconv.FormatInt(rs[0].ID, 10)
		r = sec.postForm(meetingPathOf(m.ID, "/reflections/"+rid+"/comments"), url.Values{"comment": {""}}).
			wantStatus(http.StatusUnprocessableEntity)
		d := r.doc()
		wantText(t, "the empty comment", d.Find("#reflection-"+rid+" .field-error"), "请填写这一项。")
		if n := d.Find("article.reflection .field-error").Length(); n != 1 {
			t.Errorf("the empty comment's message shows under %d reflections, want only the one commented on", n)
		}

		// A reflection of another meeting is not this meeting's to comment.
		sec.postForm(meetingPathOf(other.ID, "/reflections/"+rid+"/comments"), url.Values{"comment": {"串门"}}).wantStatus(http.StatusNotFound)
	})
}

// A form of the meeting's page refused leaves the page's other forms as
// saved: saving one of them next must not wipe what it holds.
func TestMeetingPageRefusedFormKeepsTheOthers(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 5, 16, 30), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		m := e.plannedMeeting(branch, huoshui.MeetingGeneral, "三月支部党员大会", shanghai(2026, 3, 5, 14, 30), 90*time.Minute)
		sec := e.signedIn("secretary")
		li := e.demoMember("李明远").ID
		sec.postForm(meetingPathOf(m.ID, "/attendance"), attendanceForm(e, map[string]string{"李明远": "present", "张慧敏": "leave:出差"})).
			wantStatus(http.StatusSeeOther)
		sec.postForm(meetingPathOf(m.ID, "/minutes"), url.Values{"minutes": {"会议记录正文"}, "resolutions": {"决议一\n决议二"}}).
			wantStatus(http.StatusSeeOther)
		for _, c := range []struct {
			name, path string
			form       url.Values
		}{
			{"an empty follow-up", "/follow-ups", url.Values{"text": {""}}},
			{"a leave without reason", "/attendance", url.Values{"att_" + strconv.FormatInt(e.demoMember("吴佳宁").ID, 10): {"leave"}}},
		} {
			d := sec.postForm(meetingPathOf(m.ID, c.path), c.form).wantStatus(http.StatusUnprocessableEntity).doc()
			if got := d.Find("textarea#minutes").Text(); got != "会议记录正文" {
				t.Errorf("after %s the minutes box holds %q, want the saved minutes", c.name, got)
			}
			if got := d.Find("textarea#resolutions").Text(); !strings.Contains(got, "决议一") || !strings.Contains(got, "决议二") {
				t.Errorf("after %s the resolutions box holds %q, want the saved resolutions", c.name, got)
			}
			if !d.Find(fmt.Sprintf(`input[name="att_%d"][value="present"]`, li)).Is("[checked]") {
				t.Errorf("after %s 李明远 is no longer ticked present", c.name)
			}
			zhang := strconv.FormatInt(e.demoMember("张慧敏").ID, 10)
			if v, _ := d.Find(`input[name="reason_` + zhang + `"]`).Attr("value"); v != "出差" {
				t.Errorf("after %s 张慧敏's leave reason shows %q", c.name, v)
			}
		}
	})
}
