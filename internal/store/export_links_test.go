package store

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
)

// HeldByMonth reads the held column of activity_counts, or (backfill)
// what migration 0023's backfill computes from the records, keyed
// "org month", rows of zero left out: the tests compare the two.
func (s *Store) HeldByMonth(ctx context.Context, backfill bool) (map[string]int, error) {
	q := `SELECT org_id, month, held FROM activity_counts`
	if backfill {
		b, err := fs.ReadFile(migrations, "migrations/"+s.d.name+"/0023_work_links.sql")
		if err != nil {
			return nil, err
		}
		text := string(b)
		i := strings.Index(text, "SELECT org_id, month, COUNT(*), 0 FROM (")
		j := strings.Index(text, ") a GROUP BY org_id, month;")
		if i < 0 || j < i {
			return nil, fmt.Errorf("no backfill in 0023")
		}
		q = text[i:j] + ") a GROUP BY org_id, month"
	}
	rows, err := s.r.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var org int64
		var month string
		var n, linked int
		dest := []any{&org, &month, &n}
		if backfill {
			dest = append(dest, &linked)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if n != 0 {
			out[fmt.Sprintf("%d %s", org, month)] = n
		}
	}
	return out, rows.Err()
}
