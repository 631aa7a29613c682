package store

import (
	"context"
	"fmt"

	"github.com/huoshui/huoshui"
)

// LikeScanMaterials is the search the index replaces, for the benchmark
// to compare with: title and body scanned with LIKE '%word%', newest
// first, a page of limit with the total, as FindMaterials answers.
func (s *Store) LikeScanMaterials(ctx context.Context, word string, limit int) (rows, total int, err error) {
	pat := "%" + likeEscape(word) + "%"
	const cond = ` FROM materials mt WHERE mt.archived_at IS NULL AND (mt.title LIKE $1 OR mt.body LIKE $1)`
	rs, err := s.r.QueryContext(ctx, "SELECT mt.id, mt.title, mt.body"+cond+" ORDER BY mt.id DESC LIMIT $2", pat, limit)
	if err != nil {
		return 0, 0, fmt.Errorf("like scan: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var m huoshui.Material
		if err := rs.Scan(&m.ID, &m.Title, &m.Body); err != nil {
			return 0, 0, err
		}
		rows++
	}
	if err := rs.Err(); err != nil {
		return 0, 0, err
	}
	if rows < limit {
		return rows, rows, nil
	}
	err = s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+cond, pat).Scan(&total)
	return rows, total, err
}
