package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/huoshui/huoshui"
)

// output_counts holds, per org, month, kind and level, how many current
// outputs there are and how many characters the documents among them
// hold: the numbers a dashboard shows, read in a few rows instead of
// counted over the records (a committee of 1,000 branches holds some
// 200,000 of them a year). Every write of an output moves it, in the same
// transaction, by the difference between the record before and after:
// created, edited (kind, level, date, characters, org), archived or
// restored, imported. Nothing else writes it.

// outputCountKey is one row of output_counts.
type outputCountKey struct {
	org   int64
	year  int
	month int
	kind  huoshui.OutputKind
	level huoshui.OutputLevel
}

// outputMove is one write of an output: the record before (nil for a new
// one) and after.
type outputMove struct{ before, after *huoshui.Output }

// outputCountOf is what one output adds to the summary: nothing when it
// is archived (or absent).
func outputCountOf(x *huoshui.Output) (outputCountKey, int64, bool) {
	if x == nil || x.ArchivedAt != nil || x.Date.IsZero() {
		return outputCountKey{}, 0, false
	}
	k := outputCountKey{org: x.OrgID, year: x.Date.Year(), month: int(x.Date.Time().Month()), kind: x.Kind, level: x.Level}
	if !x.Kind.HasLevel() {
		k.level = ""
	}
	var chars int64
	if x.Kind == huoshui.OutputDocument {
		chars = int64(x.Characters)
	}
	return k, chars, true
}

// outputCountDelta is the change of one row: outputs and characters.
type outputCountDelta struct{ n, chars int64 }

// moveOutputCounts applies the writes' differences to output_counts in
// tx, in (org, year, month, kind, level) order, the order every writer
// takes, so that two transactions wait for each other instead of
// deadlocking on PostgreSQL. Rows whose difference is nothing are not
// touched.
func (s *Store) moveOutputCounts(ctx context.Context, tx *sql.Tx, moves ...outputMove) error {
	d := map[outputCountKey]*outputCountDelta{}
	add := func(x *huoshui.Output, sign int64) {
		k, chars, ok := outputCountOf(x)
		if !ok {
			return
		}
		if d[k] == nil {
			d[k] = &outputCountDelta{}
		}
		d[k].n += sign
		d[k].chars += sign * chars
	}
	for _, m := range moves {
		add(m.before, -1)
		add(m.after, 1)
	}
	keys := slices.SortedFunc(maps.Keys(d), func(a, b outputCountKey) int {
		return cmp.Or(cmp.Compare(a.org, b.org), cmp.Compare(a.year, b.year), cmp.Compare(a.month, b.month),
			strings.Compare(string(a.kind), string(b.kind)), strings.Compare(string(a.level), string(b.level)))
	})
	keys = slices.DeleteFunc(keys, func(k outputCountKey) bool { return *d[k] == outputCountDelta{} })
	const cols = 7
	for chunk := range chunks(keys, maxBulkParams/cols) {
		var sb strings.Builder
		sb.WriteString("INSERT INTO output_counts (org_id, year, month, kind, level, n, characters) VALUES ")
		args := make([]any, 0, len(chunk)*cols)
		for i, k := range chunk {
			if i > 0 {
				sb.WriteByte(',')
			}
			s.d.placeholders(&sb, len(args), cols)
			args = append(args, k.org, k.year, k.month, string(k.kind), string(k.level), d[k].n, d[k].chars)
		}
		sb.WriteString(` ON CONFLICT (org_id, year, month, kind, level) DO UPDATE SET
			n = output_counts.n + excluded.n, characters = output_counts.characters + excluded.characters`)
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("store: count outputs: %w", err)
		}
	}
	return nil
}

// FindOutputYear is FindOutputSummary for a calendar year.
func (s *Store) FindOutputYear(ctx context.Context, org *huoshui.Org, subtree bool, year int) (*huoshui.OutputSummary, error) {
	return s.FindOutputSummary(ctx, org, subtree, huoshui.NewDate(year, 1, 1), huoshui.NewDate(year, 12, 31))
}

