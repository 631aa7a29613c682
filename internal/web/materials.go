package web

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/search"
)

// findVisibleMaterial loads the material in the path through the user's
// view (its org or one below it, or an assignment); any other is "not
// found".
func (s *Server) findVisibleMaterial(r *http.Request) (*huoshui.Material, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.store.FindMaterialByID(r.Context(), auth.Scope(userFrom(r.Context()), auth.ViewRecord), id)
}

// editableMaterial loads the material for a change: 404 outside the
// user's view, 403 for someone who may read it but not keep it.
func (s *Server) editableMaterial(r *http.Request) (*huoshui.Material, error) {
	m, err := s.findVisibleMaterial(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: m.OrgPath}) {
		return nil, fmt.Errorf("material %d: %w", m.ID, huoshui.ErrForbidden)
	}
	return m, nil
}

// materialPath is a material's page.
func materialPath(m *huoshui.Material) string { return fmt.Sprintf("/materials/%d", m.ID) }

const materialPageSize = 20

// materialQuery is what the list's filter bar asks for.
type materialQuery struct {
	Q        string
	Cut      bool // Q is the start of a longer search
	Tag      string
	Mine     bool
	Archived bool
	Page     int
}

func parseMaterialQuery(v url.Values) materialQuery {
	q := materialQuery{Page: 1}
	full := strings.TrimSpace(v.Get("q"))
	q.Q = huoshui.Truncate(full, search.MaxQueryRunes)
	q.Cut = len(q.Q) < len(full)
	q.Tag = huoshui.Truncate(strings.TrimSpace(v.Get("tag")), huoshui.MaterialTagMax)
	q.Mine = v.Get("mine") == "1"
	q.Archived = v.Get("archived") == "1"
	if p, err := strconv.Atoi(v.Get("page")); err == nil && p > 0 {
		q.Page = p
	}
	return q
}

