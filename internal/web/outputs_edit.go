package web

import (
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
	"github.com/huoshui/huoshui/internal/rules"
)

// The output form: one template for every kind, showing the kind's
// fields. A drafted document's characters are counted from an uploaded
// .docx (kept as its evidence) or from pasted text, or entered; the
// record says which.

// outputInput is what the form gives: the output, and the .docx its
// characters were counted from, to keep as evidence.
type outputInput struct {
	X    *huoshui.Output
	Docx *upload
}

// readOutputForm reads the form of an output of kind k. before is the
// record being edited (nil for a new one): a count from a .docx or text
// is kept when the form brings no new file or text.
func (s *Server) readOutputForm(r *http.Request, v url.Values, ve *huoshui.ValidationError, k huoshui.OutputKind, before *huoshui.Output) (*outputInput, error) {
	x := &huoshui.Output{Kind: k, Title: v.Get("title"), Level: huoshui.OutputLevel(v.Get("level")), Outlet: v.Get("outlet"),
		Link: v.Get("link"), Issuer: v.Get("issuer"), DocKind: huoshui.DocumentKind(v.Get("doc_kind")),
		Problem: v.Get("problem"), Change: v.Get("change"), Before: v.Get("before"), After: v.Get("after"),
		Status: huoshui.InnovationStatus(v.Get("innovation_status"))}
	x.OrgID, _ = strconv.ParseInt(v.Get("org_id"), 10, 64)
	x.Date = readDate(v, "dated_on", true, ve)
	for _, raw := range v["owners"] {
		if id, err := strconv.ParseInt(raw, 10, 64); err == nil && id > 0 {
			x.Owners = append(x.Owners, huoshui.OutputOwner{MemberID: id})
		}
	}
	in := &outputInput{X: x}
	if k == huoshui.OutputDocument {
		if err := s.readCharacters(r, v, ve, in, before); err != nil {
			return nil, err
		}
	}
	if err := x.Validate(s.today()); err != nil {
		for _, fe := range err.(*huoshui.ValidationError).Fields {
			if !ve.Has(fe.Field) {
				ve.Fields = append(ve.Fields, fe)
			}
		}
	}
	return in, nil
}

// readCharacters reads how a document's characters are given: counted
// from an uploaded .docx, from pasted text, or entered.
func (s *Server) readCharacters(r *http.Request, v url.Values, ve *huoshui.ValidationError, in *outputInput, before *huoshui.Output) error {
	x := in.X
	x.CharSource = huoshui.CharSource(v.Get("char_source"))
	keep := func() bool {
		if before != nil && before.Kind == huoshui.OutputDocument && before.CharSource == x.CharSource {
			x.Characters = before.Characters
			return true
		}
		return false
	}
	switch x.CharSource {
	case huoshui.CharsEntered, "":
		x.CharSource = huoshui.CharsEntered
		raw := strings.TrimSpace(huoshui.FoldWidth(strings.ReplaceAll(v.Get("characters"), ",", "")))
		if raw == "" {
			ve.Add("characters", "required")
			return nil
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			ve.Add("characters", "output.characters_format", "Value", huoshui.Truncate(raw, 20))
			return nil
		}
		x.Characters = n
	case huoshui.CharsFromText:
		text := v.Get("pasted_text")
		if strings.TrimSpace(text) == "" {
			if !keep() {
				ve.Add("pasted_text", "output.text_required")
			}
			return nil
		}
		x.Characters = rules.CountCharacters(text)
	case huoshui.CharsFromDocx:
		var fh []*multipart.FileHeader
		if r.MultipartForm != nil {
			fh = r.MultipartForm.File["docx"]
		}
		if len(fh) == 0 {
			if !keep() {
				ve.Add("docx", "output.docx_required")
			}
			return nil
		}
		up, why, err := s.checkUpload(r.Context(), fh[0])
		if err != nil {
			return err
		}
		if why != nil || up.att.ContentType != ooxmlTypes[".docx"].contentType {
			ve.Add("docx", "output.docx_not_word")
			return nil
		}
		f, err := fh[0].Open()
		if err != nil {
			return err
		}
		defer f.Close()
		text, err := report.DocxText(f, fh[0].Size)
		if errors.Is(err, report.ErrNotDocx) || errors.Is(err, report.ErrUnpacksTooLarge) {
			ve.Add("docx", "output.docx_not_word")
			return nil
		}
		if err != nil {
			return err
		}
		x.Characters = rules.CountCharacters(text)
		in.Docx = up
	default:
		ve.Add("char_source", "output.char_source_unknown")
	}
	return nil
}

