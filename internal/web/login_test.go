package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/web"
)

func TestLoginAndHome(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		c := e.login("secretary")
		doc := c.get("/").wantStatus(http.StatusOK).doc()
		if got := doc.Find("h1").Text(); !strings.Contains(got, "李明远") {
			t.Errorf("home greets %q, want the secretary's name", got)
		}
		if !strings.Contains(doc.Find(".card h2").Text(), demo.BranchName) {
			t.Errorf("home does not show the branch %s", demo.BranchName)
		}
		if doc.Find(".warnings li").Length() == 0 {
			t.Errorf("home shows no warning, want the committee term reminder")
		}
	})
}

func TestVisitorIsSentToLogin(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	r := e.client().get("/members?status=full")
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?next=%2Fmembers%3Fstatus%3Dfull" {
		t.Fatalf("visitor: %d %s, want 303 to the sign-in page with next", r.StatusCode, r.Header.Get("Location"))
	}
}

func TestLoginFailsAndLocks(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.client()
	bad := url.Values{"username": {"member"}, "password": {"wrong-password"}}
	for i := 1; i <= huoshui.LockAttempts+2; i++ {
		// Wrong guesses all read alike, locked or not: the lock does not
		// tell a guesser that the username exists.
		r := c.postForm("/login", bad)
		r.wantStatus(http.StatusUnauthorized)
		if r.doc().Find("#password").AttrOr("value", "") != "" {
			t.Fatalf("the password was sent back in the form")
		}
	}
	// Now even the right password is refused until the lock ends.
	r := c.postForm("/login", url.Values{"username": {"member"}, "password": {demo.Password}})
	r.wantStatus(http.StatusLocked)
	if !strings.Contains(r.Body, "锁定") {
		t.Errorf("locked sign-in does not say the account is locked")
	}
	// After 30 minutes the account opens again.
	e.store.SetClock(func() time.Time { return time.Now().Add(huoshui.LockDuration + time.Minute) })
	c.postForm("/login", url.Values{"username": {"member"}, "password": {demo.Password}}).wantStatus(http.StatusSeeOther)

	// Every attempt is in the audit trail.
	entries, _, err := e.store.FindAuditEntries(context.Background(), huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, Username: "member"})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, en := range entries {
		counts[en.Action]++
	}
	if counts["login_failed"] != huoshui.LockAttempts+2 || counts["lock"] != 1 || counts["login"] != 1 {
		t.Errorf("audit counts %v, want %d failures (two while locked), 1 lock, 1 login", counts, huoshui.LockAttempts+2)
	}
}

func TestLoginUnknownUserAndEmptyFields(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.client()
	r := c.postForm("/login", url.Values{"username": {"nobody"}, "password": {"x"}}).wantStatus(http.StatusUnauthorized)
	if !strings.Contains(r.Body, "用户名或密码不正确") {
		t.Errorf("unknown user: no message")
	}
	r = c.postForm("/login", url.Values{"username": {"secretary"}}).wantStatus(http.StatusUnprocessableEntity)
	if r.doc().Find("#username").AttrOr("value", "") != "secretary" {
		t.Errorf("the typed username was not kept")
	}
}

func TestSessionExpires(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("member")
	c.get("/").wantStatus(http.StatusOK)
	e.store.SetClock(func() time.Time { return time.Now().Add(huoshui.SessionIdle + time.Minute) })
	r := c.get("/")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("after the idle limit: %d %s, want a redirect to sign in", r.StatusCode, r.Header.Get("Location"))
	}
}

func TestLogout(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("member")
	c.postForm("/logout", nil).wantStatus(http.StatusSeeOther)
	if r := c.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("after sign-out the home page answers %d, want a redirect", r.StatusCode)
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("secretary")
	cases := []struct {
		name    string
		headers map[string]string
		host    string
		want    int
	}{
		{"browser marks it cross-site", map[string]string{"Sec-Fetch-Site": "cross-site"}, "", http.StatusForbidden},
		// Over plain http to a non-loopback address, Chromium sends only
		// Origin: the check must compare it with Host.
		{"only Origin, another site", map[string]string{"Origin": "http://evil.example"}, "10.1.2.3:8080", http.StatusForbidden},
		{"only Origin, same host", map[string]string{"Origin": "http://10.1.2.3:8080"}, "10.1.2.3:8080", http.StatusSeeOther},
		{"same-origin fetch", map[string]string{"Sec-Fetch-Site": "same-origin"}, "", http.StatusSeeOther},
	}
	for _, tc := range cases {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/lang", strings.NewReader("lang=zh&next=/"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range tc.headers {
			req.Header.Set(k, v)
		}
		if tc.host != "" {
			req.Host = tc.host
		}
		resp, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, resp.StatusCode, tc.want)
		}
	}
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("member")
	other := e.login("member") // a second device
	cases := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"wrong current", url.Values{"current": {"nope"}, "password": {"Xinmima#2026"}, "confirm": {"Xinmima#2026"}}, "current"},
		{"too simple", url.Values{"current": {demo.Password}, "password": {"abcdefgh"}, "confirm": {"abcdefgh"}}, "password"},
		{"contains username", url.Values{"current": {demo.Password}, "password": {"Member#2026"}, "confirm": {"Member#2026"}}, "password"},
		{"mismatch", url.Values{"current": {demo.Password}, "password": {"Xinmima#2026"}, "confirm": {"Xinmima#2027"}}, "confirm"},
	}
	for _, tc := range cases {
		doc := c.postForm("/password", tc.form).wantStatus(http.StatusUnprocessableEntity).doc()
		if doc.Find("#"+tc.field).Parent().Find(".field-error").Length() == 0 {
			t.Errorf("%s: no message next to %s", tc.name, tc.field)
		}
	}
	c.postForm("/password", url.Values{"current": {demo.Password}, "password": {"Xinmima#2026"}, "confirm": {"Xinmima#2026"}}).
		wantStatus(http.StatusSeeOther)
	if !strings.Contains(c.get("/").wantStatus(http.StatusOK).Body, "密码已修改") {
		t.Errorf("no notice after the change")
	}
	if r := other.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the other device is still signed in (%d)", r.StatusCode)
	}
	e.client().postForm("/login", url.Values{"username": {"member"}, "password": {demo.Password}}).wantStatus(http.StatusUnauthorized)
	e.client().postForm("/login", url.Values{"username": {"member"}, "password": {"Xinmima#2026"}}).wantStatus(http.StatusSeeOther)
}

