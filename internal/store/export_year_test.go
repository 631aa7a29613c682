package store

import (
	"context"

	"github.com/huoshui/huoshui"
)

// FindMonthCounts lets the tests compare the counts by year with the
// monthly rows they repeat.
func (s *Store) FindMonthCounts(ctx context.Context, root *huoshui.Org, from, to string) ([]MeetingCount, error) {
	return s.findMonthCounts(ctx, root, from, to)
}

// SetSearchWindow lets a test rank fewer matches than a real search does,
// to reach past the window with a few materials.
func (s *Store) SetSearchWindow(n int) { s.searchWindow = n }
