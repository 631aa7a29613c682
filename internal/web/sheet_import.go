package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
)

// Every Excel import goes the same way: the upload form; the file read
// into rows, each with its problems, and staged for its uploader (nothing
// is written yet); a preview of every row with its problems in full; then
// confirmation, which writes every row in one transaction or none and
// shows the preview again with the problems on their rows, or the
// uploader discards the file and uploads another. A sheetImport holds
// what one import does differently, its columns and its rules; the steps
// here do the rest. An import's pages are
//
//	GET  base                the form (base?org=N chooses the org)
//	POST base                the upload, to the preview
//	GET  base/{id}/preview   every row (?only=bad: those with problems)
//	POST base/{id}/confirm   the import, to next
//	POST base/{id}/discard   back to the form
//	GET  base/{id}/problems.xlsx  the file with a 问题 column
//
// and its templates the import's own upload page (with the shared
// "sheet-upload" form from partials.html) and sheet_import_preview.html.

// maxImportBytes is the largest file an import accepts. A roster of a few
// hundred people is a few dozen KB.
const maxImportBytes = 10 << 20

// sheetImport is one kind of Excel import: what it reads, how it checks
// and shows a row, and what it writes. R is its staged row.
type sheetImport[R huoshui.SheetRow] struct {
	s       *Server
	base    string      // the upload form's address; a staged sheet's are below it
	perm    auth.Action // the right to import into an org, asked again at every step
	maxRows int         // the most data rows a sheet may have
	form    string      // the upload page's template
	title   string      // the upload page's title (message id)
	list    crumb       // the list the rows join: its address and name (message id)
	words   sheetWords  // what its pages say in words of their own
	columns []string    // the preview's columns after the row number (message ids)
	// fields, if set, names the fields each column shows (comma-separated,
	// parallel to columns), so a problem's cell is marked; otherwise a
	// column shows the field its message id ends with ("field.name").
	fields []string
	done   string // the notice after the import (message id; Count)

	// orgs lists where the user may import.
	orgs func(r *http.Request) ([]*huoshui.Org, error)
	// help, if set, says on the form how to fill each column.
	help func(lang string) []importHelpRow
	// read reads an uploaded file into rows, or into the problems of the
	// sheet as a whole (no header, a missing column); an error the
	// report package names is refused by sheetRefusal.
	read func(r *http.Request, file io.Reader) ([]R, []huoshui.FieldError, error)
	// stage, find and drop keep the staged sheet: the store's typed
	// functions for R, which find a sheet for its uploader only.
	stage func(ctx context.Context, b *huoshui.StagedSheet[R]) error
	find  func(ctx context.Context, uploaderID, id int64) (*huoshui.StagedSheet[R], error)
	drop  func(ctx context.Context, uploaderID, id int64) error
	// check, if set, checks the staged rows again as they would be
	// stored (the records may have changed since the upload): it returns
	// them ready to save, each with every problem it has.
	check func(r *http.Request, b *huoshui.StagedSheet[R]) ([]R, error)
	// cells shows a row's values under columns.
	cells func(lang string, row R) []sheetCell
	// problem words one problem of the row on line.
	problem func(lang string, line int, fe huoshui.FieldError) string
	// save writes the rows of a clean sheet, all or none; a
	// *ValidationError's FieldError.Row counts rows from 1.
	save func(r *http.Request, b *huoshui.StagedSheet[R], rows []R) error
	// next is where the import goes after, into org.
	next func(org *huoshui.Org) string

	// outcome, if set, says what confirming would do with a row (add it,
	// change an existing record, leave one as it is).
	outcome func(lang string, row R) sheetOutcome
	// choice, if set, is a question the confirmation asks (posted with
	// it), or nil when the rows raise none.
	choice func(r *http.Request, rows []R) *sheetChoice
	// flashArgs, if set, fills the notice after the import instead of
	// Count (the number of rows).
	flashArgs func(r *http.Request, rows []R) []any
}

// sheetOutcome is what confirming does with one row: Label says it (a
// tag of class Class), Changes lists a changed record's fields.
type sheetOutcome struct {
	Label   string
	Class   string
	Changes []sheetChange
}

// sheetChange is one field of a record as it is and as the row makes it.
type sheetChange struct {
	Field, Before, After string
}

// sheetChoice is a question posted with the confirmation: one radio
// button per option.
type sheetChoice struct {
	Name    string
	Legend  string
	Summary string
	Options []sheetOption
}

