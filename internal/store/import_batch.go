package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/huoshui/huoshui"
)

// stagedRow is how a staged roster row is kept in import_batches.rows_json
// (staged_sheet.go).
type stagedRow struct {
	Line      int             `json:"line"`
	Member    stagedMember    `json:"member"`
	GroupName string          `json:"group,omitempty"`
	Problems  []stagedProblem `json:"problems,omitempty"`
	Hidden    bool            `json:"hidden,omitempty"` // hidden in the sheet
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

func stageRosterRow(r huoshui.ImportRow) stagedRow {
	m := r.Member
	return stagedRow{Line: r.Line, GroupName: r.GroupName, Problems: stageProblems(r.Problems), Hidden: r.Hidden, Member: stagedMember{
		Name: m.Name, Gender: m.Gender, Ethnicity: m.Ethnicity, BirthDate: m.BirthDate,
		Education: m.Education, IDNumber: m.IDNumber, Phone: m.Phone, Workplace: m.Workplace,
		Post: m.Post, Status: m.Status, AppliedOn: m.AppliedOn, ActivistOn: m.ActivistOn,
		CandidateOn: m.CandidateOn, ProbationOn: m.ProbationOn, FullOn: m.FullOn,
		CommitteePost: m.CommitteePost,
	}}
}

func readRosterRow(r stagedRow) huoshui.ImportRow {
	m := r.Member
	return huoshui.ImportRow{Line: r.Line, GroupName: r.GroupName, Problems: readProblems(r.Problems), Hidden: r.Hidden, Member: huoshui.Member{
		Name: m.Name, Gender: m.Gender, Ethnicity: m.Ethnicity, BirthDate: m.BirthDate,
		Education: m.Education, IDNumber: m.IDNumber, Phone: m.Phone, Workplace: m.Workplace,
		Post: m.Post, Status: m.Status, AppliedOn: m.AppliedOn, ActivistOn: m.ActivistOn,
		CandidateOn: m.CandidateOn, ProbationOn: m.ProbationOn, FullOn: m.FullOn,
		CommitteePost: m.CommitteePost,
	}}
}

// CreateImportBatch stages a read roster file and sets b's ID and
// CreatedAt (staged_sheet.go).
func (s *Store) CreateImportBatch(ctx context.Context, b *huoshui.ImportBatch) error {
	return createStaged(ctx, s, sheetMembers, b, stageRosterRow)
}

// FindImportBatchByID returns a staged roster with its rows. A batch is
// its uploader's: for any other account (uploaderID) it is ErrNotFound.
func (s *Store) FindImportBatchByID(ctx context.Context, uploaderID, id int64) (*huoshui.ImportBatch, error) {
	return findStaged(ctx, s, sheetMembers, uploaderID, id, readRosterRow)
}

// DeleteImportBatch drops a staged roster its uploader (uploaderID)
// discarded. A batch already gone, or another account's, is left as it is
// and is not an error.
func (s *Store) DeleteImportBatch(ctx context.Context, uploaderID, id int64) error {
	return s.deleteStaged(ctx, sheetMembers, uploaderID, id)
}

// CreateImportedMembers adds the members of a staged batch to its branch
// (ImportRoster with new people only).
func (s *Store) CreateImportedMembers(ctx context.Context, a huoshui.Actor, batchID int64, ms []*huoshui.Member) error {
	ws := make([]huoshui.RosterWrite, len(ms))
	for i, m := range ms {
		ws[i] = huoshui.RosterWrite{Row: i + 1, New: m}
	}
	_, _, err := s.ImportRoster(ctx, a, batchID, ws)
	return err
}

// ImportRoster writes a confirmed roster in one transaction: it adds the
// new people to the batch's branch and updates the members of that
// branch the rows change (each write audited as the member's own, as
// CreateMember and UpdateMember do), with one "import" audit entry for the
// batch, and drops the batch; every row goes in, or, when any fails, none
// does and the batch stays. It returns how many people it added and how
// many it updated. A validation error names the failing row as
// FieldError.Row (RosterWrite.Row). A batch already imported or discarded,
// or another account's than a's, is ErrNotFound, so a second click imports
// nothing twice and nobody imports someone else's file.
func (s *Store) ImportRoster(ctx context.Context, a huoshui.Actor, batchID int64, ws []huoshui.RosterWrite) (added, updated int, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		added, updated = 0, 0
		orgID, fileName, err := takeStaged(ctx, tx, sheetMembers, a.UserID, batchID)
		if err != nil {
			return err
		}
		branch, err := findOrg(ctx, tx, orgID)
		if err != nil {
			return err
		}
		created := make([]int64, 0, len(ws))
		changed := []int64{}
		for _, w := range ws {
			if w.New == nil {
				if _, err := s.updateMember(ctx, tx, a, w.MemberID, orgID, w.Update); err != nil {
					return rowError(w.Row, err)
				}
				changed = append(changed, w.MemberID)
				continue
			}
			m := w.New
			if m.OrgID != orgID {
				return rowError(w.Row, fmt.Errorf("store: import batch %d: member for org %d, batch for %d: %w",
					batchID, m.OrgID, orgID, huoshui.ErrConflict))
			}
			if err := s.insertMember(ctx, tx, a, m); err != nil {
				return rowError(w.Row, err)
			}
			created = append(created, m.ID)
		}
		added, updated = len(created), len(changed)
		return s.audit(ctx, tx, a, huoshui.AuditImport, "import_batch", batchID, branch.ID, nil,
			map[string]any{"file_name": fileName, "org_id": orgID, "count": len(created), "member_ids": created,
				"updated": len(changed), "updated_ids": changed})
	})
	return added, updated, err
}
