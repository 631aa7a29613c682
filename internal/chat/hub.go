// Package chat fans a room's new messages out to the streams open on it
// in this process. It knows nothing of the database or HTTP: the server
// publishes an event once a message is committed (on PostgreSQL, once the
// listener hears of it from any replica), and each stream's handler reads
// its subscription's channel.
//
// An idle stream costs the server little: once its handler has sent what
// the reader missed, it hands the connection to the hub (Attach) and
// returns, so no goroutine, stack or buffer is held per stream. The hub
// writes each event to every attached connection itself, encoded once,
// and one ticker sends every connection its heartbeat; a connection whose
// write fails or stalls is closed, and its browser reconnects and catches
// up with Last-Event-ID.
package chat

import (
	"net"
	"strconv"
	"sync"
	"time"
)

// Event is one thing a room's streams are told: a new message (ID > 0)
// or a removal (Removed), with the message's JSON as every reader sees it.
type Event struct {
	ID      int64
	Removed bool
	Data    []byte
}

// Frame is the event as Server-Sent Events put it: a new message as "id:"
// and "data:", a removal as "event: removed" and "data:".
func (e *Event) Frame() []byte {
	b := make([]byte, 0, len(e.Data)+32)
	if e.Removed {
		b = append(b, "event: removed\n"...)
	} else {
		b = append(b, "id: "...)
		b = strconv.AppendInt(b, e.ID, 10)
		b = append(b, '\n')
	}
	b = append(b, "data: "...)
	b = append(b, e.Data...)
	return append(b, "\n\n"...)
}

// Heartbeat is how often every attached connection is sent a comment, so
// proxies and browsers keep it open and a reader that has gone is noticed.
var Heartbeat = 25 * time.Second

// WriteWait is how long one write to an attached connection may take
// before the reader counts as gone (its socket buffer full).
const WriteWait = 2 * time.Second

// Buffer is how many events a stream may fall behind before it is
// dropped: its browser reconnects with Last-Event-ID and reads what it
// missed from the database, so a slow reader never holds up the others.
const Buffer = 8

// Sub is one stream's subscription. C closes when the stream is dropped
// (too slow) or the hub closes (the server is shutting down).
type Sub struct {
	C    <-chan *Event
	c    chan *Event
	room int64
	conn net.Conn // once attached
	last int64    // the newest message id written to conn
}

// Hub holds the subscriptions of every room.
type Hub struct {
	mu     sync.Mutex
	rooms  map[int64]map[*Sub]struct{}
	closed bool
	// wmu orders the writes to attached connections (taken after mu):
	// events reach each connection in the order they were published.
	wmu  sync.Mutex
	beat sync.Once
	done chan struct{}
}

// New returns an empty hub.
func New() *Hub { return &Hub{rooms: map[int64]map[*Sub]struct{}{}, done: make(chan struct{})} }

// Subscribe opens a subscription to room. On a closed hub it returns a
// subscription whose channel is already closed.
func (h *Hub) Subscribe(room int64) *Sub {
	c := make(chan *Event, Buffer)
	s := &Sub{C: c, c: c, room: room}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		close(c)
		return s
	}
	m := h.rooms[room]
	if m == nil {
		m = map[*Sub]struct{}{}
		h.rooms[room] = m
	}
	m[s] = struct{}{}
	return s
}

// Unsubscribe ends s; it may be called more than once.
func (h *Hub) Unsubscribe(s *Sub) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.drop(s)
}

func (h *Hub) drop(s *Sub) {
	m := h.rooms[s.room]
	if _, ok := m[s]; !ok {
		return
	}
	delete(m, s)
	if len(m) == 0 {
		delete(h.rooms, s.room)
	}
	close(s.c)
	if s.conn != nil {
		s.conn.Close()
	}
}

// Attach hands the connection of s (its response head and what the reader
// missed already written) to the hub, with last the newest message id
// written. What s buffered meanwhile is written now; every later event is
// written by Publish, and the heartbeat by the hub's ticker. The caller
// keeps no goroutine for the stream and must not Unsubscribe it; the hub
// closes conn when a write fails or stalls, or the hub closes.
func (h *Hub) Attach(s *Sub, conn net.Conn, last int64) {
	h.beat.Do(func() { go h.heartbeat() })
	h.mu.Lock()
	if _, ok := h.rooms[s.room][s]; !ok {
		h.mu.Unlock()
		conn.Close()
		return
	}
	var pending []*Event
	for len(s.c) > 0 {
		pending = append(pending, <-s.c)
	}
	s.conn, s.last = conn, last
	h.wmu.Lock()
	h.mu.Unlock()
	var failed []*Sub
	for _, e := range pending {
		if !h.write(s, e, e.Frame()) {
			failed = append(failed, s)
			break
		}
	}
	h.wmu.Unlock()
	h.dropAll(failed)
}

// write sends frame to s's connection unless s has already had e; it
// reports false when the write failed. Called with wmu held.
func (h *Hub) write(s *Sub, e *Event, frame []byte) bool {
	if e != nil && !e.Removed {
		if e.ID <= s.last {
			return true
		}
		s.last = e.ID
	}
	s.conn.SetWriteDeadline(time.Now().Add(WriteWait))
	_, err := s.conn.Write(frame)
	return err == nil
}

func (h *Hub) dropAll(subs []*Sub) {
	if len(subs) == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range subs {
		h.drop(s)
	}
}

// heartbeat sends every attached connection a comment each Heartbeat,
// until the hub closes.
func (h *Hub) heartbeat() {
	t := time.NewTicker(Heartbeat)
	defer t.Stop()
	comment := []byte(": \n\n")
	for {
		select {
		case <-h.done:
			return
		case <-t.C:
		}
		h.mu.Lock()
		var attached []*Sub
		for _, m := range h.rooms {
			for s := range m {
				if s.conn != nil {
					attached = append(attached, s)
				}
			}
		}
		h.wmu.Lock()
		h.mu.Unlock()
		var failed []*Sub
		for _, s := range attached {
			if !h.write(s, nil, comment) {
				failed = append(failed, s)
			}
		}
		h.wmu.Unlock()
		h.dropAll(failed)
	}
}

// Publish hands e to every subscription of room: an attached one gets it
// written to its connection (a failed or stalled write drops it), another
// in its channel without waiting (one whose buffer is full is dropped:
// its channel closes). It returns how many subscriptions took the event.
func (h *Hub) Publish(room int64, e *Event) int {
	h.mu.Lock()
	n := 0
	var attached []*Sub
	for s := range h.rooms[room] {
		if s.conn != nil {
			attached = append(attached, s)
			continue
		}
		select {
		case s.c <- e:
			n++
		default:
			h.drop(s)
		}
	}
	if len(attached) == 0 {
		h.mu.Unlock()
		return n
	}
	h.wmu.Lock()
	h.mu.Unlock()
	frame := e.Frame()
	var failed []*Sub
	for _, s := range attached {
		if h.write(s, e, frame) {
			n++
		} else {
			failed = append(failed, s)
		}
	}
	h.wmu.Unlock()
	h.dropAll(failed)
	return n
}

// Subscribers returns how many subscriptions room has.
func (h *Hub) Subscribers(room int64) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.rooms[room])
}

// Close ends every subscription, and any made later; the streams end and
// the server can shut down.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		close(h.done)
	}
	h.closed = true
	for _, m := range h.rooms {
		for s := range m {
			h.drop(s)
		}
	}
}
