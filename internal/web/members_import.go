package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
)

// maxImportBytes is the largest roster file accepted. A roster of a few
// hundred people is a few dozen KB.
const maxImportBytes = 10 << 20

// importFormPage is the upload form.
type importFormPage struct {
	Page
	Branches []*huoshui.Org
	OrgID    int64
	Problems []string // why the last file was refused
	OrgError string
	Help     []importHelpRow
	MaxRows  int
	MaxMB    int
}

// importHelpRow says how to fill one column.
type importHelpRow struct {
	Header   string
	Required bool
	Values   string
}

// importBranches lists the branches where u may add members.
func (s *Server) importBranches(r *http.Request) ([]*huoshui.Org, error) {
	sc := auth.Scope(userFrom(r.Context()), auth.EditMember)
	return s.store.FindOrgs(r.Context(), huoshui.OrgFilter{Scope: sc, Kind: huoshui.OrgBranch})
}

func (s *Server) newImportForm(r *http.Request, branches []*huoshui.Org, orgID int64) *importFormPage {
	lang := langFrom(r)
	p := &importFormPage{Branches: branches, OrgID: orgID, MaxRows: report.MaxRosterRows, MaxMB: maxImportBytes >> 20}
	sep := s.msgs.T(lang, "list.sep")
	for _, h := range report.RosterHelp(s.msgs.labels(lang)) {
		row := importHelpRow{Header: h.Header, Required: h.Required, Values: strings.Join(h.Allowed, sep)}
		if h.Date {
			row.Values = s.msgs.T(lang, "import.date_hint")
		}
		p.Help = append(p.Help, row)
	}
	if p.OrgID == 0 && len(branches) == 1 {
		p.OrgID = branches[0].ID
	}
	p.Crumbs = []crumb{{Href: "/members", Label: s.msgs.T(langFrom(r), "members.title")},
		{Label: s.msgs.T(langFrom(r), "import.title")}}
	return p
}

// importForm asks for the branch and the file, and says how to fill it.
func (s *Server) importForm(w http.ResponseWriter, r *http.Request) error {
	branches, err := s.importBranches(r)
	if err != nil {
		return err
	}
	if len(branches) == 0 {
		return huoshui.ErrForbidden // no branch to import into anywhere
	}
	orgID, _ := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
	if findBranch(branches, orgID) == nil {
		orgID = 0
	}
	return s.render(w, r, http.StatusOK, "members_import", s.newImportForm(r, branches, orgID))
}

func findBranch(branches []*huoshui.Org, id int64) *huoshui.Org {
	for _, b := range branches {
		if b.ID == id {
			return b
		}
	}
	return nil
}

// importTemplate sends the empty roster to fill in.
func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) error {
	if !auth.CanAnywhere(userFrom(r.Context()), auth.EditMember) {
		return huoshui.ErrForbidden
	}
	lang := langFrom(r)
	var buf bytes.Buffer
	if err := report.WriteRosterTemplate(&buf, s.msgs.labels(lang)); err != nil {
		return err
	}
	name := s.msgs.T(lang, "export.file.template")
	sendFile(w, name, "member-roster-template.xlsx", xlsxType, buf.Bytes())
	return nil
}