func (q materialQuery) link(page int) string {
	v := url.Values{}
	if q.Q != "" {
		v.Set("q", q.Q)
	}
	if q.Tag != "" {
		v.Set("tag", q.Tag)
	}
	if q.Mine {
		v.Set("mine", "1")
	}
	if q.Archived {
		v.Set("archived", "1")
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return "/materials?" + v.Encode()
}

// MaxRunes is how much of a search is read.
func (q materialQuery) MaxRunes() int { return search.MaxQueryRunes }

// TagLink lists the materials with a tag, keeping the rest of the query.
func (q materialQuery) TagLink(tag string) string {
	q.Tag = tag
	return q.link(1)
}

// ArchivedLink switches between the current and the archived materials.
func (q materialQuery) ArchivedLink() string {
	q.Archived = !q.Archived
	return q.link(1)
}

// filter is the store's filter for the query, within what u may see.
func (q materialQuery) filter(u *huoshui.User) huoshui.MaterialFilter {
	f := huoshui.MaterialFilter{Scope: auth.Scope(u, auth.ViewRecord), Query: q.Q, Tag: q.Tag, Archived: q.Archived,
		Limit: materialPageSize, Offset: (q.Page - 1) * materialPageSize, CountUpTo: huoshui.MaterialSearchWindow}
	if q.Mine {
		f.AssignedTo = u.MemberID
		if u.MemberID == 0 {
			f.Scope = huoshui.Scope{} // nobody to assign to: nothing
		}
	}
	return f
}

// materialRow is a listed material with its snippet as HTML (escaped and
// marked by internal/search).
type materialRow struct {
	M       *huoshui.Material
	Snippet template.HTML
}

type materialsListPage struct {
	Page
	Query     materialQuery
	Rows      []materialRow
	Total     int
	Many      bool // the search found more than it counts: Total is the window
	Pager     *pager
	Assigned  []huoshui.AssignedMaterial
	CanCreate bool
}

// materialsList shows the materials the user may read: a search over
// title and body (best matches first), a tag, "assigned to me"; above
// them what is assigned to the reader, with the due date and whether
// they have read it.
func (s *Server) materialsList(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if !auth.CanAnywhere(u, auth.ViewRecord) {
		return huoshui.ErrForbidden
	}
	q := parseMaterialQuery(r.URL.Query())
	p := &materialsListPage{Query: q}
	s.prepare(r, &p.Page)
	orgs, err := s.plannableOrgs(r.Context(), u)
	if err != nil {
		return err
	}
	p.CanCreate = len(orgs) > 0
	if u.MemberID != 0 && q.Page == 1 && q.Q == "" && !q.Mine && !q.Archived {
		if p.Assigned, err = s.store.FindAssignedMaterials(r.Context(), u.MemberID); err != nil {
			return err
		}
	}
	hits, total, err := s.store.FindMaterials(r.Context(), q.filter(u))
	if err != nil {
		return err
	}
	for _, h := range hits {
		p.Rows = append(p.Rows, materialRow{M: h.Material, Snippet: template.HTML(h.Snippet)})
	}
	p.Total = total
	if q.Q != "" && total > huoshui.MaterialSearchWindow {
		// Found in more materials than the search ranks: say "more than",
		// and page through the ranked ones.
		p.Many, p.Total = true, huoshui.MaterialSearchWindow
	}
	p.Pager = newPager(&p.Page, p.Total, q.Page, materialPageSize, func(page string) string {
		n, _ := strconv.Atoi(page)
		return q.link(n)
	})
	p.Crumbs = []crumb{{Label: s.msgs.T(p.Lang, "nav.materials")}}
	return s.render(w, r, http.StatusOK, "materials_list", p)
}

type materialViewPage struct {
	Page
	M           *huoshui.Material
	Body        template.HTML
	Placed      map[int64]bool // the photos the body shows
	CanEdit     bool
	Assignments []huoshui.MaterialAssignment
	Orgs        []*huoshui.Org // where the reader may assign it
	Read        huoshui.MaterialRead
	Reader      bool // the reader has a member record: reading time counts
	Estimate    int  // minutes
	Form        form
	attachmentsView
}

// materialView shows one material to read. For a member the page sends
// reading heartbeats (static/app.js); for an officer it lists the
// assignments and offers to assign it.
func (s *Server) materialView(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findVisibleMaterial(r)
	if err != nil {
		return err
	}
	return s.renderMaterial(w, r, http.StatusOK, m, newForm(nil))
}

func (s *Server) renderMaterial(w http.ResponseWriter, r *http.Request, code int, m *huoshui.Material, f form) error {
	ctx := r.Context()
	u := userFrom(ctx)
	p := &materialViewPage{M: m, Form: f, Reader: u.MemberID != 0, Estimate: int(m.ReadingEstimate().Minutes() + 0.5)}
	p.CanEdit = auth.Can(u, auth.EditRecord, auth.Object{OrgPath: m.OrgPath})
	var err error
	if p.Attachments, err = s.store.FindMaterialAttachments(ctx, m.ID); err != nil {
		return err
	}
	p.Body, p.Placed = materialHTML(m.Body, m.ID, p.Photos())
	// Which orgs a material went to, and by when, is for those who keep it.
	if p.CanEdit {
		if p.Assignments, err = s.store.FindMaterialAssignments(ctx, m.ID); err != nil {
			return err
		}
	}
	if p.Orgs, err = s.plannableOrgs(ctx, u); err != nil {
		return err
	}
	if p.Reader {
		if p.Read, err = s.store.FindMaterialRead(ctx, u.MemberID, m.ID); err != nil {
			return err
		}
	}
	p.Crumbs = []crumb{{Href: "/materials", Label: s.msgs.T(langFrom(r), "nav.materials")}, {Label: m.Title}}
	return s.render(w, r, code, "material_view", p)
}

// ReadMinutes is the reader's counted reading time, in whole minutes.
func (p *materialViewPage) ReadMinutes() int { return p.Read.Seconds / 60 }

var linkRE = regexp.MustCompile(`\[([^\]\n]+)\]\(([^)\s]+)\)`)

// materialHTML renders a material's body: paragraphs separated by blank
// lines, "## " headings, "- " list items, [text](url) links to http,
// https, mailto or this site, and lines ![说明](name.jpg) that place one
// of the material's photos (by its file name) as a figure. Everything
// else is text, escaped: no HTML a user typed ever reaches the page, and
// an image line whose target is not one of the photos (an address
// elsewhere, a photo since removed) stays text, so that the page never
// loads a picture from another site (the CSP forbids it, and it would
// tell that site who reads what). It also returns which photos the body
// places; the page shows the others after it.
func materialHTML(body string, materialID int64, photos []huoshui.Attachment) (template.HTML, map[int64]bool) {
	return bodyHTML(body, photos, bodyLook{src: func(p huoshui.Attachment) string {
		return fmt.Sprintf("/materials/%d/attachments/%d", materialID, p.ID)
	}})
}

// bodyLook is how bodyHTML writes a body: where a placed photo's bytes
// are (src), and, for a copy pasted into another editor that keeps no
// stylesheet (the WeChat editor), the inline style of each element
// (style: element name → CSS), which leaves no class behind.
type bodyLook struct {
	src   func(huoshui.Attachment) string
	style map[string]string
}

// tag opens element name with its inline style, if any.
func (l bodyLook) tag(name string) string {
	if css, ok := l.style[name]; ok {
		return "<" + name + ` style="` + html.EscapeString(css) + `">`
	}
	return "<" + name + ">"
}

// bodyHTML renders a body of the study materials' format (materialHTML
// says which); the channel's articles are written in it too.
func bodyHTML(body string, photos []huoshui.Attachment, look bodyLook) (template.HTML, map[int64]bool) {
	byName := map[string]huoshui.Attachment{}
	for _, p := range photos {
		if _, dup := byName[p.Name]; p.Kind == huoshui.AttachmentPhoto && !dup {
			byName[p.Name] = p // the oldest of a name, should two share one
		}
	}
	placed := map[int64]bool{}
	var b strings.Builder
	inline := func(s string) string {
		var out strings.Builder
		last := 0
		for _, m := range linkRE.FindAllStringSubmatchIndex(s, -1) {
			text, href := s[m[2]:m[3]], s[m[4]:m[5]]
			out.WriteString(html.EscapeString(s[last:m[0]]))
			if huoshui.SafeLink(href) {
				out.WriteString(strings.TrimSuffix(look.tag("a"), ">") + ` href="` + html.EscapeString(href) + `" rel="noopener noreferrer">` + html.EscapeString(text) + `</a>`)
			} else {
				out.WriteString(html.EscapeString(s[m[0]:m[1]]))
			}
			last = m[1]
		}
		out.WriteString(html.EscapeString(s[last:]))
		return out.String()
	}
	body = strings.ReplaceAll(body, "\r\n", "\n")
	for _, block := range strings.Split(body, "\n\n") {
		var para []string
		inList := false
		flush := func() {
			if len(para) > 0 {
				b.WriteString(look.tag("p") + strings.Join(para, "<br>") + "</p>\n")
				para = nil
			}
		}
		closeList := func() {
			if inList {
				b.WriteString("</ul>\n")
				inList = false
			}
		}
		for _, line := range strings.Split(block, "\n") {
			line = strings.TrimRight(line, " \t")
			caption, target, isImage := huoshui.ImageLine(line)
			photo, ok := byName[target]
			switch {
			case strings.TrimSpace(line) == "":
			case isImage && ok:
				flush()
				closeList()
				b.WriteString(figureHTML(look, photo, caption))
				placed[photo.ID] = true
			case isImage:
				// Not one of the material's photos: the line as it was typed.
				closeList()
				para = append(para, html.EscapeString(strings.TrimSpace(line)))
			case strings.HasPrefix(line, "## "):
				flush()
				closeList()
				b.WriteString(look.tag("h2") + inline(strings.TrimSpace(line[3:])) + "</h2>\n")
			case strings.HasPrefix(line, "- "):
				flush()
				if !inList {
					b.WriteString(look.tag("ul") + "\n")
					inList = true
				}
				b.WriteString(look.tag("li") + inline(strings.TrimSpace(line[2:])) + "</li>\n")
			default:
				closeList()
				para = append(para, inline(strings.TrimSpace(line)))
			}
		}
		flush()
		closeList()
	}
	return template.HTML(b.String()), placed
}

// figureHTML is a photo placed in a material's body: the photo itself
// (at most 2560 px, scaled by the page), its caption below. Without a
// caption the file name is the image's text for those who cannot see it.
// The width and height keep the text from jumping as the photo loads.
func figureHTML(look bodyLook, p huoshui.Attachment, caption string) string {
	alt := caption
	if alt == "" {
		alt = p.Name
	}
	var b strings.Builder
	b.WriteString(look.tag("figure"))
	fmt.Fprintf(&b, `<img src="%s" alt="%s"`, html.EscapeString(look.src(p)), html.EscapeString(alt))
	if css, ok := look.style["img"]; ok {
		b.WriteString(` style="` + html.EscapeString(css) + `"`)
	} else {
		b.WriteString(` loading="lazy"`)
	}
	if _, styled := look.style["img"]; p.Width > 0 && p.Height > 0 && !styled {
		fmt.Fprintf(&b, ` width="%d" height="%d"`, p.Width, p.Height)
	}
	b.WriteString(">")
	if caption != "" {
		b.WriteString(look.tag("figcaption") + html.EscapeString(caption) + "</figcaption>")
	}
	b.WriteString("</figure>\n")
	return b.String()
}

// apiMaterial is a found material in the API.
type apiMaterial struct {
	ID      int64  `json:"id"`
	Title   string `json:"title"`
	Snippet string `json:"snippet"`
}

// apiMaterialsList answers GET /api/v1/materials?q=TEXT&page=N: the
// materials the reader may see, best matches first (newest first without
// q), 100 a page, each with a snippet (HTML, escaped, matches in <mark>).
func (s *Server) apiMaterialsList(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if !auth.CanAnywhere(u, auth.ViewRecord) {
		return huoshui.ErrForbidden
	}
	q := r.URL.Query()
	f := huoshui.MaterialFilter{Scope: auth.Scope(u, auth.ViewRecord), Query: q.Get("q"), Limit: 100}
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 {
		f.Offset = (p - 1) * f.Limit
	}
	hits, total, err := s.store.FindMaterials(r.Context(), f)
	if err != nil {
		return err
	}
	out := struct {
		Materials []apiMaterial `json:"materials"`
		Total     int           `json:"total"`
	}{Materials: []apiMaterial{}, Total: total}
	for _, h := range hits {
		out.Materials = append(out.Materials, apiMaterial{ID: h.Material.ID, Title: h.Material.Title, Snippet: h.Snippet})
	}
	s.writeJSON(w, http.StatusOK, out)
	return nil
}
