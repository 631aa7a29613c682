package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
)

// The channel's public side: /p/{slug} lists an org's published
// articles, /p/{slug}/{id} shows one, /p/{slug}/feed.atom is the feed.
// No sign-in: what these pages read is only ever an article's published
// version (store.FindPublishedArticle(s)), never its newer draft, and a
// photo only when that published version shows it.

// origin is this site's address as the browser reached it, for the
// absolute links a shared page and a feed need.
func (s *Server) origin(r *http.Request) string {
	scheme := "http"
	if s.secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// publicLook writes a published article's body with its photos served
// from the public page.
func publicLook(slug string, x *huoshui.Article, prefix string) bodyLook {
	return bodyLook{src: func(p huoshui.Attachment) string {
		return fmt.Sprintf("%s/p/%s/%d/photos/%d", prefix, slug, x.ID, p.ID)
	}}
}

// publicOrg is the org of the path's slug.
func (s *Server) publicOrg(r *http.Request) (*huoshui.Org, error) {
	slug := r.PathValue("slug")
	if huoshui.CheckSlug(slug) != "" || slug == "" {
		return nil, fmt.Errorf("slug %q: %w", slug, huoshui.ErrNotFound)
	}
	return s.store.FindOrgBySlug(r.Context(), slug)
}

// publicArticleOf is the published article of the path's org.
func (s *Server) publicArticleOf(r *http.Request, o *huoshui.Org) (*huoshui.Article, error) {
	id, err := strconv.ParseInt(r.PathValue("article"), 10, 64)
	if err != nil || id <= 0 {
		return nil, fmt.Errorf("public article %q: %w", r.PathValue("article"), huoshui.ErrNotFound)
	}
	return s.store.FindPublishedArticle(r.Context(), o.ID, id)
}

type publicChannelPage struct {
	Page
	Org      *huoshui.Org
	Articles []*huoshui.Article
	URL      string
	FeedURL  string
	covers   map[int64]int64 // article → its published cover photo
}

// Cover is the address of an article's cover photo, or "" when its
// published version names none (or the photo was removed).
func (p *publicChannelPage) Cover(x *huoshui.Article) string {
	id, ok := p.covers[x.ID]
	if !ok {
		return ""
	}
	return fmt.Sprintf("/p/%s/%d/photos/%d", p.Org.Slug, x.ID, id)
}

// publicChannel is an org's public page: its published articles.
func (s *Server) publicChannel(w http.ResponseWriter, r *http.Request) error {
	o, err := s.publicOrg(r)
	if err != nil {
		return err
	}
	p := &publicChannelPage{Org: o, URL: s.origin(r) + "/p/" + o.Slug, FeedURL: "/p/" + o.Slug + "/feed.atom"}
	if p.Articles, err = s.store.FindPublishedArticles(r.Context(), o.ID, 100); err != nil {
		return err
	}
	if p.covers, err = s.store.FindPublishedCovers(r.Context(), o.ID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "channel_public", p)
}

type publicArticlePage struct {
	Page
	Org     *huoshui.Org
	A       *huoshui.Article
	V       huoshui.ArticleVersion // the published version
	Body    template.HTML
	URL     string
	Image   string // the cover's absolute address, for sharing
	Cover   string // the cover's address on the page, when the body does not place it
	FeedURL string
}

// publicArticle is one published article, its published version only.
func (s *Server) publicArticle(w http.ResponseWriter, r *http.Request) error {
	o, err := s.publicOrg(r)
	if err != nil {
		return err
	}
	x, err := s.publicArticleOf(r, o)
	if err != nil {
		return err
	}
	photos, err := s.store.FindArticleAttachments(r.Context(), x.ID)
	if err != nil {
		return err
	}
	p := &publicArticlePage{Org: o, A: x, V: *x.Published, FeedURL: "/p/" + o.Slug + "/feed.atom",
		URL: fmt.Sprintf("%s/p/%s/%d", s.origin(r), o.Slug, x.ID)}
	var placed map[int64]bool
	p.Body, placed = bodyHTML(p.V.Body, photos, publicLook(o.Slug, x, ""))
	for _, ph := range photos {
		if ph.Kind == huoshui.AttachmentPhoto && ph.Name == p.V.Cover {
			p.Image = publicLook(o.Slug, x, s.origin(r)).src(ph)
			if !placed[ph.ID] {
				p.Cover = publicLook(o.Slug, x, "").src(ph)
			}
			break
		}
	}
	return s.render(w, r, http.StatusOK, "article_public", p)
}

// Description is what a shared link says under the title: the summary,
// or the start of the body.
func (p *publicArticlePage) Description() string {
	if p.V.Summary != "" {
		return p.V.Summary
	}
	return articleExcerpt(p.V.Body)
}

// articleExcerpt is the first words of a body as plain text.
func articleExcerpt(body string) string {
	var parts []string
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		if _, _, img := huoshui.ImageLine(line); img || line == "" {
			continue
		}
		parts = append(parts, strings.TrimPrefix(strings.TrimPrefix(line, "## "), "- "))
	}
	return huoshui.Truncate(strings.Join(parts, " "), 120)
}

// publishedPhoto is a photo the published version of x shows: placed in
// its body or its cover. Any other, even of the same article, is not
// found here.
func (s *Server) publishedPhoto(ctx context.Context, x *huoshui.Article, aid int64) (*huoshui.Attachment, error) {
	a, err := s.store.FindArticleAttachment(ctx, x.ID, aid)
	if err != nil {
		return nil, err
	}
	if a.Kind == huoshui.AttachmentPhoto && a.Name == x.Published.Cover {
		return a, nil
	}
	photos, err := s.store.FindArticleAttachments(ctx, x.ID)
	if err != nil {
		return nil, err
	}
	_, placed := bodyHTML(x.Published.Body, photos, publicLook("", x, ""))
	if !placed[a.ID] {
		return nil, fmt.Errorf("photo %d is not in the published article %d: %w", aid, x.ID, huoshui.ErrNotFound)
	}
	return a, nil
}

// publicPhoto serves a photo of a published article's published version.
func (s *Server) publicPhoto(w http.ResponseWriter, r *http.Request) error {
	o, err := s.publicOrg(r)
	if err != nil {
		return err
	}
	x, err := s.publicArticleOf(r, o)
	if err != nil {
		return err
	}
	return s.serveAttachment(w, r, attachmentHolder{page: fmt.Sprintf("/p/%s/%d", o.Slug, x.ID),
		find: func(ctx context.Context, aid int64) (*huoshui.Attachment, error) {
			return s.publishedPhoto(ctx, x, aid)
		}}, false)
}
