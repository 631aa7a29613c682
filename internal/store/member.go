package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/huoshui/huoshui"
)

const memberColumns = `m.id, m.org_id, COALESCE(m.group_id, 0), m.name, m.gender, m.ethnicity, m.birth_date,
	m.education, COALESCE(m.id_number, ''), m.phone, m.workplace, m.post, m.status, m.applied_on,
	m.activist_on, m.candidate_on, m.probation_on, m.full_on, m.committee_post, m.archived_at,
	m.archive_reason, m.created_at, m.updated_at, o.name, o.path, COALESCE(g.name, '')`

const memberFrom = ` FROM members m JOIN orgs o ON o.id = m.org_id LEFT JOIN orgs g ON g.id = m.group_id`

func scanMember(row interface{ Scan(...any) error }) (*huoshui.Member, error) {
	var m huoshui.Member
	err := row.Scan(&m.ID, &m.OrgID, &m.GroupID, &m.Name, &m.Gender, &m.Ethnicity, &m.BirthDate,
		&m.Education, &m.IDNumber, &m.Phone, &m.Workplace, &m.Post, &m.Status, &m.AppliedOn,
		&m.ActivistOn, &m.CandidateOn, &m.ProbationOn, &m.FullOn, &m.CommitteePost, &m.ArchivedAt,
		&m.ArchiveReason, &m.CreatedAt, &m.UpdatedAt, &m.OrgName, &m.OrgPath, &m.GroupName)
	return &m, err
}

// FindMemberByID returns one member, archived or not, with their branch,
// when scope covers them; any other id answers huoshui.ErrNotFound, so a
// record outside the reader's part of the tree looks like no record at all.
func (s *Store) FindMemberByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.Member, error) {
	w := &where{}
	w.add("m.id = ?", id)
	w.addScope(scope, "o.path", "m.id")
	m, err := scanMember(s.r.QueryRowContext(ctx, "SELECT "+memberColumns+memberFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find member %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find member %d: %w", id, err)
	}
	return m, nil
}

// lockMember reads a member inside a write transaction and holds the row
// until it ends, so that concurrent changes to one person take turns.
func (s *Store) lockMember(ctx context.Context, tx *sql.Tx, id int64) (*huoshui.Member, error) {
	m, err := scanMember(tx.QueryRowContext(ctx, "SELECT "+memberColumns+memberFrom+" WHERE m.id = $1"+s.d.forUpdate("m"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find member %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: lock member %d: %w", id, err)
	}
	return m, nil
}

func findMember(ctx context.Context, q querier, id int64) (*huoshui.Member, error) {
	m, err := scanMember(q.QueryRowContext(ctx, "SELECT "+memberColumns+memberFrom+" WHERE m.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find member %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find member %d: %w", id, err)
	}
	return m, nil
}

// CreateMember adds one member and sets its ID.
func (s *Store) CreateMember(ctx context.Context, a huoshui.Actor, m *huoshui.Member) error {
	return s.CreateMembers(ctx, a, []*huoshui.Member{m})
}

// CreateMembers adds members in one transaction: every one goes in, or,
// when any fails, none does. A validation error names the failing row in
// its fields' Row (N from 1) when there is more than one.
func (s *Store) CreateMembers(ctx context.Context, a huoshui.Actor, ms []*huoshui.Member) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for i, m := range ms {
			if err := s.insertMember(ctx, tx, a, m); err != nil {
				if len(ms) > 1 {
					return rowError(i+1, err)
				}
				return err
			}
		}
		return nil
	})
}

// rowError places err's field problems in row (FieldError.Row).
func rowError(row int, err error) error { return huoshui.InRow(row, err) }

func (s *Store) insertMember(ctx context.Context, tx *sql.Tx, a huoshui.Actor, m *huoshui.Member) error {
	if err := m.Validate(); err != nil {
		return err
	}
	branch, err := s.checkPlacement(ctx, tx, m.OrgID, m.GroupID)
	if err != nil {
		return err
	}
	now := s.now()
	m.CreatedAt, m.UpdatedAt = now, now
	m.OrgName, m.OrgPath = branch.Name, branch.Path
	return s.writeMember(ctx, tx, a, huoshui.AuditCreate, nil, m, nil)
}

// checkPlacement makes sure orgID is a current branch and groupID, when
// set, a current group inside it.
func (s *Store) checkPlacement(ctx context.Context, tx *sql.Tx, orgID, groupID int64) (*huoshui.Org, error) {
	v := &huoshui.ValidationError{}
	branch, err := s.lockOrg(ctx, tx, orgID)
	if errors.Is(err, huoshui.ErrNotFound) || (err == nil && (branch.Kind != huoshui.OrgBranch || branch.ArchivedAt != nil)) {
		v.Add("org_id", "member.org_not_branch")
		return nil, v
	}
	if err != nil {
		return nil, err
	}
	if groupID != 0 {
		g, err := s.lockOrg(ctx, tx, groupID) // locked like the branch: archiving the group waits
		if errors.Is(err, huoshui.ErrNotFound) || (err == nil && (g.ParentID != orgID || g.ArchivedAt != nil)) {
			v.Add("group_id", "member.group_not_in_branch")
			return nil, v
		}
		if err != nil {
			return nil, err
		}
	}
	return branch, nil
}

