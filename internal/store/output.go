package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
)

// The output registry (成果登记): one row of outputs per record, its owners
// in output_owners, its evidence in output_attachments, and the summary
// the dashboard reads in output_counts (output_counts.go), moved in the
// transaction of every write. Records are archived, never deleted, and
// every change writes its audit entry in the same transaction.

const outputColumns = `ot.id, ot.org_id, ot.kind, ot.title, ot.dated_on, ot.level, ot.outlet, ot.link, ot.issuer,
	ot.doc_kind, ot.characters, ot.char_source, ot.problem, ot.change, ot.situation_before, ot.situation_after,
	ot.status, COALESCE(ot.created_by, 0), ot.created_at, ot.updated_at, ot.archived_at, o.name, o.path`

const outputFrom = ` FROM outputs ot JOIN orgs o ON o.id = ot.org_id`

func scanOutput(row interface{ Scan(...any) error }) (*huoshui.Output, error) {
	var x huoshui.Output
	if err := row.Scan(&x.ID, &x.OrgID, &x.Kind, &x.Title, &x.Date, &x.Level, &x.Outlet, &x.Link, &x.Issuer,
		&x.DocKind, &x.Characters, &x.CharSource, &x.Problem, &x.Change, &x.Before, &x.After,
		&x.Status, &x.CreatedBy, &x.CreatedAt, &x.UpdatedAt, &x.ArchivedAt, &x.OrgName, &x.OrgPath); err != nil {
		return nil, err
	}
	x.CreatedAt, x.UpdatedAt = x.CreatedAt.UTC(), x.UpdatedAt.UTC()
	if x.ArchivedAt != nil {
		t := x.ArchivedAt.UTC()
		x.ArchivedAt = &t
	}
	x.Owners = []huoshui.OutputOwner{}
	return &x, nil
}

// outputScope limits a query to the outputs a scope may see: those kept
// at a node of one of its subtrees and, for the reader's member id, those
// they own wherever they are kept (an owner who moved to another branch
// still sees their record).
func outputScope(w *where, s huoshui.Scope) {
	if s.All {
		return
	}
	var ors []string
	for _, p := range s.Paths {
		lo, hi := subtreeRange(p)
		ors = append(ors, "(o.path >= "+w.arg(lo)+" AND o.path < "+w.arg(hi)+")")
	}
	if s.MemberID != 0 {
		ors = append(ors, "EXISTS (SELECT 1 FROM output_owners ow WHERE ow.output_id = ot.id AND ow.member_id = "+w.arg(s.MemberID)+")")
	}
	if len(ors) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	w.conds = append(w.conds, "("+strings.Join(ors, " OR ")+")")
}

