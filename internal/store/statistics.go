package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/huoshui/huoshui"
)

// The 党内统计 return (huoshui.Statistics) and the summaries it reads.
//
// Every node above the branches keeps, in org_stats, how many current
// people of its subtree have each value of each dimension, by status
// (huoshui.StatDims): the figures of a city of 100,000 members are a read
// of its own few thousand rows, not a scan of its members. A branch's
// figures are counted from its members (a few dozen rows).
//
// The tally of a member write (derived.go) notes what the write did to its
// branch's cells; the notes of a transaction are added to the nodes above
// each branch just before it commits (Store.tx), in one order of keys for
// every writer, so that concurrent writers, which all touch the root's
// rows, take turns instead of deadlocking. MoveOrg moves a subtree's cells
// from the nodes above its old place to those above the new.

// statKey is one cell of one node (or of one branch before it is added
// to the nodes above).
type statKey struct {
	org                int64
	dim, status, value string
}

// statNotes are the cells a transaction moved: by branch (added to every
// node above it at commit) and by node (added to that node only).
type statNotes struct {
	branch map[statKey]int
	node   map[statKey]int
}

// pendingStats holds each open transaction's notes.
var pendingStats sync.Map // *sql.Tx → *statNotes

func notesOf(tx *sql.Tx) *statNotes {
	v, _ := pendingStats.LoadOrStore(tx, &statNotes{branch: map[statKey]int{}, node: map[statKey]int{}})
	return v.(*statNotes)
}

// noteMember records what one member row, current or not, adds (sign 1)
// or takes away (-1) from its branch's cells.
func noteMember(stats map[statKey]int, m *huoshui.Member, sign int) {
	if m.ArchivedAt != nil || m.OrgID == 0 {
		return
	}
	vals := huoshui.MemberStatValues(m)
	for i, dim := range huoshui.StatDims {
		stats[statKey{m.OrgID, dim, string(m.Status), vals[i]}] += sign
	}
}

// noteStats adds a tally's member cells to tx's notes.
func noteStats(tx *sql.Tx, stats map[statKey]int) {
	if len(stats) == 0 {
		return
	}
	n := notesOf(tx)
	for k, v := range stats {
		n.branch[k] += v
	}
}

// dropStats forgets the notes of a transaction rolled back.
func dropStats(tx *sql.Tx) { pendingStats.Delete(tx) }

// flushStats adds tx's notes to the summaries of the nodes above each
// branch, in key order, as the last writes before the commit.
func (s *Store) flushStats(ctx context.Context, tx *sql.Tx) error {
	v, ok := pendingStats.LoadAndDelete(tx)
	if !ok {
		return nil
	}
	n := v.(*statNotes)
	cells := n.node
	if len(n.branch) > 0 {
		seen := map[int64]bool{}
		var ids []int64
		for k := range n.branch {
			if !seen[k.org] {
				seen[k.org] = true
				ids = append(ids, k.org)
			}
		}
		orgs, err := orgsByIDs(ctx, tx, ids)
		if err != nil {
			return fmt.Errorf("store: statistics summaries: %w", err)
		}
		for k, d := range n.branch {
			o := orgs[k.org]
			if o == nil || d == 0 {
				continue
			}
			path := huoshui.PathIDs(o.Path)
			for _, up := range path[:max(0, len(path)-1)] {
				cells[statKey{up, k.dim, k.status, k.value}] += d
			}
		}
	}
	keys := make([]statKey, 0, len(cells))
	for k, d := range cells {
		if d != 0 {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.org != b.org {
			return a.org < b.org
		}
		if a.dim != b.dim {
			return a.dim < b.dim
		}
		if a.status != b.status {
			return a.status < b.status
		}
		return a.value < b.value
	})
	const cols = 5
	for chunk := range chunks(keys, maxBulkParams/cols) {
		var sb strings.Builder
		sb.WriteString("INSERT INTO org_stats (org_id, dim, status, value, n) VALUES ")
		args := make([]any, 0, len(chunk)*cols)
		for i, k := range chunk {
			if i > 0 {
				sb.WriteByte(',')
			}
			s.d.placeholders(&sb, len(args), cols)
			args = append(args, k.org, k.dim, k.status, k.value, cells[k])
		}
		sb.WriteString(" ON CONFLICT (org_id, dim, status, value) DO UPDATE SET n = org_stats.n + excluded.n")
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("store: statistics summaries: %w", err)
		}
	}
	return nil
}

