package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// Self-tests (自测): a member picks tags and a number, the server draws
// that many questions from the banks of their branch and the orgs above
// it, grades the answers and shows the right ones with explanations. A
// test is the member's alone: the store reads it only with their member
// id, and officers see only counts (questionsStats).

type selftestFormPage struct {
	Page
	Form    form
	Tags    []string
	History []*huoshui.SelfTest
}

// Picked reports whether a tag is chosen.
func (p *selftestFormPage) Picked(tag string) bool {
	for _, t := range p.Form.Values["tags"] {
		if t == tag {
			return true
		}
	}
	return false
}

// selfTester answers the user when they may take self-tests: a person
// with a member record and a place in the tree.
func selfTester(r *http.Request) (*huoshui.User, error) {
	u := userFrom(r.Context())
	if !auth.CanTakeSelfTest(u) {
		return nil, huoshui.ErrForbidden
	}
	return u, nil
}

func (s *Server) selftestPage(r *http.Request, u *huoshui.User, f form) (*selftestFormPage, error) {
	p := &selftestFormPage{Form: f}
	var err error
	if p.Tags, err = s.store.SelfTestTags(r.Context(), auth.Scope(u, auth.ViewRecord)); err != nil {
		return nil, err
	}
	if p.History, err = s.store.FindSelfTests(r.Context(), u.MemberID, 20); err != nil {
		return nil, err
	}
	return p, nil
}

// selftestForm asks which tags and how many questions; below it the
// member's own past tests.
func (s *Server) selftestForm(w http.ResponseWriter, r *http.Request) error {
	u, err := selfTester(r)
	if err != nil {
		return err
	}
	v := url.Values{}
	v.Set("count", strconv.Itoa(huoshui.SelfTestDefault))
	p, err := s.selftestPage(r, u, newForm(v))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "selftest_form", p)
}

type selftestStart struct {
	Tags  []string
	Count int
}

// selftestStartPost draws the questions and opens the test.
func (s *Server) selftestStartPost(w http.ResponseWriter, r *http.Request) error {
	u, err := selfTester(r)
	if err != nil {
		return err
	}
	var started *huoshui.SelfTest
	return submit(s, w, r, formFlow[selftestStart]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (selftestStart, error) {
			in := selftestStart{Tags: v["tags"]}
			n, err := strconv.Atoi(strings.TrimSpace(huoshui.FoldWidth(v.Get("count"))))
			if err != nil || n < 1 || n > huoshui.SelfTestMax {
				ve.Add("count", "selftest.count", "Max", huoshui.SelfTestMax)
			}
			in.Count = n
			return in, nil
		},
		Save: func(in selftestStart) error {
			started, err = s.store.StartSelfTest(r.Context(), s.actor(r), u.MemberID, auth.Scope(u, auth.ViewRecord), in.Tags, in.Count)
			return err
		},
		Page: func(code int, f form) error {
			p, err := s.selftestPage(r, u, f)
			if err != nil {
				return err
			}
			return s.render(w, r, code, "selftest_form", p)
		},
		Next: func(selftestStart) string { return fmt.Sprintf("/selftest/%d", started.ID) },
	})
}

type selftestItem struct {
	N        int
	Q        *huoshui.Question
	Given    string // the member's answer, once handed in
	Right    bool
	Choices  []selftestChoice
	Multiple bool
}

type selftestChoice struct {
	Letter, Text string
	Given, Right bool
}

type selftestPage struct {
	Page
	Test  *huoshui.SelfTest
	Items []selftestItem
	Total int
}

