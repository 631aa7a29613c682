package web_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/web"
)

// BenchmarkChatStreams opens 1,000 streams on one room of one server
// (SQLite), measures the memory each idle stream holds, then posts
// messages and measures how long each takes to reach every stream.
// Reported: p50/p99 delivery in ms and bytes per idle stream (server and
// the test's own client side together: an upper bound for the server).
//
//	go test ./internal/web/ -run '^$' -bench ChatStreams -benchtime 5x
func BenchmarkChatStreams(b *testing.B) {
	const streams = 1000
	st := storetest.SQLite(b)
	if _, err := demo.SeedPeople(context.Background(), st); err != nil {
		b.Fatal(err)
	}
	app, h, err := web.New(web.Deps{Store: st})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	b.Cleanup(func() { app.CloseStreams(); srv.Close() })
	u, _ := url.Parse(srv.URL)
	var room int64
	rooms, err := st.FindRooms(context.Background(), huoshui.Everything())
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range rooms {
		if r.OrgName == demo.BranchName {
			room = r.ID
		}
	}
	cookie := benchSession(b, st, "member")

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	type stream struct {
		conn net.Conn
		got  chan time.Time
	}
	var ss []*stream
	for range streams {
		c, err := net.Dial("tcp", u.Host)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(c, "GET /api/v1/rooms/%d/stream HTTP/1.1\r\nHost: %s\r\nCookie: huoshui_session=%s\r\nAccept: text/event-stream\r\n\r\n", room, u.Host, cookie)
		s := &stream{conn: c, got: make(chan time.Time, 4)}
		go func() {
			r := bufio.NewReaderSize(c, 512)
			for {
				line, err := r.ReadSlice('\n')
				if err != nil {
					return
				}
				if len(line) > 4 && string(line[:4]) == "id: " {
					s.got <- time.Now()
				}
			}
		}()
		ss = append(ss, s)
	}
	b.Cleanup(func() {
		for _, s := range ss {
			s.conn.Close()
		}
	})
	// Wait until the server holds every subscription.
	deadline := time.Now().Add(30 * time.Second)
	for app.ChatStreams(room) < streams && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	runtime.GC()
	runtime.ReadMemStats(&after)
	perStream := float64((after.HeapInuse+after.StackInuse)-(before.HeapInuse+before.StackInuse)) / streams

	poster := &http.Client{Transport: &cookieTransport{cookie: cookie, origin: srv.URL}}
	var lat []time.Duration
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		resp, err := poster.Post(fmt.Sprintf("%s/api/v1/rooms/%d/messages", srv.URL, room), "application/json",
			strings.NewReader(fmt.Sprintf(`{"text":"压测消息 %d"}`, i)))
		if err != nil || resp.StatusCode != http.StatusCreated {
			b.Fatalf("post: %v %v", err, resp)
		}
		resp.Body.Close()
		for _, s := range ss {
			select {
			case at := <-s.got:
				lat = append(lat, at.Sub(start))
			case <-time.After(10 * time.Second):
				b.Fatal("a stream got nothing within 10 s")
			}
		}
		time.Sleep(3 * time.Second) // the poster's rate limit: 20 a minute
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(perStream, "B/idle-stream")
}

// benchSession makes a session for username and returns its cookie value.
func benchSession(b testing.TB, st *store.Store, username string) string {
	ctx := context.Background()
	u, err := st.FindUserByUsername(ctx, username)
	if err != nil {
		b.Fatal(err)
	}
	token, hash, err := auth.NewToken()
	if err != nil {
		b.Fatal(err)
	}
	now := st.Now()
	if err := st.CreateSession(ctx, &huoshui.Session{TokenHash: hash, UserID: u.ID, CreatedAt: now, LastSeenAt: now,
		IP: "127.0.0.1", UserAgent: "bench"}); err != nil {
		b.Fatal(err)
	}
	return token
}

type cookieTransport struct{ cookie, origin string }

func (c *cookieTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r.Header.Set("Cookie", "huoshui_session="+c.cookie)
	r.Header.Set("Origin", c.origin)
	return http.DefaultTransport.RoundTrip(r)
}
