package web_test

// The compliance calendar and the 四走进四提升 matrix (compliance.go,
// matrix.go): what the rules ask of each node in a year, what was held and
// whether it is done, due or overdue, rolled up for the committee and
// exported to Excel; and the year's theme days by visit and gain, with the
// programme the secretary plans into the empty cells.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
)

// heldMeeting records a meeting that took place, its first `present`
// invitees ticked present: a meeting counts toward the rules only when
// someone was there.
func (e *env) heldMeeting(m huoshui.Meeting, present int) *huoshui.Meeting {
	e.T().Helper()
	ctx := context.Background()
	if m.EndsAt.IsZero() {
		m.EndsAt = m.StartsAt.Add(90 * time.Minute)
	}
	if err := e.store.CreateMeeting(ctx, e.secretaryStoreActor(), &m, nil); err != nil {
		e.T().Fatalf("meeting %s: %v", m.Title, err)
	}
	is, err := e.store.FindInvitees(ctx, m.ID)
	if err != nil {
		e.T().Fatal(err)
	}
	if present > len(is) {
		e.T().Fatalf("meeting %s: %d present of %d invited", m.Title, present, len(is))
	}
	var marks []store.AttendanceMark
	for _, i := range is[:present] {
		marks = append(marks, store.AttendanceMark{MemberID: i.MemberID, Attendance: huoshui.AttendancePresent})
	}
	if err := e.store.SetAttendance(ctx, e.secretaryStoreActor(), m.ID, marks); err != nil {
		e.T().Fatal(err)
	}
	return e.storedMeeting(m.ID)
}

// lifeYear records the secretariat's organisational life of 2026 up to
// 20 May, when the test reads it (the demo organisation was set up on 5
// January): a committee meeting and a general meeting that is also the
// quarter's lecture in January, theme days in January and March, one in
// April called off, and a group meeting of the first group in January.
// Nothing for 综合处, the second group or the committee.
//
// On 20 May the secretariat is done with 5 items (the general meeting and
// the lecture of Q1, January's committee meeting, the theme days of January
// and March), has 7 under way (Q2's general meeting and lecture, May's
// committee meeting and theme day, the year's review, appraisal and talks)
// and 5 overdue (the committee meetings of February to April, the theme
// days of February and April).
func lifeYear(e *env, clock *meetingClock) {
	e.T().Helper()
	clock.set(shanghai(2026, 5, 20, 10, 0))
	branch := e.demoOrg(demo.BranchName)
	e.heldMeeting(huoshui.Meeting{OrgID: branch.ID, Type: huoshui.MeetingCommittee, Title: "一月支委会",
		StartsAt: shanghai(2026, 1, 8, 9, 0)}, 4)
	e.heldMeeting(huoshui.Meeting{OrgID: branch.ID, Type: huoshui.MeetingThemeDay, Title: "一月主题党日——走进党性教育基地",
		StartsAt: shanghai(2026, 1, 13, 14, 30), Visits: []huoshui.Visit{huoshui.VisitEducationBase},
		Gains: []huoshui.Gain{huoshui.GainTheory}, Topics: []string{"党性教育"}}, 10)
	e.heldMeeting(huoshui.Meeting{OrgID: branch.ID, Type: huoshui.MeetingGeneral, Title: "一月支部党员大会暨党课",
		AlsoCounts: []huoshui.MeetingType{huoshui.MeetingLecture}, StartsAt: shanghai(2026, 1, 20, 14, 30)}, 9)
	e.heldMeeting(huoshui.Meeting{OrgID: branch.ID, Type: huoshui.MeetingThemeDay, Title: "三月主题党日——走进基层一线",
		StartsAt: shanghai(2026, 3, 10, 14, 30), Visits: []huoshui.Visit{huoshui.VisitFrontLine},
		Gains: []huoshui.Gain{huoshui.GainWorkLevel}, Topics: []string{"服务群众", "办文办事"}}, 12)
	april := e.heldMeeting(huoshui.Meeting{OrgID: branch.ID, Type: huoshui.MeetingThemeDay, Title: "四月主题党日（取消）",
		StartsAt: shanghai(2026, 4, 14, 14, 30), Visits: []huoshui.Visit{huoshui.VisitModelDeeds},
		Gains: []huoshui.Gain{huoshui.GainAbility}}, 10)
	if err := e.store.CancelMeeting(context.Background(), e.secretaryStoreActor(), april.ID, false); err != nil {
		e.T().Fatal(err)
	}
	e.heldMeeting(huoshui.Meeting{OrgID: e.demoOrg(demo.FirstGroupName).ID, Type: huoshui.MeetingGroup, Title: "一月党小组会",
		StartsAt: shanghai(2026, 1, 22, 9, 0)}, 6)
}

