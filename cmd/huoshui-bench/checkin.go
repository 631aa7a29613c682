package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// The check-in burst: the start of a 党员大会 where every member present
// scans the code on the screen within about a second. huoshui gen makes
// its accounts: bench-assembly, an organiser of a committee, and
// bench-m0001 … for members of that committee.
//
//  1. bench-assembly calls a general meeting of the committee starting in
//     ten minutes (check-in is open from 30 minutes before), which invites
//     every full and probationary member below it, as the page would.
//  2. The members sign in, each from an address of their own (the phones
//     reach the server through a reverse proxy, so the server must trust
//     X-Forwarded-For from this machine: serve --trust-proxy), a few at a
//     time; then the burst waits until every session is over a minute
//     old, so that each scan also writes its session's last-seen time, as
//     a phone signed in before the meeting does.
//  3. bench-assembly asks for the code (POST /api/v1/meetings/{id}/checkin-code).
//  4. Open-loop load: the n scans are sent at --checkin-rate per second,
//     each at its appointed time whether or not earlier ones have been
//     answered, over connections the proxy holds open; a scan's latency
//     runs from its appointed time to its answer.
//  5. A scan is acknowledged when the server answers 200 with the
//     "checked in" page. Afterwards the meeting's tally (through the API)
//     and, with --db, the invitees in the database must show exactly n
//     present with their check-in times: none lost.

// Goals of the burst.
const (
	burstGoalP99 = 50 * time.Millisecond
	burstGoalIn  = time.Second // the n scans are offered within
)

const (
	benchAssembly     = "bench-assembly"
	benchMemberPrefix = "bench-m"
)

type burstOptions struct {
	members int           // how many scan
	rate    int           // scans offered per second
	wait    time.Duration // after the last sign-in, before the burst
	dsn     string        // the server's database, to count in afterwards ("": the API's tally only)
	signins int           // sign-ins at a time
}

// burstResult is one scan's answer.
type burstResult struct {
	latency time.Duration
	status  int
	acked   bool
	already bool
	err     error
}

