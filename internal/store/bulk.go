package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
)

// The bulk loader fills a database with many records at once, for the
// synthetic province of `huoshui gen`. It writes what CreateOrg and
// CreateMember would write, row for row (paths, kept counts), but many rows
// per statement inside one transaction, and one audit record per call
// instead of one per row.

// maxBulkParams keeps each statement under SQLite's limit of 32766 bound
// variables (PostgreSQL allows 65535).
const maxBulkParams = 32000

// AuditSynthetic is the object type of the audit records of bulk loads.
const AuditSynthetic = "synthetic"

// BulkOrg is one node for BulkCreateOrgs. Parent is the index, in the same
// slice, of its parent node, which must come earlier; -1 means Org.ParentID
// names an existing node (or is 0 for a root).
type BulkOrg struct {
	Org    *huoshui.Org
	Parent int
}

// BulkCreateOrgs adds many nodes in one transaction and sets their IDs,
// parent IDs and paths. Parents must come before their children.
func (s *Store) BulkCreateOrgs(ctx context.Context, a huoshui.Actor, orgs []BulkOrg) error {
	if len(orgs) == 0 {
		return nil
	}
	level := make([]int, len(orgs))
	depth := 0
	for i, b := range orgs {
		if err := b.Org.Validate(); err != nil {
			return rowError(i+1, err)
		}
		if b.Parent >= i {
			return fmt.Errorf("store: bulk orgs: row %d: parent %d does not come first", i+1, b.Parent+1)
		}
		if b.Parent >= 0 {
			if !orgs[b.Parent].Org.Kind.CanParent(b.Org.Kind) {
				v := &huoshui.ValidationError{}
				v.Add("kind", "org.kind_under_parent")
				return rowError(i+1, v)
			}
			level[i] = level[b.Parent] + 1
			depth = max(depth, level[i])
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		// Nodes whose parent is outside the batch: check it as CreateOrg does.
		parents := map[int64]*huoshui.Org{}
		for i, b := range orgs {
			if b.Parent >= 0 || b.Org.ParentID == 0 {
				continue
			}
			p, ok := parents[b.Org.ParentID]
			if !ok {
				var err error
				if p, err = findOrg(ctx, tx, b.Org.ParentID); err != nil {
					return err
				}
				parents[p.ID] = p
			}
			if p.ArchivedAt != nil || !p.Kind.CanParent(b.Org.Kind) {
				v := &huoshui.ValidationError{}
				v.Add("kind", "org.kind_under_parent")
				return rowError(i+1, v)
			}
		}
		now := s.now()
		// Rows go in under a unique placeholder path that names their
		// index; the path proper needs the id the insert makes.
		token := "new:" + strconv.FormatInt(now.UnixNano(), 36) + ":"
		const cols = 8
		for l := 0; l <= depth; l++ {
			var idx []int
			for i := range orgs {
				if level[i] == l {
					idx = append(idx, i)
				}
			}
			for chunk := range chunks(idx, maxBulkParams/cols) {
				var sb strings.Builder
				sb.WriteString(`INSERT INTO orgs (parent_id, kind, name, path, committee_elected_on,
					committee_term_ends, created_at, updated_at) VALUES `)
				args := make([]any, 0, len(chunk)*cols)
				for k, i := range chunk {
					o := orgs[i].Org
					if p := orgs[i].Parent; p >= 0 {
						o.ParentID = orgs[p].Org.ID
					}
					if k > 0 {
						sb.WriteByte(',')
					}
					s.d.placeholders(&sb, len(args), cols)
					args = append(args, nullInt(o.ParentID), o.Kind, o.Name, token+strconv.Itoa(i),
						o.CommitteeElectedOn, o.CommitteeTermEnds, now, now)
				}
				sb.WriteString(" RETURNING id, path")
				rows, err := tx.QueryContext(ctx, sb.String(), args...)
				if err != nil {
					return fmt.Errorf("store: bulk orgs: %w", err)
				}
				for rows.Next() {
					var id int64
					var path string
					if err := rows.Scan(&id, &path); err != nil {
						rows.Close()
						return fmt.Errorf("store: bulk orgs: %w", err)
					}
					i, err := strconv.Atoi(strings.TrimPrefix(path, token))
					if err != nil || i < 0 || i >= len(orgs) {
						rows.Close()
						return fmt.Errorf("store: bulk orgs: unexpected path %q", path)
					}
					orgs[i].Org.ID = id
				}
				rows.Close()
				if err := rows.Err(); err != nil {
					return fmt.Errorf("store: bulk orgs: %w", err)
				}
			}
			// The real paths of the whole level, in one statement: the
			// parents' paths are final already.
			lo, hi := token, strings.TrimSuffix(token, ":")+";"
			if _, err := tx.ExecContext(ctx, `UPDATE orgs SET path =
				COALESCE((SELECT p.path FROM orgs p WHERE p.id = orgs.parent_id), '/') || CAST(orgs.id AS TEXT) || '/'
				WHERE path >= $1 AND path < $2`, lo, hi); err != nil {
				return fmt.Errorf("store: bulk orgs: paths: %w", err)
			}
			for _, i := range idx {
				o := orgs[i].Org
				parentPath := ""
				if p := orgs[i].Parent; p >= 0 {
					parentPath = orgs[p].Org.Path
				} else if o.ParentID != 0 {
					parentPath = parents[o.ParentID].Path
				}
				o.Path = huoshui.OrgPath(parentPath, o.ID)
				o.CreatedAt, o.UpdatedAt = now, now
			}
		}
		kinds := map[huoshui.OrgKind]int{}
		for _, b := range orgs {
			kinds[b.Org.Kind]++
		}
		return s.audit(ctx, tx, a, huoshui.AuditImport, AuditSynthetic, 0, orgs[0].Org.ID, nil,
			map[string]any{"orgs": len(orgs), "kinds": kinds})
	})
}