// loadOwners reads the owners of outs, with their names, in the order
// they were named.
func loadOwners(ctx context.Context, q querier, outs []*huoshui.Output) error {
	byID := map[int64]*huoshui.Output{}
	ids := make([]int64, 0, len(outs))
	for _, x := range outs {
		byID[x.ID] = x
		ids = append(ids, x.ID)
	}
	for chunk := range chunks(ids, 500) {
		w := &where{}
		ph := make([]string, len(chunk))
		for i, id := range chunk {
			ph[i] = w.arg(id)
		}
		rows, err := q.QueryContext(ctx, `SELECT ow.output_id, ow.member_id, m.name FROM output_owners ow
			JOIN members m ON m.id = ow.member_id WHERE ow.output_id IN (`+strings.Join(ph, ", ")+`)
			ORDER BY ow.output_id, ow.position`, w.args...)
		if err != nil {
			return fmt.Errorf("store: output owners: %w", err)
		}
		for rows.Next() {
			var id int64
			var ow huoshui.OutputOwner
			if err := rows.Scan(&id, &ow.MemberID, &ow.Name); err != nil {
				rows.Close()
				return fmt.Errorf("store: output owners: %w", err)
			}
			if x := byID[id]; x != nil {
				x.Owners = append(x.Owners, ow)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: output owners: %w", err)
		}
	}
	return nil
}

// FindOutputByID returns one output with its owners, archived or not,
// when scope covers it; any other id answers huoshui.ErrNotFound.
func (s *Store) FindOutputByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.Output, error) {
	w := &where{}
	w.add("ot.id = ?", id)
	outputScope(w, scope)
	x, err := scanOutput(s.r.QueryRowContext(ctx, "SELECT "+outputColumns+outputFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find output %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find output %d: %w", id, err)
	}
	if err := loadOwners(ctx, s.r, []*huoshui.Output{x}); err != nil {
		return nil, err
	}
	return x, nil
}

// lockOutput reads an output with its owners inside tx, locking its row
// until the transaction ends.
func (s *Store) lockOutput(ctx context.Context, tx *sql.Tx, id int64) (*huoshui.Output, error) {
	x, err := scanOutput(tx.QueryRowContext(ctx, "SELECT "+outputColumns+outputFrom+" WHERE ot.id = $1"+s.d.forUpdate("ot"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find output %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: lock output %d: %w", id, err)
	}
	if err := loadOwners(ctx, tx, []*huoshui.Output{x}); err != nil {
		return nil, err
	}
	return x, nil
}

// auditOutput is what the audit trail keeps of an output: its fields and
// its owners' ids.
func auditOutput(x *huoshui.Output) any {
	m := map[string]any{"org_id": x.OrgID, "kind": x.Kind, "title": x.Title, "date": x.Date, "owners": x.OwnerIDs()}
	put := func(k string, v any, keep bool) {
		if keep {
			m[k] = v
		}
	}
	put("level", x.Level, x.Level != "")
	put("outlet", x.Outlet, x.Outlet != "")
	put("link", x.Link, x.Link != "")
	put("issuer", x.Issuer, x.Issuer != "")
	put("doc_kind", x.DocKind, x.DocKind != "")
	put("characters", x.Characters, x.Kind == huoshui.OutputDocument)
	put("char_source", x.CharSource, x.CharSource != "")
	put("problem", x.Problem, x.Problem != "")
	put("change", x.Change, x.Change != "")
	put("before", x.Before, x.Before != "")
	put("after", x.After, x.After != "")
	put("status", x.Status, x.Status != "")
	return m
}

// today is the store's day in Asia/Shanghai: the latest an output may
// carry, and what a task's deadline is counted against.
func (s *Store) today() huoshui.Date { return huoshui.DateOf(s.now().In(huoshui.Shanghai)) }

// outputOrg finds the org an output is kept at, inside tx: an unknown or
// archived one is a field problem.
func outputOrg(ctx context.Context, tx *sql.Tx, id int64) (*huoshui.Org, error) {
	org, err := findOrg(ctx, tx, id)
	if errors.Is(err, huoshui.ErrNotFound) || (err == nil && org.ArchivedAt != nil) {
		v := &huoshui.ValidationError{}
		v.Add("org_id", "output.org_unknown")
		return nil, v
	}
	return org, err
}

// checkOwners reads x's owners in tx and fills in their names. An owner
// newly named must be a current member of org's subtree; one the record
// had before (before, nil for a new record) stays whatever became of them
// since (archived, transferred), so an old record keeps its people.
func checkOwners(ctx context.Context, tx *sql.Tx, x *huoshui.Output, org *huoshui.Org, before *huoshui.Output) error {
	type person struct {
		name     string
		path     string
		archived bool
	}
	found := map[int64]person{}
	w := &where{}
	ph := make([]string, len(x.Owners))
	for i, ow := range x.Owners {
		ph[i] = w.arg(ow.MemberID)
	}
	rows, err := tx.QueryContext(ctx, `SELECT m.id, m.name, mo.path, m.archived_at IS NOT NULL FROM members m
		JOIN orgs mo ON mo.id = m.org_id WHERE m.id IN (`+strings.Join(ph, ", ")+`)`, w.args...)
	if err != nil {
		return fmt.Errorf("store: output owners: %w", err)
	}
	for rows.Next() {
		var id int64
		var p person
		if err := rows.Scan(&id, &p.name, &p.path, &p.archived); err != nil {
			rows.Close()
			return fmt.Errorf("store: output owners: %w", err)
		}
		found[id] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: output owners: %w", err)
	}
	v := &huoshui.ValidationError{}
	for i, ow := range x.Owners {
		p, ok := found[ow.MemberID]
		switch {
		case !ok:
			v.Add("owners", "output.owner_unknown", "ID", ow.MemberID)
			continue
		case before != nil && before.Owns(ow.MemberID):
		case p.archived || !huoshui.PathWithin(p.path, org.Path):
			v.Add("owners", "output.owner_outside", "Name", p.name, "Org", org.Name)
		}
		x.Owners[i].Name = p.name
	}
	return v.Err()
}

// writeOwners sets the owners of output id to x's, in order.
func writeOwners(ctx context.Context, tx *sql.Tx, id int64, owners []huoshui.OutputOwner) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM output_owners WHERE output_id = $1", id); err != nil {
		return fmt.Errorf("store: output %d owners: %w", id, err)
	}
	for i, ow := range owners {
		if _, err := tx.ExecContext(ctx, "INSERT INTO output_owners (output_id, member_id, position) VALUES ($1, $2, $3)",
			id, ow.MemberID, i+1); err != nil {
			return fmt.Errorf("store: output %d owners: %w", id, err)
		}
	}
	return nil
}

// insertOutput writes a validated output and its owners at org, inside
// tx, and sets its ID. The caller moves the counts and audits.
func (s *Store) insertOutput(ctx context.Context, tx *sql.Tx, a huoshui.Actor, x *huoshui.Output, org *huoshui.Org) error {
	now := s.now()
	x.CreatedAt, x.UpdatedAt, x.CreatedBy, x.ArchivedAt = now, now, a.UserID, nil
	x.OrgName, x.OrgPath = org.Name, org.Path
	err := tx.QueryRowContext(ctx, `INSERT INTO outputs (org_id, kind, title, dated_on, level, outlet, link, issuer,
		doc_kind, characters, char_source, problem, change, situation_before, situation_after, status,
		created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`,
		x.OrgID, x.Kind, x.Title, x.Date, x.Level, x.Outlet, x.Link, x.Issuer,
		x.DocKind, x.Characters, x.CharSource, x.Problem, x.Change, x.Before, x.After, x.Status,
		nullInt(a.UserID), now, now).Scan(&x.ID)
	if err != nil {
		return fmt.Errorf("store: create output: %w", err)
	}
	return writeOwners(ctx, tx, x.ID, x.Owners)
}

// CreateOutput keeps a new output with its owners and, if any, its first
// evidence (files already in the blob store: a drafted document's .docx
// whose characters were counted), in one transaction with the summary's
// move and the audit records.
func (s *Store) CreateOutput(ctx context.Context, a huoshui.Actor, x *huoshui.Output, evidence []*huoshui.Attachment) error {
	if err := x.Validate(s.today()); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		org, err := outputOrg(ctx, tx, x.OrgID)
		if err != nil {
			return err
		}
		if err := checkOwners(ctx, tx, x, org, nil); err != nil {
			return err
		}
		if err := s.insertOutput(ctx, tx, a, x, org); err != nil {
			return err
		}
		if err := s.moveOutputCounts(ctx, tx, outputMove{after: x}); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, huoshui.AuditCreate, "output", x.ID, x.OrgID, nil, auditOutput(x)); err != nil {
			return err
		}
		return s.addOutputAttachments(ctx, tx, a, x, evidence)
	})
}

