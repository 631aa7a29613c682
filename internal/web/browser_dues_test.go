package web_test

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/rules"
)

// duesScreens seeds the demo's year of dues and lists the dues screens
// the secretary uses, for the screen tour.
func duesScreens(t *testing.T, e *env) []string {
	t.Helper()
	seedDemoDues(t, e)
	branch := e.demoOrg(demo.BranchName)
	late := e.demoMember(demo.ArrearsMember)
	b := fmt.Sprintf("/orgs/%d/dues", branch.ID)
	return []string{"/dues", b, b + "/bulk", b + "/year", b + "/print", b + "/year/print", fmt.Sprintf("/members/%d/salary", late.ID)}
}

// The secretary records a month's dues in the browser: on a desktop the
// missing month of the member in arrears from their line, on a phone the
// month before for everyone at once after the confirmation; the member's
// arrears fall each time.
func TestBrowserDuesRecordMonth(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	seedDemoDues(t, e)
	branch := e.demoOrg(demo.BranchName)
	late := e.demoMember(demo.ArrearsMember)
	through := rules.LastDueMonth(huoshui.DateOf(e.store.Now().In(huoshui.Shanghai)))
	if err := desktopViewport(ctx); err != nil {
		t.Fatal(err)
	}
	if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
		t.Fatal(err)
	}
	arrears := func() string {
		return browserEval[string](t, ctx, fmt.Sprintf(`document.querySelector("tr#m%d [data-arrears]").dataset.arrears`, late.ID))
	}
	ledger := fmt.Sprintf("/orgs/%d/dues", branch.ID)

	// Desktop: the last due month, from the member's line.
	browse(t, ctx, e.srv.URL, ledger)
	if got := arrears(); got != "3" {
		t.Fatalf("before: %s months in arrears, want 3", got)
	}
	browserShot(t, ctx, "dues-ledger-before")
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`tr#m%d form[data-pay-form] button`, late.ID))))
	if err != nil || resp.Status != 200 {
		t.Fatalf("record from the line: %v, %v", resp, err)
	}
	if got := arrears(); got != "2" {
		t.Errorf("after recording %s: %s months in arrears, want 2", through, got)
	}
	browserShot(t, ctx, "dues-ledger-recorded")

	// Phone: the month before, everyone at their dues, after the confirmation.
	if err := phoneViewport(ctx); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, e.srv.URL, fmt.Sprintf("%s?month=%s", ledger, through.Add(-1)))
	noSideways(t, ctx, "the dues ledger")
	resp, err = chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`[data-dues-bulk]`)))
	if err != nil || resp.Status != 200 {
		t.Fatalf("open the confirmation: %v, %v", resp, err)
	}
	if n := browserEval[int](t, ctx, `document.querySelectorAll("[data-bulk-rows] li").length`); n != 1 {
		t.Errorf("the confirmation lists %d members, want 1", n)
	}
	browserShot(t, ctx, "dues-bulk-phone")
	resp, err = chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`[data-bulk-confirm]`)))
	if err != nil || resp.Status != 200 {
		t.Fatalf("confirm: %v, %v", resp, err)
	}
	if got := arrears(); got != "1" {
		t.Errorf("after recording everyone for %s: %s months in arrears, want 1", through.Add(-1), got)
	}
	noSideways(t, ctx, "the dues ledger after recording")
	browserShot(t, ctx, "dues-ledger-phone")
}
