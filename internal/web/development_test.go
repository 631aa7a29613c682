package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/web"
)

// devPerson adds an applicant to a demo branch.
func devPerson(e *env, branch, name string, birth, applied huoshui.Date) *huoshui.Member {
	e.T().Helper()
	m := &huoshui.Member{OrgID: e.demoOrg(branch).ID, Name: name, Gender: huoshui.Female, BirthDate: birth,
		Status: huoshui.StatusApplicant, AppliedOn: applied}
	if err := e.store.CreateMember(context.Background(), huoshui.Actor{Username: "test"}, m); err != nil {
		e.T().Fatal(err)
	}
	return m
}

// devAccount makes an account holding role kind at the named demo node.
func devAccount(e *env, username, orgName string, kind huoshui.RoleKind) *client {
	e.T().Helper()
	hash, err := auth.HashPassword(demo.Password)
	if err != nil {
		e.T().Fatal(err)
	}
	u := &huoshui.User{Username: username, DisplayName: username, PasswordHash: hash,
		Roles: []huoshui.Role{{OrgID: e.demoOrg(orgName).ID, Kind: kind}}}
	if err := e.store.CreateUser(context.Background(), huoshui.Actor{Username: "test"}, u); err != nil {
		e.T().Fatal(err)
	}
	return e.signedIn(username)
}

func devSteps(e *env, id int64) int {
	e.T().Helper()
	f, err := e.store.FindDevFile(context.Background(), huoshui.Everything(), id)
	if err != nil {
		e.T().Fatal(err)
	}
	return len(f.Steps)
}