func TestLanguageSwitch(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	// A visitor gets the language of Accept-Language.
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/login", nil)
	req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	if r := e.client().do(req); !strings.Contains(r.Body, "Sign in") {
		t.Errorf("English visitor does not get English")
	}
	// A signed-in user's choice is remembered on the account.
	c := e.login("member")
	if !strings.Contains(c.get("/").Body, "您好") {
		t.Errorf("default is not Chinese")
	}
	c.postForm("/lang", url.Values{"lang": {"en"}, "next": {"/"}}).wantStatus(http.StatusSeeOther)
	fresh := e.login("member") // a new browser, no language cookie
	if body := fresh.get("/").Body; !strings.Contains(body, "Hello") {
		t.Errorf("the language choice was not remembered for the account")
	}
}

func TestHealthz(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	e.client().get("/healthz").wantStatus(http.StatusOK)
}

// One address trying one password across many accounts is slowed down,
// whatever the accounts.
func TestLoginThrottledPerAddress(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.client()
	got429 := false
	for i := 0; i < 15; i++ {
		r := c.postForm("/login", url.Values{"username": {fmt.Sprintf("user%02d", i)}, "password": {"Password#1"}})
		if r.StatusCode == http.StatusTooManyRequests {
			got429 = true
			if !strings.Contains(r.Body, "过于频繁") || r.Header.Get("Retry-After") == "" {
				t.Errorf("throttled sign-in does not say so")
			}
			break
		}
	}
	if !got429 {
		t.Fatalf("15 sign-ins in a row from one address were never slowed down")
	}
}

// The session cookie is HttpOnly and SameSite=Lax always, and Secure
// when the browser came over TLS.
func TestSessionCookieFlags(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	r := e.client().postForm("/login", url.Values{"username": {"member"}, "password": {demo.Password}})
	var plain *http.Cookie
	for _, c := range r.Cookies() {
		if c.Name == "huoshui_session" {
			plain = c
		}
	}
	if plain == nil || !plain.HttpOnly || plain.SameSite != http.SameSiteLaxMode || plain.Secure {
		t.Fatalf("over plain http the session cookie is %+v, want HttpOnly, Lax, not Secure", plain)
	}

	st := storetest.SQLite(t)
	if _, err := demo.Seed(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	_, h, err := web.New(web.Deps{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewTLSServer(h)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/login", strings.NewReader(url.Values{"username": {"member"}, "password": {demo.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", srv.URL)
	cl := srv.Client()
	cl.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := cl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	secure := false
	for _, c := range resp.Cookies() {
		if c.Name == "huoshui_session" && c.Secure {
			secure = true
		}
	}
	if !secure {
		t.Errorf("over TLS the session cookie is not Secure")
	}
}

// After signing in, a "next" address dressed up to leave the site lands on
// the home page instead.
func TestLoginNextStaysOnSite(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	for _, next := range []string{"/\t/evil.example", "//evil.example", "https://evil.example/", "/\\evil.example"} {
		r := e.client().postForm("/login", url.Values{"username": {"member"}, "password": {demo.Password}, "next": {next}})
		if loc := r.Header.Get("Location"); loc != "/" {
			t.Errorf("next=%q: redirected to %q, want /", next, loc)
		}
	}
	r := e.client().postForm("/login", url.Values{"username": {"member"}, "password": {demo.Password}, "next": {"/members/6"}})
	if loc := r.Header.Get("Location"); loc != "/members/6" {
		t.Errorf("a path on the site was not kept: %q", loc)
	}
}
