package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/huoshui/huoshui"
)

// Elections of committees (换届). RecordElection writes the election, makes
// its committee the one in office — the org's election date and term end,
// the members' posts — and audits each change, in one transaction.

const electionColumns = `e.id, e.org_id, e.held_on, e.eligible, e.present, e.village, e.timing, e.prev_term_ends,
	e.term_ends, e.timing_approved_on, e.timing_approval_doc, e.approved_on, e.approval_doc,
	COALESCE(e.approved_by, 0), e.note, e.late_entry, COALESCE(e.recorded_by, 0), e.recorded_at, o.name, o.path`

const electionFrom = ` FROM elections e JOIN orgs o ON o.id = e.org_id`

func scanElection(row interface{ Scan(...any) error }) (*huoshui.Election, error) {
	var e huoshui.Election
	err := row.Scan(&e.ID, &e.OrgID, &e.HeldOn, &e.Eligible, &e.Present, &e.Village, &e.Timing, &e.PrevTermEnds,
		&e.TermEnds, &e.TimingApprovedOn, &e.TimingApprovalDoc, &e.ApprovedOn, &e.ApprovalDoc,
		&e.ApprovedBy, &e.Note, &e.LateEntry, &e.RecordedBy, &e.RecordedAt, &e.OrgName, &e.OrgPath)
	if err != nil {
		return nil, err
	}
	e.RecordedAt = e.RecordedAt.UTC()
	return &e, nil
}

// ElectionPlan decides, with the org locked as it stands, what an
// election means: its timing against the term it ends and the end of the
// new term (e.Timing, e.TermEnds), and whether the rules allow it
// (rules.CheckElection, rules.CheckCommittee). The web passes the rules;
// the store holds the lock.
type ElectionPlan func(o *huoshui.Org, e *huoshui.Election) error

