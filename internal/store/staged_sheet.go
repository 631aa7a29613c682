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

// Every kind of import stages its sheets in import_batches, the rows as
// JSON in a shape of the store's own (so the domain types keep their JSON
// for the API), and the batch's kind beside them: a batch is found,
// discarded and imported only as the kind it was staged as, so a roster's
// id in a question import's address finds nothing. Staging changes no
// record, so it writes no audit entry; the import does (CreateImportedMembers,
// CreateImportedQuestions). Each kind has thin typed functions over these
// (import_batch.go, question_batch.go).

// sheetKind says what the rows of a staged batch are.
type sheetKind string

const (
	sheetMembers   sheetKind = "members"   // roster rows: huoshui.ImportRow
	sheetQuestions sheetKind = "questions" // question rows: huoshui.QuestionRow
)

// createStaged stages a read sheet of kind, each row kept as encode makes
// it, and sets b's ID and CreatedAt.
func createStaged[R huoshui.SheetRow, J any](ctx context.Context, s *Store, kind sheetKind, b *huoshui.StagedSheet[R], encode func(R) J) error {
	rows := make([]J, len(b.Rows))
	for i, r := range b.Rows {
		rows[i] = encode(r)
	}
	data, err := json.Marshal(rows)
	if err != nil {
		return fmt.Errorf("store: stage %s: %w", kind, err)
	}
	b.CreatedAt = s.now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO import_batches (kind, user_id, org_id, file_name, rows_json, created_at, file_data)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, kind, b.UserID, b.OrgID, b.FileName, string(data), b.CreatedAt, b.File).Scan(&b.ID)
	})
	if err != nil {
		return fmt.Errorf("store: stage %s: %w", kind, err)
	}
	return nil
}

// findStaged returns a staged sheet of kind with its rows, each read back
// by decode. A sheet is its uploader's: for any other account
// (uploaderID), as for another kind, it is ErrNotFound.
func findStaged[R huoshui.SheetRow, J any](ctx context.Context, s *Store, kind sheetKind, uploaderID, id int64, decode func(J) R) (*huoshui.StagedSheet[R], error) {
	var b huoshui.StagedSheet[R]
	var data string
	err := s.r.QueryRowContext(ctx, `SELECT id, user_id, org_id, file_name, rows_json, created_at
		FROM import_batches WHERE id = $1 AND user_id = $2 AND kind = $3`, id, uploaderID, kind).Scan(&b.ID, &b.UserID, &b.OrgID, &b.FileName, &data, &b.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find staged %s %d: %w", kind, id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find staged %s %d: %w", kind, id, err)
	}
	var rows []J
	if err := json.Unmarshal([]byte(data), &rows); err != nil {
		return nil, fmt.Errorf("store: find staged %s %d: %w", kind, id, err)
	}
	b.Rows = make([]R, len(rows))
	for i, r := range rows {
		b.Rows[i] = decode(r)
	}
	return &b, nil
}

// StagedSheetFile returns the file a staged sheet was read from, as it
// was uploaded (nil for a sheet staged before files were kept). A sheet is
// its uploader's: for any other account (uploaderID) it is ErrNotFound.
func (s *Store) StagedSheetFile(ctx context.Context, uploaderID, id int64) ([]byte, error) {
	var data []byte
	err := s.r.QueryRowContext(ctx, `SELECT file_data FROM import_batches WHERE id = $1 AND user_id = $2`,
		id, uploaderID).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: staged file %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: staged file %d: %w", id, err)
	}
	return data, nil
}

// deleteStaged drops a staged sheet of kind its uploader (uploaderID)
// discarded. One already gone, or another account's, is left as it is
// and is not an error.
func (s *Store) deleteStaged(ctx context.Context, kind sheetKind, uploaderID, id int64) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM import_batches WHERE id = $1 AND user_id = $2 AND kind = $3", id, uploaderID, kind)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: delete staged %s %d: %w", kind, id, err)
	}
	return nil
}

// DeleteStaleStagedSheets drops the sheets of every kind staged before the
// given time and returns how many.
func (s *Store) DeleteStaleStagedSheets(ctx context.Context, before time.Time) (int64, error) {
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
		return 0, fmt.Errorf("store: delete stale staged sheets: %w", err)
	}
	return n, nil
}

// takeStaged drops, in tx, the staged sheet of kind that its uploader
// confirmed, and returns its org and file name, so the rows it stands for
// are written once: a sheet already imported or discarded, another
// account's or another kind's is ErrNotFound.
func takeStaged(ctx context.Context, tx *sql.Tx, kind sheetKind, uploaderID, id int64) (orgID int64, fileName string, err error) {
	err = tx.QueryRowContext(ctx, "DELETE FROM import_batches WHERE id = $1 AND user_id = $2 AND kind = $3 RETURNING org_id, file_name",
		id, uploaderID, kind).Scan(&orgID, &fileName)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", fmt.Errorf("store: staged %s %d: %w", kind, id, huoshui.ErrNotFound)
	}
	if err != nil {
		return 0, "", fmt.Errorf("store: staged %s %d: %w", kind, id, err)
	}
	return orgID, fileName, nil
}

// stagedProblem is how a row's problem is kept in a staged sheet.
type stagedProblem struct {
	Field string         `json:"field"`
	Code  string         `json:"code"`
	Args  map[string]any `json:"args,omitempty"`
	Row   int            `json:"row,omitempty"`
}

func stageProblems(fes []huoshui.FieldError) []stagedProblem {
	var out []stagedProblem
	for _, fe := range fes {
		out = append(out, stagedProblem(fe))
	}
	return out
}

func readProblems(ps []stagedProblem) []huoshui.FieldError {
	var out []huoshui.FieldError
	for _, p := range ps {
		// JSON gives every number back as float64; whole numbers were ints.
		for k, v := range p.Args {
			if f, ok := v.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
				p.Args[k] = int(f)
			}
		}
		out = append(out, huoshui.FieldError(p))
	}
	return out
}
