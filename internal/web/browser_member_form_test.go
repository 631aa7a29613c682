package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// A secretary types a new person with a wrong ID number's gender and no
// name, and saves: the page comes back with the focus on the first field
// with a problem (the name), the summary at the top links to each field,
// and following the gender's link moves the focus there. Typing an ID
// number fills an empty gender and birth date.
func TestBrowserMemberFormFocusesFirstProblem(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	if err := phoneViewport(ctx); err != nil {
		t.Fatal(err)
	}
	if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, e.srv.URL, "/members/new")
	// 110101199602030644: a woman born on 3 February 1996.
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`#id_number`), "110101199602030644"),
	); err != nil {
		t.Fatal(err)
	}
	if got := browserEval[string](t, ctx, `document.getElementById("gender").value + " " + document.getElementById("birth_date").value`); got != "female 1996-02-03" {
		t.Errorf("typing the ID number filled gender and birth date with %q, want female 1996-02-03", got)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#gender`), "male"),
		chromedp.SetValue(chromedp.CSS(`#probation_on`), ""),
		chromedp.SetValue(chromedp.CSS(`#full_on`), ""),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.member-form button[type="submit"]`))); err != nil {
		t.Fatal(err)
	}
	browserShot(t, ctx, "member-form-refused-phone")
	if got := browserEval[string](t, ctx, `document.activeElement ? document.activeElement.id : ""`); got != "name" {
		t.Errorf("after the refused save the focus is on %q, want the first bad field, name", got)
	}
	links := browserEval[string](t, ctx, `Array.from(document.querySelectorAll("#form-problems a")).map(a => a.getAttribute("href")).join(" ")`)
	if !strings.HasPrefix(links, "#name #gender") {
		t.Errorf("the summary links %q, want #name #gender first", links)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#form-problems a[href="#gender"]`))); err != nil {
		t.Fatal(err)
	}
	if got := browserEval[string](t, ctx, `document.activeElement ? document.activeElement.id : ""`); got != "gender" {
		t.Errorf("following the summary's link to the gender leaves the focus on %q", got)
	}
}

// On a phone every small target a thumb must hit is at least 44 px high:
// the names in the roster, the breadcrumb's links, "取消" beside a save
// button, and an expander's summary.
func TestBrowserTouchTargets(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	if err := phoneViewport(ctx); err != nil {
		t.Fatal(err)
	}
	if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
		t.Fatal(err)
	}
	m := memberURL(e.demoMember("张慧敏"), "")
	start := time.Now().Add(time.Hour).Truncate(time.Minute)
	meeting := &huoshui.Meeting{OrgID: e.demoOrg(demo.BranchName).ID, Type: huoshui.MeetingGroup, Title: "党小组会",
		StartsAt: start, EndsAt: start.Add(time.Hour), Place: "会议室"}
	if err := e.store.CreateMeeting(context.Background(), huoshui.Actor{Username: "secretary"}, meeting, nil); err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct{ path, sel string }{
		{"/members", "table.members tbody td a"},
		{m + "/edit", "nav.crumbs a"},
		{m + "/edit", "form .actions > a"},
		{fmt.Sprintf("/meetings/%d", meeting.ID), "details > summary"},
	} {
		browse(t, ctx, e.srv.URL, x.path)
		js := fmt.Sprintf(`(() => { const els = Array.from(document.querySelectorAll(%q)).filter(e => e.getClientRects().length);
			if (!els.length) return -1; return Math.min(...els.map(e => e.getBoundingClientRect().height)); })()`, x.sel)
		h := browserEval[float64](t, ctx, js)
		switch {
		case h < 0:
			t.Errorf("%s: nothing matches %s", x.path, x.sel)
		case h < 44:
			t.Errorf("%s: %s is %.0f px high on a phone, want at least 44", x.path, x.sel, h)
		}
	}
}