// RecordElection stores e for its org and makes its committee the one in
// office. An election on or before the last one recorded is refused; so
// is a candidate who is not a current member of the org, and a post for
// one who is not a full member.
func (s *Store) RecordElection(ctx context.Context, a huoshui.Actor, e *huoshui.Election, plan ElectionPlan) error {
	e.Normalize()
	return s.tx(ctx, func(tx *sql.Tx) error {
		o, err := s.lockOrg(ctx, tx, e.OrgID)
		if err != nil {
			return err
		}
		if o.ArchivedAt != nil || o.Kind == huoshui.OrgGroup {
			return fmt.Errorf("store: record election of org %d: %w", o.ID, huoshui.ErrConflict)
		}
		ve := &huoshui.ValidationError{}
		if !o.CommitteeElectedOn.IsZero() && !e.HeldOn.IsZero() && !e.HeldOn.After(o.CommitteeElectedOn) {
			ve.Add("held_on", "election.before_last", "Last", o.CommitteeElectedOn.String())
			return ve
		}
		e.PrevTermEnds = o.CommitteeTermEnds
		if err := plan(o, e); err != nil {
			return err
		}
		if err := e.Validate(); err != nil {
			return err
		}
		// The candidates: current members of the org; those elected, full members.
		rows, err := tx.QueryContext(ctx, `SELECT id, name, status FROM members WHERE org_id = $1 AND archived_at IS NULL`, o.ID)
		if err != nil {
			return fmt.Errorf("store: election members: %w", err)
		}
		type mem struct {
			name   string
			status huoshui.MemberStatus
		}
		members := map[int64]mem{}
		var holders []int64
		for rows.Next() {
			var id int64
			var m mem
			if err := rows.Scan(&id, &m.name, &m.status); err != nil {
				rows.Close()
				return err
			}
			members[id] = m
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i := range e.Candidates {
			c := &e.Candidates[i]
			m, ok := members[c.MemberID]
			switch {
			case !ok:
				ve.Fields = append(ve.Fields, huoshui.FieldError{Field: "cand_member", Code: "election.not_member", Row: i + 1})
			case c.Post != huoshui.PostNone && m.status != huoshui.StatusFull:
				ve.Fields = append(ve.Fields, huoshui.FieldError{Field: "cand_post", Code: "election.post_needs_full",
					Args: map[string]any{"Name": m.name}, Row: i + 1})
			}
			c.Name = m.name
		}
		if err := ve.Err(); err != nil {
			return err
		}
		e.LateEntry = e.HeldOn.DaysUntil(huoshui.DateOf(s.now().In(huoshui.Shanghai))) > huoshui.ElectionLateEntryDays
		e.RecordedBy, e.RecordedAt = a.UserID, s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO elections (org_id, held_on, eligible, present, village, timing,
			prev_term_ends, term_ends, timing_approved_on, timing_approval_doc, note, late_entry, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			e.OrgID, e.HeldOn, e.Eligible, e.Present, e.Village, e.Timing, e.PrevTermEnds, e.TermEnds,
			e.TimingApprovedOn, e.TimingApprovalDoc, e.Note, e.LateEntry, nullInt(a.UserID), e.RecordedAt).Scan(&e.ID); err != nil {
			return fmt.Errorf("store: record election: %w", err)
		}
		for _, c := range e.Candidates {
			if _, err := tx.ExecContext(ctx, `INSERT INTO election_candidates (election_id, member_id, name, votes, post)
				VALUES ($1, $2, $3, $4, $5)`, e.ID, c.MemberID, c.Name, c.Votes, c.Post); err != nil {
				return fmt.Errorf("store: record election candidate: %w", err)
			}
		}
		e.OrgName, e.OrgPath = o.Name, o.Path
		if err := s.audit(ctx, tx, a, huoshui.AuditCreate, "election", e.ID, o.ID, nil, e); err != nil {
			return err
		}
		// The committee in office.
		after := *o
		after.CommitteeElectedOn, after.CommitteeTermEnds, after.UpdatedAt = e.HeldOn, e.TermEnds, s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE orgs SET committee_elected_on = $1, committee_term_ends = $2,
			village = $3, updated_at = $4 WHERE id = $5`, after.CommitteeElectedOn, after.CommitteeTermEnds, e.Village,
			after.UpdatedAt, o.ID); err != nil {
			return fmt.Errorf("store: election: update org %d: %w", o.ID, err)
		}
		if err := s.audit(ctx, tx, a, huoshui.AuditUpdate, "org", o.ID, o.ID, o, &after); err != nil {
			return err
		}
		// Posts: the old committee's first, so that one secretary holds at
		// every step; then the new one's.
		posts := map[int64]huoshui.CommitteePost{}
		for _, c := range e.Candidates {
			if c.Post != huoshui.PostNone {
				posts[c.MemberID] = c.Post
			}
		}
		hrows, err := tx.QueryContext(ctx, `SELECT id FROM members WHERE org_id = $1 AND archived_at IS NULL
			AND committee_post <> '' ORDER BY id`, o.ID)
		if err != nil {
			return fmt.Errorf("store: election: committee: %w", err)
		}
		for hrows.Next() {
			var id int64
			if err := hrows.Scan(&id); err != nil {
				hrows.Close()
				return err
			}
			holders = append(holders, id)
		}
		hrows.Close()
		none := huoshui.PostNone
		for _, id := range holders {
			if _, err := s.updateMember(ctx, tx, a, id, o.ID, huoshui.MemberUpdate{CommitteePost: &none}); err != nil {
				return err
			}
		}
		ids := make([]int64, 0, len(posts))
		for id := range posts {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			p := posts[id]
			if _, err := s.updateMember(ctx, tx, a, id, o.ID, huoshui.MemberUpdate{CommitteePost: &p}); err != nil {
				return err
			}
		}
		if err := s.bumpRoster(ctx, tx, o.ID); err != nil {
			return err
		}
		return s.bumpLife(ctx, tx, o.Path)
	})
}

// loadCandidates fills the candidates of es, most votes first.
func (s *Store) loadCandidates(ctx context.Context, q querier, es []*huoshui.Election) error {
	for _, e := range es {
		rows, err := q.QueryContext(ctx, `SELECT member_id, name, votes, post FROM election_candidates
			WHERE election_id = $1 ORDER BY votes DESC, member_id`, e.ID)
		if err != nil {
			return fmt.Errorf("store: election candidates: %w", err)
		}
		e.Candidates = []huoshui.ElectionCandidate{}
		for rows.Next() {
			var c huoshui.ElectionCandidate
			if err := rows.Scan(&c.MemberID, &c.Name, &c.Votes, &c.Post); err != nil {
				rows.Close()
				return err
			}
			e.Candidates = append(e.Candidates, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// FindElectionByID returns one election, with its candidates, when scope
// covers its org; any other id answers huoshui.ErrNotFound.
func (s *Store) FindElectionByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.Election, error) {
	w := &where{}
	w.add("e.id = ?", id)
	w.addScope(scope, "o.path", "")
	e, err := scanElection(s.r.QueryRowContext(ctx, "SELECT "+electionColumns+electionFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find election %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find election %d: %w", id, err)
	}
	return e, s.loadCandidates(ctx, s.r, []*huoshui.Election{e})
}

// FindElections lists the elections of an org that scope covers, newest
// first, with their candidates. An empty scope lists nothing.
func (s *Store) FindElections(ctx context.Context, scope huoshui.Scope, orgID int64) ([]*huoshui.Election, error) {
	w := &where{}
	w.add("e.org_id = ?", orgID)
	w.addScope(scope, "o.path", "")
	rows, err := s.r.QueryContext(ctx, "SELECT "+electionColumns+electionFrom+w.String()+" ORDER BY e.held_on DESC, e.id DESC", w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: find elections: %w", err)
	}
	var out []*huoshui.Election
	for rows.Next() {
		e, err := scanElection(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: find elections: %w", err)
		}
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.loadCandidates(ctx, s.r, out)
}

// ApproveElection records the higher committee's approval of the
// secretary and deputy an election chose: the day and the document.
func (s *Store) ApproveElection(ctx context.Context, a huoshui.Actor, id int64, on huoshui.Date, doc string) (*huoshui.Election, error) {
	var out *huoshui.Election
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := scanElection(tx.QueryRowContext(ctx, "SELECT "+electionColumns+electionFrom+" WHERE e.id = $1"+s.d.forUpdate("e"), id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: find election %d: %w", id, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: lock election %d: %w", id, err)
		}
		if !before.ApprovedOn.IsZero() {
			// An approval on record stays: a second one would overwrite
			// the document the first named.
			ve := &huoshui.ValidationError{}
			ve.Add("approved_on", "election.already_approved", "Date", before.ApprovedOn.String(), "Doc", before.ApprovalDoc)
			return ve
		}
		e := *before
		if err := s.loadCandidates(ctx, tx, []*huoshui.Election{&e}); err != nil {
			return err
		}
		e.ApprovedOn, e.ApprovalDoc, e.ApprovedBy = on, doc, a.UserID
		e.Normalize()
		ve := &huoshui.ValidationError{}
		if on.IsZero() {
			ve.Add("approved_on", "required")
		}
		if e.ApprovalDoc == "" {
			ve.Add("approval_doc", "required")
		}
		if ve.Merge(e.Validate()); ve.Err() != nil {
			return ve
		}
		if _, err := tx.ExecContext(ctx, `UPDATE elections SET approved_on = $1, approval_doc = $2, approved_by = $3 WHERE id = $4`,
			e.ApprovedOn, e.ApprovalDoc, nullInt(a.UserID), id); err != nil {
			return fmt.Errorf("store: approve election %d: %w", id, err)
		}
		out = &e
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "election", id, e.OrgID,
			map[string]any{"approved_on": before.ApprovedOn, "approval_doc": before.ApprovalDoc},
			map[string]any{"approved_on": e.ApprovedOn, "approval_doc": e.ApprovalDoc})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// OrgVillage reports whether the org is marked as in a village or an
// urban community (its committees serve five years).
func (s *Store) OrgVillage(ctx context.Context, orgID int64) (bool, error) {
	var v bool
	if err := s.r.QueryRowContext(ctx, `SELECT village FROM orgs WHERE id = $1`, orgID).Scan(&v); err != nil {
		return false, fmt.Errorf("store: org %d village: %w", orgID, err)
	}
	return v, nil
}

// CommitteeSeat is a member holding a post on an org's committee.
type CommitteeSeat struct {
	MemberID int64
	Name     string
	Post     huoshui.CommitteePost
}

// FindCommittee lists the current members of the org holding a committee
// post, in the order of huoshui.CommitteePosts.
func (s *Store) FindCommittee(ctx context.Context, orgID int64) ([]CommitteeSeat, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, name, committee_post FROM members
		WHERE org_id = $1 AND archived_at IS NULL AND committee_post <> '' ORDER BY id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: committee of %d: %w", orgID, err)
	}
	defer rows.Close()
	var out []CommitteeSeat
	for rows.Next() {
		var c CommitteeSeat
		if err := rows.Scan(&c.MemberID, &c.Name, &c.Post); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b CommitteeSeat) int {
		return slices.Index(huoshui.CommitteePosts, a.Post) - slices.Index(huoshui.CommitteePosts, b.Post)
	})
	return out, rows.Err()
}
