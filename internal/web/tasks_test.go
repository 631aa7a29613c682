package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/xuri/excelize/v2"
)

// postFiles posts a form with fields and files (name, bytes, …) as a
// browser does when the form has a file input.
func (c *client) postFiles(path string, fields url.Values, files ...any) *response {
	c.e.T().Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for i := 0; i+1 < len(files); i += 2 {
		w, err := mw.CreateFormFile("files", files[i].(string))
		if err != nil {
			c.e.T().Fatal(err)
		}
		w.Write(files[i+1].([]byte))
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// taskFixture is the demo's secretariat with a task led by the member
// account (杨雪梅), helped by 罗家明 of the branch beside, due in ten days.
type taskFixture struct {
	branch, second *huoshui.Org
	task           *huoshui.Task
	lead, co       *huoshui.Member
	sec            huoshui.Actor
}

func newTaskFixture(e *env) taskFixture {
	e.T().Helper()
	f := taskFixture{branch: e.demoOrg(demo.BranchName), second: e.demoOrg(demo.SecondBranch),
		lead: e.demoMember("杨雪梅"), co: e.demoMember("罗家明")}
	u := e.findAccount("secretary")
	f.sec = huoshui.Actor{UserID: u.ID, Username: u.Username}
	today := huoshui.DateOf(time.Now().In(huoshui.Shanghai))
	// The committee's task: a branch member leads, a member of the branch
	// beside helps.
	f.task = &huoshui.Task{OrgID: f.branch.ID, Source: huoshui.TaskFromInstruction, SourceRef: "秘书长批示",
		Content: "全会文件起草进度督办", LeadID: f.lead.ID, AssignedOn: today.AddDate(0, 0, -5), Deadline: today.AddDate(0, 0, 10)}
	if err := e.store.CreateTask(context.Background(), f.sec, f.task, false); err != nil {
		e.T().Fatal(err)
	}
	return f
}

// Who may do what with a task: the branch's officers keep it; its lead
// and the branch see it, the lead reports progress; a plain member cannot
// create one; a member of the branch beside gets 404 for it and all that
// hangs off it.
func TestTaskPermissions(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		f := newTaskFixture(e)
		path := fmt.Sprintf("/tasks/%d", f.task.ID)
		today := huoshui.DateOf(time.Now().In(huoshui.Shanghai)).String()

		sec := e.login("secretary")
		if !strings.Contains(sec.get("/tasks").wantStatus(http.StatusOK).Body, "全会文件起草进度督办") {
			t.Error("the secretary's list lacks the branch's task")
		}
		sec.get("/tasks/new").wantStatus(http.StatusOK)
		sec.get(path + "/edit").wantStatus(http.StatusOK)

		member := e.login("member")
		member.get("/tasks/new").wantStatus(http.StatusForbidden)
		member.postForm("/tasks", url.Values{"org_id": {fmt.Sprint(f.branch.ID)}, "source": {"document"},
			"content": {"擅自登记"}, "lead_id": {fmt.Sprint(f.lead.ID)}, "assigned_on": {today}, "deadline": {today}}).
			wantStatus(http.StatusForbidden)
		member.get(path + "/edit").wantStatus(http.StatusForbidden)
		member.get(path + "/done").wantStatus(http.StatusForbidden)
		member.postForm(path+"/done", nil).wantStatus(http.StatusForbidden)
		page := member.get(path).wantStatus(http.StatusOK).doc()
		if page.Find(`form[action$="/progress#progress"]`).Length() != 1 || page.Find(`a[href$="/edit"]`).Length() != 0 {
			t.Error("the lead's page: want the progress form and no edit link")
		}
		member.postFiles(path+"/progress", url.Values{"reported_on": {today}, "text": {"工作报告第三稿已完成。"}}).
			wantStatus(http.StatusSeeOther)
		if !strings.Contains(sec.get(path).Body, "工作报告第三稿已完成。") {
			t.Error("the lead's progress report is not on the task's page")
		}

		// A fellow member of the branch, not named, sees the task but
		// reports nothing.
		e.newAccount("fellow", huoshui.Role{OrgID: f.branch.ID, Kind: huoshui.RoleMember})
		fc := e.signedIn("fellow")
		if fc.get(path).wantStatus(http.StatusOK).doc().Find(`form[action$="/progress#progress"]`).Length() != 0 {
			t.Error("a fellow member not named on the task is offered the progress form")
		}
		fc.postForm(path+"/progress", url.Values{"reported_on": {today}, "text": {"代报"}}).wantStatus(http.StatusForbidden)

		// A member of the branch beside: nothing of the task.
		e.newAccount("beside", huoshui.Role{OrgID: f.second.ID, Kind: huoshui.RoleMember})
		bc := e.signedIn("beside")
		bc.get(path).wantStatus(http.StatusNotFound)
		bc.postForm(path+"/progress", url.Values{"reported_on": {today}, "text": {"越权"}}).wantStatus(http.StatusNotFound)
		bc.get(fmt.Sprintf("/api/v1/orgs/%d/tasks", f.branch.ID)).wantStatus(http.StatusNotFound)
		if strings.Contains(bc.get("/tasks").wantStatus(http.StatusOK).Body, "全会文件起草进度督办") {
			t.Error("the branch beside lists the secretariat's task")
		}
	})
}

