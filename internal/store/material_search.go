package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/search"
)

// Chinese full-text search over materials. The index (SQLite FTS5,
// PostgreSQL's GIN over a tsvector; both hold internal/search's bigrams)
// finds the materials that hold every term of the query. Of those, the
// newest huoshui.MaterialSearchWindow, with as many of the newest that
// hold the words in their title, are ranked by search.Rank, from how
// often each phrase of the query stands in their title and body; any
// more follow, newest first. A rare word is found
// and ranked in full; a word in nearly every text (党, 党建) costs the
// newest few hundred matches instead of ranking and counting all of them,
// which took longer than scanning every text with LIKE.

// searchMaterials answers FindMaterials for a filter with a query.
func (s *Store) searchMaterials(ctx context.Context, f huoshui.MaterialFilter) ([]huoshui.MaterialHit, int, error) {
	terms := search.Query(f.Query)
	if terms.Empty() { // punctuation only: nothing to look for
		return []huoshui.MaterialHit{}, 0, nil
	}
	// Listed newest first with a limit, the matches' ids come best from
	// the planner's own choice: the index for a rare word, the newest rows
	// in order for a common one. Only counting them all wants the
	// settings of searchReader.
	var rd querier = s.r
	// matches is the query of the matches' ids, newest first, with its
	// arguments: in title or body, or in the title only.
	matches := func(titleOnly bool, except []int64) (string, []any, string) {
		w := &where{}
		from, newest := s.d.materialMatch(w, terms, titleOnly)
		materialFilters(w, f)
		if len(except) > 0 {
			w.conds = append(w.conds, "mt.id NOT IN ("+idList(except)+")")
		}
		return "SELECT mt.id" + from + w.String() + " ORDER BY " + newest, w.args, "SELECT COUNT(*)" + from + w.String()
	}

	// The candidates: the newest matches, and when there are more than
	// the window, the newest matches in the title too (an older material
	// named for the word ranks above a newer one that mentions it).
	window := s.searchWindow
	q, args, count := matches(false, nil)
	ids, err := queryIDs(ctx, rd, q+" LIMIT "+strconv.Itoa(window+1), args)
	if err != nil {
		return nil, 0, err
	}
	more := len(ids) > window
	ids = ids[:min(len(ids), window)]
	var older []int64 // title matches older than the newest window
	if more {
		tq, targs, _ := matches(true, nil)
		titled, err := queryIDs(ctx, rd, tq+" LIMIT "+strconv.Itoa(window), targs)
		if err != nil {
			return nil, 0, err
		}
		in := make(map[int64]bool, len(ids))
		for _, id := range ids {
			in[id] = true
		}
		for _, id := range titled {
			if !in[id] {
				older = append(older, id)
			}
		}
	}
	candidates := append(ids[:len(ids):len(ids)], older...)

	offset, limit := max(0, f.Offset), f.Limit
	if limit <= 0 {
		limit = 1 << 30 // all of them
	}
	var page []*huoshui.Material
	if offset < len(candidates) {
		ms, err := s.materialsByID(ctx, rd, candidates)
		if err != nil {
			return nil, 0, err
		}
		rankMaterials(ms, search.RankPhrases(f.Query))
		page = ms[min(offset, len(ms)):min(len(ms), offset+limit)]
	}
	if more && len(page) < limit {
		// After the candidates, the other matches, newest first.
		rq, rargs, _ := matches(false, older)
		skip := window + max(0, offset-len(candidates))
		rest, err := queryIDs(ctx, rd, rq+" LIMIT "+strconv.Itoa(limit-len(page))+" OFFSET "+strconv.Itoa(skip), rargs)
		if err != nil {
			return nil, 0, err
		}
		ms, err := s.materialsByID(ctx, rd, rest)
		if err != nil {
			return nil, 0, err
		}
		page = append(page, ms...)
	}

	total := len(ids)
	switch {
	case !more:
	case f.CountUpTo > 0 && f.CountUpTo <= len(ids):
		total = f.CountUpTo + 1
	default:
		cq, done, err := s.searchReader(ctx)
		if err != nil {
			return nil, 0, err
		}
		err = cq.QueryRowContext(ctx, count, args...).Scan(&total)
		done()
		if err != nil {
			return nil, 0, fmt.Errorf("store: count materials: %w", err)
		}
	}
	out := make([]huoshui.MaterialHit, len(page))
	for i, m := range page {
		out[i] = huoshui.MaterialHit{Material: m, Snippet: search.Snippet(m.PlainText(), f.Query, materialSnippetWidth)}
	}
	return out, total, nil
}

// materialsByID reads the materials of ids, in that order.
func (s *Store) materialsByID(ctx context.Context, rd querier, ids []int64) ([]*huoshui.Material, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := rd.QueryContext(ctx, "SELECT "+materialColumns+materialFrom+" WHERE mt.id IN ("+idList(ids)+")")
	if err != nil {
		return nil, fmt.Errorf("store: find materials: %w", err)
	}
	defer rows.Close()
	byID := make(map[int64]*huoshui.Material, len(ids))
	for rows.Next() {
		m, err := scanMaterial(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan material: %w", err)
		}
		byID[m.ID] = m
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: find materials: %w", err)
	}
	out := make([]*huoshui.Material, 0, len(ids))
	for _, id := range ids {
		if m := byID[id]; m != nil {
			out = append(out, m)
		}
	}
	return out, nil
}

// rankMaterials orders materials (newest first) best first by
// search.Rank, from each phrase's occurrences in their title and body.
// Counting here rather than in SQL: Go counts a phrase in a body of
// 3,000 characters in about a microsecond, SQLite's replace() and
// length() took sixty.
func rankMaterials(ms []*huoshui.Material, phrases []string) {
	cs := make([]search.Counts, len(ms))
	byID := make(map[int64]*huoshui.Material, len(ms))
	for i, m := range ms {
		// The length in bytes: only its ratio to the others' counts, and
		// counting characters cost more than the rest of the ranking.
		c := search.Counts{ID: m.ID, Title: make([]int, len(phrases)), Body: make([]int, len(phrases)), Len: len(m.Body)}
		for k, p := range phrases {
			c.Title[k], c.Body[k] = search.Occurrences(m.Title, p), search.Occurrences(m.Body, p)
		}
		cs[i] = c
		byID[m.ID] = m
	}
	search.Rank(cs)
	for i, c := range cs {
		ms[i] = byID[c.ID]
	}
}

// queryIDs runs a query of one id column.
func queryIDs(ctx context.Context, rd querier, q string, args []any) ([]int64, error) {
	rows, err := rd.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: search materials: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: search materials: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// idList is ids written into a statement: numbers the store read itself,
// so they need no placeholders (hundreds of them cost SQLite as many
// lookups each to bind).
func idList(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}

// searchReader is where a full-text search reads: the reader pool, or
// on PostgreSQL a read-only transaction with the planner settings the
// search needs (dialect.searchSettings).
func (s *Store) searchReader(ctx context.Context) (querier, func(), error) {
	sets := s.d.searchSettings()
	if len(sets) == 0 {
		return s.r, func() {}, nil
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, nil, fmt.Errorf("store: search: %w", err)
	}
	for _, set := range sets {
		if _, err := tx.ExecContext(ctx, set); err != nil {
			tx.Rollback()
			return nil, nil, fmt.Errorf("store: search: %w", err)
		}
	}
	return tx, func() { tx.Rollback() }, nil
}
