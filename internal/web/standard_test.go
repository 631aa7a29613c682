package web_test

// The self-check (standard.go): a branch's year judged item by item from
// its records, with the evidence and links; the branch's notes; the
// export.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/xuri/excelize/v2"
)

// standardYear lays out 2025 for the 综合处 branch (4 full members, no
// committee, no groups, 郭立新 its secretary), read on 10 January 2026: a
// general meeting each quarter, lectures in every quarter but the third,
// a theme day each month (March's without minutes), the review meeting,
// the appraisal and a talk in the year, and one award. Everyone invited
// was there.
func standardYear(e *env, clock *meetingClock) *huoshui.Org {
	e.T().Helper()
	clock.set(shanghai(2026, 1, 10, 10, 0))
	org := e.demoOrg(demo.SecondBranch)
	held := func(typ huoshui.MeetingType, title string, month time.Month, minutes string) {
		e.heldMeeting(huoshui.Meeting{OrgID: org.ID, Type: typ, Title: title, StartsAt: shanghai(2025, month, 12, 14, 30),
			Minutes: minutes}, 4)
	}
	for _, m := range []time.Month{2, 5, 8, 11} {
		held(huoshui.MeetingGeneral, fmt.Sprintf("%d月支部党员大会", m), m, "传达学习上级精神。")
	}
	for _, m := range []time.Month{2, 5, 11} {
		held(huoshui.MeetingLecture, fmt.Sprintf("%d月党课", m), m, "书记讲党课。")
	}
	for m := time.January; m <= time.December; m++ {
		minutes := "走进基层一线。"
		if m == time.March {
			minutes = ""
		}
		held(huoshui.MeetingThemeDay, fmt.Sprintf("%d月主题党日", m), m, minutes)
	}
	held(huoshui.MeetingReview, "年度组织生活会", 12, "开展批评与自我批评。")
	held(huoshui.MeetingAppraisal, "民主评议党员", 12, "评议结果：全部合格。")
	// A talk invites nobody by default: the officer names the people.
	ctx := context.Background()
	talk := &huoshui.Meeting{OrgID: org.ID, Type: huoshui.MeetingTalk, Title: "谈心谈话", StartsAt: shanghai(2025, 6, 3, 9, 0),
		EndsAt: shanghai(2025, 6, 3, 10, 0), Minutes: "书记与党员逐一谈心。"}
	people := []int64{e.demoMember("何静怡").ID, e.demoMember("罗家明").ID}
	if err := e.store.CreateMeeting(ctx, e.secretaryStoreActor(), talk, people); err != nil {
		e.T().Fatal(err)
	}
	var marks []store.AttendanceMark
	for _, id := range people {
		marks = append(marks, store.AttendanceMark{MemberID: id, Attendance: huoshui.AttendancePresent})
	}
	if err := e.store.SetAttendance(ctx, e.secretaryStoreActor(), talk.ID, marks); err != nil {
		e.T().Fatal(err)
	}
	e.addOutput(&huoshui.Output{OrgID: org.ID, Kind: huoshui.OutputAward, Title: "全省政协系统调研成果三等奖",
		Level: huoshui.LevelProvincial, Issuer: "省政协办公厅", Date: huoshui.NewDate(2025, 9, 20)}, "罗家明")
	return org
}

// standardItems reads the page's rows: item key → conclusion and the
// evidence's text.
type standardItem struct {
	Status, Evidence, Note, Records string
}

func standardItems(d *goquery.Document) map[string]standardItem {
	out := map[string]standardItem{}
	d.Find("table.standard tbody tr").Each(func(_ int, tr *goquery.Selection) {
		key, _ := tr.Attr("data-item")
		st, _ := tr.Attr("data-status")
		href, _ := tr.Find("a[data-records]").Attr("href")
		out[key] = standardItem{Status: st, Evidence: textOf(tr.Find("td").Eq(2)), Note: textOf(tr.Find("[data-note]")), Records: href}
	})
	return out
}

