package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/web"
)

func noEnv(string) string { return "" }

func passwordEnv(k string) string {
	if k == "HUOSHUI_BENCH_PASSWORD" {
		return demo.Password
	}
	return ""
}

// demoServer serves the demo organisation on a fresh SQLite file.
func demoServer(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, st); err != nil {
		t.Fatal(err)
	}
	_, h, err := web.New(web.Deps{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// TestBench runs a short bench against a server with the demo
// organisation. It asserts what the report holds, never how fast anything
// was.
func TestBench(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := demoServer(t)
	var out bytes.Buffer
	err := bench(ctx, []string{"--url", srv.URL, "--user", "secretary", "--duration", "200ms", "--rate", "20", "--workers", "2"},
		passwordEnv, strings.NewReader(""), &out, io.Discard)
	// At 20/s the sustained goal of 1,000/s cannot be met: the run must
	// say so and fail.
	if err == nil || !strings.Contains(err.Error(), "speed goal") {
		t.Errorf("bench: %v, want the speed goals missed", err)
	}
	report := out.String()
	for _, re := range []string{
		`(?m)^/members\?org=\d+\s+server\s+\d+\s+\d+\s+100\.00 `,
		`(?m)^/members\?org=\d+\s+bare\s+\d+\s+\d+\s+100\.00 `,
		`(?m)^/\s+server\s+\d+`,
		`(?m)^/\s+bare\s+\d+`,
		`peak server/bare = \d+\.\d%`,
		`sustained 1000/s with p99 ≤ 25ms: FAIL`,
		`RESULT: FAIL`,
	} {
		if !regexp.MustCompile(re).MatchString(report) {
			t.Errorf("report lacks %s:\n%s", re, report)
		}
	}

	// The password may come on standard input instead.
	out.Reset()
	err = bench(ctx, []string{"--url", srv.URL, "--user", "secretary", "--duration", "100ms", "--rate", "10", "--paths", "/"},
		noEnv, strings.NewReader(demo.Password+"\n"), &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "speed goal") || !strings.Contains(out.String(), "peak server/bare") {
		t.Errorf("password on stdin: %v\n%s", err, out.String())
	}

	refusals := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"wrong password", []string{"--url", srv.URL, "--user", "secretary"}, "Wrong-Pass-2026!\n", "sign in as secretary failed"},
		{"no password", []string{"--url", srv.URL}, "", "HUOSHUI_BENCH_PASSWORD"},
		{"another machine", []string{"--url", "http://192.0.2.1:8080"}, demo.Password + "\n", "loads this machine only"},
		{"path without slash", []string{"--url", srv.URL, "--user", "secretary", "--paths", "members"}, demo.Password + "\n", "must start with /"},
	}
	for _, tt := range refusals {
		err := bench(ctx, append([]string{"--duration", "100ms"}, tt.args...), noEnv, strings.NewReader(tt.stdin), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

// --help says what the command does and names its environment variable.
func TestBenchHelp(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	err := bench(context.Background(), []string{"--help"}, noEnv, strings.NewReader(""), io.Discard, &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("bench --help: %v, want flag.ErrHelp (main exits 0 on it)", err)
	}
	if s := out.String(); !strings.HasPrefix(s, "huoshui-bench loads") || !strings.Contains(s, "HUOSHUI_BENCH_PASSWORD") || !strings.Contains(s, "-url") {
		t.Errorf("help:\n%s", s)
	}
}
