package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/web"
)

// A browser whose User-Agent is long and Chinese (some 360 and QQ builds
// put their Chinese name in it) signs in: the stored agent is cut between
// characters, never inside one, which PostgreSQL would refuse with a 500.
func TestLoginWithLongChineseUserAgent(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.Postgres(t))
	c := e.client()
	ua := "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0)  " + strings.Repeat("三六零安全浏览器", 40)
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/login",
		strings.NewReader(url.Values{"username": {"secretary"}, "password": {demo.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", ua)
	c.do(req).wantStatus(http.StatusSeeOther)
	sess, _, err := e.store.FindSession(context.Background(), auth.HashToken(c.cookie("huoshui_session")))
	if err != nil {
		t.Fatal(err)
	}
	got := sess.UserAgent
	if !utf8.ValidString(got) || utf8.RuneCountInString(got) != 200 || !strings.HasPrefix(ua, got) {
		t.Errorf("stored agent: %d runes, valid %v: %q", utf8.RuneCountInString(got), utf8.ValidString(got), got)
	}
}

// cookie is the value of a cookie the client holds for the server.
func (c *client) cookie(name string) string {
	u, _ := url.Parse(c.e.srv.URL)
	for _, k := range c.http.Jar.Cookies(u) {
		if k.Name == name {
			return k.Value
		}
	}
	return ""
}

// proxyEnv is a demo server behind a reverse proxy on 127.0.0.1 (the
// test client's address) that appends the address it saw to
// X-Forwarded-For.
func proxyEnv(t *testing.T) *env {
	t.Helper()
	st := storetest.SQLite(t)
	if _, err := demo.Seed(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	_, h, err := web.New(web.Deps{Store: st, TrustProxy: true,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &env{t: t, gid: goid(), store: st, srv: srv}
}

// A client behind a proxy that appends writes whatever it likes at the
// left of X-Forwarded-For. The address recorded and throttled is the one
// the trusted proxy saw, so a forged one neither escapes the sign-in
// throttle nor enters the audit trail.
func TestForwardedForTakesTheAddressTheProxySaw(t *testing.T) {
	t.Parallel()
	e := proxyEnv(t)
	// The limiter's clock stands still: under the race detector on a busy
	// machine each wrong password takes seconds, and the bucket refilled
	// between attempts.
	stopped := time.Now()
	e.store.SetClock(func() time.Time { return stopped })
	c := e.client()
	var last *response
	for i := range 12 {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/login",
			strings.NewReader(url.Values{"username": {"secretary"}, "password": {"wrong-" + strconv.Itoa(i)}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		// The client forges a fresh address each time; the proxy appends
		// the real one, and the next proxy (on 127.0.0.1, trusted) too.
		req.Header.Set("X-Forwarded-For", "10.9.9."+strconv.Itoa(i)+", 203.0.113.7, 127.0.0.1")
		last = c.do(req)
	}
	last.wantStatus(http.StatusTooManyRequests)
	entries, _, err := e.store.FindAuditEntries(context.Background(), huoshui.AuditFilter{Scope: huoshui.Scope{All: true},
		Unplaced: true, Action: huoshui.AuditLoginFailed})
	if err != nil || len(entries) == 0 {
		t.Fatalf("audit: %v, %d entries", err, len(entries))
	}
	for _, a := range entries {
		if a.IP != "203.0.113.7" {
			t.Fatalf("audit records address %q, want 203.0.113.7 (the one the proxy saw)", a.IP)
		}
	}
}

// A request that does not come from a trusted proxy is recorded under
// its own address, whatever X-Forwarded-For says.
func TestForwardedForFromAnUntrustedPeerIsIgnored(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	if _, err := demo.Seed(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	_, h, err := web.New(web.Deps{Store: st, TrustProxy: true,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.1/32")}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	e := &env{t: t, gid: goid(), store: st, srv: srv}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/login",
		strings.NewReader(url.Values{"username": {"secretary"}, "password": {"wrong"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", "198.51.100.1")
	e.client().do(req).wantStatus(http.StatusUnauthorized)
	entries, _, _ := e.store.FindAuditEntries(context.Background(), huoshui.AuditFilter{Scope: huoshui.Scope{All: true},
		Unplaced: true, Action: huoshui.AuditLoginFailed})
	if len(entries) != 1 || entries[0].IP != "127.0.0.1" {
		t.Fatalf("audit: %+v, want one entry from 127.0.0.1", entries)
	}
	// Nor is its X-Forwarded-Proto: the scheme comes from trusted proxies.
	req, _ = http.NewRequest(http.MethodGet, e.srv.URL+"/login", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	for _, c := range e.client().do(req).Cookies() {
		if c.Secure {
			t.Errorf("cookie %s marked Secure on an untrusted peer's word", c.Name)
		}
	}
}

// The password rules refuse what attackers try first: a password from the
// list of common ones (whatever its case and symbols), one longer than
// 128 characters, and any of the account's last five.
func TestPasswordRulesRefuseCommonLongAndReused(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		c := e.login("member")
		for _, tc := range []struct{ password, message string }{
			{"Woaini1314", "常见"},
			{"Admin@123", "常见"},
			{"Qq123456", "常见"},
			{"P@ssw0rd", "常见"},
			{"1qaz@WSX", "常见"},
			{"Zhang1988!", "常见"},
			{"Aa" + strings.Repeat("x9#", 50), "128"},
		} {
			doc := c.postForm("/password", url.Values{"current": {demo.Password}, "password": {tc.password}, "confirm": {tc.password}}).
				wantStatus(http.StatusUnprocessableEntity).doc()
			if msg := doc.Find("#password").Parent().Find(".field-error").Text(); !strings.Contains(msg, tc.message) {
				t.Errorf("%.20s: message %q, want one with %q", tc.password, msg, tc.message)
			}
		}
		// Five changes in a row; each of the last five is refused, the
		// sixth back is accepted.
		current := demo.Password
		used := []string{"Xinmima#2026a", "Xinmima#2026b", "Xinmima#2026c", "Xinmima#2026d", "Xinmima#2026e"}
		for _, p := range used {
			c.postForm("/password", url.Values{"current": {current}, "password": {p}, "confirm": {p}}).wantStatus(http.StatusSeeOther)
			current = p
		}
		for _, p := range used[1:4] {
			doc := c.postForm("/password", url.Values{"current": {current}, "password": {p}, "confirm": {p}}).
				wantStatus(http.StatusUnprocessableEntity).doc()
			if msg := doc.Find("#password").Parent().Find(".field-error").Text(); !strings.Contains(msg, "最近") {
				t.Errorf("reuse of %s: message %q", p, msg)
			}
		}
		// The demo password was six passwords ago: allowed again.
		c.postForm("/password", url.Values{"current": {current}, "password": {demo.Password + "A1"}, "confirm": {demo.Password + "A1"}}).
			wantStatus(http.StatusSeeOther)
		c.postForm("/password", url.Values{"current": {demo.Password + "A1"}, "password": {used[0]}, "confirm": {used[0]}}).
			wantStatus(http.StatusSeeOther)
	})
}

// readsOf lists the audit records of reads of personal data.
func readsOf(t *testing.T, e *env) []huoshui.AuditEntry {
	t.Helper()
	entries, _, err := e.store.FindAuditEntries(context.Background(), huoshui.AuditFilter{Scope: huoshui.Scope{All: true},
		Unplaced: true, Action: huoshui.AuditRead})
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// Showing a profile's ID number or phone in the clear, in a page or through
// the API, and downloading a roster with ID numbers in the clear each
// leave one audit record: who, what, how many rows. A reader who sees the
// numbers masked leaves none.
func TestReadingPersonalDataIsAudited(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		m := e.demoMember("王志强")
		sec := e.login("secretary")
		// The profile shows the numbers masked: opening it is no read of
		// them; pressing 显示 for one is.
		sec.get(fmt.Sprintf("/members/%d", m.ID)).wantStatus(http.StatusOK)
		if reads := readsOf(t, e); len(reads) != 0 {
			t.Fatalf("opening a masked profile was recorded: %+v", reads)
		}
		sec.get(fmt.Sprintf("/members/%d?show=phone", m.ID)).wantStatus(http.StatusOK)
		reads := readsOf(t, e)
		if len(reads) != 1 || reads[0].Username != "secretary" || reads[0].ObjectType != "member" || reads[0].ObjectID != m.ID ||
			reads[0].OrgPath != m.OrgPath || !strings.Contains(reads[0].After, `"rows":1`) {
			t.Fatalf("after showing a phone on a profile: %+v", reads)
		}
		sec.get(fmt.Sprintf("/api/v1/members/%d", m.ID)).wantStatus(http.StatusOK)
		if reads = readsOf(t, e); len(reads) != 2 || reads[0].ObjectID != m.ID {
			t.Fatalf("after reading through the API: %+v", reads)
		}
		sec.get("/members/export.xlsx").wantStatus(http.StatusOK)
		reads = readsOf(t, e)
		if len(reads) != 3 || reads[0].ObjectType != "roster" || !strings.Contains(reads[0].After, `"rows":14`) {
			t.Fatalf("after the roster download: %+v", reads[0])
		}
		// Nothing is recorded for a member reading their own record.
		mem := e.login("member")
		own := e.demoMember("杨雪梅")
		mem.get(fmt.Sprintf("/members/%d", own.ID)).wantStatus(http.StatusOK)
		if reads = readsOf(t, e); len(reads) != 3 {
			t.Fatalf("a masked view was recorded: %+v", reads[0])
		}
	})
}

// The system administrator cannot take over an officer's account: a reset
// of an account holding any role above member is asked for by the system
// administrator and approved by the security administrator. Each receives
// one half of a one-time sign-in code; only the officer, given both, signs
// in with it, and must then choose a password at once. Both steps and the
// use are in the audit trail.
func TestOfficerPasswordResetNeedsTwoPeople(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		sys := e.login("sysadmin")
		sec := e.login("secadmin")
		target := e.findAccount("secretary")
		owner := e.login("secretary")

		// The system administrator asks; a password typed is not set.
		r := sys.postForm(userURL(target, "/reset"), url.Values{"password": {"Linshi#2026"}}).wantStatus(http.StatusOK)
		half1 := strings.TrimSpace(r.doc().Find("#reset-half").Text())
		if len(half1) < 6 {
			t.Fatalf("no first half shown to the system administrator:\n%.1500s", r.Body)
		}
		e.client().postForm("/login", url.Values{"username": {"secretary"}, "password": {"Linshi#2026"}}).wantStatus(http.StatusUnauthorized)
		e.client().postForm("/login", url.Values{"username": {"secretary"}, "password": {half1}}).wantStatus(http.StatusUnauthorized)
		owner.get("/").wantStatus(http.StatusOK) // nothing changed yet

		// The system administrator cannot approve their own request.
		if r := sys.postForm(userURL(target, "/reset/approve"), nil); r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusNotFound {
			t.Fatalf("the system administrator approved: %d", r.StatusCode)
		}
		// The security administrator sees the request and approves it.
		if sec.get(userURL(target, "")).doc().Find(`form[action="`+userURL(target, "/reset/approve")+`"]`).Length() != 1 {
			t.Fatalf("the security administrator is not offered the approval")
		}
		r = sec.postForm(userURL(target, "/reset/approve"), nil).wantStatus(http.StatusOK)
		half2 := strings.TrimSpace(r.doc().Find("#reset-half").Text())
		if len(half2) < 6 || half2 == half1 {
			t.Fatalf("no second half shown to the security administrator: %q", half2)
		}
		// The old password and sessions are gone; neither half alone opens.
		if r := owner.get("/"); r.StatusCode != http.StatusSeeOther {
			t.Errorf("the owner's session survived the approved reset: %d", r.StatusCode)
		}
		for _, pw := range []string{demo.Password, half1, half2, half2 + half1} {
			e.client().postForm("/login", url.Values{"username": {"secretary"}, "password": {pw}}).wantStatus(http.StatusUnauthorized)
		}
		e.store.Unlock(context.Background(), huoshui.Actor{Username: "test"}, target.ID) // four failures above
		// A minute later, so the sign-in throttle of 127.0.0.1 has refilled.
		e.store.SetClock(func() time.Time { return time.Now().Add(2 * time.Minute) })
		// The officer, given both halves, signs in once and must choose a
		// password without knowing any old one.
		c := e.client()
		r = c.postForm("/login", url.Values{"username": {"secretary"}, "password": {half1 + " " + half2}}).wantStatus(http.StatusSeeOther)
		if r.Header.Get("Location") != "/password" {
			t.Fatalf("after the code the sign-in goes to %s, want /password", r.Header.Get("Location"))
		}
		if c.get("/password").doc().Find("#current").Length() != 0 {
			t.Errorf("the password page asks for a current password the officer does not have")
		}
		c.postForm("/password", url.Values{"password": {"Xinmima#2026"}, "confirm": {"Xinmima#2026"}}).wantStatus(http.StatusSeeOther)
		c.get("/").wantStatus(http.StatusOK)
		// The code was for one use.
		e.client().postForm("/login", url.Values{"username": {"secretary"}, "password": {half1 + half2}}).wantStatus(http.StatusUnauthorized)
		e.client().postForm("/login", url.Values{"username": {"secretary"}, "password": {"Xinmima#2026"}}).wantStatus(http.StatusSeeOther)

		want := map[string]string{huoshui.AuditResetRequest: "sysadmin", huoshui.AuditResetApprove: "secadmin", huoshui.AuditPasswordReset: "secretary"}
		for action, who := range want {
			entries, _, err := e.store.FindAuditEntries(context.Background(), huoshui.AuditFilter{Scope: huoshui.Scope{All: true},
				Action: action, ObjectType: "user", ObjectID: target.ID})
			if err != nil || len(entries) != 1 || entries[0].Username != who {
				t.Errorf("audit of %s: %v %+v, want one by %s", action, err, entries, who)
			}
		}
	})
}

// postBare posts a form the way a browser in IE mode (360, QQ) does: no
// Origin, no Sec-Fetch-Site.
func (c *client) postBare(path string, v url.Values) *response {
	c.e.T().Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.http.Do(req)
	if err != nil {
		c.e.T().Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return &response{Response: resp, Body: string(body), e: c.e}
}

// csrfOf is the token in a page's form that posts to action.
func csrfOf(t *testing.T, r *response, action string) string {
	t.Helper()
	v, ok := r.doc().Find(`form[action="` + action + `"] input[name="csrf"]`).Attr("value")
	if !ok || v == "" {
		t.Fatalf("the form to %s carries no token", action)
	}
	return v
}

// A browser that sends neither Origin nor Sec-Fetch-Site (and ignores
// SameSite) is protected by a token in every form: the sign-in form's is
// bound to a cookie set before any session, every other form's to the
// session. A post without the right token is refused.
func TestFormsCarryATokenForBrowsersWithoutOrigin(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.client()
	login := url.Values{"username": {"secretary"}, "password": {demo.Password}}
	// A cross-site form posted at the sign-in (login CSRF) is refused.
	c.postBare("/login", login).wantStatus(http.StatusForbidden)
	page := c.get("/login").wantStatus(http.StatusOK)
	login.Set("csrf", "forged")
	c.postBare("/login", login).wantStatus(http.StatusForbidden)
	login.Set("csrf", csrfOf(t, page, "/login"))
	c.postBare("/login", login).wantStatus(http.StatusSeeOther)

	// Signed in: a cross-site post without the token changes nothing.
	m := e.demoMember("王志强")
	archive := fmt.Sprintf("/members/%d/archive", m.ID)
	r := c.postBare(archive, url.Values{"reason": {"died"}, "on": {"2026-01-01"}})
	r.wantStatus(http.StatusForbidden)
	if !strings.Contains(r.Body, "拒绝") {
		t.Errorf("the refusal does not say so in Chinese:\n%.600s", r.Body)
	}
	if got, _ := e.store.FindMemberByID(context.Background(), huoshui.Everything(), m.ID); got.ArchivedAt != nil {
		t.Fatalf("the member was archived by a forged post")
	}
	// The session's token from any page works; the sign-in one has moved on.
	home := c.get("/").wantStatus(http.StatusOK)
	token := csrfOf(t, home, "/lang")
	c.postBare("/lang", url.Values{"lang": {"en"}, "next": {"/"}, "csrf": {token}}).wantStatus(http.StatusSeeOther)
	// Another session's token is refused.
	other := e.login("secretary")
	otherToken := csrfOf(t, other.get("/"), "/lang")
	if otherToken == token {
		t.Fatalf("two sessions share a token")
	}
	c.postBare("/lang", url.Values{"lang": {"zh"}, "next": {"/"}, "csrf": {otherToken}}).wantStatus(http.StatusForbidden)
	// Browsers that send the headers go on as before, token or not.
	c.postForm("/lang", url.Values{"lang": {"zh"}, "next": {"/"}}).wantStatus(http.StatusSeeOther)
}

// Every form that posts carries the token: a form added without it fails
// here, not in an IE-mode browser in an office.
func TestEveryPostFormHasTheTokenPartial(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v", err)
	}
	post := regexp.MustCompile(`(?is)<form[^>]*method="post"[^>]*>(.*?)</form>`)
	n := 0
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, m := range post.FindAllStringSubmatch(string(b), -1) {
			n++
			if !strings.Contains(m[1], `{{template "csrf"`) {
				t.Errorf("%s: a post form without {{template \"csrf\" …}}: %.80s", f, m[0])
			}
		}
	}
	if n < 20 {
		t.Errorf("found %d post forms, want every one", n)
	}
}

// API writes take JSON only: a form-encoded or text body, which a page on
// another site can send without asking, is refused with 415.
func TestAPIWritesRequireJSON(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("secretary")
	branch := e.demoOrg(demo.BranchName)
	body := fmt.Sprintf(`{"org_id": %d, "name": "测试", "gender": "male", "birth_date": "1990-01-01", "status": "applicant", "applied_on": "2020-01-01"}`, branch.ID)
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", ""} {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/members", strings.NewReader(body))
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		r := c.do(req)
		r.wantStatus(http.StatusUnsupportedMediaType)
		if !strings.Contains(r.Body, "application/json") || !strings.Contains(r.Body, "JSON") {
			t.Errorf("%q: %s", ct, r.Body)
		}
	}
}

// The roster upload (a multipart form) is checked the same way: from a
// browser without Origin it goes through with the page's token and is
// refused without it.
func TestUploadWithoutOriginNeedsTheToken(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("secretary")
	branch := e.demoOrg(demo.BranchName)
	token := csrfOf(t, c.get("/members/import").wantStatus(http.StatusOK), "/members/import")
	data := rosterFile(t, importHeader)
	upload := func(token string) *response {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("org", strconv.FormatInt(branch.ID, 10))
		if token != "" {
			mw.WriteField("csrf", token)
		}
		fw, _ := mw.CreateFormFile("file", "花名册.xlsx")
		fw.Write(data)
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/members/import", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return &response{Response: resp, Body: string(b), e: e.as(t)}
	}
	upload("").wantStatus(http.StatusForbidden)
	want := c.uploadRoster(branch.ID, "花名册.xlsx", data).StatusCode
	if got := upload(token).StatusCode; got != want || got == http.StatusForbidden {
		t.Errorf("with the token: %d, want %d as with Origin", got, want)
	}
}

// Either administrator withdraws an open reset request: the page says so,
// the audit trail records it, and the officer's password still works.
func TestOfficerPasswordResetCancelled(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		sys := e.login("sysadmin")
		sec := e.login("secadmin")
		target := e.findAccount("secretary")
		sys.postForm(userURL(target, "/reset"), nil).wantStatus(http.StatusOK)
		r := sec.postForm(userURL(target, "/reset/cancel"), nil).wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != userURL(target, "") {
			t.Errorf("after cancelling the answer goes to %s, want %s", loc, userURL(target, ""))
		}
		page := sec.get(userURL(target, "")).wantStatus(http.StatusOK)
		if page.doc().Find(`form[action="`+userURL(target, "/reset/approve")+`"]`).Length() != 0 {
			t.Errorf("the withdrawn request is still offered for approval")
		}
		if got := strings.TrimSpace(page.doc().Find(".flash").Text()); got != "重置申请已撤回。" {
			t.Errorf("the page says %q, want that the request was withdrawn", got)
		}
		// A second withdrawal finds nothing and answers the same way.
		sys.postForm(userURL(target, "/reset/cancel"), nil).wantStatus(http.StatusSeeOther)
		e.client().postForm("/login", url.Values{"username": {"secretary"}, "password": {demo.Password}}).wantStatus(http.StatusSeeOther)
		entries, _, err := e.store.FindAuditEntries(context.Background(), huoshui.AuditFilter{Scope: huoshui.Everything(),
			Action: huoshui.AuditResetCancel, ObjectType: "user", ObjectID: target.ID})
		if err != nil || len(entries) != 1 || entries[0].Username != "secadmin" {
			t.Errorf("audit of the withdrawal: %v %+v, want one by secadmin", err, entries)
		}
	})
}
