package web_test

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// secretaryActor is the demo secretary as the author of a change.
func (e *env) secretaryActor() huoshui.Actor {
	e.T().Helper()
	u := e.findAccount("secretary")
	return huoshui.Actor{UserID: u.ID, Username: u.Username}
}

// shanghaiAt is a time of day in Shanghai, this year (the store's clock),
// on month and day.
func (e *env) shanghaiAt(yearOffset int, month time.Month, day, hour, minute int) time.Time {
	y := e.store.Now().In(huoshui.Shanghai).Year() + yearOffset
	return time.Date(y, month, day, hour, minute, 0, 0, huoshui.Shanghai)
}

// addMeeting records a meeting of org from start for 90 minutes, inviting
// whom its type concerns by default, and returns it as stored.
func (e *env) addMeeting(org string, m huoshui.Meeting, start time.Time) *huoshui.Meeting {
	e.T().Helper()
	m.OrgID = e.demoOrg(org).ID
	if m.Type == "" {
		m.Type = huoshui.MeetingGeneral
	}
	m.StartsAt, m.EndsAt = start, start.Add(90*time.Minute)
	if err := e.store.CreateMeeting(context.Background(), e.secretaryActor(), &m, nil); err != nil {
		e.T().Fatalf("create meeting %s: %v", m.Title, err)
	}
	return &m
}

// completeMeeting is a general meeting of the secretariat with everything
// a ledger page needs: place, chair, recorder, agenda, minutes, attendance
// (陈思远 present, 杨雪梅 on leave for a trip, 王志强 absent) and a
// resolution.
func (e *env) completeMeeting(title string, start time.Time) *huoshui.Meeting {
	e.T().Helper()
	ctx := context.Background()
	m := e.addMeeting(demo.BranchName, huoshui.Meeting{Title: title, Place: "机关三楼党员活动室",
		HostID: e.demoMember("李明远").ID, RecorderID: e.demoMember("张慧敏").ID,
		Agenda: "传达学习全会精神\n讨论年度评议安排", Minutes: "李明远传达了全会精神。\n陈思远发言：结合督查工作抓落实。"}, start)
	marks := []store.AttendanceMark{
		{MemberID: e.demoMember("陈思远").ID, Attendance: huoshui.AttendancePresent},
		{MemberID: e.demoMember("杨雪梅").ID, Attendance: huoshui.AttendanceLeave, LeaveReason: "出差"},
		{MemberID: e.demoMember("王志强").ID, Attendance: huoshui.AttendanceAbsent},
	}
	if err := e.store.SetAttendance(ctx, e.secretaryActor(), m.ID, marks); err != nil {
		e.T().Fatal(err)
	}
	if err := e.store.SetResolutions(ctx, e.secretaryActor(), m.ID, []string{"同意年度评议安排"}); err != nil {
		e.T().Fatal(err)
	}
	return m
}

// neighbourMember is a signed-in member of the 综合处 branch beside the
// secretariat: 罗家明, with a member's role there.
func (e *env) neighbourMember(username string) *client {
	e.T().Helper()
	hash, err := auth.HashPassword(demo.Password)
	if err != nil {
		e.T().Fatal(err)
	}
	u := &huoshui.User{Username: username, DisplayName: "罗家明", PasswordHash: hash, MemberID: e.demoMember("罗家明").ID,
		Roles: []huoshui.Role{{OrgID: e.demoOrg(demo.SecondBranch).ID, Kind: huoshui.RoleMember}}}
	if err := e.store.CreateUser(context.Background(), huoshui.Actor{Username: "test"}, u); err != nil {
		e.T().Fatalf("create %s: %v", username, err)
	}
	return e.signedIn(username)
}

// docxText reads word/document.xml out of a .docx answer.
func docxText(t *testing.T, r *response) string {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "wordprocessingml") {
		t.Fatalf("record content type %q", ct)
	}
	z, err := zip.NewReader(strings.NewReader(r.Body), int64(len(r.Body)))
	if err != nil {
		t.Fatalf("the record is not a zip: %v", err)
	}
	for _, f := range z.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Fatalf("the record has no word/document.xml")
	return ""
}

