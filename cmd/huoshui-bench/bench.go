package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
	"golang.org/x/term"
)

// The speed goals of the issue, checked on every run.
const (
	goalRate      = 1000                  // requests per second, sustained
	goalP99       = 25 * time.Millisecond // at that rate
	goalPeakShare = 0.12                  // peak(server) / peak(bare handler)
)

// bench loads a running server through each path at a constant rate and
// then as fast as it answers, does the same to a bare net/http handler it
// starts itself (the machine's ceiling), and prints both with the ratio.
// It talks to 127.0.0.1 only.
func bench(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", stderr)
	base := fs.String("url", "http://127.0.0.1:8080", "base URL of the running server (loopback only)")
	username := fs.String("user", benchSecretary, "account to sign in with (password from HUOSHUI_BENCH_PASSWORD or standard input)")
	duration := fs.Duration("duration", 10*time.Second, "length of each stage")
	rate := fs.Int("rate", goalRate, "requests per second of the constant-rate stage")
	paths := fs.String("paths", "", `comma-separated paths to load (default: the user's first branch's member list "/members?org=ID", "/", `+
		`its meetings "/meetings?org=ID" and its compliance calendar "/orgs/ID/compliance")`)
	workers := fs.Int("workers", min(64, max(8, 4*runtime.GOMAXPROCS(0))), "concurrent requests of the peak stage")
	scenario := fs.String("scenario", "pages", `"pages": the pages at a constant rate and at their peak; "checkin": the check-in burst of an assembly (checkin.go)`)
	burst := burstOptions{signins: 4}
	fs.IntVar(&burst.members, "checkin-members", 3000, "checkin: how many members scan the code")
	fs.IntVar(&burst.rate, "checkin-rate", 3000, "checkin: scans offered per second")
	fs.DurationVar(&burst.wait, "checkin-wait", 61*time.Second, "checkin: pause after the last sign-in (over a minute: each scan also refreshes its session)")
	fs.StringVar(&burst.dsn, "db", "", "checkin: the server's database (sqlite:PATH or postgres://…), to count the check-ins in afterwards")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("bench: unexpected arguments %v", fs.Args())
	}
	if *duration <= 0 || *duration > 10*time.Minute {
		return errors.New("bench: --duration must be between 0 and 10m")
	}
	if *rate < 1 || *workers < 1 {
		return errors.New("bench: --rate and --workers must be positive")
	}
	u, err := url.Parse(strings.TrimSuffix(*base, "/"))
	if err != nil || u.Scheme != "http" || !loopback(u.Hostname()) {
		return fmt.Errorf("bench: --url %q: want http://127.0.0.1:PORT (bench loads this machine only)", *base)
	}
	baseURL := u.Scheme + "://" + u.Host
	if *scenario != "pages" && *scenario != "checkin" {
		return fmt.Errorf("bench: --scenario %q: want pages or checkin", *scenario)
	}
	if burst.members < 1 || burst.members > 9999 || burst.rate < 1 {
		return errors.New("bench: --checkin-members must be 1–9999 and --checkin-rate positive")
	}
	password := getenv("HUOSHUI_BENCH_PASSWORD")
	if password == "" {
		if password, err = readOnePassword(stdin, stderr); err != nil {
			return err
		}
	}

	client := &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if *scenario == "checkin" {
		return checkinBurst(ctx, client, baseURL, password, burst, stdout, stderr)
	}
	cookie, err := benchLogin(ctx, client, baseURL, *username, password)
	if err != nil {
		return err
	}
	var list []string
	if *paths == "" {
		org, err := firstOrg(ctx, client, baseURL, cookie)
		if err != nil {
			return err
		}
		list = []string{fmt.Sprintf("/members?org=%d", org), "/", fmt.Sprintf("/meetings?org=%d", org),
			fmt.Sprintf("/orgs/%d/compliance", org)}
	} else {
		for _, p := range strings.Split(*paths, ",") {
			if p = strings.TrimSpace(p); p != "" {
				if !strings.HasPrefix(p, "/") {
					return fmt.Errorf("bench: --paths: %q must start with /", p)
				}
				list = append(list, p)
			}
		}
	}

	// The bare handler serves, for each path, a fixed page of the size
	// the server answers that path with.
	var targets []benchTarget
	pages := map[string][]byte{}
	for i, p := range list {
		size, status, err := fetchSize(ctx, client, baseURL+p, cookie)
		if err != nil {
			return err
		}
		if status != http.StatusOK {
			fmt.Fprintf(stdout, "skipping %s: the server answers %d, not 200\n", p, status)
			continue
		}
		bare := fmt.Sprintf("/bare/%d", i)
		pages[bare] = barePage(size)
		targets = append(targets, benchTarget{path: p, bare: bare, size: size})
	}
	if len(targets) == 0 {
		return errors.New("bench: no path answers 200")
	}
	bareURL, stopBare, err := startBare(pages)
	if err != nil {
		return err
	}
	defer stopBare()

	fmt.Fprintf(stdout, "huoshui-bench: %s as %s, bare handler at %s\n", baseURL, *username, bareURL)
	fmt.Fprintf(stdout, "%d CPUs, GOMAXPROCS %d, %s; each stage %s; constant rate %d/s; peak with %d concurrent requests\n\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), *duration, *rate, *workers)
	header := http.Header{"Cookie": {sessionCookieName + "=" + cookie}}
	pass := true
	var rows []benchRow
	for _, t := range targets {
		for _, side := range []struct {
			name, url string
			header    http.Header
		}{{"server", baseURL + t.path, header}, {"bare", bareURL + t.bare, nil}} {
			if err := ctx.Err(); err != nil {
				return err
			}
			// A short warm-up fills caches and connection pools.
			attack(ctx, side.url, side.header, 0, *workers, min(time.Second, *duration/5))
			steady := attack(ctx, side.url, side.header, *rate, *workers, *duration)
			peak := attack(ctx, side.url, side.header, 0, *workers, *duration)
			rows = append(rows, benchRow{path: t.path, side: side.name, size: t.size, steady: steady, peak: peak})
			fmt.Fprintf(stderr, "  %s %s: %.0f/s steady (p99 %s), %.0f/s peak\n", side.name, t.path,
				steady.Throughput, round(steady.Latencies.P99), peak.Throughput)
		}
	}
	fmt.Fprintln(stdout)
	fmt.Fprintf(stdout, "%-24s %-6s %7s %8s %6s %8s %8s %8s %8s %8s %9s\n",
		"path", "target", "bytes", "rps", "ok%", "mean", "p50", "p95", "p99", "max", "peak rps")
	for i := 0; i < len(rows); i += 2 {
		for _, r := range rows[i : i+2] {
			s := r.steady
			fmt.Fprintf(stdout, "%-24s %-6s %7d %8.0f %6.2f %8s %8s %8s %8s %8s %9.0f\n",
				r.path, r.side, r.size, s.Throughput, 100*s.Success, round(s.Latencies.Mean), round(s.Latencies.P50),
				round(s.Latencies.P95), round(s.Latencies.P99), round(s.Latencies.Max), r.peak.Throughput)
		}
		srv, bare := rows[i], rows[i+1]
		ratio := 0.0
		if bare.peak.Throughput > 0 {
			ratio = srv.peak.Throughput / bare.peak.Throughput
		}
		sustained := *rate >= goalRate && srv.steady.Success >= 0.999 &&
			srv.steady.Throughput >= 0.99*float64(*rate) && srv.steady.Latencies.P99 <= goalP99
		peakOK := ratio >= goalPeakShare
		pass = pass && sustained && peakOK
		fmt.Fprintf(stdout, "%-24s peak server/bare = %.1f%%   sustained %d/s with p99 ≤ %s: %s   peak ≥ %.0f%% of bare: %s\n\n",
			"", 100*ratio, goalRate, goalP99, verdict(sustained), 100*goalPeakShare, verdict(peakOK))
	}
	if !pass {
		fmt.Fprintln(stdout, "RESULT: FAIL")
		return errors.New("bench: a speed goal was missed")
	}
	fmt.Fprintln(stdout, "RESULT: PASS")
	return nil
}

