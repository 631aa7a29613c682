package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

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
			w.conds = append(w.conds, "NOT "+s.d.idIn(w, "mt.id", except))
		}
		return "SELECT mt.id" + from + w.String() + " ORDER BY " + newest, w.args, "SELECT COUNT(*)" + from + w.String()
	}

	// The candidates: the newest matches, and when there are more than
	// the window, the newest with the words in their title too (an older
	// material named for the word ranks above a newer one that mentions
	// it). Up to scanIDs matches are all listed at once (ids only, from
	// the index) and their titles looked at here; a word in more than
	// that asks the index for its title matches instead.
	window := s.searchWindow
	scan := scanIDs * window
	phrases := search.RankPhrases(f.Query)
	q, args, count := matches(false, nil)
	all, err := queryIDs(ctx, rd, q+" LIMIT "+strconv.Itoa(scan+1), args)
	if err != nil {
		return nil, 0, err
	}
	known := len(all) <= scan // every match is in all
	ids := all[:min(len(all), window)]
	more := len(all) > window
	var older []int64 // title matches older than the newest window
	switch {
	case !more:
	case known:
		if older, err = s.titledIDs(ctx, rd, all[window:], phrases, window); err != nil {
			return nil, 0, err
		}
	default:
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
	var pageIDs []int64
	if offset < len(candidates) {
		ranked, err := s.rankMaterials(ctx, rd, candidates, phrases)
		if err != nil {
			return nil, 0, err
		}
		pageIDs = ranked[min(offset, len(ranked)):min(len(ranked), offset+limit)]
	}
	if more && len(pageIDs) < limit {
		// After the candidates, the other matches, newest first.
		skip := max(0, offset-len(candidates))
		want := limit - len(pageIDs)
		if known {
			taken := make(map[int64]bool, len(older))
			for _, id := range older {
				taken[id] = true
			}
			for _, id := range all[window:] {
				if taken[id] {
					continue
				}
				if skip > 0 {
					skip--
					continue
				}
				if want == 0 {
					break
				}
				pageIDs, want = append(pageIDs, id), want-1
			}
		} else {
			rq, rargs, _ := matches(false, older)
			rest, err := queryIDs(ctx, rd, rq+" LIMIT "+strconv.Itoa(want)+" OFFSET "+strconv.Itoa(window+skip), rargs)
			if err != nil {
				return nil, 0, err
			}
			pageIDs = append(pageIDs, rest...)
		}
	}
	page, err := s.materialsByID(ctx, rd, pageIDs)
	if err != nil {
		return nil, 0, err
	}

	total := len(all)
	switch {
	case f.CountUpTo > 0 && total > f.CountUpTo:
		total = f.CountUpTo + 1
	case known:
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
	w := &where{}
	rows, err := rd.QueryContext(ctx, "SELECT "+materialColumns+materialFrom+" WHERE "+s.d.idIn(w, "mt.id", ids), w.args...)
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

// scanIDs is how many windows of matches a search lists at once: a word
// in fewer materials than that is counted exactly and its title matches
// found among them; a word in more stops there.
const scanIDs = 4

// titledIDs are those of ids (newest first) whose title holds one of the
// phrases, at most n of them.
func (s *Store) titledIDs(ctx context.Context, rd querier, ids []int64, phrases []string, n int) ([]int64, error) {
	if len(ids) == 0 || len(phrases) == 0 {
		return nil, nil
	}
	// The title comes before the body in the row: reading it does not
	// walk the body's overflow pages.
	w := &where{}
	rows, err := rd.QueryContext(ctx, "SELECT mt.id, mt.title FROM materials mt WHERE "+s.d.idIn(w, "mt.id", ids), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: search titles: %w", err)
	}
	defer rows.Close()
	titled := map[int64]bool{}
	for rows.Next() {
		var id int64
		var title string
		if err := rows.Scan(&id, &title); err != nil {
			return nil, fmt.Errorf("store: search titles: %w", err)
		}
		for _, p := range phrases {
			if search.Occurrences(title, p) > 0 {
				titled[id] = true
				break
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: search titles: %w", err)
	}
	var out []int64
	for _, id := range ids {
		if titled[id] && len(out) < n {
			out = append(out, id)
		}
	}
	return out, nil
}

// rankMaterials orders the candidates (newest first) best first by
// search.Rank, from each phrase's occurrences in their title and body.
// Counting here rather than in SQL: Go counts a phrase in a body of
// 3,000 characters in about a microsecond, SQLite's replace() and
// length() took sixty.
func (s *Store) rankMaterials(ctx context.Context, rd querier, ids []int64, phrases []string) ([]int64, error) {
	w := &where{}
	rows, err := rd.QueryContext(ctx, "SELECT mt.id, mt.title, mt.body FROM materials mt WHERE "+s.d.idIn(w, "mt.id", ids), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: rank materials: %w", err)
	}
	defer rows.Close()
	byID := make(map[int64]search.Counts, len(ids))
	for rows.Next() {
		var id int64
		var title, body string
		if err := rows.Scan(&id, &title, &body); err != nil {
			return nil, fmt.Errorf("store: rank materials: %w", err)
		}
		// The length in bytes: only its ratio to the others' counts, and
		// counting characters cost more than the rest of the ranking.
		c := search.Counts{ID: id, Title: make([]int, len(phrases)), Body: make([]int, len(phrases)), Len: len(body)}
		for k, p := range phrases {
			c.Title[k], c.Body[k] = search.Occurrences(title, p), search.Occurrences(body, p)
		}
		byID[id] = c
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: rank materials: %w", err)
	}
	cs := make([]search.Counts, 0, len(ids))
	for _, id := range ids { // newest first: Rank keeps this order for equal scores
		if c, ok := byID[id]; ok {
			cs = append(cs, c)
		}
	}
	search.Rank(cs)
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out, nil
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
