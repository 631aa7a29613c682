package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// runOut runs the program and returns what it wrote to stdout and stderr.
func runOut(args []string, stdin string) (stdout, stderr string, err error) {
	var out, errOut bytes.Buffer
	// A serve that wrongly accepts its flags stops after a while and the
	// test reports it, rather than hanging.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = run(ctx, args, noEnv, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

// Every command answers --help with success, a sentence saying what it
// does, its flags and the environment variables it reads, on stdout.
func TestCommandHelp(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"serve", "--help"}, []string{"Runs the platform", "-addr", "HUOSHUI_DB", "HUOSHUI_ADDR", "HUOSHUI_LOG"}},
		{[]string{"serve", "-h"}, []string{"Runs the platform"}},
		{[]string{"migrate", "--help"}, []string{"schema", "-db", "HUOSHUI_DB"}},
		{[]string{"init", "--help"}, []string{"first", "-org-name", "-kind", "HUOSHUI_DB"}},
		{[]string{"user", "add", "--help"}, []string{"Creates an account", "-username", "-role", "HUOSHUI_DB"}},
		{[]string{"user", "reset", "--help"}, []string{"Sets a new password", "-username", "HUOSHUI_DB"}},
		{[]string{"user", "--help"}, []string{"user add", "user reset"}},
		{[]string{"gen", "--help"}, []string{"synthetic", "-members", "HUOSHUI_BENCH_PASSWORD", "HUOSHUI_DB"}},
		{[]string{"version", "--help"}, []string{"version"}},
		{[]string{"clean", "--help"}, []string{"clean study text", "huoshui clean [FILE]"}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			out, errOut, err := runOut(c.args, "")
			if err != nil {
				t.Fatalf("%q: %v (stderr %q), want success", c.args, err, errOut)
			}
			first, _, _ := strings.Cut(out, "\n")
			if strings.HasPrefix(first, "Usage") || strings.HasPrefix(first, "  -") || first == "" {
				t.Errorf("%q: help starts with %q, want a line saying what the command does", c.args, first)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("%q: help lacks %q:\n%s", c.args, w, out)
				}
			}
		})
	}
	// A wrong flag is still an error, with the help on stderr.
	if _, errOut, err := runOut([]string{"migrate", "--nope"}, ""); err == nil || !strings.Contains(errOut, "-db") {
		t.Errorf("migrate --nope: %v, stderr %q; want an error and the flags", err, errOut)
	}
}

// The top-level usage names every command there is.
func TestUsageListsEveryCommand(t *testing.T) {
	t.Parallel()
	out, _, err := runOut([]string{"help"}, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"serve", "migrate", "init", "user add", "user reset", "gen", "clean", "bench", "version"} {
		if !strings.Contains(out, "huoshui "+c+" ") {
			t.Errorf("usage lacks %q:\n%s", "huoshui "+c, out)
		}
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	out, _, err := runOut([]string{"version"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "huoshui ") || !strings.Contains(out, runtime.Version()) {
		t.Errorf("version printed %q, want huoshui, its version and %s", out, runtime.Version())
	}
}

// A binary built from a checkout names its module version, revision and
// commit time.
func TestDescribeBuild(t *testing.T) {
	t.Parallel()
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/huoshui/huoshui", Version: "v0.3.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "5a80590937"}, {Key: "vcs.time", Value: "2026-12-01T07:00:00Z"},
			{Key: "vcs.modified", Value: "true"}}}
	got := describeBuild(bi)
	for _, w := range []string{"huoshui v0.3.0\n", "revision 5a80590937 (with uncommitted changes)\n", "committed 2026-12-01T07:00:00Z\n", "built with go1.26.8 "} {
		if !strings.Contains(got, w) {
			t.Errorf("describeBuild = %q, want %q in it", got, w)
		}
	}
	if got := describeBuild(nil); !strings.HasPrefix(got, "huoshui (devel)\n") {
		t.Errorf("without build information: %q", got)
	}
}

// The production binary has no load generator: huoshui bench points at
// the command that has one.
func TestBenchPointsToItsCommand(t *testing.T) {
	t.Parallel()
	_, errOut, err := runOut([]string{"bench", "--url", "http://127.0.0.1:8080"}, "")
	if err == nil || !strings.Contains(errOut+err.Error(), "./cmd/huoshui-bench") {
		t.Errorf("huoshui bench: %v, stderr %q; want it to name ./cmd/huoshui-bench", err, errOut)
	}
}

// --db takes the forms it documents and refuses the rest, creating nothing.
func TestDBForms(t *testing.T) {
	dir := t.TempDir()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(wd) })
	for _, db := range []string{"mysql://x", "mysql:x", "sqlite:", "http://127.0.0.1/x", ""} {
		for _, cmd := range [][]string{{"migrate", "--db", db}, {"serve", "--addr", "127.0.0.1:0", "--db", db}} {
			_, _, err := runOut(cmd, "")
			if err == nil || !strings.Contains(err.Error(), "sqlite:PATH") || !strings.Contains(err.Error(), "postgres://") {
				t.Errorf("%q: %v, want a refusal naming the accepted forms", cmd, err)
			}
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("refused --db values left files behind: %v", entries)
	}
	for _, db := range []string{"sqlite:" + filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db"), "c.db"} {
		if _, _, err := runOut([]string{"migrate", "--db", db}, ""); err != nil {
			t.Errorf("migrate --db %s: %v", db, err)
		}
	}
}

