package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/demo"
)

// A multipart post from a browser without Origin is read to find its
// token; a file over 1 MB in it goes to a temporary file. Those files
// were never removed when the post was refused (or went to a handler
// that does not read files): anyone, signed in or not, could fill the
// server's disk 10 MB a request.
func TestRefusedUploadsLeaveNoTemporaryFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	e := sqliteEnv(t)
	post := func(c *client, path string, token string) int {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		if token != "" {
			mw.WriteField("csrf", token)
		}
		mw.WriteField("lang", "zh")
		fw, _ := mw.CreateFormFile("file", "big.bin")
		fw.Write(bytes.Repeat([]byte("x"), 3<<20))
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	anon := e.client()
	if code := post(anon, "/login", ""); code != http.StatusForbidden {
		t.Errorf("anonymous upload without a token: %d, want 403", code)
	}
	c := e.login("secretary")
	if code := post(c, "/members/1/archive", ""); code != http.StatusForbidden {
		t.Errorf("upload without a token: %d, want 403", code)
	}
	token := csrfOf(t, c.get("/"), "/lang")
	if code := post(c, "/lang", token); code != http.StatusSeeOther {
		t.Errorf("upload with the token: %d, want 303", code)
	}
	left, _ := filepath.Glob(filepath.Join(tmp, "multipart-*"))
	if len(left) > 0 {
		var size int64
		for _, f := range left {
			if fi, err := os.Stat(f); err == nil {
				size += fi.Size()
			}
		}
		t.Errorf("%d temporary files (%d MB) left behind", len(left), size>>20)
	}
}