// calendarCell is the calendar's cell of a type (its row heading) for a
// period (the cell's title).
func calendarCell(d *goquery.Document, typeName, period string) *goquery.Selection {
	row := d.Find("table.calendar tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.HasPrefix(textOf(s.Find("th")), typeName)
	})
	return row.Find(fmt.Sprintf(`td[title=%q]`, period))
}

func TestCompliancePage(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 1, 5, 9, 0), func(t *testing.T, e *env, clock *meetingClock) {
		lifeYear(e, clock)
		branch := e.demoOrg(demo.BranchName)
		sec := e.signedIn("secretary")
		d := sec.get(fmt.Sprintf("/orgs/%d/compliance?year=2026", branch.ID)).wantStatus(http.StatusOK).doc()
		noRawMessageIDs(t, d)
		wantText(t, "heading", d.Find("h1"), demo.BranchName+" 2026 年组织生活")
		wantText(t, "summary", d.Find(".summary-line"), "已完成 5 项，进行中 7 项，逾期 5 项。")
		cells := []struct {
			typ, period, class, text string
			span                     string
		}{
			{"主题党日", "2026-01", "c-done", "已完成 1/1", "1"},
			{"主题党日", "2026-02", "c-overdue", "逾期 0/1", "1"},
			{"主题党日", "2026-03", "c-done", "已完成 1/1", "1"},
			{"主题党日", "2026-04", "c-overdue", "逾期 0/1", "1"}, // called off: counts for nothing
			{"主题党日", "2026-05", "c-due", "进行中 0/1 还剩 11 天", "1"},
			{"主题党日", "2026-06", "c-upcoming", "未到期 0/1", "1"},
			{"支部党员大会", "2026-Q1", "c-done", "已完成 1/1", "3"},
			{"支部党员大会", "2026-Q2", "c-due", "进行中 0/1 还剩 41 天", "3"},
			{"党课", "2026-Q1", "c-done", "已完成 1/1", "3"}, // the general meeting that was also a lecture
			{"支部委员会会议", "2026-02", "c-overdue", "逾期 0/1", "1"},
			{"组织生活会", "2026", "c-due", "进行中 0/1 还剩 225 天", "12"},
		}
		for _, c := range cells {
			cell := calendarCell(d, c.typ, c.period)
			if cell.Length() != 1 {
				t.Errorf("%s %s: %d cells", c.typ, c.period, cell.Length())
				continue
			}
			if !cell.HasClass(c.class) {
				class, _ := cell.Attr("class")
				t.Errorf("%s %s: class %q, want %s", c.typ, c.period, class, c.class)
			}
			if got := textOf(cell); got != c.text {
				t.Errorf("%s %s: %q, want %q", c.typ, c.period, got, c.text)
			}
			if span, _ := cell.Attr("colspan"); span != c.span {
				t.Errorf("%s %s spans %s months, want %s", c.typ, c.period, span, c.span)
			}
		}
		// The branch's groups below it, with what they are behind on.
		sub := d.Find("section table tbody tr")
		if sub.Length() != 2 {
			t.Fatalf("the branch's roll-up has %d rows, want its 2 groups", sub.Length())
		}
		wantText(t, "the first group", sub.Eq(1), demo.FirstGroupName, "党小组", "3 1 1", "党小组会 2026-02、党小组会 2026-03、党小组会 2026-04")
		wantText(t, "the second group", sub.Eq(0), demo.SecondGroup, "4 1 0")

		// Another year, before the branch existed, asks nothing.
		d = sec.get(fmt.Sprintf("/orgs/%d/compliance?year=2025", branch.ID)).wantStatus(http.StatusOK).doc()
		wantText(t, "2025", d.Find("main"), "这一年没有要求本组织召开的会议。")

		// A plain member sees their branch's calendar; 综合处 does not.
		e.signedIn("member").get(fmt.Sprintf("/orgs/%d/compliance?year=2026", branch.ID)).wantStatus(http.StatusOK)
		e.memberAccount("luojiaming", "罗家明", huoshui.RoleMember, e.demoOrg(demo.SecondBranch))
		nb := e.signedIn("luojiaming")
		for _, path := range []string{"/compliance?year=2026", "/compliance.xlsx?year=2026", "/matrix?year=2026"} {
			if r := nb.get(fmt.Sprintf("/orgs/%d%s", branch.ID, path)); r.StatusCode != http.StatusNotFound {
				t.Errorf("a member of %s: %s: %d, want 404", demo.SecondBranch, path, r.StatusCode)
			}
		}
	})
}

