package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"net/http"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// testJPEG is a small photo as a camera would send it.
func testJPEG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, quadrants(64, 48), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// publishedWithPhotos is an article of the secretariat published with two
// photos uploaded by its secretary: 封面.jpg its cover, 现场.jpg placed
// in its body; it answers the article and the photos' ids by name.
func publishedWithPhotos(t *testing.T, e *filesEnv) (*huoshui.Article, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	branch := e.channelOrg()
	admin := huoshui.Actor{Username: "test"}
	x := &huoshui.Article{OrgID: branch.ID, Version: huoshui.ArticleVersion{Title: "照片测试报道", Authors: "秘书处",
		Body: "开头一段。\n\n![活动现场](现场.jpg)\n\n结尾一段。", Cover: "封面.jpg"}}
	if err := e.store.CreateArticle(ctx, admin, x); err != nil {
		t.Fatal(err)
	}
	e.signedIn("secretary").upload(fmt.Sprintf("/articles/%d/photos", x.ID), "封面.jpg", testJPEG(t), "现场.jpg", testJPEG(t)).
		wantStatus(http.StatusSeeOther)
	e.store.ReviewArticle(ctx, admin, x.ID, huoshui.ArticleSubmit, "")
	if _, err := e.store.ReviewArticle(ctx, admin, x.ID, huoshui.ArticleApprove, ""); err != nil {
		t.Fatal(err)
	}
	photos, err := e.store.FindArticleAttachments(ctx, x.ID)
	if err != nil || len(photos) != 2 {
		t.Fatalf("photos %v %v", photos, err)
	}
	ids := map[string]int64{}
	for _, p := range photos {
		ids[p.Name] = p.ID
	}
	return x, ids
}

// The secretary removes a photo of a published article, after a
// confirmation; from then on the public page neither places nor serves
// it, nor the article's own page; the edit page offers to undo, and
// undone, it is served again. Removing the cover takes the public
// page's cover and og:image away. A member may not remove, another
// branch finds nothing.
func TestArticlePhotoRemove(t *testing.T) {
	t.Parallel()
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		x, ids := publishedWithPhotos(t, e)
		sec := e.signedIn("secretary")
		v := e.client()
		pub := fmt.Sprintf("/p/%s/%d", demo.DemoSlug, x.ID)
		scene, cover := fmt.Sprintf("%s/photos/%d", pub, ids["现场.jpg"]), fmt.Sprintf("%s/photos/%d", pub, ids["封面.jpg"])
		page := v.get(pub).wantStatus(http.StatusOK).Body
		if !strings.Contains(page, `src="`+scene+`"`) || !strings.Contains(page, `property="og:image"`) {
			t.Fatalf("the published page lacks its photo or its cover:\n%s", page)
		}
		v.get(scene).wantStatus(http.StatusOK)
		v.get(cover).wantStatus(http.StatusOK)

		edit := sec.get(fmt.Sprintf("/articles/%d/edit", x.ID)).wantStatus(http.StatusOK).doc()
		removeAction := fmt.Sprintf("/articles/%d/photos/%d/remove", x.ID, ids["现场.jpg"])
		form := edit.Find(fmt.Sprintf(`#attachments form[action="%s"]`, removeAction))
		if confirm, _ := form.Attr("data-confirm"); !strings.Contains(confirm, "现场.jpg") || !strings.Contains(confirm, "撤销") {
			t.Errorf("the remove button asks %q", confirm)
		}

		e.memberAccount("chen", "陈思远", huoshui.RoleMember, e.demoOrg(demo.BranchName))
		e.memberAccount("zonghe", "罗家明", huoshui.RoleSecretary, e.demoOrg(demo.SecondBranch))
		e.signedIn("chen").postForm(removeAction, nil).wantStatus(http.StatusForbidden)
		e.signedIn("zonghe").postForm(removeAction, nil).wantStatus(http.StatusNotFound)
		v.get(scene).wantStatus(http.StatusOK)

		r := sec.postForm(removeAction, nil).wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != fmt.Sprintf("/articles/%d/edit?removed=%d#attachments", x.ID, ids["现场.jpg"]) {
			t.Errorf("after removing: to %q", loc)
		}
		page = v.get(pub).wantStatus(http.StatusOK).Body
		if strings.Contains(page, scene) {
			t.Errorf("the public page still places the removed photo")
		}
		v.get(scene).wantStatus(http.StatusNotFound)
		sec.get(fmt.Sprintf("/articles/%d/photos/%d", x.ID, ids["现场.jpg"])).wantStatus(http.StatusNotFound)
		if strings.Contains(sec.get(fmt.Sprintf("/articles/%d", x.ID)).Body, fmt.Sprintf("/photos/%d", ids["现场.jpg"])) {
			t.Errorf("the article's page still places the removed photo")
		}
		edit = sec.get(fmt.Sprintf("/articles/%d/edit?removed=%d", x.ID, ids["现场.jpg"])).wantStatus(http.StatusOK).doc()
		restore := fmt.Sprintf("/articles/%d/photos/%d/restore", x.ID, ids["现场.jpg"])
		if edit.Find(fmt.Sprintf(`form[action="%s"] button`, restore)).Length() != 1 {
			t.Errorf("the edit page offers no undo")
		}
		if strings.Contains(textOf(edit.Find("#attachments ul")), "现场.jpg") {
			t.Errorf("the edit page still lists the removed photo")
		}

		sec.postForm(fmt.Sprintf("/articles/%d/photos/%d/remove", x.ID, ids["封面.jpg"]), nil).wantStatus(http.StatusSeeOther)
		v.get(cover).wantStatus(http.StatusNotFound)
		if page := v.get(pub).Body; strings.Contains(page, `og:image`) || strings.Contains(page, cover) {
			t.Errorf("the public page still shows the removed cover")
		}
		list := v.get("/p/" + demo.DemoSlug).Body
		if strings.Contains(list, cover) {
			t.Errorf("the channel page still shows the removed cover")
		}

		sec.postForm(restore, nil).wantStatus(http.StatusSeeOther)
		v.get(scene).wantStatus(http.StatusOK)
		if !strings.Contains(v.get(pub).Body, `src="`+scene+`"`) {
			t.Errorf("the photo put back is not placed again")
		}
	})
}