// moveStats moves the cells of the subtree at o (a branch or a node
// above branches) from the nodes above oldPath to those above newPath.
func (s *Store) moveStats(ctx context.Context, tx *sql.Tx, o *huoshui.Org, oldPath, newPath string) error {
	var cells []huoshui.StatCell
	var err error
	switch o.Kind {
	case huoshui.OrgGroup:
		return nil // a group's members are counted in its branch
	case huoshui.OrgBranch:
		cells, err = scanCells(ctx, tx, "m.org_id = $1", o.ID)
	default:
		cells, err = summaryCells(ctx, tx, o.ID)
	}
	if err != nil {
		return err
	}
	n := notesOf(tx)
	for _, c := range cells {
		for sign, path := range map[int]string{-1: oldPath, 1: newPath} {
			ids := huoshui.PathIDs(path)
			for _, up := range ids[:max(0, len(ids)-1)] {
				n.node[statKey{up, c.Dim, string(c.Status), c.Value}] += sign * c.N
			}
		}
	}
	return nil
}

// summaryCells reads the kept cells of a node above branches.
func summaryCells(ctx context.Context, q querier, orgID int64) ([]huoshui.StatCell, error) {
	rows, err := q.QueryContext(ctx, "SELECT dim, status, value, n FROM org_stats WHERE org_id = $1 AND n <> 0", orgID)
	if err != nil {
		return nil, fmt.Errorf("store: statistics of %d: %w", orgID, err)
	}
	defer rows.Close()
	var out []huoshui.StatCell
	for rows.Next() {
		var c huoshui.StatCell
		if err := rows.Scan(&c.Dim, &c.Status, &c.Value, &c.N); err != nil {
			return nil, fmt.Errorf("store: statistics of %d: %w", orgID, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// scanCells counts the cells of the current members that cond selects
// (over members m joined to their branch o), from the member rows.
func scanCells(ctx context.Context, q querier, cond string, args ...any) ([]huoshui.StatCell, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.status, m.gender, m.education, m.ethnicity,
		COALESCE(substr(m.birth_date, 1, 4), ''), COALESCE(substr(m.probation_on, 1, 4), ''), COUNT(*)
		FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.archived_at IS NULL AND `+cond+`
		GROUP BY m.status, m.gender, m.education, m.ethnicity, COALESCE(substr(m.birth_date, 1, 4), ''),
		COALESCE(substr(m.probation_on, 1, 4), '')`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: count statistics: %w", err)
	}
	defer rows.Close()
	sum := map[statKey]int{}
	for rows.Next() {
		var status string
		var v [5]string
		var n int
		if err := rows.Scan(&status, &v[0], &v[1], &v[2], &v[3], &v[4], &n); err != nil {
			return nil, fmt.Errorf("store: count statistics: %w", err)
		}
		for i, dim := range huoshui.StatDims {
			sum[statKey{0, dim, status, v[i]}] += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: count statistics: %w", err)
	}
	return keyCells(sum), nil
}

func keyCells(sum map[statKey]int) []huoshui.StatCell {
	out := make([]huoshui.StatCell, 0, len(sum))
	for k, n := range sum {
		if n != 0 {
			out = append(out, huoshui.StatCell{Dim: k.dim, Status: huoshui.MemberStatus(k.status), Value: k.value, N: n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Dim != b.Dim {
			return a.Dim < b.Dim
		}
		if a.Status != b.Status {
			return a.Status < b.Status
		}
		return a.Value < b.Value
	})
	return out
}

// StatisticsCells are the cells of a node's current people as the return
// reads them: a branch's counted from its members, a node above from its
// kept summaries.
func (s *Store) StatisticsCells(ctx context.Context, o *huoshui.Org) ([]huoshui.StatCell, error) {
	if o.Kind == huoshui.OrgBranch {
		return scanCells(ctx, s.r, "m.org_id = $1", o.ID)
	}
	cells, err := summaryCells(ctx, s.r, o.ID)
	if err != nil {
		return nil, err
	}
	return keyCells(func() map[statKey]int {
		m := map[statKey]int{}
		for _, c := range cells {
			m[statKey{0, c.Dim, string(c.Status), c.Value}] += c.N
		}
		return m
	}()), nil
}

// StatisticsCellsByScan counts the same cells afresh from every member row
// in the node's subtree: what the summaries must equal, and the full scan
// they are measured against.
func (s *Store) StatisticsCellsByScan(ctx context.Context, o *huoshui.Org) ([]huoshui.StatCell, error) {
	lo, hi := subtreeRange(o.Path)
	return scanCells(ctx, s.r, "o.path >= $1 AND o.path < $2", lo, hi)
}

// Statistics is the return of the node id on date, when scope covers the
// node and it is not a 党小组 (huoshui.ErrNotFound otherwise). For today the people come from
// the summaries (Source "summaries"); for any other date they are counted
// from the records as of that date (StatisticsFromRecords).
func (s *Store) Statistics(ctx context.Context, scope huoshui.Scope, id int64, date huoshui.Date) (*huoshui.Statistics, error) {
	o, err := s.FindOrgByID(ctx, scope, id)
	if err != nil {
		return nil, err
	}
	if o.Kind == huoshui.OrgGroup {
		// A 党小组 is part of its branch, not an organisation that reports.
		return nil, fmt.Errorf("store: statistics of group %d: %w", id, huoshui.ErrNotFound)
	}
	if !date.Equal(s.today()) {
		return s.StatisticsFromRecords(ctx, o, date)
	}
	cells, err := s.StatisticsCells(ctx, o)
	if err != nil {
		return nil, err
	}
	st := huoshui.BuildStatistics(cells, date)
	st.OrgID, st.OrgName, st.Source = o.ID, o.Name, "summaries"
	lo, hi := subtreeRange(o.Path)
	st.Flows.From = huoshui.NewDate(date.Year(), 1, 1)
	for _, f := range []struct {
		col string
		n   *int
	}{{"probation_on", &st.Flows.Admitted}, {"full_on", &st.Flows.TurnedFull}} {
		// Each person admitted or turned full in the year counts in the
		// branch their record is in, archived since or not.
		// The year's range of the date's index, each entry checked against
		// the ids of the subtree's nodes (read once): the unary plus keeps
		// the planner from reading the members node by node instead.
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM members m
			WHERE m.`+f.col+` >= $1 AND m.`+f.col+` <= $2
			AND +m.org_id IN (SELECT id FROM orgs WHERE path >= $3 AND path < $4)`,
			st.Flows.From, date, lo, hi).Scan(f.n); err != nil {
			return nil, fmt.Errorf("store: statistics of %d: %w", o.ID, err)
		}
	}
	if err := s.statTransfers(ctx, o, &st); err != nil {
		return nil, err
	}
	if st.Dues, err = s.statisticsDues(ctx, o, st.Flows.From, date); err != nil {
		return nil, err
	}
	return &st, nil
}

// statTransfers counts the moves into and out of o's subtree in the
// year up to the date (moves inside it are neither).
func (s *Store) statTransfers(ctx context.Context, o *huoshui.Org, st *huoshui.Statistics) error {
	lo, hi := subtreeRange(o.Path)
	err := s.r.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN t.path >= $3 AND t.path < $4 AND NOT (f.path >= $3 AND f.path < $4) THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN f.path >= $3 AND f.path < $4 AND NOT (t.path >= $3 AND t.path < $4) THEN 1 ELSE 0 END), 0)
		FROM transfers x JOIN orgs f ON f.id = x.from_org_id JOIN orgs t ON t.id = x.to_org_id
		WHERE x.transferred_on >= $1 AND x.transferred_on <= $2`,
		st.Flows.From, st.Date, lo, hi).Scan(&st.Flows.TransfersIn, &st.Flows.TransfersOut)
	if err != nil {
		return fmt.Errorf("store: statistics transfers of %d: %w", o.ID, err)
	}
	// Members who came from outside the platform with a letter, and those
	// who left it with one (transfer_cases; moves inside are above).
	var in, out int
	err = s.r.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN c.kind = 'letter_in' AND t.path >= $3 AND t.path < $4 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN c.kind = 'letter_out' AND f.path >= $3 AND f.path < $4 THEN 1 ELSE 0 END), 0)
		FROM transfer_cases c LEFT JOIN orgs f ON f.id = c.from_org_id LEFT JOIN orgs t ON t.id = c.to_org_id
		WHERE c.kind IN ('letter_in', 'letter_out') AND c.status IN ('issued', 'received', 'entered')
		AND c.started_on >= $1 AND c.started_on <= $2`,
		st.Flows.From, st.Date, lo, hi).Scan(&in, &out)
	if err != nil {
		return fmt.Errorf("store: statistics letters of %d: %w", o.ID, err)
	}
	st.Flows.TransfersIn += in
	st.Flows.TransfersOut += out
	return nil
}