// checkOneSecretary refuses a second secretary in a branch: a member who
// becomes its secretary (new, newly given the post, or arriving with it)
// while another current member holds the post. The refusal names the one
// who holds it. The branch's row is locked first, so two requests that
// name two secretaries at once take turns and the second sees the first.
func (s *Store) checkOneSecretary(ctx context.Context, tx *sql.Tx, before, after *huoshui.Member) error {
	if after.CommitteePost != huoshui.PostSecretary || after.ArchivedAt != nil {
		return nil
	}
	if before != nil && before.CommitteePost == huoshui.PostSecretary && before.OrgID == after.OrgID && before.ArchivedAt == nil {
		return nil
	}
	if _, err := s.lockOrg(ctx, tx, after.OrgID); err != nil {
		return err
	}
	var name string
	err := tx.QueryRowContext(ctx, `SELECT name FROM members WHERE org_id = $1 AND committee_post = $2
		AND archived_at IS NULL AND id <> $3 ORDER BY id LIMIT 1`,
		after.OrgID, huoshui.PostSecretary, after.ID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: find the secretary of %d: %w", after.OrgID, err)
	}
	v := &huoshui.ValidationError{}
	v.Add("committee_post", "member.secretary_taken", "Name", name)
	return v
}

func (s *Store) memberWriteError(op string, err error) error {
	if s.d.isUniqueViolation(err, "members_id_number") {
		v := &huoshui.ValidationError{}
		v.Add("id_number", "member.id_number_taken")
		return v
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

// UpdateMember changes a member's fields and returns the member as stored.
func (s *Store) UpdateMember(ctx context.Context, a huoshui.Actor, id int64, u huoshui.MemberUpdate) (*huoshui.Member, error) {
	var out *huoshui.Member
	err := s.tx(ctx, func(tx *sql.Tx) error {
		m, err := s.updateMember(ctx, tx, a, id, 0, u)
		out = m
		return err
	})
	return out, err
}

// updateMember changes a member's fields inside tx, audited, and returns
// the member as stored. With orgID set, a member of another branch is a
// conflict (an import changes its own branch's people only).
func (s *Store) updateMember(ctx context.Context, tx *sql.Tx, a huoshui.Actor, id, orgID int64, u huoshui.MemberUpdate) (*huoshui.Member, error) {
	before, err := s.lockMember(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if before.ArchivedAt != nil {
		return nil, fmt.Errorf("store: update member %d: archived: %w", id, huoshui.ErrConflict)
	}
	if orgID != 0 && before.OrgID != orgID {
		return nil, fmt.Errorf("store: update member %d: in org %d, not %d: %w", id, before.OrgID, orgID, huoshui.ErrConflict)
	}
	m := *before
	u.Apply(&m)
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if _, err := s.checkPlacement(ctx, tx, m.OrgID, m.GroupID); err != nil {
		return nil, err
	}
	m.UpdatedAt = s.now()
	if m.GroupID != before.GroupID {
		m.GroupName = ""
		if m.GroupID != 0 {
			g, err := findOrg(ctx, tx, m.GroupID)
			if err != nil {
				return nil, err
			}
			m.GroupName = g.Name
		}
	}
	if err := s.writeMember(ctx, tx, a, huoshui.AuditUpdate, before, &m, nil); err != nil {
		return nil, err
	}
	return &m, nil
}

// FindMembersByIDNumber finds who holds each of ids (normalised ID
// numbers), archived or not: the member when scope covers them, or nil
// for a holder outside it, so a caller can tell "taken" without learning
// by whom. An ID number nobody holds is not in the map.
func (s *Store) FindMembersByIDNumber(ctx context.Context, scope huoshui.Scope, ids []string) (map[string]*huoshui.Member, error) {
	out := map[string]*huoshui.Member{}
	const chunk = 400
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(len(ids), start+chunk)]
		w := &where{}
		marks := make([]string, len(part))
		for i, id := range part {
			marks[i] = w.arg(id)
		}
		q := "SELECT " + memberColumns + memberFrom + " WHERE m.id_number IN (" + strings.Join(marks, ", ") + ")"
		rows, err := s.r.QueryContext(ctx, q, w.args...)
		if err != nil {
			return nil, fmt.Errorf("store: find members by id number: %w", err)
		}
		for rows.Next() {
			m, err := scanMember(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: scan member: %w", err)
			}
			if scope.Covers(m.OrgPath, m.ID) {
				out[m.IDNumber] = m
			} else {
				out[m.IDNumber] = nil
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: find members by id number: %w", err)
		}
	}
	return out, nil
}

// ArchiveMember takes a person off the current roster (death, leaving the
// party, moving out of the system). The record stays.
func (s *Store) ArchiveMember(ctx context.Context, a huoshui.Actor, id int64, reason string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockMember(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.ArchivedAt != nil {
			return nil
		}
		if reason == "" {
			v := &huoshui.ValidationError{}
			v.Add("archive_reason", "required")
			return v
		}
		now := s.now()
		after := *before
		after.ArchivedAt, after.ArchiveReason, after.CommitteePost, after.UpdatedAt = &now, reason, "", now
		return s.writeMember(ctx, tx, a, huoshui.AuditArchive, before, &after, nil)
	})
}

// RestoreMember puts an archived person back on the current roster: the
// undo of ArchiveMember. Their branch must still be current.
func (s *Store) RestoreMember(ctx context.Context, a huoshui.Actor, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockMember(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.ArchivedAt == nil {
			return nil
		}
		if _, err := s.checkPlacement(ctx, tx, before.OrgID, 0); err != nil {
			return err
		}
		after := *before
		after.ArchivedAt, after.ArchiveReason, after.UpdatedAt = nil, "", s.now()
		if err := s.writeMember(ctx, tx, a, huoshui.AuditRestore, before, &after, nil); err != nil {
			return err
		}
		return s.withdrawOpenLetters(ctx, tx, a, id)
	})
}

