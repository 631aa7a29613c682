package web

import (
	"fmt"
	"html/template"
	"net/http"

	"github.com/huoshui/huoshui"
)

// The copy for the WeChat editor (公众号编辑器): the article written
// with inline styles only, no class, since a paste keeps the style
// attributes and nothing of this site's stylesheet. A button copies it
// as text/html (static/wechat.js); without it, the page says to select
// all and copy.

// wechatStyle is the look of each element of a pasted article.
var wechatStyle = map[string]string{
	"section":    "font-size:16px;line-height:1.75;color:#222;letter-spacing:0.5px;",
	"h1":         "font-size:22px;line-height:1.4;font-weight:bold;margin:0 0 12px;color:#222;",
	"h2":         "font-size:18px;font-weight:bold;margin:24px 0 12px;padding-left:10px;border-left:4px solid #b3261e;color:#b3261e;",
	"p":          "margin:0 0 16px;text-align:justify;",
	"ul":         "margin:0 0 16px;padding-left:24px;",
	"li":         "margin:0 0 6px;",
	"a":          "color:#576b95;text-decoration:none;",
	"figure":     "margin:16px 0;text-align:center;",
	"img":        "max-width:100%;height:auto;display:block;margin:0 auto;",
	"figcaption": "font-size:14px;color:#888;margin-top:6px;text-align:center;",
	"byline":     "font-size:14px;color:#888;margin:0 0 20px;",
}

type articleWeChatPage struct {
	Page
	A       *huoshui.Article
	Styled  template.HTML
	Section template.CSS
	H1      template.CSS
	Byline  template.CSS
}

// articleWeChat shows the article's newest version ready to paste, to
// those who keep the org's articles and its reviewer.
func (s *Server) articleWeChat(w http.ResponseWriter, r *http.Request) error {
	x, err := s.editableArticle(r)
	if err != nil {
		return err
	}
	photos, err := s.store.FindArticleAttachments(r.Context(), x.ID)
	if err != nil {
		return err
	}
	origin := s.origin(r)
	look := bodyLook{style: wechatStyle, src: func(p huoshui.Attachment) string {
		return fmt.Sprintf("%s/articles/%d/photos/%d", origin, x.ID, p.ID)
	}}
	if x.Published != nil && x.OrgSlug != "" && x.Published.Body == x.Version.Body {
		// The public page serves the photos to the editor's servers.
		look.src = publicLook(x.OrgSlug, x, origin).src
	}
	p := &articleWeChatPage{A: x, Section: template.CSS(wechatStyle["section"]),
		H1: template.CSS(wechatStyle["h1"]), Byline: template.CSS(wechatStyle["byline"])}
	p.Styled, _ = bodyHTML(x.Version.Body, photos, look)
	p.Crumbs = []crumb{{Href: articlePath(x), Label: x.Version.Title}, {Label: s.msgs.T(langFrom(r), "articles.wechat")}}
	// The copy's style attributes must show as they will paste; nothing
	// here is typed by a user into a style.
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
	return s.render(w, r, http.StatusOK, "article_wechat", p)
}