// outputValues is the form filled with an output, for its edit.
func outputValues(x *huoshui.Output) url.Values {
	v := url.Values{}
	v.Set("org_id", strconv.FormatInt(x.OrgID, 10))
	v.Set("title", x.Title)
	v.Set("dated_on", x.Date.String())
	v.Set("level", string(x.Level))
	v.Set("outlet", x.Outlet)
	v.Set("link", x.Link)
	v.Set("issuer", x.Issuer)
	v.Set("doc_kind", string(x.DocKind))
	v.Set("characters", strconv.Itoa(x.Characters))
	v.Set("char_source", string(x.CharSource))
	v.Set("problem", x.Problem)
	v.Set("change", x.Change)
	v.Set("before", x.Before)
	v.Set("after", x.After)
	v.Set("innovation_status", string(x.Status))
	for _, ow := range x.OwnerIDs() {
		v.Add("owners", strconv.FormatInt(ow, 10))
	}
	return v
}

type outputFormPage struct {
	Page
	Form     form
	Kind     huoshui.OutputKind
	X        *huoshui.Output  // nil for a new output
	Orgs     []*huoshui.Org   // where a new output may be kept
	Org      *huoshui.Org     // where it is kept
	People   []huoshui.Member // whom it may belong to
	Levels   []huoshui.OutputLevel
	DocKinds []huoshui.DocumentKind
	Statuses []huoshui.InnovationStatus
}

// Action is where the form posts.
func (p *outputFormPage) Action() string {
	if p.X == nil {
		return "/outputs"
	}
	return outputPath(p.X)
}

// Owns reports whether member id is ticked as an owner.
func (p *outputFormPage) Owns(id int64) bool {
	return slices.Contains(p.Form.Values["owners"], strconv.FormatInt(id, 10))
}

// TextFields are an innovation's fields of text, in the form's order.
func (p *outputFormPage) TextFields() []string {
	return []string{"problem", "change", "before", "after"}
}

// Source reports whether the characters come from source c (the form's
// choice; entered by default).
func (p *outputFormPage) Source(c string) bool {
	got := p.Form.Get("char_source")
	return got == c || (got == "" && c == string(huoshui.CharsEntered))
}

// KeptCount is the count a document has from a .docx or text, kept when
// the form brings no new one (0: none).
func (p *outputFormPage) KeptCount(c string) int {
	if p.X != nil && p.X.Kind == huoshui.OutputDocument && string(p.X.CharSource) == c {
		return p.X.Characters
	}
	return 0
}

func (s *Server) outputForm(w http.ResponseWriter, r *http.Request, code int, f form, k huoshui.OutputKind, x *huoshui.Output, org *huoshui.Org, orgs []*huoshui.Org) error {
	ctx := r.Context()
	p := &outputFormPage{Form: f, Kind: k, X: x, Org: org, Orgs: orgs, Levels: huoshui.OutputLevels,
		DocKinds: huoshui.DocumentKinds, Statuses: huoshui.InnovationStatuses}
	ms, _, err := s.store.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{Paths: []string{org.Path}}, Limit: 300})
	if err != nil {
		return err
	}
	for _, m := range ms {
		p.People = append(p.People, *m)
	}
	if x != nil {
		// An owner who has since left the org stays on the record.
		for _, ow := range x.Owners {
			if !slices.ContainsFunc(p.People, func(m huoshui.Member) bool { return m.ID == ow.MemberID }) {
				p.People = append(p.People, huoshui.Member{ID: ow.MemberID, Name: ow.Name})
			}
		}
	}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: "/outputs", Label: s.msgs.T(lang, "nav.outputs")},
		{Href: "/outputs?kind=" + string(k), Label: s.msgs.T(lang, "outputs.kind."+string(k))}}
	if x != nil {
		p.Crumbs = append(p.Crumbs, crumb{Href: outputPath(x), Label: x.Title}, crumb{Label: s.msgs.T(lang, "action.edit")})
	} else {
		p.Crumbs = append(p.Crumbs, crumb{Label: s.msgs.T(lang, "outputs.new."+string(k))})
	}
	return s.render(w, r, code, "output_form", p)
}

// outputNew shows the form for a new output of ?kind=, kept at ?org= (or
// the reader's first org where they keep records).
func (s *Server) outputNew(w http.ResponseWriter, r *http.Request) error {
	orgs, err := s.outputOrgs(r.Context(), userFrom(r.Context()))
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		return huoshui.ErrForbidden
	}
	k := huoshui.OutputKind(r.URL.Query().Get("kind"))
	if !k.Valid() {
		k = huoshui.OutputPublication
	}
	org := orgs[0]
	if id, _ := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64); id != 0 {
		if org = findBranch(orgs, id); org == nil {
			return huoshui.ErrNotFound
		}
	}
	v := url.Values{}
	v.Set("org_id", strconv.FormatInt(org.ID, 10))
	v.Set("dated_on", s.today().String())
	return s.outputForm(w, r, http.StatusOK, newForm(v), k, nil, org, orgs)
}

// readMultipart reads a form that may carry a file (the output form of a
// document), bounded like every upload; withCSRF may have read it already.
func readMultipart(w http.ResponseWriter, r *http.Request) error {
	if r.MultipartForm != nil || !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, uploadLimit(r))
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errTooLarge
		}
		return &huoshui.ValidationError{Fields: []huoshui.FieldError{{Field: "form", Code: "form.unreadable"}}}
	}
	return nil
}