// sheetOption is one answer to a sheetChoice.
type sheetOption struct {
	Value, Label string
	Checked      bool
}

// sheetWords are the message ids an import's pages say in words of their
// own. The preview's take "File" and "Org", "Total" and "Bad", "Count".
type sheetWords struct {
	OrgLabel, OrgHelp string // the upload form's org field
	ChooseOrg         string // no org (of the user's) was chosen
	File              string // which file, into which org
	CountsBad         string
	CountsClean       string
	ConfirmHelp       string
	Confirm           string // the confirmation button
	Empty             string // the validation code of a sheet with no row
	// FileLabel, Choose and Refused, when set, name the file field, the
	// org list's empty choice and say why a confirmation was refused
	// ("import.file", "import.choose", "import.refused" otherwise: a
	// roster's words).
	FileLabel, Choose, Refused string
}

// sheetFormPage is an import's upload page.
type sheetFormPage struct {
	Page
	Base     string // where the form posts
	Cancel   string
	Words    sheetWords
	Orgs     []*huoshui.Org
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

func (k *sheetImport[R]) formPage(r *http.Request, orgs []*huoshui.Org, orgID int64) *sheetFormPage {
	lang := langFrom(r)
	p := &sheetFormPage{Base: k.base, Cancel: k.list.Href, Words: k.words, Orgs: orgs, OrgID: orgID,
		MaxRows: k.maxRows, MaxMB: maxImportBytes >> 20}
	if k.help != nil {
		p.Help = k.help(lang)
	}
	if p.OrgID == 0 && len(orgs) == 1 {
		p.OrgID = orgs[0].ID
	}
	p.Crumbs = []crumb{{Href: k.list.Href, Label: k.s.msgs.T(lang, k.list.Label)}, {Label: k.s.msgs.T(lang, k.title)}}
	return p
}

// userOrgs lists where the user may import; nowhere is 403.
func (k *sheetImport[R]) userOrgs(r *http.Request) ([]*huoshui.Org, error) {
	orgs, err := k.orgs(r)
	if err != nil {
		return nil, err
	}
	if len(orgs) == 0 {
		return nil, huoshui.ErrForbidden
	}
	return orgs, nil
}

// showForm asks for the org and the file, and says how to fill it.
func (k *sheetImport[R]) showForm(w http.ResponseWriter, r *http.Request) error {
	orgs, err := k.userOrgs(r)
	if err != nil {
		return err
	}
	orgID, _ := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
	if findBranch(orgs, orgID) == nil {
		orgID = 0
	}
	return k.s.render(w, r, http.StatusOK, k.form, k.formPage(r, orgs, orgID))
}

// upload reads the file and stages its rows for the preview. Nothing
// else is written here.
func (k *sheetImport[R]) upload(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := langFrom(r)
	orgs, err := k.userOrgs(r)
	if err != nil {
		return err
	}
	// refuse shows the form again; with no org, it asks for one too.
	refuse := func(code int, org *huoshui.Org, problems ...string) error {
		var p *sheetFormPage
		if org == nil {
			p = k.formPage(r, orgs, 0)
			p.OrgError = k.s.msgs.T(lang, k.words.ChooseOrg)
		} else {
			p = k.formPage(r, orgs, org.ID)
		}
		p.Problems = problems
		return k.s.render(w, r, code, k.form, p)
	}
	tooLarge := k.s.msgs.T(lang, "import.too_large", "MB", maxImportBytes>>20)
	// The form's own fields are small; the slack is for them.
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBytes+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		p := k.formPage(r, orgs, 0)
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			p.Problems = []string{tooLarge}
			return k.s.render(w, r, http.StatusRequestEntityTooLarge, k.form, p)
		}
		p.Problems = []string{k.s.msgs.T(lang, "import.no_file")}
		return k.s.render(w, r, http.StatusUnprocessableEntity, k.form, p)
	}
	defer r.MultipartForm.RemoveAll()
	orgID, _ := strconv.ParseInt(r.FormValue("org"), 10, 64)
	org := findBranch(orgs, orgID)
	file, fh, err := r.FormFile("file")
	if err != nil {
		return refuse(http.StatusUnprocessableEntity, org, k.s.msgs.T(lang, "import.no_file"))
	}
	defer file.Close()
	if fh.Size > maxImportBytes {
		return refuse(http.StatusRequestEntityTooLarge, org, tooLarge)
	}
	if org == nil {
		return refuse(http.StatusUnprocessableEntity, nil)
	}
	data, err := io.ReadAll(io.LimitReader(file, maxImportBytes+1))
	if err != nil {
		return err
	}
	if len(data) > maxImportBytes {
		return refuse(http.StatusRequestEntityTooLarge, org, tooLarge)
	}
	rows, problems, err := k.read(r, bytes.NewReader(data))
	if id, args := sheetRefusal(err, k.maxRows); id != "" {
		return refuse(http.StatusUnprocessableEntity, org, k.s.msgs.T(lang, id, args...))
	} else if err != nil {
		return err
	}
	if len(problems) > 0 {
		var says []string
		for _, fe := range problems {
			says = append(says, k.s.msgs.fieldMessage(lang, fe))
		}
		return refuse(http.StatusUnprocessableEntity, org, says...)
	}
	b := &huoshui.StagedSheet[R]{UserID: userFrom(ctx).ID, OrgID: org.ID, FileName: cleanFileName(fh.Filename), Rows: rows, File: data}
	if _, err := k.s.store.DeleteStaleStagedSheets(ctx, k.s.now().Add(-huoshui.StagedSheetTTL)); err != nil {
		k.s.log.Warn("delete stale staged sheets", "err", err)
	}
	if err := k.stage(ctx, b); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("%s/%d/preview", k.base, b.ID), http.StatusSeeOther)
	return nil
}