// The secretary records the branch's steps; a step out of order, dated
// before the one before it, or before the applicant's 18th birthday comes
// back with the rule in Chinese and nothing written; a late step is kept
// and marked; the higher committee's step is the organiser's, who
// approves it from the pipeline, within their subtree only; the branch
// beside sees nothing of the file.
func TestDevelopmentPagesAndPermissions(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		p := devPerson(e, demo.BranchName, "钱晓雯", huoshui.NewDate(2000, 5, 1), huoshui.NewDate(2025, 10, 1))
		file := fmt.Sprintf("/development/%d", p.ID)
		sec := e.login("secretary")
		list := sec.get("/development").wantStatus(http.StatusOK)
		if !strings.Contains(list.Body, "钱晓雯") || !strings.Contains(list.Body, "递交入党申请书") {
			t.Fatalf("the branch's list lacks the applicant and her next step:\n%s", list.Body)
		}
		step := func(c *client, n int, date string, extra url.Values) *response {
			v := url.Values{"step": {fmt.Sprint(n)}, "date": {date}}
			for k, x := range extra {
				v[k] = x
			}
			return c.postForm(file+"/steps", v)
		}
		// Under 18 on the day: the rule with the day she turns 18.
		young := devPerson(e, demo.BranchName, "孙小雨", huoshui.NewDate(2007, 6, 1), huoshui.NewDate(2025, 7, 1))
		r := sec.postForm(fmt.Sprintf("/development/%d/steps", young.ID), url.Values{"step": {"1"}, "date": {"2025-05-01"}}).
			wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "递交入党申请须年满十八岁。此人到 2025-06-01 才满十八岁。") || devSteps(e, young.ID) != 0 {
			t.Errorf("under 18: %d steps written, page lacks the rule", devSteps(e, young.ID))
		}
		step(sec, 1, "2025-10-01", nil).wantStatus(http.StatusSeeOther)
		r = step(sec, 3, "2025-10-20", nil).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "请先完成第 2 步") || devSteps(e, p.ID) != 1 {
			t.Errorf("a step out of order: page lacks the rule or %d steps written", devSteps(e, p.ID))
		}
		r = step(sec, 2, "2025-09-01", nil).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "日期早于上一步") || devSteps(e, p.ID) != 1 {
			t.Errorf("a step before its predecessor was not refused with the rule")
		}
		step(sec, 2, "2025-11-20", nil).wantStatus(http.StatusSeeOther)
		page := sec.get(file).wantStatus(http.StatusOK)
		if !strings.Contains(page.Body, "逾期完成") || !strings.Contains(page.Body, "补录") {
			t.Errorf("the late talk is not marked late and entered late")
		}
		if got := page.doc().Find(`[aria-current="step"]`).AttrOr("id", ""); got != "step-3" {
			t.Errorf("the current step is %q, want step-3", got)
		}
		step(sec, 3, "2025-12-01", nil).wantStatus(http.StatusSeeOther)
		m, _ := e.store.FindMemberByID(context.Background(), huoshui.Everything(), p.ID)
		if m.Status != huoshui.StatusActivist {
			t.Errorf("after step 3 the person is %s", m.Status)
		}
		// Step 4 is the higher committee's: not the branch's to record.
		step(sec, 4, "2025-12-05", nil).wantStatus(http.StatusForbidden)

		// The branch beside sees nothing of the file.
		general := devAccount(e, "dev-general-sec", demo.SecondBranch, huoshui.RoleSecretary)
		general.get(file).wantStatus(http.StatusNotFound)
		general.get(file + "/print").wantStatus(http.StatusNotFound)
		step(general, 4, "2025-12-05", nil).wantStatus(http.StatusNotFound)
		general.postJSON(fmt.Sprintf("/api/v1/development/%d/steps", p.ID), `{"step":4,"date":"2025-12-05"}`).wantStatus(http.StatusNotFound)
		general.get(fmt.Sprintf("/api/v1/development?org=%d", e.demoOrg(demo.BranchName).ID)).wantStatus(http.StatusNotFound)
		// An organiser of the branch beside approves nothing here.
		other := devAccount(e, "dev-general-org", demo.SecondBranch, huoshui.RoleOrganiser)
		step(other, 4, "2025-12-05", nil).wantStatus(http.StatusNotFound)
		if body := other.get("/development/pipeline").Body; strings.Contains(body, "钱晓雯") {
			t.Error("an organiser of another branch sees the person in their pipeline")
		}

		// The committee's organiser approves from the pipeline.
		org := e.login("organiser")
		pipe := org.get("/development/pipeline").wantStatus(http.StatusOK)
		button := pipe.doc().Find(fmt.Sprintf(`form[action^="/development/%d/steps"] button`, p.ID))
		if button.Length() != 1 || !strings.Contains(button.Text(), "报上级党委备案") {
			t.Fatalf("the pipeline has no approve button for step 4: %q", button.Text())
		}
		step(org, 4, "2025-12-05", nil).wantStatus(http.StatusSeeOther)
		if devSteps(e, p.ID) != 4 {
			t.Errorf("after the approval the file holds %d steps", devSteps(e, p.ID))
		}

		// The API: the list, and a step too early refused with its rule.
		var got struct {
			People []struct {
				Member struct {
					ID   int64  `json:"id"`
					Name string `json:"name"`
				} `json:"member"`
				Stage string `json:"stage"`
				Step  int    `json:"step"`
				Next  struct {
					Step int     `json:"step"`
					Due  *string `json:"due"`
				} `json:"next"`
			} `json:"people"`
		}
		body := sec.get(fmt.Sprintf("/api/v1/development?org=%d", e.demoOrg(demo.BranchName).ID)).wantStatus(http.StatusOK).Body
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, x := range got.People {
			if x.Member.ID == p.ID {
				found = x.Member.Name == "钱晓雯" && x.Stage == "activist" && x.Step == 4 && x.Next.Step == 5
			}
		}
		if !found {
			t.Errorf("the API list: %s", body)
		}
		sec.postJSON(fmt.Sprintf("/api/v1/development/%d/steps", p.ID),
			fmt.Sprintf(`{"step":5,"date":"2025-12-10","people":[%d]}`, e.demoMember("张慧敏").ID)).wantStatus(http.StatusCreated)
		sec.postJSON(fmt.Sprintf("/api/v1/development/%d/steps", p.ID), `{"step":6,"date":"2026-06-01"}`).wantStatus(http.StatusCreated)
		r = sec.postJSON(fmt.Sprintf("/api/v1/development/%d/steps", p.ID), `{"step":7,"date":"2026-06-02"}`).
			wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "一年以上的培养教育和考察") || !strings.Contains(r.Body, "2026-12-01") {
			t.Errorf("the API's refusal lacks the rule: %s", r.Body)
		}
		if devSteps(e, p.ID) != 6 {
			t.Errorf("the refused step was written")
		}
		// The print page: the particulars and the 25 steps.
		pr := sec.get(file + "/print").wantStatus(http.StatusOK).doc()
		if n := pr.Find("table.ledger-steps tbody tr:not(.ledger-stage)").Length(); n != 25 {
			t.Errorf("the 纪实 has %d step rows, want 25", n)
		}
		if !strings.Contains(pr.Find("h1").Text(), "发展党员纪实") {
			t.Error("the print page has no title")
		}
	})
}

