package demo_test

import (
	"context"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/blob"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The demo's theme days out of the office get two photos each, kept in
// the file store with their thumbnails; a second run adds none.
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