// BulkCreateMembers adds many members in one transaction and sets their
// IDs: every one goes in, or, when any fails, none does. Each must pass
// Validate and sit in a current branch (and a group of it), as
// CreateMembers demands; a failure names the row in FieldError.Row. The
// kept counts of the branches grow as they would one by one.
func (s *Store) BulkCreateMembers(ctx context.Context, a huoshui.Actor, ms []*huoshui.Member) error {
	if len(ms) == 0 {
		return nil
	}
	var ids []int64
	seen := map[int64]bool{}
	for i, m := range ms {
		if err := m.Validate(); err != nil {
			return rowError(i+1, err)
		}
		if m.ArchivedAt != nil { // rows go in current, and are counted so
			return fmt.Errorf("store: bulk members: row %d: archived: %w", i+1, huoshui.ErrConflict)
		}
		for _, id := range []int64{m.OrgID, m.GroupID} {
			if id != 0 && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		orgs, err := orgsByIDs(ctx, tx, ids)
		if err != nil {
			return err
		}
		for i, m := range ms {
			v := &huoshui.ValidationError{}
			branch := orgs[m.OrgID]
			if branch == nil || branch.Kind != huoshui.OrgBranch || branch.ArchivedAt != nil {
				v.Add("org_id", "member.org_not_branch")
			} else if g := orgs[m.GroupID]; m.GroupID != 0 && (g == nil || g.ParentID != m.OrgID || g.ArchivedAt != nil) {
				v.Add("group_id", "member.group_not_in_branch")
			}
			if err := v.Err(); err != nil {
				return rowError(i+1, err)
			}
		}
		now := s.now()
		const cols = 21
		per := maxBulkParams / cols
		var full *sql.Stmt // the statement for a whole chunk, prepared once
		defer func() {
			if full != nil {
				full.Close()
			}
		}()
		for start := 0; start < len(ms); start += per {
			chunk := ms[start:min(len(ms), start+per)]
			var sb strings.Builder
			sb.WriteString(`INSERT INTO members (org_id, group_id, name, gender, ethnicity, birth_date, education,
				id_number, phone, workplace, post, status, applied_on, activist_on, candidate_on, probation_on,
				full_on, committee_post, created_at, updated_at, name_key) VALUES `)
			args := make([]any, 0, len(chunk)*cols)
			for k, m := range chunk {
				if k > 0 {
					sb.WriteByte(',')
				}
				s.d.placeholders(&sb, len(args), cols)
				m.CreatedAt, m.UpdatedAt = now, now
				args = append(args, m.OrgID, nullInt(m.GroupID), m.Name, m.Gender, m.Ethnicity, m.BirthDate,
					m.Education, nullString(m.IDNumber), m.Phone, m.Workplace, m.Post, m.Status, m.AppliedOn,
					m.ActivistOn, m.CandidateOn, m.ProbationOn, m.FullOn, m.CommitteePost, now, now, nameKey(m.Name))
			}
			sb.WriteString(" RETURNING id, COALESCE(id_number, '')")
			var rows *sql.Rows
			var err error
			if len(chunk) == per {
				if full == nil {
					if full, err = tx.PrepareContext(ctx, sb.String()); err != nil {
						return fmt.Errorf("store: bulk members: %w", err)
					}
				}
				rows, err = full.QueryContext(ctx, args...)
			} else {
				rows, err = tx.QueryContext(ctx, sb.String(), args...)
			}
			if err != nil {
				return s.memberWriteError("bulk members", err)
			}
			if err := assignMemberIDs(rows, chunk); err != nil {
				return err
			}
			if err := s.insertMemberKeys(ctx, tx, chunk); err != nil {
				return err
			}
		}
		// The kept counts and roster versions, as one by one, in one
		// statement per many branches.
		t := &tally{}
		var branches []int64
		for _, m := range ms {
			if t.by[m.OrgID] == nil {
				branches = append(branches, m.OrgID)
			}
			t.add(nil, m)
			m.OrgName, m.OrgPath = orgs[m.OrgID].Name, orgs[m.OrgID].Path
			if m.GroupID != 0 {
				m.GroupName = orgs[m.GroupID].Name
			}
		}
		if err := s.applyTally(ctx, tx, t); err != nil {
			return fmt.Errorf("store: bulk members: %w", err)
		}
		paths := make([]string, 0, len(branches))
		fullTotal := 0
		for _, id := range branches {
			paths = append(paths, orgs[id].Path)
			fullTotal += t.by[id].full
		}
		return s.audit(ctx, tx, a, huoshui.AuditImport, AuditSynthetic, 0, huoshui.PathNodeID(commonPath(paths)), nil,
			map[string]any{"members": len(ms), "full": fullTotal, "branches": len(branches)})
	})
}