// A deadline of a person's file is reminded of in the branch's group two
// weeks before and three days before, each once whatever the rounds, and
// not after it passes; the secretary's home lists it with the days left.
func TestDevelopmentRemindersGoOnce(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	ctx := context.Background()
	at := func(d huoshui.Date) {
		t := time.Date(d.Year(), d.Time().Month(), d.Time().Day(), 9, 0, 0, 0, huoshui.Shanghai)
		e.store.SetClock(func() time.Time { return t })
	}
	at(huoshui.NewDate(2026, 3, 1))
	p := devPerson(e, demo.BranchName, "钱晓雯", huoshui.NewDate(2000, 5, 1), huoshui.NewDate(2026, 2, 20))
	sec := e.login("secretary")
	sec.postForm(fmt.Sprintf("/development/%d/steps", p.ID), url.Values{"step": {"1"}, "date": {"2026-02-20"}}).
		wantStatus(http.StatusSeeOther)
	rb := newRobot(t)
	branch := e.demoOrg(demo.BranchName)
	if err := e.store.SetOrgWebhook(ctx, huoshui.Actor{Username: "test"}, branch.ID, rb.URL+"/send?key=k"); err != nil {
		t.Fatal(err)
	}
	srv, _, err := web.New(web.Deps{Store: e.store})
	if err != nil {
		t.Fatal(err)
	}
	devMessages := func() []string {
		var out []string
		for _, m := range rb.received() {
			if strings.Contains(m, "发展党员提醒") {
				out = append(out, m)
			}
		}
		return out
	}
	on := func(d huoshui.Date) {
		at(d)
		if _, err := srv.SendReminders(ctx); err != nil {
			t.Fatal(err)
		}
	}
	on(huoshui.NewDate(2026, 3, 1))
	if got := devMessages(); len(got) != 0 {
		t.Fatalf("19 days before: %q", got)
	}
	on(huoshui.NewDate(2026, 3, 6))
	on(huoshui.NewDate(2026, 3, 6))
	got := devMessages()
	if len(got) != 1 || !strings.Contains(got[0], "钱晓雯") || !strings.Contains(got[0], "党组织派人谈话") ||
		!strings.Contains(got[0], "2026-03-20") || !strings.Contains(got[0], "还有 14 天") {
		t.Fatalf("two weeks before: %q", got)
	}
	at(huoshui.NewDate(2026, 3, 10))
	home := e.signedIn("secretary").get("/").wantStatus(http.StatusOK)
	if !strings.Contains(home.Body, "钱晓雯：第 2 步 党组织派人谈话，应于 2026-03-20 前完成（还有 10 天）。") {
		t.Errorf("the secretary's home lacks the deadline:\n%s", home.Body)
	}
	on(huoshui.NewDate(2026, 3, 17))
	on(huoshui.NewDate(2026, 3, 21))
	on(huoshui.NewDate(2026, 4, 1))
	if got := devMessages(); len(got) != 2 || !strings.Contains(got[1], "还有 3 天") {
		t.Errorf("three days before, and nothing after: %q", got)
	}
	at(huoshui.NewDate(2026, 3, 25))
	if body := e.signedIn("secretary").get("/").Body; !strings.Contains(body, "已逾期") {
		t.Errorf("the secretary's home does not say the talk is overdue")
	}
}

// planToday is the rules' planner on the store's today.
func planToday(e *env) huoshui.DevPlanner {
	return rules.PlanStep(huoshui.DateOf(e.store.Now().In(huoshui.Shanghai)))
}