// TransferMember moves a member to another branch and keeps the move as a
// transfer record. Their group and committee post stay behind.
func (s *Store) TransferMember(ctx context.Context, a huoshui.Actor, t *huoshui.Transfer) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		m, err := s.lockMember(ctx, tx, t.MemberID)
		if err != nil {
			return err
		}
		if m.ArchivedAt != nil {
			return fmt.Errorf("store: transfer member %d: archived: %w", m.ID, huoshui.ErrConflict)
		}
		v := &huoshui.ValidationError{}
		if t.On.IsZero() {
			v.Add("on", "required")
		}
		if t.ToOrgID == m.OrgID {
			v.Add("to_org_id", "transfer.same_branch")
		}
		if err := v.Err(); err != nil {
			return err
		}
		return s.moveMember(ctx, tx, a, m, t)
	})
}

// moveMember moves the locked member m to t.ToOrgID in the caller's
// transaction, keeps the move as a row of transfers (t gets its ID and
// names) and writes the member with its counts and audit records.
func (s *Store) moveMember(ctx context.Context, tx *sql.Tx, a huoshui.Actor, m *huoshui.Member, t *huoshui.Transfer) error {
	{
		// Lock both branches in id order, the order writeMember updates
		// them in: crossing transfers (A→B, B→A) then take turns instead
		// of deadlocking.
		for _, id := range []int64{min(m.OrgID, t.ToOrgID), max(m.OrgID, t.ToOrgID)} {
			if _, err := s.lockOrg(ctx, tx, id); err != nil && !errors.Is(err, huoshui.ErrNotFound) {
				return err
			}
		}
		to, err := s.checkPlacement(ctx, tx, t.ToOrgID, 0)
		if err != nil {
			return err
		}
		now := s.now()
		t.FromOrgID, t.FromOrgName, t.ToOrgName = m.OrgID, m.OrgName, to.Name
		t.CreatedBy, t.CreatedAt = a.UserID, now
		if err := tx.QueryRowContext(ctx, `INSERT INTO transfers (member_id, from_org_id, to_org_id, transferred_on,
			reason, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			m.ID, m.OrgID, to.ID, t.On, t.Reason, nullInt(a.UserID), now).Scan(&t.ID); err != nil {
			return fmt.Errorf("store: transfer member %d: %w", m.ID, err)
		}
		after := *m
		after.OrgID, after.OrgName, after.OrgPath = to.ID, to.Name, to.Path
		after.GroupID, after.GroupName, after.CommitteePost, after.UpdatedAt = 0, "", "", now
		// The record keeps the transfer as its new state; both branches'
		// auditors see the move.
		return s.writeMember(ctx, tx, a, huoshui.AuditTransfer, m, &after, t)
	}
}

// FindTransfers lists a member's transfers, oldest first, when scope
// covers the member (as FindMemberByID); for anyone else the list is empty.
func (s *Store) FindTransfers(ctx context.Context, scope huoshui.Scope, memberID int64) ([]huoshui.Transfer, error) {
	w := &where{}
	w.add("t.member_id = ?", memberID)
	w.addScope(scope, "mo.path", "m.id")
	rows, err := s.r.QueryContext(ctx, `SELECT t.id, t.member_id, t.from_org_id, t.to_org_id, f.name, o.name,
		t.transferred_on, t.reason, COALESCE(t.created_by, 0), t.created_at
		FROM transfers t JOIN orgs f ON f.id = t.from_org_id JOIN orgs o ON o.id = t.to_org_id
		JOIN members m ON m.id = t.member_id JOIN orgs mo ON mo.id = m.org_id`+w.String()+`
		ORDER BY t.transferred_on, t.id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: find transfers of %d: %w", memberID, err)
	}
	defer rows.Close()
	var out []huoshui.Transfer
	for rows.Next() {
		var t huoshui.Transfer
		if err := rows.Scan(&t.ID, &t.MemberID, &t.FromOrgID, &t.ToOrgID, &t.FromOrgName, &t.ToOrgName,
			&t.On, &t.Reason, &t.CreatedBy, &t.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: scan transfer: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