// sessionCookieName is the cookie the server keeps its session in.
const sessionCookieName = "huoshui_session"

type benchTarget struct {
	path, bare string
	size       int
}

type benchRow struct {
	path, side   string
	size         int
	steady, peak *vegeta.Metrics
}

// attack loads url for d: at rate requests per second, or, with rate 0, as
// fast as workers concurrent requests go.
func attack(ctx context.Context, target string, header http.Header, rate, workers int, d time.Duration) *vegeta.Metrics {
	opts := []func(*vegeta.Attacker){vegeta.KeepAlive(true), vegeta.HTTP2(false), vegeta.MaxBody(0),
		vegeta.Timeout(10 * time.Second), vegeta.Redirects(vegeta.NoFollow)}
	if rate == 0 {
		opts = append(opts, vegeta.Workers(uint64(workers)), vegeta.MaxWorkers(uint64(workers)),
			vegeta.Connections(workers))
	} else {
		opts = append(opts, vegeta.Workers(uint64(workers)), vegeta.MaxWorkers(1024), vegeta.Connections(1024))
	}
	a := vegeta.NewAttacker(opts...)
	tr := vegeta.NewStaticTargeter(vegeta.Target{Method: http.MethodGet, URL: target, Header: header})
	pacer := vegeta.ConstantPacer{Freq: rate, Per: time.Second}
	stop := context.AfterFunc(ctx, func() { a.Stop() })
	defer stop()
	var m vegeta.Metrics
	for res := range a.Attack(tr, pacer, d, "") {
		m.Add(res)
	}
	m.Close()
	return &m
}