// saveEvidence keeps a counted .docx in the blob store, as the evidence
// the record is saved with.
func (s *Server) saveEvidence(r *http.Request, in *outputInput) ([]*huoshui.Attachment, error) {
	if in.Docx == nil {
		return nil, nil
	}
	if err := s.keep(r.Context(), in.Docx); err != nil {
		return nil, err
	}
	return []*huoshui.Attachment{&in.Docx.att}, nil
}

// outputCreate keeps a new output.
func (s *Server) outputCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	if auth.Scope(u, auth.EditRecord).Empty() {
		return huoshui.ErrForbidden
	}
	if err := readMultipart(w, r); err != nil {
		return err
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	orgs, err := s.outputOrgs(ctx, u)
	if err != nil {
		return err
	}
	k := huoshui.OutputKind(r.FormValue("kind"))
	if !k.Valid() {
		k = huoshui.OutputPublication
	}
	org := findBranch(orgs, must(strconv.ParseInt(r.FormValue("org_id"), 10, 64)))
	if org == nil {
		return huoshui.ErrNotFound // not an org the user keeps records for
	}
	return submit(s, w, r, formFlow[*outputInput]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*outputInput, error) {
			return s.readOutputForm(r, v, ve, k, nil)
		},
		Save: func(in *outputInput) error {
			evidence, err := s.saveEvidence(r, in)
			if err != nil {
				return err
			}
			return s.store.CreateOutput(ctx, s.actor(r), in.X, evidence)
		},
		Page:      func(code int, f form) error { return s.outputForm(w, r, code, f, k, nil, org, orgs) },
		Flash:     "outputs.created",
		FlashArgs: func(in *outputInput) []any { return []any{"Title", in.X.Title} },
		Next:      func(in *outputInput) string { return outputPath(in.X) },
	})
}

// must drops the error of a parse whose zero value means "none".
func must[T any](v T, _ error) T { return v }

// outputEdit shows the form of an output.
func (s *Server) outputEdit(w http.ResponseWriter, r *http.Request) error {
	x, err := s.editableOutput(r)
	if err != nil {
		return err
	}
	org := &huoshui.Org{ID: x.OrgID, Name: x.OrgName, Path: x.OrgPath}
	return s.outputForm(w, r, http.StatusOK, newForm(outputValues(x)), x.Kind, x, org, nil)
}

// outputUpdate saves an output; its kind and org stay.
func (s *Server) outputUpdate(w http.ResponseWriter, r *http.Request) error {
	x, err := s.editableOutput(r)
	if err != nil {
		return err
	}
	if err := readMultipart(w, r); err != nil {
		return err
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	org := &huoshui.Org{ID: x.OrgID, Name: x.OrgName, Path: x.OrgPath}
	return submit(s, w, r, formFlow[*outputInput]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*outputInput, error) {
			v.Set("org_id", strconv.FormatInt(x.OrgID, 10))
			return s.readOutputForm(r, v, ve, x.Kind, x)
		},
		Save: func(in *outputInput) error {
			evidence, err := s.saveEvidence(r, in)
			if err != nil {
				return err
			}
			return s.store.UpdateOutput(r.Context(), s.actor(r), x.ID, in.X, evidence)
		},
		Page:  func(code int, f form) error { return s.outputForm(w, r, code, f, x.Kind, x, org, nil) },
		Flash: "outputs.saved",
		Next:  func(*outputInput) string { return outputPath(x) },
	})
}

type outputArchivePage struct {
	Page
	X *huoshui.Output
}

// outputArchiveForm asks before an output leaves the lists and the counts.
func (s *Server) outputArchiveForm(w http.ResponseWriter, r *http.Request) error {
	x, err := s.editableOutput(r)
	if err != nil {
		return err
	}
	p := &outputArchivePage{X: x}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: "/outputs", Label: s.msgs.T(lang, "nav.outputs")},
		{Href: outputPath(x), Label: x.Title}, {Label: s.msgs.T(lang, "outputs.archive")}}
	return s.render(w, r, http.StatusOK, "output_archive", p)
}

// outputArchive takes an output off the lists; outputRestore puts it back
// (the notice after archiving offers it).
func (s *Server) outputArchive(w http.ResponseWriter, r *http.Request) error {
	return s.outputArchived(w, r, false)
}

func (s *Server) outputRestore(w http.ResponseWriter, r *http.Request) error {
	return s.outputArchived(w, r, true)
}

func (s *Server) outputArchived(w http.ResponseWriter, r *http.Request, restore bool) error {
	x, err := s.editableOutput(r)
	if err != nil {
		return err
	}
	flashID := "outputs.archived"
	if restore {
		flashID = "outputs.restored"
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save:      func(struct{}) error { return s.store.ArchiveOutput(r.Context(), s.actor(r), x.ID, restore) },
		Flash:     flashID,
		FlashArgs: func(struct{}) []any { return []any{"Title", x.Title} },
		Next:      func(struct{}) string { return outputPath(x) },
	})
}
