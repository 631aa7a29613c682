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

// An article's life: a draft, submitted, sent back with a comment,
// edited, approved; edited again while its published version stays the
// public one; every version kept, every step audited; steps from the
// wrong status and bad input write nothing.
func TestArticleLifecycle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		x := &huoshui.Article{OrgID: tr.branchA.ID, Version: huoshui.ArticleVersion{Title: " 走进社区 ", Authors: "秘书处党支部",
			Body: "第一段。\n\n第二段。"}}
		if err := s.CreateArticle(ctx, actor, x); err != nil {
			t.Fatal(err)
		}
		if x.Status != huoshui.ArticleDraft || x.Version.N != 1 || x.Version.Title != "走进社区" {
			t.Fatalf("created: %+v", x)
		}
		if _, err := s.ReviewArticle(ctx, actor, x.ID, huoshui.ArticleApprove, ""); !isField(err, "status") {
			t.Errorf("approving a draft: %v, want a status problem", err)
		}
		if _, err := s.ReviewArticle(ctx, actor, x.ID, huoshui.ArticleSubmit, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateArticle(ctx, actor, x.ID, huoshui.ArticleVersion{Title: "改", Authors: "甲", Body: "改"}, 0); !isField(err, "status") {
			t.Errorf("editing in review: %v, want a status problem", err)
		}
		if _, err := s.ReviewArticle(ctx, actor, x.ID, huoshui.ArticleReject, "  "); !isField(err, "comment") {
			t.Errorf("sending back without a comment: %v, want a comment problem", err)
		}
		got, err := s.ReviewArticle(ctx, actor, x.ID, huoshui.ArticleReject, "标题再具体些")
		if err != nil || got.Status != huoshui.ArticleDraft {
			t.Fatalf("sent back: %+v %v", got, err)
		}
		if _, err := s.UpdateArticle(ctx, actor, x.ID, huoshui.ArticleVersion{Title: "走进社区 服务群众", Authors: "秘书处党支部", Body: "新的一段。"}, 0); err != nil {
			t.Fatal(err)
		}
		s.ReviewArticle(ctx, actor, x.ID, huoshui.ArticleSubmit, "")
		if got, err = s.ReviewArticle(ctx, actor, x.ID, huoshui.ArticleApprove, "同意发布"); err != nil {
			t.Fatal(err)
		}
		if got.Published == nil || got.Published.N != 2 || got.PublishedAt == nil {
			t.Fatalf("approved: %+v", got)
		}
		// A newer draft: the public side still reads version 2.
		if _, err := s.UpdateArticle(ctx, actor, x.ID, huoshui.ArticleVersion{Title: "尚未审核的新标题", Authors: "秘书处党支部", Body: "草稿。"}, 0); err != nil {
			t.Fatal(err)
		}
		pub, err := s.FindPublishedArticle(ctx, tr.branchA.ID, x.ID)
		if err != nil || pub.Published.Title != "走进社区 服务群众" || pub.Version.N != 3 || pub.Status != huoshui.ArticleDraft {
			t.Fatalf("published while a draft is edited: %+v %v", pub, err)
		}
		list, err := s.FindPublishedArticles(ctx, tr.branchA.ID, 10)
		if err != nil || len(list) != 1 {
			t.Fatalf("published list: %v %v", list, err)
		}
		if _, err := s.FindPublishedArticle(ctx, tr.branchB.ID, x.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("another org's public page finds it: %v", err)
		}
		vs, _ := s.FindArticleVersions(ctx, x.ID)
		if len(vs) != 3 || vs[0].N != 3 || vs[2].Title != "走进社区" {
			t.Errorf("versions: %+v", vs)
		}
		rs, _ := s.FindArticleReviews(ctx, x.ID)
		if len(rs) != 4 || rs[1].Action != huoshui.ArticleReject || rs[1].Comment != "标题再具体些" || rs[1].VersionN != 1 {
			t.Errorf("reviews: %+v", rs)
		}
		es, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Everything(), ObjectType: "article"})
		if err != nil || len(es) != 7 {
			t.Errorf("audit entries: %d %v, want 7", len(es), err)
		}

		// Scope: the branch beside finds nothing.
		if _, err := s.FindArticleByID(ctx, huoshui.Scope{Paths: []string{tr.branchB.Path}}, x.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("the branch beside: %v", err)
		}
		if got, err := s.FindArticles(ctx, huoshui.ArticleFilter{Scope: huoshui.Scope{Paths: []string{tr.branchA.Path}}, OrgID: tr.branchA.ID,
			Statuses: []huoshui.ArticleStatus{huoshui.ArticleInReview}}); err != nil || len(got) != 0 {
			t.Errorf("in review: %v %v", got, err)
		}
		if got, _ := s.FindArticles(ctx, huoshui.ArticleFilter{OrgID: tr.branchA.ID}); len(got) != 0 {
			t.Errorf("the zero scope lists %d", len(got))
		}

		// Bad input writes nothing.
		bad := &huoshui.Article{OrgID: tr.branchA.ID, Version: huoshui.ArticleVersion{Title: strings.Repeat("长", 101), Authors: "", Body: "x\x00"}}
		if err := s.CreateArticle(ctx, actor, bad); !isField(err, "title") || !isField(err, "authors") || !isField(err, "body") {
			t.Errorf("bad article: %v", err)
		}
		other, _ := s.FindArticles(ctx, huoshui.ArticleFilter{Scope: huoshui.Everything(), OrgID: tr.branchA.ID})
		if len(other) != 1 {
			t.Errorf("%d articles after a bad one, want 1", len(other))
		}
	})
}

