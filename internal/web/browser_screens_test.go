package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/huoshui/huoshui/internal/demo"
)

// TestBrowserEveryScreen opens every screen of the foundation as the role
// that uses it, on a desktop and on a 375 px phone: each answers 200, none
// needs sideways scrolling on the phone, and each leaves a screenshot
// (in $HUOSHUI_SCREENSHOTS when set) for a person to look over.
func TestBrowserEveryScreen(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	secretary := e.demoMember("李明远")
	member := e.demoMember("杨雪梅")
	committee := e.demoOrg(demo.CommitteeName)
	branch := e.demoOrg(demo.BranchName)
	account := e.findAccount("member")
	m := fmt.Sprintf("/members/%d", secretary.ID)
	screens := []struct {
		role  string
		paths []string
	}{
		{"secretary", []string{"/", "/members", m, m + "/edit", "/members/new", m + "/transfer", m + "/archive",
			"/members/import", "/orgs", fmt.Sprintf("/orgs/%d", branch.ID), "/password"}},
		{"organiser", []string{"/", "/members", "/orgs", fmt.Sprintf("/orgs/%d", committee.ID),
			fmt.Sprintf("/orgs/%d/new", committee.ID), fmt.Sprintf("/orgs/%d/edit", branch.ID), fmt.Sprintf("/orgs/%d/move", branch.ID)}},
		{"member", []string{"/", fmt.Sprintf("/members/%d", member.ID)}},
		{"sysadmin", []string{"/", "/admin/users", "/admin/users/new", fmt.Sprintf("/admin/users/%d", account.ID)}},
		{"secadmin", []string{fmt.Sprintf("/admin/users/%d", account.ID)}},
		{"auditor", []string{"/audit"}},
	}
	for _, sc := range screens {
		if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		if err := desktopViewport(ctx); err != nil {
			t.Fatal(err)
		}
		if err := signIn(ctx, e.srv.URL, sc.role); err != nil {
			t.Fatal(err)
		}
		for _, p := range sc.paths {
			name := sc.role + strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(p)
			if p == "/" {
				name = sc.role + "-home"
			}
			if err := desktopViewport(ctx); err != nil {
				t.Fatal(err)
			}
			browse(t, ctx, e.srv.URL, p)
			browserShot(t, ctx, "screen-"+name)
			if err := phoneViewport(ctx); err != nil {
				t.Fatal(err)
			}
			browse(t, ctx, e.srv.URL, p)
			noSideways(t, ctx, sc.role+" "+p)
			browserShot(t, ctx, "screen-"+name+"-phone")
		}
	}
}