// UpdateOutput changes an output: its fields, owners, kind, date and, when
// x.OrgID names another org, the org it is kept at (0 keeps it). The
// summary moves by the difference. evidence, if any, is added to it.
func (s *Store) UpdateOutput(ctx context.Context, a huoshui.Actor, id int64, x *huoshui.Output, evidence []*huoshui.Attachment) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockOutput(ctx, tx, id)
		if err != nil {
			return err
		}
		if x.OrgID == 0 {
			x.OrgID = before.OrgID
		}
		if err := x.Validate(s.today()); err != nil {
			return err
		}
		org := &huoshui.Org{ID: before.OrgID, Name: before.OrgName, Path: before.OrgPath}
		if x.OrgID != before.OrgID {
			if org, err = outputOrg(ctx, tx, x.OrgID); err != nil {
				return err
			}
		}
		if err := checkOwners(ctx, tx, x, org, before); err != nil {
			return err
		}
		x.ID, x.OrgName, x.OrgPath = id, org.Name, org.Path
		x.CreatedAt, x.CreatedBy, x.ArchivedAt = before.CreatedAt, before.CreatedBy, before.ArchivedAt
		x.UpdatedAt = s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE outputs SET org_id = $1, kind = $2, title = $3, dated_on = $4, level = $5,
			outlet = $6, link = $7, issuer = $8, doc_kind = $9, characters = $10, char_source = $11, problem = $12,
			change = $13, situation_before = $14, situation_after = $15, status = $16, updated_at = $17 WHERE id = $18`,
			x.OrgID, x.Kind, x.Title, x.Date, x.Level, x.Outlet, x.Link, x.Issuer, x.DocKind, x.Characters, x.CharSource,
			x.Problem, x.Change, x.Before, x.After, x.Status, x.UpdatedAt, id); err != nil {
			return fmt.Errorf("store: update output %d: %w", id, err)
		}
		if err := writeOwners(ctx, tx, id, x.Owners); err != nil {
			return err
		}
		if err := s.moveOutputCounts(ctx, tx, outputMove{before: before, after: x}); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, huoshui.AuditUpdate, "output", id, x.OrgID, auditOutput(before), auditOutput(x)); err != nil {
			return err
		}
		return s.addOutputAttachments(ctx, tx, a, x, evidence)
	})
}

// ArchiveOutput takes an output off the lists and out of the summary
// (restore: false) or puts it back (true). Its record and evidence stay.
// Archiving what is archived, or restoring what is not, changes nothing.
func (s *Store) ArchiveOutput(ctx context.Context, a huoshui.Actor, id int64, restore bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockOutput(ctx, tx, id)
		if err != nil {
			return err
		}
		if (before.ArchivedAt != nil) == !restore {
			return nil
		}
		after := *before
		action := huoshui.AuditRestore
		var at any
		if restore {
			after.ArchivedAt = nil
		} else {
			now := s.now()
			after.ArchivedAt, at, action = &now, now, huoshui.AuditArchive
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outputs SET archived_at = $1, updated_at = $2 WHERE id = $3`,
			at, s.now(), id); err != nil {
			return fmt.Errorf("store: archive output %d: %w", id, err)
		}
		if err := s.moveOutputCounts(ctx, tx, outputMove{before: before, after: &after}); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, action, "output", id, before.OrgID, nil, map[string]any{"archived_at": at})
	})
}