// selftestView shows the member's test: its questions to answer, or once
// handed in, each answer beside the right one and the explanation.
func (s *Server) selftestView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	t, err := s.store.FindSelfTest(r.Context(), u.MemberID, id)
	if err != nil {
		return err
	}
	lang := langFrom(r)
	p := &selftestPage{Test: t, Total: len(t.Questions)}
	for i, q := range t.Questions {
		it := selftestItem{N: i + 1, Q: q, Multiple: q.Kind == huoshui.QuestionMultiple}
		if i < len(t.Answers) {
			it.Given = t.Answers[i]
		}
		if i < len(t.Right) {
			it.Right = t.Right[i]
		}
		if q.Kind == huoshui.QuestionTrueFalse {
			for _, a := range []string{"T", "F"} {
				it.Choices = append(it.Choices, selftestChoice{Letter: a, Text: s.msgs.T(lang, "selftest.answer."+a),
					Given: it.Given == a, Right: q.Answer == a})
			}
		} else {
			for j, o := range q.Options {
				l := huoshui.OptionLetter(j)
				it.Choices = append(it.Choices, selftestChoice{Letter: l, Text: o,
					Given: strings.Contains(it.Given, l), Right: strings.Contains(q.Answer, l)})
			}
		}
		p.Items = append(p.Items, it)
	}
	p.Crumbs = []crumb{{Href: "/selftest", Label: s.msgs.T(lang, "nav.questions")}, {Label: s.msgs.T(lang, "selftest.title")}}
	name := "selftest_take"
	if t.Done() {
		name = "selftest_result"
	}
	return s.render(w, r, http.StatusOK, name, p)
}

// selftestSubmit grades the member's answers and shows the result.
func (s *Server) selftestSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	t, err := s.store.FindSelfTest(r.Context(), u.MemberID, id)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[[]string]{
		Read: func(v url.Values, _ *huoshui.ValidationError) ([]string, error) {
			answers := make([]string, len(t.Questions))
			for i := range t.Questions {
				answers[i] = strings.Join(v[fmt.Sprintf("a%d", i+1)], "")
			}
			return answers, nil
		},
		Save: func(answers []string) error {
			_, err := s.store.SubmitSelfTest(r.Context(), s.actor(r), u.MemberID, t.ID, answers)
			return err
		},
		Next: func([]string) string { return fmt.Sprintf("/selftest/%d", t.ID) },
	})
}

type questionsStatsPage struct {
	Page
	Stats  *huoshui.SelfTestStats
	Year   int
	Month  int
	Years  []int
	Months []int
	Min    int
}

// questionsStats shows officers how self-tests went in their part of the
// tree over a year or a month: how many members took part per org, and
// per question the share of right answers, the weakest first, to know
// what to teach again. Never who, never a score, never a ranking.
func (s *Server) questionsStats(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	scope := auth.Scope(u, auth.EditRecord)
	if len(scope.Paths) == 0 {
		return huoshui.ErrForbidden
	}
	now := s.now().In(huoshui.Shanghai)
	p := &questionsStatsPage{Year: now.Year(), Min: huoshui.MinShareAnswers}
	q := r.URL.Query()
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y >= 2000 && y <= now.Year()+1 {
		p.Year = y
	}
	if m, err := strconv.Atoi(q.Get("month")); err == nil && m >= 1 && m <= 12 {
		p.Month = m
	}
	for y := now.Year(); y >= now.Year()-4; y-- {
		p.Years = append(p.Years, y)
	}
	for m := 1; m <= 12; m++ {
		p.Months = append(p.Months, m)
	}
	from := time.Date(p.Year, 1, 1, 0, 0, 0, 0, huoshui.Shanghai)
	to := from.AddDate(1, 0, 0)
	if p.Month != 0 {
		from = time.Date(p.Year, time.Month(p.Month), 1, 0, 0, 0, 0, huoshui.Shanghai)
		to = from.AddDate(0, 1, 0)
	}
	var err error
	if p.Stats, err = s.store.SelfTestStats(r.Context(), scope, from, to); err != nil {
		return err
	}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: "/questions", Label: s.msgs.T(lang, "nav.questions")}, {Label: s.msgs.T(lang, "questions.stats_title")}}
	return s.render(w, r, http.StatusOK, "questions_stats", p)
}
