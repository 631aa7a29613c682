package web

import (
	"context"
	"sync"
	"time"

	"github.com/huoshui/huoshui/internal/store"
)

// touchBatcher writes the last-seen times of sessions that arrive together
// in one transaction. A request touches its session at most once a minute
// (touchEvery), but when thousands of members scan an assembly's code
// within a second, every one of them does, and one commit per request
// would queue them behind SQLite's one writer. A request waits for its
// batch's commit, so the idle clock is written before the answer, as it
// was one by one. The loop runs while there is work and stops when idle.
type touchBatcher struct {
	store   *store.Store
	mu      sync.Mutex
	pending []touchReq
	running bool
}

type touchReq struct {
	t     store.SessionTouch
	reply chan error
}

// touchWindow is how long the loop waits for company once a touch
// arrives; touchBatchMax bounds one transaction.
const (
	touchWindow   = 2 * time.Millisecond
	touchBatchMax = 1000
)

func (b *touchBatcher) touch(ctx context.Context, hash string, at time.Time) error {
	req := touchReq{t: store.SessionTouch{TokenHash: hash, At: at}, reply: make(chan error, 1)}
	b.mu.Lock()
	b.pending = append(b.pending, req)
	if !b.running {
		b.running = true
		go b.loop()
	}
	b.mu.Unlock()
	select {
	case err := <-req.reply:
		return err
	case <-ctx.Done():
		return ctx.Err()
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
		ts := make([]store.SessionTouch, len(batch))
		for i, req := range batch {
			ts[i] = req.t
		}
		// Its own context: one impatient browser must not fail the batch.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := b.store.TouchSessions(ctx, ts)
		cancel()
		for _, req := range batch {
			req.reply <- err
		}
	}
}