// benchLogin signs in and returns the session cookie's value.
func benchLogin(ctx context.Context, c *http.Client, base, username, password string) (string, error) {
	form := url.Values{"username": {username}, "password": {password}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	resp, err := c.Do(req)
	if err != nil {
		return "", fmt.Errorf("bench: sign in: %w", err)
	}
	resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionCookieName && ck.Value != "" && resp.StatusCode == http.StatusSeeOther {
			if loc := resp.Header.Get("Location"); strings.HasPrefix(loc, "/password") {
				return "", fmt.Errorf("bench: %s must change their password first; sign in once in a browser", username)
			}
			return ck.Value, nil
		}
	}
	return "", fmt.Errorf("bench: sign in as %s failed (status %d): check the account and HUOSHUI_BENCH_PASSWORD", username, resp.StatusCode)
}

var orgLink = regexp.MustCompile(`href="/orgs/(\d+)"`)

// firstOrg finds the first node the home page links to: the user's branch.
func firstOrg(ctx context.Context, c *http.Client, base, cookie string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/", nil)
	if err != nil {
		return 0, err
	}
	req.AddCookie(&http.Cookie{Name: sessionCookieName, Value: cookie})
	resp, err := c.Do(req)
	if err != nil {
		return 0, fmt.Errorf("bench: home page: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	m := orgLink.FindSubmatch(body)
	if m == nil {
		return 0, errors.New("bench: the home page links to no organisation; give --paths")
	}
	var id int64
	fmt.Sscan(string(m[1]), &id)
	return id, nil
}

// fetchSize gets a page once and returns its size and status.
func fetchSize(ctx context.Context, c *http.Client, target, cookie string) (int, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return 0, 0, err
	}
	req.AddCookie(&http.Cookie{Name: sessionCookieName, Value: cookie})
	resp, err := c.Do(req)
	if err != nil {
		return 0, 0, fmt.Errorf("bench: GET %s: %w", target, err)
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	return int(n), resp.StatusCode, err
}

// barePage is a fixed HTML page of about size bytes: a table of rows like
// a member list.
func barePage(size int) []byte {
	var b strings.Builder
	b.WriteString("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>党员名册</title></head><body><table>\n")
	for i := 0; b.Len() < size-30; i++ {
		fmt.Fprintf(&b, "<tr><td>%d</td><td>张三丰</td><td>正式党员</td><td>1980-01-01</td></tr>\n", i)
	}
	b.WriteString("</table></body></html>\n")
	return []byte(b.String())
}

// startBare serves pages on 127.0.0.1 at a free port.
func startBare(pages map[string][]byte) (string, func(), error) {
	mux := http.NewServeMux()
	for p, body := range pages {
		mux.HandleFunc("GET "+p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(body)
		})
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("bench: bare handler: %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// readOnePassword reads the password without echo from a terminal, or as
// the first line of a pipe. It is never a flag.
func readOnePassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stderr, "Password: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		return string(b), err
	}
	sc := bufio.NewScanner(stdin)
	if !sc.Scan() {
		return "", errors.New("bench: give the password in HUOSHUI_BENCH_PASSWORD or on standard input")
	}
	return strings.TrimRight(sc.Text(), "\r"), nil
}

func round(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}

func verdict(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}
