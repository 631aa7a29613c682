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

// An article's photo taken off is gone from its list and not found,
// through another article never; put back, it is there again; removing
// twice changes nothing more; each change is audited at the article's
// org.
func TestArticleAttachmentRemove(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		mk := func(org int64) *huoshui.Article {
			x := &huoshui.Article{OrgID: org, Version: huoshui.ArticleVersion{Title: "照片", Authors: "支部", Body: "正文"}}
			if err := s.CreateArticle(ctx, actor, x); err != nil {
				t.Fatal(err)
			}
			return x
		}
		x, other := mk(tr.branchA.ID), mk(tr.branchB.ID)
		photo := &huoshui.Attachment{ArticleID: x.ID, Kind: huoshui.AttachmentPhoto, Name: "封面.jpg", ContentType: "image/jpeg",
			Size: 3, Blob: strings.Repeat("a", 64), Thumb: strings.Repeat("b", 64)}
		second := &huoshui.Attachment{ArticleID: x.ID, Kind: huoshui.AttachmentPhoto, Name: "现场.jpg", ContentType: "image/jpeg",
			Size: 3, Blob: strings.Repeat("c", 64)}
		if err := s.AddArticleAttachments(ctx, actor, []*huoshui.Attachment{photo, second}); err != nil {
			t.Fatal(err)
		}
		names := func() []string {
			t.Helper()
			xs, err := s.FindArticleAttachments(ctx, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, a := range xs {
				out = append(out, a.Name)
			}
			return out
		}
		if err := s.RemoveArticleAttachment(ctx, actor, other.ID, photo.ID, false); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("removing through another article: %v, want not found", err)
		}
		if err := s.RemoveArticleAttachment(ctx, actor, 999999, photo.ID, false); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("removing through no article: %v, want not found", err)
		}
		if err := s.RemoveArticleAttachment(ctx, actor, x.ID, photo.ID, false); err != nil {
			t.Fatal(err)
		}
		if got := names(); !slices.Equal(got, []string{"现场.jpg"}) {
			t.Errorf("after removing: %q", got)
		}
		if _, err := s.FindArticleAttachment(ctx, x.ID, photo.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("the removed photo: %v, want not found", err)
		}
		if err := s.RemoveArticleAttachment(ctx, actor, x.ID, photo.ID, false); err != nil {
			t.Errorf("removing twice: %v", err)
		}
		if err := s.RemoveArticleAttachment(ctx, actor, x.ID, photo.ID, true); err != nil {
			t.Fatal(err)
		}
		if got := names(); !slices.Equal(got, []string{"封面.jpg", "现场.jpg"}) {
			t.Errorf("after putting back: %q", got)
		}
		if _, err := s.FindArticleAttachment(ctx, x.ID, photo.ID); err != nil {
			t.Errorf("the photo put back: %v", err)
		}
		want := []string{huoshui.AuditCreate, huoshui.AuditDelete, huoshui.AuditRestore}
		if got := auditActions(t, s, "article_attachment", photo.ID); !slices.Equal(got, want) {
			t.Errorf("audit of the photo: %v, want %v", got, want)
		}
	})
}
