package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/huoshui/huoshui"
)

// Derived state of the member rows, kept in one place. Each branch keeps
//
//   - member_count, full_count and party_count: its current (not
//     archived) members, those of them who are full members, and those who
//     are full or probationary (党员, whom study hours are asked of);
//   - applicant_count, activist_count and candidate_count: those on the
//     way in, at each stage (never counted as 党员);
//   - roster_version: moves whenever anything its member list shows
//     changes, so a rendered list kept under the version is never stale.
//
// Every single-row member write goes through writeMember, which writes the
// row, its search keys (member_keys), these consequences and the audit record in one transaction; the bulk
// loader adds its rows to the same tally. No write path counts by hand.

// tally collects what member row changes do to the branches.
type tally struct {
	by map[int64]*tallyRow
	// stats are the cells of the statistics summaries the rows move, by
	// branch (statistics.go).
	stats map[statKey]int
}

type tallyRow struct {
	members, full, party, applicants, activists, candidates int
	bumps                                                   int // subtree versions only (tree_counts.go)
}

// touch marks a node whose member list changed, and returns its row.
func (t *tally) touch(orgID int64) *tallyRow {
	if t.by == nil {
		t.by = map[int64]*tallyRow{}
	}
	r := t.by[orgID]
	if r == nil {
		r = &tallyRow{}
		t.by[orgID] = r
	}
	return r
}

// add records the change of one member row from before to after: nil
// before is a new row. A row counts in its branch while it is current.
func (t *tally) add(before, after *huoshui.Member) {
	for _, c := range []struct {
		m    *huoshui.Member
		sign int
	}{{before, -1}, {after, 1}} {
		if c.m == nil {
			continue
		}
		r := t.touch(c.m.OrgID)
		if t.stats == nil {
			t.stats = map[statKey]int{}
		}
		noteMember(t.stats, c.m, c.sign)
		if c.m.ArchivedAt == nil {
			r.members += c.sign
			if c.m.Status == huoshui.StatusFull {
				r.full += c.sign
			}
			if partyStatus(c.m.Status) {
				r.party += c.sign
			}
			switch c.m.Status {
			case huoshui.StatusApplicant:
				r.applicants += c.sign
			case huoshui.StatusActivist:
				r.activists += c.sign
			case huoshui.StatusCandidate:
				r.candidates += c.sign
			}
		}
	}
}