// CreateOutputs keeps many new outputs in one transaction, all or none:
// the demo's year of records. Each is validated and checked as
// CreateOutput does; a problem names its record (FieldError.Row, from 1).
func (s *Store) CreateOutputs(ctx context.Context, a huoshui.Actor, xs []*huoshui.Output) error {
	today := s.today()
	for i, x := range xs {
		if err := x.Validate(today); err != nil {
			return huoshui.InRow(i+1, err)
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := s.insertOutputs(ctx, tx, a, xs)
		return err
	})
}

// insertOutputs writes validated outputs in tx, each with its audit
// record, and moves the summary once for all of them; it returns their
// ids.
func (s *Store) insertOutputs(ctx context.Context, tx *sql.Tx, a huoshui.Actor, xs []*huoshui.Output) ([]int64, error) {
	orgs := map[int64]*huoshui.Org{}
	moves := make([]outputMove, 0, len(xs))
	ids := make([]int64, 0, len(xs))
	for i, x := range xs {
		org := orgs[x.OrgID]
		if org == nil {
			var err error
			if org, err = outputOrg(ctx, tx, x.OrgID); err != nil {
				return nil, huoshui.InRow(i+1, err)
			}
			orgs[x.OrgID] = org
		}
		if err := checkOwners(ctx, tx, x, org, nil); err != nil {
			return nil, huoshui.InRow(i+1, err)
		}
		if err := s.insertOutput(ctx, tx, a, x, org); err != nil {
			return nil, huoshui.InRow(i+1, err)
		}
		if err := s.audit(ctx, tx, a, huoshui.AuditCreate, "output", x.ID, x.OrgID, nil, auditOutput(x)); err != nil {
			return nil, err
		}
		moves = append(moves, outputMove{after: x})
		ids = append(ids, x.ID)
	}
	return ids, s.moveOutputCounts(ctx, tx, moves...)
}