// A complete record downloads as a Word document named by the meeting's
// date and title in Chinese, holding the title and who was present, on
// leave (with the reason) and absent; any reader of the meeting gets it.
func TestMeetingRecordDocx(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		start := e.shanghaiAt(0, 3, 12, 14, 30)
		m := e.completeMeeting("三月支部党员大会", start)
		path := fmt.Sprintf("/meetings/%d/record.docx", m.ID)

		r := e.login("secretary").get(path).wantStatus(http.StatusOK)
		doc := docxText(t, r)
		for _, want := range []string{"三月支部党员大会", demo.BranchName + "会议记录", "陈思远", "杨雪梅（出差）", "王志强",
			"机关三楼党员活动室", "同意年度评议安排", "主持人（签字）"} {
			if !strings.Contains(doc, want) {
				t.Errorf("the record does not hold %q", want)
			}
		}
		if strings.Contains(doc, "草稿") {
			t.Errorf("a complete record is marked as a draft")
		}
		day := start.Format("2006-01-02")
		cd := r.Header.Get("Content-Disposition")
		if !strings.HasPrefix(cd, "attachment;") ||
			!strings.Contains(cd, "filename*=UTF-8''"+url.PathEscape(day+" 三月支部党员大会 会议记录.docx")) ||
			!strings.Contains(cd, fmt.Sprintf(`filename="meeting-%d-%s.docx"`, m.ID, day)) {
			t.Errorf("Content-Disposition %q", cd)
		}
		if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("Cache-Control %q: the record stays in caches", cc)
		}

		// A member of the branch, who may see the meeting, gets it too.
		doc = docxText(t, e.login("member").get(path).wantStatus(http.StatusOK))
		if !strings.Contains(doc, "三月支部党员大会") {
			t.Errorf("the member's copy lacks the title")
		}
	})
}

// A record that lacks what a ledger needs is not exported: the page names
// exactly what is missing, in Chinese, with where an officer fills each
// in, and offers a draft, whose document is marked 草稿.
func TestMeetingRecordMissingFields(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		m := e.addMeeting(demo.BranchName, huoshui.Meeting{Title: "四月党课", Type: huoshui.MeetingLecture, Place: "会议室",
			Agenda: "讲授党课"}, e.shanghaiAt(0, 4, 9, 9, 0))
		path := fmt.Sprintf("/meetings/%d/record.docx", m.ID)

		sec := e.login("secretary")
		r := sec.get(path).wantStatus(http.StatusUnprocessableEntity)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || r.Header.Get("Content-Disposition") != "" {
			t.Fatalf("an incomplete record was sent as a file: %q", ct)
		}
		d := r.doc()
		var missing []string
		d.Find("ul.missing li strong").Each(func(_ int, s *goquery.Selection) { missing = append(missing, s.Text()) })
		if want := []string{"主持人", "记录人", "出席情况", "会议内容（记录）"}; !slices.Equal(missing, want) {
			t.Errorf("the page says %q are missing, want %q", missing, want)
		}
		links := map[string]string{}
		d.Find("ul.missing li").Each(func(_ int, s *goquery.Selection) {
			href, _ := s.Find("a").Attr("href")
			links[s.Find("strong").Text()] = href
		})
		if links["主持人"] != fmt.Sprintf("/meetings/%d/edit#host_id", m.ID) || links["出席情况"] != fmt.Sprintf("/meetings/%d#attendance", m.ID) {
			t.Errorf("the links to fill the record in: %v", links)
		}
		draft := d.Find(`a[href="` + path + `?draft=1"]`)
		if draft.Length() != 1 || strings.TrimSpace(draft.Text()) != "导出草稿" {
			t.Fatalf("no 导出草稿 link to %s?draft=1", path)
		}

		r = sec.get(path + "?draft=1").wantStatus(http.StatusOK)
		if doc := docxText(t, r); !strings.Contains(doc, "【草稿】"+demo.BranchName+"会议记录") || !strings.Contains(doc, "四月党课") {
			t.Errorf("the draft is not marked 草稿 in its title")
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, url.PathEscape("会议记录（草稿）.docx")) {
			t.Errorf("the draft's file name does not say 草稿: %q", cd)
		}

		// A member sees what is missing but is sent to the officers, with
		// no links to forms they cannot use; the draft is theirs too.
		r = e.login("member").get(path).wantStatus(http.StatusUnprocessableEntity)
		if n := r.doc().Find("ul.missing a").Length(); n != 0 {
			t.Errorf("the member is offered %d links to fill the record in", n)
		}
		if !strings.Contains(r.Body, "请告诉他们补全") || !strings.Contains(r.Body, "导出草稿") {
			t.Errorf("the member's page does not send them to the officers or offer the draft")
		}

		// Filled in, the record exports.
		if err := e.store.SetAttendance(context.Background(), e.secretaryActor(), m.ID,
			[]store.AttendanceMark{{MemberID: e.demoMember("陈思远").ID, Attendance: huoshui.AttendancePresent}}); err != nil {
			t.Fatal(err)
		}
		upd := *m
		upd.HostID, upd.RecorderID, upd.Minutes = e.demoMember("李明远").ID, e.demoMember("张慧敏").ID, "李明远讲授党课。"
		if err := e.store.UpdateMeeting(context.Background(), e.secretaryActor(), m.ID, &upd); err != nil {
			t.Fatal(err)
		}
		sec.get(path).wantStatus(http.StatusOK)
	})
}

