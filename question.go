package huoshui

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// QuestionKind is the form of a question in the bank (题库).
type QuestionKind string

const (
	QuestionSingle    QuestionKind = "single"    // 单选题: one right option
	QuestionMultiple  QuestionKind = "multiple"  // 多选题: two or more right options
	QuestionTrueFalse QuestionKind = "truefalse" // 判断题: true or false, no options
)

// QuestionKinds lists the kinds in the order the bank shows them.
var QuestionKinds = []QuestionKind{QuestionSingle, QuestionMultiple, QuestionTrueFalse}

// Valid reports whether k is one of QuestionKinds.
func (k QuestionKind) Valid() bool { return slices.Contains(QuestionKinds, k) }

// questionKindWords are the spellings of each kind people type in a sheet.
var questionKindWords = map[string]QuestionKind{
	"single": QuestionSingle, "单选": QuestionSingle, "单选题": QuestionSingle, "单项选择": QuestionSingle, "单项选择题": QuestionSingle,
	"multiple": QuestionMultiple, "多选": QuestionMultiple, "多选题": QuestionMultiple, "多项选择": QuestionMultiple, "多项选择题": QuestionMultiple,
	"truefalse": QuestionTrueFalse, "true/false": QuestionTrueFalse, "判断": QuestionTrueFalse, "判断题": QuestionTrueFalse,
}

// ParseQuestionKind reads a kind as a code or as people write it (单选,
// 多选题, 判断, full-width letters folded).
func ParseQuestionKind(s string) (QuestionKind, bool) {
	s = strings.ToLower(strings.Join(strings.Fields(FoldWidth(s)), ""))
	k, ok := questionKindWords[s]
	return k, ok
}

// MaxQuestionOptions is the most options a question has: A to F.
const MaxQuestionOptions = 6

// OptionLetter is the letter of the option at index i (0 → "A").
func OptionLetter(i int) string { return string(rune('A' + i)) }

