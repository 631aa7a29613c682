package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/blob"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/web"
)

// env is a running server on a real database holding the demo
// organisation.
//
// An env, its clients and their responses are bound to one test: their
// helpers (login, get, wantStatus…) fail that test. Inside t.Run, bind
// them to the subtest with e.as(t) or c.as(t), so that a failure stops
// the subtest alone and its siblings still run:
//
//	t.Run("secretary", func(t *testing.T) {
//		e.as(t).login("secretary").get("/").wantStatus(http.StatusOK)
//	})
//
// Using a helper bound to another test (the parent) from inside a subtest
// panics at once, on every run, naming the fix: otherwise the mistake
// would show only on the day the subtest fails, as the parent's FailNow
// from the subtest's goroutine, which aborts the whole test binary.
type env struct {
	t     *testing.T // read through e.T(), which checks the binding
	gid   uint64     // the goroutine running t
	store *store.Store
	srv   *httptest.Server
}

// as returns e bound to t (a subtest): same server, same database.
func (e *env) as(t *testing.T) *env {
	return &env{t: t, gid: goid(), store: e.store, srv: e.srv}
}

// T is the test e is bound to. It panics when called from another test's
// goroutine (a subtest using its parent's env): see env.
func (e *env) T() *testing.T {
	e.t.Helper()
	// An env built as a struct literal has no gid: it is not checked.
	if id := goid(); e.gid != 0 && id != e.gid && inTestGoroutine() {
		panic(fmt.Sprintf("web_test: a helper bound to %s is used from another test (goroutine %d, a subtest?); "+
			"bind it to that test with e.as(t) or c.as(t)", e.t.Name(), id))
	}
	return e.t
}

// goid is the id of the calling goroutine.
func goid() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return id
}

// inTestGoroutine reports whether the calling goroutine runs a test or
// subtest (t.Run started it), as opposed to a goroutine a test started.
func inTestGoroutine() bool {
	buf := make([]byte, 64<<10)
	return bytes.Contains(buf[:runtime.Stack(buf, false)], []byte("\ncreated by testing.(*T).Run"))
}

// newEnv starts the server on st with the demo organisation seeded.
func newEnv(t *testing.T, st *store.Store) *env {
	t.Helper()
	// The demo's people without its year of meetings: the tests lay out
	// the meetings they read (TestDemoLife reads the demo's own).
	if _, err := demo.SeedPeople(context.Background(), st); err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	files, err := blob.Open(t.TempDir())
	if err != nil {
		t.Fatalf("blob.Open: %v", err)
	}
	_, h, err := web.New(web.Deps{Store: st, Files: files})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &env{t: t, gid: goid(), store: st, srv: srv}
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

// as returns c bound to t (a subtest): same session, same cookies.
func (c *client) as(t *testing.T) *client { return &client{e: c.e.as(t), http: c.http} }

func (e *env) client() *client {
	e.T()
	jar, _ := cookiejar.New(nil)
	return &client{e: e, http: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// login signs in as a demo account and fails the test if that fails.
func (e *env) login(username string) *client {
	e.T().Helper()
	c := e.client()
	resp := c.postForm("/login", url.Values{"username": {username}, "password": {demo.Password}})
	if resp.StatusCode != http.StatusSeeOther {
		e.T().Fatalf("login %s: status %d, want 303", username, resp.StatusCode)
	}
	return c
}

func (c *client) do(req *http.Request) *response {
	c.e.T().Helper()
	if req.Method != http.MethodGet && req.Header.Get("Origin") == "" {
		req.Header.Set("Origin", c.e.srv.URL)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.e.T().Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return &response{Response: resp, Body: string(body), e: c.e}
}

func (c *client) get(path string) *response {
	c.e.T().Helper()
	req, _ := http.NewRequest(http.MethodGet, c.e.srv.URL+path, nil)
	return c.do(req)
}

func (c *client) postForm(path string, v url.Values) *response {
	c.e.T().Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *client) postJSON(path, body string) *response {
	c.e.T().Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return c.do(req)
}

// response is a finished response with its body read.
type response struct {
	*http.Response
	Body string
	e    *env // the test it belongs to
}

// doc parses the body as HTML.
func (r *response) doc() *goquery.Document {
	r.e.T().Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(r.Body))
	if err != nil {
		r.e.T().Fatalf("parse html: %v", err)
	}
	return d
}

// wantStatus fails the test unless the status is code.
func (r *response) wantStatus(code int) *response {
	r.e.T().Helper()
	if r.StatusCode != code {
		body := r.Body
		if len(body) > 600 {
			body = body[:600] + "…"
		}
		r.e.T().Fatalf("%s %s: status %d, want %d\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, code, body)
	}
	return r
}

// demoMember finds a demo member by name.
func (e *env) demoMember(name string) *huoshui.Member {
	e.T().Helper()
	ms, _, err := e.store.FindMembers(context.Background(), huoshui.MemberFilter{Scope: huoshui.Scope{All: true}, Query: name})
	if err != nil || len(ms) == 0 {
		e.T().Fatalf("demo member %s: %v", name, err)
	}
	return ms[0]
}

// demoOrg finds a demo node by name.
func (e *env) demoOrg(name string) *huoshui.Org {
	e.T().Helper()
	os, err := e.store.FindOrgs(context.Background(), huoshui.OrgFilter{Scope: huoshui.Everything(), Name: name})
	if err != nil || len(os) == 0 {
		e.T().Fatalf("demo org %s: %v", name, err)
	}
	return os[0]
}

// TestHelpersFailOnlyTheirSubtest runs TestHelperDemo in a child process:
// a subtest whose helper fails stops alone while its sibling still runs,
// and a subtest using its parent's helpers is stopped with the fix named.
func TestHelpersFailOnlyTheirSubtest(t *testing.T) {
	t.Parallel()
	run := func(mode string) string {
		t.Helper()
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperDemo$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), "HUOSHUI_HELPER_DEMO="+mode, "HUOSHUI_TEST_POSTGRES=", "CI=")
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Fatalf("demo %s passed, want a failure:\n%s", mode, out)
		}
		return string(out)
	}
	out := run("bound")
	for _, want := range []string{"--- FAIL: TestHelperDemo/fails", "status 200, want 418", "--- PASS: TestHelperDemo/sibling"} {
		if !strings.Contains(out, want) {
			t.Errorf("bound helpers: output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "panic") {
		t.Errorf("bound helpers: the test binary panicked:\n%s", out)
	}
	out = run("unbound")
	if !strings.Contains(out, "bind it to that test with e.as(t) or c.as(t)") {
		t.Errorf("a subtest using its parent's client was not stopped with the fix named:\n%s", out)
	}
}

// TestHelperDemo fails on purpose; it runs only as TestHelpersFailOnlyTheirSubtest's child.
func TestHelperDemo(t *testing.T) {
	mode := os.Getenv("HUOSHUI_HELPER_DEMO")
	if mode == "" {
		t.Skip("run by TestHelpersFailOnlyTheirSubtest")
	}
	e := sqliteEnv(t)
	c := e.login("secretary")
	t.Run("fails", func(t *testing.T) {
		if mode == "bound" {
			c := c.as(t)
			c.get("/").wantStatus(http.StatusTeapot)
		} else {
			c.get("/").wantStatus(http.StatusTeapot)
		}
	})
	t.Run("sibling", func(t *testing.T) {
		e := e.as(t)
		e.login("member").get("/").wantStatus(http.StatusOK)
	})
}
