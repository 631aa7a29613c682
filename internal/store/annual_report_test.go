package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// annualSections is a report of two sections for the store tests.
func annualSections(first string) []huoshui.ReportSection {
	return []huoshui.ReportSection{{Heading: "一、基本情况", Text: first}, {Heading: "二、组织生活", Text: "【待补充】"}}
}

// A report is saved once per org and year; an edit keeps when the
// numbers were generated and says who edited; a save from an old version
// is refused with nothing written; a fresh draft replaces the edits and
// clears the editor; every save is audited.
func TestAnnualReportSaves(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clock := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
		s.SetClock(func() time.Time { return clock })
		tr := makeTree(t, s)
		if _, err := s.FindAnnualReport(ctx, tr.branchA.ID, 2026); !errors.Is(err, huoshui.ErrNotFound) {
			t.Fatalf("a report never saved: %v, want not found", err)
		}
		generated := clock.Add(-time.Hour)
		r := &huoshui.AnnualReport{OrgID: tr.branchA.ID, Year: 2026, Sections: annualSections("支部现有党员14名。\r\n\r\n  "), GeneratedAt: generated}
		if err := s.SaveAnnualReport(ctx, actor, r, 0, true); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindAnnualReport(ctx, tr.branchA.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 1 || got.Sections[0].Text != "支部现有党员14名。" || !got.GeneratedAt.Equal(generated) ||
			got.EditedAt == nil || !got.EditedAt.Equal(clock) || got.EditedBy != actor.UserID {
			t.Fatalf("first save read back as %+v", got)
		}
		// Another branch and another year have none.
		if _, err := s.FindAnnualReport(ctx, tr.branchB.ID, 2026); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("branch B has branch A's report: %v", err)
		}
		// A save from version 0 again, or from a version since replaced,
		// is refused and writes nothing.
		for _, v := range []int{0, 2} {
			stale := &huoshui.AnnualReport{OrgID: tr.branchA.ID, Year: 2026, Sections: annualSections("改过的")}
			var ve *huoshui.ValidationError
			if err := s.SaveAnnualReport(ctx, actor, stale, v, true); !errors.As(err, &ve) || !ve.Has("version") {
				t.Errorf("a save from version %d: %v, want a refusal on version", v, err)
			}
		}
		// An empty section is refused.
		empty := &huoshui.AnnualReport{OrgID: tr.branchA.ID, Year: 2026, Sections: annualSections(" \n ")}
		var ve *huoshui.ValidationError
		if err := s.SaveAnnualReport(ctx, actor, empty, 1, true); !errors.As(err, &ve) || !ve.Has("section_1") {
			t.Errorf("an empty section: %v, want a refusal on section_1", err)
		}
		clock = clock.Add(time.Hour)
		edit := &huoshui.AnnualReport{OrgID: tr.branchA.ID, Year: 2026, Sections: annualSections("支部现有党员十四名。"), GeneratedAt: clock}
		if err := s.SaveAnnualReport(ctx, actor, edit, 1, true); err != nil {
			t.Fatal(err)
		}
		got, _ = s.FindAnnualReport(ctx, tr.branchA.ID, 2026)
		if got.Version != 2 || got.Sections[0].Text != "支部现有党员十四名。" || !got.GeneratedAt.Equal(generated) {
			t.Errorf("an edit read back as %+v: want version 2, the numbers' time kept", got)
		}
		// A fresh draft replaces the edits.
		clock = clock.Add(time.Hour)
		fresh := &huoshui.AnnualReport{OrgID: tr.branchA.ID, Year: 2026, Sections: annualSections("支部现有党员15名。"), GeneratedAt: clock}
		if err := s.SaveAnnualReport(ctx, actor, fresh, 2, false); err != nil {
			t.Fatal(err)
		}
		got, _ = s.FindAnnualReport(ctx, tr.branchA.ID, 2026)
		if got.Version != 3 || got.Sections[0].Text != "支部现有党员15名。" || !got.GeneratedAt.Equal(clock) || got.EditedAt != nil || got.EditedBy != 0 {
			t.Errorf("a fresh draft read back as %+v", got)
		}
		if acts := auditActions(t, s, "annual_report", got.ID); !slices.Equal(acts, []string{"create", "update", "update"}) {
			t.Errorf("audit %v, want create, update, update", acts)
		}
	})
}
