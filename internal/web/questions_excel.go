package web

import (
	"bytes"
	"io"
	"net/http"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
)

// The bank in Excel: the export, the empty template, and the import
// (sheet_import.go) with a preview of every row before anything is
// written; on confirmation every row goes in or none does.

// questionsExport sends the current questions of the bank the officer
// keeps (the list's tag and search applied) as a sheet the import reads.
func (s *Server) questionsExport(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	scope := auth.Scope(u, auth.EditRecord)
	if len(scope.Paths) == 0 {
		return huoshui.ErrForbidden
	}
	q := parseQuestionQuery(r.URL.Query())
	qs, total, err := s.store.FindQuestions(r.Context(), huoshui.QuestionFilter{Scope: scope, Tag: q.Tag, Query: q.Q,
		Archived: q.Archived, Limit: s.exportCap() + 1})
	if err != nil {
		return err
	}
	if total > s.exportCap() {
		return s.tooManyRows("export_too_many_questions", total)
	}
	lang := langFrom(r)
	var buf bytes.Buffer
	if err := report.WriteQuestions(&buf, s.msgs.labels(lang), qs); err != nil {
		return err
	}
	sendFile(w, s.msgs.T(lang, "questions.file.export"), "questions.xlsx", xlsxType, buf.Bytes())
	return nil
}

// questionsTemplate sends the empty sheet to fill in.
func (s *Server) questionsTemplate(w http.ResponseWriter, r *http.Request) error {
	if !auth.CanAnywhere(userFrom(r.Context()), auth.EditRecord) {
		return huoshui.ErrForbidden
	}
	lang := langFrom(r)
	var buf bytes.Buffer
	if err := report.WriteQuestions(&buf, s.msgs.labels(lang), nil); err != nil {
		return err
	}
	sendFile(w, s.msgs.T(lang, "questions.file.template"), "question-template.xlsx", xlsxType, buf.Bytes())
	return nil
}

// questionImport is the question bank's import: every row a question of
// the chosen org's bank, checked as it was read.
func (s *Server) questionImport() *sheetImport[huoshui.QuestionRow] {
	return &sheetImport[huoshui.QuestionRow]{
		s: s, base: "/questions/import", perm: auth.EditRecord, maxRows: report.MaxQuestionRows,
		form: "questions_import", title: "questions.import_title", list: crumb{Href: "/questions", Label: "nav.questions"},
		words: sheetWords{OrgLabel: "questions.org", OrgHelp: "questions.help.org", ChooseOrg: "questions.choose_org",
			File: "questions.preview_file", CountsBad: "questions.counts_bad", CountsClean: "questions.counts_clean",
			ConfirmHelp: "questions.confirm_help", Confirm: "questions.confirm", Empty: "questions.empty_sheet"},
		columns: []string{"field.question_kind", "field.stem", "field.options", "field.answer", "field.tags"},
		orgs:    func(r *http.Request) ([]*huoshui.Org, error) { return s.bankOrgs(r.Context(), userFrom(r.Context())) },
		read: func(_ *http.Request, file io.Reader) ([]huoshui.QuestionRow, []huoshui.FieldError, error) {
			sheet, err := report.ParseQuestions(file, s.msgs.allLabels()...)
			if err != nil {
				return nil, nil, err
			}
			return sheet.Rows, sheet.Problems, nil
		},
		stage:   s.store.CreateQuestionBatch,
		find:    s.store.FindQuestionBatchByID,
		drop:    s.store.DeleteQuestionBatch,
		cells:   s.questionCells,
		problem: s.problemOfField,
		save: func(r *http.Request, b *huoshui.QuestionBatch, rows []huoshui.QuestionRow) error {
			qs := make([]*huoshui.Question, len(rows))
			for i, row := range rows {
				q := row.Question
				q.OrgID = b.OrgID
				qs[i] = &q
			}
			return s.store.CreateImportedQuestions(r.Context(), s.actor(r), b.ID, qs)
		},
		done: "questions.imported",
		next: func(*huoshui.Org) string { return "/questions" },
	}
}

// questionCells shows a question row: its kind, stem, options, answer
// and tags.
func (s *Server) questionCells(lang string, row huoshui.QuestionRow) []sheetCell {
	q := row.Question
	kind := ""
	if q.Kind != "" {
		kind = s.msgs.T(lang, "qkind."+string(q.Kind))
	}
	return []sheetCell{
		{Text: kind, NoWrap: true},
		{Text: q.Stem},
		{Chips: q.Options, Chip: "option"},
		{Text: q.Answer, NoWrap: true},
		{Chips: q.Tags, Chip: "tag"},
	}
}