// ids are the nodes touched, in ascending order: concurrent writers then
// lock the rows of orgs in one order and cannot deadlock.
func (t *tally) ids() []int64 {
	ids := make([]int64, 0, len(t.by))
	for id := range t.by {
		if id != 0 {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// apply writes the tally: each node's counts move by their difference and
// its roster version by one, and the subtree counts of the nodes above
// it with them (tree_counts.go). A few nodes take one statement each; many
// (a bulk load) take one statement per few thousand.
func (s *Store) applyTally(ctx context.Context, tx *sql.Tx, t *tally) error {
	noteStats(tx, t.stats) // added to the nodes above at commit
	ids := t.ids()
	if len(ids) <= 8 {
		for _, id := range ids {
			r := t.by[id]
			if _, err := tx.ExecContext(ctx, `UPDATE orgs SET member_count = member_count + $1,
				full_count = full_count + $2, party_count = party_count + $3, applicant_count = applicant_count + $4,
				activist_count = activist_count + $5, candidate_count = candidate_count + $6, roster_version = roster_version + 1
				WHERE id = $7`, r.members, r.full, r.party, r.applicants, r.activists, r.candidates, id); err != nil {
				return fmt.Errorf("store: kept counts of org %d: %w", id, err)
			}
		}
		return s.applyTreeTally(ctx, tx, t, ids)
	}
	for chunk := range chunks(ids, maxBulkParams/7) {
		var sb strings.Builder
		sb.WriteString("UPDATE orgs SET member_count = member_count + v.column2, full_count = full_count + v.column3, " +
			"party_count = party_count + v.column4, applicant_count = applicant_count + v.column5, " +
			"activist_count = activist_count + v.column6, candidate_count = candidate_count + v.column7, " +
			"roster_version = roster_version + 1 FROM (VALUES ")
		args := make([]any, 0, len(chunk)*7)
		for k, id := range chunk {
			if k > 0 {
				sb.WriteByte(',')
			}
			n := len(args)
			fmt.Fprintf(&sb, "(CAST(%s AS BIGINT), CAST(%s AS INTEGER), CAST(%s AS INTEGER), CAST(%s AS INTEGER), "+
				"CAST(%s AS INTEGER), CAST(%s AS INTEGER), CAST(%s AS INTEGER))",
				s.d.bulkParam(n+1), s.d.bulkParam(n+2), s.d.bulkParam(n+3), s.d.bulkParam(n+4),
				s.d.bulkParam(n+5), s.d.bulkParam(n+6), s.d.bulkParam(n+7))
			r := t.by[id]
			args = append(args, id, r.members, r.full, r.party, r.applicants, r.activists, r.candidates)
		}
		sb.WriteString(") AS v WHERE orgs.id = v.column1")
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("store: kept counts: %w", err)
		}
	}
	return s.applyTreeTally(ctx, tx, t, ids)
}

// bumpRoster moves the roster version of the given nodes: whatever their
// member lists showed is out of date (a node renamed or moved).
func (s *Store) bumpRoster(ctx context.Context, tx *sql.Tx, orgIDs ...int64) error {
	t := &tally{}
	for _, id := range orgIDs {
		t.touch(id)
	}
	return s.applyTally(ctx, tx, t)
}

// writeMember writes one member row as after and everything that follows
// from it, in the caller's transaction: the kept counts of the branches it
// leaves and joins, their roster versions, and the audit record of action.
// A nil before creates the row and sets after.ID. auditAfter, when not
// nil, is what the audit record keeps as the new state instead of after. A
// row that changes branch is audited under both, so both branches'
// auditors see the move. Timestamps are the caller's: it sets CreatedAt
// and UpdatedAt.
func (s *Store) writeMember(ctx context.Context, tx *sql.Tx, a huoshui.Actor, action string, before, after *huoshui.Member, auditAfter any) error {
	m := after
	if err := s.checkOneSecretary(ctx, tx, before, after); err != nil {
		return err
	}
	if before == nil {
		err := tx.QueryRowContext(ctx, `INSERT INTO members (org_id, group_id, name, gender, ethnicity, birth_date,
			education, id_number, phone, workplace, post, status, applied_on, activist_on, candidate_on,
			probation_on, full_on, committee_post, archived_at, archive_reason, created_at, updated_at, name_key)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
			RETURNING id`,
			m.OrgID, nullInt(m.GroupID), m.Name, m.Gender, m.Ethnicity, m.BirthDate, m.Education,
			nullString(m.IDNumber), m.Phone, m.Workplace, m.Post, m.Status, m.AppliedOn, m.ActivistOn,
			m.CandidateOn, m.ProbationOn, m.FullOn, m.CommitteePost, m.ArchivedAt, m.ArchiveReason,
			m.CreatedAt, m.UpdatedAt, nameKey(m.Name)).Scan(&m.ID)
		if err != nil {
			return s.memberWriteError("create member", err)
		}
	} else {
		m.ID = before.ID
		_, err := tx.ExecContext(ctx, `UPDATE members SET org_id = $1, group_id = $2, name = $3, gender = $4,
			ethnicity = $5, birth_date = $6, education = $7, id_number = $8, phone = $9, workplace = $10, post = $11,
			status = $12, applied_on = $13, activist_on = $14, candidate_on = $15, probation_on = $16,
			full_on = $17, committee_post = $18, archived_at = $19, archive_reason = $20, updated_at = $21,
			name_key = $22 WHERE id = $23`,
			m.OrgID, nullInt(m.GroupID), m.Name, m.Gender, m.Ethnicity, m.BirthDate, m.Education,
			nullString(m.IDNumber), m.Phone, m.Workplace, m.Post, m.Status, m.AppliedOn, m.ActivistOn,
			m.CandidateOn, m.ProbationOn, m.FullOn, m.CommitteePost, m.ArchivedAt, m.ArchiveReason,
			m.UpdatedAt, nameKey(m.Name), m.ID)
		if err != nil {
			return s.memberWriteError(fmt.Sprintf("%s member %d", action, m.ID), err)
		}
	}
	if err := s.writeMemberKeys(ctx, tx, m, before == nil); err != nil {
		return err
	}
	t := &tally{}
	t.add(before, after)
	if err := s.applyTally(ctx, tx, t); err != nil {
		return err
	}
	if before != nil {
		if err := s.moveStudyMember(ctx, tx, before, after); err != nil {
			return err
		}
	}
	var auditBefore any
	if before != nil {
		auditBefore = before
	}
	if auditAfter == nil {
		auditAfter = after
	}
	if before != nil && before.OrgID != after.OrgID {
		if err := s.audit(ctx, tx, a, action, "member", m.ID, before.OrgID, auditBefore, auditAfter); err != nil {
			return err
		}
	}
	return s.audit(ctx, tx, a, action, "member", m.ID, after.OrgID, auditBefore, auditAfter)
}
