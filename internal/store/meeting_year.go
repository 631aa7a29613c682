package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
)

// meeting_year_counts holds the monthly counts of meeting_counts again, one
// row per org, year and type with the twelve months side by side, so that
// the compliance calendar of a committee reads a row per node and type
// instead of one per month as well (for 1,000 branches a year is some
// 7,700 rows instead of 42,000). Both tables move together, by the same
// differences, in the transaction that changes the meetings.

// monthColumns are the month columns, January first.
var monthColumns = [12]string{"m01", "m02", "m03", "m04", "m05", "m06", "m07", "m08", "m09", "m10", "m11", "m12"}

// countMove is a change of one monthly count ("2026-03") of a type.
type countMove struct {
	org   int64
	month string
	t     huoshui.MeetingType
	d     int
}

// yearKey is one row of meeting_year_counts.
type yearKey struct {
	org  int64
	year int
	t    huoshui.MeetingType
}

// yearMoves sums monthly changes into the rows of meeting_year_counts they
// change, in (org, year, type) order: the order every writer takes, so two
// transactions wait for each other instead of deadlocking on PostgreSQL.
func yearMoves(moves []countMove) ([]yearKey, map[yearKey]*[12]int, error) {
	rows := map[yearKey]*[12]int{}
	for _, m := range moves {
		if m.d == 0 {
			continue
		}
		year, month, err := splitMonth(m.month)
		if err != nil {
			return nil, nil, err
		}
		k := yearKey{m.org, year, m.t}
		if rows[k] == nil {
			rows[k] = &[12]int{}
		}
		rows[k][month-1] += m.d
	}
	keys := slices.SortedFunc(maps.Keys(rows), func(a, b yearKey) int {
		return cmp.Or(cmp.Compare(a.org, b.org), cmp.Compare(a.year, b.year), strings.Compare(string(a.t), string(b.t)))
	})
	return keys, rows, nil
}

// splitMonth reads "2026-03".
func splitMonth(s string) (year, month int, err error) {
	if len(s) == 7 && s[4] == '-' {
		year, err = strconv.Atoi(s[:4])
		if err == nil {
			month, err = strconv.Atoi(s[5:])
		}
		if err == nil && month >= 1 && month <= 12 {
			return year, month, nil
		}
	}
	return 0, 0, fmt.Errorf("store: month %q: want YYYY-MM", s)
}

// yearUpsert is the statement head and conflict clause that add a row of
// differences to meeting_year_counts.
var yearUpsert = struct{ head, conflict string }{
	head: "INSERT INTO meeting_year_counts (org_id, year, type, " + strings.Join(monthColumns[:], ", ") + ") VALUES ",
	conflict: func() string {
		sets := make([]string, 12)
		for i, c := range monthColumns {
			sets[i] = c + " = meeting_year_counts." + c + " + excluded." + c
		}
		return " ON CONFLICT (org_id, year, type) DO UPDATE SET " + strings.Join(sets, ", ")
	}(),
}

// moveYearCounts applies monthly changes to meeting_year_counts, after the
// caller has applied them to meeting_counts in the same transaction, many
// rows per statement.
func (s *Store) moveYearCounts(ctx context.Context, tx *sql.Tx, moves []countMove) error {
	keys, rows, err := yearMoves(moves)
	if err != nil {
		return err
	}
	const cols = 15
	for chunk := range chunks(keys, maxBulkParams/cols) {
		var sb strings.Builder
		sb.WriteString(yearUpsert.head)
		args := make([]any, 0, len(chunk)*cols)
		for i, k := range chunk {
			if i > 0 {
				sb.WriteByte(',')
			}
			s.d.placeholders(&sb, len(args), cols)
			args = append(args, k.org, k.year, k.t)
			for _, n := range rows[k] {
				args = append(args, n)
			}
		}
		sb.WriteString(yearUpsert.conflict)
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("store: count meetings by year: %w", err)
		}
	}
	return nil
}

