package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// The question bank (题库): officers of an org (EditRecord) keep its
// questions; every member below it takes self-tests from them
// (selftest.go). Import and export are in questions_excel.go.

const questionPageSize = 50

// questionPath is a question's page.
func questionPath(q *huoshui.Question) string { return fmt.Sprintf("/questions/%d", q.ID) }

// bankOrgs lists the orgs whose bank u keeps: the nodes above a 党小组
// where u keeps records.
func (s *Server) bankOrgs(ctx context.Context, u *huoshui.User) ([]*huoshui.Org, error) {
	orgs, err := s.plannableOrgs(ctx, u)
	if err != nil {
		return nil, err
	}
	out := orgs[:0]
	for _, o := range orgs {
		if o.Kind != huoshui.OrgGroup {
			out = append(out, o)
		}
	}
	return out, nil
}

// editableQuestion reads the question of the path's id through the
// reader's EditRecord scope: a question outside it is not there (404).
func (s *Server) editableQuestion(r *http.Request) (*huoshui.Question, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.store.FindQuestionByID(r.Context(), auth.Scope(userFrom(r.Context()), auth.EditRecord), id)
}

// questionQuery is what the bank's filter bar asks for.
type questionQuery struct {
	Tag      string
	Q        string
	Archived bool
	Page     int
}

func parseQuestionQuery(v url.Values) questionQuery {
	q := questionQuery{Page: 1, Tag: huoshui.Truncate(strings.TrimSpace(v.Get("tag")), 20),
		Q: huoshui.Truncate(strings.TrimSpace(v.Get("q")), 40), Archived: v.Get("archived") == "1"}
	if p, err := strconv.Atoi(v.Get("page")); err == nil && p > 0 {
		q.Page = p
	}
	return q
}

func (q questionQuery) link(page int) string {
	v := url.Values{}
	if q.Tag != "" {
		v.Set("tag", q.Tag)
	}
	if q.Q != "" {
		v.Set("q", q.Q)
	}
	if q.Archived {
		v.Set("archived", "1")
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return "/questions?" + v.Encode()
}

// ArchivedLink switches between the bank and its archived questions.
func (q questionQuery) ArchivedLink() string {
	q.Archived = !q.Archived
	return q.link(1)
}

type questionsListPage struct {
	Page
	Query     questionQuery
	Questions []*huoshui.Question
	Tags      []string
	Total     int
	Pager     *pager
}

// questionsList shows the bank of the orgs the officer keeps records for,
// newest first, with a tag filter and a search on the stem.
func (s *Server) questionsList(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	scope := auth.Scope(u, auth.EditRecord)
	if len(scope.Paths) == 0 {
		return huoshui.ErrForbidden
	}
	q := parseQuestionQuery(r.URL.Query())
	p := &questionsListPage{Query: q}
	var err error
	if p.Tags, err = s.store.QuestionTags(r.Context(), scope); err != nil {
		return err
	}
	p.Questions, p.Total, err = s.store.FindQuestions(r.Context(), huoshui.QuestionFilter{Scope: scope, Tag: q.Tag, Query: q.Q,
		Archived: q.Archived, Limit: questionPageSize, Offset: (q.Page - 1) * questionPageSize})
	if err != nil {
		return err
	}
	p.Pager = newPager(&p.Page, p.Total, q.Page, questionPageSize, func(page string) string {
		n, _ := strconv.Atoi(page)
		return q.link(n)
	})
	return s.render(w, r, http.StatusOK, "questions_list", p)
}

type questionViewPage struct {
	Page
	Q *huoshui.Question
}

// questionView shows one question with its answer and explanation.
func (s *Server) questionView(w http.ResponseWriter, r *http.Request) error {
	q, err := s.editableQuestion(r)
	if err != nil {
		return err
	}
	p := &questionViewPage{Q: q}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: "/questions", Label: s.msgs.T(lang, "nav.questions")}, {Label: huoshui.Truncate(q.Stem, 20)}}
	return s.render(w, r, http.StatusOK, "question_view", p)
}

// questionFromForm reads the question form.
func questionFromForm(v url.Values, ve *huoshui.ValidationError) *huoshui.Question {
	q := &huoshui.Question{Kind: huoshui.QuestionKind(v.Get("question_kind")), Stem: v.Get("stem"),
		Explanation: v.Get("explanation"), Tags: splitTags(v.Get("tags"))}
	q.OrgID, _ = strconv.ParseInt(v.Get("org_id"), 10, 64)
	if q.Kind != huoshui.QuestionTrueFalse {
		for i := range huoshui.MaxQuestionOptions {
			q.Options = append(q.Options, v.Get("option_"+huoshui.OptionLetter(i)))
		}
	}
	q.Answer = strings.Join(v["answer"], "")
	if err := q.Validate(); err != nil {
		ve.Merge(err)
	}
	return q
}

// questionValues fills the form from a saved question.
func questionValues(q *huoshui.Question) url.Values {
	v := url.Values{}
	v.Set("org_id", strconv.FormatInt(q.OrgID, 10))
	v.Set("question_kind", string(q.Kind))
	v.Set("stem", q.Stem)
	for i, o := range q.Options {
		v.Set("option_"+huoshui.OptionLetter(i), o)
	}
	v.Set("answer", q.Answer)
	v.Set("explanation", q.Explanation)
	v.Set("tags", strings.Join(q.Tags, "、"))
	return v
}

type questionFormPage struct {
	Page
	Form    form
	Q       *huoshui.Question // nil for a new question
	Orgs    []*huoshui.Org
	Kinds   []huoshui.QuestionKind
	Letters []string
}

