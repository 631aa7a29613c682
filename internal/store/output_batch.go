package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/huoshui/huoshui"
)

// Output sheets are staged like every import (staged_sheet.go), one kind
// of sheet per kind of output: a publications sheet's id finds nothing in
// the awards' import.

// outputSheetKind is the staged kind of a sheet of outputs of kind k.
func outputSheetKind(k huoshui.OutputKind) sheetKind { return sheetKind("outputs." + string(k)) }

// stagedOutputRow is how a staged output row is kept in
// import_batches.rows_json.
type stagedOutputRow struct {
	Line       int                      `json:"line"`
	Kind       huoshui.OutputKind       `json:"kind"`
	Title      string                   `json:"title,omitempty"`
	Date       huoshui.Date             `json:"date,omitzero"`
	Level      huoshui.OutputLevel      `json:"level,omitempty"`
	Outlet     string                   `json:"outlet,omitempty"`
	Link       string                   `json:"link,omitempty"`
	Issuer     string                   `json:"issuer,omitempty"`
	DocKind    huoshui.DocumentKind     `json:"doc_kind,omitempty"`
	Characters int                      `json:"characters,omitempty"`
	Problem    string                   `json:"problem,omitempty"`
	Change     string                   `json:"change,omitempty"`
	Before     string                   `json:"before,omitempty"`
	After      string                   `json:"after,omitempty"`
	Status     huoshui.InnovationStatus `json:"status,omitempty"`
	Owners     []string                 `json:"owners,omitempty"`
	Problems   []stagedProblem          `json:"problems,omitempty"`
}

func stageOutputRow(r huoshui.OutputRow) stagedOutputRow {
	x := r.Output
	return stagedOutputRow{Line: r.Line, Kind: x.Kind, Title: x.Title, Date: x.Date, Level: x.Level, Outlet: x.Outlet,
		Link: x.Link, Issuer: x.Issuer, DocKind: x.DocKind, Characters: x.Characters, Problem: x.Problem,
		Change: x.Change, Before: x.Before, After: x.After, Status: x.Status, Owners: r.OwnerNames,
		Problems: stageProblems(r.Problems)}
}

func readOutputRow(r stagedOutputRow) huoshui.OutputRow {
	return huoshui.OutputRow{Line: r.Line, OwnerNames: r.Owners, Problems: readProblems(r.Problems),
		Output: huoshui.Output{Kind: r.Kind, Title: r.Title, Date: r.Date, Level: r.Level, Outlet: r.Outlet,
			Link: r.Link, Issuer: r.Issuer, DocKind: r.DocKind, Characters: r.Characters, CharSource: huoshui.CharsEntered,
			Problem: r.Problem, Change: r.Change, Before: r.Before, After: r.After, Status: r.Status}}
}

// CreateOutputBatch stages a read sheet of outputs of kind k and sets b's
// ID and CreatedAt.
func (s *Store) CreateOutputBatch(ctx context.Context, k huoshui.OutputKind, b *huoshui.OutputBatch) error {
	return createStaged(ctx, s, outputSheetKind(k), b, stageOutputRow)
}

// FindOutputBatchByID returns a staged sheet of outputs of kind k with its
// rows, each an output of the batch's org. A batch is its uploader's: for
// any other account (uploaderID), as for another kind, it is ErrNotFound.
func (s *Store) FindOutputBatchByID(ctx context.Context, k huoshui.OutputKind, uploaderID, id int64) (*huoshui.OutputBatch, error) {
	b, err := findStaged(ctx, s, outputSheetKind(k), uploaderID, id, readOutputRow)
	if err != nil {
		return nil, err
	}
	for i := range b.Rows {
		b.Rows[i].Output.OrgID = b.OrgID
	}
	return b, nil
}

// DeleteOutputBatch drops a staged sheet its uploader discarded; one
// already gone, or another account's, is left and is not an error.
func (s *Store) DeleteOutputBatch(ctx context.Context, k huoshui.OutputKind, uploaderID, id int64) error {
	return s.deleteStaged(ctx, outputSheetKind(k), uploaderID, id)
}

// CreateImportedOutputs adds the outputs of a staged sheet of kind k to
// its org in one transaction, each with its audit entry, with an "import"
// entry for the sheet, the summary moved once, and drops the batch: every
// output goes in, or none does and the batch stays. A validation error
// names the failing row (FieldError.Row, counting xs from 1). A batch
// already imported or discarded, or another account's, is ErrNotFound.
func (s *Store) CreateImportedOutputs(ctx context.Context, a huoshui.Actor, k huoshui.OutputKind, batchID int64, xs []*huoshui.Output) error {
	today := s.today()
	for i, x := range xs {
		if err := x.Validate(today); err != nil {
			return huoshui.InRow(i+1, err)
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		orgID, fileName, err := takeStaged(ctx, tx, outputSheetKind(k), a.UserID, batchID)
		if err != nil {
			return err
		}
		for i, x := range xs {
			if x.OrgID != orgID || x.Kind != k {
				return huoshui.InRow(i+1, fmt.Errorf("store: output batch %d: %s for org %d, batch of %s for %d: %w",
					batchID, x.Kind, x.OrgID, k, orgID, huoshui.ErrConflict))
			}
		}
		ids, err := s.insertOutputs(ctx, tx, a, xs)
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditImport, "output_batch", batchID, orgID, nil,
			map[string]any{"file_name": fileName, "org_id": orgID, "kind": k, "count": len(xs), "output_ids": ids})
	})
}