// The public page shows each published article's cover, and the
// article's page shows it above the text; a cover chosen in a newer
// draft stays off the public side, and is not served there, until it is
// approved; nor is a draft article's.
func TestArticlePublicCover(t *testing.T) {
	t.Parallel()
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		ctx := context.Background()
		x, ids := publishedWithPhotos(t, e)
		sec, v := e.signedIn("secretary"), e.client()
		pub := fmt.Sprintf("/p/%s/%d", demo.DemoSlug, x.ID)
		cover := fmt.Sprintf("%s/photos/%d", pub, ids["封面.jpg"])
		list := v.get("/p/" + demo.DemoSlug).wantStatus(http.StatusOK).doc()
		if src, _ := list.Find(fmt.Sprintf(`.channel-list a[href="%s"] img`, pub)).Attr("src"); src != cover {
			t.Errorf("the channel page's cover of the article: %q, want %q", src, cover)
		}
		one := v.get(pub).wantStatus(http.StatusOK).doc()
		if src, _ := one.Find("figure.article-cover img").Attr("src"); src != cover {
			t.Errorf("the article's cover: %q, want %q", src, cover)
		}
		v.get(cover).wantStatus(http.StatusOK)

		// A newer draft with a new cover.
		sec.upload(fmt.Sprintf("/articles/%d/photos", x.ID), "新封面.jpg", testJPEG(t)).wantStatus(http.StatusSeeOther)
		photos, _ := e.store.FindArticleAttachments(ctx, x.ID)
		var fresh int64
		for _, p := range photos {
			if p.Name == "新封面.jpg" {
				fresh = p.ID
			}
		}
		if _, err := e.store.UpdateArticle(ctx, huoshui.Actor{Username: "test"}, x.ID, huoshui.ArticleVersion{Title: "照片测试报道",
			Authors: "秘书处", Body: "新的正文。", Cover: "新封面.jpg"}, 0); err != nil {
			t.Fatal(err)
		}
		freshURL := fmt.Sprintf("%s/photos/%d", pub, fresh)
		v.get(freshURL).wantStatus(http.StatusNotFound)
		if strings.Contains(v.get("/p/"+demo.DemoSlug).Body, freshURL) || strings.Contains(v.get(pub).Body, freshURL) {
			t.Errorf("the draft's cover shows on the public side")
		}
		if src, _ := v.get(pub).doc().Find("figure.article-cover img").Attr("src"); src != cover {
			t.Errorf("while the draft waits, the cover is %q, want the published %q", src, cover)
		}

		// A draft article's own cover is never served publicly.
		d := &huoshui.Article{OrgID: x.OrgID, Version: huoshui.ArticleVersion{Title: "草稿", Authors: "秘书处", Body: "正文", Cover: "草稿封面.jpg"}}
		if err := e.store.CreateArticle(ctx, huoshui.Actor{Username: "test"}, d); err != nil {
			t.Fatal(err)
		}
		sec.upload(fmt.Sprintf("/articles/%d/photos", d.ID), "草稿封面.jpg", testJPEG(t)).wantStatus(http.StatusSeeOther)
		dp, _ := e.store.FindArticleAttachments(ctx, d.ID)
		v.get(fmt.Sprintf("/p/%s/%d/photos/%d", demo.DemoSlug, d.ID, dp[0].ID)).wantStatus(http.StatusNotFound)
	})
}