// load finds a sheet the current user staged, not too long ago, for an
// org they may still import into; anything else is not found.
func (k *sheetImport[R]) load(r *http.Request) (*huoshui.StagedSheet[R], *huoshui.Org, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	ctx := r.Context()
	u := userFrom(ctx)
	b, err := k.find(ctx, u.ID, id)
	if err != nil {
		return nil, nil, err
	}
	if k.s.now().Sub(b.CreatedAt) > huoshui.StagedSheetTTL {
		return nil, nil, fmt.Errorf("staged sheet %d: %w", id, huoshui.ErrNotFound)
	}
	org, err := k.s.store.FindOrgByID(ctx, auth.Scope(u, k.perm), b.OrgID)
	if err != nil {
		return nil, nil, fmt.Errorf("staged sheet %d: %w", id, err)
	}
	return b, org, nil
}

// loadChecked loads a staged sheet (load) with its rows checked again,
// each with every problem it has.
func (k *sheetImport[R]) loadChecked(r *http.Request) (*huoshui.StagedSheet[R], *huoshui.Org, []R, error) {
	b, org, err := k.load(r)
	if err != nil {
		return nil, nil, nil, err
	}
	rows := b.Rows
	if k.check != nil {
		if rows, err = k.check(r, b); err != nil {
			return nil, nil, nil, err
		}
	}
	return b, org, rows, nil
}

// sheetPreviewPage lists the rows of a staged sheet with their problems.
type sheetPreviewPage struct {
	Page
	Base     string
	Words    sheetWords
	SheetID  int64
	FileName string
	Org      *huoshui.Org
	Columns  []string
	Rows     []sheetRowView
	Total    int
	Bad      int
	OnlyBad  bool
	Problems []string // problems not tied to a row
	Notes    []string // what the sheet as a whole holds, not a problem (sheetNotes)
	Refused  bool     // the last confirmation was refused
	Choice   *sheetChoice
}

// sheetRowView is one row as the preview shows it.
type sheetRowView struct {
	Line     int
	Cells    []sheetCell
	Messages []string // the row's problems, in words
	Outcome  *sheetOutcome
}

// Bad reports whether the row has a problem.
func (v sheetRowView) Bad() bool { return len(v.Messages) > 0 }

// sheetCell is one value of a row as shown: its text, or its values each
// in a chip of class Chip (a question's options, its tags).
type sheetCell struct {
	Text   string
	Chips  []string
	Chip   string
	NoWrap bool // a date, a number or a code, which reads badly broken
	Bad    bool // a problem of the row is in this cell
}

