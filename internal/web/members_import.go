package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
)

// The roster import (sheet_import.go): a branch's people from an Excel
// roster, each row checked again against the branch's 党小组 and as the
// member record it would be.

// rosterImport is the roster's import.
func (s *Server) rosterImport() *sheetImport[huoshui.ImportRow] {
	return &sheetImport[huoshui.ImportRow]{
		s: s, base: "/members/import", perm: auth.EditMember, maxRows: report.MaxRosterRows,
		form: "members_import", title: "import.title", list: crumb{Href: "/members", Label: "members.title"},
		words: sheetWords{OrgLabel: "field.org_id", OrgHelp: "import.help.branch", ChooseOrg: "import.choose_branch",
			File: "import.preview_file", CountsBad: "import.counts_bad", CountsClean: "import.counts_clean",
			ConfirmHelp: "import.confirm_help", Confirm: "import.confirm", Empty: "roster.empty"},
		columns: []string{"field.name", "field.gender", "field.birth_date", "field.id_number", "field.status",
			"import.col.stage_date", "field.group_id", "field.committee_post"},
		orgs: s.importBranches,
		help: s.rosterHelp,
		read: func(_ *http.Request, file io.Reader) ([]huoshui.ImportRow, []huoshui.FieldError, error) {
			ros, err := report.ParseRoster(file, s.now(), s.msgs.allLabels()...)
			if err != nil {
				return nil, nil, err
			}
			return ros.Rows, ros.Problems, nil
		},
		stage:   s.store.CreateImportBatch,
		find:    s.store.FindImportBatchByID,
		drop:    s.store.DeleteImportBatch,
		check:   s.checkRoster,
		cells:   s.rosterCells,
		problem: s.problemWithRow,
		save: func(r *http.Request, b *huoshui.ImportBatch, rows []huoshui.ImportRow) error {
			ms := make([]*huoshui.Member, len(rows))
			for i, row := range rows {
				m := row.Member
				ms[i] = &m
			}
			return s.store.CreateImportedMembers(r.Context(), s.actor(r), b.ID, ms)
		},
		done: "import.done",
		next: func(branch *huoshui.Org) string { return "/members?org=" + strconv.FormatInt(branch.ID, 10) },
	}
}

// importBranches lists the branches where u may add members.
func (s *Server) importBranches(r *http.Request) ([]*huoshui.Org, error) {
	sc := auth.Scope(userFrom(r.Context()), auth.EditMember)
	return s.store.FindOrgs(r.Context(), huoshui.OrgFilter{Scope: sc, Kind: huoshui.OrgBranch})
}

// rosterHelp says how to fill each column of the roster.
func (s *Server) rosterHelp(lang string) []importHelpRow {
	var help []importHelpRow
	sep := s.msgs.T(lang, "list.sep")
	for _, h := range report.RosterHelp(s.msgs.labels(lang)) {
		row := importHelpRow{Header: h.Header, Required: h.Required, Values: strings.Join(h.Allowed, sep)}
		if h.Date {
			row.Values = s.msgs.T(lang, "import.date_hint")
		}
		help = append(help, row)
	}
	return help
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

// checkRoster checks every row again as it would be stored: its group
// against the branch's 党小组 and the member record as a whole. Each
// member it returns is placed in the branch and its group.
func (s *Server) checkRoster(r *http.Request, b *huoshui.ImportBatch) ([]huoshui.ImportRow, error) {
	groups, err := s.store.FindOrgs(r.Context(), huoshui.OrgFilter{Scope: auth.Scope(userFrom(r.Context()), auth.EditMember), ParentID: b.OrgID, Kind: huoshui.OrgGroup})
	if err != nil {
		return nil, err
	}
	rows := make([]huoshui.ImportRow, len(b.Rows))
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
		row.Member.OrgID, row.Member.GroupID = b.OrgID, 0
		if row.GroupName != "" && !has("group_id") {
			if g := matchGroup(groups, row.GroupName); g != nil {
				row.Member.GroupID = g.ID
			} else {
				row.Problems = append(row.Problems, huoshui.FieldError{Field: "group_id", Code: "roster.unknown_group",
					Args: map[string]any{"Name": row.GroupName}})
			}
		}
		var ve *huoshui.ValidationError
		if errors.As(row.Member.Validate(), &ve) {
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

// rosterCells shows a roster row: the person, and the date of their
// current stage.
func (s *Server) rosterCells(lang string, row huoshui.ImportRow) []sheetCell {
	m := row.Member
	label := func(prefix, value string) string {
		if value == "" {
			return ""
		}
		return s.msgs.T(lang, prefix+value)
	}
	var stageDate huoshui.Date
	for _, st := range m.StageDates() {
		if st.Status == m.Status {
			stageDate = st.Date
		}
	}
	return []sheetCell{
		{Text: m.Name, NoWrap: true},
		{Text: label("gender.", string(m.Gender))},
		{Text: m.BirthDate.String(), NoWrap: true},
		{Text: m.IDNumber, NoWrap: true},
		{Text: label("status.", string(m.Status))},
		{Text: stageDate.String(), NoWrap: true},
		{Text: row.GroupName},
		{Text: label("post.", string(m.CommitteePost))},
	}
}
