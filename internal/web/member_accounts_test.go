package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// slipsOf reads the sheet of sign-in slips as username → code.
func slipsOf(doc *goquery.Document) map[string]string {
	out := map[string]string{}
	doc.Find(".account-slip").Each(func(_ int, s *goquery.Selection) {
		out[strings.TrimSpace(s.Find(".slip-username").Text())] = strings.TrimSpace(s.Find(".slip-code").Text())
	})
	return out
}

// codeLogin signs in with a login name and a password or code.
func codeLogin(e *env, username, secret string) (*client, *response) {
	c := e.client()
	return c, c.postForm("/login", url.Values{"username": {username}, "password": {secret}})
}

// A branch secretary opens their members' accounts in one step: one from
// the member's page, the rest all at once; the codes come on a sheet of
// slips, shown once and never audited; a member signs in with the code
// once, must then choose a password, and a lapsed code is refused
// (issue 10, point 9).
func TestSecretaryOpensMemberAccounts(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		branch, second := e.demoOrg(demo.BranchName), e.demoOrg(demo.SecondBranch)
		sec := e.login("secretary")
		accounts := fmt.Sprintf("/orgs/%d/accounts", branch.ID)

		// The branch page leads there.
		if sec.get(fmt.Sprintf("/orgs/%d", branch.ID)).doc().Find(`a[href="`+accounts+`"]`).Length() != 1 {
			t.Errorf("the branch page does not lead the secretary to the member accounts")
		}
		doc := sec.get(accounts).wantStatus(http.StatusOK).doc()
		rows := doc.Find(".account-row")
		if rows.Length() < 3 {
			t.Fatalf("%d members without an account, want the demo branch's", rows.Length())
		}

		// One from the member's page.
		var first *huoshui.Member
		name := strings.TrimSpace(rows.First().Find(".name").Text())
		first = e.demoMember(name)
		view := sec.get(fmt.Sprintf("/members/%d", first.ID)).wantStatus(http.StatusOK).doc()
		suggested := view.Find("#open-username").AttrOr("value", "")
		if suggested == "" {
			t.Fatalf("the member's page offers no account to open")
		}
		r := sec.postForm(fmt.Sprintf("/members/%d/account/open", first.ID), url.Values{"username": {suggested}}).wantStatus(http.StatusOK)
		if r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("the sheet of codes may be cached: %q", r.Header.Get("Cache-Control"))
		}
		one := slipsOf(r.doc())
		if len(one) != 1 || len(strings.ReplaceAll(one[suggested], "-", "")) != 8 {
			t.Fatalf("one slip with an 8-character code expected, got %v", one)
		}
		if !strings.Contains(r.doc().Find(".account-slip").Text(), first.Name) || !strings.Contains(r.Body, "/login") {
			t.Errorf("the slip lacks the name or the address")
		}
		// The profile now shows the account, and opening it again is refused.
		if body := sec.get(fmt.Sprintf("/members/%d", first.ID)).Body; !strings.Contains(body, suggested) {
			t.Errorf("the profile does not show the new account")
		}
		sec.postForm(fmt.Sprintf("/members/%d/account/open", first.ID), url.Values{"username": {"again-" + suggested}}).
			wantStatus(http.StatusUnprocessableEntity)

		// All the others at once.
		doc = sec.get(accounts).wantStatus(http.StatusOK).doc()
		v := url.Values{}
		doc.Find(".account-row").Each(func(_ int, s *goquery.Selection) {
			in := s.Find("input[type=text], input:not([type])")
			cb := s.Find("input[type=checkbox]")
			v.Set(cb.AttrOr("name", ""), "1")
			v.Set(in.AttrOr("name", ""), in.AttrOr("value", ""))
		})
		want := doc.Find(".account-row").Length()
		r = sec.postForm(accounts, v).wantStatus(http.StatusOK)
		slips := slipsOf(r.doc())
		if len(slips) != want {
			t.Fatalf("%d slips, want %d", len(slips), want)
		}
		if got := sec.get(accounts).doc().Find(".empty").Text(); !strings.Contains(got, "都已有账号") {
			t.Errorf("after opening all: %q, want everyone has an account", got)
		}

		// The accounts: linked, the member role at the branch and nothing more.
		var username, code string
		for u, c := range slips {
			username, code = u, c
			break
		}
		acc, err := e.store.FindUserByUsername(ctx, username)
		if err != nil {
			t.Fatal(err)
		}
		if acc.MemberID == 0 || len(acc.Roles) != 1 || acc.Roles[0].Kind != huoshui.RoleMember || acc.Roles[0].OrgID != branch.ID {
			t.Errorf("account %s: member %d roles %+v, want the member role at the branch", username, acc.MemberID, acc.Roles)
		}
		// The trail says codes were issued, never which.
		entries, _, err := e.store.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Everything(), Action: huoshui.AuditSignInCode, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != want+1 {
			t.Errorf("%d codes issued in the trail, want %d", len(entries), want+1)
		}
		for _, en := range entries {
			for _, c := range append([]string{one[suggested]}, code) {
				if strings.Contains(en.Before+en.After, c) || strings.Contains(en.Before+en.After, strings.ReplaceAll(c, "-", "")) {
					t.Errorf("the trail keeps a code: %s", en.After)
				}
			}
		}

		// The member signs in with the code, lower case and without the
		// dash, and must choose a password before anything else.
		c, r := codeLogin(e, username, strings.ToLower(strings.ReplaceAll(code, "-", "")))
		r.wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != "/password" {
			t.Errorf("after the code: to %q, want /password", loc)
		}
		if loc := c.get("/").Header.Get("Location"); !strings.HasPrefix(loc, "/password") {
			t.Errorf("the home page before a password: to %q, want /password", loc)
		}
		if r := c.postForm("/password", url.Values{"password": {"Huoshui!Zb7q"}, "confirm": {"Huoshui!Zb7q"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("choosing a password: %d %s", r.StatusCode, r.doc().Find(".field-error, .form-error").Text())
		}
		c.get(fmt.Sprintf("/members/%d", acc.MemberID)).wantStatus(http.StatusOK)
		// The code worked once.
		_, r = codeLogin(e, username, code)
		r.wantStatus(http.StatusUnauthorized)
		_, r = codeLogin(e, username, "Huoshui!Zb7q")
		r.wantStatus(http.StatusSeeOther)

		// A code past its seven days is refused.
		other := ""
		for u := range slips {
			if u != username {
				other = u
				break
			}
		}
		e.store.SetClock(func() time.Time { return time.Now().Add(huoshui.SignInCodeTTL + time.Hour) })
		_, r = codeLogin(e, other, slips[other])
		r.wantStatus(http.StatusUnauthorized)
		e.store.SetClock(time.Now)
		// The secretary hands out a new code for an account not yet in
		// use, never for one whose owner chose a password.
		otherAcc, err := e.store.FindUserByUsername(ctx, other)
		if err != nil {
			t.Fatal(err)
		}
		reissue := fmt.Sprintf("/members/%d/account/code", otherAcc.MemberID)
		if sec.get(fmt.Sprintf("/members/%d", otherAcc.MemberID)).doc().Find(`form[action="`+reissue+`"]`).Length() != 1 {
			t.Errorf("the profile offers no new code for an account never used")
		}
		renewed := slipsOf(sec.postForm(reissue, url.Values{}).wantStatus(http.StatusOK).doc())[other]
		if renewed == "" || renewed == slips[other] {
			t.Fatalf("new code %q", renewed)
		}
		_, r = codeLogin(e, other, slips[other])
		r.wantStatus(http.StatusUnauthorized) // the old code is replaced
		_, r = codeLogin(e, other, renewed)
		r.wantStatus(http.StatusSeeOther)
		sec.postForm(fmt.Sprintf("/members/%d/account/code", acc.MemberID), url.Values{}).wantStatus(http.StatusNotFound)
		if sec.get(fmt.Sprintf("/members/%d", acc.MemberID)).doc().Find(`form[action$="/account/code"]`).Length() != 0 {
			t.Errorf("the profile offers a new code for an account in use")
		}

		// Only the member role, only in the branch the secretary runs.
		sec.get(fmt.Sprintf("/orgs/%d/accounts", second.ID)).wantStatus(http.StatusNotFound)
		sec.postForm(fmt.Sprintf("/orgs/%d/accounts", second.ID), url.Values{}).wantStatus(http.StatusNotFound)
		outsider := e.demoMember("郭立新")
		sec.postForm(fmt.Sprintf("/members/%d/account/open", outsider.ID), url.Values{"username": {"guolx"}}).wantStatus(http.StatusNotFound)
		org := e.login("organiser")
		org.get(accounts).wantStatus(http.StatusForbidden)
		org.postForm(fmt.Sprintf("/members/%d/account/open", outsider.ID), url.Values{"username": {"guolx"}}).wantStatus(http.StatusForbidden)
		e.login("sysadmin").get(accounts).wantStatus(http.StatusForbidden)
		// No form of the secretary's names a role: an officer's account is
		// not theirs to make.
		sec.postForm(accounts, url.Values{"role": {"secretary"}}).wantStatus(http.StatusUnprocessableEntity)
	})
}
