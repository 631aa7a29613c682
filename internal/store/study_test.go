package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The nearest org that sets a target wins; clearing it brings back the
// one above, and the default of 32 when none is set.
func TestStudyTargetNearestWins(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		want := func(path string, hours int, at int64) {
			t.Helper()
			h, set, err := s.StudyTarget(ctx, path)
			if err != nil || h != hours || set != at {
				t.Errorf("target at %s: %d from %d (%v), want %d from %d", path, h, set, err, hours, at)
			}
		}
		want(tr.groupA.Path, huoshui.DefaultStudyTarget, 0)
		if err := s.SetStudyTarget(ctx, actor, tr.committee.ID, 40); err != nil {
			t.Fatal(err)
		}
		if err := s.SetStudyTarget(ctx, actor, tr.branchA.ID, 48); err != nil {
			t.Fatal(err)
		}
		want(tr.groupA.Path, 48, tr.branchA.ID)
		want(tr.branchB.Path, 40, tr.committee.ID)
		if err := s.SetStudyTarget(ctx, actor, tr.branchA.ID, 0); err != nil {
			t.Fatal(err)
		}
		want(tr.groupA.Path, 40, tr.committee.ID)
		var ve *huoshui.ValidationError
		if err := s.SetStudyTarget(ctx, actor, tr.branchB.ID, 501); !errors.As(err, &ve) {
			t.Errorf("a target of 501 hours: %v, want refused", err)
		}
		if got := auditActions(t, s, "study_target", tr.branchA.ID); len(got) != 2 {
			t.Errorf("target changes audited %v, want two", got)
		}
	})
}

// A training entry waits for an officer; a decision is final, a pending
// entry can be withdrawn; every step is audited and bad input writes
// nothing.
func TestTrainingEntries(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		today := huoshui.NewDate(2026, 3, 2)
		entry := func(title string, hours float64) *huoshui.Training {
			return &huoshui.Training{MemberID: p.grouped.ID, Title: title, Organiser: "市委党校",
				HeldOn: huoshui.NewDate(2026, 2, 20), Hours: hours, Evidence: "结业证书 017"}
		}
		var ve *huoshui.ValidationError
		for _, bad := range []*huoshui.Training{entry("", 4), entry("专题班", 0), entry("专题班", 1.25), entry("专题班", 81),
			{MemberID: p.grouped.ID, Title: "专题班", HeldOn: huoshui.NewDate(2026, 3, 3), Hours: 4, Evidence: "x"},
			{MemberID: p.grouped.ID, Title: "专题班", HeldOn: huoshui.NewDate(2026, 2, 3), Hours: 4}} {
			if err := s.CreateTraining(ctx, actor, bad, today); !errors.As(err, &ve) {
				t.Errorf("%+v: %v, want refused", bad, err)
			}
		}
		if err := s.CreateTraining(ctx, actor, &huoshui.Training{MemberID: p.archived.ID, Title: "专题班",
			HeldOn: today, Hours: 4, Evidence: "x"}, today); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("training of a member who left: %v, want not found", err)
		}
		a, b := entry("专题班一", 4), entry("专题班二", 1.5)
		for _, x := range []*huoshui.Training{a, b} {
			if err := s.CreateTraining(ctx, actor, x, today); err != nil {
				t.Fatal(err)
			}
		}
		all, err := s.FindTrainings(ctx, store.TrainingFilter{Scope: huoshui.Everything(), MemberID: p.grouped.ID, Year: 2026})
		if err != nil || len(all) != 2 || all[0].OrgID != tr.branchA.ID || all[0].Status != huoshui.TrainingPending {
			t.Fatalf("entries %+v, %v", all, err)
		}
		if err := s.DecideTraining(ctx, actor, a.ID, false, 0, "  "); !errors.As(err, &ve) {
			t.Errorf("rejected without a reason: %v", err)
		}
		if err := s.DecideTraining(ctx, actor, a.ID, true, 3, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.DecideTraining(ctx, actor, a.ID, false, 0, "重复登记"); !errors.Is(err, store.ErrTrainingDecided) {
			t.Errorf("decided twice: %v", err)
		}
		if err := s.WithdrawTraining(ctx, actor, p.grouped.ID, a.ID); !errors.Is(err, store.ErrTrainingDecided) {
			t.Errorf("withdrew a decided entry: %v", err)
		}
		if err := s.WithdrawTraining(ctx, actor, p.secretary.ID, b.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("another member withdrew the entry: %v", err)
		}
		if err := s.WithdrawTraining(ctx, actor, p.grouped.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		confirmed, err := s.FindTrainings(ctx, store.TrainingFilter{Scope: huoshui.Everything(), Members: []int64{p.grouped.ID, p.secretary.ID},
			Status: huoshui.TrainingConfirmed})
		if err != nil || len(confirmed) != 1 || confirmed[0].Hours != 3 || confirmed[0].DecidedAt == nil {
			t.Errorf("confirmed %+v, %v: want one of the 3 hours the officer confirmed", confirmed, err)
		}
		// Scope: another branch sees nothing; the member sees their own.
		if _, err := s.FindTrainingByID(ctx, huoshui.Scope{Paths: []string{tr.branchB.Path}}, a.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("another branch reads the entry: %v", err)
		}
		if _, err := s.FindTrainingByID(ctx, huoshui.Scope{MemberID: p.grouped.ID}, a.ID); err != nil {
			t.Errorf("the member cannot read their own entry: %v", err)
		}
		if got := auditActions(t, s, "training", a.ID); len(got) != 2 {
			t.Errorf("entry a audited %v, want create and update", got)
		}
		if got := auditActions(t, s, "training", b.ID); len(got) != 2 {
			t.Errorf("entry b audited %v, want create and delete", got)
		}
	})
}
