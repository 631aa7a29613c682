package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// Templates: layout.html and partials.html are shared; every other file is
// one screen, parsed with them into a set of its own, once, at start-up.
//
//go:embed templates/*.html
var templateFiles embed.FS

type templates struct {
	sets map[string]*template.Template
}

func parseTemplates(a *assets) (*templates, error) {
	funcs := template.FuncMap{
		"asset": a.url,
		"add":   func(a, b int) int { return a + b },
		"date":  func(d huoshui.Date) string { return d.String() },
		"datetime": func(t time.Time) string {
			return t.In(chinaTime).Format("2006-01-02 15:04")
		},
		"datemd": func(t time.Time) string {
			return t.In(chinaTime).Format("01-02")
		},
		"clock": func(t time.Time) string {
			return t.In(chinaTime).Format("15:04")
		},
		// hours writes class hours as people write them: 2, 1.5, 0.8.
		"chars":     groupDigits,
		"hours":     func(h float64) string { return strconv.FormatFloat(math.Round(h*10)/10, 'f', -1, 64) },
		"maskID":    huoshui.MaskIDNumber,
		"maskPhone": huoshui.MaskPhone,
	}
	base, err := template.New("").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{sets: map[string]*template.Template{}}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		set, err := template.Must(base.Clone()).ParseFS(templateFiles, f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		t.sets[name] = set
	}
	return t, nil
}

// chinaTime is the zone times are shown in; they are stored in UTC.
var chinaTime = time.FixedZone("CST", 8*3600)

// Page is what every screen shows around its content. Each page struct
// embeds it; render fills it in.
type Page struct {
	Lang       string
	User       *huoshui.User
	Nav        []navItem
	Flash      string
	Problem    string // a problem with the input no single field shows (noteProblem)
	Crumbs     []crumb
	RequestURI string
	CSRF       string // the token of this browser's forms (csrf.go)
	msgs       *messages
}

func (p *Page) base() *Page { return p }

// T translates a message id for this page's reader.
func (p *Page) T(id string, args ...any) string { return p.msgs.T(p.Lang, id, args...) }

// Other is the language the switch offers.
func (p *Page) Other() string {
	if p.Lang == "en" {
		return "zh"
	}
	return "en"
}

type navItem struct {
	Href, Label string
	Active      bool
}

type crumb struct {
	Href, Label string
}

type pageData interface{ base() *Page }

// prepare fills what every page shows around its content; a handler that
// renders a fragment of its page first calls it early.
func (s *Server) prepare(r *http.Request, p *Page) {
	p.Lang = langFrom(r)
	p.User = userFrom(r.Context())
	p.msgs = s.msgs
	p.RequestURI = r.URL.RequestURI()
	p.CSRF = csrfFrom(r.Context())
	if n, ok := r.Context().Value(keyNotes).(*requestNotes); ok {
		p.Problem = n.problem
	}
	p.Nav = s.nav(p.User, r.URL.Path)
}

// render executes a screen into a buffer first, so a template failure
// becomes a clean 500 instead of half a page: it writes nothing then and
// returns the error, which the handler returns in turn.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, name string, data pageData) error {
	p := data.base()
	s.prepare(r, p)
	if len(p.Crumbs) == 0 && !ownCrumbs[name] {
		p.Crumbs = s.navCrumbs(p, r.URL.Path)
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		if msg, err := url.QueryUnescape(c.Value); err == nil {
			if id, args := splitFlash(msg); s.msgs.Has(p.Lang, id) {
				p.Flash = s.msgs.T(p.Lang, id, args...)
			}
		}
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1})
	}
	set, ok := s.tmpl.sets[name]
	if !ok {
		return fmt.Errorf("render: no template %q", name)
	}
	if len(p.Crumbs) == 0 && !ownCrumbs[name] && p.User != nil {
		p.Crumbs = titleCrumbs(set, data)
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := set.ExecuteTemplate(buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(code)
	w.Write(buf.Bytes())
	return nil
}

// renderBuffers keeps the buffers pages are rendered into, so a busy
// server does not grow a new one, page after page, from nothing.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putRenderBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 { // let the rare huge page go
		return
	}
	b.Reset()
	renderBuffers.Put(b)
}

const flashCookie = "huoshui_flash"

// flash leaves a short notice (a message id) for the next page.
func flash(w http.ResponseWriter, msgID string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(msgID), Path: "/", MaxAge: 60,
		HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

// flashWith leaves a notice whose message takes values, such as a count
// ("import.done", "Count", 3). Values travel as text.
func flashWith(w http.ResponseWriter, msgID string, args ...any) {
	if len(args) == 0 {
		flash(w, msgID)
		return
	}
	v := url.Values{}
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok {
			v.Set(k, fmt.Sprint(args[i+1]))
		}
	}
	flash(w, msgID+"?"+v.Encode())
}

// splitFlash reads a notice left by flash or flashWith.
func splitFlash(msg string) (string, []any) {
	id, query, ok := strings.Cut(msg, "?")
	if !ok {
		return id, nil
	}
	v, _ := url.ParseQuery(query)
	var args []any
	for k := range v {
		args = append(args, k, v.Get(k))
	}
	return id, args
}

// nav builds the navigation for what u may do.
func (s *Server) nav(u *huoshui.User, path string) []navItem {
	if u == nil || u.MustChangePassword {
		return nil
	}
	var items []navItem
	add := func(href, label string) {
		active := path == href || (href != "/" && strings.HasPrefix(path, href))
		items = append(items, navItem{href, label, active})
	}
	add("/", "nav.home")
	if auth.CanAnywhere(u, auth.ViewMember) && len(auth.Scope(u, auth.ViewMember).Paths) > 0 {
		add("/members", "nav.members")
	} else if u.MemberID != 0 {
		add(fmt.Sprintf("/members/%d", u.MemberID), "nav.my_record")
	}
	if auth.CanAnywhere(u, auth.ViewRecord) {
		add("/meetings", "nav.meetings")
		add("/materials", "nav.materials")
		add("/lectures", "nav.lectures")
		add("/discussions", "nav.discussions")
		add("/tasks", "nav.tasks")
		add("/outputs", "nav.outputs")
		add("/rooms", "nav.rooms")
	}
	if u.MemberID != 0 {
		add("/study", "nav.study")
	}
	switch {
	case len(auth.Scope(u, auth.EditRecord).Paths) > 0:
		add("/questions", "nav.questions")
	case auth.CanTakeSelfTest(u):
		add("/selftest", "nav.questions")
	}
	if u.MemberID != 0 || len(auth.DuesScope(u).Paths) > 0 {
		add("/dues", "nav.dues")
	}
	if len(auth.Scope(u, auth.EditMember).Paths) > 0 {
		add("/development", "development.link")
	}
	if auth.CanAnywhere(u, auth.ViewOrg) {
		add("/orgs", "nav.orgs")
	}
	if auth.CanAnywhere(u, auth.ManageAccounts) || auth.CanAnywhere(u, auth.ManageRoles) {
		add("/admin/users", "nav.users")
	}
	if auth.CanAnywhere(u, auth.ViewAudit) {
		add("/audit", "nav.audit")
	}
	return items
}

// groupDigits writes n with a comma every three digits (580,047), as a
// count of characters reads in Chinese documents.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