// importUpload reads the file and stages its rows for the preview.
// Nothing is written to the roster here.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := langFrom(r)
	branches, err := s.importBranches(r)
	if err != nil {
		return err
	}
	if len(branches) == 0 {
		return huoshui.ErrForbidden // no branch to import into anywhere
	}
	refuse := func(code int, orgID int64, msgID string, args ...any) error {
		p := s.newImportForm(r, branches, orgID)
		p.Problems = []string{s.msgs.T(lang, msgID, args...)}
		return s.render(w, r, code, "members_import", p)
	}
	// The form's own fields are small; the slack is for them.
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBytes+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return refuse(http.StatusRequestEntityTooLarge, 0, "import.too_large", "MB", maxImportBytes>>20)
		}
		return refuse(http.StatusUnprocessableEntity, 0, "import.no_file")
	}
	defer r.MultipartForm.RemoveAll()
	orgID, _ := strconv.ParseInt(r.FormValue("org"), 10, 64)
	branch := findBranch(branches, orgID)
	file, fh, err := r.FormFile("file")
	if err != nil {
		if branch == nil {
			p := s.newImportForm(r, branches, 0)
			p.OrgError = s.msgs.T(lang, "import.choose_branch")
			p.Problems = []string{s.msgs.T(lang, "import.no_file")}
			return s.render(w, r, http.StatusUnprocessableEntity, "members_import", p)
		}
		return refuse(http.StatusUnprocessableEntity, orgID, "import.no_file")
	}
	defer file.Close()
	if fh.Size > maxImportBytes {
		return refuse(http.StatusRequestEntityTooLarge, orgID, "import.too_large", "MB", maxImportBytes>>20)
	}
	if branch == nil {
		p := s.newImportForm(r, branches, 0)
		p.OrgError = s.msgs.T(lang, "import.choose_branch")
		return s.render(w, r, http.StatusUnprocessableEntity, "members_import", p)
	}
	ros, err := report.ParseRoster(file, s.now(), s.msgs.allLabels()...)
	if id, args := sheetRefusal(err, report.MaxRosterRows); id != "" {
		return refuse(http.StatusUnprocessableEntity, orgID, id, args...)
	} else if err != nil {
		return err
	}
	if len(ros.Problems) > 0 {
		p := s.newImportForm(r, branches, orgID)
		for _, fe := range ros.Problems {
			p.Problems = append(p.Problems, s.msgs.fieldMessage(lang, fe))
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "members_import", p)
	}
	b := &huoshui.ImportBatch{UserID: userFrom(ctx).ID, OrgID: branch.ID, FileName: cleanFileName(fh.Filename)}
	for _, row := range ros.Rows {
		b.Rows = append(b.Rows, huoshui.ImportRow{Line: row.Line, Member: row.Member, GroupName: row.GroupName, Problems: row.Problems})
	}
	if _, err := s.store.DeleteStaleImportBatches(ctx, s.now().Add(-huoshui.ImportBatchTTL)); err != nil {
		s.log.Warn("delete stale import batches", "err", err)
	}
	if err := s.store.CreateImportBatch(ctx, b); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/members/import/%d/preview", b.ID), http.StatusSeeOther)
	return nil
}

// cleanFileName keeps the last part of an uploaded file's name, briefly.
func cleanFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "." || name == "/" {
		return ""
	}
	name = huoshui.Truncate(name, 120)
	// A control character (NUL) or a bidi override has no place in a
	// file name, and PostgreSQL refuses NUL.
	name = strings.Map(func(r rune) rune {
		if huoshui.CheckText(string(r), false) != "" {
			return -1
		}
		return r
	}, name)
	return strings.ToValidUTF8(name, "")
}

// importPreviewPage lists every staged row with its problems.
type importPreviewPage struct {
	Page
	Batch    *huoshui.ImportBatch
	Branch   *huoshui.Org
	Rows     []importRowView
	Total    int
	Bad      int
	OnlyBad  bool
	Problems []string // problems not tied to a row
	Refused  bool     // the last confirmation was refused
}

type importRowView struct {
	huoshui.ImportRow
	GroupID   int64
	StageDate huoshui.Date // the date of the row's status
	Messages  []string
}

// Bad reports whether the row has a problem.
func (v importRowView) Bad() bool { return len(v.Problems) > 0 }