func TestComplianceRollUpAndExport(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 1, 5, 9, 0), func(t *testing.T, e *env, clock *meetingClock) {
		lifeYear(e, clock)
		committee := e.demoOrg(demo.CommitteeName)
		org := e.signedIn("organiser")
		d := org.get(fmt.Sprintf("/orgs/%d/compliance?year=2026", committee.ID)).wantStatus(http.StatusOK).doc()
		noRawMessageIDs(t, d)
		// The committee's own monthly committee meetings: none held.
		wantText(t, "the committee's summary", d.Find(".summary-line"), "已完成 0 项，进行中 1 项，逾期 4 项。")
		wantText(t, "roll-up heading", d.Find("#tree-h"), "下级组织：4 个，其中 4 个有逾期项目")

		// Most overdue first.
		names := func(d *goquery.Document) []string {
			var out []string
			d.Find("section table tbody tr td:first-child a").Each(func(_ int, s *goquery.Selection) { out = append(out, s.Text()) })
			return out
		}
		if got, want := names(d), []string{demo.SecondBranch, demo.BranchName, demo.SecondGroup, demo.FirstGroupName}; !slices.Equal(got, want) {
			t.Errorf("roll-up order %q, want most overdue first %q", got, want)
		}
		general := d.Find("section table tbody tr").First()
		if !general.HasClass("bad") {
			t.Error("the branch most behind is not marked")
		}
		wantText(t, demo.SecondBranch, general, "6 6 0", "支部党员大会 2026-Q1、党课 2026-Q1、主题党日 2026-01")
		d = org.get(fmt.Sprintf("/orgs/%d/compliance?year=2026&sort=name", committee.ID)).wantStatus(http.StatusOK).doc()
		if got := names(d); got[0] != demo.BranchName {
			t.Errorf("sorted by name, the roll-up starts with %q", got[0])
		}

		// The export is the roll-up as shown: a row for each item overdue
		// or under way, none for those done or not yet begun.
		href, _ := d.Find(`a[href*="compliance.xlsx"]`).Attr("href")
		if href == "" {
			t.Fatal("the roll-up offers no export")
		}
		rows, r := exportRows(t, org, href, "组织生活情况")
		if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, "compliance-2026.xlsx") {
			t.Errorf("the export is named %q", cd)
		}
		if want := []string{"党组织", "规定项目", "周期", "应开", "已开", "状态", "截止日期"}; !slices.Equal(rows[0], want) {
			t.Errorf("export headers %q, want %q", rows[0], want)
		}
		has := func(org, item, period, status string) bool {
			for _, row := range rows[1:] {
				if len(row) >= 6 && row[0] == org && row[1] == item && row[2] == period && row[5] == status {
					return true
				}
			}
			return false
		}
		for _, c := range []struct{ org, item, period, status string }{
			{demo.BranchName, "主题党日", "2026-02", "逾期"},
			{demo.BranchName, "主题党日", "2026-04", "逾期"},
			{demo.BranchName, "主题党日", "2026-05", "进行中"},
			{demo.BranchName, "支部委员会会议", "2026-03", "逾期"},
			{demo.BranchName, "谈心谈话", "2026", "进行中"},
			{demo.SecondBranch, "支部党员大会", "2026-Q1", "逾期"},
			{demo.FirstGroupName, "党小组会", "2026-02", "逾期"},
			{demo.CommitteeName, "支部委员会会议", "2026-01", "逾期"},
		} {
			if !has(c.org, c.item, c.period, c.status) {
				t.Errorf("the export lacks %s %s %s %s", c.org, c.item, c.period, c.status)
			}
		}
		for _, c := range []struct{ org, item, period, status string }{
			{demo.BranchName, "主题党日", "2026-01", "已完成"},
			{demo.BranchName, "主题党日", "2026-03", "已完成"},
			{demo.BranchName, "主题党日", "2026-06", "未到期"},
			{demo.FirstGroupName, "党小组会", "2026-01", "已完成"},
		} {
			if has(c.org, c.item, c.period, c.status) {
				t.Errorf("the export lists %s %s %s, which is %s", c.org, c.item, c.period, c.status)
			}
		}
		// Overdue and under way: 5 + 7 of the secretariat, 6 + 6 of 综合处,
		// 3 + 1 and 4 + 1 of the groups, 4 + 1 of the committee.
		if n := len(rows) - 1; n != 38 {
			t.Errorf("the export has %d rows, want 38", n)
		}
		for _, row := range rows[1:] {
			if len(row) < 7 || row[3] != "1" || row[6] == "" {
				t.Errorf("export row %q: want 应开 1 and a deadline", row)
			}
		}
	})
}

