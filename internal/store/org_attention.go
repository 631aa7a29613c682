package store

import (
	"context"
	"fmt"

	"github.com/huoshui/huoshui"
)

// OrgAttention is what the rules on nodes ask the store to find: branches
// with fewer than MinFull full members, branches of CommitteeFull or more
// full members without an elected committee, and nodes whose committee's
// term ends on or before TermEndsBy. rules.OrgWarnings says which rule
// each node found breaks; the store only narrows the nodes to read.
type OrgAttention struct {
	MinFull, CommitteeFull int
	TermEndsBy             huoshui.Date
}

// FindOrgsNeedingAttention lists the current nodes of the subtree under
// path (the node itself included) that may break a rule, in tree order,
// at most limit of them, and how many there are. It takes no scope: pass
// the path of a node read through the reader's scope. The kept counts and
// the committee dates are on the nodes, so a city is one range of the
// path index, not a read of its members.
func (s *Store) FindOrgsNeedingAttention(ctx context.Context, path string, a OrgAttention, limit int) ([]*huoshui.Org, int, error) {
	lo, hi := subtreeRange(path)
	cond := ` FROM orgs WHERE path >= $1 AND path < $2 AND archived_at IS NULL AND (
		(kind = 'branch' AND (full_count < $3 OR (full_count >= $4 AND (committee_elected_on IS NULL OR committee_elected_on = ''))))
		OR (committee_term_ends IS NOT NULL AND committee_term_ends <> '' AND committee_term_ends <= $5))`
	args := []any{lo, hi, a.MinFull, a.CommitteeFull, a.TermEndsBy.String()}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: orgs needing attention under %s: %w", path, err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.r.QueryContext(ctx, "SELECT "+orgColumns+cond+" ORDER BY path LIMIT $6", append(args, limit)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: orgs needing attention under %s: %w", path, err)
	}
	defer rows.Close()
	var out []*huoshui.Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: scan org: %w", err)
		}
		out = append(out, o)
	}
	return out, total, rows.Err()
}
