package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// linkRecords makes a held theme day, a lecture and a discussion of the
// secretariat, a task and an innovation of it, and a task of 综合处.
type linkRecords struct {
	meeting, lecture, discussion, task, innovation, otherTask int64
}

func makeLinkRecords(t *testing.T, e *env) linkRecords {
	t.Helper()
	ctx := context.Background()
	a := e.secretaryStoreActor()
	branch, second := e.demoOrg(demo.BranchName), e.demoOrg(demo.SecondBranch)
	first := func(o *huoshui.Org) int64 {
		ms, _, err := e.store.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Everything(), OrgID: o.ID, Limit: 1})
		if err != nil || len(ms) == 0 {
			t.Fatalf("a member of %s: %v", o.Name, err)
		}
		return ms[0].ID
	}
	today := huoshui.DateOf(time.Now().In(huoshui.Shanghai))
	var r linkRecords
	r.meeting = e.heldMeeting(huoshui.Meeting{OrgID: branch.ID, Type: huoshui.MeetingThemeDay, Title: "主题党日：办文规范大家谈",
		StartsAt: time.Now().Add(-72 * time.Hour).Truncate(time.Hour), Place: "党员活动室"}, 1).ID
	lec := &huoshui.Lecture{OrgID: branch.ID, LecturerID: first(branch), Topic: "微党课：机要无小事", HeldOn: today.AddDate(0, 0, -2), Minutes: 30}
	if err := e.store.CreateLecture(ctx, a, lec); err != nil {
		t.Fatal(err)
	}
	r.lecture = lec.ID
	d := &huoshui.Discussion{OrgID: branch.ID, Topic: "研讨：督查督办提质增效", HeldOn: today.AddDate(0, 0, -1), Minutes: 60}
	if err := e.store.CreateDiscussion(ctx, a, d); err != nil {
		t.Fatal(err)
	}
	r.discussion = d.ID
	task := func(o *huoshui.Org, content string) int64 {
		x := &huoshui.Task{OrgID: o.ID, Source: huoshui.TaskFromDocument, Content: content, LeadID: first(o),
			AssignedOn: today.AddDate(0, 0, -5), Deadline: today.AddDate(0, 1, 0)}
		if err := e.store.CreateTask(ctx, a, x, false); err != nil {
			t.Fatal(err)
		}
		return x.ID
	}
	r.task = task(branch, "来文办理时限压缩到三个工作日")
	r.otherTask = task(second, "综合处的督办事项")
	x := &huoshui.Output{OrgID: branch.ID, Kind: huoshui.OutputInnovation, Title: "机要件二维码流转", Date: today.AddDate(0, 0, -3),
		Status: huoshui.InnovationPromoted, Problem: "交接靠签字本", Change: "扫码交接", Owners: []huoshui.OutputOwner{{MemberID: first(branch)}}}
	if err := e.store.CreateOutput(ctx, a, x, nil); err != nil {
		t.Fatal(err)
	}
	r.innovation = x.ID
	return r
}

// A secretary links a theme day to a task and a lecture to an
// innovation; each shows on both pages; a link is removed and put back;
// an empty note is refused with its message and nothing written.
func TestWorkLinksOnThePages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		r := makeLinkRecords(t, e)
		sec := e.login("secretary")
		meeting := fmt.Sprintf("/meetings/%d", r.meeting)
		page := sec.get(meeting).wantStatus(http.StatusOK).doc()
		if page.Find("#links").Length() != 1 || page.Find(`#links select[name=target] option[value="task:`+fmt.Sprint(r.task)+`"]`).Length() != 1 ||
			page.Find(`#links optgroup option[value="output:`+fmt.Sprint(r.innovation)+`"]`).Length() != 1 {
			t.Fatalf("the meeting page offers no link form with the task and the innovation:\n%s", page.Find("#links").Text())
		}
		if page.Find(`#links option[value="task:`+fmt.Sprint(r.otherTask)+`"]`).Length() != 0 {
			t.Error("the form offers 综合处's task")
		}

		// Empty note: 422, the message, the choice kept, nothing written.
		resp := sec.postForm(meeting+"/links", url.Values{"target": {fmt.Sprintf("task:%d", r.task)}, "note": {"  "}}).
			wantStatus(http.StatusUnprocessableEntity)
		doc := resp.doc()
		if msg := doc.Find("#links .field-error").Text(); !strings.Contains(msg, "带来了什么变化") {
			t.Errorf("empty note: message %q", msg)
		}
		if doc.Find(`#links option[selected]`).AttrOr("value", "") != fmt.Sprintf("task:%d", r.task) {
			t.Error("the refused form lost the chosen task")
		}
		if doc.Find("#links ul.work-links li").Length() != 0 {
			t.Error("a refused link was written")
		}

		note := "来文办理平均用时由五个工作日缩短到三个工作日。"
		sec.postForm(meeting+"/links", url.Values{"target": {fmt.Sprintf("task:%d", r.task)}, "note": {note}}).wantStatus(http.StatusSeeOther)
		sec.postForm(fmt.Sprintf("/lectures/%d/links", r.lecture), url.Values{"target": {fmt.Sprintf("output:%d", r.innovation)},
			"note": {"机要件交接改为扫码，全程可追溯。"}}).wantStatus(http.StatusSeeOther)
		sec.postForm(fmt.Sprintf("/discussions/%d/links", r.discussion), url.Values{"target": {fmt.Sprintf("task:%d", r.task)},
			"note": {"研讨形成的三条措施写进了督办方案。"}}).wantStatus(http.StatusSeeOther)
		// The same pair again: refused with a clear word.
		again := sec.postForm(meeting+"/links", url.Values{"target": {fmt.Sprintf("task:%d", r.task)}, "note": {"再来"}}).
			wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(again.doc().Find("#links .field-error").Text(), "已经关联") {
			t.Error("a second link of the same pair is not refused with a message")
		}

		li := sec.get(meeting).wantStatus(http.StatusOK).doc().Find("#links ul.work-links li")
		if li.Length() != 1 || !strings.Contains(li.Text(), "来文办理时限压缩到三个工作日") || !strings.Contains(li.Text(), note) {
			t.Fatalf("the meeting page lists %q", li.Text())
		}
		behind := sec.get(fmt.Sprintf("/tasks/%d", r.task)).wantStatus(http.StatusOK).doc().Find("#behind li")
		if behind.Length() != 2 || !strings.Contains(behind.Text(), "办文规范大家谈") || !strings.Contains(behind.Text(), note) ||
			!strings.Contains(behind.Text(), "集体研讨") {
			t.Fatalf("the task page lists %q", behind.Text())
		}
		out := sec.get(fmt.Sprintf("/outputs/%d", r.innovation)).wantStatus(http.StatusOK).doc().Find("#behind li")
		if out.Length() != 1 || !strings.Contains(out.Text(), "机要无小事") || !strings.Contains(out.Text(), "扫码") {
			t.Fatalf("the innovation's page lists %q", out.Text())
		}

		// Remove (behind a confirmation), then undo.
		form := sec.get(meeting).doc().Find("#links ul.work-links li form")
		if _, ok := form.Attr("data-confirm"); !ok {
			t.Error("removing a link asks no confirmation")
		}
		action, _ := form.Attr("action")
		done := sec.postForm(action, nil).wantStatus(http.StatusSeeOther)
		after := sec.get(done.Header.Get("Location")).wantStatus(http.StatusOK).doc()
		if after.Find("#links ul.work-links li").Length() != 0 {
			t.Error("the removed link is still listed")
		}
		undo, ok := after.Find("#links form.undo").Attr("action")
		if !ok {
			t.Fatal("no undo after removing a link")
		}
		sec.postForm(undo, nil).wantStatus(http.StatusSeeOther)
		if n := sec.get(meeting).doc().Find("#links ul.work-links li").Length(); n != 1 {
			t.Errorf("after the undo the meeting lists %d links, want 1", n)
		}
	})
}