// Action is where the form posts.
func (p *questionFormPage) Action() string {
	if p.Q == nil {
		return "/questions"
	}
	return questionPath(p.Q)
}

// Option is the typed text of the option with letter.
func (p *questionFormPage) Option(letter string) string {
	return p.Form.Get("option_" + letter)
}

func (s *Server) questionForm(r *http.Request, f form, q *huoshui.Question, orgs []*huoshui.Org) *questionFormPage {
	p := &questionFormPage{Form: f, Q: q, Orgs: orgs, Kinds: huoshui.QuestionKinds}
	for i := range huoshui.MaxQuestionOptions {
		p.Letters = append(p.Letters, huoshui.OptionLetter(i))
	}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: "/questions", Label: s.msgs.T(lang, "nav.questions")}}
	if q != nil {
		p.Crumbs = append(p.Crumbs, crumb{Href: questionPath(q), Label: huoshui.Truncate(q.Stem, 20)}, crumb{Label: s.msgs.T(lang, "action.edit")})
	} else {
		p.Crumbs = append(p.Crumbs, crumb{Label: s.msgs.T(lang, "questions.new")})
	}
	return p
}

// questionNew shows the form for a new question.
func (s *Server) questionNew(w http.ResponseWriter, r *http.Request) error {
	orgs, err := s.bankOrgs(r.Context(), userFrom(r.Context()))
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		return huoshui.ErrForbidden
	}
	v := url.Values{}
	v.Set("question_kind", string(huoshui.QuestionSingle))
	v.Set("org_id", strconv.FormatInt(orgs[0].ID, 10))
	return s.render(w, r, http.StatusOK, "question_form", s.questionForm(r, newForm(v), nil, orgs))
}

// questionCreate adds a question to the bank of an org the officer keeps.
func (s *Server) questionCreate(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	orgs, err := s.bankOrgs(r.Context(), u)
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		return huoshui.ErrForbidden
	}
	return submit(s, w, r, formFlow[*huoshui.Question]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Question, error) {
			q := questionFromForm(v, ve)
			if findBranch(orgs, q.OrgID) == nil && !ve.Has("org_id") {
				return nil, huoshui.ErrNotFound // not a bank the user keeps: a 党小组 keeps none
			}
			return q, nil
		},
		Save: func(q *huoshui.Question) error { return s.store.CreateQuestion(r.Context(), s.actor(r), q) },
		Page: func(code int, f form) error {
			return s.render(w, r, code, "question_form", s.questionForm(r, f, nil, orgs))
		},
		Flash: "questions.created",
		Next:  func(q *huoshui.Question) string { return questionPath(q) },
	})
}

// questionEdit shows the form for a saved question.
func (s *Server) questionEdit(w http.ResponseWriter, r *http.Request) error {
	q, err := s.editableQuestion(r)
	if err != nil {
		return err
	}
	v := questionValues(q)
	if q.Kind == huoshui.QuestionTrueFalse {
		v.Set("answer", s.msgs.T(langFrom(r), "selftest.answer."+q.Answer))
	}
	return s.render(w, r, http.StatusOK, "question_form", s.questionForm(r, newForm(v), q, nil))
}

// questionUpdate saves a question; its org stays.
func (s *Server) questionUpdate(w http.ResponseWriter, r *http.Request) error {
	q, err := s.editableQuestion(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[*huoshui.Question]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Question, error) {
			v.Set("org_id", strconv.FormatInt(q.OrgID, 10))
			return questionFromForm(v, ve), nil
		},
		Save: func(in *huoshui.Question) error { return s.store.UpdateQuestion(r.Context(), s.actor(r), q.ID, in) },
		Page: func(code int, f form) error {
			return s.render(w, r, code, "question_form", s.questionForm(r, f, q, nil))
		},
		Flash: "questions.saved",
		Next:  func(*huoshui.Question) string { return questionPath(q) },
	})
}

// questionArchiveForm asks before a question leaves the bank.
func (s *Server) questionArchiveForm(w http.ResponseWriter, r *http.Request) error {
	q, err := s.editableQuestion(r)
	if err != nil {
		return err
	}
	p := &questionViewPage{Q: q}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: "/questions", Label: s.msgs.T(lang, "nav.questions")},
		{Href: questionPath(q), Label: huoshui.Truncate(q.Stem, 20)}, {Label: s.msgs.T(lang, "questions.archive")}}
	return s.render(w, r, http.StatusOK, "question_archive", p)
}

// questionArchive takes a question out of the bank; questionRestore puts
// it back (the undo the notice offers).
func (s *Server) questionArchive(w http.ResponseWriter, r *http.Request) error {
	return s.questionArchived(w, r, false)
}

func (s *Server) questionRestore(w http.ResponseWriter, r *http.Request) error {
	return s.questionArchived(w, r, true)
}

func (s *Server) questionArchived(w http.ResponseWriter, r *http.Request, restore bool) error {
	q, err := s.editableQuestion(r)
	if err != nil {
		return err
	}
	flashID := "questions.archived"
	if restore {
		flashID = "questions.restored"
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save:  func(struct{}) error { return s.store.ArchiveQuestion(r.Context(), s.actor(r), q.ID, restore) },
		Flash: flashID,
		Next:  func(struct{}) string { return questionPath(q) },
	})
}

// ExportURL is the export of exactly what the list shows.
func (p *questionsListPage) ExportURL() string {
	return "/questions/export.xlsx?" + strings.TrimPrefix(p.Query.link(1), "/questions?")
}