// previewPage puts rows into words, each with problems[i].
func (k *sheetImport[R]) previewPage(r *http.Request, b *huoshui.StagedSheet[R], org *huoshui.Org, rows []R, problems [][]huoshui.FieldError) *sheetPreviewPage {
	lang := langFrom(r)
	p := &sheetPreviewPage{Base: k.base, Words: k.words, SheetID: b.ID, FileName: b.FileName, Org: org, Total: len(rows),
		Notes: sheetNotes(k.s, lang, rows)}
	for _, c := range k.columns {
		p.Columns = append(p.Columns, k.s.msgs.T(lang, c))
	}
	for _, ps := range problems {
		if len(ps) > 0 {
			p.Bad++
		}
	}
	p.OnlyBad = p.Bad > 0 && r.URL.Query().Get("only") == "bad"
	for i, row := range rows {
		if p.OnlyBad && len(problems[i]) == 0 {
			continue
		}
		v := sheetRowView{Line: row.SheetLine(), Cells: k.cells(lang, row)}
		for _, fe := range problems[i] {
			v.Messages = append(v.Messages, k.problem(lang, v.Line, fe))
			if c := k.cellOf(fe.Field); c >= 0 && c < len(v.Cells) {
				v.Cells[c].Bad = true
			}
		}
		if k.outcome != nil && len(problems[i]) == 0 {
			o := k.outcome(lang, row)
			v.Outcome = &o
		}
		p.Rows = append(p.Rows, v)
	}
	if k.choice != nil {
		p.Choice = k.choice(r, rows)
	}
	p.Crumbs = []crumb{{Href: k.list.Href, Label: k.s.msgs.T(lang, k.list.Label)},
		{Href: k.base + "?org=" + strconv.FormatInt(org.ID, 10), Label: k.s.msgs.T(lang, k.title)},
		{Label: k.s.msgs.T(lang, "import.preview_title")}}
	return p
}

// cellOf is the preview column that shows field, or -1.
func (k *sheetImport[R]) cellOf(field string) int {
	for i, c := range k.columns {
		names := c[strings.LastIndex(c, ".")+1:]
		if i < len(k.fields) {
			names = k.fields[i]
		}
		for _, f := range strings.Split(names, ",") {
			if f == field {
				return i
			}
		}
	}
	return -1
}

// preview shows every row of a staged sheet with its problems.
func (k *sheetImport[R]) preview(w http.ResponseWriter, r *http.Request) error {
	b, org, rows, err := k.loadChecked(r)
	if err != nil {
		return err
	}
	problems := make([][]huoshui.FieldError, len(rows))
	for i, row := range rows {
		problems[i] = row.SheetProblems()
	}
	return k.s.render(w, r, http.StatusOK, "sheet_import_preview", k.previewPage(r, b, org, rows, problems))
}

// confirm writes every row of a clean sheet in one transaction, or none:
// a refusal shows the preview again with the problems on their rows.
func (k *sheetImport[R]) confirm(w http.ResponseWriter, r *http.Request) error {
	b, org, rows, err := k.loadChecked(r)
	if err != nil {
		return err
	}
	return submit(k.s, w, r, formFlow[[]R]{
		Read: func(_ url.Values, ve *huoshui.ValidationError) ([]R, error) {
			for i, row := range rows {
				for _, fe := range row.SheetProblems() {
					fe.Row = i + 1
					ve.Fields = append(ve.Fields, fe)
				}
			}
			if len(rows) == 0 {
				ve.Add("form", k.words.Empty)
			}
			return rows, nil
		},
		Save: func(rows []R) error { return k.save(r, b, rows) },
		// Every problem goes on its row; those of no row (or of a row
		// the sheet does not have) above the table.
		Page: func(code int, f form) error {
			problems := make([][]huoshui.FieldError, len(rows))
			var general []string
			for _, fe := range f.Problems {
				if fe.Row < 1 || fe.Row > len(rows) {
					general = append(general, k.s.msgs.fieldMessage(langFrom(r), fe))
					continue
				}
				n := fe.Row
				fe.Row = 0
				problems[n-1] = append(problems[n-1], fe)
			}
			r.URL.RawQuery = "" // every row, whatever the preview showed
			p := k.previewPage(r, b, org, rows, problems)
			p.Problems, p.Refused = general, true
			return k.s.render(w, r, code, "sheet_import_preview", p)
		},
		Flash: k.done,
		FlashArgs: func(rows []R) []any {
			if k.flashArgs != nil {
				return k.flashArgs(r, rows)
			}
			return []any{"Count", len(rows)}
		},
		Next: func([]R) string { return k.next(org) },
	})
}

