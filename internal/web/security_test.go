package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/storetest"
)

// A browser whose User-Agent is long and Chinese (some 360 and QQ builds
// put their Chinese name in it) signs in: the stored agent is cut between
// characters, never inside one, which PostgreSQL would refuse with a 500.
func TestLoginWithLongChineseUserAgent(t *testing.T) {
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
