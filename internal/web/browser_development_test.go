package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/demo"
)

// devWalk is one step as a person types it into the file's form: its
// date and what else the step asks (JavaScript run on the form).
type devWalk struct {
	step int
	date string
	fill string
}

// TestBrowserDevelopmentWalk walks one person from the application to full
// membership through the file's form at 1280 px, as the secretary of the
// branch who is also an organiser of the committee above (so that one
// person records the branch's steps and approves the committee's): each
// step is recorded from the form and said back, the current step moves
// down the timeline, and at the end the person is a full member and the
// file is closed. The file, the list and the print page fit a 375 px phone.
func TestBrowserDevelopmentWalk(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	c := context.Background()
	p := &huoshui.Member{OrgID: e.demoOrg(demo.BranchName).ID, Name: "钱晓雯", Gender: huoshui.Female,
		BirthDate: huoshui.NewDate(1998, 5, 1), Status: huoshui.StatusApplicant, AppliedOn: huoshui.NewDate(2022, 3, 1)}
	if err := e.store.CreateMember(c, huoshui.Actor{Username: "test"}, p); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	walker := &huoshui.User{Username: "dev-walker", DisplayName: "李明远", PasswordHash: hash, Roles: []huoshui.Role{
		{OrgID: e.demoOrg(demo.BranchName).ID, Kind: huoshui.RoleSecretary},
		{OrgID: e.demoOrg(demo.CommitteeName).ID, Kind: huoshui.RoleOrganiser}}}
	if err := e.store.CreateUser(c, huoshui.Actor{Username: "test"}, walker); err != nil {
		t.Fatal(err)
	}
	if err := desktopViewport(ctx); err != nil {
		t.Fatal(err)
	}
	if err := signIn(ctx, e.srv.URL, "dev-walker"); err != nil {
		t.Fatal(err)
	}
	file := fmt.Sprintf("/development/%d", p.ID)
	browse(t, ctx, e.srv.URL, "/development")
	browserShot(t, ctx, "development-list")
	if !strings.Contains(browserEval[string](t, ctx, `document.querySelector("table.dev-people").innerText`), "钱晓雯") {
		t.Fatal("the branch's list does not show the applicant")
	}
	check := func(n int) string {
		return fmt.Sprintf(`document.querySelectorAll('input[name=people]')[%d].checked = true;`, n)
	}
	set := func(name, v string) string {
		return fmt.Sprintf(`document.querySelector('[name=%s]').value = %q;`, name, v)
	}
	vote := set("vote_eligible", "14") + set("vote_present", "13") + set("vote_for", "13") + set("vote_against", "0") + set("vote_abstain", "0")
	walk := []devWalk{
		{1, "2022-03-01", ""}, {2, "2022-03-10", ""}, {3, "2022-06-01", ""}, {4, "2022-06-05", ""},
		{5, "2022-06-06", check(0)}, {6, "2022-12-01", set("training_days", "2")}, {7, "2023-06-02", ""}, {8, "2023-06-05", ""},
		{9, "2023-06-10", check(0) + check(1)}, {10, "2023-07-01", ""}, {11, "2023-07-10", set("training_days", "3")},
		{12, "2023-08-01", ""}, {13, "2023-08-10", ""}, {14, "2023-08-15", ""}, {15, "2023-09-01", vote},
		{16, "2023-09-10", ""}, {17, "2023-10-01", ""}, {18, "2023-10-08", ""}, {19, "2023-10-10", ""}, {20, "2023-10-15", ""},
		{21, "2024-03-01", ""}, {22, "2024-08-01", ""},
		{23, "2024-09-02", vote + `document.querySelector('input[name=outcome][value=full]').checked = true;`},
		{24, "2024-10-01", ""}, {25, "2024-10-15", ""},
	}
	for _, w := range walk {
		browse(t, ctx, e.srv.URL, file)
		if cur := browserEval[string](t, ctx, `document.querySelector('[aria-current="step"]').id`); cur != fmt.Sprintf("step-%d", w.step) {
			t.Fatalf("before step %d the current step is %q", w.step, cur)
		}
		if w.step == 4 || w.step == 17 {
			// The organiser's pipeline offers the committee's step.
			browse(t, ctx, e.srv.URL, "/development/pipeline")
			if n := browserEval[int](t, ctx, fmt.Sprintf(`document.querySelectorAll('form[action^="%s/steps"]').length`, file)); n != 1 {
				t.Errorf("before step %d the pipeline has %d approve buttons for the person, want 1", w.step, n)
			}
			browserShot(t, ctx, fmt.Sprintf("development-pipeline-%d", w.step))
			browse(t, ctx, e.srv.URL, file)
		}
		if w.step == 9 || w.step == 23 {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById('record').scrollIntoView(); true`)); err != nil {
				t.Fatal(err)
			}
			browserShot(t, ctx, fmt.Sprintf("development-form-%d", w.step))
		}
		js := set("step", fmt.Sprint(w.step)) + set("date", w.date) + w.fill
		browserEval[bool](t, ctx, js+"true")
		if err := chromedp.Do(ctx, chromedp.Click(`#record button[type=submit]`), chromedp.WaitVisible(`.flash`)); err != nil {
			browserShot(t, ctx, fmt.Sprintf("failed-dev-step-%d", w.step))
			t.Fatalf("step %d: %v", w.step, err)
		}
		flash := browserEval[string](t, ctx, `document.querySelector('.flash').innerText`)
		if !strings.Contains(flash, fmt.Sprintf("已记录第 %d 步", w.step)) {
			browserShot(t, ctx, fmt.Sprintf("failed-dev-step-%d", w.step))
			t.Fatalf("step %d: the page says %q", w.step, flash)
		}
		if w.step == 15 {
			browserShot(t, ctx, "development-walk-vote")
		}
	}
	m, err := e.store.FindMemberByID(c, huoshui.Everything(), p.ID)
	if err != nil || m.Status != huoshui.StatusFull || m.FullOn != huoshui.NewDate(2024, 9, 1) {
		t.Fatalf("after the walk the person is %s from %v (%v), want full from 2024-09-01", m.Status, m.FullOn, err)
	}
	browse(t, ctx, e.srv.URL, file)
	text := browserEval[string](t, ctx, `document.querySelector('main').innerText`)
	if !strings.Contains(text, "发展工作已经完成") || browserEval[int](t, ctx, `document.querySelectorAll('#record').length`) != 0 {
		t.Error("the closed file still offers a step to record")
	}
	browserShot(t, ctx, "development-walk-done")

	if err := phoneViewport(ctx); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{file, file + "/print", "/development", "/development/pipeline"} {
		browse(t, ctx, e.srv.URL, path)
		noSideways(t, ctx, path)
		browserShot(t, ctx, "development-phone"+strings.ReplaceAll(path, "/", "-"))
	}
}

// devTour lays out a person in the middle of their development for the
// screen tour, and returns the secretary's development screens.
func devTour(t *testing.T, e *env) []string {
	t.Helper()
	p := devPerson(e, demo.BranchName, "钱晓雯", huoshui.NewDate(2000, 5, 1), huoshui.NewDate(2025, 10, 1))
	for _, s := range []huoshui.DevStep{{Step: 1, Date: huoshui.NewDate(2025, 10, 1), ActedBy: "钱晓雯"},
		{Step: 2, Date: huoshui.NewDate(2025, 11, 20), ActedBy: demo.BranchName, Note: "支部书记谈话。"},
		{Step: 3, Date: huoshui.NewDate(2025, 12, 1), ActedBy: demo.BranchName}} {
		s.MemberID = p.ID
		if err := e.store.RecordDevStep(context.Background(), huoshui.Actor{Username: "test"}, &s, nil, planToday(e)); err != nil {
			t.Fatal(err)
		}
	}
	file := fmt.Sprintf("/development/%d", p.ID)
	return []string{"/development", file, file + "/print"}
}
