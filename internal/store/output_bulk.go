package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/huoshui/huoshui"
)

// BulkCreateOutputs adds many outputs in one transaction and sets their
// IDs, for the synthetic province of `huoshui gen`: what CreateOutputs
// writes — the records, their owners and the move of output_counts — but
// many rows per statement and one audit record per call. Every one goes
// in, or, when any fails, none does. Each must pass Validate on the
// store's day and sit at a current org, its owners current members of
// that org's subtree. A record's CreatedAt, when set, is when it was
// written (zero: now). A failure names the record's row in
// FieldError.Row.
func (s *Store) BulkCreateOutputs(ctx context.Context, a huoshui.Actor, xs []*huoshui.Output) error {
	if len(xs) == 0 {
		return nil
	}
	today := s.today()
	var orgIDs, memberIDs []int64
	seenOrg, seenMember := map[int64]bool{}, map[int64]bool{}
	for i, x := range xs {
		if err := x.Validate(today); err != nil {
			return rowError(i+1, err)
		}
		if !seenOrg[x.OrgID] {
			seenOrg[x.OrgID] = true
			orgIDs = append(orgIDs, x.OrgID)
		}
		for _, id := range x.OwnerIDs() {
			if !seenMember[id] {
				seenMember[id] = true
				memberIDs = append(memberIDs, id)
			}
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		orgs, err := orgsByIDs(ctx, tx, orgIDs)
		if err != nil {
			return err
		}
		people, err := meetingMembersByIDs(ctx, tx, memberIDs)
		if err != nil {
			return err
		}
		now := s.now()
		moves := make([]outputMove, len(xs))
		for i, x := range xs {
			org := orgs[x.OrgID]
			v := &huoshui.ValidationError{}
			if org == nil || org.ArchivedAt != nil {
				v.Add("org_id", "output.org_unknown")
				return rowError(i+1, v)
			}
			lo, hi := subtreeRange(org.Path)
			for _, id := range x.OwnerIDs() {
				if p, ok := people[id]; !ok || p.archived || p.path < lo || p.path >= hi {
					v.Add("owners", "output.owner_unknown", "ID", id)
					return rowError(i+1, v)
				}
			}
			if x.CreatedAt.IsZero() {
				x.CreatedAt = now
			}
			x.CreatedAt = x.CreatedAt.UTC()
			x.UpdatedAt, x.CreatedBy, x.ArchivedAt = x.CreatedAt, a.UserID, nil
			x.OrgName, x.OrgPath = org.Name, org.Path
			moves[i] = outputMove{after: x}
		}
		if err := s.insertBulkOutputs(ctx, tx, a, xs); err != nil {
			return err
		}
		if err := s.insertBulkOwners(ctx, tx, xs); err != nil {
			return err
		}
		if err := s.moveOutputCounts(ctx, tx, moves...); err != nil {
			return err
		}
		paths := make([]string, 0, len(orgs))
		for _, o := range orgs {
			paths = append(paths, o.Path)
		}
		return s.audit(ctx, tx, a, huoshui.AuditImport, AuditSynthetic, 0, huoshui.PathNodeID(commonPath(paths)), nil,
			map[string]any{"outputs": len(xs), "orgs": len(orgs)})
	})
}

// insertBulkOutputs writes the records many to a statement and sets their
// IDs in order, as insertBulkMeetings does.
func (s *Store) insertBulkOutputs(ctx context.Context, tx *sql.Tx, a huoshui.Actor, xs []*huoshui.Output) error {
	const cols = 19
	for chunk := range chunks(xs, maxBulkParams/cols) {
		var sb strings.Builder
		sb.WriteString(`INSERT INTO outputs (org_id, kind, title, dated_on, level, outlet, link, issuer,
			doc_kind, characters, char_source, problem, change, situation_before, situation_after, status,
			created_by, created_at, updated_at) VALUES `)
		args := make([]any, 0, len(chunk)*cols)
		for k, x := range chunk {
			if k > 0 {
				sb.WriteByte(',')
			}
			s.d.placeholders(&sb, len(args), cols)
			args = append(args, x.OrgID, x.Kind, x.Title, x.Date, x.Level, x.Outlet, x.Link, x.Issuer,
				x.DocKind, x.Characters, x.CharSource, x.Problem, x.Change, x.Before, x.After, x.Status,
				nullInt(a.UserID), x.CreatedAt, x.UpdatedAt)
		}
		sb.WriteString(" RETURNING id")
		ids, err := insertedIDs(ctx, tx, sb.String(), args, len(chunk), "outputs")
		if err != nil {
			return err
		}
		for k, x := range chunk {
			x.ID = ids[k]
		}
	}
	return nil
}

// insertBulkOwners writes each record's owners in order.
func (s *Store) insertBulkOwners(ctx context.Context, tx *sql.Tx, xs []*huoshui.Output) error {
	type row struct {
		output, member int64
		position       int
	}
	var all []row
	for _, x := range xs {
		for i, ow := range x.Owners {
			all = append(all, row{x.ID, ow.MemberID, i + 1})
		}
	}
	const cols = 3
	for chunk := range chunks(all, maxBulkParams/cols) {
		var sb strings.Builder
		sb.WriteString("INSERT INTO output_owners (output_id, member_id, position) VALUES ")
		args := make([]any, 0, len(chunk)*cols)
		for k, r := range chunk {
			if k > 0 {
				sb.WriteByte(',')
			}
			s.d.placeholders(&sb, len(args), cols)
			args = append(args, r.output, r.member, r.position)
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("store: bulk outputs: owners: %w", err)
		}
	}
	return nil
}
