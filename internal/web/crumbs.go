package web

import (
	"html/template"
	"strings"
)

// ownCrumbs are the pages with no breadcrumb of the layout's: home, the
// top of everything; the error page; a node's page, which draws its trail
// itself (ancestors the reader may not open are named without a link).
var ownCrumbs = map[string]bool{"home": true, "error": true, "org_view": true}

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
