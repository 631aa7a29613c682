package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest/dsn"
)

// noEnv is an empty environment, so HUOSHUI_* variables of the machine
// running the tests cannot change what the program does.
func noEnv(string) string { return "" }

// syncBuffer is a bytes.Buffer that the program and the test may use at
// the same time.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listeningRE = regexp.MustCompile(`listening on (http://\S+) \((sqlite|postgres)\)`)

// program is the real huoshui running in the test process.
type program struct {
	t      *testing.T
	base   string // http://127.0.0.1:PORT
	engine string
	stdout *syncBuffer // every line serve printed
	stderr *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// start runs `huoshui serve --demo` on a free port over db and waits
// until it says where it listens and answers /healthz.
func start(t *testing.T, db string) *program {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p := &program{t: t, stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	pr, pw := io.Pipe()
	files := filepath.Join(t.TempDir(), "files")
	go func() {
		err := run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--db", db, "--files", files},
			noEnv, strings.NewReader(""), pw, p.stderr)
		pw.Close()
		p.done <- err
	}()
	t.Cleanup(func() {
		cancel()
		<-p.done
	})
	// Read stdout line by line; keep draining it after the address so the
	// program never blocks on a write.
	addr := make(chan [2]string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		found := false
		for sc.Scan() {
			line := sc.Text()
			p.stdout.Write([]byte(line + "\n"))
			if m := listeningRE.FindStringSubmatch(line); m != nil && !found {
				found = true
				addr <- [2]string{m[1], m[2]}
			}
		}
		close(addr)
	}()
	select {
	case a, ok := <-addr:
		if !ok {
			err := <-p.done
			p.done <- err
			t.Fatalf("serve ended before it listened: %v\nstdout:\n%s\nstderr:\n%s", err, p.stdout, p.stderr)
		}
		p.base, p.engine = a[0], a[1]
	case <-time.After(2 * time.Minute):
		t.Fatalf("serve printed no address\nstdout:\n%s\nstderr:\n%s", p.stdout, p.stderr)
	}
	// The port is open once the line is printed; /healthz says the
	// database answers too.
	for i := 0; ; i++ {
		resp, err := http.Get(p.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if i == 100 {
			t.Fatalf("GET /healthz never answered 200 (last: %v)\nstderr:\n%s", err, p.stderr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return p
}

// stop cancels the program's context and returns what run returned.
func (p *program) stop() error {
	p.t.Helper()
	p.cancel()
	select {
	case err := <-p.done:
		p.done <- err // for the cleanup
		return err
	case <-time.After(time.Minute):
		p.t.Fatalf("run did not return after its context was cancelled")
		return nil
	}
}

// browser is an HTTP client that keeps cookies and sends the Origin a
// browser on the same site sends.
func (p *program) browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: time.Minute}
}

func (p *program) signIn(c *http.Client, username string) {
	p.t.Helper()
	form := url.Values{"username": {username}, "password": {demo.Password}}
	req, _ := http.NewRequest(http.MethodPost, p.base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", p.base)
	resp, err := c.Do(req)
	if err != nil {
		p.t.Fatalf("POST /login: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	// The client follows the redirect to the home page.
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
		p.t.Fatalf("sign in as %s: ended at %s with %d, want the home page with 200\n%.600s",
			username, resp.Request.URL.Path, resp.StatusCode, body)
	}
}

// get follows redirects and returns the final status, path and body.
func get(t *testing.T, c *http.Client, u string) (code int, path, body string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Request.URL.Path, string(b)
}

// engines lists a fresh database of every engine available: a SQLite
// file always, a schema of its own on PostgreSQL when configured.
func engines(t *testing.T) map[string]func(t *testing.T) string {
	return map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return dsn.SQLite(t) },
		"postgres": func(t *testing.T) string { return dsn.Postgres(t) },
	}
}

// TestServeDemo boots the real program, signs in as the demo secretary
// and reads the branch's member list, then stops it.
func TestServeDemo(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			db := engines(t)[name](t)
			p := start(t, db)
			if p.engine != name {
				t.Errorf("serve says it runs on %s, want %s", p.engine, name)
			}
			out := p.stdout.String()
			for _, want := range []string{"secretary", "member", "organiser", "sysadmin", "secadmin", "auditor", demo.Password} {
				if !strings.Contains(out, want) {
					t.Errorf("serve --demo did not print %q among the demo accounts:\n%s", want, out)
				}
			}

			c := p.browser()
			// A visitor asking for the member list is sent to the sign-in form.
			if code, path, body := get(t, c, p.base+"/members"); code != http.StatusOK || path != "/login" || !strings.Contains(body, `name="password"`) {
				t.Fatalf("GET /members as a visitor ended at %s with %d, want the sign-in form", path, code)
			}
			p.signIn(c, "secretary")
			code, _, body := get(t, c, p.base+"/members")
			if code != http.StatusOK {
				t.Fatalf("GET /members as the secretary: %d, want 200\n%.600s", code, body)
			}
			for _, name := range []string{"李明远", "朱晓琳", "马俊杰"} {
				if !strings.Contains(body, name) {
					t.Errorf("the member list does not show %s", name)
				}
			}
			// Members of the other branch are not the secretary's.
			if strings.Contains(body, "郭立新") {
				t.Errorf("the secretary's member list shows 郭立新 of %s", demo.SecondBranch)
			}

			if err := p.stop(); err != nil {
				t.Fatalf("run returned %v after a clean stop, want nil\nstderr:\n%s", err, p.stderr)
			}
			if _, err := http.Get(p.base + "/healthz"); err == nil {
				t.Errorf("the server still answers after run returned")
			}
		})
	}
}

