package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
)

// A secretary records the branch's election in the browser and finds the
// committee in office on the branch page; then opens this year's
// appraisal and grades members 优秀 until the cap refuses the next one
// with the numbers. On a desktop and on a phone, neither scrolling
// sideways.
func TestBrowserElectionAndAppraisal(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	for _, phone := range []bool{false, true} {
		e := sqliteEnv(t)
		view, suffix := desktopViewport, ""
		if phone {
			view, suffix = phoneViewport, "-phone"
		}
		if err := view(ctx); err != nil {
			t.Fatal(err)
		}
		if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
			t.Fatal(err)
		}
		bctx := context.Background()
		branch := e.demoOrg("秘书处（督查处）党支部")
		seats, err := e.store.FindCommittee(bctx, branch.ID)
		if err != nil {
			t.Fatal(err)
		}
		today := huoshui.DateOf(e.store.Now().In(huoshui.Shanghai))
		browse(t, ctx, e.srv.URL, fmt.Sprintf("/orgs/%d/elections/new", branch.ID))
		if err := chromedp.Do(ctx,
			chromedp.SetValue(chromedp.ID("held_on"), today.String()),
			chromedp.SendKeys(chromedp.ID("eligible"), "12"),
			chromedp.SendKeys(chromedp.ID("present"), "12"),
		); err != nil {
			t.Fatal(err)
		}
		for i, s := range seats {
			n := i + 1
			if err := chromedp.Do(ctx,
				chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`select[name="cand_member_%d"]`, n)), fmt.Sprint(s.MemberID)),
				chromedp.SendKeys(chromedp.CSS(fmt.Sprintf(`input[name="cand_votes_%d"]`, n)), "11"),
				chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`select[name="cand_post_%d"]`, n)), string(s.Post)),
			); err != nil {
				t.Fatal(err)
			}
		}
		browserShot(t, ctx, "election-form"+suffix)
		if phone {
			noSideways(t, ctx, "election form")
		}
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.election-form button[type="submit"]`))); err != nil {
			t.Fatal(err)
		}
		if got := browserLocation(t, ctx); got != fmt.Sprintf("/orgs/%d/elections", branch.ID) {
			t.Fatalf("after saving the election the browser is at %s", got)
		}
		browse(t, ctx, e.srv.URL, fmt.Sprintf("/orgs/%d", branch.ID))
		committee := browserEval[string](t, ctx, `document.querySelector("section.committee").innerText`)
		if !strings.Contains(committee, seats[0].Name) || !strings.Contains(committee, "书记") {
			t.Errorf("the branch page's committee reads %q, want %s as 书记", committee, seats[0].Name)
		}
		browserShot(t, ctx, "election-branch-page"+suffix)
		if phone {
			noSideways(t, ctx, "branch page with committee")
		}

		// This year's appraisal.
		browse(t, ctx, e.srv.URL, fmt.Sprintf("/orgs/%d/appraisals", branch.ID))
		if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("year"), fmt.Sprint(today.Year()))); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action$="/appraisals"] button[type="submit"]`))); err != nil {
			t.Fatal(err)
		}
		round := browserLocation(t, ctx)
		if !strings.HasPrefix(round, "/appraisals/") {
			t.Fatalf("after opening the appraisal the browser is at %s", round)
		}
		o, _ := e.store.FindOrgByID(bctx, huoshui.Everything(), branch.ID)
		limit := rules.MaxExcellent(o.PartyCount)
		ms, _, err := e.store.FindMembers(bctx, huoshui.MemberFilter{Scope: huoshui.Everything(), OrgID: branch.ID,
			Status: huoshui.StatusFull, Sort: "name", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range ms[:limit+1] {
			browse(t, ctx, e.srv.URL, fmt.Sprintf("%s/members/%d", round, m.ID))
			if _, err := chromedp.RunResponse(ctx,
				chromedp.Click(chromedp.CSS(`input[name="grade"][value="excellent"]`)),
				chromedp.Click(chromedp.CSS(`form[action*="/members/"] button[type="submit"]`))); err != nil {
				t.Fatal(err)
			}
			at := browserLocation(t, ctx)
			if i < limit && at != round {
				t.Fatalf("优秀 %d of %d refused: at %s", i+1, limit, at)
			}
			if i == limit {
				msg := browserEval[string](t, ctx, `(document.querySelector(".field-error") || {innerText: ""}).innerText`)
				if want := fmt.Sprintf("最多评 %d 名优秀", limit); !strings.Contains(msg, want) {
					t.Errorf("one 优秀 beyond a third says %q, want %q", msg, want)
				}
				browserShot(t, ctx, "appraisal-cap-refused"+suffix)
				if phone {
					noSideways(t, ctx, "appraisal refused")
				}
			}
		}
		browse(t, ctx, e.srv.URL, round)
		browserShot(t, ctx, "appraisal-round"+suffix)
		if phone {
			noSideways(t, ctx, "appraisal round")
		}
	}
}