// An org's slug: set on the org, validated, unique, removed; the public
// side finds the org by it.
func TestOrgSlug(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		slug := " MiShuChu "
		if _, err := s.UpdateOrg(ctx, actor, tr.branchA.ID, huoshui.OrgUpdate{Slug: &slug}); err != nil {
			t.Fatal(err)
		}
		o, err := s.FindOrgBySlug(ctx, "mishuchu")
		if err != nil || o.ID != tr.branchA.ID || o.Slug != "mishuchu" {
			t.Fatalf("by slug: %+v %v", o, err)
		}
		taken := "mishuchu"
		if _, err := s.UpdateOrg(ctx, actor, tr.branchB.ID, huoshui.OrgUpdate{Slug: &taken}); !isField(err, "slug") {
			t.Errorf("a taken slug: %v", err)
		}
		for _, bad := range []string{"秘书处", "-a", "a_b", "a b", strings.Repeat("a", 41), "<script>"} {
			if _, err := s.UpdateOrg(ctx, actor, tr.branchB.ID, huoshui.OrgUpdate{Slug: &bad}); !isField(err, "slug") {
				t.Errorf("slug %q: %v", bad, err)
			}
		}
		none := ""
		if _, err := s.UpdateOrg(ctx, actor, tr.branchA.ID, huoshui.OrgUpdate{Slug: &none}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindOrgBySlug(ctx, "mishuchu"); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("a removed slug: %v", err)
		}
		// Two orgs without a slug are fine.
		if _, err := s.UpdateOrg(ctx, actor, tr.branchB.ID, huoshui.OrgUpdate{Slug: &none}); err != nil {
			t.Error(err)
		}
	})
}

// The reviewer: the publicity member by default, a named member when
// one is named, back to the default when cleared; a member of another
// branch cannot be named.
func TestArticleReviewer(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		pub := fullMember(tr.branchA.ID, "宣传委员甲", "")
		pub.CommitteePost = huoshui.PostPublicity
		other := fullMember(tr.branchA.ID, "乙", "")
		stranger := fullMember(tr.branchB.ID, "丙", "")
		for _, m := range []*huoshui.Member{pub, other, stranger} {
			if err := s.CreateMember(ctx, actor, m); err != nil {
				t.Fatal(err)
			}
		}
		r, err := s.FindArticleReviewer(ctx, tr.branchA.ID)
		if err != nil || r.MemberID != pub.ID || r.Named {
			t.Fatalf("default reviewer: %+v %v", r, err)
		}
		if err := s.SetArticleReviewer(ctx, actor, tr.branchA.ID, other.ID); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.FindArticleReviewer(ctx, tr.branchA.ID); r.MemberID != other.ID || !r.Named {
			t.Errorf("named reviewer: %+v", r)
		}
		if err := s.SetArticleReviewer(ctx, actor, tr.branchA.ID, stranger.ID); !isField(err, "reviewer") {
			t.Errorf("a member of another branch: %v", err)
		}
		if err := s.SetArticleReviewer(ctx, actor, tr.branchA.ID, 0); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.FindArticleReviewer(ctx, tr.branchA.ID); r.MemberID != pub.ID || r.Named {
			t.Errorf("cleared: %+v", r)
		}
	})
}

func isField(err error, field string) bool {
	var ve *huoshui.ValidationError
	return errors.As(err, &ve) && ve.Has(field)
}