// loadBatch finds a batch the current user uploaded and may still import
// into; anything else is not found.
func (s *Server) loadBatch(r *http.Request) (*huoshui.ImportBatch, *huoshui.Org, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	ctx := r.Context()
	u := userFrom(ctx)
	b, err := s.store.FindImportBatchByID(ctx, u.ID, id)
	if err != nil {
		return nil, nil, err
	}
	if s.now().Sub(b.CreatedAt) > huoshui.ImportBatchTTL {
		return nil, nil, fmt.Errorf("import batch %d: %w", id, huoshui.ErrNotFound)
	}
	branch, err := s.store.FindOrgByID(ctx, auth.Scope(u, auth.EditMember), b.OrgID)
	if err != nil {
		return nil, nil, fmt.Errorf("import batch %d: %w", id, err)
	}
	return b, branch, nil
}

// checkBatch checks every row again as it would be stored: its group
// against the branch's 党小组 and the member record as a whole.
func (s *Server) checkBatch(r *http.Request, b *huoshui.ImportBatch) ([]importRowView, error) {
	groups, err := s.store.FindOrgs(r.Context(), huoshui.OrgFilter{Scope: auth.Scope(userFrom(r.Context()), auth.EditMember), ParentID: b.OrgID, Kind: huoshui.OrgGroup})
	if err != nil {
		return nil, err
	}
	rows := make([]importRowView, len(b.Rows))
	for i, row := range b.Rows {
		v := importRowView{ImportRow: row}
		v.Problems = append([]huoshui.FieldError(nil), row.Problems...)
		has := func(field string) bool {
			for _, p := range v.Problems {
				if p.Field == field {
					return true
				}
			}
			return false
		}
		if row.GroupName != "" && !has("group_id") {
			if g := matchGroup(groups, row.GroupName); g != nil {
				v.GroupID = g.ID
			} else {
				v.Problems = append(v.Problems, huoshui.FieldError{Field: "group_id", Code: "roster.unknown_group",
					Args: map[string]any{"Name": row.GroupName}})
			}
		}
		m := row.Member
		m.OrgID, m.GroupID = b.OrgID, v.GroupID
		var ve *huoshui.ValidationError
		if errors.As(m.Validate(), &ve) {
			for _, fe := range ve.Fields {
				if !has(fe.Field) {
					v.Problems = append(v.Problems, fe)
				}
			}
		}
		rows[i] = v
	}
	return rows, nil
}

// matchGroup finds the branch's group named name: exactly, or, when
// only one fits, by the name without its remark in brackets
// (第一党小组 for 第一党小组（文稿督查）).
func matchGroup(groups []*huoshui.Org, name string) *huoshui.Org {
	name = strings.TrimSpace(name)
	short := func(s string) string {
		if i := strings.IndexAny(s, "（("); i > 0 {
			s = s[:i]
		}
		return strings.TrimSpace(s)
	}
	var loose []*huoshui.Org
	for _, g := range groups {
		if g.Name == name {
			return g
		}
		if short(g.Name) == short(name) {
			loose = append(loose, g)
		}
	}
	if len(loose) == 1 {
		return loose[0]
	}
	return nil
}

// previewPage puts the checked rows into words.
func (s *Server) previewPage(r *http.Request, b *huoshui.ImportBatch, branch *huoshui.Org, rows []importRowView) *importPreviewPage {
	lang := langFrom(r)
	p := &importPreviewPage{Batch: b, Branch: branch, Total: len(rows)}
	for _, v := range rows {
		if v.Bad() {
			p.Bad++
		}
	}
	p.OnlyBad = p.Bad > 0 && r.URL.Query().Get("only") == "bad"
	for _, v := range rows {
		if p.OnlyBad && !v.Bad() {
			continue
		}
		for _, st := range v.Member.StageDates() {
			if st.Status == v.Member.Status {
				v.StageDate = st.Date
			}
		}
		for _, fe := range v.Problems {
			fe.Row = v.Line
			v.Messages = append(v.Messages, s.msgs.fieldMessage(lang, fe))
		}
		p.Rows = append(p.Rows, v)
	}
	p.Crumbs = []crumb{{Href: "/members", Label: s.msgs.T(lang, "members.title")},
		{Href: "/members/import?org=" + strconv.FormatInt(branch.ID, 10), Label: s.msgs.T(lang, "import.title")},
		{Label: s.msgs.T(lang, "import.preview_title")}}
	return p
}