func TestStandardSelfCheck(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2025, 1, 2, 9, 0), func(t *testing.T, e *env, clock *meetingClock) {
		org := standardYear(e, clock)
		e.memberAccount("gsec", "郭立新", huoshui.RoleSecretary, org)
		e.memberAccount("luo", "罗家明", huoshui.RoleMember, org)
		sec := e.signedIn("gsec")
		page := fmt.Sprintf("/orgs/%d/standard?year=2025", org.ID)

		d := sec.get(page).wantStatus(http.StatusOK).doc()
		items := standardItems(d)
		want := map[string]string{
			"setup.committee": "met", "setup.secretary": "met", "setup.members": "met",
			"life.general_meeting": "met", "life.lecture": "unmet", "life.theme_day": "met",
			"life.review_meeting": "met", "life.member_appraisal": "met", "life.talk": "met",
			"study.hours": "unmet", "records.complete": "unmet", "tasks.overdue": "pending", "outputs.registered": "met",
		}
		if len(items) != len(want) {
			t.Errorf("%d items, want %d: %v", len(items), len(want), items)
		}
		for k, st := range want {
			if items[k].Status != st {
				t.Errorf("%s: %q, want %q (%s)", k, items[k].Status, st, items[k].Evidence)
			}
		}
		for k, frag := range map[string]string{
			"setup.committee":       "正式党员 4 名，不足 7 名",
			"setup.secretary":       "支部书记：郭立新",
			"life.lecture":          "每季度一次，共 4 期，已完成 3 期，共开 3 次 逾期 1 期：2025-Q3",
			"life.theme_day":        "每月一次，共 12 期，已完成 12 期，共开 12 次",
			"study.hours":           "4 名党员中 0 名达到年度学时目标",
			"records.complete":      "已结束会议 22 次，记录完整 21 次 1 次没有会议记录",
			"tasks.overdue":         "本年没有到期的督查督办事项",
			"outputs.registered":    "登记成果 1 项：发表文章 0，获奖 1",
			"life.member_appraisal": "每年一次，共 1 期，已完成 1 期",
		} {
			if !strings.Contains(items[k].Evidence, frag) {
				t.Errorf("%s evidence %q, want it to say %q", k, items[k].Evidence, frag)
			}
		}
		if got := textOf(d.Find("[data-summary]")); got != "9 项达标，3 项未达标，1 项待确认" {
			t.Errorf("summary %q", got)
		}
		// The evidence links to the records: the lectures of the year,
		// and the meeting whose minutes are missing by name.
		if h := items["life.lecture"].Records; h != fmt.Sprintf("/meetings?org=%d&type=lecture&year=2025", org.ID) {
			t.Errorf("lecture records link %q", h)
		}
		lectures := sec.get(items["life.lecture"].Records).wantStatus(http.StatusOK)
		if !strings.Contains(lectures.Body, "11月党课") || strings.Contains(lectures.Body, "8月党课") {
			t.Errorf("the lecture list does not show the year's lectures")
		}
		missing := d.Find(`tr[data-item="records.complete"] ul.links a`)
		if missing.Length() != 1 || !strings.Contains(missing.Text(), "3月主题党日") {
			t.Errorf("incomplete records listed: %q", missing.Text())
		}
		sec.get(missing.AttrOr("href", "")).wantStatus(http.StatusOK)

		// The missing lecture entered late (补录): the item is met.
		e.heldMeeting(huoshui.Meeting{OrgID: org.ID, Type: huoshui.MeetingLecture, Title: "8月党课",
			StartsAt: shanghai(2025, 8, 26, 14, 30), Minutes: "补讲党课。"}, 4)
		d = sec.get(page).wantStatus(http.StatusOK).doc()
		if it := standardItems(d)["life.lecture"]; it.Status != "met" || !strings.Contains(it.Evidence, "已完成 4 期") {
			t.Errorf("after the lecture: %+v", it)
		}
		if got := textOf(d.Find("[data-summary]")); got != "10 项达标，2 项未达标，1 项待确认" {
			t.Errorf("summary after the lecture %q", got)
		}

		// The org page links to the self-check.
		if sec.get(fmt.Sprintf("/orgs/%d", org.ID)).doc().Find(fmt.Sprintf(`a[href="/orgs/%d/standard"]`, org.ID)).Length() != 1 {
			t.Errorf("the org page has no link to the self-check")
		}
	})
}