// outputSorts are the orders an output list takes, by key.
var outputSorts = map[string]string{
	"date":        "ot.dated_on, ot.id",
	"-date":       "ot.dated_on DESC, ot.id DESC",
	"title":       "ot.title, ot.id",
	"-title":      "ot.title DESC, ot.id DESC",
	"level":       outputLevelRank + ", ot.dated_on DESC, ot.id DESC",
	"-level":      outputLevelRank + " DESC, ot.dated_on DESC, ot.id DESC",
	"characters":  "ot.characters, ot.id",
	"-characters": "ot.characters DESC, ot.id DESC",
}

// outputLevelRank orders levels from the highest.
const outputLevelRank = "CASE ot.level WHEN 'national' THEN 1 WHEN 'provincial' THEN 2 WHEN 'city' THEN 3 WHEN 'other' THEN 4 ELSE 5 END"

// outputWhere is the condition of the outputs f selects; kind and level
// are left out when withKind is false (the counts of the kind tabs).
// orgPath is the path of f.OrgID (outputOrgPath).
func outputWhere(f huoshui.OutputFilter, withKind bool, orgPath string) *where {
	w := &where{}
	outputScope(w, f.Scope)
	if f.OrgID != 0 {
		lo, hi := subtreeRange(orgPath)
		w.add("o.path >= ? AND o.path < ?", lo, hi)
	}
	if withKind && f.Kind != "" {
		w.add("ot.kind = ?", string(f.Kind))
	}
	if withKind && f.Level != "" {
		w.add("ot.level = ?", string(f.Level))
	}
	if !f.From.IsZero() {
		w.add("ot.dated_on >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.add("ot.dated_on <= ?", f.To)
	}
	if f.OwnerID != 0 {
		w.add("EXISTS (SELECT 1 FROM output_owners ow2 WHERE ow2.output_id = ot.id AND ow2.member_id = ?)", f.OwnerID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		p := "%" + likeEscape(q) + "%"
		w.add("(ot.title LIKE ? OR ot.outlet LIKE ? OR ot.issuer LIKE ?)", p, p, p)
	}
	if f.Archived {
		w.add("ot.archived_at IS NOT NULL")
	} else {
		w.add("ot.archived_at IS NULL")
	}
	return w
}

// outputOrgPath is the path of the org a filter narrows to ("" for
// none); an org that does not exist narrows to nothing.
func (s *Store) outputOrgPath(ctx context.Context, f huoshui.OutputFilter) (string, error) {
	if f.OrgID == 0 {
		return "", nil
	}
	org, err := findOrg(ctx, s.r, f.OrgID)
	if errors.Is(err, huoshui.ErrNotFound) {
		return "/-/", nil
	}
	if err != nil {
		return "", err
	}
	return org.Path, nil
}

// FindOutputs lists the outputs f selects, with their owners, and how many
// match in all. The zero filter lists nothing.
func (s *Store) FindOutputs(ctx context.Context, f huoshui.OutputFilter) ([]*huoshui.Output, int, error) {
	path, err := s.outputOrgPath(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	w := outputWhere(f, true, path)
	order, ok := outputSorts[f.Sort]
	if !ok {
		order = outputSorts["-date"]
	}
	countArgs := len(w.args)
	q := "SELECT " + outputColumns + outputFrom + w.String() + " ORDER BY " + order
	if f.Limit > 0 {
		q += " LIMIT " + w.arg(f.Limit) + " OFFSET " + w.arg(max(0, f.Offset))
	}
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: find outputs: %w", err)
	}
	out := []*huoshui.Output{}
	for rows.Next() {
		x, err := scanOutput(rows)
		if err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("store: scan output: %w", err)
		}
		out = append(out, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: find outputs: %w", err)
	}
	if err := loadOwners(ctx, s.r, out); err != nil {
		return nil, 0, err
	}
	switch {
	case f.Limit <= 0:
		return out, len(out), nil
	case len(out) < f.Limit && (len(out) > 0 || f.Offset <= 0):
		return out, max(0, f.Offset) + len(out), nil
	}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+outputFrom+w.String(), w.args[:countArgs]...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count outputs: %w", err)
	}
	return out, total, nil
}

// OutputCount is how many outputs a list holds and, for documents, how
// many characters they hold.
type OutputCount struct {
	N          int
	Characters int64
}

// CountOutputsByKind counts the outputs f selects by kind, whatever its
// Kind and Level: the numbers on the list's tabs, and the characters of
// the documents.
func (s *Store) CountOutputsByKind(ctx context.Context, f huoshui.OutputFilter) (map[huoshui.OutputKind]OutputCount, error) {
	path, err := s.outputOrgPath(ctx, f)
	if err != nil {
		return nil, err
	}
	w := outputWhere(f, false, path)
	rows, err := s.r.QueryContext(ctx, "SELECT ot.kind, COUNT(*), SUM(ot.characters)"+outputFrom+w.String()+" GROUP BY ot.kind", w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: count outputs: %w", err)
	}
	defer rows.Close()
	out := map[huoshui.OutputKind]OutputCount{}
	for rows.Next() {
		var k huoshui.OutputKind
		var c OutputCount
		if err := rows.Scan(&k, &c.N, &c.Characters); err != nil {
			return nil, fmt.Errorf("store: count outputs: %w", err)
		}
		out[k] = c
	}
	return out, rows.Err()
}

// OutputYears lists the years in which the outputs of scope (under org,
// when not 0) have dates, newest first, for the list's year filter.
func (s *Store) OutputYears(ctx context.Context, scope huoshui.Scope, orgID int64) ([]int, error) {
	f := huoshui.OutputFilter{Scope: scope, OrgID: orgID}
	path, err := s.outputOrgPath(ctx, f)
	if err != nil {
		return nil, err
	}
	w := outputWhere(f, false, path)
	w.conds = w.conds[:len(w.conds)-1] // archived or not
	rows, err := s.r.QueryContext(ctx, "SELECT DISTINCT substr(ot.dated_on, 1, 4)"+outputFrom+w.String(), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: output years: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y string
		if err := rows.Scan(&y); err != nil {
			return nil, fmt.Errorf("store: output years: %w", err)
		}
		if n, err := strconv.Atoi(y); err == nil {
			out = append(out, n)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: output years: %w", err)
	}
	for i := 1; i < len(out); i++ { // newest first; a few years at most
		for j := i; j > 0 && out[j] > out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}
