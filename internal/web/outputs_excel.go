package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
)

// The output registry in Excel: each kind exported as the list shows it,
// its empty template, and its import through the shared mechanism
// (sheet_import.go): a preview of every row, owners matched by name
// among the org's members, then every row or none.

// outputsExport sends the outputs of one kind the list shows for the same
// query, every page of them, under a title row naming the org, the kind
// and the year.
func (s *Server) outputsExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	if len(auth.Scope(u, auth.ViewRecord).Paths) == 0 {
		return huoshui.ErrForbidden
	}
	q := parseOutputQuery(r.URL.Query())
	f := q.filter(u, 0)
	f.Limit = s.exportCap() + 1
	xs, _, err := s.store.FindOutputs(ctx, f)
	if err != nil {
		return err
	}
	if len(xs) > s.exportCap() {
		return s.tooManyRows("export_too_many_outputs", len(xs))
	}
	lang := langFrom(r)
	whose := s.msgs.T(lang, "outputs.title")
	if q.OrgID != 0 {
		org, err := s.store.FindOrgByID(ctx, auth.Scope(u, auth.ViewRecord), q.OrgID)
		if err != nil {
			return err
		}
		whose = org.Name
	} else if len(xs) > 0 && sameOrg(xs) {
		whose = xs[0].OrgName
	}
	year := s.msgs.T(lang, "outputs.all_years")
	if q.Year != 0 {
		year = s.msgs.T(lang, "outputs.year", "Year", q.Year)
	}
	kind := s.msgs.T(lang, "outputs.kind."+string(q.Kind))
	title := s.msgs.T(lang, "outputs.file.title", "Org", whose, "Kind", kind, "Year", year)
	var buf bytes.Buffer
	if err := report.WriteOutputs(&buf, q.Kind, title, s.msgs.labels(lang), xs); err != nil {
		return err
	}
	name := s.msgs.T(lang, "outputs.file.export", "Kind", kind, "Date", s.today().String())
	sendFile(w, name, "outputs-"+string(q.Kind)+"-"+s.today().String()+".xlsx", xlsxType, buf.Bytes())
	return nil
}

// sameOrg reports whether every output is kept at one org.
func sameOrg(xs []*huoshui.Output) bool {
	for _, x := range xs {
		if x.OrgID != xs[0].OrgID {
			return false
		}
	}
	return true
}

// outputsTemplate sends kind k's empty sheet to fill in.
func (s *Server) outputsTemplate(k huoshui.OutputKind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if !auth.CanAnywhere(userFrom(r.Context()), auth.EditRecord) {
			return huoshui.ErrForbidden
		}
		lang := langFrom(r)
		kind := s.msgs.T(lang, "outputs.kind."+string(k))
		var buf bytes.Buffer
		if err := report.WriteOutputs(&buf, k, s.msgs.T(lang, "outputs.file.template_title", "Kind", kind), s.msgs.labels(lang), nil); err != nil {
			return err
		}
		sendFile(w, s.msgs.T(lang, "outputs.file.template", "Kind", kind), "output-"+string(k)+"-template.xlsx", xlsxType, buf.Bytes())
		return nil
	}
}

// outputImportBase is where kind k's import lives.
func outputImportBase(k huoshui.OutputKind) string { return "/outputs/import/" + string(k) }

// outputImport is kind k's import: every row an output of the chosen org,
// its owners matched by name among the org's members.
func (s *Server) outputImport(k huoshui.OutputKind) *sheetImport[huoshui.OutputRow] {
	var columns []string
	for _, c := range report.OutputColumns[k] {
		columns = append(columns, "report.output."+string(k)+"."+c.Field)
	}
	return &sheetImport[huoshui.OutputRow]{
		s: s, base: outputImportBase(k), perm: auth.EditRecord, maxRows: report.MaxOutputRows,
		form: "outputs_import", title: "outputs.import_title." + string(k),
		list: crumb{Href: "/outputs?kind=" + string(k), Label: "nav.outputs"},
		words: sheetWords{OrgLabel: "field.org_id", OrgHelp: "outputs.import.help_org", ChooseOrg: "outputs.import.choose_org",
			File: "outputs.import.preview_file", CountsBad: "outputs.import.counts_bad", CountsClean: "outputs.import.counts_clean",
			ConfirmHelp: "outputs.import.confirm_help", Confirm: "outputs.import.confirm", Empty: "output.empty_sheet",
			FileLabel: "outputs.import.file", Choose: "outputs.choose", Refused: "outputs.import.refused"},
		columns: columns,
		orgs:    func(r *http.Request) ([]*huoshui.Org, error) { return s.outputOrgs(r.Context(), userFrom(r.Context())) },
		help: func(lang string) []importHelpRow {
			var out []importHelpRow
			for _, h := range report.OutputHelp(k, s.msgs.labels(lang)) {
				row := importHelpRow{Header: h.Header, Required: h.Required, Values: strings.Join(h.Allowed, s.msgs.T(lang, "list.sep"))}
				if h.Date {
					row.Values = s.msgs.T(lang, "import.date_hint")
				}
				out = append(out, row)
			}
			return out
		},
		read: func(_ *http.Request, file io.Reader) ([]huoshui.OutputRow, []huoshui.FieldError, error) {
			sheet, err := report.ParseOutputs(file, k, s.now(), s.msgs.allLabels()...)
			if err != nil {
				return nil, nil, err
			}
			if len(sheet.Problems) == 0 && len(sheet.Rows) == 0 {
				sheet.Problems = []huoshui.FieldError{{Field: "file", Code: "output.empty_sheet"}}
			}
			return sheet.Rows, sheet.Problems, nil
		},
		stage: func(ctx context.Context, b *huoshui.OutputBatch) error { return s.store.CreateOutputBatch(ctx, k, b) },
		find: func(ctx context.Context, uploaderID, id int64) (*huoshui.OutputBatch, error) {
			return s.store.FindOutputBatchByID(ctx, k, uploaderID, id)
		},
		drop: func(ctx context.Context, uploaderID, id int64) error {
			return s.store.DeleteOutputBatch(ctx, k, uploaderID, id)
		},
		check: s.checkOutputRows,
		cells: func(lang string, row huoshui.OutputRow) []sheetCell { return s.outputCells(lang, k, row) },
		problem: func(lang string, line int, fe huoshui.FieldError) string {
			if fe.Field == "owners" || fe.Field == "file" {
				fe.Row = 0
				return s.msgs.fieldMessage(lang, fe)
			}
			return s.problemOfField(lang, line, fe)
		},
		save: func(r *http.Request, b *huoshui.OutputBatch, rows []huoshui.OutputRow) error {
			xs := make([]*huoshui.Output, len(rows))
			for i, row := range rows {
				x := row.Output
				xs[i] = &x
			}
			return s.store.CreateImportedOutputs(r.Context(), s.actor(r), k, b.ID, xs)
		},
		done: "outputs.imported",
		next: func(org *huoshui.Org) string {
			return "/outputs?kind=" + string(k) + "&org=" + strconv.FormatInt(org.ID, 10)
		},
	}
}

