package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/huoshui/huoshui"
)

// stagedRow is how a staged row is kept in import_batches.rows_json. It is
// the store's own shape, so the domain types keep their JSON for the API.
type stagedRow struct {
	Line      int             `json:"line"`
	Member    stagedMember    `json:"member"`
	GroupName string          `json:"group,omitempty"`
	Problems  []stagedProblem `json:"problems,omitempty"`
}

// stagedMember holds the fields a roster row can set.
type stagedMember struct {
	Name          string                `json:"name,omitempty"`
	Gender        huoshui.Gender        `json:"gender,omitempty"`
	Ethnicity     string                `json:"ethnicity,omitempty"`
	BirthDate     huoshui.Date          `json:"birth_date,omitzero"`
	Education     string                `json:"education,omitempty"`
	IDNumber      string                `json:"id_number,omitempty"`
	Phone         string                `json:"phone,omitempty"`
	Workplace     string                `json:"workplace,omitempty"`
	Post          string                `json:"post,omitempty"`
	Status        huoshui.MemberStatus  `json:"status,omitempty"`
	AppliedOn     huoshui.Date          `json:"applied_on,omitzero"`
	ActivistOn    huoshui.Date          `json:"activist_on,omitzero"`
	CandidateOn   huoshui.Date          `json:"candidate_on,omitzero"`
	ProbationOn   huoshui.Date          `json:"probation_on,omitzero"`
	FullOn        huoshui.Date          `json:"full_on,omitzero"`
	CommitteePost huoshui.CommitteePost `json:"committee_post,omitempty"`
}

type stagedProblem struct {
	Field string         `json:"field"`
	Code  string         `json:"code"`
	Args  map[string]any `json:"args,omitempty"`
	Row   int            `json:"row,omitempty"`
}

func encodeRows(rows []huoshui.ImportRow) (string, error) {
	out := make([]stagedRow, len(rows))
	for i, r := range rows {
		m := r.Member
		out[i] = stagedRow{Line: r.Line, GroupName: r.GroupName, Member: stagedMember{
			Name: m.Name, Gender: m.Gender, Ethnicity: m.Ethnicity, BirthDate: m.BirthDate,
			Education: m.Education, IDNumber: m.IDNumber, Phone: m.Phone, Workplace: m.Workplace,
			Post: m.Post, Status: m.Status, AppliedOn: m.AppliedOn, ActivistOn: m.ActivistOn,
			CandidateOn: m.CandidateOn, ProbationOn: m.ProbationOn, FullOn: m.FullOn,
			CommitteePost: m.CommitteePost,
		}}
		for _, p := range r.Problems {
			out[i].Problems = append(out[i].Problems, stagedProblem(p))
		}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

func decodeRows(s string) ([]huoshui.ImportRow, error) {
	var in []stagedRow
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, err
	}
	out := make([]huoshui.ImportRow, len(in))
	for i, r := range in {
		m := r.Member
		out[i] = huoshui.ImportRow{Line: r.Line, GroupName: r.GroupName, Member: huoshui.Member{
			Name: m.Name, Gender: m.Gender, Ethnicity: m.Ethnicity, BirthDate: m.BirthDate,
			Education: m.Education, IDNumber: m.IDNumber, Phone: m.Phone, Workplace: m.Workplace,
			Post: m.Post, Status: m.Status, AppliedOn: m.AppliedOn, ActivistOn: m.ActivistOn,
			CandidateOn: m.CandidateOn, ProbationOn: m.ProbationOn, FullOn: m.FullOn,
			CommitteePost: m.CommitteePost,
		}}
		for _, p := range r.Problems {
			// JSON gives every number back as float64; whole numbers were ints.
			for k, v := range p.Args {
				if f, ok := v.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
					p.Args[k] = int(f)
				}
			}
			out[i].Problems = append(out[i].Problems, huoshui.FieldError(p))
		}
	}
	return out, nil
}

// CreateImportBatch stages a read roster file and sets b's ID and
// CreatedAt. Staging changes no record, so it writes no audit entry; the
// import itself does (CreateImportedMembers).
func (s *Store) CreateImportBatch(ctx context.Context, b *huoshui.ImportBatch) error {
	rows, err := encodeRows(b.Rows)
	if err != nil {
		return fmt.Errorf("store: create import batch: %w", err)
	}
	b.CreatedAt = s.now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO import_batches (user_id, org_id, file_name, rows_json, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, b.UserID, b.OrgID, b.FileName, rows, b.CreatedAt).Scan(&b.ID)
	})
	if err != nil {
		return fmt.Errorf("store: create import batch: %w", err)
	}
	return nil
}

// FindImportBatchByID returns a staged batch with its rows.
func (s *Store) FindImportBatchByID(ctx context.Context, id int64) (*huoshui.ImportBatch, error) {
	var b huoshui.ImportBatch
	var rows string
	err := s.r.QueryRowContext(ctx, `SELECT id, user_id, org_id, file_name, rows_json, created_at
		FROM import_batches WHERE id = $1`, id).Scan(&b.ID, &b.UserID, &b.OrgID, &b.FileName, &rows, &b.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find import batch %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find import batch %d: %w", id, err)
	}
	if b.Rows, err = decodeRows(rows); err != nil {
		return nil, fmt.Errorf("store: find import batch %d: %w", id, err)
	}
	return &b, nil
}

// DeleteImportBatch drops a staged batch (the uploader discarded it). A
// batch already gone is not an error.
func (s *Store) DeleteImportBatch(ctx context.Context, id int64) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM import_batches WHERE id = $1", id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: delete import batch %d: %w", id, err)
	}
	return nil
}

// DeleteStaleImportBatches drops batches staged before the given time and
// returns how many.
func (s *Store) DeleteStaleImportBatches(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM import_batches WHERE created_at < $1", before.UTC())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: delete stale import batches: %w", err)
	}
	return n, nil
}

// CreateImportedMembers adds the members of a staged batch to its branch
// in one transaction, with one "import" audit entry beside each member's
// own, and drops the batch: every member goes in, or, when any fails, none
// does and the batch stays. A validation error names the failing row as
// FieldError.Row, N counting ms from 1. A batch already imported or
// discarded is ErrNotFound, so a second click imports nothing twice.
func (s *Store) CreateImportedMembers(ctx context.Context, a huoshui.Actor, batchID int64, ms []*huoshui.Member) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var orgID int64
		var fileName string
		err := tx.QueryRowContext(ctx, "DELETE FROM import_batches WHERE id = $1 RETURNING org_id, file_name",
			batchID).Scan(&orgID, &fileName)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: import batch %d: %w", batchID, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: import batch %d: %w", batchID, err)
		}
		branch, err := findOrg(ctx, tx, orgID)
		if err != nil {
			return err
		}
		ids := make([]int64, 0, len(ms))
		for i, m := range ms {
			if m.OrgID != orgID {
				return rowError(i+1, fmt.Errorf("store: import batch %d: member for org %d, batch for %d: %w",
					batchID, m.OrgID, orgID, huoshui.ErrConflict))
			}
			if err := s.insertMember(ctx, tx, a, m); err != nil {
				return rowError(i+1, err)
			}
			ids = append(ids, m.ID)
		}
		return s.audit(ctx, tx, a, huoshui.AuditImport, "import_batch", batchID, branch.ID, nil,
			map[string]any{"file_name": fileName, "org_id": orgID, "count": len(ms), "member_ids": ids})
	})
}
