package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
)

// StudyCompletion is how many current party members (full and
// probationary) of the org — alone, or its whole subtree — count toward
// the year's study target, and how many have reached their own branch's
// target: read from the kept counts (study_year.go), one row per node.
// It counts the members the org's study page counts.
func (s *Store) StudyCompletion(ctx context.Context, org *huoshui.Org, subtree bool, year int) (huoshui.StudyCompletion, error) {
	c := huoshui.StudyCompletion{Known: true}
	q := `SELECT COALESCE(SUM(o.party_count), 0), COALESCE(SUM(y.met), 0) FROM orgs o
		LEFT JOIN study_org_years y ON y.org_id = o.id AND y.year = $1 WHERE o.id = $2`
	args := []any{year, org.ID}
	if subtree {
		lo, hi := subtreeRange(org.Path)
		q = `SELECT COALESCE(SUM(o.party_count), 0), COALESCE(SUM(y.met), 0) FROM orgs o
			LEFT JOIN study_org_years y ON y.org_id = o.id AND y.year = $1
			WHERE o.path >= $2 AND o.path < $3 AND o.party_count > 0`
		args = []any{year, lo, hi}
	}
	if err := s.r.QueryRowContext(ctx, q, args...).Scan(&c.Members, &c.Met); err != nil {
		return c, fmt.Errorf("store: study completion of org %d: %w", org.ID, err)
	}
	return c, nil
}

// StudyCompletionByOrg is the study completion of each node under root
// (root included) that has party members of its own, each node alone:
// the branches (members belong to branches; committees, general branches
// and groups have none and are absent). Summing a subtree's nodes gives
// StudyCompletion of its root with subtree set.
func (s *Store) StudyCompletionByOrg(ctx context.Context, root *huoshui.Org, year int) (map[int64]huoshui.StudyCompletion, error) {
	lo, hi := subtreeRange(root.Path)
	rows, err := s.r.QueryContext(ctx, `SELECT o.id, o.party_count, COALESCE(y.met, 0) FROM orgs o
		LEFT JOIN study_org_years y ON y.org_id = o.id AND y.year = $1 WHERE o.path >= $2 AND o.path < $3 AND o.party_count > 0`,
		year, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("store: study completion under org %d: %w", root.ID, err)
	}
	defer rows.Close()
	out := map[int64]huoshui.StudyCompletion{}
	for rows.Next() {
		var id int64
		c := huoshui.StudyCompletion{Known: true}
		if err := rows.Scan(&id, &c.Members, &c.Met); err != nil {
			return nil, fmt.Errorf("store: study completion under org %d: %w", root.ID, err)
		}
		out[id] = c
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: study completion under org %d: %w", root.ID, err)
	}
	return out, nil
}

// studyYearsMigration is the migration that added the kept study years.
const studyYearsMigration = 24

// RebuildStudyYears counts every member's study years afresh from the
// records, and from them every branch's reached counts, in one
// transaction: the fill when an upgrade crosses migration 24, and the
// repair should the kept numbers ever be doubted.
func (s *Store) RebuildStudyYears(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM study_years"); err != nil {
			return fmt.Errorf("store: rebuild study years: %w", err)
		}
		first, last, err := studyYearSpan(ctx, tx)
		if err != nil || first == 0 {
			if err == nil {
				err = s.recountStudyMetUnder(ctx, tx, "")
			}
			return err
		}
		var ids []int64
		rows, err := tx.QueryContext(ctx, "SELECT id FROM members ORDER BY id")
		if err != nil {
			return fmt.Errorf("store: rebuild study years: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("store: rebuild study years: %w", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: rebuild study years: %w", err)
		}
		for y := first; y <= last; y++ {
			for chunk := range chunks(ids, 500) {
				items, err := studyItems(ctx, tx, chunk, y)
				if err != nil {
					return err
				}
				for _, id := range chunk {
					class, reading := studyMinutes(items[id])
					if class == 0 && reading == 0 {
						continue
					}
					if _, err := tx.ExecContext(ctx, `INSERT INTO study_years (member_id, year, class_minutes, reading_minutes)
						VALUES ($1, $2, $3, $4)`, id, y, class, reading); err != nil {
						return fmt.Errorf("store: rebuild study years: %w", err)
					}
				}
			}
		}
		return s.recountStudyMetUnder(ctx, tx, "")
	})
}

// studyYearSpan is the first and last year any record that counts toward
// study hours falls in; 0, 0 when there is none.
func studyYearSpan(ctx context.Context, q querier) (first, last int, err error) {
	var lo, hi []string
	for _, t := range []struct{ table, col string }{{"lectures", "held_on"}, {"discussions", "held_on"},
		{"trainings", "held_on"}, {"material_read_days", "day"}} {
		var a, b *string
		if err := q.QueryRowContext(ctx, "SELECT MIN("+t.col+"), MAX("+t.col+") FROM "+t.table).Scan(&a, &b); err != nil {
			return 0, 0, fmt.Errorf("store: study years span: %w", err)
		}
		if a != nil && b != nil {
			lo, hi = append(lo, *a), append(hi, *b)
		}
	}
	var a, b time.Time
	err = q.QueryRowContext(ctx, "SELECT starts_at FROM meetings ORDER BY starts_at LIMIT 1").Scan(&a)
	if err == nil {
		err = q.QueryRowContext(ctx, "SELECT starts_at FROM meetings ORDER BY starts_at DESC LIMIT 1").Scan(&b)
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return 0, 0, fmt.Errorf("store: study years span: %w", err)
	default:
		lo = append(lo, a.In(huoshui.Shanghai).Format("2006-01-02"))
		hi = append(hi, b.In(huoshui.Shanghai).Format("2006-01-02"))
	}
	for i := range lo {
		var y1, y2 int
		if _, err := fmt.Sscanf(strings.TrimSpace(lo[i])[:4], "%d", &y1); err != nil {
			return 0, 0, fmt.Errorf("store: study years span: %q: %w", lo[i], err)
		}
		if _, err := fmt.Sscanf(strings.TrimSpace(hi[i])[:4], "%d", &y2); err != nil {
			return 0, 0, fmt.Errorf("store: study years span: %q: %w", hi[i], err)
		}
		if first == 0 || y1 < first {
			first = y1
		}
		last = max(last, y2)
	}
	return first, last, nil
}

// KeptStudyHours is each member's study hours in a year as kept: what
// rules.Study counts from the same records (huoshui.StudyTenths over
// 10). Members with none have 0.
func (s *Store) KeptStudyHours(ctx context.Context, memberIDs []int64, year int) (map[int64]float64, error) {
	out := map[int64]float64{}
	for chunk := range chunks(distinct(memberIDs), 500) {
		kept, err := keptStudyYears(ctx, s.r, chunk, year)
		if err != nil {
			return nil, err
		}
		for id, v := range kept {
			out[id] = float64(huoshui.StudyTenths(v[0]+v[1])) / 10
		}
	}
	return out, nil
}