// discard drops a staged sheet, back to the form to upload another.
func (k *sheetImport[R]) discard(w http.ResponseWriter, r *http.Request) error {
	b, org, err := k.load(r)
	if err != nil {
		return err
	}
	return submit(k.s, w, r, formFlow[struct{}]{
		Save:  func(struct{}) error { return k.drop(r.Context(), b.UserID, b.ID) },
		Flash: "import.discarded",
		Next:  func(struct{}) string { return k.base + "?org=" + strconv.FormatInt(org.ID, 10) },
	})
}

// problemWithRow words a row's problem with its row and field, as the
// messages of other pages of many rows do ("第 3 行“身份证号”：…").
func (s *Server) problemWithRow(lang string, line int, fe huoshui.FieldError) string {
	fe.Row = line
	return s.msgs.fieldMessage(lang, fe)
}

// problemOfField words a row's problem with its field only ("答案：…"),
// for a preview whose rows have their number beside them.
func (s *Server) problemOfField(lang string, _ int, fe huoshui.FieldError) string {
	fe.Row = 0
	return s.msgs.T(lang, "field."+fe.Field) + s.msgs.T(lang, "import.colon") + s.msgs.fieldMessage(lang, fe)
}

// findBranch finds the org id among orgs (the ones a user may choose), or
// nil.
func findBranch(orgs []*huoshui.Org, id int64) *huoshui.Org {
	for _, o := range orgs {
		if o.ID == id {
			return o
		}
	}
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

// sheetRefusal is the message id, and its values, of a spreadsheet the
// report package could not read (an old .xls, not a spreadsheet, a zip
// bomb, too many rows of at most maxRows), or "" for any other error.
// Every Excel import answers these the same way.
func sheetRefusal(err error, maxRows int) (string, []any) {
	switch {
	case errors.Is(err, report.ErrLegacyExcel):
		return "import.legacy_excel", nil
	case errors.Is(err, report.ErrODS):
		return "import.ods", nil
	case errors.Is(err, report.ErrNotSpreadsheet):
		return "import.not_spreadsheet", nil
	case errors.Is(err, report.ErrUnpacksTooLarge):
		return "import.unpacks_too_large", []any{"MB", report.MaxUnpackedMB, "KB", report.MaxCellKB}
	case errors.Is(err, report.ErrTooManyRows):
		return "import.too_many_rows", []any{"Max", maxRows}
	}
	return "", nil
}

// problemsFile sends the staged file back with the problems of each row in
// a 问题 column beside its cells (the file as uploaded, when it was an
// .xlsx; otherwise the rows as the preview shows them), to fix in Excel.
func (k *sheetImport[R]) problemsFile(w http.ResponseWriter, r *http.Request) error {
	b, _, rows, err := k.loadChecked(r)
	if err != nil {
		return err
	}
	lang := langFrom(r)
	problems := map[int]string{}
	lines := make([]int, len(rows))
	first := 0
	table := report.Table{Sheet: k.s.msgs.T(lang, "import.problems_sheet"),
		Columns: []report.TableColumn{{Header: k.s.msgs.T(lang, "import.col.line"), Width: 8}}}
	for _, c := range k.columns {
		table.Columns = append(table.Columns, report.TableColumn{Header: k.s.msgs.T(lang, c), Width: 16})
	}
	for i, row := range rows {
		line := row.SheetLine()
		lines[i] = line
		if first == 0 || line < first {
			first = line
		}
		var says []string
		for _, fe := range row.SheetProblems() {
			says = append(says, k.problem(lang, line, fe))
		}
		if len(says) > 0 {
			problems[line] = strings.Join(says, "\n")
		}
		vals := []any{line}
		for _, c := range k.cells(lang, row) {
			if c.Chip != "" {
				vals = append(vals, strings.Join(c.Chips, k.s.msgs.T(lang, "list.sep")))
			} else {
				vals = append(vals, c.Text)
			}
		}
		table.Rows = append(table.Rows, vals)
	}
	data, err := k.s.store.StagedSheetFile(r.Context(), b.UserID, b.ID)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.WriteProblems(&buf, data, k.s.msgs.T(lang, "import.col.problems"), first, problems, table, lines); err != nil {
		return err
	}
	base := strings.TrimSuffix(b.FileName, filepath.Ext(b.FileName))
	if base == "" {
		base = k.s.msgs.T(lang, "import.problems_sheet")
	}
	sendFile(w, base+k.s.msgs.T(lang, "import.problems_suffix")+".xlsx", "import-problems.xlsx", xlsxType, buf.Bytes())
	return nil
}