// assignMemberIDs reads the ids an insert returned. Rows are matched by
// ID number where there is one; the rest take the remaining ids in
// ascending order, which is the order both engines number a multi-row
// insert in.
func assignMemberIDs(rows *sql.Rows, chunk []*huoshui.Member) error {
	defer rows.Close()
	byNumber := make(map[string]int64, len(chunk))
	var loose []int64
	for rows.Next() {
		var id int64
		var number string
		if err := rows.Scan(&id, &number); err != nil {
			return fmt.Errorf("store: bulk members: %w", err)
		}
		if number != "" {
			byNumber[number] = id
		} else {
			loose = append(loose, id)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: bulk members: %w", err)
	}
	sort.Slice(loose, func(i, j int) bool { return loose[i] < loose[j] })
	for _, m := range chunk {
		if m.IDNumber != "" {
			m.ID = byNumber[m.IDNumber]
			continue
		}
		if len(loose) == 0 {
			return fmt.Errorf("store: bulk members: fewer ids returned than rows")
		}
		m.ID, loose = loose[0], loose[1:]
	}
	return nil
}

// orgsByIDs loads the nodes with the given ids, keyed by id, a few
// thousand per query.
func orgsByIDs(ctx context.Context, q querier, ids []int64) (map[int64]*huoshui.Org, error) {
	out := make(map[int64]*huoshui.Org, len(ids))
	for chunk := range chunks(ids, 5000) {
		w := &where{}
		ph := make([]string, len(chunk))
		for i, id := range chunk {
			ph[i] = w.arg(id)
		}
		rows, err := q.QueryContext(ctx, "SELECT "+orgColumns+" FROM orgs WHERE id IN ("+strings.Join(ph, ",")+")", w.args...)
		if err != nil {
			return nil, fmt.Errorf("store: find orgs by id: %w", err)
		}
		for rows.Next() {
			o, err := scanOrg(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: scan org: %w", err)
			}
			out[o.ID] = o
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: find orgs by id: %w", err)
		}
	}
	return out, nil
}

// placeholders writes "($n+1, …, $n+cols)" in the dialect's bulk form.
func (d dialect) placeholders(sb *strings.Builder, n, cols int) {
	sb.WriteByte('(')
	for c := 1; c <= cols; c++ {
		if c > 1 {
			sb.WriteByte(',')
		}
		sb.WriteString(d.bulkParam(n + c))
	}
	sb.WriteByte(')')
}

// chunks yields s in pieces of at most n.
func chunks[T any](s []T, n int) func(yield func([]T) bool) {
	return func(yield func([]T) bool) {
		for len(s) > 0 {
			k := min(n, len(s))
			if !yield(s[:k]) {
				return
			}
			s = s[k:]
		}
	}
}

// commonPath is the deepest node path that holds every path given.
func commonPath(paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	p := paths[0]
	for _, q := range paths[1:] {
		p = huoshui.CommonPath(p, q)
	}
	return p
}

// insertedIDs runs a multi-row INSERT … RETURNING id of n rows and answers
// the new ids in ascending order, which is the order of the rows: both
// engines hand out ids in the order a statement's rows are inserted. what
// names the records in errors.
func insertedIDs(ctx context.Context, tx *sql.Tx, query string, args []any, n int, what string) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: bulk %s: %w", what, err)
	}
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: bulk %s: %w", what, err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: bulk %s: %w", what, err)
	}
	if len(ids) != n {
		return nil, fmt.Errorf("store: bulk %s: %d ids returned for %d rows", what, len(ids), n)
	}
	slices.Sort(ids)
	return ids, nil
}
