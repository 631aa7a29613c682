package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
)

// A secretary links only accounts that are theirs to link — no role
// outside their branch, no link to a record outside it — and the answer
// for any other account is word for word the answer for a username that
// does not exist, so the form tells nobody which usernames exist.
func TestSecretaryLinksOnlyAccountsOfTheBranch(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		general := e.demoOrg("综合处党支部")
		e.newAccount("beside", huoshui.Role{OrgID: general.ID, Kind: huoshui.RoleSecretary})
		e.newAccount("linked-beside")
		org := e.login("organiser")
		org.postForm(fmt.Sprintf("/members/%d/account", e.demoMember("郭立新").ID), url.Values{"username": {"linked-beside"}}).
			wantStatus(http.StatusSeeOther)
		e.newAccount("fresh")

		m := e.demoMember("陈思远")
		link := fmt.Sprintf("/members/%d/account", m.ID)
		sec := e.login("secretary")
		answer := func(username string) (int, string) {
			r := sec.postForm(link, url.Values{"username": {username}})
			return r.StatusCode, strings.TrimSpace(r.doc().Find("#account .field-error").Text())
		}
		code, none := answer("no-such-account")
		if code != http.StatusUnprocessableEntity || none == "" {
			t.Fatalf("no such account: %d %q", code, none)
		}
		for _, username := range []string{
			"organiser",     // a role over the whole committee
			"beside",        // the secretary of the branch beside
			"sysadmin",      // an administrator
			"linked-beside", // linked to a member of the branch beside
		} {
			code, msg := answer(username)
			if code != http.StatusUnprocessableEntity || msg != none {
				t.Errorf("linking %s: %d %q, want 422 and the answer for no such account %q", username, code, msg, none)
			}
			if u := e.findAccount(username); u.MemberID == m.ID {
				t.Errorf("%s was linked to %s", username, m.Name)
			}
		}
		// An account with no role, or roles only inside the branch, is the
		// secretary's to link.
		if code, msg := answer("fresh"); code != http.StatusSeeOther {
			t.Errorf("linking an account with no role: %d %q, want 303", code, msg)
		}
	})
}

// The audit role is granted and revoked only on the server (huoshui user):
// otherwise the security administrator could revoke it, nobody could read
// the audit trail, and the system administrator could then reset the
// former auditor's account.
func TestAuditRoleOnlyOnTheServer(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		sec := e.login("secadmin")
		auditor := e.findAccount("auditor")
		committee := e.demoOrg("省政协办公厅机关党委")

		page := sec.get(userURL(auditor, "")).wantStatus(http.StatusOK)
		if page.doc().Find(fmt.Sprintf(`a[href*="role=%d"]`, auditor.Roles[0].ID)).Length() != 0 {
			t.Errorf("the auditor's page offers to revoke the audit role")
		}
		r := sec.postForm(userURL(auditor, fmt.Sprintf("/roles/%d/revoke", auditor.Roles[0].ID)), nil)
		if r.StatusCode != http.StatusForbidden || !strings.Contains(r.Body, "服务器") {
			t.Errorf("revoking the audit role: %d, want 403 saying it is done on the server", r.StatusCode)
		}
		if u := e.findAccount("auditor"); len(u.Roles) != 1 || u.Roles[0].Kind != huoshui.RoleAuditor {
			t.Errorf("the auditor's roles after the refusal: %+v", u.Roles)
		}
		// Nor is it granted on the pages.
		fresh := e.newAccount("second-auditor")
		r = sec.postForm(userURL(fresh, "/roles"), url.Values{"kind": {"auditor"}, "org_id": {fmt.Sprint(committee.ID)}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("granting the audit role: %d, want 422", r.StatusCode)
		}
		if len(e.findAccount("second-auditor").Roles) != 0 {
			t.Errorf("the audit role was granted on the pages")
		}
		if sec.get(userURL(fresh, "")).doc().Find(`select[name="kind"] option[value="auditor"]`).Length() != 0 {
			t.Errorf("the grant form offers the audit role")
		}
	})
}