// findYearCounts reads the monthly counts of the orgs in the subtree of
// root for months in [from, to] from meeting_year_counts.
func (s *Store) findYearCounts(ctx context.Context, root *huoshui.Org, from, to string) ([]MeetingCount, error) {
	y0, _, err := splitMonth(from)
	if err != nil {
		return nil, err
	}
	y1, _, err := splitMonth(to)
	if err != nil {
		return nil, err
	}
	if y1 < y0 {
		return nil, nil
	}
	labels := make([][12]string, y1-y0+1) // "2026-03", made once per month, not per count
	for y := range labels {
		for m := range 12 {
			labels[y][m] = fmt.Sprintf("%04d-%02d", y0+y, m+1)
		}
	}
	lo, hi := subtreeRange(root.Path)
	rows, err := s.r.QueryContext(ctx, `SELECT c.org_id, c.type, c.year, `+strings.Join(monthColumns[:], ", ")+`
		FROM meeting_year_counts c JOIN orgs o ON o.id = c.org_id
		WHERE o.path >= $1 AND o.path < $2 AND c.year >= $3 AND c.year <= $4`, lo, hi, y0, y1)
	if err != nil {
		return nil, fmt.Errorf("store: meeting counts: %w", err)
	}
	defer rows.Close()
	// The counts go into blocks of a fixed size and are joined once at the
	// end: a committee's year is some 40,000 of them, which a growing slice
	// would copy over and over.
	const block = 4096
	var blocks [][]MeetingCount
	cur := make([]MeetingCount, 0, block)
	total := 0
	var n [12]int
	dest := make([]any, 0, 15)
	var org int64
	var t huoshui.MeetingType
	var year int
	dest = append(dest, &org, &t, &year)
	for i := range n {
		dest = append(dest, &n[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		for m, k := range n {
			if label := labels[year-y0][m]; k > 0 && label >= from && label <= to {
				if len(cur) == block {
					blocks, cur = append(blocks, cur), make([]MeetingCount, 0, block)
				}
				cur = append(cur, MeetingCount{OrgID: org, Type: t, Month: label, N: k})
				total++
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]MeetingCount, 0, total)
	for _, b := range append(blocks, cur) {
		out = append(out, b...)
	}
	return out, nil
}

// MeetingYear is an org's held meetings of one type in a year, by month,
// January first: a row of meeting_year_counts.
type MeetingYear struct {
	OrgID int64
	Type  huoshui.MeetingType
	N     [12]int
}

// FindMeetingYears reads the held meetings of every org in the subtree
// of root in year, by type and month: what FindMeetingCounts says of a
// calendar year, a row per org and type instead of a count per month —
// a committee of 1,000 branches is some 6,000 rows, not 40,000 counts.
// Rows that hold nothing are left out.
func (s *Store) FindMeetingYears(ctx context.Context, root *huoshui.Org, year int) ([]MeetingYear, error) {
	lo, hi := subtreeRange(root.Path)
	rows, err := s.r.QueryContext(ctx, `SELECT c.org_id, c.type, `+packedYear+`
		FROM meeting_year_counts c JOIN orgs o ON o.id = c.org_id
		WHERE o.path >= $1 AND o.path < $2 AND c.year = $3`, lo, hi, year)
	if err != nil {
		return nil, fmt.Errorf("store: meeting years: %w", err)
	}
	defer rows.Close()
	// The rows go into blocks of a fixed size, joined once at the end, as
	// findYearCounts does, and each type's name is kept once.
	const block = 1024
	var blocks [][]MeetingYear
	cur := make([]MeetingYear, 0, block)
	names := map[string]huoshui.MeetingType{}
	var y MeetingYear
	var t string
	var packed [3]int64
	var bits int64
	var odd []MeetingYear // rows whose months do not fit the packing
	for rows.Next() {
		if err := rows.Scan(&y.OrgID, &t, &packed[0], &packed[1], &packed[2], &bits); err != nil {
			return nil, fmt.Errorf("store: meeting years: %w", err)
		}
		if bits < 0 || bits >= 1<<yearBits {
			odd = append(odd, MeetingYear{OrgID: y.OrgID, Type: huoshui.MeetingType(t)})
			continue
		}
		for i := range y.N {
			y.N[i] = int(packed[i/4]>>(yearBits*(i%4))) & (1<<yearBits - 1)
		}
		if y.N == ([12]int{}) {
			continue
		}
		name, ok := names[t]
		if !ok {
			name = huoshui.MeetingType(t)
			names[t] = name
		}
		y.Type = name
		if len(cur) == block {
			blocks, cur = append(blocks, cur), make([]MeetingYear, 0, block)
		}
		cur = append(cur, y)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: meeting years: %w", err)
	}
	rows.Close()
	for _, y := range odd {
		dest := []any{}
		for i := range y.N {
			dest = append(dest, &y.N[i])
		}
		if err := s.r.QueryRowContext(ctx, `SELECT `+strings.Join(monthColumns[:], ", ")+` FROM meeting_year_counts
			WHERE org_id = $1 AND year = $2 AND type = $3`, y.OrgID, year, y.Type).Scan(dest...); err != nil {
			return nil, fmt.Errorf("store: meeting years: %w", err)
		}
		cur = append(cur, y)
	}
	out := make([]MeetingYear, 0, len(blocks)*block+len(cur))
	for _, b := range append(blocks, cur) {
		out = append(out, b...)
	}
	return out, nil
}

// yearBits is how many bits each month of a year's row takes when
// FindMeetingYears reads the twelve months as three numbers (packedYear):
// four months to a number, January lowest. On SQLite reading a column
// costs about as much as the query's own work on a row, and a committee's
// year is thousands of rows. A row with a month that does not fit (never
// 4,096 meetings of one type in a month, but the counts are not checked)
// is read again, plainly.
const yearBits = 12

// packedYear selects the twelve months as three numbers and, last, all
// of them or-ed together, to tell a row that fits.
var packedYear = func() string {
	var parts []string
	for q := range 3 {
		var terms []string
		for i := range 4 {
			terms = append(terms, fmt.Sprintf("CAST(c.%s AS BIGINT) * %d", monthColumns[4*q+i], int64(1)<<(yearBits*i)))
		}
		parts = append(parts, strings.Join(terms, " + "))
	}
	return strings.Join(parts, ", ") + ", c." + strings.Join(monthColumns[:], " | c.")
}()
