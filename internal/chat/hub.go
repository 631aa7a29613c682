// Package chat fans a room's new messages out to the streams open on it
// in this process. It knows nothing of the database or HTTP: the server
// publishes an event once a message is committed (on PostgreSQL, once the
// listener hears of it from any replica), and each stream's handler reads
// its subscription's channel.
package chat

import "sync"

// Event is one thing a room's streams are told: a new message (ID > 0)
// or a removal (Removed), with the message's JSON as every reader sees it.
type Event struct {
	ID      int64
	Removed bool
	Data    []byte
}

// Buffer is how many events a stream may fall behind before it is
// dropped: its browser reconnects with Last-Event-ID and reads what it
// missed from the database, so a slow reader never holds up the others.
const Buffer = 16

// Sub is one stream's subscription. C closes when the stream is dropped
// (too slow) or the hub closes (the server is shutting down).
type Sub struct {
	C    <-chan *Event
	c    chan *Event
	room int64
}

// Hub holds the subscriptions of every room.
type Hub struct {
	mu     sync.Mutex
	rooms  map[int64]map[*Sub]struct{}
	closed bool
}

// New returns an empty hub.
func New() *Hub { return &Hub{rooms: map[int64]map[*Sub]struct{}{}} }

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
}

// Publish hands e to every subscription of room without waiting: one
// whose buffer is full is dropped (its channel closes). It returns how
// many subscriptions took the event.
func (h *Hub) Publish(room int64, e *Event) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for s := range h.rooms[room] {
		select {
		case s.c <- e:
			n++
		default:
			h.drop(s)
		}
	}
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
	h.closed = true
	for _, m := range h.rooms {
		for s := range m {
			h.drop(s)
		}
	}
}
