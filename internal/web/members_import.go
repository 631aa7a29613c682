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
		fields: []string{"name", "gender", "birth_date", "id_number", "status",
			"applied_on,activist_on,candidate_on,probation_on,full_on", "group_id", "committee_post"},
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
		problem: s.problemOfField,
		outcome: s.rosterOutcome,
		choice:  s.rosterChoice,
		flashArgs: func(r *http.Request, rows []huoshui.ImportRow) []any {
			added, updated := rosterWrites(rows, r.PostFormValue(existingField) == existingSkip)
			return []any{"Count", added, "Updated", updated}
		},
		save: func(r *http.Request, b *huoshui.ImportBatch, rows []huoshui.ImportRow) error {
			ws := rosterPlan(rows, r.PostFormValue(existingField) == existingSkip)
			_, _, err := s.store.ImportRoster(r.Context(), s.actor(r), b.ID, ws)
			return err
		},
		done: "import.done_updated",
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
// against the branch's 党小组, its ID number against the people already
// recorded, and the member record as a whole. Each member it returns is
// placed in the branch and its group; a row whose ID number is a current
// member's of the branch has that member as Existing, and as Member that
// member with the row's values over theirs (ImportRow.MergeInto).
func (s *Server) checkRoster(r *http.Request, b *huoshui.ImportBatch) ([]huoshui.ImportRow, error) {
	groups, err := s.store.FindOrgs(r.Context(), huoshui.OrgFilter{Scope: auth.Scope(userFrom(r.Context()), auth.EditMember), ParentID: b.OrgID, Kind: huoshui.OrgGroup})
	if err != nil {
		return nil, err
	}
	// Who already holds each ID number: a member of this branch is
	// updated (or left, as the uploader chooses); anyone else's is the
	// row's problem, worded without a name when the uploader may not
	// edit them.
	var ids []string
	for _, row := range b.Rows {
		if id := huoshui.NormalizeIDNumber(row.Member.IDNumber); id != "" {
			ids = append(ids, id)
		}
	}
	holders, err := s.store.FindMembersByIDNumber(r.Context(), auth.Scope(userFrom(r.Context()), auth.EditMember), ids)
	if err != nil {
		return nil, err
	}
	rows := make([]huoshui.ImportRow, len(b.Rows))
	for i, row := range b.Rows {
		row.Member.IDNumber = huoshui.NormalizeIDNumber(row.Member.IDNumber)
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
		if row.Member.IDNumber != "" && !has("id_number") {
			switch m, taken := holders[row.Member.IDNumber]; {
			case !taken:
			case m == nil:
				row.Problems = append(row.Problems, huoshui.FieldError{Field: "id_number", Code: "roster.id_number_elsewhere"})
			case m.ArchivedAt != nil:
				row.Problems = append(row.Problems, huoshui.FieldError{Field: "id_number", Code: "roster.id_number_archived",
					Args: map[string]any{"Name": m.Name, "Org": m.OrgName}})
			case m.OrgID != b.OrgID:
				row.Problems = append(row.Problems, huoshui.FieldError{Field: "id_number", Code: "roster.id_number_other_branch",
					Args: map[string]any{"Name": m.Name, "Org": m.OrgName}})
			default:
				row.Existing = m
				row.Member, row.Changed = row.MergeInto(*m)
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
		{Text: label("status.", string(m.Status)), NoWrap: true},
		{Text: stageDate.String(), NoWrap: true},
		{Text: row.GroupName},
		{Text: label("post.", string(m.CommitteePost))},
	}
}

// The confirmation's question about the rows that are already members of
// the branch: update them from the sheet (the default) or leave them.
const (
	existingField  = "existing"
	existingUpdate = "update"
	existingSkip   = "skip"
)

// rosterPlan is what confirming rows writes: each new person, and, unless
// skip, the changes to each member of the branch a row changes.
func rosterPlan(rows []huoshui.ImportRow, skip bool) []huoshui.RosterWrite {
	var ws []huoshui.RosterWrite
	for i, row := range rows {
		switch {
		case row.Existing == nil:
			m := row.Member
			ws = append(ws, huoshui.RosterWrite{Row: i + 1, New: &m})
		case !skip && len(row.Changed) > 0:
			after := row.Member
			ws = append(ws, huoshui.RosterWrite{Row: i + 1, MemberID: row.Existing.ID, Update: huoshui.UpdateOf(&after, row.Changed)})
		}
	}
	return ws
}

// rosterWrites counts the people confirming rows adds and updates.
func rosterWrites(rows []huoshui.ImportRow, skip bool) (added, updated int) {
	for _, w := range rosterPlan(rows, skip) {
		if w.New != nil {
			added++
		} else {
			updated++
		}
	}
	return added, updated
}

// rosterOutcome says what confirming does with a clean row: a new person,
// a member's changed fields (before → after), or a member the row leaves
// as they are.
func (s *Server) rosterOutcome(lang string, row huoshui.ImportRow) sheetOutcome {
	if row.Existing == nil {
		return sheetOutcome{Label: s.msgs.T(lang, "import.outcome.new"), Class: "tag-new"}
	}
	if len(row.Changed) == 0 {
		return sheetOutcome{Label: s.msgs.T(lang, "import.outcome.same"), Class: "tag-same"}
	}
	o := sheetOutcome{Label: s.msgs.T(lang, "import.outcome.update"), Class: "tag-update"}
	before, after := row.Existing, &row.Member
	for _, f := range row.Changed {
		b, a := s.memberValue(lang, before, f, before.GroupName), s.memberValue(lang, after, f, row.GroupName)
		o.Changes = append(o.Changes, sheetChange{Field: s.msgs.T(lang, "field."+f), Before: b, After: a})
	}
	return o
}

// memberValue shows one field of a member as the roster writes it, or
// "（空）" for none; group is the name of their 党小组.
func (s *Server) memberValue(lang string, m *huoshui.Member, field, group string) string {
	label := func(prefix, v string) string {
		if v == "" {
			return ""
		}
		return s.msgs.T(lang, prefix+v)
	}
	var v string
	switch field {
	case "name":
		v = m.Name
	case "gender":
		v = label("gender.", string(m.Gender))
	case "ethnicity":
		v = m.Ethnicity
	case "birth_date":
		v = m.BirthDate.String()
	case "education":
		v = label("education.", m.Education)
	case "id_number":
		v = m.IDNumber
	case "phone":
		v = m.Phone
	case "workplace":
		v = m.Workplace
	case "post":
		v = m.Post
	case "status":
		v = label("status.", string(m.Status))
	case "applied_on":
		v = m.AppliedOn.String()
	case "activist_on":
		v = m.ActivistOn.String()
	case "candidate_on":
		v = m.CandidateOn.String()
	case "probation_on":
		v = m.ProbationOn.String()
	case "full_on":
		v = m.FullOn.String()
	case "group_id":
		if m.GroupID != 0 {
			v = group
		}
	case "committee_post":
		v = label("post.", string(m.CommitteePost))
	}
	if v == "" {
		return s.msgs.T(lang, "import.empty_value")
	}
	return v
}

// rosterChoice asks, when rows are members of the branch already, whether
// to update them or leave them; the preview counts both kinds of row.
func (s *Server) rosterChoice(r *http.Request, rows []huoshui.ImportRow) *sheetChoice {
	lang := langFrom(r)
	var added, changed, same int
	for _, row := range rows {
		switch {
		case row.Existing == nil:
			added++
		case len(row.Changed) == 0:
			same++
		default:
			changed++
		}
	}
	if changed+same == 0 {
		return nil
	}
	skip := r.PostFormValue(existingField) == existingSkip
	return &sheetChoice{Name: existingField,
		Legend:  s.msgs.T(lang, "import.existing_legend", "Count", changed+same),
		Summary: s.msgs.T(lang, "import.existing_counts", "Added", added, "Changed", changed, "Same", same),
		Options: []sheetOption{
			{Value: existingUpdate, Label: s.msgs.T(lang, "import.existing_update", "Count", changed), Checked: !skip},
			{Value: existingSkip, Label: s.msgs.T(lang, "import.existing_skip", "Count", added), Checked: skip},
		}}
}