// A co-member from the branch beside sees the task he is named on and
// reports its progress, though the rest of the secretariat stays hidden
// from him.
func TestTaskCoMemberElsewhere(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	ctx := context.Background()
	f := newTaskFixture(e)
	committee := e.demoOrg(demo.CommitteeName)
	// A committee's task may name people anywhere below it.
	task := &huoshui.Task{OrgID: committee.ID, Source: huoshui.TaskFromDocument, Content: "两个支部联合调研",
		LeadID: f.lead.ID, CoIDs: []int64{f.co.ID}, AssignedOn: f.task.AssignedOn, Deadline: f.task.Deadline}
	if err := e.store.CreateTask(ctx, huoshui.Actor{Username: "test"}, task, false); err != nil {
		t.Fatal(err)
	}
	u := e.newAccount("luo", huoshui.Role{OrgID: f.second.ID, Kind: huoshui.RoleMember})
	if err := e.store.LinkUserMember(ctx, huoshui.Actor{Username: "test"}, huoshui.Everything(), u.ID, f.co.ID); err != nil {
		t.Fatal(err)
	}
	c := e.signedIn("luo")
	path := fmt.Sprintf("/tasks/%d", task.ID)
	c.get(path).wantStatus(http.StatusOK)
	c.get(fmt.Sprintf("/tasks/%d", f.task.ID)).wantStatus(http.StatusNotFound)
	c.postForm(path+"/progress", url.Values{"reported_on": {huoshui.DateOf(time.Now().In(huoshui.Shanghai)).String()},
		"text": {"综合处部分已完成。"}}).wantStatus(http.StatusSeeOther)
	if body := c.get("/").wantStatus(http.StatusOK).Body; !strings.Contains(body, "两个支部联合调研") {
		t.Error("the co-member's home does not list the task")
	}
}

