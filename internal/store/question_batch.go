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

// stagedQuestionRow is how a staged row is kept in
// question_batches.rows_json: the store's own shape.
type stagedQuestionRow struct {
	Line        int                  `json:"line"`
	Kind        huoshui.QuestionKind `json:"kind,omitempty"`
	Stem        string               `json:"stem,omitempty"`
	Options     []string             `json:"options,omitempty"`
	Answer      string               `json:"answer,omitempty"`
	Explanation string               `json:"explanation,omitempty"`
	Tags        []string             `json:"tags,omitempty"`
	Problems    []stagedProblem      `json:"problems,omitempty"`
}

// CreateQuestionBatch stages a read question sheet and sets b's ID and
// CreatedAt. Staging changes no record, so it writes no audit entry; the
// import itself does (CreateImportedQuestions).
func (s *Store) CreateQuestionBatch(ctx context.Context, b *huoshui.QuestionBatch) error {
	rows := make([]stagedQuestionRow, len(b.Rows))
	for i, r := range b.Rows {
		q := r.Question
		rows[i] = stagedQuestionRow{Line: r.Line, Kind: q.Kind, Stem: q.Stem, Options: q.Options, Answer: q.Answer,
			Explanation: q.Explanation, Tags: q.Tags}
		for _, p := range r.Problems {
			rows[i].Problems = append(rows[i].Problems, stagedProblem(p))
		}
	}
	data, err := json.Marshal(rows)
	if err != nil {
		return fmt.Errorf("store: create question batch: %w", err)
	}
	b.CreatedAt = s.now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO question_batches (user_id, org_id, file_name, rows_json, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, b.UserID, b.OrgID, b.FileName, string(data), b.CreatedAt).Scan(&b.ID)
	})
	if err != nil {
		return fmt.Errorf("store: create question batch: %w", err)
	}
	return nil
}

// FindQuestionBatchByID returns a staged sheet with its rows. A batch is
// its uploader's: for any other account (uploaderID) it is ErrNotFound.
func (s *Store) FindQuestionBatchByID(ctx context.Context, uploaderID, id int64) (*huoshui.QuestionBatch, error) {
	var b huoshui.QuestionBatch
	var data string
	err := s.r.QueryRowContext(ctx, `SELECT id, user_id, org_id, file_name, rows_json, created_at
		FROM question_batches WHERE id = $1 AND user_id = $2`, id, uploaderID).Scan(&b.ID, &b.UserID, &b.OrgID, &b.FileName, &data, &b.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find question batch %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find question batch %d: %w", id, err)
	}
	var rows []stagedQuestionRow
	if err := json.Unmarshal([]byte(data), &rows); err != nil {
		return nil, fmt.Errorf("store: find question batch %d: %w", id, err)
	}
	for _, r := range rows {
		row := huoshui.QuestionRow{Line: r.Line, Question: huoshui.Question{OrgID: b.OrgID, Kind: r.Kind, Stem: r.Stem,
			Options: r.Options, Answer: r.Answer, Explanation: r.Explanation, Tags: r.Tags}}
		for _, p := range r.Problems {
			for k, v := range p.Args {
				if f, ok := v.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
					p.Args[k] = int(f)
				}
			}
			row.Problems = append(row.Problems, huoshui.FieldError(p))
		}
		b.Rows = append(b.Rows, row)
	}
	return &b, nil
}

// DeleteQuestionBatch drops a staged sheet its uploader discarded; one
// already gone, or another account's, is left and is not an error.
func (s *Store) DeleteQuestionBatch(ctx context.Context, uploaderID, id int64) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM question_batches WHERE id = $1 AND user_id = $2", id, uploaderID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: delete question batch %d: %w", id, err)
	}
	return nil
}

// DeleteStaleQuestionBatches drops sheets staged before the given time.
func (s *Store) DeleteStaleQuestionBatches(ctx context.Context, before time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM question_batches WHERE created_at < $1", before.UTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("store: delete stale question batches: %w", err)
	}
	return nil
}

// CreateImportedQuestions adds the questions of a staged sheet to its
// org's bank in one transaction, with an "import" audit entry beside each
// question's own, and drops the batch: every question goes in, or none
// does and the batch stays. A validation error names the failing row
// (FieldError.Row, counting qs from 1). A batch already imported or
// discarded, or another account's, is ErrNotFound.
func (s *Store) CreateImportedQuestions(ctx context.Context, a huoshui.Actor, batchID int64, qs []*huoshui.Question) error {
	for i, q := range qs {
		if err := q.Validate(); err != nil {
			return huoshui.InRow(i+1, err)
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var orgID int64
		var fileName string
		err := tx.QueryRowContext(ctx, "DELETE FROM question_batches WHERE id = $1 AND user_id = $2 RETURNING org_id, file_name",
			batchID, a.UserID).Scan(&orgID, &fileName)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: question batch %d: %w", batchID, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: question batch %d: %w", batchID, err)
		}
		org, err := findOrg(ctx, tx, orgID)
		if err != nil {
			return err
		}
		ids := make([]int64, 0, len(qs))
		for i, q := range qs {
			if q.OrgID != orgID {
				return huoshui.InRow(i+1, fmt.Errorf("store: question batch %d: question for org %d, batch for %d: %w",
					batchID, q.OrgID, orgID, huoshui.ErrConflict))
			}
			if err := s.insertQuestion(ctx, tx, a, q, org); err != nil {
				return huoshui.InRow(i+1, err)
			}
			if err := s.audit(ctx, tx, a, huoshui.AuditCreate, "question", q.ID, q.OrgID, nil, auditQuestion(q)); err != nil {
				return err
			}
			ids = append(ids, q.ID)
		}
		return s.audit(ctx, tx, a, huoshui.AuditImport, "question_batch", batchID, orgID, nil,
			map[string]any{"file_name": fileName, "org_id": orgID, "count": len(qs), "question_ids": ids})
	})
}
