package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// Sessions touched together stay alive as if touched one by one; a touch
// never moves a clock back, and a session gone meanwhile is skipped.
func TestTouchSessionsTogether(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := newUserClock(s)
		u := newTestUser(t, s, "zhaoli")
		openSession(t, s, u, "one")
		openSession(t, s, u, "two")
		openSession(t, s, u, "left alone")
		c.add(huoshui.SessionIdle - time.Minute)
		seen := c.now()
		if err := s.TouchSessions(ctx, []store.SessionTouch{{TokenHash: "one", At: seen}, {TokenHash: "two", At: seen},
			{TokenHash: "one", At: seen.Add(-time.Hour)}, {TokenHash: "gone", At: seen}}); err != nil {
			t.Fatal(err)
		}
		c.add(2 * time.Minute)
		if !sessionAlive(s, "one") || !sessionAlive(s, "two") {
			t.Errorf("sessions touched together expired as if idle")
		}
		if sessionAlive(s, "left alone") {
			t.Errorf("an untouched session outlived the idle limit")
		}
	})
}
