package chat

import "testing"

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
