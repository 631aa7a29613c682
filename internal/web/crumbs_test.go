package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/huoshui/huoshui/internal/demo"
)

// Every page but home says where it sits: a breadcrumb trail, whose last
// step is the page itself, so a person who arrived from a link or a
// message can go up.
func TestEveryPageHasBreadcrumbs(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	branch := e.demoOrg(demo.BranchName)
	committee := e.demoOrg(demo.CommitteeName)
	m := memberURL(e.demoMember("李明远"), "")
	b := fmt.Sprintf("/orgs/%d", branch.ID)
	c := fmt.Sprintf("/orgs/%d", committee.ID)
	account := e.findAccount("member")
	pages := map[string][]string{
		"secretary": {"/members", "/members/new", "/members/import", "/members?archived=1", m, m + "/edit", m + "/transfer", m + "/archive",
			"/orgs", b, b + "/compliance", b + "/matrix", b + "/dashboard", b + "/reminders", b + "/standard", b + "/study",
			b + "/report", b + "/links", b + "/books", b + "/books/new", "/meetings", "/meetings/new", "/tasks", "/tasks/new",
			"/materials", "/materials/new", "/materials/import", "/lectures", "/lectures/new", "/discussions", "/discussions/new",
			"/outputs", "/outputs/new?kind=document", "/outputs/import/publication", "/questions", "/questions/new",
			"/questions/import", "/questions/stats", "/study", "/loans/mine", "/rooms", fmt.Sprintf("/rooms/%d", branch.ID),
			"/password", "/calendar"},
		"organiser": {c, c + "/new", b + "/edit", b + "/move", b + "/archive", c + "/compliance", c + "/dashboard", c + "/study", c + "/links"},
		"member":    {"/selftest", memberURL(e.demoMember("杨雪梅"), "")},
		"sysadmin":  {"/admin/users", "/admin/users/new", fmt.Sprintf("/admin/users/%d", account.ID)},
		"auditor":   {"/audit"},
	}
	for user, paths := range pages {
		cl := e.login(user)
		for _, p := range paths {
			r := cl.get(p)
			if r.StatusCode != http.StatusOK {
				t.Errorf("%s %s: status %d", user, p, r.StatusCode)
				continue
			}
			if n := r.doc().Find("nav.crumbs").Length(); n > 1 {
				t.Errorf("%s %s: %d breadcrumb trails", user, p, n)
			}
			crumbs := r.doc().Find("nav.crumbs li")
			if crumbs.Length() == 0 {
				t.Errorf("%s %s: no breadcrumb", user, p)
				continue
			}
			if last := crumbs.Last(); last.Find("[aria-current=page]").Length() != 1 {
				t.Errorf("%s %s: the breadcrumb's last step %q is not the page itself", user, p, textOf(last))
			}
		}
	}
}
