package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/blob"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/storetest/dsn"
	"github.com/huoshui/huoshui/internal/web"
)

// chatMessage posts a message to room as a and returns its id.
func chatMessage(t *testing.T, e *env, a huoshui.Actor, room int64) int64 {
	t.Helper()
	m := &huoshui.Message{RoomID: room, Text: "路由表测试消息"}
	if err := e.store.CreateMessage(context.Background(), a, m); err != nil {
		t.Fatal(err)
	}
	return m.ID
}

// streamHead opens a chat stream and answers its status without reading
// the endless body.
func (c *client) streamHead(path string) *response {
	c.e.T().Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.e.srv.URL+path, nil)
	resp, err := c.http.Do(req)
	if err != nil {
		c.e.T().Fatalf("GET %s: %v", path, err)
	}
	resp.Body.Close()
	return &response{Response: resp, e: c.e}
}

// sseEvent is one event read from a stream.
type sseEvent struct {
	ID, Event string
	Msg       map[string]any
}

// openStream opens a chat stream at base (a server's URL) with the
// session of c and sends its events down the returned channel until the
// test ends.
func openStream(t *testing.T, c *client, base, path, lastID string) <-chan sseEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatalf("stream: %v", err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("stream: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	out := make(chan sseEvent, 100)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.Msg != nil {
					out <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "id: "):
				ev.ID = line[4:]
			case strings.HasPrefix(line, "event: "):
				ev.Event = line[7:]
			case strings.HasPrefix(line, "data: "):
				json.Unmarshal([]byte(line[6:]), &ev.Msg)
			}
		}
	}()
	return out
}

func nextEvent(t *testing.T, ch <-chan sseEvent) sseEvent {
	t.Helper()
	select {
	case ev := <-ch:
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event on the stream within 10 s")
	}
	return sseEvent{}
}

// A member of 综合处 sees no trace of the secretariat's room: the page,
// the messages, the stream and posting all answer 404, and the room is
// not in their list.
func TestChatPermissions(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	secretariat := e.demoOrg(demo.BranchName)
	general := e.demoOrg(demo.SecondBranch)
	other := e.demoMember("罗家明")
	u := &huoshui.User{Username: "luojiaming", DisplayName: "罗家明", PasswordHash: e.findAccount("member").PasswordHash,
		MemberID: other.ID, Roles: []huoshui.Role{{OrgID: general.ID, Kind: huoshui.RoleMember}}}
	if err := e.store.CreateUser(context.Background(), huoshui.Actor{Username: "test"}, u); err != nil {
		t.Fatal(err)
	}
	c := e.signedIn("luojiaming")
	room := fmt.Sprint(secretariat.ID)
	c.get("/rooms/" + room).wantStatus(http.StatusNotFound)
	c.get("/api/v1/rooms/" + room + "/messages").wantStatus(http.StatusNotFound)
	c.streamHead("/api/v1/rooms/" + room + "/stream").wantStatus(http.StatusNotFound)
	c.postJSON("/api/v1/rooms/"+room+"/messages", `{"text":"你好"}`).wantStatus(http.StatusNotFound)
	list := c.get("/api/v1/rooms").wantStatus(http.StatusOK).Body
	if strings.Contains(list, demo.BranchName) || !strings.Contains(list, demo.SecondBranch) {
		t.Errorf("rooms of a 综合处 member: %s", list)
	}
	var got struct {
		Rooms []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
			Org  struct {
				ID   int64  `json:"id"`
				Name string `json:"name"`
			} `json:"org"`
		} `json:"rooms"`
	}
	json.Unmarshal([]byte(list), &got)
	if len(got.Rooms) != 1 || got.Rooms[0].ID != general.ID || got.Rooms[0].Org.Name != demo.SecondBranch {
		t.Errorf("rooms = %+v", got.Rooms)
	}
	// A plain member of the secretariat reads its room but may not pin or
	// remove.
	m := e.signedIn("member")
	m.get("/rooms/" + room).wantStatus(http.StatusOK)
	m.postForm("/rooms/"+room+"/pin", map[string][]string{"pinned": {"x"}}).wantStatus(http.StatusForbidden)
}

