package web

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/chat"
	"github.com/huoshui/huoshui/internal/store"
)

// chatFeed is what the server keeps for live delivery: the hub of this
// process's streams, and on PostgreSQL the listener that hears of every
// replica's messages, started with the first stream and stopped at
// shutdown.
type chatFeed struct {
	hub       *chat.Hub
	once      sync.Once
	listening chan struct{} // closed once the listener listens
	ctx       context.Context
	stop      context.CancelFunc
}

func newChatFeed() *chatFeed {
	ctx, stop := context.WithCancel(context.Background())
	return &chatFeed{hub: chat.New(), listening: make(chan struct{}), ctx: ctx, stop: stop}
}

// CloseStreams ends every chat stream and the listener; register it with
// http.Server.RegisterOnShutdown so that Shutdown need not wait for them.
func (s *Server) CloseStreams() {
	s.chat.stop()
	s.chat.hub.Close()
}

// startListener starts, once, the listener on PostgreSQL and returns the
// channel closed when it listens (at once on SQLite).
func (s *Server) startListener() <-chan struct{} {
	s.chat.once.Do(func() {
		go s.store.ListenChat(s.chat.ctx, s.chat.listening, func(room, id int64) {
			if s.chat.hub.Subscribers(room) == 0 {
				return
			}
			if id < 0 {
				id = -id
			}
			m, err := s.store.FindMessageByID(s.chat.ctx, huoshui.Everything(), id)
			if err != nil {
				s.log.Warn("chat: read notified message", "id", id, "err", err)
				return
			}
			s.publishMessage(m)
		})
	})
	return s.chat.listening
}

// publishMessage tells this process's streams of room about m: new, or
// removed.
func (s *Server) publishMessage(m *huoshui.Message) {
	s.chat.hub.Publish(m.RoomID, &chat.Event{ID: m.ID, Removed: m.Removed(), Data: marshalMessage(m)})
}

// roomStream answers GET /api/v1/rooms/{id}/stream with Server-Sent
// Events: each new message as "id: N" and "data: JSON"; a removal as
// "event: removed". With Last-Event-ID (a browser reconnecting) or
// ?after=N (the page's newest message) it first sends what came after
// from the database, then what arrives live. A comment every 25 seconds
// keeps it open; the server's write timeout does not apply; it ends when
// the reader leaves, falls too far behind (the browser reconnects and
// catches up) or the server shuts down.
func (s *Server) roomStream(w http.ResponseWriter, r *http.Request) error {
	room, err := s.visibleRoom(r)
	if err != nil {
		return err
	}
	scope := auth.Scope(userFrom(r.Context()), auth.ViewRecord)
	last, _ := strconv.ParseInt(r.Header.Get("Last-Event-ID"), 10, 64)
	if last <= 0 {
		last, _ = strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	}
	rc := http.NewResponseController(w)
	if err := rc.SetWriteDeadline(time.Time{}); err != nil {
		return err
	}
	rc.SetReadDeadline(time.Time{})
	// Subscribe before reading what was missed, so nothing committed in
	// between is lost; what arrives twice is skipped by id.
	sub := s.chat.hub.Subscribe(room.ID)
	select {
	case <-s.startListener():
	case <-r.Context().Done():
		s.chat.hub.Unsubscribe(sub)
		return nil
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	// On HTTP/1.1 the connection is taken over from net/http and, once
	// what was missed is written, handed to the hub, so an idle stream
	// holds no goroutine and no buffers (see package chat). Where that is
	// not possible (HTTP/2) the stream is served below, one goroutine each.
	if conn, brw, err := rc.Hijack(); err == nil {
		bw := brw.Writer
		bw.WriteString("HTTP/1.1 200 OK\r\n")
		h.Set("Connection", "close")
		h.Write(bw)
		bw.WriteString("\r\nretry: 3000\n\n")
		var err error
		if last, err = s.missedEvents(r, scope, room.ID, last, func(e *chat.Event) error {
			_, err := bw.Write(e.Frame())
			return err
		}); err == nil && bw.Flush() == nil {
			s.chat.hub.Attach(sub, conn, last)
			return nil
		}
		s.chat.hub.Unsubscribe(sub)
		conn.Close()
		return nil
	}
	defer s.chat.hub.Unsubscribe(sub)
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write([]byte("retry: 3000\n\n")); err != nil {
		return nil
	}
	if last, err = s.missedEvents(r, scope, room.ID, last, func(e *chat.Event) error { return writeEvent(w, e) }); err != nil {
		return nil
	}
	if rc.Flush() != nil {
		return nil
	}
	beat := time.NewTicker(chat.Heartbeat)
	defer beat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return nil
		case e, ok := <-sub.C:
			if !ok {
				return nil
			}
			if !e.Removed && e.ID <= last {
				continue
			}
			if writeEvent(w, e) != nil || rc.Flush() != nil {
				return nil
			}
			if !e.Removed {
				last = e.ID
			}
		case <-beat.C:
			if _, err := w.Write([]byte(": \n\n")); err != nil || rc.Flush() != nil {
				return nil
			}
		}
	}
}

func writeEvent(w http.ResponseWriter, e *chat.Event) error {
	_, err := w.Write(e.Frame())
	return err
}

// missedEvents sends, through send, the messages of room after last (none
// when last is 0) and returns the newest id sent.
func (s *Server) missedEvents(r *http.Request, scope huoshui.Scope, room, last int64, send func(*chat.Event) error) (int64, error) {
	if last <= 0 {
		return last, nil
	}
	for {
		ms, err := s.store.FindMessages(r.Context(), store.MessageFilter{Scope: scope, RoomID: room, After: last, Limit: 200})
		if err != nil {
			return last, err
		}
		for _, m := range ms {
			if err := send(&chat.Event{ID: m.ID, Data: marshalMessage(m)}); err != nil {
				return last, err
			}
			last = m.ID
		}
		if len(ms) < 200 {
			return last, nil
		}
	}
}

// ChatStreams returns how many streams this process holds open on room
// (the benchmark waits for them).
func (s *Server) ChatStreams(room int64) int { return s.chat.hub.Subscribers(room) }
