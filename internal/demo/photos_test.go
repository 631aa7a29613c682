package demo_test

import (
	"archive/zip"
	"context"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/blob"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The demo's theme days out of the office get two photos each, kept in
// the file store with their thumbnails, and two study materials a photo
// placed in their text and a Word document; a second run adds none.
func TestSeedPhotos(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, st); err != nil {
		t.Fatal(err)
	}
	files, err := blob.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	n, err := demo.SeedPhotos(ctx, st, files)
	if err != nil {
		t.Fatal(err)
	}
	if n < 4 {
		t.Fatalf("%d photos, want two for each of at least two theme days out", n)
	}
	checkPhotos(t, st, files)
	checkMaterialFiles(t, st, files)
	if again, err := demo.SeedPhotos(ctx, st, files); err != nil || again != 0 {
		t.Errorf("a second run added %d (%v), want none", again, err)
	}
}

func checkPhotos(t *testing.T, st *store.Store, files *blob.Store) {
	t.Helper()
	ctx := context.Background()
	ms, _, err := st.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Everything(), Types: []huoshui.MeetingType{huoshui.MeetingThemeDay}})
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, m := range ms {
		xs, err := st.FindAttachments(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range xs {
			seen++
			if x.Kind != huoshui.AttachmentPhoto || !files.Has(x.Blob) || !files.Has(x.Thumb) || x.Width == 0 {
				t.Errorf("photo %+v: want a photo kept with its thumbnail and size", x)
			}
		}
	}
	if seen == 0 {
		t.Error("no theme day has a photo")
	}
}

func checkMaterialFiles(t *testing.T, st *store.Store, files *blob.Store) {
	t.Helper()
	ctx := context.Background()
	hits, _, err := st.FindMaterials(ctx, huoshui.MaterialFilter{Scope: huoshui.Everything()})
	if err != nil {
		t.Fatal(err)
	}
	with := 0
	for _, h := range hits {
		m := h.Material
		xs, err := st.FindMaterialAttachments(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(xs) == 0 {
			continue
		}
		with++
		if len(xs) != 2 || xs[0].Kind != huoshui.AttachmentPhoto || xs[1].Kind != huoshui.AttachmentFile {
			t.Fatalf("%s has %+v, want a photo and a file", m.Title, xs)
		}
		photo, doc := xs[0], xs[1]
		if !files.Has(photo.Blob) || !files.Has(photo.Thumb) || photo.Width == 0 || !files.Has(doc.Blob) {
			t.Errorf("%s: the files are not all in the store: %+v", m.Title, xs)
		}
		placed := false
		for _, line := range strings.Split(m.Body, "\n") {
			if caption, target, ok := huoshui.ImageLine(line); ok && target == photo.Name && caption != "" {
				placed = true
			}
		}
		if !placed {
			t.Errorf("%s does not place its photo %s in its text", m.Title, photo.Name)
		}
		f, err := files.Open(doc.Blob)
		if err != nil {
			t.Fatal(err)
		}
		z, err := zip.NewReader(f, f.Size)
		if err != nil {
			t.Fatalf("%s: the document is not a ZIP: %v", doc.Name, err)
		}
		parts := map[string]bool{}
		for _, e := range z.File {
			parts[e.Name] = true
		}
		f.Close()
		if !parts["[Content_Types].xml"] || !parts["word/document.xml"] || !strings.HasSuffix(doc.Name, ".docx") {
			t.Errorf("%s is no Word document: %v", doc.Name, parts)
		}
	}
	if with != 2 {
		t.Errorf("%d materials have files, want 2", with)
	}
}