// TestServeDemoTwice starts the program again on a database that already
// holds the demo organisation: it must not seed it a second time.
func TestServeDemoTwice(t *testing.T) {
	t.Parallel()
	db := "sqlite:" + filepath.Join(t.TempDir(), "huoshui.db")
	p := start(t, db)
	if err := p.stop(); err != nil {
		t.Fatal(err)
	}
	p = start(t, db)
	if out := p.stdout.String(); strings.Contains(out, "demo organisation created") || !strings.Contains(out, demo.Password) {
		t.Errorf("second start printed:\n%s\nwant only the demo password, no new organisation", out)
	}
	if err := p.stop(); err != nil {
		t.Fatal(err)
	}
	st := openTestStore(t, db)
	orgs, err := st.FindOrgs(context.Background(), huoshui.OrgFilter{Scope: huoshui.Everything(), Name: demo.BranchName})
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 1 {
		t.Errorf("%d nodes named %s after two starts, want 1", len(orgs), demo.BranchName)
	}
}

func TestRunUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args    []string
		wantErr bool
		want    string // in stdout or stderr
	}{
		{nil, true, "huoshui serve"},
		{[]string{"help"}, false, "huoshui migrate"},
		{[]string{"frobnicate"}, true, "huoshui user add"},
		{[]string{"serve", "--no-such-flag"}, true, "no-such-flag"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tt.args, noEnv, strings.NewReader(""), &out, &errOut)
			if (err != nil) != tt.wantErr {
				t.Fatalf("run(%q) = %v, want error %v", tt.args, err, tt.wantErr)
			}
			all := out.String() + errOut.String()
			if err != nil {
				all += err.Error()
			}
			if !strings.Contains(all, tt.want) {
				t.Errorf("run(%q) said %q, want it to mention %q", tt.args, all, tt.want)
			}
		})
	}
}

var versionRE = regexp.MustCompile(`schema up to date at version (\d+) \(sqlite\)`)

func TestMigratePrintsVersion(t *testing.T) {
	t.Parallel()
	db := "sqlite:" + filepath.Join(t.TempDir(), "huoshui.db")
	for i := 0; i < 2; i++ { // a second run finds nothing to do and says the same
		var out bytes.Buffer
		if err := run(context.Background(), []string{"migrate", "--db", db}, noEnv, strings.NewReader(""), &out, io.Discard); err != nil {
			t.Fatalf("migrate: %v", err)
		}
		m := versionRE.FindStringSubmatch(out.String())
		if m == nil || m[1] == "0" {
			t.Fatalf("migrate printed %q, want the schema version above 0", out.String())
		}
	}
}

// TestMigrateUsesEnv checks HUOSHUI_DB is read when --db is not given.
func TestMigrateUsesEnv(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "from-env.db")
	env := func(k string) string {
		if k == "HUOSHUI_DB" {
			return "sqlite:" + path
		}
		return ""
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate"}, env, strings.NewReader(""), &out, io.Discard); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	st := openTestStore(t, "sqlite:"+path)
	if v, err := st.SchemaVersion(context.Background()); err != nil || v == 0 {
		t.Errorf("database named by HUOSHUI_DB is at version %d (%v), want migrated", v, err)
	}
}

func openTestStore(t *testing.T, db string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// seededDB returns a migrated SQLite database holding the demo
// organisation, and the id of the secretariat branch.
func seededDB(t *testing.T) (db string, branchID int64) {
	t.Helper()
	db = "sqlite:" + filepath.Join(t.TempDir(), "huoshui.db")
	if err := run(context.Background(), []string{"migrate", "--db", db}, noEnv, strings.NewReader(""), io.Discard, io.Discard); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := demo.Seed(ctx, st); err != nil {
		t.Fatalf("seed: %v", err)
	}
	orgs, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Name: demo.BranchName})
	if err != nil || len(orgs) != 1 {
		t.Fatalf("find %s: %v (%d found)", demo.BranchName, err, len(orgs))
	}
	return db, orgs[0].ID
}