// A cancelled meeting has no record to export or print.
func TestCancelledMeetingHasNoRecord(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	m := e.completeMeeting("取消的党员大会", e.shanghaiAt(0, 5, 6, 14, 0))
	if err := e.store.CancelMeeting(context.Background(), e.secretaryActor(), m.ID, false); err != nil {
		t.Fatal(err)
	}
	sec := e.login("secretary")
	for _, p := range []string{"/record.docx", "/record.docx?draft=1", "/print"} {
		r := sec.get(fmt.Sprintf("/meetings/%d%s", m.ID, p)).wantStatus(http.StatusConflict)
		if !strings.Contains(r.Body, "已经取消") {
			t.Errorf("%s of a cancelled meeting does not say it was cancelled", p)
		}
	}
}

// A member of another branch gets 404 for the secretariat's record and
// its printed page, as for the meeting itself.
func TestMeetingExportsOfAnotherBranch(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		m := e.completeMeeting("秘书处党员大会", e.shanghaiAt(0, 2, 20, 14, 30))
		other := e.neighbourMember("luojiaming")
		for _, p := range []string{"", "/record.docx", "/record.docx?draft=1", "/print"} {
			other.get(fmt.Sprintf("/meetings/%d%s", m.ID, p)).wantStatus(http.StatusNotFound)
		}
		rows, _ := exportRows(t, other, "/meetings/export.xlsx", "组织生活台账")
		if len(rows) != 1 {
			t.Errorf("the 综合处 member's ledger has %d rows of the secretariat's meetings", len(rows)-1)
		}
	})
}