// Every IPv6 client holds a /64 of its own: 2^64 addresses to sign in
// from. The throttle counted each address apart, so a sprayer behind the
// proxy changed address each try and was never slowed. It counts the
// /64 as one client now.
func TestSignInThrottleHoldsAcrossAnIPv6Network(t *testing.T) {
	e := proxyEnv(t)
	c := e.client()
	var last *response
	for i := range 12 {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/login",
			strings.NewReader(url.Values{"username": {"user" + strconv.Itoa(i)}, "password": {"Spring2026!"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("2001:db8:1:2:%x::1", i))
		last = c.do(req)
	}
	last.wantStatus(http.StatusTooManyRequests)
}

// The token of the pre-session cookie (huoshui_csrf) was taken from a
// signed-in browser too. A page on a sibling host of the same domain (or
// anyone on the wire of a plain-HTTP intranet) can plant that cookie with
// a value of its choosing, and so forge a token that a signed-in officer's
// browser would carry. Signed in, only the session's token counts.
func TestPlantedPreSessionCookieForgesNoToken(t *testing.T) {
	e := sqliteEnv(t)
	c := e.login("secretary")
	planted := strings.Repeat("A", 43)
	u, _ := url.Parse(e.srv.URL)
	c.http.Jar.SetCookies(u, []*http.Cookie{{Name: "huoshui_csrf", Value: planted, Path: "/"}})
	r := c.postBare("/lang", url.Values{"lang": {"en"}, "next": {"/"}, "csrf": {auth.CSRFToken(planted)}})
	r.wantStatus(http.StatusForbidden)
	// The session's own token still works, and so does signing in with
	// the sign-in page's token.
	token := csrfOf(t, c.get("/"), "/lang")
	c.postBare("/lang", url.Values{"lang": {"zh"}, "next": {"/"}, "csrf": {token}}).wantStatus(http.StatusSeeOther)
	fresh := e.client()
	login := url.Values{"username": {"secretary"}, "password": {demo.Password}}
	login.Set("csrf", csrfOf(t, fresh.get("/login"), "/login"))
	fresh.postBare("/login", login).wantStatus(http.StatusSeeOther)
}

// The system administrator creates an account, so knows its initial
// password; the security administrator made it a branch secretary; the
// system administrator signed in as the secretary before its owner did,
// alone. The grant now waits until the owner has chosen a password.
func TestSystemAdministratorCannotSignInAsANewOfficer(t *testing.T) {
	e := sqliteEnv(t)
	sys, sec := e.login("sysadmin"), e.login("secadmin")
	sys.postForm("/admin/users", url.Values{"username": {"xinshuji"}, "display_name": {"新书记"}, "password": {"Chushi#Mima2026"}}).
		wantStatus(http.StatusSeeOther)
	u := e.findAccount("xinshuji")
	branch := e.demoOrg(demo.SecondBranch)
	r := sec.postForm(userURL(u, "/roles"), url.Values{"kind": {"secretary"}, "org_id": {strconv.FormatInt(branch.ID, 10)}})
	r.wantStatus(http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "本人尚未修改") {
		t.Errorf("the refusal does not say why:\n%.2000s", r.Body)
	}
	if got := e.findAccount("xinshuji"); len(got.Roles) != 0 {
		t.Fatalf("roles granted: %+v", got.Roles)
	}
	// The owner signs in and chooses a password; then the grant goes through.
	owner := e.client()
	owner.postForm("/login", url.Values{"username": {"xinshuji"}, "password": {"Chushi#Mima2026"}}).wantStatus(http.StatusSeeOther)
	owner.postForm("/password", url.Values{"current": {"Chushi#Mima2026"}, "password": {"Ziji#Mima2026"}, "confirm": {"Ziji#Mima2026"}}).
		wantStatus(http.StatusSeeOther)
	sec.postForm(userURL(u, "/roles"), url.Values{"kind": {"secretary"}, "org_id": {strconv.FormatInt(branch.ID, 10)}}).
		wantStatus(http.StatusSeeOther)
	// And the system administrator's own reset of it needs two people.
	r = sys.postForm(userURL(u, "/reset"), nil).wantStatus(http.StatusOK)
	owner.postForm("/login", url.Values{"username": {"xinshuji"}, "password": {"Ziji#Mima2026"}}).wantStatus(http.StatusSeeOther)
}

// A client that sends GBK (the default of many office systems) under
// "application/json; charset=gbk" had its Chinese replaced by U+FFFD and
// stored with 201: a member named "����". A body that is not UTF-8 is
// refused like a form field that is not.
func TestAPIRefusesABodyThatIsNotUTF8(t *testing.T) {
	e := sqliteEnv(t)
	c := e.login("secretary")
	branch := e.demoOrg(demo.BranchName)
	gbk := "\xcd\xf5\xb7\xbc" // 王芳 in GBK
	body := fmt.Sprintf(`{"org_id": %d, "name": "%s", "gender": "female", "birth_date": "1990-01-01", "status": "applicant", "applied_on": "2020-01-01"}`, branch.ID, gbk)
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/members", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json; charset=gbk")
	r := c.do(req).wantStatus(http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "UTF-8") {
		t.Errorf("the refusal does not say why: %s", r.Body)
	}
}

// Some proxies (IIS with ARR, several load balancers) write the address
// they saw with its port: "203.0.113.7:51234". That hop was taken for
// garbage and every client got the proxy's own address: one person's
// wrong passwords throttled the whole office, and the audit trail named
// the proxy.
func TestForwardedForWithAPort(t *testing.T) {
	e := proxyEnv(t)
	for i, hop := range []string{"203.0.113.7:51234", "[2001:db8::7]:443"} {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/login",
			strings.NewReader(url.Values{"username": {"secretary"}, "password": {"wrong-" + strconv.Itoa(i)}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", hop)
		e.client().do(req).wantStatus(http.StatusUnauthorized)
	}
	entries, _, err := e.store.FindAuditEntries(context.Background(), huoshui.AuditFilter{Scope: huoshui.Scope{All: true},
		Unplaced: true, Action: huoshui.AuditLoginFailed})
	if err != nil || len(entries) != 2 {
		t.Fatalf("audit: %v, %d entries", err, len(entries))
	}
	got := []string{entries[0].IP, entries[1].IP}
	slices.Sort(got)
	if want := []string{"2001:db8::7", "203.0.113.7"}; !slices.Equal(got, want) {
		t.Errorf("recorded addresses %q, want %q", got, want)
	}
}

// The security administrator granted the system administrator's role
// through the pages. Every administrator is also a party member with a
// personal account whose password they chose: made system administrator,
// that account asks for an officer's reset and the security
// administrator's own account approves it; one person holds both halves
// and signs in as the officer. The administrators' roles are granted on
// the server only, like the audit role.
func TestSecurityAdministratorCannotMakeASystemAdministrator(t *testing.T) {
	e := sqliteEnv(t)
	sec := e.login("secadmin")
	personal := e.newAccount("anquan.geren")
	committee := e.demoOrg(demo.CommitteeName)
	for _, kind := range []string{"sysadmin", "secadmin"} {
		r := sec.postForm(userURL(personal, "/roles"), url.Values{"kind": {kind}, "org_id": {strconv.FormatInt(committee.ID, 10)}})
		r.wantStatus(http.StatusUnprocessableEntity)
		if got := msgNextTo(r, "kind"); !strings.Contains(got, "服务器") {
			t.Errorf("%s: the refusal says %q, want it to point at the server", kind, got)
		}
	}
	if got := e.findAccount("anquan.geren"); len(got.Roles) != 0 {
		t.Fatalf("the security administrator granted %+v", got.Roles)
	}
	// The form offers no administrator's role.
	body := sec.get(userURL(personal, "")).wantStatus(http.StatusOK).doc()
	body.Find(`select[name="kind"] option`).Each(func(_ int, o *goquery.Selection) {
		if v, _ := o.Attr("value"); v == "sysadmin" || v == "secadmin" || v == "auditor" {
			t.Errorf("the grant form offers %s", v)
		}
	})
}

// The form that changes a password checks the current one, and nothing
// counted the wrong guesses: whoever sat down at an office computer left
// signed in could try the current password without limit, learn it, and
// change it. Wrong current passwords count like wrong sign-ins: five lock
// the account, and then even the right one is refused.
func TestChangePasswordCountsWrongCurrentPasswords(t *testing.T) {
	e := sqliteEnv(t)
	c := e.login("secretary")
	for i := range 5 {
		c.postForm("/password", url.Values{"current": {"guess-" + strconv.Itoa(i)}, "password": {"Xin#Mima2026"}, "confirm": {"Xin#Mima2026"}}).
			wantStatus(http.StatusUnprocessableEntity)
	}
	r := c.postForm("/password", url.Values{"current": {demo.Password}, "password": {"Xin#Mima2026"}, "confirm": {"Xin#Mima2026"}})
	r.wantStatus(http.StatusUnprocessableEntity)
	if got := e.findAccount("secretary"); got.LockedUntil == nil {
		t.Fatalf("five wrong current passwords did not lock the account (failed %d)", got.FailedLogins)
	}
	if !strings.Contains(r.Body, "30 分钟") {
		t.Errorf("the refusal does not say to wait:\n%.3000s", r.Body)
	}
}