// StatisticsFromRecords is o's return on date counted from the member
// records as they say it was then: each person is placed in the branch
// they were in on the date (the transfers after it undone), counted when
// not archived by then, at the furthest stage their record dates on or
// before it (huoshui.Member.StatusOn); admissions and 转正 in the year are
// counted in the branch of the date, archived since or not.
func (s *Store) StatisticsFromRecords(ctx context.Context, o *huoshui.Org, date huoshui.Date) (*huoshui.Statistics, error) {
	lo, hi := subtreeRange(o.Path)
	from := huoshui.NewDate(date.Year(), 1, 1)
	// Where each person moved after the date, earliest first: their
	// branch on the date is the first such move's origin.
	firstAfter := map[int64]string{}
	rows, err := s.r.QueryContext(ctx, `SELECT x.member_id, f.path FROM transfers x JOIN orgs f ON f.id = x.from_org_id
		WHERE x.transferred_on > $1 ORDER BY x.transferred_on DESC, x.id DESC`, date)
	if err != nil {
		return nil, fmt.Errorf("store: statistics of %d on %s: %w", o.ID, date, err)
	}
	for rows.Next() {
		var id int64
		var p string
		if err := rows.Scan(&id, &p); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: statistics of %d on %s: %w", o.ID, date, err)
		}
		firstAfter[id] = p // the last written is the earliest
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: statistics of %d on %s: %w", o.ID, date, err)
	}
	// Those in the subtree now, and those who moved out of it since.
	var outIDs []int64
	for id, p := range firstAfter {
		if p >= lo && p < hi {
			outIDs = append(outIDs, id)
		}
	}
	w := &where{}
	cond := "(o.path >= " + w.arg(lo) + " AND o.path < " + w.arg(hi) + ")"
	if len(outIDs) > 0 {
		cond = "(" + cond + " OR " + s.d.idIn(w, "m.id", outIDs) + ")"
	}
	rows, err = s.r.QueryContext(ctx, `SELECT m.id, o.path, m.status, m.gender, m.education, m.ethnicity, m.birth_date,
		m.applied_on, m.activist_on, m.candidate_on, m.probation_on, m.full_on, m.archived_at
		FROM members m JOIN orgs o ON o.id = m.org_id WHERE `+cond, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: statistics of %d on %s: %w", o.ID, date, err)
	}
	defer rows.Close()
	sum := map[statKey]int{}
	st := huoshui.Statistics{}
	var m huoshui.Member
	for rows.Next() {
		var path string
		m = huoshui.Member{}
		if err := rows.Scan(&m.ID, &path, &m.Status, &m.Gender, &m.Education, &m.Ethnicity, &m.BirthDate,
			&m.AppliedOn, &m.ActivistOn, &m.CandidateOn, &m.ProbationOn, &m.FullOn, &m.ArchivedAt); err != nil {
			return nil, fmt.Errorf("store: statistics of %d on %s: %w", o.ID, date, err)
		}
		if p, moved := firstAfter[m.ID]; moved {
			path = p
		}
		if path < lo || path >= hi {
			continue
		}
		if !m.ProbationOn.IsZero() && !m.ProbationOn.Before(from) && !m.ProbationOn.After(date) {
			st.Flows.Admitted++
		}
		if !m.FullOn.IsZero() && !m.FullOn.Before(from) && !m.FullOn.After(date) {
			st.Flows.TurnedFull++
		}
		if m.ArchivedAt != nil && !huoshui.DateOf(m.ArchivedAt.In(huoshui.Shanghai)).After(date) {
			continue
		}
		status, ok := m.StatusOn(date)
		if !ok {
			continue
		}
		m.Status = status
		if status != huoshui.StatusProbationary && status != huoshui.StatusFull {
			m.ProbationOn = huoshui.Date{} // not yet admitted on the date
		}
		vals := huoshui.MemberStatValues(&m)
		for i, dim := range huoshui.StatDims {
			sum[statKey{0, dim, string(status), vals[i]}]++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: statistics of %d on %s: %w", o.ID, date, err)
	}
	flows := st.Flows
	st = huoshui.BuildStatistics(keyCells(sum), date)
	st.Flows = flows
	st.Flows.From = from
	st.OrgID, st.OrgName, st.Source = o.ID, o.Name, "records"
	if err := s.statTransfers(ctx, o, &st); err != nil {
		return nil, err
	}
	if st.Dues, err = s.statisticsDues(ctx, o, from, date); err != nil {
		return nil, err
	}
	return &st, nil
}

