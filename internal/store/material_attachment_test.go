package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// Photos and files kept with a study material: listed oldest first;
// taken off, they are gone from the material until put back; a material
// never shows another's, nor a meeting's; every change is in the audit
// trail at the material's org.
func TestMaterialAttachments(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		m := createMaterial(t, s, tr.branchA.ID, "支部学习资料", "学习党章。")
		other := createMaterial(t, s, tr.branchB.ID, "另一支部资料", "学习党规。")
		uploader := newTestUser(t, s, "uploader")
		up := huoshui.Actor{UserID: uploader.ID, Username: uploader.Username, IP: "127.0.0.1"}
		photo := &huoshui.Attachment{MaterialID: m.ID, Kind: huoshui.AttachmentPhoto, Name: "展板.jpg", ContentType: "image/jpeg",
			Size: 123456, Blob: strings.Repeat("a", 64), Thumb: strings.Repeat("b", 64), Width: 1600, Height: 1200}
		file := &huoshui.Attachment{MaterialID: m.ID, Kind: huoshui.AttachmentFile, Name: "原文.docx",
			ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Size: 98765, Blob: strings.Repeat("c", 64)}
		if err := s.AddMaterialAttachments(ctx, up, []*huoshui.Attachment{photo, file}); err != nil {
			t.Fatal(err)
		}
		if photo.ID == 0 || file.ID == 0 || photo.UploadedBy != uploader.ID || photo.CreatedAt.IsZero() {
			t.Errorf("the added photo reads %+v", photo)
		}
		names := func(id int64) []string {
			t.Helper()
			xs, err := s.FindMaterialAttachments(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, x := range xs {
				if x.MaterialID != id {
					t.Errorf("%s of material %d read as of material %d", x.Name, id, x.MaterialID)
				}
				out = append(out, x.Name)
			}
			return out
		}
		if got := names(m.ID); !slices.Equal(got, []string{"展板.jpg", "原文.docx"}) {
			t.Errorf("attachments %q", got)
		}
		if got := names(other.ID); len(got) != 0 {
			t.Errorf("the other material shows %q", got)
		}
		got, err := s.FindMaterialAttachment(ctx, m.ID, photo.ID)
		if err != nil || got.Blob != photo.Blob || got.Thumb != photo.Thumb || got.Width != 1600 || got.Height != 1200 ||
			got.Size != 123456 || got.UploadedBy != uploader.ID || got.Kind != huoshui.AttachmentPhoto || got.MeetingID != 0 {
			t.Errorf("the photo read back: %+v, %v", got, err)
		}
		if _, err := s.FindMaterialAttachment(ctx, other.ID, photo.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("the photo through another material: %v, want not found", err)
		}
		if err := s.RemoveMaterialAttachment(ctx, actor, other.ID, photo.ID, false); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("removing the photo through another material: %v, want not found", err)
		}
		if err := s.RemoveMaterialAttachment(ctx, actor, 999999, photo.ID, false); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("removing the photo through no material: %v, want not found", err)
		}

		if err := s.RemoveMaterialAttachment(ctx, actor, m.ID, photo.ID, false); err != nil {
			t.Fatal(err)
		}
		if got := names(m.ID); !slices.Equal(got, []string{"原文.docx"}) {
			t.Errorf("after removing the photo: %q", got)
		}
		if _, err := s.FindMaterialAttachment(ctx, m.ID, photo.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("the removed photo: %v, want not found", err)
		}
		// Removed twice (a second tab): nothing more happens.
		if err := s.RemoveMaterialAttachment(ctx, actor, m.ID, photo.ID, false); err != nil {
			t.Errorf("removing twice: %v", err)
		}
		if err := s.RemoveMaterialAttachment(ctx, actor, m.ID, photo.ID, true); err != nil {
			t.Fatal(err)
		}
		if got := names(m.ID); !slices.Equal(got, []string{"展板.jpg", "原文.docx"}) {
			t.Errorf("after putting the photo back: %q", got)
		}

		// One batch is one material's, all or nothing.
		if err := s.AddMaterialAttachments(ctx, up, []*huoshui.Attachment{{MaterialID: 999999, Kind: huoshui.AttachmentFile,
			Name: "x.pdf", ContentType: "application/pdf", Size: 1, Blob: "d"}}); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("an attachment of no material: %v, want not found", err)
		}
		mixed := []*huoshui.Attachment{
			{MaterialID: m.ID, Kind: huoshui.AttachmentFile, Name: "一.pdf", ContentType: "application/pdf", Size: 1, Blob: "e"},
			{MaterialID: other.ID, Kind: huoshui.AttachmentFile, Name: "二.pdf", ContentType: "application/pdf", Size: 1, Blob: "f"},
		}
		if err := s.AddMaterialAttachments(ctx, up, mixed); err == nil {
			t.Errorf("a batch of two materials was kept")
		}
		if got := names(m.ID); len(got) != 2 {
			t.Errorf("after a refused batch: %q", got)
		}
		if got := names(other.ID); len(got) != 0 {
			t.Errorf("after a refused batch the other material shows %q", got)
		}

		want := []string{huoshui.AuditCreate, huoshui.AuditDelete, huoshui.AuditRestore}
		if got := auditActions(t, s, "material_attachment", photo.ID); !slices.Equal(got, want) {
			t.Errorf("audit of the photo: %v, want %v", got, want)
		}
		es, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Scope{Paths: []string{tr.branchA.Path}},
			ObjectType: "material_attachment", ObjectID: file.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 || es[0].Username != "uploader" || !strings.Contains(es[0].After, "原文.docx") ||
			!strings.Contains(es[0].After, `"material_id"`) {
			t.Errorf("the branch's trail of the file: %+v", es)
		}
	})
}
