package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/clean"
)

// A saved news page becomes a study material in two steps: the page is
// cleaned (internal/clean: encodings, mirror-site spam, Traditional
// characters, glued pinyin, shifted GBK) and shown beside what was read,
// with nothing saved; the officer corrects the result in the material
// form and saves it as any other material.

// maxPageUpload bounds the request of a page import: the page and a
// pasted copy.
const maxPageUpload = clean.MaxBytes + 1<<20

// originalShown is how much of the page as read the preview shows.
const originalShown = 30000

type materialImportPage struct {
	Page
	Form      form
	Orgs      []*huoshui.Org
	Article   *clean.Article
	Original  string
	Truncated bool
}

// Body is the cleaned article as a material's body: the subtitle and the
// paragraphs, separated by blank lines.
func (p *materialImportPage) Body() string {
	var parts []string
	if p.Article.Subtitle != "" {
		parts = append(parts, p.Article.Subtitle)
	}
	parts = append(parts, p.Article.Paragraphs...)
	return strings.Join(parts, "\n\n")
}

// PublishedOn is the article's date as the form writes it, when it reads
// as one.
func (p *materialImportPage) PublishedOn() string {
	d, err := huoshui.ParseDateText(strings.TrimSpace(p.Article.Date))
	if err != nil || d.IsZero() {
		return ""
	}
	return d.String()
}

func (s *Server) renderMaterialImport(w http.ResponseWriter, r *http.Request, code int, p *materialImportPage) error {
	var err error
	if p.Orgs, err = s.plannableOrgs(r.Context(), userFrom(r.Context())); err != nil {
		return err
	}
	if len(p.Orgs) == 0 {
		return huoshui.ErrForbidden
	}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: "/materials", Label: s.msgs.T(lang, "nav.materials")}, {Label: s.msgs.T(lang, "materials.import.title")}}
	return s.render(w, r, code, "material_import", p)
}

// materialImportForm asks for a saved page: a file, or its text pasted.
func (s *Server) materialImportForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderMaterialImport(w, r, http.StatusOK, &materialImportPage{Form: newForm(nil)})
}

// readPage reads the page of an import request: the uploaded file named
// field, or else the pasted text. It answers the message id of what is
// wrong with the request itself.
func readPage(w http.ResponseWriter, r *http.Request, field string) (raw []byte, name, problem string, err error) {
	if r.MultipartForm == nil && r.PostForm == nil {
		r.Body = http.MaxBytesReader(w, r.Body, maxPageUpload)
		mt := r.Header.Get("Content-Type")
		if strings.HasPrefix(mt, "multipart/form-data") {
			err = r.ParseMultipartForm(1 << 20)
		} else {
			err = r.ParseForm()
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, "", "materials.import.too_large", nil
		}
		if err != nil {
			return nil, "", "materials.import.none", nil
		}
	}
	if r.MultipartForm != nil {
		if heads := r.MultipartForm.File[field]; len(heads) > 0 {
			raw, err := readUpload(heads[0])
			if err != nil {
				return nil, "", "", err
			}
			if len(raw) > clean.MaxBytes {
				return nil, "", "materials.import.too_large", nil
			}
			return raw, heads[0].Filename, "", nil
		}
	}
	if text := r.FormValue("text"); strings.TrimSpace(text) != "" {
		return []byte(text), "", "", nil
	}
	return nil, "", "materials.import.none", nil
}

func readUpload(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, clean.MaxBytes+1))
}

// cleanProblem is the message id of the cleaner's refusal.
func cleanProblem(err error) string {
	switch {
	case errors.Is(err, clean.ErrEmpty):
		return "materials.import.empty"
	case errors.Is(err, clean.ErrTooLarge):
		return "materials.import.too_large"
	case errors.Is(err, clean.ErrNoArticle):
		return "materials.import.no_article"
	case errors.Is(err, clean.ErrBinary) && strings.Contains(err.Error(), "encoding"):
		return "materials.import.encoding"
	case errors.Is(err, clean.ErrBinary):
		return "materials.import.binary"
	}
	return ""
}

// materialImportPreview cleans the page and shows it beside what was
// read; nothing is saved until the material form below is sent.
func (s *Server) materialImportPreview(w http.ResponseWriter, r *http.Request) error {
	if auth.Scope(userFrom(r.Context()), auth.EditRecord).Empty() {
		return huoshui.ErrForbidden
	}
	p := &materialImportPage{Form: newForm(nil)}
	lang := langFrom(r)
	raw, name, problem, err := readPage(w, r, "page")
	if err != nil {
		return err
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if problem == "" {
		a, err := clean.Page(raw, name)
		if problem = cleanProblem(err); problem == "" && err != nil {
			return err
		}
		p.Article = a
	}
	if problem != "" {
		code := http.StatusUnprocessableEntity
		if problem == "materials.import.too_large" {
			code = http.StatusRequestEntityTooLarge
		}
		p.Form.Fail("page", s.msgs.T(lang, problem, "MB", clean.MaxBytes>>20))
		p.Article = nil
		return s.renderMaterialImport(w, r, code, p)
	}
	p.Original = p.Article.Original
	if utf8.RuneCountInString(p.Original) > originalShown {
		p.Original, p.Truncated = string([]rune(p.Original)[:originalShown]), true
	}
	return s.renderMaterialImport(w, r, http.StatusOK, p)
}

// apiMaterialImport answers POST /api/v1/materials/import (multipart, the
// file in "page") with the cleaned article, saving nothing.
func (s *Server) apiMaterialImport(w http.ResponseWriter, r *http.Request) error {
	if auth.Scope(userFrom(r.Context()), auth.EditRecord).Empty() {
		return huoshui.ErrForbidden
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return s.importProblem(w, r, http.StatusUnsupportedMediaType, "materials.import.multipart")
	}
	raw, name, problem, err := readPage(w, r, "page")
	if err != nil {
		return err
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if problem == "" && r.MultipartForm != nil && len(r.MultipartForm.File["page"]) == 0 {
		problem = "materials.import.none"
	}
	if problem == "" {
		a, err := clean.Page(raw, name)
		if problem = cleanProblem(err); problem == "" && err != nil {
			return err
		}
		if problem == "" {
			paras := a.Paragraphs
			if paras == nil {
				paras = []string{}
			}
			s.writeJSON(w, http.StatusOK, map[string]any{"title": a.Title, "subtitle": a.Subtitle, "date": a.Date,
				"source": a.Source, "paragraphs": paras})
			return nil
		}
	}
	code := http.StatusUnprocessableEntity
	if problem == "materials.import.too_large" {
		code = http.StatusRequestEntityTooLarge
	}
	return s.importProblem(w, r, code, problem)
}

func (s *Server) importProblem(w http.ResponseWriter, r *http.Request, code int, id string) error {
	s.writeJSON(w, code, map[string]any{"error": s.msgs.T(langFrom(r), id, "MB", clean.MaxBytes>>20)})
	return nil
}
