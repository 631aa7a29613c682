package web

import (
	"html/template"
	"strings"
)

// navCrumbs is the breadcrumb of a page that sets none: a page the
// navigation leads to (a list at the top of its area) is the one step of
// its trail, named as the navigation names it.
func (s *Server) navCrumbs(p *Page, path string) []crumb {
	for _, n := range p.Nav {
		if n.Href == path {
			return []crumb{{Label: p.T(n.Label)}}
		}
	}
	return nil
}

// titleCrumbs is the last resort of a page that sets no breadcrumb and
// that the navigation does not name: the page's own title as its one step,
// so no page stands without saying where the reader is.
func titleCrumbs(set *template.Template, data any) []crumb {
	var b strings.Builder
	if set.Lookup("title") == nil || set.ExecuteTemplate(&b, "title", data) != nil {
		return nil
	}
	if t := strings.TrimSpace(b.String()); t != "" {
		return []crumb{{Label: t}}
	}
	return nil
}
