package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
)

// The bank in Excel: the export, the empty template, and the import with
// a preview of every row before anything is written (as members_import.go
// does for the roster). A sheet is staged for its uploader; on
// confirmation every row goes in or none does.

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

type questionsImportPage struct {
	Page
	Orgs     []*huoshui.Org
	OrgID    int64
	Problems []string
	OrgError string
	MaxRows  int
	MaxMB    int
}

func (s *Server) newQuestionsImport(r *http.Request, orgs []*huoshui.Org, orgID int64) *questionsImportPage {
	p := &questionsImportPage{Orgs: orgs, OrgID: orgID, MaxRows: report.MaxQuestionRows, MaxMB: maxImportBytes >> 20}
	if p.OrgID == 0 && len(orgs) == 1 {
		p.OrgID = orgs[0].ID
	}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: "/questions", Label: s.msgs.T(lang, "nav.questions")}, {Label: s.msgs.T(lang, "questions.import_title")}}
	return p
}

// questionsImportForm asks for the org and the file.
func (s *Server) questionsImportForm(w http.ResponseWriter, r *http.Request) error {
	orgs, err := s.bankOrgs(r.Context(), userFrom(r.Context()))
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		return huoshui.ErrForbidden
	}
	orgID, _ := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
	if findBranch(orgs, orgID) == nil {
		orgID = 0
	}
	return s.render(w, r, http.StatusOK, "questions_import", s.newQuestionsImport(r, orgs, orgID))
}

// questionsImportUpload reads the file and stages its rows for the
// preview. Nothing reaches the bank here.
func (s *Server) questionsImportUpload(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := langFrom(r)
	orgs, err := s.bankOrgs(ctx, userFrom(ctx))
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		return huoshui.ErrForbidden
	}
	refuse := func(code int, orgID int64, msgID string, args ...any) error {
		p := s.newQuestionsImport(r, orgs, orgID)
		p.Problems = []string{s.msgs.T(lang, msgID, args...)}
		return s.render(w, r, code, "questions_import", p)
	}
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
	org := findBranch(orgs, orgID)
	if org == nil {
		p := s.newQuestionsImport(r, orgs, 0)
		p.OrgError = s.msgs.T(lang, "questions.choose_org")
		return s.render(w, r, http.StatusUnprocessableEntity, "questions_import", p)
	}
	file, fh, err := r.FormFile("file")
	if err != nil {
		return refuse(http.StatusUnprocessableEntity, orgID, "import.no_file")
	}
	defer file.Close()
	if fh.Size > maxImportBytes {
		return refuse(http.StatusRequestEntityTooLarge, orgID, "import.too_large", "MB", maxImportBytes>>20)
	}
	sheet, err := report.ParseQuestions(file, s.msgs.allLabels()...)
	if id, args := sheetRefusal(err, report.MaxQuestionRows); id != "" {
		return refuse(http.StatusUnprocessableEntity, orgID, id, args...)
	} else if err != nil {
		return err
	}
	if len(sheet.Problems) > 0 {
		p := s.newQuestionsImport(r, orgs, orgID)
		for _, fe := range sheet.Problems {
			p.Problems = append(p.Problems, s.msgs.fieldMessage(lang, fe))
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "questions_import", p)
	}
	b := &huoshui.QuestionBatch{UserID: userFrom(ctx).ID, OrgID: org.ID, FileName: cleanFileName(fh.Filename)}
	for _, row := range sheet.Rows {
		b.Rows = append(b.Rows, huoshui.QuestionRow{Line: row.Line, Question: row.Question, Problems: row.Problems})
	}
	if err := s.store.DeleteStaleQuestionBatches(ctx, s.now().Add(-huoshui.ImportBatchTTL)); err != nil {
		s.log.Warn("delete stale question batches", "err", err)
	}
	if err := s.store.CreateQuestionBatch(ctx, b); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/questions/import/%d/preview", b.ID), http.StatusSeeOther)
	return nil
}

// questionBatch finds a sheet the current user staged for an org whose
// bank they still keep; anything else is not found.
func (s *Server) questionBatch(r *http.Request) (*huoshui.QuestionBatch, *huoshui.Org, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	ctx := r.Context()
	u := userFrom(ctx)
	b, err := s.store.FindQuestionBatchByID(ctx, u.ID, id)
	if err != nil {
		return nil, nil, err
	}
	if s.now().Sub(b.CreatedAt) > huoshui.ImportBatchTTL {
		return nil, nil, fmt.Errorf("question batch %d: %w", id, huoshui.ErrNotFound)
	}
	org, err := s.store.FindOrgByID(ctx, auth.Scope(u, auth.EditRecord), b.OrgID)
	if err != nil {
		return nil, nil, fmt.Errorf("question batch %d: %w", id, err)
	}
	return b, org, nil
}