// A link to a task the user may not see is not found; a member who may
// see the meeting but not keep its record may not add or remove links;
// someone of another branch finds neither.
func TestWorkLinksPermissions(t *testing.T) {
	e := sqliteEnv(t)
	r := makeLinkRecords(t, e)
	sec := e.login("secretary")
	meeting := fmt.Sprintf("/meetings/%d", r.meeting)
	sec.postForm(meeting+"/links", url.Values{"target": {fmt.Sprintf("task:%d", r.otherTask)}, "note": {"变化"}}).
		wantStatus(http.StatusNotFound)
	sec.postForm(meeting+"/links", url.Values{"target": {"task:999999"}, "note": {"变化"}}).wantStatus(http.StatusNotFound)
	links, err := e.store.FindActivityLinks(context.Background(), huoshui.Everything(), huoshui.ActivityMeeting, r.meeting)
	if err != nil || len(links) != 0 {
		t.Fatalf("links written: %+v %v", links, err)
	}
	l := &huoshui.WorkLink{ActivityKind: huoshui.ActivityMeeting, ActivityID: r.meeting, TargetKind: huoshui.TargetTask, TargetID: r.task, Note: "变化"}
	if err := e.store.AddWorkLink(context.Background(), e.secretaryStoreActor(), huoshui.Everything(), l); err != nil {
		t.Fatal(err)
	}
	member := e.login("member")
	for _, c := range []struct {
		path string
		v    url.Values
	}{
		{meeting + "/links", url.Values{"target": {fmt.Sprintf("task:%d", r.task)}, "note": {"变化"}}},
		{fmt.Sprintf("/lectures/%d/links", r.lecture), url.Values{"target": {fmt.Sprintf("task:%d", r.task)}, "note": {"变化"}}},
		{fmt.Sprintf("/work-links/%d/remove", l.ID), nil},
		{fmt.Sprintf("/work-links/%d/restore", l.ID), nil},
	} {
		if code := member.postForm(c.path, c.v).StatusCode; code != http.StatusForbidden && code != http.StatusNotFound {
			t.Errorf("a member: POST %s: %d, want 403 or 404", c.path, code)
		}
	}
	e.memberAccount("zonghe", "罗家明", huoshui.RoleSecretary, e.demoOrg(demo.SecondBranch))
	zonghe := e.signedIn("zonghe")
	if code := zonghe.postForm(fmt.Sprintf("/work-links/%d/remove", l.ID), nil).StatusCode; code != http.StatusNotFound {
		t.Errorf("综合处: remove: %d, want 404", code)
	}
	links, err = e.store.FindActivityLinks(context.Background(), huoshui.Everything(), huoshui.ActivityMeeting, r.meeting)
	if err != nil || len(links) != 1 {
		t.Fatalf("after the refusals: %+v %v", links, err)
	}
	// A member of the branch sees the link on the meeting page, without
	// the remove button.
	if doc := member.get(meeting).doc(); doc.Find("#links ul.work-links li").Length() != 1 || doc.Find("#links form").Length() != 0 {
		t.Errorf("a member's view of the links: %q", doc.Find("#links").Text())
	}
}
