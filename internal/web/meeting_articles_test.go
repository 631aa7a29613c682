package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// A meeting's page lists the articles reporting on it (相关报道): the
// secretary sees every one, drafts tagged, and the newest title; a
// member sees only what is published, under its published title, never
// a draft or a newer unpublished title; another branch sees no meeting.
func TestMeetingArticles(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		branch := e.channelOrg()
		admin := huoshui.Actor{Username: "test"}
		m := e.plannedMeeting(branch, huoshui.MeetingThemeDay, "报道测试主题党日", e.store.Now().AddDate(0, 0, -3), 2*time.Hour)
		mk := func(title string, publish bool, meetingID int64) *huoshui.Article {
			x := &huoshui.Article{OrgID: branch.ID, MeetingID: meetingID,
				Version: huoshui.ArticleVersion{Title: title, Authors: "秘书处", Body: "正文"}}
			if err := e.store.CreateArticle(ctx, admin, x); err != nil {
				t.Fatal(err)
			}
			if publish {
				e.store.ReviewArticle(ctx, admin, x.ID, huoshui.ArticleSubmit, "")
				if _, err := e.store.ReviewArticle(ctx, admin, x.ID, huoshui.ArticleApprove, ""); err != nil {
					t.Fatal(err)
				}
			}
			return x
		}
		pub, draft, renamed := mk("已发布的报道甲", true, m.ID), mk("草稿报道乙", false, m.ID), mk("已发布的报道丙", true, m.ID)
		if _, err := e.store.UpdateArticle(ctx, admin, renamed.ID, huoshui.ArticleVersion{Title: "未审核的新标题丁",
			Authors: "秘书处", Body: "新正文"}, m.ID); err != nil {
			t.Fatal(err)
		}
		// An article of the branch about nothing in particular is not listed.
		mk("与本次活动无关戊", true, 0)
		e.memberAccount("chen", "陈思远", huoshui.RoleMember, branch)
		e.memberAccount("zonghe", "罗家明", huoshui.RoleSecretary, e.demoOrg(demo.SecondBranch))
		path := fmt.Sprintf("/meetings/%d", m.ID)

		d := e.signedIn("secretary").get(path).wantStatus(http.StatusOK).doc()
		sec := d.Find("#articles")
		if got := textOf(sec.Find("h2")); got != "相关报道" {
			t.Fatalf("secretary: section heading %q", got)
		}
		secText := textOf(sec)
		for _, want := range []string{"已发布的报道甲", "草稿报道乙", "未审核的新标题丁", "草稿"} {
			if !strings.Contains(secText, want) {
				t.Errorf("secretary: the reports lack %q: %s", want, secText)
			}
		}
		if strings.Contains(secText, "与本次活动无关戊") {
			t.Errorf("secretary: an article about nothing of this meeting is listed")
		}
		if href, _ := sec.Find(fmt.Sprintf(`a[href="/articles/%d"]`, draft.ID)).Attr("href"); href == "" {
			t.Errorf("secretary: the draft does not link to its page")
		}
		if _, ok := sec.Find(fmt.Sprintf(`a[href="/articles/new?org=%d&meeting=%d"]`, branch.ID, m.ID)).Attr("href"); !ok {
			t.Errorf("secretary: no link to write a report on the meeting")
		}

		d = e.signedIn("chen").get(path).wantStatus(http.StatusOK).doc()
		memText := textOf(d.Find("#articles"))
		for _, want := range []string{"已发布的报道甲", "已发布的报道丙"} {
			if !strings.Contains(memText, want) {
				t.Errorf("member: the reports lack %q: %s", want, memText)
			}
		}
		for _, not := range []string{"草稿报道乙", "未审核的新标题丁", "草稿", "写一篇报道"} {
			if strings.Contains(memText, not) {
				t.Errorf("member: the reports show %q: %s", not, memText)
			}
		}
		if _, ok := d.Find(fmt.Sprintf(`#articles a[href="/articles/%d"]`, pub.ID)).Attr("href"); !ok {
			t.Errorf("member: the published report does not link to its page")
		}
		e.signedIn("zonghe").get(path).wantStatus(http.StatusNotFound)
	})
}