// importPreview shows every row of a staged file with its problems.
func (s *Server) importPreview(w http.ResponseWriter, r *http.Request) error {
	b, branch, err := s.loadBatch(r)
	if err != nil {
		return err
	}
	rows, err := s.checkBatch(r, b)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "members_import_preview", s.previewPage(r, b, branch, rows))
}

// importConfirm writes every row of a clean batch in one transaction, or
// none: a refusal shows the preview again with the problems on their rows.
func (s *Server) importConfirm(w http.ResponseWriter, r *http.Request) error {
	b, branch, err := s.loadBatch(r)
	if err != nil {
		return err
	}
	rows, err := s.checkBatch(r, b)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[[]*huoshui.Member]{
		Read: func(_ url.Values, ve *huoshui.ValidationError) ([]*huoshui.Member, error) {
			ms := make([]*huoshui.Member, len(rows))
			for i, v := range rows {
				for _, fe := range v.Problems {
					fe.Row = i + 1
					ve.Fields = append(ve.Fields, fe)
				}
				m := v.Member
				m.OrgID, m.GroupID = b.OrgID, v.GroupID
				ms[i] = &m
			}
			if len(ms) == 0 {
				ve.Add("form", "roster.empty")
			}
			return ms, nil
		},
		Save: func(ms []*huoshui.Member) error {
			return s.store.CreateImportedMembers(r.Context(), s.actor(r), b.ID, ms)
		},
		// Every problem goes on its row; those of no row (or of a row
		// the batch does not have) above the table.
		Page: func(code int, f form) error {
			shown := make([]importRowView, len(rows))
			for i, v := range rows {
				v.Problems = nil
				shown[i] = v
			}
			var general []string
			for _, fe := range f.Problems {
				if fe.Row < 1 || fe.Row > len(shown) {
					general = append(general, s.msgs.fieldMessage(langFrom(r), fe))
					continue
				}
				n := fe.Row
				fe.Row = 0
				shown[n-1].Problems = append(shown[n-1].Problems, fe)
			}
			r.URL.RawQuery = ""
			p := s.previewPage(r, b, branch, shown)
			p.Problems, p.Refused = general, true
			return s.render(w, r, code, "members_import_preview", p)
		},
		Flash:     "import.done",
		FlashArgs: func(ms []*huoshui.Member) []any { return []any{"Count", len(ms)} },
		Next:      func([]*huoshui.Member) string { return "/members?org=" + strconv.FormatInt(branch.ID, 10) },
	})
}

// importDiscard drops a staged batch.
func (s *Server) importDiscard(w http.ResponseWriter, r *http.Request) error {
	b, branch, err := s.loadBatch(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save:  func(struct{}) error { return s.store.DeleteImportBatch(r.Context(), b.UserID, b.ID) },
		Flash: "import.discarded",
		Next:  func(struct{}) string { return "/members/import?org=" + strconv.FormatInt(branch.ID, 10) },
	})
}

// sheetRefusal is the message id, and its values, of a spreadsheet the
// report package could not read (an old .xls, not a spreadsheet, a zip
// bomb, too many rows of at most maxRows), or "" for any other error.
// Every Excel import answers these the same way.
func sheetRefusal(err error, maxRows int) (string, []any) {
	switch {
	case errors.Is(err, report.ErrLegacyExcel):
		return "import.legacy_excel", nil
	case errors.Is(err, report.ErrNotSpreadsheet):
		return "import.not_spreadsheet", nil
	case errors.Is(err, report.ErrUnpacksTooLarge):
		return "import.unpacks_too_large", []any{"MB", report.MaxUnpackedMB, "KB", report.MaxCellKB}
	case errors.Is(err, report.ErrTooManyRows):
		return "import.too_many_rows", []any{"Max", maxRows}
	}
	return "", nil
}