// FindOutputSummary reads the outputs dated from from to to (both
// included) of org alone, or with subtree of every org in its subtree
// (a sum over the path range), by month, kind and level. Whole months
// come from output_counts; a month the period cuts (the last twelve
// months ending today) is counted from its records, which are a month's
// at most at each end. The caller has read org through the reader's
// scope.
func (s *Store) FindOutputSummary(ctx context.Context, org *huoshui.Org, subtree bool, from, to huoshui.Date) (*huoshui.OutputSummary, error) {
	out := &huoshui.OutputSummary{Tallies: []huoshui.OutputTally{}}
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return out, nil
	}
	p := splitPeriod(from, to)
	if p.hasMonths() {
		if err := s.summaryMonths(ctx, out, org, subtree, p.first, p.last); err != nil {
			return nil, err
		}
	}
	for _, e := range p.edges {
		if err := s.summaryRecords(ctx, out, org, subtree, e[0], e[1]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// orgCondition is the condition on c.org_id (and the join it needs) that
// selects org alone or its subtree.
func orgCondition(w *where, org *huoshui.Org, subtree bool, col string) (join string) {
	if !subtree {
		w.add(col+" = ?", org.ID)
		return ""
	}
	lo, hi := subtreeRange(org.Path)
	w.add("o.path >= ? AND o.path < ?", lo, hi)
	return " JOIN orgs o ON o.id = " + col
}

// summaryMonths adds the rows of output_counts for the whole months from
// the month of from to the month of to.
func (s *Store) summaryMonths(ctx context.Context, out *huoshui.OutputSummary, org *huoshui.Org, subtree bool, from, to huoshui.Date) error {
	w := &where{}
	join := orgCondition(w, org, subtree, "c.org_id")
	w.add("c.year >= ? AND c.year <= ?", from.Year(), to.Year())
	w.add("c.year * 100 + c.month >= ? AND c.year * 100 + c.month <= ?",
		from.Year()*100+int(from.Time().Month()), to.Year()*100+int(to.Time().Month()))
	rows, err := s.r.QueryContext(ctx, `SELECT c.year, c.month, c.kind, c.level, SUM(c.n), SUM(c.characters)
		FROM output_counts c`+join+w.String()+` GROUP BY c.year, c.month, c.kind, c.level
		ORDER BY c.year, c.month, c.kind, c.level`, w.args...)
	if err != nil {
		return fmt.Errorf("store: output summary: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t huoshui.OutputTally
		if err := rows.Scan(&t.Year, &t.Month, &t.Kind, &t.Level, &t.Count, &t.Characters); err != nil {
			return fmt.Errorf("store: output summary: %w", err)
		}
		if t.Count != 0 || t.Characters != 0 {
			out.Tallies = append(out.Tallies, t)
		}
	}
	return rows.Err()
}

// summaryRecords counts the current outputs dated from from to to (one
// month or part of one) from the records themselves.
func (s *Store) summaryRecords(ctx context.Context, out *huoshui.OutputSummary, org *huoshui.Org, subtree bool, from, to huoshui.Date) error {
	w := &where{}
	join := orgCondition(w, org, subtree, "ot.org_id")
	w.add("ot.dated_on >= ? AND ot.dated_on <= ?", from, to)
	w.add("ot.archived_at IS NULL")
	rows, err := s.r.QueryContext(ctx, `SELECT ot.kind, ot.level, COUNT(*), SUM(ot.characters)
		FROM outputs ot`+join+w.String()+` GROUP BY ot.kind, ot.level ORDER BY ot.kind, ot.level`, w.args...)
	if err != nil {
		return fmt.Errorf("store: output summary: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		t := huoshui.OutputTally{Year: from.Year(), Month: int(from.Time().Month())}
		if err := rows.Scan(&t.Kind, &t.Level, &t.Count, &t.Characters); err != nil {
			return fmt.Errorf("store: output summary: %w", err)
		}
		if !t.Kind.HasLevel() {
			t.Level = ""
		}
		if t.Kind != huoshui.OutputDocument {
			t.Characters = 0
		}
		out.Tallies = append(out.Tallies, t)
	}
	return rows.Err()
}

// FindOutputSummaryByOrg reads a year's summary of every org in the
// subtree of root, one summary per org that has outputs, from
// output_counts: a committee's page of its branches side by side. Each
// org is one row of sums by kind and level, grouped in the order the
// path index gives the orgs: on SQLite a row per org, kind and level
// would need a sort and three times the column reads.
func (s *Store) FindOutputSummaryByOrg(ctx context.Context, root *huoshui.Org, year int) (map[int64]*huoshui.OutputSummary, error) {
	lo, hi := subtreeRange(root.Path)
	var sb strings.Builder
	sb.WriteString("SELECT o.id")
	for _, k := range byOrgColumns {
		fmt.Fprintf(&sb, ", COALESCE(SUM(CASE WHEN c.kind = '%s' AND c.level = '%s' THEN c.n END), 0)", k.Kind, k.Level)
	}
	sb.WriteString(`, COALESCE(SUM(CASE WHEN c.kind = 'document' THEN c.characters END), 0)
		FROM output_counts c JOIN orgs o ON o.id = c.org_id
		WHERE o.path >= $1 AND o.path < $2 AND c.year = $3 GROUP BY o.path, o.id`)
	rows, err := s.r.QueryContext(ctx, sb.String(), lo, hi, year)
	if err != nil {
		return nil, fmt.Errorf("store: output summary by org: %w", err)
	}
	defer rows.Close()
	out := map[int64]*huoshui.OutputSummary{}
	var id, chars int64
	n := make([]int, len(byOrgColumns))
	dest := []any{&id}
	for i := range n {
		dest = append(dest, &n[i])
	}
	dest = append(dest, &chars)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("store: output summary by org: %w", err)
		}
		var tallies []huoshui.OutputTally
		for i, k := range byOrgColumns {
			t := huoshui.OutputTally{OrgID: id, Year: year, Kind: k.Kind, Level: k.Level, Count: n[i]}
			if k.Kind == huoshui.OutputDocument {
				t.Characters = chars
			}
			if t.Count != 0 || t.Characters != 0 {
				tallies = append(tallies, t)
			}
		}
		if len(tallies) > 0 {
			out[id] = &huoshui.OutputSummary{Tallies: tallies}
		}
	}
	return out, rows.Err()
}

// byOrgColumns are the kinds and levels FindOutputSummaryByOrg sums, a
// column each: the levels of the kinds that have them, and the others
// with none, as output_counts keeps them.
var byOrgColumns = func() []huoshui.OutputTally {
	var out []huoshui.OutputTally
	for _, k := range huoshui.OutputKinds {
		if !k.HasLevel() {
			out = append(out, huoshui.OutputTally{Kind: k})
			continue
		}
		for _, l := range huoshui.OutputLevels {
			out = append(out, huoshui.OutputTally{Kind: k, Level: l})
		}
	}
	return out
}()