// initPasswords is what an operator types: each administrator's password
// twice.
const initPasswords = "Xitong#2026a\nXitong#2026a\nAnquan#2026b\nAnquan#2026b\nShenji#2026c\nShenji#2026c\n"

// A real deployment starts from an empty database: huoshui init makes the
// root committee and the three administrators, and user add then works
// against the root.
func TestInit(t *testing.T) {
	t.Parallel()
	for engine, newDB := range engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := newDB(t)
			// Before init, nothing can be attached to the tree.
			if _, err := userAdd(db, 1, "Huoshui#2026x\nHuoshui#2026x\n"); err == nil || !strings.Contains(err.Error(), "huoshui init") {
				t.Errorf("user add on an empty database: %v, want it to point at huoshui init", err)
			}
			out, _, err := runOut([]string{"init", "--db", db, "--org-name", "某某市直机关工委", "--kind", "committee"}, initPasswords)
			if err != nil {
				t.Fatalf("init: %v", err)
			}
			for _, w := range []string{"某某市直机关工委", "sysadmin", "secadmin", "auditor"} {
				if !strings.Contains(out, w) {
					t.Errorf("init printed %q, want %q", out, w)
				}
			}
			st := openTestStore(t, db)
			ctx := context.Background()
			roots, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Archived: true})
			if err != nil || len(roots) != 1 || roots[0].Name != "某某市直机关工委" || roots[0].Kind != huoshui.OrgCommittee || roots[0].ParentID != 0 {
				t.Fatalf("after init the tree is %+v (%v), want one root committee", roots, err)
			}
			for _, a := range []struct {
				username, password string
				role               huoshui.RoleKind
			}{{"sysadmin", "Xitong#2026a", huoshui.RoleSysAdmin}, {"secadmin", "Anquan#2026b", huoshui.RoleSecAdmin}, {"auditor", "Shenji#2026c", huoshui.RoleAuditor}} {
				u, err := st.FindUserByUsername(ctx, a.username)
				if err != nil {
					t.Fatalf("%s: %v", a.username, err)
				}
				if len(u.Roles) != 1 || u.Roles[0].Kind != a.role || u.Roles[0].OrgID != roots[0].ID {
					t.Errorf("%s holds %+v, want %s at the root", a.username, u.Roles, a.role)
				}
				if ok, _ := auth.CheckPassword(u.PasswordHash, a.password); !ok {
					t.Errorf("%s does not take the password typed for it", a.username)
				}
				if !u.MustChangePassword {
					t.Errorf("%s need not change the password the installer typed", a.username)
				}
			}
			// The README's next step: the first secretary at the root.
			if _, err := userAdd(db, roots[0].ID, "Huoshui#2026x\nHuoshui#2026x\n"); err != nil {
				t.Errorf("user add after init: %v", err)
			}
			// A second init is refused and changes nothing.
			_, _, err = runOut([]string{"init", "--db", db, "--org-name", "另一个党委"}, initPasswords)
			if err == nil || !strings.Contains(err.Error(), "already") {
				t.Errorf("second init: %v, want a refusal", err)
			}
			if orgs, _ := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Archived: true}); len(orgs) != 1 {
				t.Errorf("%d nodes after a refused second init, want 1", len(orgs))
			}
		})
	}
}

// init checks everything before it writes anything: a refused run leaves
// the database empty, so the operator can simply run it again.
func TestInitRefuses(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"no name", nil, initPasswords, "--org-name"},
		{"a group cannot be a root", []string{"--org-name", "某党小组", "--kind", "group"}, initPasswords, "--kind"},
		{"no such kind", []string{"--org-name", "某党委", "--kind", "party"}, initPasswords, "--kind"},
		{"weak third password", []string{"--org-name", "某党委"}, "Xitong#2026a\nXitong#2026a\nAnquan#2026b\nAnquan#2026b\nshort\nshort\n", "auditor"},
		{"passwords differ", []string{"--org-name", "某党委"}, "Xitong#2026a\nXitong#2026x\n", "differ"},
		{"too few passwords", []string{"--org-name", "某党委"}, "Xitong#2026a\nXitong#2026a\n", "twice"},
		{"same account twice", []string{"--org-name", "某党委", "--auditor", "sysadmin"}, initPasswords, "differ"},
		{"stray argument", []string{"--org-name", "某党委", "extra"}, initPasswords, "unexpected"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := "sqlite:" + filepath.Join(t.TempDir(), "h.db")
			_, _, err := runOut(append([]string{"init", "--db", db}, c.args...), c.stdin)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("init %q: %v, want an error naming %q", c.args, err, c.want)
			}
			st, err := openStore(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if orgs, err := st.FindOrgs(context.Background(), huoshui.OrgFilter{Scope: huoshui.Everything(), Archived: true}); err != nil || len(orgs) > 0 {
				t.Errorf("a refused init left %d nodes (%v)", len(orgs), err)
			}
			if _, err := st.FindUserByUsername(context.Background(), "sysadmin"); !errors.Is(err, huoshui.ErrNotFound) {
				t.Errorf("a refused init left the sysadmin account (%v)", err)
			}
		})
	}
}