func TestStandardNotesAndExport(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2025, 1, 2, 9, 0), func(t *testing.T, e *env, clock *meetingClock) {
		org := standardYear(e, clock)
		e.memberAccount("gsec", "郭立新", huoshui.RoleSecretary, org)
		e.memberAccount("luo", "罗家明", huoshui.RoleMember, org)
		sec, member, other := e.signedIn("gsec"), e.signedIn("luo"), e.signedIn("secretary")
		page := fmt.Sprintf("/orgs/%d/standard?year=2025", org.ID)
		notes := fmt.Sprintf("/orgs/%d/standard/notes", org.ID)
		note := func(item, text string) url.Values {
			return url.Values{"year": {"2025"}, "item": {item}, "note": {text}}
		}
		const said = "三季度党课因汛期顺延，已于次年一月补上，今后提前排好季度党课。"

		r := sec.postForm(notes, note("life.lecture", said)).wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); !strings.HasPrefix(loc, page) {
			t.Errorf("after saving: to %q", loc)
		}
		d := sec.get(page).wantStatus(http.StatusOK).doc()
		if got := standardItems(d)["life.lecture"].Note; got != said {
			t.Errorf("note shown %q", got)
		}

		// Bad notes come back with what to fix; the saved note stays.
		for _, c := range []struct{ text, msg string }{
			{"  ", "请写明说明或整改措施"},
			{strings.Repeat("改", huoshui.StandardNoteMax+1), "不能超过 500 个字"},
		} {
			r := sec.postForm(notes, note("life.lecture", c.text)).wantStatus(http.StatusUnprocessableEntity)
			form := r.doc().Find(`tr[data-item="life.lecture"]`)
			if msg := textOf(form.Find(".field-error")); !strings.Contains(msg, c.msg) {
				t.Errorf("note %.10q: message %q, want %q", c.text, msg, c.msg)
			}
			if typed := form.Find("textarea").Text(); strings.TrimSpace(typed) != strings.TrimSpace(c.text) {
				t.Errorf("note %.10q: the form keeps %.10q", c.text, typed)
			}
		}
		if got := standardItems(sec.get(page).doc())["life.lecture"].Note; got != said {
			t.Errorf("after refused notes the note is %q", got)
		}

		// Another branch's secretary finds nothing; a member of the
		// branch reads the notes but may not write one.
		other.get(page).wantStatus(http.StatusNotFound)
		other.get(fmt.Sprintf("/orgs/%d/standard.xlsx?year=2025", org.ID)).wantStatus(http.StatusNotFound)
		other.postForm(notes, note("life.lecture", "越权")).wantStatus(http.StatusNotFound)
		md := member.get(page).wantStatus(http.StatusOK).doc()
		if got := standardItems(md)["life.lecture"].Note; got != said {
			t.Errorf("the member sees note %q", got)
		}
		if md.Find(`form[action="`+notes+`"]`).Length() != 0 {
			t.Errorf("the member is offered the note form")
		}
		member.postForm(notes, note("life.lecture", "成员改写")).wantStatus(http.StatusForbidden)
		// A group has no self-check.
		group := e.demoOrg(demo.FirstGroupName)
		e.signedIn("secretary").get(fmt.Sprintf("/orgs/%d/standard", group.ID)).wantStatus(http.StatusNotFound)

		// The export: a title, the heading, one row per item with its
		// conclusion, evidence and note.
		x := sec.get(fmt.Sprintf("/orgs/%d/standard.xlsx?year=2025", org.ID)).wantStatus(http.StatusOK)
		f, err := excelize.OpenReader(strings.NewReader(x.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(f.GetSheetName(0))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2+13 || !strings.Contains(rows[0][0], "9 项达标，3 项未达标，1 项待确认") {
			t.Fatalf("%d rows, title %q", len(rows), rows[0])
		}
		if strings.Join(rows[1], "|") != "类别|项目|要求|情况（证据）|结论|说明" {
			t.Errorf("heading %q", rows[1])
		}
		found := false
		for _, row := range rows[2:] {
			if len(row) >= 6 && row[1] == "党课" {
				found = true
				if row[4] != "未达标" || row[5] != said || !strings.Contains(row[3], "2025-Q3") {
					t.Errorf("lecture row %q", row)
				}
			}
		}
		if !found {
			t.Errorf("no lecture row in %q", rows)
		}

		// Cleared: gone from the page, and each change audited.
		clear := url.Values{"year": {"2025"}, "item": {"life.lecture"}, "clear": {"1"}}
		sec.postForm(notes, clear).wantStatus(http.StatusSeeOther)
		if got := standardItems(sec.get(page).doc())["life.lecture"].Note; got != "" {
			t.Errorf("after clearing the note is %q", got)
		}
		es, _, err := e.store.FindAuditEntries(context.Background(), huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, ObjectType: "standard_note"})
		if err != nil || len(es) != 2 {
			t.Errorf("audit: %d entries, %v", len(es), err)
		}
	})
}
