package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/web"
)

// A task is warned of in the branch's group a week before its deadline
// and the day before, each once whatever the rounds; a robot that fails
// gets the warning on a later round; after the deadline nothing is sent.
func TestTaskRemindersGoToTheRobotOnce(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	ctx := context.Background()
	f := newTaskFixture(e)
	rb := newRobot(t)
	if err := e.store.SetOrgWebhook(ctx, huoshui.Actor{Username: "test"}, f.branch.ID, rb.URL+"/send?key=k"); err != nil {
		t.Fatal(err)
	}
	srv, _, err := web.New(web.Deps{Store: e.store})
	if err != nil {
		t.Fatal(err)
	}
	taskMessages := func() []string {
		var out []string
		for _, m := range rb.received() {
			if strings.Contains(m, "督办提醒") {
				out = append(out, m)
			}
		}
		return out
	}
	on := func(daysBefore int) {
		d := f.task.Deadline.AddDate(0, 0, -daysBefore)
		at := time.Date(d.Year(), d.Time().Month(), d.Time().Day(), 9, 0, 0, 0, huoshui.Shanghai)
		e.store.SetClock(func() time.Time { return at })
		if _, err := srv.SendReminders(ctx); err != nil {
			t.Fatal(err)
		}
	}
	on(9)
	if got := taskMessages(); len(got) != 0 {
		t.Fatalf("nine days before: %q, want no warning yet", got)
	}
	rb.fail(true)
	on(5)
	rb.fail(false)
	if got := taskMessages(); len(got) != 0 {
		t.Fatalf("with the robot failing: %q", got)
	}
	on(5)
	on(4)
	got := taskMessages()
	if len(got) != 1 || !strings.Contains(got[0], "全会文件起草进度督办") || !strings.Contains(got[0], "杨雪梅") ||
		!strings.Contains(got[0], "还有 5 天") || !strings.Contains(got[0], f.task.Deadline.String()) {
		t.Fatalf("the week's warning: %q", got)
	}
	on(1)
	on(0)
	got = taskMessages()
	if len(got) != 2 || !strings.Contains(got[1], "还有 1 天") {
		t.Fatalf("the last day's warning: %q", got)
	}
	on(-1)
	on(-10)
	if got := taskMessages(); len(got) != 2 {
		t.Errorf("after the deadline: %q; an overdue task is not nagged", got)
	}
}

// The member's home lists the tasks she leads or helps with, soonest
// first, with the days left and the week's warning marked.
func TestHomeListsMyTasks(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	f := newTaskFixture(e)
	ctx := context.Background()
	today := huoshui.DateOf(time.Now().In(huoshui.Shanghai))
	soon := &huoshui.Task{OrgID: f.branch.ID, Source: huoshui.TaskFromDocument, Content: "保密自查自评", LeadID: e.demoMember("周海涛").ID,
		CoIDs: []int64{f.lead.ID}, AssignedOn: today, Deadline: today.AddDate(0, 0, 3)}
	if err := e.store.CreateTask(ctx, huoshui.Actor{Username: "test"}, soon, false); err != nil {
		t.Fatal(err)
	}
	doc := e.login("member").get("/").doc()
	items := doc.Find("#my-tasks-h").Parent().Find("li")
	if items.Length() != 2 {
		t.Fatalf("%d tasks on the member's home, want 2", items.Length())
	}
	first, second := items.Eq(0).Text(), items.Eq(1).Text()
	if !strings.Contains(first, "保密自查自评") || !strings.Contains(first, "协办") || !strings.Contains(first, "还有 3 天") ||
		items.Eq(0).Find(".tag.warn").Length() != 1 {
		t.Errorf("first: %q", first)
	}
	if !strings.Contains(second, "全会文件起草进度督办") || !strings.Contains(second, "牵头") || !strings.Contains(second, "还有 10 天") ||
		items.Eq(1).Find(".tag.warn").Length() != 0 {
		t.Errorf("second: %q", second)
	}
}
