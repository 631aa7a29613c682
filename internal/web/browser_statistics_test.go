package web_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// TestBrowserStatistics opens the 党内统计 return as the committee's
// organiser and a branch's as its secretary, on a desktop and on a phone:
// the tables fit the phone without sideways scrolling, and each screen
// leaves a screenshot (in $HUOSHUI_SCREENSHOTS when set).
func TestBrowserStatistics(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	committee, branch := e.demoOrg(demo.CommitteeName), e.demoOrg(demo.BranchName)
	last := huoshui.DateOf(time.Now().In(huoshui.Shanghai)).Year() - 1
	for _, sc := range []struct {
		role  string
		paths []string
	}{
		{"organiser", []string{fmt.Sprintf("/orgs/%d/statistics", committee.ID), fmt.Sprintf("/orgs/%d/statistics/print", committee.ID)}},
		{"secretary", []string{fmt.Sprintf("/orgs/%d/statistics?date=%d-12-31", branch.ID, last)}},
	} {
		if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		if err := signIn(ctx, e.srv.URL, sc.role); err != nil {
			t.Fatal(err)
		}
		for i, p := range sc.paths {
			name := fmt.Sprintf("statistics-%s-%d", sc.role, i)
			if err := desktopViewport(ctx); err != nil {
				t.Fatal(err)
			}
			browse(t, ctx, e.srv.URL, p)
			browserShot(t, ctx, name)
			if err := phoneViewport(ctx); err != nil {
				t.Fatal(err)
			}
			browse(t, ctx, e.srv.URL, p)
			noSideways(t, ctx, sc.role+" "+p)
			browserShot(t, ctx, name+"-phone")
		}
	}
}