// Question is one question of a bank kept by an org. The questions of an
// org are for its whole subtree: a member sees those of their branch and
// of every org above it; the officers of the org (EditRecord) keep them.
// Answer holds the right option letters in order ("B", "ACD"), or "T" or
// "F" for a true/false question.
type Question struct {
	ID          int64        `json:"id"`
	OrgID       int64        `json:"-"`
	Kind        QuestionKind `json:"kind"`
	Stem        string       `json:"stem"`
	Options     []string     `json:"options"`
	Answer      string       `json:"answer"`
	Explanation string       `json:"explanation,omitempty"`
	Tags        []string     `json:"tags"`
	CreatedBy   int64        `json:"-"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
	ArchivedAt  *time.Time   `json:"archived_at,omitempty"`

	// Read with the question, never written through it.
	OrgName string `json:"-"`
	OrgPath string `json:"-"`
}

// trueWords and falseWords are how a true/false answer is written.
var (
	trueWords  = []string{"T", "TRUE", "Y", "YES", "对", "√", "✓", "✔", "正确", "是"}
	falseWords = []string{"F", "FALSE", "N", "NO", "错", "×", "✗", "✘", "X", "错误", "否"}
)

// ParseAnswer reads an answer as a person types it for a question of
// kind k: full-width letters folded, case, spaces and separators ignored,
// letters sorted and deduplicated ("ｃ，a" → "AC"); for a true/false
// question 对/错, √/×, T/F and their like become "T" or "F". What it cannot
// read comes back folded and upper-cased, for Validate to refuse.
func ParseAnswer(k QuestionKind, s string) string {
	s = strings.ToUpper(FoldWidth(s))
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', ',', '，', '、', ';', '；', '.', '。', '/':
			return -1
		}
		return r
	}, s)
	if k == QuestionTrueFalse {
		switch {
		case slices.Contains(trueWords, s):
			return "T"
		case slices.Contains(falseWords, s):
			return "F"
		}
		return s
	}
	letters := []rune(s)
	for _, r := range letters {
		if r < 'A' || r > 'Z' {
			return s
		}
	}
	slices.Sort(letters)
	return string(slices.Compact(letters))
}

// Normalize tidies what a person typed: spaces, full-width letters and
// digits, empty trailing options, the answer's spelling, duplicate tags.
func (q *Question) Normalize() {
	q.Stem = strings.TrimSpace(FoldWidth(q.Stem))
	q.Explanation = strings.TrimSpace(FoldWidth(q.Explanation))
	var opts []string
	for _, o := range q.Options {
		opts = append(opts, strings.Join(strings.Fields(FoldWidth(o)), " "))
	}
	for len(opts) > 0 && opts[len(opts)-1] == "" {
		opts = opts[:len(opts)-1]
	}
	q.Options = opts
	if q.Kind == QuestionTrueFalse && len(q.Options) == 0 {
		q.Options = nil
	}
	q.Answer = ParseAnswer(q.Kind, q.Answer)
	var tags []string
	for _, t := range q.Tags {
		t = strings.Join(strings.Fields(FoldWidth(t)), " ")
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	q.Tags = tags
}

// Validate checks a question as a whole, so a form or an import row shows
// every problem at once. It normalises the question first.
func (q *Question) Validate() error {
	q.Normalize()
	v := &ValidationError{}
	if q.OrgID == 0 {
		v.Add("org_id", "required")
	}
	switch n := utf8.RuneCountInString(q.Stem); {
	case n == 0:
		v.Add("stem", "required")
	case n > 1000:
		v.Add("stem", "too_long", "Max", 1000)
	}
	if code := CheckText(q.Stem, true); code != "" {
		v.Add("stem", code)
	}
	if utf8.RuneCountInString(q.Explanation) > 2000 {
		v.Add("explanation", "too_long", "Max", 2000)
	} else if code := CheckText(q.Explanation, true); code != "" {
		v.Add("explanation", code)
	}
	if len(q.Tags) > 10 {
		v.Add("tags", "question.too_many_tags", "Max", 10)
	}
	for _, t := range q.Tags {
		if utf8.RuneCountInString(t) > 20 {
			v.Add("tags", "too_long", "Max", 20)
			break
		}
		if code := CheckText(t, false); code != "" {
			v.Add("tags", code)
			break
		}
	}
	for _, o := range q.Options {
		if o == "" {
			v.Add("options", "question.option_blank")
			break
		}
		if utf8.RuneCountInString(o) > 200 {
			v.Add("options", "too_long", "Max", 200)
			break
		}
		if code := CheckText(o, false); code != "" {
			v.Add("options", code)
			break
		}
	}
	switch q.Kind {
	case QuestionSingle, QuestionMultiple:
		switch {
		case len(q.Options) < 2:
			v.Add("options", "question.options_few")
		case len(q.Options) > MaxQuestionOptions:
			v.Add("options", "question.options_many", "Max", MaxQuestionOptions)
		}
		last := 'A' + rune(len(q.Options)) - 1
		switch {
		case q.Answer == "":
			v.Add("answer", "required")
		case strings.ContainsFunc(q.Answer, func(r rune) bool { return r < 'A' || r > 'Z' }):
			v.Add("answer", "question.answer_letters")
		case strings.ContainsFunc(q.Answer, func(r rune) bool { return r > last }):
			v.Add("answer", "question.answer_outside", "Last", string(last))
		case q.Kind == QuestionSingle && len(q.Answer) != 1:
			v.Add("answer", "question.answer_one")
		case q.Kind == QuestionMultiple && len(q.Answer) < 2:
			v.Add("answer", "question.answer_two")
		}
	case QuestionTrueFalse:
		if len(q.Options) > 0 {
			v.Add("options", "question.truefalse_options")
		}
		if q.Answer == "" {
			v.Add("answer", "required")
		} else if q.Answer != "T" && q.Answer != "F" {
			v.Add("answer", "question.answer_truefalse")
		}
	default:
		v.Add("question_kind", "invalid_choice")
	}
	return v.Err()
}

// Correct reports whether answer (as typed, or as a form's ticked letters
// joined) is the question's answer: every right option and no other.
func (q *Question) Correct(answer string) bool {
	a := ParseAnswer(q.Kind, answer)
	return a != "" && a == q.Answer
}

// Letters lists the option letters of the question: A, B, … as many as it
// has options.
func (q *Question) Letters() []string {
	out := make([]string, len(q.Options))
	for i := range q.Options {
		out[i] = OptionLetter(i)
	}
	return out
}

// QuestionFilter selects questions of a bank for a list. The zero filter
// lists nothing: Scope must be set.
type QuestionFilter struct {
	Scope    Scope
	OrgID    int64 // one org's own questions; 0 for every org in Scope
	Tag      string
	Query    string // words of the stem
	Archived bool   // the archived questions instead of the others
	Limit    int
	Offset   int
}

// SelfTestDefault is how many questions a self-test draws unless the
// member asks for another number; SelfTestMax is the most.
const (
	SelfTestDefault = 10
	SelfTestMax     = 50
)

// SelfTest is one self-test a member took: the questions drawn for them,
// and once handed in, their answers and how many were right. It belongs
// to the member alone; officers learn only counts (SelfTestStats), never
// whose test it was or its score.
type SelfTest struct {
	ID          int64      `json:"id"`
	MemberID    int64      `json:"-"`
	OrgID       int64      `json:"-"` // the member's branch when they took it
	Tags        []string   `json:"tags"`
	QuestionIDs []int64    `json:"question_ids"`
	Answers     []string   `json:"answers,omitempty"` // by position, as graded
	Right       []bool     `json:"right,omitempty"`   // by position, as graded then
	Correct     int        `json:"correct"`
	StartedAt   time.Time  `json:"started_at"`
	TakenAt     *time.Time `json:"taken_at,omitempty"` // handed in

	// Read with the test: its questions in order (archived ones too).
	Questions []*Question `json:"-"`
}

// Done reports whether the test was handed in.
func (t *SelfTest) Done() bool { return t.TakenAt != nil }

// Grade marks answers (by position) against the test's questions and
// returns how many were right.
func (t *SelfTest) Grade(answers []string) int {
	n := 0
	for i, q := range t.Questions {
		if i < len(answers) && q.Correct(answers[i]) {
			n++
		}
	}
	return n
}

// SelfTestStats is all an officer learns of self-tests in their part of
// the tree over a period: how many members took part in each org, and for
// each question how many answers were right. Never who, never a score.
type SelfTestStats struct {
	Orgs      []SelfTestOrgCount
	Questions []QuestionShare
}

// SelfTestOrgCount is how many members of an org handed in at least one
// self-test in the period, and how many tests were handed in.
type SelfTestOrgCount struct {
	OrgID   int64
	OrgName string
	Members int
	Tests   int
}

// QuestionShare is how a question fared: answered times, right times.
// Below MinShareAnswers answers the share is withheld (Shown false), so
// that a question one or two people answered does not tell their result.
type QuestionShare struct {
	QuestionID int64
	Stem       string
	Answered   int
	Right      int
	Shown      bool
}

// MinShareAnswers is the fewest answers a question needs before its share
// of right answers is shown.
const MinShareAnswers = 3

// Percent is the share of right answers, rounded to a whole percent.
func (s QuestionShare) Percent() int {
	if s.Answered == 0 {
		return 0
	}
	return (s.Right*100 + s.Answered/2) / s.Answered
}

// QuestionBatch is a question sheet staged for its uploader's look (a
// StagedSheet of question rows).
type QuestionBatch = StagedSheet[QuestionRow]

// QuestionRow is one data row of a question sheet as it was read.
type QuestionRow struct {
	Line     int
	Question Question
	Problems []FieldError
}

func (r QuestionRow) SheetLine() int              { return r.Line }
func (r QuestionRow) SheetProblems() []FieldError { return r.Problems }
