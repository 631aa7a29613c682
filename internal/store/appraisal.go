package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/huoshui/huoshui"
)

// The annual appraisal (民主评议党员): a round per branch and year, and
// each member's grade in it. A grade is written with the round's row
// locked, so the cap on 优秀 counts every other grade already committed.

const roundColumns = `ar.id, ar.org_id, ar.year, ar.self_review_on, ar.mutual_review_on, ar.vote_on, ar.note,
	COALESCE(ar.created_by, 0), ar.created_at, ar.updated_at, o.name, o.path`

const roundFrom = ` FROM appraisal_rounds ar JOIN orgs o ON o.id = ar.org_id`

func scanRound(row interface{ Scan(...any) error }) (*huoshui.AppraisalRound, error) {
	var a huoshui.AppraisalRound
	err := row.Scan(&a.ID, &a.OrgID, &a.Year, &a.SelfReviewOn, &a.MutualReviewOn, &a.VoteOn, &a.Note,
		&a.CreatedBy, &a.CreatedAt, &a.UpdatedAt, &a.OrgName, &a.OrgPath)
	if err != nil {
		return nil, err
	}
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return &a, nil
}

// CreateAppraisalRound opens the appraisal of a year for a branch; a
// second round of the same year is refused.
func (s *Store) CreateAppraisalRound(ctx context.Context, a huoshui.Actor, r *huoshui.AppraisalRound) error {
	r.Normalize()
	if err := r.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		o, err := s.lockOrg(ctx, tx, r.OrgID)
		if err != nil {
			return err
		}
		if o.ArchivedAt != nil || o.Kind != huoshui.OrgBranch {
			return fmt.Errorf("store: appraisal round of org %d: %w", o.ID, huoshui.ErrConflict)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM appraisal_rounds WHERE org_id = $1 AND year = $2`,
			r.OrgID, r.Year).Scan(&n); err != nil {
			return fmt.Errorf("store: appraisal round: %w", err)
		}
		if n > 0 {
			ve := &huoshui.ValidationError{}
			ve.Add("year", "appraisal.round_exists", "Year", r.Year)
			return ve
		}
		r.CreatedBy, r.CreatedAt, r.UpdatedAt = a.UserID, s.now(), s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO appraisal_rounds (org_id, year, self_review_on, mutual_review_on,
			vote_on, note, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			r.OrgID, r.Year, r.SelfReviewOn, r.MutualReviewOn, r.VoteOn, r.Note, nullInt(a.UserID), r.CreatedAt,
			r.UpdatedAt).Scan(&r.ID); err != nil {
			return fmt.Errorf("store: create appraisal round: %w", err)
		}
		r.OrgName, r.OrgPath = o.Name, o.Path
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "appraisal_round", r.ID, o.ID, nil, r)
	})
}

// FindAppraisalRoundByID returns one round when scope covers its branch;
// any other id answers huoshui.ErrNotFound.
func (s *Store) FindAppraisalRoundByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.AppraisalRound, error) {
	w := &where{}
	w.add("ar.id = ?", id)
	w.addScope(scope, "o.path", "")
	r, err := scanRound(s.r.QueryRowContext(ctx, "SELECT "+roundColumns+roundFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find appraisal round %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find appraisal round %d: %w", id, err)
	}
	return r, nil
}

// FindAppraisalRounds lists a branch's rounds that scope covers, the
// latest year first. An empty scope lists nothing.
func (s *Store) FindAppraisalRounds(ctx context.Context, scope huoshui.Scope, orgID int64) ([]*huoshui.AppraisalRound, error) {
	w := &where{}
	w.add("ar.org_id = ?", orgID)
	w.addScope(scope, "o.path", "")
	rows, err := s.r.QueryContext(ctx, "SELECT "+roundColumns+roundFrom+w.String()+" ORDER BY ar.year DESC", w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: find appraisal rounds: %w", err)
	}
	defer rows.Close()
	var out []*huoshui.AppraisalRound
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

const appraisalColumns = `ap.id, ap.org_id, ap.member_id, ap.year, ap.grade, ap.note, COALESCE(ap.recorded_by, 0),
	ap.recorded_at, m.name`

func scanAppraisal(row interface{ Scan(...any) error }) (*huoshui.Appraisal, error) {
	var a huoshui.Appraisal
	if err := row.Scan(&a.ID, &a.OrgID, &a.MemberID, &a.Year, &a.Grade, &a.Note, &a.RecordedBy, &a.RecordedAt,
		&a.MemberName); err != nil {
		return nil, err
	}
	a.RecordedAt = a.RecordedAt.UTC()
	return &a, nil
}

func (s *Store) findAppraisals(ctx context.Context, q querier, cond string, arg int64) ([]*huoshui.Appraisal, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+appraisalColumns+` FROM appraisals ap JOIN members m ON m.id = ap.member_id
		WHERE `+cond+" ORDER BY ap.year DESC, m.name_key, ap.id", arg)
	if err != nil {
		return nil, fmt.Errorf("store: find appraisals: %w", err)
	}
	defer rows.Close()
	var out []*huoshui.Appraisal
	for rows.Next() {
		a, err := scanAppraisal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// FindRoundAppraisals lists the grades of a round, by name. The caller
// has read the round through the reader's scope.
func (s *Store) FindRoundAppraisals(ctx context.Context, roundID int64) ([]*huoshui.Appraisal, error) {
	return s.findAppraisals(ctx, s.r, "ap.round_id = $1", roundID)
}

// FindMemberAppraisals lists a member's own results, the latest year
// first. The caller has read the member through the reader's scope.
func (s *Store) FindMemberAppraisals(ctx context.Context, memberID int64) ([]*huoshui.Appraisal, error) {
	return s.findAppraisals(ctx, s.r, "ap.member_id = $1", memberID)
}

// ExcellentCap is the rule on 优秀 the web passes to GradeAppraisal
// (rules.CheckExcellentCap): nExcellent of nMembers may or may not be.
type ExcellentCap func(nExcellent, nMembers int) error

// GradeAppraisal enters or changes one member's grade in a round. The
// member is a current full or probationary member of the round's branch;
// 优秀 passes only when capOK allows the branch's 优秀 with it among its
// 党员, counted with the round locked.
func (s *Store) GradeAppraisal(ctx context.Context, a huoshui.Actor, roundID int64, ap *huoshui.Appraisal, capOK ExcellentCap) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		r, err := scanRound(tx.QueryRowContext(ctx, "SELECT "+roundColumns+roundFrom+" WHERE ar.id = $1"+s.d.forUpdate("ar"), roundID))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: find appraisal round %d: %w", roundID, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: lock appraisal round %d: %w", roundID, err)
		}
		ap.OrgID, ap.Year = r.OrgID, r.Year
		ve := &huoshui.ValidationError{}
		ve.Merge(ap.Validate())
		if ap.Grade == huoshui.GradeUnqualified && ap.Note == "" {
			ve.Add("note", "appraisal.note_required")
		}
		var status huoshui.MemberStatus
		err = tx.QueryRowContext(ctx, `SELECT status, name FROM members WHERE id = $1 AND org_id = $2 AND archived_at IS NULL`,
			ap.MemberID, r.OrgID).Scan(&status, &ap.MemberName)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("store: grade member %d in round %d: %w", ap.MemberID, roundID, huoshui.ErrNotFound)
		case err != nil:
			return fmt.Errorf("store: grade: %w", err)
		case status != huoshui.StatusFull && status != huoshui.StatusProbationary:
			ve.Add("member_id", "appraisal.not_party_member")
		}
		if err := ve.Err(); err != nil {
			return err
		}
		before, err := scanAppraisal(tx.QueryRowContext(ctx, "SELECT "+appraisalColumns+
			` FROM appraisals ap JOIN members m ON m.id = ap.member_id WHERE ap.round_id = $1 AND ap.member_id = $2`,
			roundID, ap.MemberID))
		if errors.Is(err, sql.ErrNoRows) {
			before = nil
		} else if err != nil {
			return fmt.Errorf("store: grade: %w", err)
		}
		if ap.Grade == huoshui.GradeExcellent {
			var others, members int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM appraisals WHERE round_id = $1 AND grade = $2
				AND member_id <> $3`, roundID, huoshui.GradeExcellent, ap.MemberID).Scan(&others); err != nil {
				return fmt.Errorf("store: grade: count: %w", err)
			}
			if err := tx.QueryRowContext(ctx, `SELECT party_count FROM orgs WHERE id = $1`, r.OrgID).Scan(&members); err != nil {
				return fmt.Errorf("store: grade: members: %w", err)
			}
			if err := capOK(others+1, members); err != nil {
				return err
			}
		}
		ap.RecordedBy, ap.RecordedAt = a.UserID, s.now()
		if before == nil {
			if err := tx.QueryRowContext(ctx, `INSERT INTO appraisals (round_id, org_id, member_id, year, grade, note,
				recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
				roundID, r.OrgID, ap.MemberID, r.Year, ap.Grade, ap.Note, nullInt(a.UserID), ap.RecordedAt).Scan(&ap.ID); err != nil {
				return fmt.Errorf("store: grade: %w", err)
			}
			return s.audit(ctx, tx, a, huoshui.AuditCreate, "appraisal", ap.ID, r.OrgID, nil, ap)
		}
		ap.ID = before.ID
		if _, err := tx.ExecContext(ctx, `UPDATE appraisals SET grade = $1, note = $2, recorded_by = $3, recorded_at = $4
			WHERE id = $5`, ap.Grade, ap.Note, nullInt(a.UserID), ap.RecordedAt, ap.ID); err != nil {
			return fmt.Errorf("store: grade: %w", err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "appraisal", ap.ID, r.OrgID, before, ap)
	})
}
