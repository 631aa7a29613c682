package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/huoshui/huoshui/internal/demo"
)

// The secretary's list is kept rendered between requests. Whatever
// changes in the branch shows on the very next request, and nobody is
// shown a table kept for someone who may see more.
func TestMemberListNeverStale(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		sec := e.login("secretary")
		org := e.login("organiser")
		branch := e.demoOrg(demo.BranchName)
		list := fmt.Sprintf("/members?org=%d", branch.ID)
		for _, path := range []string{"/members", list} {
			sec.get(path).wantStatus(http.StatusOK) // render and keep
		}
		m := e.demoMember("孙婷婷")
		form := editValues(t, sec, m.ID)
		form.Set("post", "文印室副主任")
		sec.postForm(fmt.Sprintf("/members/%d", m.ID), form).wantStatus(http.StatusSeeOther)
		for _, path := range []string{"/members", list} {
			if body := sec.get(path).Body; !strings.Contains(body, "文印室副主任") {
				t.Errorf("%s: the edited post does not show", path)
			}
		}

		// The organiser renames a group: the secretary's list shows the new name.
		group := e.demoOrg(demo.SecondGroup)

		org.postForm(fmt.Sprintf("/orgs/%d", group.ID), url.Values{"name": {"第二党小组（综合保障）"}}).wantStatus(http.StatusSeeOther)
		// (The group select above the table is read afresh anyway: look in the table.)
		if table := sec.get("/members").doc().Find("table.members").Text(); !strings.Contains(table, "第二党小组（综合保障）") {
			t.Errorf("the renamed group does not show in the kept list")
		}

		// Archived people leave the list at once.
		sec.postForm(fmt.Sprintf("/members/%d/archive", m.ID), url.Values{"archive_reason": {"调离本单位"}}).wantStatus(http.StatusSeeOther)
		if body := sec.get("/members").Body; strings.Contains(body, "孙婷婷") {
			t.Errorf("the archived member is still on the kept list")
		}

		// Another language is another table.
		sec.postForm("/lang", url.Values{"lang": {"en"}, "next": {"/"}}).wantStatus(http.StatusSeeOther)
		if body := sec.get("/members").Body; !strings.Contains(body, "Birth date") {
			t.Errorf("after switching to English the list still has Chinese heads")
		}

		// A plain member asking for the branch's list sees only themself,
		// however recently the secretary's table was kept.
		sec.get(list).wantStatus(http.StatusOK)
		body := e.login("member").get(list).wantStatus(http.StatusOK).Body
		if !strings.Contains(body, "杨雪梅") || strings.Contains(body, "李明远") {
			t.Errorf("a member asking for the branch's list was shown others")
		}
	})
}

// editValues reads the edit form as the browser would submit it.
func editValues(t *testing.T, c *client, id int64) url.Values {
	t.Helper()
	doc := c.get(fmt.Sprintf("/members/%d/edit", id)).wantStatus(http.StatusOK).doc()
	v := url.Values{}
	doc.Find(`form[method="post"] input[name], form[method="post"] select[name]`).Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		if s.Is("select") {
			v.Set(name, s.Find("option[selected]").AttrOr("value", ""))
			return
		}
		v.Set(name, s.AttrOr("value", ""))
	})
	return v
}
