package store

import (
	"context"
	"fmt"

	"github.com/huoshui/huoshui"
)

// CountMembers is how many members f selects; its Limit and Offset are
// ignored.
func (s *Store) CountMembers(ctx context.Context, f huoshui.MemberFilter) (int, error) {
	q, _, err := s.memberWhere(ctx, f)
	if err != nil {
		return 0, err
	}
	f.CountCap = 0
	return s.countMembers(ctx, f, q, len(q.w.args))
}

// EachMember calls fn with each member f selects, in the list's order,
// reading them from the database one at a time: an export of a whole city
// holds one row, not the city. f.Limit, when set, caps the rows; f.Offset
// is ignored. An error from fn stops the reading and is returned.
func (s *Store) EachMember(ctx context.Context, f huoshui.MemberFilter, fn func(*huoshui.Member) error) error {
	q, _, err := s.memberWhere(ctx, f)
	if err != nil {
		return err
	}
	seen, n := map[int64]bool{}, 0
	rows, err := s.r.QueryContext(ctx, q.querySQL(0, 0), q.w.args...)
	if err != nil {
		return fmt.Errorf("store: each member: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return fmt.Errorf("store: scan member: %w", err)
		}
		if q.keyOrder {
			if seen[m.ID] {
				continue
			}
			seen[m.ID] = true
		}
		if f.Limit > 0 && n >= f.Limit {
			break
		}
		n++
		if err := fn(m); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: each member: %w", err)
	}
	return nil
}
