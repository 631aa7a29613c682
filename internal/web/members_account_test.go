package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// An account reads a member's record as its own only when an officer who
// may edit that member links it; administrators cannot make or use such
// links.
func TestMemberAccountLink(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		sys := e.login("sysadmin")
		sys.postForm("/admin/users", url.Values{"username": {"zhaowb"}, "display_name": {"赵文博"}, "password": {"Chushi#2026"}}).
			wantStatus(http.StatusSeeOther)
		m := e.demoMember("赵文博")
		other := e.demoMember("吴佳宁")
		link := fmt.Sprintf("/members/%d/account", m.ID)

		// Neither the system administrator nor a plain member may link.
		sys.postForm(link, url.Values{"username": {"zhaowb"}}).wantStatus(http.StatusNotFound)
		e.login("member").postForm(link, url.Values{"username": {"zhaowb"}}).wantStatus(http.StatusNotFound)

		sec := e.login("secretary")
		cases := []struct{ username, want string }{
			{"nobody-here", "找不到可以关联的账号"},
			{"auditor", "找不到可以关联的账号"},
		}
		for _, c := range cases {
			r := sec.postForm(link, url.Values{"username": {c.username}}).wantStatus(http.StatusUnprocessableEntity)
			if msg := r.doc().Find("#account .field-error").Text(); !strings.Contains(msg, c.want) {
				t.Errorf("linking %q: message %q, want it to say %q", c.username, msg, c.want)
			}
		}
		sec.postForm(link, url.Values{"username": {"zhaowb"}}).wantStatus(http.StatusSeeOther)
		if body := sec.get(fmt.Sprintf("/members/%d", m.ID)).Body; !strings.Contains(body, "zhaowb") {
			t.Errorf("the profile does not show the linked account")
		}
		// One account, one person.
		r := sec.postForm(fmt.Sprintf("/members/%d/account", other.ID), url.Values{"username": {"zhaowb"}}).
			wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.doc().Find("#account .field-error").Text(), "另一名党员") {
			t.Errorf("linking one account to two people was not refused clearly")
		}

		// The account's owner now reads their own record, and only it.
		c := e.client()
		c.postForm("/login", url.Values{"username": {"zhaowb"}, "password": {"Chushi#2026"}}).wantStatus(http.StatusSeeOther)
		c.postForm("/password", url.Values{"current": {"Chushi#2026"}, "password": {"Zwb#2026new"}, "confirm": {"Zwb#2026new"}}).
			wantStatus(http.StatusSeeOther)
		c.get(fmt.Sprintf("/members/%d", m.ID)).wantStatus(http.StatusOK)
		c.get(fmt.Sprintf("/members/%d", other.ID)).wantStatus(http.StatusNotFound)

		// Unlinking takes the record away again.
		sec.postForm(link, url.Values{"username": {""}}).wantStatus(http.StatusSeeOther)
		c.get(fmt.Sprintf("/members/%d", m.ID)).wantStatus(http.StatusNotFound)
	})
}
