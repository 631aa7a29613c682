package store

import (
	"context"

	"github.com/huoshui/huoshui"
)

// statisticsDues is the dues figure of o's return: what the branches of
// its subtree collected for the months from from's to to's, both
// included, from the ledger's kept month totals (DuesCollected).
func (s *Store) statisticsDues(ctx context.Context, o *huoshui.Org, from, to huoshui.Date) (huoshui.StatDues, error) {
	fen, err := s.DuesCollected(ctx, huoshui.Scope{Paths: []string{o.Path}}, o.Path, from, to)
	if err != nil {
		return huoshui.StatDues{}, err
	}
	return huoshui.StatDues{Available: true, CollectedFen: fen}, nil
}