type questionRowView struct {
	huoshui.QuestionRow
	Messages []string
}

// Bad reports whether the row has a problem.
func (v questionRowView) Bad() bool { return len(v.Messages) > 0 }

type questionsPreviewPage struct {
	Page
	Batch    *huoshui.QuestionBatch
	Org      *huoshui.Org
	Rows     []questionRowView
	Total    int
	Bad      int
	Problems []string
	Refused  bool
}

func (s *Server) questionsPreviewPage(r *http.Request, b *huoshui.QuestionBatch, org *huoshui.Org, rows []huoshui.QuestionRow) *questionsPreviewPage {
	lang := langFrom(r)
	p := &questionsPreviewPage{Batch: b, Org: org, Total: len(rows)}
	for _, row := range rows {
		v := questionRowView{QuestionRow: row}
		for _, fe := range row.Problems {
			fe.Row = 0
			v.Messages = append(v.Messages, s.msgs.T(lang, "field."+fe.Field)+"："+s.msgs.fieldMessage(lang, fe))
		}
		if v.Bad() {
			p.Bad++
		}
		p.Rows = append(p.Rows, v)
	}
	p.Crumbs = []crumb{{Href: "/questions", Label: s.msgs.T(lang, "nav.questions")},
		{Href: "/questions/import?org=" + strconv.FormatInt(org.ID, 10), Label: s.msgs.T(lang, "questions.import_title")},
		{Label: s.msgs.T(lang, "import.preview_title")}}
	return p
}

// questionsImportPreview shows every staged row with its problems.
func (s *Server) questionsImportPreview(w http.ResponseWriter, r *http.Request) error {
	b, org, err := s.questionBatch(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "questions_import_preview", s.questionsPreviewPage(r, b, org, b.Rows))
}

// questionsImportConfirm writes every row of a clean sheet in one
// transaction, or none.
func (s *Server) questionsImportConfirm(w http.ResponseWriter, r *http.Request) error {
	b, org, err := s.questionBatch(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[[]*huoshui.Question]{
		Read: func(_ url.Values, ve *huoshui.ValidationError) ([]*huoshui.Question, error) {
			qs := make([]*huoshui.Question, len(b.Rows))
			for i, row := range b.Rows {
				for _, fe := range row.Problems {
					fe.Row = i + 1
					ve.Fields = append(ve.Fields, fe)
				}
				q := row.Question
				q.OrgID = b.OrgID
				qs[i] = &q
			}
			if len(qs) == 0 {
				ve.Add("form", "questions.empty_sheet")
			}
			return qs, nil
		},
		Save: func(qs []*huoshui.Question) error {
			return s.store.CreateImportedQuestions(r.Context(), s.actor(r), b.ID, qs)
		},
		Page: func(code int, f form) error {
			rows := make([]huoshui.QuestionRow, len(b.Rows))
			for i, row := range b.Rows {
				row.Problems = nil
				rows[i] = row
			}
			var general []string
			for _, fe := range f.Problems {
				if fe.Row < 1 || fe.Row > len(rows) {
					general = append(general, s.msgs.fieldMessage(langFrom(r), fe))
					continue
				}
				n := fe.Row
				fe.Row = 0
				rows[n-1].Problems = append(rows[n-1].Problems, fe)
			}
			p := s.questionsPreviewPage(r, b, org, rows)
			p.Problems, p.Refused = general, true
			return s.render(w, r, code, "questions_import_preview", p)
		},
		Flash:     "questions.imported",
		FlashArgs: func(qs []*huoshui.Question) []any { return []any{"Count", len(qs)} },
		Next:      func([]*huoshui.Question) string { return "/questions" },
	})
}

// questionsImportDiscard drops a staged sheet.
func (s *Server) questionsImportDiscard(w http.ResponseWriter, r *http.Request) error {
	b, org, err := s.questionBatch(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save:  func(struct{}) error { return s.store.DeleteQuestionBatch(r.Context(), b.UserID, b.ID) },
		Flash: "import.discarded",
		Next:  func(struct{}) string { return "/questions/import?org=" + strconv.FormatInt(org.ID, 10) },
	})
}
