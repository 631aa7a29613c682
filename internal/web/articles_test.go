package web_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"golang.org/x/net/html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// xssPayloads are what a hostile or careless writer might type into an
// article's title, authors, body, comment or a photo's caption.
var xssPayloads = []string{
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`<a href="javascript:alert(1)">点我</a>`,
	`[点我](javascript:alert(1))`,
	`[数据](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`,
	`&#60;img src=x onerror=alert(1)&#62;`,
	`<svg onload=alert(1)>`,
	`"><iframe src="//evil.example">`,
}

// mustNotContainMarkup parses a page as a browser would and fails on
// anything a payload could have made of it: a script that is not the
// site's own, an event handler attribute, a link or source with a
// javascript: or data: address, an svg, iframe, object or embed.
func mustNotContainMarkup(t *testing.T, where, body string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "svg", "iframe", "object", "embed":
				t.Errorf("%s: a <%s> element", where, n.Data)
			case "script":
				ok := false
				for _, a := range n.Attr {
					ok = ok || (a.Key == "src" && strings.HasPrefix(a.Val, "/static/"))
				}
				if !ok {
					t.Errorf("%s: a script that is not the site's", where)
				}
			}
			for _, a := range n.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				switch {
				case strings.HasPrefix(a.Key, "on"):
					t.Errorf("%s: <%s %s=%q>", where, n.Data, a.Key, a.Val)
				case (a.Key == "href" || a.Key == "src" || a.Key == "action") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:")):
					t.Errorf("%s: <%s %s=%q>", where, n.Data, a.Key, a.Val)
				case n.Data == "img" && a.Key == "src" && !strings.HasPrefix(a.Val, "/") && !strings.Contains(a.Val, "/photos/"):
					t.Errorf("%s: an image from elsewhere: %q", where, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

// Every payload, in every field an article has, in its comment and in a
// photo's caption, is text on the article's page, on the public page,
// in the WeChat copy and in the feed (where the content is escaped once
// more as XML).
func TestArticleXSS(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	ctx := context.Background()
	branch := e.channelOrg()
	sec := e.signedIn("secretary")
	admin := huoshui.Actor{Username: "test"}
	for i, p := range xssPayloads {
		body := "第一段 " + p + "\n\n## " + p + "\n- " + p + "\n![" + p + "](封面.jpg)\n![说明](" + p + ")"
		r := sec.postForm("/articles", url.Values{"org_id": {fmt.Sprint(branch.ID)}, "title": {"标题" + p},
			"authors": {"作者" + p}, "summary": {"摘要" + p}, "body": {body}})
		r.wantStatus(http.StatusSeeOther)
		loc := r.Header.Get("Location")
		var id int64
		fmt.Sscanf(loc, "/articles/%d", &id)
		photo := &huoshui.Attachment{ArticleID: id, Kind: huoshui.AttachmentPhoto, Name: "封面.jpg", ContentType: "image/jpeg",
			Size: 3, Blob: strings.Repeat("ab", 32), Thumb: strings.Repeat("cd", 32)}
		if err := e.store.AddArticleAttachments(ctx, admin, []*huoshui.Attachment{photo}); err != nil {
			t.Fatal(err)
		}
		sec.postForm(loc+"/submit", nil).wantStatus(http.StatusSeeOther)
		// A comment with the payload: sent back, then approved.
		if _, err := e.store.ReviewArticle(ctx, admin, id, huoshui.ArticleReject, "意见"+p); err != nil {
			t.Fatal(err)
		}
		sec.postForm(loc+"/submit", nil).wantStatus(http.StatusSeeOther)
		if _, err := e.store.ReviewArticle(ctx, admin, id, huoshui.ArticleApprove, ""); err != nil {
			t.Fatal(err)
		}
		view := sec.get(loc).wantStatus(http.StatusOK).Body
		mustNotContainMarkup(t, fmt.Sprintf("payload %d, article page", i), view)
		if !strings.Contains(p, "](") && !strings.Contains(view, `<figure><img src="/articles/`) {
			t.Errorf("payload %d: the article's own photo is not placed", i)
		}
		mustNotContainMarkup(t, fmt.Sprintf("payload %d, WeChat copy", i), sec.get(loc+"/wechat").wantStatus(http.StatusOK).Body)
		mustNotContainMarkup(t, fmt.Sprintf("payload %d, list", i), sec.get(fmt.Sprintf("/orgs/%d/articles", branch.ID)).Body)
		visitor := e.client()
		mustNotContainMarkup(t, fmt.Sprintf("payload %d, public article", i), visitor.get(fmt.Sprintf("/p/%s/%d", demo.DemoSlug, id)).wantStatus(http.StatusOK).Body)
	}
	visitor := e.client()
	mustNotContainMarkup(t, "public page", visitor.get("/p/"+demo.DemoSlug).wantStatus(http.StatusOK).Body)
	feed := visitor.get("/p/" + demo.DemoSlug + "/feed.atom").wantStatus(http.StatusOK).Body
	// The feed's HTML content is XML-escaped: decode it, then look.
	var f struct {
		Entries []struct {
			Title   string `xml:"title"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(feed), &f); err != nil {
		t.Fatal(err)
	}
	for _, en := range f.Entries {
		mustNotContainMarkup(t, "feed entry "+en.Title, en.Content)
	}
}

// The public page shows only published versions: a draft, an article in
// review and a newer draft of a published article never reach it, nor
// their photos; the feed is valid Atom with an id, updated, an author
// and an alternate link for the feed and each entry.
func TestArticlePublic(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		branch := e.channelOrg()
		admin := huoshui.Actor{Username: "test"}
		mk := func(title string) *huoshui.Article {
			x := &huoshui.Article{OrgID: branch.ID, Version: huoshui.ArticleVersion{Title: title, Authors: "秘书处", Body: "正文" + title}}
			if err := e.store.CreateArticle(ctx, admin, x); err != nil {
				t.Fatal(err)
			}
			return x
		}
		draft, review, pub := mk("仅草稿甲"), mk("审核中乙"), mk("已发布丙")
		e.store.ReviewArticle(ctx, admin, review.ID, huoshui.ArticleSubmit, "")
		e.store.ReviewArticle(ctx, admin, pub.ID, huoshui.ArticleSubmit, "")
		if _, err := e.store.ReviewArticle(ctx, admin, pub.ID, huoshui.ArticleApprove, ""); err != nil {
			t.Fatal(err)
		}
		secret := &huoshui.Attachment{ArticleID: pub.ID, Kind: huoshui.AttachmentPhoto, Name: "未发布.jpg", ContentType: "image/jpeg",
			Size: 3, Blob: strings.Repeat("ab", 32)}
		if err := e.store.AddArticleAttachments(ctx, admin, []*huoshui.Attachment{secret}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.store.UpdateArticle(ctx, admin, pub.ID, huoshui.ArticleVersion{Title: "未审核的新标题丁", Authors: "秘书处",
			Body: "新草稿\n![](未发布.jpg)"}, 0); err != nil {
			t.Fatal(err)
		}
		v := e.client()
		page := v.get("/p/" + demo.DemoSlug).wantStatus(http.StatusOK).Body
		for _, w := range []string{"已发布丙", `property="og:title"`} {
			if !strings.Contains(page, w) {
				t.Errorf("public page lacks %q", w)
			}
		}
		for _, not := range []string{"仅草稿甲", "审核中乙", "未审核的新标题丁", "档案数字化工作取得阶段性进展"} {
			if strings.Contains(page, not) {
				t.Errorf("public page shows %q, which is not published", not)
			}
		}
		one := v.get(fmt.Sprintf("/p/%s/%d", demo.DemoSlug, pub.ID)).wantStatus(http.StatusOK).Body
		if !strings.Contains(one, "正文已发布丙") || strings.Contains(one, "新草稿") || !strings.Contains(one, `property="og:type" content="article"`) {
			t.Errorf("public article shows the wrong version")
		}
		for _, x := range []*huoshui.Article{draft, review} {
			v.get(fmt.Sprintf("/p/%s/%d", demo.DemoSlug, x.ID)).wantStatus(http.StatusNotFound)
		}
		v.get(fmt.Sprintf("/p/%s/%d/photos/%d", demo.DemoSlug, pub.ID, secret.ID)).wantStatus(http.StatusNotFound)
		v.get(fmt.Sprintf("/p/nosuchorg/%d", pub.ID)).wantStatus(http.StatusNotFound)
		v.get("/p/" + demo.DemoSlug + "/" + fmt.Sprint(pub.ID) + "x").wantStatus(http.StatusNotFound)
		// The article's own page needs a sign-in.
		if r := v.get(fmt.Sprintf("/articles/%d", pub.ID)); r.StatusCode != http.StatusSeeOther {
			t.Errorf("a visitor on /articles/%d: %d", pub.ID, r.StatusCode)
		}

		r := v.get("/p/" + demo.DemoSlug + "/feed.atom").wantStatus(http.StatusOK)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
			t.Errorf("feed type %q", ct)
		}
		var f struct {
			XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
			ID      string   `xml:"id"`
			Updated string   `xml:"updated"`
			Author  struct {
				Name string `xml:"name"`
			} `xml:"author"`
			Links []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Entries []struct {
				ID      string `xml:"id"`
				Title   string `xml:"title"`
				Updated string `xml:"updated"`
				Authors []struct {
					Name string `xml:"name"`
				} `xml:"author"`
				Links []struct {
					Rel  string `xml:"rel,attr"`
					Href string `xml:"href,attr"`
				} `xml:"link"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal([]byte(r.Body), &f); err != nil {
			t.Fatalf("feed: %v", err)
		}
		if f.ID == "" || f.Updated == "" || f.Author.Name == "" || len(f.Links) == 0 || f.Links[0].Rel != "alternate" {
			t.Errorf("feed head: %+v", f)
		}
		titles := map[string]bool{}
		for _, en := range f.Entries {
			titles[en.Title] = true
			if en.ID == "" || en.Updated == "" || len(en.Authors) == 0 || len(en.Links) == 0 || en.Links[0].Rel != "alternate" {
				t.Errorf("entry %q lacks an id, updated, author or link", en.Title)
			}
		}
		if !titles["已发布丙"] || titles["未审核的新标题丁"] || titles["审核中乙"] || titles["仅草稿甲"] {
			t.Errorf("feed entries: %v", titles)
		}
	})
}

// Who does what: a plain member reads what is published, not drafts, and
// may not write or review; the secretary writes and submits but is not
// the reviewer; the publicity member (王志强) approves, and sending back
// needs a comment; another branch finds nothing; the JSON says the same.
func TestArticlePermissions(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	branch := e.channelOrg()
	other := &huoshui.Article{OrgID: branch.ID, Version: huoshui.ArticleVersion{Title: "档案数字化", Authors: "秘书处", Body: "正文"}}
	if err := e.store.CreateArticle(context.Background(), huoshui.Actor{Username: "test"}, other); err != nil {
		t.Fatal(err)
	}
	e.store.ReviewArticle(context.Background(), huoshui.Actor{Username: "test"}, other.ID, huoshui.ArticleSubmit, "")
	e.memberAccount("chen", "陈思远", huoshui.RoleMember, branch)
	e.memberAccount("wang", "王志强", huoshui.RoleMember, branch)
	e.memberAccount("zonghe", "罗家明", huoshui.RoleSecretary, e.demoOrg(demo.SecondBranch))
	sec, member, reviewer, neighbour := e.signedIn("secretary"), e.signedIn("chen"), e.signedIn("wang"), e.signedIn("zonghe")

	r := sec.postForm("/articles", url.Values{"org_id": {fmt.Sprint(branch.ID)}, "title": {"权限测试"}, "authors": {"秘书处"}, "body": {"正文"}})
	r.wantStatus(http.StatusSeeOther)
	loc := r.Header.Get("Location")
	member.get(loc).wantStatus(http.StatusNotFound)
	neighbour.get(loc).wantStatus(http.StatusNotFound)
	member.postForm("/articles", url.Values{"org_id": {fmt.Sprint(branch.ID)}, "title": {"x"}, "authors": {"x"}, "body": {"x"}}).wantStatus(http.StatusForbidden)
	neighbour.get(fmt.Sprintf("/articles/new?org=%d", branch.ID)).wantStatus(http.StatusNotFound)
	sec.postForm(loc+"/submit", nil).wantStatus(http.StatusSeeOther)
	sec.postForm(loc+"/approve", nil).wantStatus(http.StatusForbidden)
	member.postForm(loc+"/approve", nil).wantStatus(http.StatusNotFound)
	reviewer.postForm(loc+"/reject", url.Values{"comment": {"  "}}).wantStatus(http.StatusUnprocessableEntity)
	id := strings.TrimPrefix(loc, "/articles/")
	reviewer.postJSON("/api/v1/articles/"+id+"/reject", `{"comment":""}`).wantStatus(http.StatusUnprocessableEntity)
	neighbour.postJSON("/api/v1/articles/"+id+"/approve", `{}`).wantStatus(http.StatusNotFound)
	got := reviewer.postJSON("/api/v1/articles/"+id+"/approve", `{}`).wantStatus(http.StatusOK).Body
	if !strings.Contains(got, `"status":"published"`) {
		t.Errorf("approve: %s", got)
	}
	member.get(loc).wantStatus(http.StatusOK)
	list := member.get(fmt.Sprintf("/api/v1/orgs/%d/articles?status=review", branch.ID)).wantStatus(http.StatusOK).Body
	if strings.Contains(list, "档案数字化") {
		t.Errorf("a member lists another's article in review: %s", list)
	}
	all := sec.get(fmt.Sprintf("/api/v1/orgs/%d/articles?status=review", branch.ID)).wantStatus(http.StatusOK).Body
	if !strings.Contains(all, "档案数字化") {
		t.Errorf("the secretary does not list the article in review: %s", all)
	}
	sec.get(fmt.Sprintf("/api/v1/orgs/%d/articles?status=bogus", branch.ID)).wantStatus(http.StatusUnprocessableEntity)
	neighbour.get(fmt.Sprintf("/api/v1/orgs/%d/articles", branch.ID)).wantStatus(http.StatusNotFound)
}

// channelOrg is the secretariat with its public slug, as the demo sets it.
func (e *env) channelOrg() *huoshui.Org {
	e.T().Helper()
	o := e.demoOrg(demo.BranchName)
	slug := demo.DemoSlug
	if _, err := e.store.UpdateOrg(context.Background(), huoshui.Actor{Username: "test"}, o.ID, huoshui.OrgUpdate{Slug: &slug}); err != nil {
		e.T().Fatal(err)
	}
	o.Slug = slug
	return o
}