func checkinBurst(ctx context.Context, c *http.Client, base, password string, o burstOptions, stdout, stderr io.Writer) error {
	organiser, err := benchLogin(ctx, c, base, benchAssembly, password)
	if err != nil {
		return fmt.Errorf("%w (huoshui gen makes %s with --assembly)", err, benchAssembly)
	}
	org, err := firstOrg(ctx, c, base, organiser)
	if err != nil {
		return err
	}
	now := time.Now()
	meeting, err := createAssembly(ctx, c, base, organiser, org, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "check-in burst: meeting %d of org %d (every full and probationary member below it invited); %d of them scan at %d/s\n",
		meeting, org, o.members, o.rate)

	// The phones sign in.
	start := time.Now()
	cookies := make([]string, o.members)
	var next, failed atomic.Int64
	var firstErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range o.signins {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= o.members || ctx.Err() != nil {
					return
				}
				ck, err := memberLogin(ctx, c, base, fmt.Sprintf("%s%04d", benchMemberPrefix, i+1), password, phoneAddr(i))
				if err != nil {
					failed.Add(1)
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				cookies[i] = ck
				if (i+1)%500 == 0 {
					fmt.Fprintf(stderr, "  %d signed in (%s)\n", i+1, time.Since(start).Round(time.Second))
				}
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	signedIn := time.Since(start)
	fmt.Fprintf(stdout, "%d members signed in in %s; waiting %s\n", o.members, signedIn.Round(time.Second), o.wait)
	select {
	case <-time.After(o.wait):
	case <-ctx.Done():
		return ctx.Err()
	}

	// The proxy's connections, open before the meeting starts.
	tr := &http.Transport{MaxIdleConns: 0, MaxIdleConnsPerHost: 1024, IdleConnTimeout: time.Minute, DisableCompression: true}
	defer tr.CloseIdleConnections()
	phones := &http.Client{Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	warm(ctx, phones, base+"/healthz", 256)

	code, err := checkinCode(ctx, c, base, organiser, meeting)
	if err != nil {
		return err
	}
	results := make([]burstResult, o.members)
	began := time.Now()
	var burst sync.WaitGroup
	for i := range o.members {
		at := began.Add(time.Duration(i) * time.Second / time.Duration(o.rate))
		burst.Go(func() {
			time.Sleep(time.Until(at))
			results[i] = scan(ctx, phones, code, cookies[i], phoneAddr(i), at)
		})
	}
	burst.Wait()
	spread := time.Duration(o.members-1) * time.Second / time.Duration(o.rate)

	// What the server says it recorded, and what the database holds.
	got, err := findMeeting(ctx, c, base, organiser, meeting)
	if err != nil {
		return err
	}
	db := dbCount{present: -1}
	if o.dsn != "" {
		if db, err = countPresent(ctx, o.dsn, meeting); err != nil {
			return err
		}
	}
	return reportBurst(stdout, o, results, spread, got, db)
}

// phoneAddr is the address the i-th phone's requests come from.
func phoneAddr(i int) string { return fmt.Sprintf("10.%d.%d.%d", 20+i>>16, (i>>8)&255, i&255) }

// memberLogin signs a member in from addr and returns the session cookie.
func memberLogin(ctx context.Context, c *http.Client, base, username, password, addr string) (string, error) {
	form := url.Values{"username": {username}, "password": {password}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	req.Header.Set("X-Forwarded-For", addr)
	resp, err := c.Do(req)
	if err != nil {
		return "", fmt.Errorf("bench: sign in %s: %w", username, err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusTooManyRequests {
		return "", errors.New("bench: sign-ins are throttled per address: start the server with --trust-proxy, " +
			"so that each phone's address (X-Forwarded-For from this machine) counts apart")
	}
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionCookieName && ck.Value != "" && resp.StatusCode == http.StatusSeeOther {
			return ck.Value, nil
		}
	}
	return "", fmt.Errorf("bench: sign in as %s failed (status %d): huoshui gen makes %s0001 … with --assembly", username,
		resp.StatusCode, benchMemberPrefix)
}

// apiMeeting is what the burst reads of a meeting from the API.
type apiMeeting struct {
	ID         int64 `json:"id"`
	Attendance struct {
		Present int `json:"present"`
		Leave   int `json:"leave"`
		Absent  int `json:"absent"`
	} `json:"attendance"`
}

// createAssembly calls the committee's general meeting, starting ten
// minutes from now, with the invitees the type concerns by default, and
// returns its id.
func createAssembly(ctx context.Context, c *http.Client, base, cookie string, org int64, now time.Time) (int64, error) {
	body, _ := json.Marshal(map[string]any{
		"org_id": org, "type": huoshui.MeetingGeneral, "place": "礼堂",
		"title":     "党员大会（签到基准测试 " + now.In(huoshui.Shanghai).Format("2006-01-02 15:04:05") + "）",
		"starts_at": now.Add(10 * time.Minute).Format(time.RFC3339), "ends_at": now.Add(2 * time.Hour).Format(time.RFC3339),
	})
	var m apiMeeting
	if err := apiCall(ctx, c, http.MethodPost, base+"/api/v1/meetings", cookie, body, http.StatusCreated, &m); err != nil {
		return 0, fmt.Errorf("bench: call the assembly: %w", err)
	}
	return m.ID, nil
}

func findMeeting(ctx context.Context, c *http.Client, base, cookie string, id int64) (*apiMeeting, error) {
	var m apiMeeting
	if err := apiCall(ctx, c, http.MethodGet, fmt.Sprintf("%s/api/v1/meetings/%d", base, id), cookie, nil, http.StatusOK, &m); err != nil {
		return nil, fmt.Errorf("bench: read the assembly: %w", err)
	}
	return &m, nil
}

// checkinCode asks for the URL the screen shows now; when it is about to
// change, it waits for the next one, so the whole burst scans one code
// (a code is accepted in its 30-second step and the next).
func checkinCode(ctx context.Context, c *http.Client, base, cookie string, id int64) (string, error) {
	for {
		var out struct {
			URL       string    `json:"url"`
			ExpiresAt time.Time `json:"expires_at"`
		}
		if err := apiCall(ctx, c, http.MethodPost, fmt.Sprintf("%s/api/v1/meetings/%d/checkin-code", base, id), cookie,
			[]byte("{}"), http.StatusOK, &out); err != nil {
			return "", fmt.Errorf("bench: check-in code: %w", err)
		}
		left := time.Until(out.ExpiresAt)
		if left > 5*time.Second {
			// The server builds the URL from the Host it was asked at.
			if i := strings.Index(out.URL, "/checkin/"); i >= 0 {
				return base + out.URL[i:], nil
			}
			return "", fmt.Errorf("bench: check-in code: unexpected url %q", out.URL)
		}
		select {
		case <-time.After(left + 200*time.Millisecond):
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

func apiCall(ctx context.Context, c *http.Client, method, target, cookie string, body []byte, want int, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, target, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.AddCookie(&http.Cookie{Name: sessionCookieName, Value: cookie})
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: status %d: %s", method, target, resp.StatusCode, strings.TrimSpace(string(b)))
	}
	return json.Unmarshal(b, out)
}

// warm opens n connections to the server, as a proxy in front of it holds.
func warm(ctx context.Context, c *http.Client, target string, n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
			if resp, err := c.Do(req); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
}

// scan is one phone's visit of the code's URL, timed from at, when it was
// due to be sent.
func scan(ctx context.Context, c *http.Client, target, cookie, addr string, at time.Time) burstResult {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return burstResult{err: err}
	}
	req.AddCookie(&http.Cookie{Name: sessionCookieName, Value: cookie})
	req.Header.Set("X-Forwarded-For", addr)
	resp, err := c.Do(req)
	if err != nil {
		return burstResult{latency: time.Since(at), err: err}
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	r := burstResult{latency: time.Since(at), status: resp.StatusCode, err: err}
	if resp.StatusCode == http.StatusOK && bytes.Contains(body, []byte(`class="ok-big"`)) {
		r.acked = true
		r.already = bytes.Contains(body, []byte("不需要再签")) || bytes.Contains(body, []byte("already"))
	}
	return r
}

// dbCount is what the database holds of the meeting's invitees.
type dbCount struct {
	invited, present, scanned int
}

// countPresent counts, in the server's database, the meeting's invitees,
// those present, and those of them with a check-in time.
func countPresent(ctx context.Context, dsn string, meetingID int64) (dbCount, error) {
	var n dbCount
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return n, fmt.Errorf("bench: --db: %w", err)
	}
	defer st.Close()
	inv, err := st.FindInvitees(ctx, meetingID)
	if err != nil {
		return n, fmt.Errorf("bench: --db: %w", err)
	}
	n.invited = len(inv)
	for _, i := range inv {
		if i.Attendance == huoshui.AttendancePresent {
			n.present++
			if i.CheckedInAt != nil {
				n.scanned++
			}
		}
	}
	return n, nil
}

func reportBurst(stdout io.Writer, o burstOptions, rs []burstResult, spread time.Duration, m *apiMeeting, db dbCount) error {
	var lat []time.Duration
	acked, already, refused, failed := 0, 0, 0, 0
	var firstErr error
	statuses := map[int]int{}
	for _, r := range rs {
		lat = append(lat, r.latency)
		switch {
		case r.err != nil:
			failed++
			if firstErr == nil {
				firstErr = r.err
			}
		case r.acked && !r.already:
			acked++
		case r.acked:
			already++
		default:
			refused++
			statuses[r.status]++
		}
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Fprintf(stdout, "\n%-10s %7s %7s %7s %7s %7s %9s %9s %9s %9s\n", "scans", "offered", "acked", "already", "refused", "errors",
		"p50", "p95", "p99", "max")
	fmt.Fprintf(stdout, "%-10d %6.2fs %7d %7d %7d %7d %9s %9s %9s %9s\n", len(rs), spread.Seconds(), acked, already, refused, failed,
		round(pct(0.5)), round(pct(0.95)), round(pct(0.99)), round(lat[len(lat)-1]))
	if refused > 0 {
		fmt.Fprintf(stdout, "refused by status: %v\n", statuses)
	}
	if firstErr != nil {
		fmt.Fprintf(stdout, "first error: %v\n", firstErr)
	}
	fmt.Fprintf(stdout, "the meeting's tally (API): %d present\n", m.Attendance.Present)
	if db.present >= 0 {
		fmt.Fprintf(stdout, "the database: %d invited, %d present, %d of them with a check-in time\n", db.invited, db.present, db.scanned)
	}
	allAcked := acked == o.members && failed == 0 && refused == 0 && already == 0
	kept := m.Attendance.Present == o.members && (db.present < 0 || (db.present == o.members && db.scanned == o.members))
	fast := pct(0.99) <= burstGoalP99 && spread <= burstGoalIn
	fmt.Fprintf(stdout, "all %d acknowledged: %s   none lost: %s   p99 ≤ %s within %s of offered load: %s\n",
		o.members, verdict(allAcked), verdict(kept), burstGoalP99, burstGoalIn, verdict(fast))
	if !allAcked || !kept || !fast {
		fmt.Fprintln(stdout, "RESULT: FAIL")
		return errors.New("bench: a check-in goal was missed")
	}
	fmt.Fprintln(stdout, "RESULT: PASS")
	return nil
}