// addStatFilter adds the return's filters of f (the people behind a
// figure) to the member list's query.
func addStatFilter(w *where, f huoshui.MemberFilter) {
	if f.Party {
		w.add("m.status IN ('full', 'probationary')")
	}
	for _, c := range []struct{ col, v string }{{"m.gender", f.Gender}, {"m.education", f.Education}} {
		switch c.v {
		case "":
		case huoshui.StatUnknown:
			w.add(c.col + " = ''")
		default:
			w.add(c.col+" = ?", c.v)
		}
	}
	switch f.Ethnicity {
	case "":
	case huoshui.StatUnknown:
		w.add("m.ethnicity = ''")
	case "han":
		w.add("m.ethnicity IN ('汉族', '汉')")
	case "minority":
		w.add("m.ethnicity NOT IN ('汉族', '汉', '')")
	default:
		w.add("m.ethnicity = ?", f.Ethnicity)
	}
	years := func(col string, from, to int) {
		switch {
		case from == -1: // not recorded
			w.add(col + " IS NULL")
		case from != 0 || to != 0:
			if from != 0 {
				w.add(col+" >= ?", fmt.Sprintf("%04d", from))
			}
			if to != 0 {
				w.add(col+" < ?", fmt.Sprintf("%04d", to+1))
			}
		}
	}
	years("m.birth_date", f.BornFrom, f.BornTo)
	years("m.probation_on", f.JoinedFrom, f.JoinedTo)
	for _, c := range []struct {
		col      string
		from, to huoshui.Date
	}{{"m.probation_on", f.ProbationFrom, f.ProbationTo}, {"m.full_on", f.FullFrom, f.FullTo}} {
		if !c.from.IsZero() {
			w.add(c.col+" >= ?", c.from)
		}
		if !c.to.IsZero() {
			w.add(c.col+" <= ?", c.to)
		}
	}
}
