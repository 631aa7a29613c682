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
