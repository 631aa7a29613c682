package web_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/web"
)

// An open chat stream ends cleanly when the server shuts down, as
// huoshui serve does it (http.Server.Shutdown with CloseStreams
// registered by RegisterOnShutdown): Shutdown returns at once rather than
// waiting out its deadline, the browser's read ends with EOF (it will
// reconnect to another replica or the restarted server), the stream's
// handler has returned and no goroutine of the server is left behind.
// Not parallel: the goroutine count is the process's.
func TestChatStreamEndsAtShutdown(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		if _, err := demo.SeedPeople(context.Background(), st); err != nil {
			t.Fatal(err)
		}
		e := &env{t: t, gid: goid(), store: st}
		room := e.demoOrg(demo.BranchName).ID
		cookie := benchSession(t, st, "member")
		runtime.GC()
		baseline := runtime.NumGoroutine()

		app, h, err := web.New(web.Deps{Store: st})
		if err != nil {
			t.Fatal(err)
		}
		handled := make(chan struct{})
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r)
			if strings.HasSuffix(r.URL.Path, "/stream") {
				close(handled)
			}
		}), WriteTimeout: 2 * time.Second}
		srv.RegisterOnShutdown(app.CloseStreams)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		served := make(chan error, 1)
		go func() { served <- srv.Serve(ln) }()

		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "GET /api/v1/rooms/%d/stream HTTP/1.1\r\nHost: x\r\nCookie: huoshui_session=%s\r\nAccept: text/event-stream\r\n\r\n", room, cookie)
		r := bufio.NewReader(conn)
		status, err := r.ReadString('\n')
		if err != nil || !strings.Contains(status, " 200 ") {
			t.Fatalf("stream: %q %v", status, err)
		}
		// Read up to the first event (retry:), so the stream is live;
		// then stay open past the server's write timeout, which a stream
		// is exempt from.
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				t.Fatalf("stream before shutdown: %v", err)
			}
			if strings.Contains(line, "retry:") {
				r.ReadString('\n') // the event's blank line
				break
			}
		}
		time.Sleep(2500 * time.Millisecond)
		conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
		if _, err := r.ReadByte(); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("before shutdown the idle stream read %v, want it open and silent (the write timeout applied?)", err)
		}
		if n := app.ChatStreams(room); n != 1 {
			t.Fatalf("the server holds %d streams, want 1", n)
		}

		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		start := time.Now()
		if err := srv.Shutdown(ctx); err != nil {
			t.Fatalf("Shutdown with an open stream: %v after %v, want it to end the stream and return", err, time.Since(start))
		}
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("Serve: %v", err)
		}
		// What is left of the stream reads to EOF: the chunked body ends
		// and the connection closes.
		conn.SetReadDeadline(time.Now().Add(3 * time.Second))
		rest, err := io.ReadAll(r)
		if n := app.ChatStreams(room); n != 0 {
			t.Errorf("after shutdown the server holds %d streams, want 0", n)
		}
		if err != nil {
			t.Fatalf("the client's read after shutdown ended with %v, want EOF (read %q)", err, rest)
		}
		select {
		case <-handled:
		case <-time.After(3 * time.Second):
			t.Fatal("the stream's handler had not returned 3 s after Shutdown")
		}
		// The server's goroutines (the stream, the connection, the
		// listener on PostgreSQL) are gone; a little slack for the
		// runtime's and the database driver's own.
		deadline := time.Now().Add(5 * time.Second)
		for {
			n := runtime.NumGoroutine()
			if n <= baseline+2 {
				break
			}
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<16)
				t.Fatalf("%d goroutines after shutdown, %d before the server started:\n%s", n, baseline, buf[:runtime.Stack(buf, true)])
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}
