package store

import (
	"context"

	"github.com/huoshui/huoshui"
)

// statisticsDues is the dues figure of o's return: the dues its branches
// collected from from to to, both included. The platform keeps no dues
// ledger yet, so the figure is not available (the page and the API say
// so). When the dues module is merged, this is the one place to count it
// from the ledger's payments in o's subtree (by the org path, as the other
// figures), returning Available true and the sum in fen.
func (s *Store) statisticsDues(ctx context.Context, o *huoshui.Org, from, to huoshui.Date) (huoshui.StatDues, error) {
	return huoshui.StatDues{}, nil
}
