package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/web"
)

// robot is a group robot as WeCom and DingTalk run it: it takes a JSON
// text message and answers errcode 0, or fails while failing is set.
type robot struct {
	*httptest.Server
	mu       sync.Mutex
	messages []string
	failing  bool
}

func newRobot(t *testing.T) *robot {
	rb := &robot{}
	rb.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var msg struct {
			MsgType string `json:"msgtype"`
			Text    struct {
				Content string `json:"content"`
			} `json:"text"`
		}
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &msg); err != nil || msg.MsgType != "text" {
			http.Error(w, "bad message", http.StatusBadRequest)
			return
		}
		rb.mu.Lock()
		defer rb.mu.Unlock()
		if rb.failing {
			w.Write([]byte(`{"errcode":93000,"errmsg":"invalid webhook url"}`))
			return
		}
		rb.messages = append(rb.messages, msg.Text.Content)
		w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
	}))
	t.Cleanup(rb.Close)
	return rb
}

func (rb *robot) received() []string {
	rb.mu.Lock()
	defer rb.mu.Unlock()
	return append([]string(nil), rb.messages...)
}

func (rb *robot) fail(on bool) {
	rb.mu.Lock()
	rb.failing = on
	rb.mu.Unlock()
}

// A branch set up today with a group robot hears in the last week of next
// month that the month's theme day is still to be held: once, however
// many rounds run; a robot that fails gets the reminder on a later round.
func TestRemindersGoToTheGroupRobotOnce(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		committee := e.demoOrg(demo.CommitteeName)
		branch := &huoshui.Org{ParentID: committee.ID, Kind: huoshui.OrgBranch, Name: "提醒测试党支部"}
		if err := e.store.CreateOrg(ctx, huoshui.Actor{Username: "test"}, branch); err != nil {
			t.Fatal(err)
		}
		rb := newRobot(t)
		if err := e.store.SetOrgWebhook(ctx, huoshui.Actor{Username: "test"}, branch.ID, rb.URL+"/send?key=k"); err != nil {
			t.Fatal(err)
		}
		// Four days before the end of next month, in Shanghai.
		now := time.Now().In(huoshui.Shanghai)
		end := time.Date(now.Year(), now.Month()+2, 1, 10, 0, 0, 0, huoshui.Shanghai).AddDate(0, 0, -4)
		e.store.SetClock(func() time.Time { return end })
		srv, _, err := web.New(web.Deps{Store: e.store})
		if err != nil {
			t.Fatal(err)
		}

		rb.fail(true)
		if n, err := srv.SendReminders(ctx); err != nil || n != 0 {
			t.Fatalf("with the robot failing: sent %d, %v; want 0 and no error", n, err)
		}
		rb.fail(false)
		n, err := srv.SendReminders(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := rb.received()
		if n == 0 || len(got) != n {
			t.Fatalf("sent %d, robot has %d messages; want the reminders the failing round missed", n, len(got))
		}
		var themeDay string
		for _, m := range got {
			if strings.Contains(m, "主题党日") {
				themeDay = m
			}
		}
		if themeDay == "" || !strings.Contains(themeDay, "提醒测试党支部") || !strings.Contains(themeDay, "还有 3 天") {
			t.Errorf("messages %q: want the theme day's reminder naming the branch, 3 days left", got)
		}
		if n, err := srv.SendReminders(ctx); err != nil || n != 0 {
			t.Errorf("second round: sent %d, %v; a reminder goes out once", n, err)
		}
		if len(rb.received()) != len(got) {
			t.Errorf("the robot got %d messages after a second round, want %d", len(rb.received()), len(got))
		}
	})
}

// The secretary sets the branch's robot on the branch's reminder page: a
// wrong address is refused in Chinese and nothing is saved; a good one is
// saved, shown by host only, kept out of the audit trail, and a test
// message reaches it. Someone of the branch beside gets 404.
func TestReminderSettingsPage(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	ctx := context.Background()
	branch := e.demoOrg(demo.BranchName)
	path := "/orgs/" + itoa(branch.ID) + "/reminders"
	sec := e.login("secretary")

	page := sec.get(path).wantStatus(http.StatusOK)
	if !strings.Contains(page.Body, "还没有设置群机器人") {
		t.Errorf("the page does not say that no robot is set")
	}
	r := sec.postForm(path, url.Values{"webhook_url": {"qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"}})
	r.wantStatus(http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "https://") {
		t.Errorf("a refused address does not say what to type: %s", r.Body)
	}
	if addr, _ := e.store.OrgWebhook(ctx, branch.ID); addr != "" {
		t.Fatalf("a refused address was saved: %q", addr)
	}

	rb := newRobot(t)
	addr := rb.URL + "/cgi-bin/webhook/send?key=secret-key-123"
	sec.postForm(path, url.Values{"webhook_url": {addr}}).wantStatus(http.StatusSeeOther)
	if got, _ := e.store.OrgWebhook(ctx, branch.ID); got != addr {
		t.Fatalf("saved %q, want %q", got, addr)
	}
	page = sec.get(path).wantStatus(http.StatusOK)
	if strings.Contains(page.Body, "secret-key-123") {
		t.Errorf("the page shows the robot's key")
	}
	audit := sec.get("/audit").Body + e.login("auditor").get("/audit").Body
	if strings.Contains(audit, "secret-key-123") {
		t.Errorf("the audit trail shows the robot's key")
	}

	sec.postForm(path+"/test", nil).wantStatus(http.StatusSeeOther)
	if got := rb.received(); len(got) != 1 || !strings.Contains(got[0], demo.BranchName) {
		t.Errorf("the robot got %q, want one test message naming the branch", got)
	}
	rb.fail(true)
	r = sec.postForm(path+"/test", nil).wantStatus(http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "93000") {
		t.Errorf("a failed test message does not say what the robot answered")
	}

	// The branch beside: its secretary-level users see nothing here.
	e.newAccount("sec-general", huoshui.Role{OrgID: e.demoOrg(demo.SecondBranch).ID, Kind: huoshui.RoleSecretary})
	nb := e.login("sec-general")
	nb.get(path).wantStatus(http.StatusNotFound)
	nb.postForm(path, url.Values{"clear": {"1"}}).wantStatus(http.StatusNotFound)
	if got, _ := e.store.OrgWebhook(ctx, branch.ID); got != addr {
		t.Errorf("the branch beside changed the robot: %q", got)
	}

	sec.postForm(path, url.Values{"clear": {"1"}}).wantStatus(http.StatusSeeOther)
	if got, _ := e.store.OrgWebhook(ctx, branch.ID); got != "" {
		t.Errorf("after clearing: %q", got)
	}
}
