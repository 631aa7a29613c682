package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/web"
)

// env is a running server on a real database holding the demo
// organisation.
type env struct {
	t     *testing.T
	store *store.Store
	srv   *httptest.Server
}

// newEnv starts the server on st with the demo organisation seeded.
func newEnv(t *testing.T, st *store.Store) *env {
	t.Helper()
	if _, err := demo.Seed(context.Background(), st); err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	_, h, err := web.New(web.Deps{Store: st})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &env{t: t, store: st, srv: srv}
}

// eachEnv runs fn on a demo server over every engine (see storetest.Each).
func eachEnv(t *testing.T, fn func(t *testing.T, e *env)) {
	storetest.Each(t, func(t *testing.T, st *store.Store) { fn(t, newEnv(t, st)) })
}

// sqliteEnv is a demo server on SQLite only, for tests of the web layer
// that do not depend on the engine.
func sqliteEnv(t *testing.T) *env { return newEnv(t, storetest.SQLite(t)) }

// client is a browser: it keeps cookies, does not follow redirects, and
// sends the Origin a same-site browser would.
type client struct {
	e    *env
	http *http.Client
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, http: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// login signs in as a demo account and fails the test if that fails.
func (e *env) login(username string) *client {
	e.t.Helper()
	c := e.client()
	resp := c.postForm("/login", url.Values{"username": {username}, "password": {demo.Password}})
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d, want 303", username, resp.StatusCode)
	}
	return c
}

func (c *client) do(req *http.Request) *response {
	c.e.t.Helper()
	if req.Method != http.MethodGet && req.Header.Get("Origin") == "" {
		req.Header.Set("Origin", c.e.srv.URL)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return &response{Response: resp, Body: string(body), t: c.e.t}
}

func (c *client) get(path string) *response {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.e.srv.URL+path, nil)
	return c.do(req)
}

func (c *client) postForm(path string, v url.Values) *response {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *client) postJSON(path, body string) *response {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return c.do(req)
}

// response is a finished response with its body read.
type response struct {
	*http.Response
	Body string
	t    *testing.T
}

// doc parses the body as HTML.
func (r *response) doc() *goquery.Document {
	r.t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(r.Body))
	if err != nil {
		r.t.Fatalf("parse html: %v", err)
	}
	return d
}

// wantStatus fails the test unless the status is code.
func (r *response) wantStatus(code int) *response {
	r.t.Helper()
	if r.StatusCode != code {
		body := r.Body
		if len(body) > 600 {
			body = body[:600] + "…"
		}
		r.t.Fatalf("%s %s: status %d, want %d\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, code, body)
	}
	return r
}

// demoMember finds a demo member by name.
func (e *env) demoMember(name string) *huoshui.Member {
	e.t.Helper()
	ms, _, err := e.store.FindMembers(context.Background(), huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, Query: name})
	if err != nil || len(ms) == 0 {
		e.t.Fatalf("demo member %s: %v", name, err)
	}
	return ms[0]
}

// demoOrg finds a demo node by name.
func (e *env) demoOrg(name string) *huoshui.Org {
	e.t.Helper()
	os, err := e.store.FindOrgs(context.Background(), huoshui.OrgFilter{Scope: huoshui.Everything(), Name: name})
	if err != nil || len(os) == 0 {
		e.t.Fatalf("demo org %s: %v", name, err)
	}
	return os[0]
}
