package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/huoshui/huoshui"
)

// stagedQuestionRow is how a staged question row is kept in
// import_batches.rows_json (staged_sheet.go).
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

func stageQuestionRow(r huoshui.QuestionRow) stagedQuestionRow {
	q := r.Question
	return stagedQuestionRow{Line: r.Line, Kind: q.Kind, Stem: q.Stem, Options: q.Options, Answer: q.Answer,
		Explanation: q.Explanation, Tags: q.Tags, Problems: stageProblems(r.Problems)}
}

func readQuestionRow(r stagedQuestionRow) huoshui.QuestionRow {
	return huoshui.QuestionRow{Line: r.Line, Problems: readProblems(r.Problems), Question: huoshui.Question{Kind: r.Kind,
		Stem: r.Stem, Options: r.Options, Answer: r.Answer, Explanation: r.Explanation, Tags: r.Tags}}
}

// CreateQuestionBatch stages a read question sheet and sets b's ID and
// CreatedAt (staged_sheet.go).
func (s *Store) CreateQuestionBatch(ctx context.Context, b *huoshui.QuestionBatch) error {
	return createStaged(ctx, s, sheetQuestions, b, stageQuestionRow)
}

// FindQuestionBatchByID returns a staged sheet with its rows, each
// question of the batch's org. A batch is its uploader's: for any other
// account (uploaderID) it is ErrNotFound.
func (s *Store) FindQuestionBatchByID(ctx context.Context, uploaderID, id int64) (*huoshui.QuestionBatch, error) {
	b, err := findStaged(ctx, s, sheetQuestions, uploaderID, id, readQuestionRow)
	if err != nil {
		return nil, err
	}
	for i := range b.Rows {
		b.Rows[i].Question.OrgID = b.OrgID
	}
	return b, nil
}

// DeleteQuestionBatch drops a staged sheet its uploader discarded; one
// already gone, or another account's, is left and is not an error.
func (s *Store) DeleteQuestionBatch(ctx context.Context, uploaderID, id int64) error {
	return s.deleteStaged(ctx, sheetQuestions, uploaderID, id)
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
		orgID, fileName, err := takeStaged(ctx, tx, sheetQuestions, a.UserID, batchID)
		if err != nil {
			return err
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