// The printed ledger page has the Word ledger's title, particulars and
// sections, two lines to sign and a print button; what the record lacks
// is said on the screen, in a part that is not printed.
func TestMeetingPrintPage(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		m := e.completeMeeting("五月支部党员大会", e.shanghaiAt(0, 5, 14, 14, 30))
		d := e.login("member").get(fmt.Sprintf("/meetings/%d/print", m.ID)).wantStatus(http.StatusOK).doc()
		if got := strings.TrimSpace(d.Find(".ledger-title").Text()); got != demo.BranchName+"会议记录" {
			t.Errorf("the ledger's title is %q", got)
		}
		facts := map[string]string{}
		d.Find(".ledger-facts tr").Each(func(_ int, s *goquery.Selection) {
			facts[s.Find("th").Text()] = s.Find("td").Text()
		})
		for label, want := range map[string]string{"会议名称": "五月支部党员大会", "会议地点": "机关三楼党员活动室",
			"主持人": "李明远", "记录人": "张慧敏", "实到人员": "1 人：陈思远", "请假人员": "1 人：杨雪梅（出差）",
			"会议时间": m.StartsAt.In(huoshui.Shanghai).Format("2006年1月2日 15:04") + "—" + m.EndsAt.In(huoshui.Shanghai).Format("15:04")} {
			if facts[label] != want {
				t.Errorf("%s is %q, want %q", label, facts[label], want)
			}
		}
		var headings []string
		d.Find(".ledger h2").Each(func(_ int, s *goquery.Selection) { headings = append(headings, s.Text()) })
		if want := []string{"会议议题", "会议内容（记录）", "决议事项", "后续工作"}; !slices.Equal(headings, want) {
			t.Errorf("the sections are %q, want %q", headings, want)
		}
		if n := d.Find(".ledger-sign .sign-line").Length(); n != 2 {
			t.Errorf("%d signature lines, want 2", n)
		}
		if d.Find("button[data-print]").Length() != 1 {
			t.Errorf("no print button")
		}
		if d.Find(".print-actions.notice").Length() != 0 {
			t.Errorf("a complete record's page says something is missing")
		}

		bare := e.addMeeting(demo.BranchName, huoshui.Meeting{Title: "空白台账"}, e.shanghaiAt(0, 6, 2, 9, 0))
		d = e.login("secretary").get(fmt.Sprintf("/meetings/%d/print", bare.ID)).wantStatus(http.StatusOK).doc()
		var missing []string
		d.Find(".print-actions.notice ul.missing li").Each(func(_ int, s *goquery.Selection) { missing = append(missing, s.Text()) })
		if want := []string{"会议地点", "主持人", "记录人", "出席情况", "会议议题", "会议内容（记录）"}; !slices.Equal(missing, want) {
			t.Errorf("the print page says %q are missing, want %q", missing, want)
		}
	})
}

