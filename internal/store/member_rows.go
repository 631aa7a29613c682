package store

import (
	"context"
	"fmt"

	"github.com/huoshui/huoshui"
)

// CountMembers is how many members f selects; its Limit and Offset are
// ignored.
func (s *Store) CountMembers(ctx context.Context, f huoshui.MemberFilter) (int, error) {
	w, _ := memberWhere(f)
	var n int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+memberFrom+w.String(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count members: %w", err)
	}
	return n, nil
}

// EachMember calls fn with each member f selects, in the list's order,
// reading them from the database one at a time: an export of a whole city
// holds one row, not the city. f.Limit, when set, caps the rows; f.Offset
// is ignored. An error from fn stops the reading and is returned.
func (s *Store) EachMember(ctx context.Context, f huoshui.MemberFilter, fn func(*huoshui.Member) error) error {
	w, order := memberWhere(f)
	q := "SELECT " + memberColumns + memberFrom + w.String() + " ORDER BY " + order
	if f.Limit > 0 {
		q += " LIMIT " + w.arg(f.Limit)
	}
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return fmt.Errorf("store: each member: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return fmt.Errorf("store: scan member: %w", err)
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: each member: %w", err)
	}
	return nil
}
