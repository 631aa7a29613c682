package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// A branch's notes on its self-check: saved, written over, kept apart by
// year and branch, cleared, each change audited; a bad note writes
// nothing.
func TestStandardNotes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		key := huoshui.StandardLifeKey(huoshui.MeetingLecture)
		audited := func() []huoshui.AuditEntry {
			es, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, ObjectType: "standard_note"})
			if err != nil {
				t.Fatal(err)
			}
			return es
		}

		n := &huoshui.StandardNote{OrgID: tr.branchA.ID, Year: 2025, Key: key, Note: "  三季度党课因防汛顺延，已于10月补上。 "}
		if err := s.SaveStandardNote(ctx, actor, n); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveStandardNote(ctx, actor, &huoshui.StandardNote{OrgID: tr.branchA.ID, Year: 2026, Key: key, Note: "另一年"}); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveStandardNote(ctx, actor, &huoshui.StandardNote{OrgID: tr.branchA.ID, Year: 2025, Key: key, Note: "已补开党课，见10月记录。"}); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindStandardNotes(ctx, tr.branchA.ID, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[key] == nil || got[key].Note != "已补开党课，见10月记录。" {
			t.Fatalf("notes of 2025: %+v", got)
		}
		if other, _ := s.FindStandardNotes(ctx, tr.branchB.ID, 2025); len(other) != 0 {
			t.Errorf("the branch beside has notes: %+v", other)
		}
		if es := audited(); len(es) != 3 || es[0].Action != huoshui.AuditUpdate || !strings.Contains(es[0].Before, "防汛") {
			t.Errorf("audit after three saves: %+v", es)
		}

		// Bad notes: nothing written, the old note kept.
		for _, bad := range []*huoshui.StandardNote{
			{OrgID: tr.branchA.ID, Year: 2025, Key: key, Note: "   "},
			{OrgID: tr.branchA.ID, Year: 2025, Key: key, Note: strings.Repeat("长", huoshui.StandardNoteMax+1)},
			{OrgID: tr.branchA.ID, Year: 2025, Key: "life.tea_party", Note: "说明"},
			{OrgID: tr.branchA.ID, Year: 1900, Key: key, Note: "说明"},
		} {
			var ve *huoshui.ValidationError
			if err := s.SaveStandardNote(ctx, actor, bad); !errors.As(err, &ve) {
				t.Errorf("note %q/%s/%d: %v, want a validation error", bad.Note, bad.Key, bad.Year, err)
			}
		}
		if got, _ := s.FindStandardNotes(ctx, tr.branchA.ID, 2025); got[key].Note != "已补开党课，见10月记录。" {
			t.Errorf("after refused notes: %+v", got[key])
		}

		if err := s.DeleteStandardNote(ctx, actor, tr.branchA.ID, 2025, key); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteStandardNote(ctx, actor, tr.branchA.ID, 2025, key); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("clearing twice: %v, want not found", err)
		}
		if got, _ := s.FindStandardNotes(ctx, tr.branchA.ID, 2025); len(got) != 0 {
			t.Errorf("after clearing: %+v", got)
		}
		if es := audited(); len(es) != 4 || es[0].Action != huoshui.AuditDelete {
			t.Errorf("audit after clearing: %+v", es)
		}
	})
}