// The ledger workbook holds exactly the meetings the list shows for the
// same filter (this year by default), oldest first, within what the reader
// may see; past the cap nothing is exported.
func TestMeetingsExportXlsx(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := cappedEnv(t, st, 3)
		e.completeMeeting("一月支部党员大会", e.shanghaiAt(0, 1, 16, 14, 30))
		e.addMeeting(demo.BranchName, huoshui.Meeting{Title: "二月主题党日", Type: huoshui.MeetingThemeDay,
			Visits: []huoshui.Visit{huoshui.VisitFrontLine}, Gains: []huoshui.Gain{huoshui.GainAbility}, Topics: []string{"服务群众"}},
			e.shanghaiAt(0, 2, 27, 9, 0))
		e.addMeeting(demo.BranchName, huoshui.Meeting{Title: "去年的党员大会"}, e.shanghaiAt(-1, 12, 10, 14, 30))
		e.addMeeting(demo.SecondBranch, huoshui.Meeting{Title: "综合处党员大会"}, e.shanghaiAt(0, 3, 3, 14, 30))
		cancelled := e.addMeeting(demo.BranchName, huoshui.Meeting{Title: "取消的会议"}, e.shanghaiAt(0, 3, 20, 14, 30))
		if err := e.store.CancelMeeting(context.Background(), e.secretaryActor(), cancelled.ID, false); err != nil {
			t.Fatal(err)
		}

		// listed is what the meeting list shows for query, oldest first.
		listed := func(c *client, query string) []string {
			var out []string
			c.get("/meetings?" + query).wantStatus(http.StatusOK).doc().Find("table tbody tr td:nth-child(2) a").
				Each(func(_ int, s *goquery.Selection) { out = append(out, s.Text()) })
			slices.Reverse(out)
			return out
		}
		exported := func(c *client, query string) [][]string {
			rows, _ := exportRows(t, c, "/meetings/export.xlsx?"+query, "组织生活台账")
			return rows
		}
		titles := func(rows [][]string) []string {
			col := column(t, rows, "会议名称")
			var out []string
			for _, r := range rows[1:] {
				out = append(out, r[col])
			}
			return out
		}

		sec := e.login("secretary")
		for _, tc := range []struct{ query, want string }{
			{"", "一月支部党员大会 二月主题党日"},
			{"type=theme_day", "二月主题党日"},
			{"type=general_meeting&q=" + url.QueryEscape("党员大会"), "一月支部党员大会"},
			{fmt.Sprintf("year=%d", e.shanghaiAt(-1, 1, 1, 0, 0).Year()), "去年的党员大会"},
		} {
			got := titles(exported(sec, tc.query))
			if want := strings.Fields(tc.want); !slices.Equal(got, want) || !slices.Equal(got, listed(sec, tc.query)) {
				t.Errorf("export ?%s holds %q, want %q, as the list shows %q", tc.query, got, want, listed(sec, tc.query))
			}
		}
		rows := exported(sec, "")
		first := rows[1]
		for col, want := range map[string]string{"日期": e.shanghaiAt(0, 1, 16, 0, 0).Format("2006-01-02"), "地点": "机关三楼党员活动室",
			"主持人": "李明远", "记录人": "张慧敏", "出席": "1", "请假": "1", "缺席": "1"} {
			if got := first[column(t, rows, col)]; got != want {
				t.Errorf("column %s of the first row is %q, want %q", col, got, want)
			}
		}
		if got := rows[2][column(t, rows, "四走进")]; got != "走进基层一线" {
			t.Errorf("the theme day's 四走进 is %q", got)
		}

		// The committee's organiser sees both branches.
		org := e.login("organiser")
		if got := titles(exported(org, "")); !slices.Equal(got, []string{"一月支部党员大会", "二月主题党日", "综合处党员大会"}) {
			t.Errorf("the organiser's ledger holds %q", got)
		}

		// Every year, the organiser's four meetings are past the cap of three.
		r := org.get("/meetings/export.xlsx?year=all").wantStatus(http.StatusUnprocessableEntity)
		if r.Header.Get("Content-Disposition") != "" || !strings.Contains(r.Body, "4 次会议") || !strings.Contains(r.Body, "上限 3 次") {
			t.Errorf("the refusal past the cap does not say the count and the cap")
		}

		// Someone who sees no meetings has no ledger.
		e.newAccount("norole")
		e.signedIn("norole").get("/meetings/export.xlsx").wantStatus(http.StatusForbidden)
	})
}

// Printed, the ledger page shows the ledger alone: no navigation, no
// buttons, no notes for the screen; the signature lines stay.
func TestBrowserPrintsMeetingRecord(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	m := e.completeMeeting("打印的党员大会", e.shanghaiAt(0, 7, 1, 14, 30))
	if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(680, 1000)); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, e.srv.URL, fmt.Sprintf("/meetings/%d/print", m.ID))
	if hidden := browserEval[bool](t, ctx, `document.querySelector("button[data-print]").hidden`); hidden {
		t.Errorf("the print button stays hidden with the script running")
	}
	browserShot(t, ctx, "meeting-print")
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	for _, sel := range []string{".sidenav", ".topbar", ".crumbs", ".print-actions"} {
		if d := browserEval[string](t, ctx, `getComputedStyle(document.querySelector("`+sel+`")).display`); d != "none" {
			t.Errorf("%s is printed (display %q)", sel, d)
		}
	}
	if d := browserEval[string](t, ctx, `getComputedStyle(document.querySelector(".ledger-sign")).display`); d == "none" {
		t.Errorf("the signature lines are not printed")
	}
	browserShot(t, ctx, "meeting-print-paper")
}
