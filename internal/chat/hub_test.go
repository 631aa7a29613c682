package chat

import (
	"io"
	"net"
	"testing"
)

func TestHubFanOut(t *testing.T) {
	h := New()
	a, b, other := h.Subscribe(1), h.Subscribe(1), h.Subscribe(2)
	if n := h.Publish(1, &Event{ID: 7}); n != 2 {
		t.Errorf("published to %d, want 2", n)
	}
	for _, s := range []*Sub{a, b} {
		if e := <-s.C; e.ID != 7 {
			t.Errorf("got %d", e.ID)
		}
	}
	select {
	case e := <-other.C:
		t.Errorf("another room got %v", e)
	default:
	}
	h.Unsubscribe(a)
	h.Unsubscribe(a)
	if _, ok := <-a.C; ok {
		t.Error("unsubscribed channel open")
	}
	if n := h.Subscribers(1); n != 1 {
		t.Errorf("subscribers = %d", n)
	}
}

// A stream that falls Buffer events behind is dropped; the others go on.
func TestHubDropsSlow(t *testing.T) {
	h := New()
	slow, quick := h.Subscribe(1), h.Subscribe(1)
	for i := range Buffer + 1 {
		h.Publish(1, &Event{ID: int64(i + 1)})
		<-quick.C
	}
	n := 0
	for range slow.C {
		n++
	}
	if n != Buffer {
		t.Errorf("slow stream got %d before closing, want %d", n, Buffer)
	}
	if h.Subscribers(1) != 1 {
		t.Errorf("subscribers = %d, want the quick one", h.Subscribers(1))
	}
}

func TestHubClose(t *testing.T) {
	h := New()
	s := h.Subscribe(1)
	h.Close()
	if _, ok := <-s.C; ok {
		t.Error("open after Close")
	}
	if _, ok := <-h.Subscribe(1).C; ok {
		t.Error("subscription after Close is open")
	}
}

// An attached connection is written by the hub: first what was buffered
// before Attach, then each published event once (a message already sent
// is skipped by id); a failed write drops it.
func TestHubAttach(t *testing.T) {
	h := New()
	defer h.Close()
	s := h.Subscribe(1)
	h.Publish(1, &Event{ID: 5, Data: []byte(`{"id":5}`)})
	h.Publish(1, &Event{ID: 6, Data: []byte(`{"id":6}`)})
	server, client := net.Pipe()
	got := make(chan string, 1)
	go func() { b, _ := io.ReadAll(client); got <- string(b) }()
	h.Attach(s, server, 5) // 5 was sent as missed
	h.Publish(1, &Event{ID: 7, Data: []byte(`{"id":7}`)})
	h.Publish(1, &Event{ID: 7, Removed: true, Data: []byte(`{"id":7,"removed":true}`)})
	client.Close() // the reader leaves
	if n := h.Publish(1, &Event{ID: 8, Data: []byte(`{}`)}); n != 0 || h.Subscribers(1) != 0 {
		t.Errorf("after the reader left: published to %d, %d subscribers; want it dropped", n, h.Subscribers(1))
	}
	want := "id: 6\ndata: {\"id\":6}\n\nid: 7\ndata: {\"id\":7}\n\nevent: removed\ndata: {\"id\":7,\"removed\":true}\n\n"
	if s := <-got; s != want {
		t.Errorf("the connection read %q, want %q", s, want)
	}
}