// Posting over the API: the text comes back trimmed; empty and too long
// are 422 with a message for the field; a 21st message in a minute is
// 429. A stream gets each new message as "id" and "data"; reconnecting
// with Last-Event-ID first sends what it missed.
func TestChatPostAndStream(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newChatEnv(t, st)
		room := fmt.Sprint(e.demoOrg(demo.BranchName).ID)
		c := e.signedIn("member")
		sec := e.signedIn("secretary")
		r := c.postJSON("/api/v1/rooms/"+room+"/messages", `{"text":""}`).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, `"text"`) {
			t.Errorf("422 without the field: %s", r.Body)
		}
		c.postJSON("/api/v1/rooms/"+room+"/messages", `{"text":"`+strings.Repeat("长", huoshui.MessageMax+1)+`"}`).
			wantStatus(http.StatusUnprocessableEntity)

		events := openStream(t, sec, e.srv.URL, "/api/v1/rooms/"+room+"/stream", "")
		r = c.postJSON("/api/v1/rooms/"+room+"/messages", `{"text":"  <script>alert(1)</script> 大家好  "}`).wantStatus(http.StatusCreated)
		var posted map[string]any
		json.Unmarshal([]byte(r.Body), &posted)
		if posted["text"] != "<script>alert(1)</script> 大家好" {
			t.Errorf("posted = %v", posted)
		}
		ev := nextEvent(t, events)
		if ev.ID != fmt.Sprint(posted["id"]) || ev.Msg["text"] != posted["text"] {
			t.Errorf("stream got %+v, want message %v", ev, posted["id"])
		}
		// The page shows the text escaped.
		page := sec.get("/rooms/" + room).wantStatus(http.StatusOK).Body
		if strings.Contains(page, "<script>alert(1)") || !strings.Contains(page, "&lt;script&gt;alert(1)") {
			t.Error("the room's page does not escape a message")
		}

		// Two messages while away; reconnecting with the last id seen.
		var missed []string
		for _, text := range []string{"离线时的第一条", "离线时的第二条"} {
			r := c.postJSON("/api/v1/rooms/"+room+"/messages", `{"text":"`+text+`"}`).wantStatus(http.StatusCreated)
			var m map[string]any
			json.Unmarshal([]byte(r.Body), &m)
			missed = append(missed, fmt.Sprint(m["id"]))
		}
		again := openStream(t, sec, e.srv.URL, "/api/v1/rooms/"+room+"/stream", ev.ID)
		for _, want := range missed {
			if got := nextEvent(t, again); got.ID != want {
				t.Errorf("after reconnect got %s, want %s", got.ID, want)
			}
		}
		// The rate limit: 20 in a burst, the 21st is refused.
		status := 0
		for i := 0; i < 20 && status != http.StatusTooManyRequests; i++ {
			status = c.postJSON("/api/v1/rooms/"+room+"/messages", `{"text":"刷屏`+fmt.Sprint(i)+`"}`).StatusCode
		}
		if status != http.StatusTooManyRequests {
			t.Errorf("the 21st+ message in a minute: %d, want 429", status)
		}
	})
}

// newChatEnv is a demo env whose server's streams and listener end with
// the test.
func newChatEnv(t *testing.T, st *store.Store) *env {
	e, _ := newChatEnvApp(t, st)
	return e
}

// newChatEnvApp is newChatEnv with its server, to count its streams.
func newChatEnvApp(t *testing.T, st *store.Store) (*env, *web.Server) {
	t.Helper()
	if _, err := demo.SeedPeople(context.Background(), st); err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	srv, app := chatServerApp(t, st)
	return &env{t: t, gid: goid(), store: st, srv: srv}, app
}

func chatServer(t *testing.T, st *store.Store) *httptest.Server {
	srv, _ := chatServerApp(t, st)
	return srv
}

// chatServerApp starts a server on st with files of its own; its streams
// end with the test (CloseStreams, as at shutdown) before it closes.
func chatServerApp(t *testing.T, st *store.Store) (*httptest.Server, *web.Server) {
	t.Helper()
	files, err := blob.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	app, h, err := web.New(web.Deps{Store: st, Files: files})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.RegisterOnShutdown(app.CloseStreams)
	srv.Start()
	t.Cleanup(func() { app.CloseStreams(); srv.Close() })
	return srv, app
}

// Two servers on one PostgreSQL database (two replicas): a message posted
// to one reaches a stream open on the other.
func TestChatTwoReplicas(t *testing.T) {
	t.Parallel()
	if storetest.PostgresURL(t) == "" {
		t.Skip("HUOSHUI_TEST_POSTGRES not set: skipping PostgreSQL")
	}
	// Two stores (two pools, as two processes have) on one schema.
	url := dsn.Postgres(t)
	open := func() *store.Store {
		st, err := store.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if err := st.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		return st
	}
	st1, st2 := open(), open()
	e := newChatEnv(t, st1)
	other := chatServer(t, st2)
	room := fmt.Sprint(e.demoOrg(demo.BranchName).ID)
	sec := e.signedIn("secretary") // sessions live in the shared database
	events := openStream(t, sec, other.URL, "/api/v1/rooms/"+room+"/stream", "")
	r := e.signedIn("member").postJSON("/api/v1/rooms/"+room+"/messages", `{"text":"从一号实例发出"}`).wantStatus(http.StatusCreated)
	var m map[string]any
	json.Unmarshal([]byte(r.Body), &m)
	ev := nextEvent(t, events)
	if ev.ID != fmt.Sprint(m["id"]) || ev.Msg["text"] != "从一号实例发出" {
		t.Errorf("the other replica's stream got %+v", ev)
	}
}