// Bad input is refused with a clear message and nothing written: people
// outside the org, a deadline already past without 补录, a meeting the
// officer may not see, a done date before the task was given, an upload
// that is not a document.
func TestTaskBadInput(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		f := newTaskFixture(e)
		sec := e.login("secretary")
		today := huoshui.DateOf(time.Now().In(huoshui.Shanghai))
		form := func(edit func(url.Values)) url.Values {
			v := url.Values{"org_id": {fmt.Sprint(f.branch.ID)}, "source": {"document"}, "source_ref": {"鲁政协办字〔2026〕9号"},
				"content": {"提案督办回访"}, "lead_id": {fmt.Sprint(f.lead.ID)}, "assigned_on": {today.String()},
				"deadline": {today.AddDate(0, 0, 20).String()}}
			edit(v)
			return v
		}
		count := func() int {
			ts, _, err := e.store.FindTasks(ctx, huoshui.TaskFilter{Scope: huoshui.Everything()})
			if err != nil {
				t.Fatal(err)
			}
			return len(ts)
		}
		before := count()
		r := sec.postForm("/tasks", form(func(v url.Values) { v.Set("lead_id", fmt.Sprint(f.co.ID)) })).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "牵头人和协办人须是本组织（含下级组织）在册党员") || !strings.Contains(r.Body, "提案督办回访") {
			t.Errorf("a lead of another branch: the form lacks the message or what was typed")
		}
		r = sec.postForm("/tasks", form(func(v url.Values) {
			v.Set("assigned_on", today.AddDate(0, -2, 0).String())
			v.Set("deadline", today.AddDate(0, 0, -1).String())
		})).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "如果是补录以前交办的事项，请勾选") {
			t.Error("a past deadline without 补录: no message")
		}
		r = sec.postForm("/tasks", form(func(v url.Values) { v.Set("deadline", today.AddDate(0, 0, -1).String()) })).
			wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "截止日期不能早于交办日期") {
			t.Error("a deadline before the day it was given: no message")
		}
		other := &huoshui.Meeting{OrgID: f.second.ID, Type: huoshui.MeetingCommittee, Title: "综合处支委会",
			StartsAt: time.Now().Add(-48 * time.Hour), EndsAt: time.Now().Add(-47 * time.Hour)}
		if err := e.store.CreateMeeting(ctx, huoshui.Actor{Username: "test"}, other, nil); err != nil {
			t.Fatal(err)
		}
		sec.postForm("/tasks", form(func(v url.Values) {
			v.Set("source", "resolution")
			v.Set("meeting_id", fmt.Sprint(other.ID))
		})).wantStatus(http.StatusNotFound)
		// The organiser sees that meeting, but it is not the
		// secretariat's nor its committee's.
		e.login("organiser").postForm("/tasks", form(func(v url.Values) {
			v.Set("source", "resolution")
			v.Set("meeting_id", fmt.Sprint(other.ID))
		})).wantStatus(http.StatusUnprocessableEntity)
		if count() != before {
			t.Fatalf("refused input wrote %d tasks", count()-before)
		}
		// As 补录 the past deadline is taken, and marked.
		loc := sec.postForm("/tasks", form(func(v url.Values) {
			v.Set("assigned_on", today.AddDate(0, -2, 0).String())
			v.Set("deadline", today.AddDate(0, 0, -1).String())
			v.Set("late_entry", "1")
		})).wantStatus(http.StatusSeeOther).Header.Get("Location")
		if !strings.Contains(sec.get(loc).Body, "补录") {
			t.Error("the late entry is not marked 补录")
		}

		path := fmt.Sprintf("/tasks/%d", f.task.ID)
		r = sec.postForm(path+"/done", url.Values{"done_on": {f.task.AssignedOn.AddDate(0, 0, -1).String()}}).
			wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "办结日期不能早于交办日期") {
			t.Error("a done date before the day given: no message")
		}
		r = sec.postFiles(path+"/progress", url.Values{"reported_on": {today.String()}, "text": {"附上脚本"}},
			"run.bat", []byte("@echo off\r\ndel *.*\r\n")).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "run.bat") || !strings.Contains(r.Body, "附上脚本") {
			t.Error("a refused upload: the page lacks the file's name or what was typed")
		}
		r = sec.postFiles(path+"/progress", url.Values{"reported_on": {today.AddDate(0, 0, 1).String()}, "text": {"明天的进展"}}).
			wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "进展日期不能晚于今天") {
			t.Error("a progress report dated tomorrow: no message")
		}
		if ps, _ := e.store.FindTaskProgress(ctx, f.task.ID); len(ps) != 0 {
			t.Errorf("refused reports wrote %d", len(ps))
		}
		// A document goes in with its report.
		sec.postFiles(path+"/progress", url.Values{"reported_on": {today.String()}, "text": {"方案已印发"}},
			"方案.pdf", []byte("%PDF-1.4\n%%EOF\n"), "现场.jpg", phonePhoto(t, 400, 300)).wantStatus(http.StatusSeeOther)
		ps, _ := e.store.FindTaskProgress(ctx, f.task.ID)
		if len(ps) != 1 || len(ps[0].Attachments) != 2 {
			t.Fatalf("a report with two files: %+v", ps)
		}
		doc := sec.get(path).doc()
		if doc.Find(fmt.Sprintf(`a[href="%s/attachments/%d"]`, path, ps[0].Attachments[0].ID)).Length() == 0 {
			t.Error("the report's file is not linked from the page")
		}
		sec.get(fmt.Sprintf("%s/attachments/%d", path, ps[0].Attachments[0].ID)).wantStatus(http.StatusOK)
	})
}

