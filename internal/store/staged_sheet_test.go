package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// Every kind of sheet is staged in one table, and a sheet is only ever
// what it was staged as: a roster's id finds, discards and imports no
// question sheet, nor the other way round. Stale sheets of every kind go
// in one sweep.
func TestStagedSheetKindsStayApart(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		u := makeUploader(t, s, tr.branchA)
		up := huoshui.Actor{UserID: u.ID, Username: u.Username}
		start := time.Now()
		s.SetClock(func() time.Time { return start.Add(-2 * huoshui.StagedSheetTTL) })
		roster := &huoshui.ImportBatch{UserID: u.ID, OrgID: tr.branchA.ID, FileName: "花名册.xlsx",
			Rows: []huoshui.ImportRow{{Line: 2, Member: *fullMember(0, "王晓梅", "")}}}
		if err := s.CreateImportBatch(ctx, roster); err != nil {
			t.Fatal(err)
		}
		q := newQuestion(tr.branchA, "党课一般多久一次？", "B")
		sheet := &huoshui.QuestionBatch{UserID: u.ID, OrgID: tr.branchA.ID, FileName: "题库.xlsx",
			Rows: []huoshui.QuestionRow{{Line: 2, Question: *q}}}
		if err := s.CreateQuestionBatch(ctx, sheet); err != nil {
			t.Fatal(err)
		}
		s.SetClock(func() time.Time { return start })
		if roster.ID == sheet.ID {
			t.Fatalf("two staged sheets share id %d", roster.ID)
		}

		if _, err := s.FindQuestionBatchByID(ctx, u.ID, roster.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("a roster reads as a question sheet: %v", err)
		}
		if _, err := s.FindImportBatchByID(ctx, u.ID, sheet.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("a question sheet reads as a roster: %v", err)
		}
		if err := s.DeleteQuestionBatch(ctx, u.ID, roster.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteImportBatch(ctx, u.ID, sheet.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateImportedQuestions(ctx, up, roster.ID, []*huoshui.Question{q}); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("a roster imported as questions: %v, want not found", err)
		}
		if err := s.CreateImportedMembers(ctx, up, sheet.ID, []*huoshui.Member{fullMember(tr.branchA.ID, "王晓梅", "")}); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("a question sheet imported as members: %v, want not found", err)
		}
		if _, err := s.FindImportBatchByID(ctx, u.ID, roster.ID); err != nil {
			t.Errorf("the roster is gone after the question import's steps: %v", err)
		}
		if _, err := s.FindQuestionBatchByID(ctx, u.ID, sheet.ID); err != nil {
			t.Errorf("the question sheet is gone after the roster import's steps: %v", err)
		}

		fresh := &huoshui.QuestionBatch{UserID: u.ID, OrgID: tr.branchA.ID, Rows: []huoshui.QuestionRow{}}
		if err := s.CreateQuestionBatch(ctx, fresh); err != nil {
			t.Fatal(err)
		}
		n, err := s.DeleteStaleStagedSheets(ctx, start.Add(-huoshui.StagedSheetTTL))
		if err != nil || n != 2 {
			t.Fatalf("the sweep dropped %d sheets (%v), want the stale roster and question sheet", n, err)
		}
		if _, err := s.FindQuestionBatchByID(ctx, u.ID, fresh.ID); err != nil {
			t.Errorf("the sweep took a fresh sheet: %v", err)
		}
	})
}