// checkOutputRows checks every staged row again as it would be stored:
// its owners matched by name among the current members of the org's
// subtree (a name that matches nobody, or two people, is the row's
// problem, which says so) and the output as a whole as of today.
func (s *Server) checkOutputRows(r *http.Request, b *huoshui.OutputBatch) ([]huoshui.OutputRow, error) {
	ctx := r.Context()
	org, err := s.store.FindOrgByID(ctx, auth.Scope(userFrom(ctx), auth.EditRecord), b.OrgID)
	if err != nil {
		return nil, err
	}
	ms, _, err := s.store.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{Paths: []string{org.Path}}})
	if err != nil {
		return nil, err
	}
	byName := map[string][]*huoshui.Member{}
	for _, m := range ms {
		byName[m.Name] = append(byName[m.Name], m)
	}
	today := s.today()
	rows := make([]huoshui.OutputRow, len(b.Rows))
	for i, row := range b.Rows {
		row.Problems = append([]huoshui.FieldError(nil), row.Problems...)
		has := func(field string) bool {
			for _, p := range row.Problems {
				if p.Field == field {
					return true
				}
			}
			return false
		}
		row.Output.OrgID, row.Output.Owners = b.OrgID, nil
		for _, name := range row.OwnerNames {
			switch found := byName[name]; len(found) {
			case 0:
				row.Problems = append(row.Problems, huoshui.FieldError{Field: "owners", Code: "output.owner_no_match",
					Args: map[string]any{"Name": name, "Org": org.Name}})
			case 1:
				row.Output.Owners = append(row.Output.Owners, huoshui.OutputOwner{MemberID: found[0].ID, Name: name})
			default:
				row.Problems = append(row.Problems, huoshui.FieldError{Field: "owners", Code: "output.owner_two_match",
					Args: map[string]any{"Name": name, "Org": org.Name, "Count": len(found)}})
			}
		}
		x := row.Output
		if len(row.OwnerNames) > 0 && len(x.Owners) == 0 {
			x.Owners = []huoshui.OutputOwner{{MemberID: -1}} // named, but matched nobody: said above
		}
		var ve *huoshui.ValidationError
		if errors.As(x.Validate(today), &ve) {
			for _, fe := range ve.Fields {
				if !has(fe.Field) {
					row.Problems = append(row.Problems, fe)
				}
			}
		}
		rows[i] = row
	}
	return rows, nil
}

// outputCells shows a row of kind k's sheet: its values under the sheet's
// columns, the choices in words.
func (s *Server) outputCells(lang string, k huoshui.OutputKind, row huoshui.OutputRow) []sheetCell {
	x := row.Output
	label := func(prefix, code string) string {
		if code == "" {
			return ""
		}
		return s.msgs.T(lang, prefix+code)
	}
	var out []sheetCell
	for _, c := range report.OutputColumns[k] {
		var cell sheetCell
		switch c.Field {
		case "title":
			cell.Text = x.Title
		case "dated_on":
			cell = sheetCell{Text: x.Date.String(), NoWrap: true}
		case "outlet":
			cell.Text = x.Outlet
		case "level":
			cell = sheetCell{Text: label("report.output.level.", string(x.Level)), NoWrap: true}
		case "link":
			cell.Text = x.Link
		case "issuer":
			cell.Text = x.Issuer
		case "doc_kind":
			cell = sheetCell{Text: label("report.output.doc_kind.", string(x.DocKind)), NoWrap: true}
		case "characters":
			cell = sheetCell{Text: strconv.Itoa(x.Characters), NoWrap: true}
		case "innovation_status":
			cell = sheetCell{Text: label("report.output.status.", string(x.Status)), NoWrap: true}
		case "problem":
			cell.Text = x.Problem
		case "change":
			cell.Text = x.Change
		case "before":
			cell.Text = x.Before
		case "after":
			cell.Text = x.After
		case "owners":
			cell = sheetCell{Chips: row.OwnerNames, Chip: "tag"}
		}
		out = append(out, cell)
	}
	return out
}
