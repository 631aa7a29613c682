package web

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/huoshui/huoshui/internal/store"
)

// touchBatcher writes the last-seen times of sessions that arrive together
// in one transaction. A request touches its session at most once a minute
// (touchEvery), but when thousands of members scan an assembly's code
// within a second, every one of them does, and one commit per request
// would queue them behind SQLite's one writer. A request does not wait for
// the write: the idle clock is a convenience, and a touch lost in a crash
// or at shutdown only ends that session up to a minute early, so it is
// not worth the wait of a second commit on a check-in's way. A failed
// batch is logged. The loop runs while there is work and stops when idle.
type touchBatcher struct {
	store   *store.Store
	log     *slog.Logger
	mu      sync.Mutex
	pending []store.SessionTouch
	running bool
}

// touchWindow is how long the loop waits for company once a touch
// arrives; touchBatchMax bounds one transaction.
const (
	touchWindow   = 2 * time.Millisecond
	touchBatchMax = 1000
)

// touch queues the session's last-seen time and returns at once.
func (b *touchBatcher) touch(hash string, at time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending = append(b.pending, store.SessionTouch{TokenHash: hash, At: at})
	if !b.running {
		b.running = true
		go b.loop()
	}
}

func (b *touchBatcher) loop() {
	for {
		time.Sleep(touchWindow)
		b.mu.Lock()
		batch := b.pending[:min(len(b.pending), touchBatchMax)]
		b.pending = b.pending[len(batch):]
		if len(batch) == 0 {
			b.pending = nil
			b.running = false
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := b.store.TouchSessions(ctx, batch); err != nil {
			b.log.Warn("touch sessions", "sessions", len(batch), "err", err)
		}
		cancel()
	}
}
