package web

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"time"
)

// The Atom feed of an org's channel (RFC 4287): each published article
// with its published version's title, authors, summary and text as HTML.

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     string       `xml:"title"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published"`
	Authors   []atomPerson `xml:"author"`
	Links     []atomLink   `xml:"link"`
	Summary   *atomText    `xml:"summary,omitempty"`
	Content   atomText     `xml:"content"`
}

// publicFeed answers /p/{slug}/feed.atom.
func (s *Server) publicFeed(w http.ResponseWriter, r *http.Request) error {
	o, err := s.publicOrg(r)
	if err != nil {
		return err
	}
	xs, err := s.store.FindPublishedArticles(r.Context(), o.ID, 50)
	if err != nil {
		return err
	}
	base := s.origin(r) + "/p/" + o.Slug
	f := atomFeed{ID: base, Title: o.Name, Author: atomPerson{Name: o.Name},
		Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: base}, {Rel: "self", Type: "application/atom+xml", Href: base + "/feed.atom"}}}
	updated := o.UpdatedAt
	for _, x := range xs {
		v := x.Published
		at := v.CreatedAt
		if x.PublishedAt != nil {
			at = *x.PublishedAt
		}
		if at.After(updated) {
			updated = at
		}
		link := fmt.Sprintf("%s/%d", base, x.ID)
		photos, err := s.store.FindArticleAttachments(r.Context(), x.ID)
		if err != nil {
			return err
		}
		body, _ := bodyHTML(v.Body, photos, publicLook(o.Slug, x, s.origin(r)))
		e := atomEntry{ID: link, Title: v.Title, Updated: at.UTC().Format(time.RFC3339),
			Published: at.UTC().Format(time.RFC3339), Authors: []atomPerson{{Name: v.Authors}},
			Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: link}}, Content: atomText{Type: "html", Body: string(body)}}
		if v.Summary != "" {
			e.Summary = &atomText{Type: "text", Body: v.Summary}
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write([]byte(xml.Header))
	w.Write(out)
	return nil
}