func userAdd(db string, org int64, stdin string, extra ...string) (string, error) {
	args := append([]string{"user", "add", "--db", db, "--username", "zhangsan", "--name", "张三",
		"--role", "secretary", "--org", strconv.FormatInt(org, 10)}, extra...)
	var out bytes.Buffer
	err := run(context.Background(), args, noEnv, strings.NewReader(stdin), &out, io.Discard)
	return out.String(), err
}

func TestUserAdd(t *testing.T) {
	t.Parallel()
	db, branch := seededDB(t)
	const password = "Huoshui#2026x"
	out, err := userAdd(db, branch, password+"\n"+password+"\n")
	if err != nil {
		t.Fatalf("user add: %v", err)
	}
	if !strings.Contains(out, "zhangsan") || !strings.Contains(out, demo.BranchName) {
		t.Errorf("user add printed %q, want the account and the node", out)
	}

	st := openTestStore(t, db)
	u, err := st.FindUserByUsername(context.Background(), "zhangsan")
	if err != nil {
		t.Fatalf("the new account is not in the database: %v", err)
	}
	if u.DisplayName != "张三" {
		t.Errorf("display name %q, want 张三", u.DisplayName)
	}
	if len(u.Roles) != 1 || u.Roles[0].Kind != huoshui.RoleSecretary || u.Roles[0].OrgID != branch {
		t.Errorf("roles %+v, want secretary at node %d", u.Roles, branch)
	}
	if u.PasswordHash == "" || strings.Contains(u.PasswordHash, password) {
		t.Errorf("password stored as %q, want a hash", u.PasswordHash)
	}

	// The same username a second time is refused.
	if _, err := userAdd(db, branch, password+"\n"+password+"\n"); err == nil || !strings.Contains(err.Error(), "taken") {
		t.Errorf("second user add zhangsan: %v, want the username is taken", err)
	}
}

func TestUserAddRefuses(t *testing.T) {
	t.Parallel()
	db, branch := seededDB(t)
	tests := []struct {
		name  string
		stdin string
		org   int64
		extra []string
		want  string // in the error
	}{
		{"short password", "Ab1#\nAb1#\n", branch, nil, "at least 8 characters"},
		{"one kind of character", "abcdefghijkl\nabcdefghijkl\n", branch, nil, "at least 3 of"},
		{"password holds the username", "Zhangsan#2026\nZhangsan#2026\n", branch, nil, "must not contain the username"},
		{"passwords differ", "Huoshui#2026x\nHuoshui#2026y\n", branch, nil, "differ"},
		{"password once", "Huoshui#2026x\n", branch, nil, "twice"},
		{"no such node", "Huoshui#2026x\nHuoshui#2026x\n", 9999, nil, "no such organisation"},
		{"no such role", "Huoshui#2026x\nHuoshui#2026x\n", branch, []string{"--role", "king"}, "not a role"},
		{"bad username", "Huoshui#2026x\nHuoshui#2026x\n", branch, []string{"--username", "张"}, "lower-case"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := userAdd(db, tt.org, tt.stdin, tt.extra...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("user add: %v, want an error saying %q", err, tt.want)
			}
		})
	}
	st := openTestStore(t, db)
	for _, name := range []string{"zhangsan", "张"} {
		if _, err := st.FindUserByUsername(context.Background(), name); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("refused account %s exists (%v)", name, err)
		}
	}
}

// huoshui user reset sets a password the owner must change, for accounts
// (administrators') that no page may reset; weak passwords and unknown
// accounts are refused with a reason.
func TestUserReset(t *testing.T) {
	t.Parallel()
	db, _ := seededDB(t)
	reset := func(username, stdin string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), []string{"user", "reset", "--db", db, "--username", username}, noEnv,
			strings.NewReader(stdin), &out, io.Discard)
		return out.String(), err
	}
	const password = "Linshi#2026ab"
	if out, err := reset("auditor", password+"\n"+password+"\n"); err != nil || !strings.Contains(out, "auditor") {
		t.Fatalf("user reset auditor: %q, %v", out, err)
	}
	u, err := openTestStore(t, db).FindUserByUsername(context.Background(), "auditor")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := auth.CheckPassword(u.PasswordHash, password); !ok || !u.MustChangePassword {
		t.Errorf("after reset: new password works %v, must change %v; want both", ok, u.MustChangePassword)
	}
	if _, err := reset("auditor", "short\nshort\n"); err == nil || !strings.Contains(err.Error(), "8 characters") {
		t.Errorf("a weak password: %v, want the rule named", err)
	}
	if _, err := reset("nobody", password+"\n"+password+"\n"); err == nil || !strings.Contains(err.Error(), "no such account") {
		t.Errorf("an unknown account: %v, want it named", err)
	}
}