// Marking done offers the undo; reopening and archiving ask first and
// archiving can be undone.
func TestTaskDoneUndoArchive(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	f := newTaskFixture(e)
	sec := e.login("secretary")
	path := fmt.Sprintf("/tasks/%d", f.task.ID)
	confirm := sec.get(path + "/done").wantStatus(http.StatusOK).doc()
	if confirm.Find(`input[name="done_on"]`).AttrOr("value", "") != huoshui.DateOf(time.Now().In(huoshui.Shanghai)).String() {
		t.Error("the done form does not default to today")
	}
	loc := sec.postForm(path+"/done", url.Values{"done_on": {""}}).wantStatus(http.StatusSeeOther).Header.Get("Location")
	page := sec.get(loc).doc()
	if page.Find(`form[action="`+path+`/reopen"]`).Length() != 1 {
		t.Fatalf("after marking done: no undo at %s", loc)
	}
	got, _ := e.store.FindTaskByID(context.Background(), huoshui.Everything(), f.task.ID)
	if !got.Done() || got.DoneLateEntry || !got.DoneOnTime() {
		t.Errorf("marked done today: %+v", got)
	}
	sec.get(path + "/reopen").wantStatus(http.StatusOK)
	sec.postForm(path+"/reopen", nil).wantStatus(http.StatusSeeOther)
	if got, _ := e.store.FindTaskByID(context.Background(), huoshui.Everything(), f.task.ID); got.Done() {
		t.Error("undone: still done")
	}
	sec.get(path + "/archive").wantStatus(http.StatusOK)
	sec.postForm(path+"/archive", nil).wantStatus(http.StatusSeeOther)
	page = sec.get(path).doc()
	if page.Find(`form[action="`+path+`/restore"]`).Length() != 1 {
		t.Error("an archived task's page offers no restore")
	}
	if strings.Contains(sec.get("/tasks").Body, "全会文件起草进度督办") {
		t.Error("an archived task is still listed")
	}
	if !strings.Contains(sec.get("/tasks?archived=1").Body, "全会文件起草进度督办") {
		t.Error("the archived list lacks it")
	}
	sec.postForm(path+"/restore", nil).wantStatus(http.StatusSeeOther)
	if !strings.Contains(sec.get("/tasks").Body, "全会文件起草进度督办") {
		t.Error("a restored task is not listed")
	}
	// Done on an earlier day: kept, marked 补录 with who entered it.
	yesterday := huoshui.DateOf(time.Now().In(huoshui.Shanghai)).AddDate(0, 0, -1)
	sec.postForm(path+"/done", url.Values{"done_on": {yesterday.String()}}).wantStatus(http.StatusSeeOther)
	body := sec.get(path).wantStatus(http.StatusOK).Body
	if !strings.Contains(body, "办结日期系补录") || !strings.Contains(body, "李明远 于") || !strings.Contains(body, yesterday.String()) {
		t.Error("a done date entered later is not shown as 补录 with who entered it")
	}
}