func TestMatrixPageAndProgramme(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 1, 5, 9, 0), func(t *testing.T, e *env, clock *meetingClock) {
		lifeYear(e, clock)
		branch := e.demoOrg(demo.BranchName)
		sec := e.signedIn("secretary")
		matrixPath := fmt.Sprintf("/orgs/%d/matrix?year=2026", branch.ID)
		d := sec.get(matrixPath).wantStatus(http.StatusOK).doc()
		noRawMessageIDs(t, d)
		wantText(t, "heading", d.Find("h1"), demo.BranchName+" 2026 年主题党日：四走进四提升")
		wantText(t, "summary", d.Find(".summary-line"), "全年主题党日 2 次；16 个组合中还有 14 个空白；已列入计划 0 项。")
		if got := texts(d.Find("table.matrix thead th")); !slices.Equal(got, []string{"走进 ＼ 提升", "提升理论素养", "提升党性修养", "提升能力素质", "提升工作水平"}) {
			t.Errorf("the matrix's columns: %q", got)
		}
		cell := func(d *goquery.Document, visit, gain int) *goquery.Selection {
			return d.Find("table.matrix tbody tr").Eq(visit).Find("td").Eq(gain)
		}
		// 走进党性教育基地 × 提升理论素养 (January) and 走进基层一线 × 提升工作水平
		// (March) are held; April's 走进模范典型事迹 × 提升能力素质 was called off.
		wantText(t, "education base × theory", cell(d, 0, 0), "1", "01-13 一月主题党日——走进党性教育基地")
		wantText(t, "front line × work level", cell(d, 1, 3), "1", "03-10 三月主题党日——走进基层一线")
		if !cell(d, 1, 3).HasClass("held") {
			t.Error("a cell with a theme day is not marked held")
		}
		if c := cell(d, 3, 2); !c.HasClass("empty-cell") || textOf(c.Find(".count")) != "0" {
			t.Errorf("the cancelled theme day's cell: %q", textOf(c))
		}
		if got := texts(d.Find("ul.tags li")); !slices.Equal(got, []string{"党性教育 1", "办文办事 1", "服务群众 1"}) &&
			!slices.Equal(got, []string{"党性教育 1", "服务群众 1", "办文办事 1"}) {
			t.Errorf("the topics covered: %q", got)
		}

		// The secretary plans 走进先进党支部 × 提升党性修养 for July, then
		// holds it from the plan.
		target := cell(d, 2, 1)
		form := target.Find(`form[action^="/orgs/"]`)
		if form.Length() != 1 {
			t.Fatal("an empty cell offers no plan form to the secretary")
		}
		action, _ := form.Attr("action")
		v := url.Values{"visit": {string(huoshui.VisitModelBranch)}, "gain": {string(huoshui.GainPartySpirit)},
			"year": {"2026"}, "month": {"13"}, "title": {"走进先进党支部学习交流"}}
		r := sec.postForm(action, v).wantStatus(http.StatusUnprocessableEntity)
		wantText(t, "a plan for month 13", r.doc().Find(".field-error"), "请从列表里选择。")
		v.Set("month", "７") // full width, as typed
		r = sec.postForm(action, v).wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != matrixPath {
			t.Errorf("after planning: redirect to %q", loc)
		}
		d = sec.get(matrixPath).wantStatus(http.StatusOK).doc()
		wantText(t, "the planned cell", cell(d, 2, 1).Find(".plan"), "计划 7 月 走进先进党支部学习交流")
		wantText(t, "summary", d.Find(".summary-line"), "已列入计划 1 项。")
		hold, _ := cell(d, 2, 1).Find(".plan a").Attr("href")
		nf := sec.get(hold).wantStatus(http.StatusOK).doc()
		if got, _ := nf.Find("#type option[selected]").Attr("value"); got != string(huoshui.MeetingThemeDay) {
			t.Errorf("the form from the plan is for %q, want a theme day", got)
		}
		if got, _ := nf.Find("#title").Attr("value"); got != "走进先进党支部学习交流" {
			t.Errorf("the form from the plan is titled %q", got)
		}
		for _, want := range []string{`input[name="visits"][value="model_branch"]`, `input[name="gains"][value="party_spirit"]`} {
			if !nf.Find(want).Is("[checked]") {
				t.Errorf("the form from the plan does not tick %s", want)
			}
		}

		// A plain member reads the matrix, plans nothing.
		mem := e.signedIn("member")
		d = mem.get(matrixPath).wantStatus(http.StatusOK).doc()
		if d.Find("main form[method=post]").Length() != 0 {
			t.Error("a plain member is offered to change the programme")
		}
		if r := mem.postForm(action, v); r.StatusCode != http.StatusForbidden {
			t.Errorf("a plain member planning: %d, want 403", r.StatusCode)
		}

		// Taken out of the programme again.
		del, _ := cell(sec.get(matrixPath).doc(), 2, 1).Find(`form[action*="/delete"]`).Attr("action")
		sec.postForm(del, nil).wantStatus(http.StatusSeeOther)
		d = sec.get(matrixPath).wantStatus(http.StatusOK).doc()
		if cell(d, 2, 1).Find(".plan").Length() != 0 {
			t.Error("the plan is still shown after it was taken out")
		}

		// The committee sees its branches' theme days together.
		d = e.signedIn("organiser").get(fmt.Sprintf("/orgs/%d/matrix?year=2026", e.demoOrg(demo.CommitteeName).ID)).wantStatus(http.StatusOK).doc()
		wantText(t, "the committee's matrix", d.Find(".summary-line"), "全年主题党日 2 次")
	})
}