// The list filters by status, source, person and words; the overdue
// list is the officers'; the export is an .xlsx workbook with a title
// row of what the list shows; the API answers the same tasks.
func TestTaskListFiltersAndExport(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		f := newTaskFixture(e)
		today := huoshui.DateOf(time.Now().In(huoshui.Shanghai))
		sec := huoshui.Actor{Username: "test"}
		overdue := &huoshui.Task{OrgID: f.branch.ID, Source: huoshui.TaskFromDocument, SourceRef: "鲁政协办字〔2026〕33号",
			Content: "提案督办回访第二批", LeadID: e.demoMember("陈思远").ID, AssignedOn: today.AddDate(0, -2, 0),
			Deadline: today.AddDate(0, 0, -4)}
		done := &huoshui.Task{OrgID: f.branch.ID, Source: huoshui.TaskFromResolution, Content: "建立文稿质量台账",
			LeadID: f.lead.ID, AssignedOn: today.AddDate(0, -1, 0), Deadline: today.AddDate(0, 0, 3)}
		for _, x := range []*huoshui.Task{overdue, done} {
			if err := e.store.CreateTask(ctx, sec, x, true); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.store.MarkTaskDone(ctx, sec, done.ID, today.AddDate(0, 0, -2)); err != nil {
			t.Fatal(err)
		}
		c := e.login("secretary")
		rows := func(c *client, q string) []string {
			t.Helper()
			var out []string
			c.get("/tasks" + q).wantStatus(http.StatusOK).doc().Find("table.tasks tbody tr td:nth-child(2) a").Each(func(_ int, s *goquery.Selection) {
				out = append(out, s.Text())
			})
			return out
		}
		for q, want := range map[string]string{
			"":                                   "提案督办回访第二批|建立文稿质量台账|全会文件起草进度督办",
			"?status=overdue":                    "提案督办回访第二批",
			"?status=open":                       "全会文件起草进度督办",
			"?status=done":                       "建立文稿质量台账",
			"?source=document":                   "提案督办回访第二批",
			fmt.Sprintf("?member=%d", f.lead.ID): "建立文稿质量台账|全会文件起草进度督办",
			fmt.Sprintf("?member=%d&as=co", f.lead.ID): "",
			"?q=33号":                             "提案督办回访第二批",
			"?sort=-deadline":                    "全会文件起草进度督办|建立文稿质量台账|提案督办回访第二批",
			"?to=" + today.String():              "提案督办回访第二批",
			"?from=" + today.String():            "建立文稿质量台账|全会文件起草进度督办",
			"?status=overdue&source=instruction": "",
		} {
			if got := strings.Join(rows(c, q), "|"); got != want {
				t.Errorf("/tasks%s: %q, want %q", q, got, want)
			}
		}
		// The overdue list is the officers': a plain member is refused it,
		// and the filter is not offered to him.
		m := e.login("member")
		m.get("/tasks?status=overdue").wantStatus(http.StatusForbidden)
		if m.get("/tasks").doc().Find(`select#status option[value="overdue"]`).Length() != 0 {
			t.Error("a plain member is offered the overdue filter")
		}
		m.get("/tasks/export.xlsx?status=overdue").wantStatus(http.StatusForbidden)
		// The secretary's home links to it.
		home := c.get("/").doc()
		if home.Find(fmt.Sprintf(`a[href="/tasks?org=%d&status=overdue"]`, f.branch.ID)).Length() != 1 {
			t.Error("the secretary's home does not link to the overdue list")
		}

		// The export: a workbook, a title row naming the branch and what
		// was asked, the headings, one row a task.
		r := c.get("/tasks/export.xlsx?status=overdue").wantStatus(http.StatusOK)
		if !strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("content type %q", r.Header.Get("Content-Type"))
		}
		book, err := excelize.OpenReader(strings.NewReader(r.Body))
		if err != nil {
			t.Fatalf("the export does not open as .xlsx: %v", err)
		}
		sheet := book.GetSheetName(0)
		xs, err := book.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(xs) != 3 || !strings.Contains(xs[0][0], demo.BranchName) || !strings.Contains(xs[0][0], "已逾期") ||
			xs[1][3] != "事项内容" || xs[2][3] != "提案督办回访第二批" || !strings.Contains(xs[2][10], "已逾期 4 天") {
			t.Errorf("the export reads %q", xs)
		}

		// The API: the same tasks, the same checks.
		var got struct {
			Tasks []struct {
				ID      int64  `json:"id"`
				Content string `json:"content"`
				Lead    struct {
					ID   int64  `json:"id"`
					Name string `json:"name"`
				} `json:"lead"`
				Deadline string  `json:"deadline"`
				Status   string  `json:"status"`
				DoneOn   *string `json:"done_on"`
			} `json:"tasks"`
		}
		api := fmt.Sprintf("/api/v1/orgs/%d/tasks", f.branch.ID)
		if err := json.Unmarshal([]byte(c.get(api).wantStatus(http.StatusOK).Body), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Tasks) != 3 || got.Tasks[0].Status != "overdue" || got.Tasks[0].Lead.Name != "陈思远" || got.Tasks[0].DoneOn != nil ||
			got.Tasks[1].Status != "done" || got.Tasks[1].DoneOn == nil || *got.Tasks[1].DoneOn != today.AddDate(0, 0, -2).String() {
			t.Errorf("the API answers %+v", got)
		}
		if err := json.Unmarshal([]byte(c.get(api+"?status=overdue").wantStatus(http.StatusOK).Body), &got); err != nil || len(got.Tasks) != 1 {
			t.Errorf("?status=overdue: %+v, %v", got, err)
		}
		c.get(api + "?status=late").wantStatus(http.StatusUnprocessableEntity)
		m.get(api + "?status=overdue").wantStatus(http.StatusForbidden)
		m.get(api + "?status=open").wantStatus(http.StatusOK)
	})
}
