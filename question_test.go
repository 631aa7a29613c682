package huoshui

import (
	"errors"
	"testing"
)

func TestParseAnswer(t *testing.T) {
	t.Parallel()
	cases := []struct {
		kind QuestionKind
		in   string
		want string
	}{
		{QuestionSingle, "B", "B"},
		{QuestionSingle, " b ", "B"},
		{QuestionSingle, "Ｂ", "B"}, // full-width letter
		{QuestionMultiple, "ACD", "ACD"},
		{QuestionMultiple, "dca", "ACD"},
		{QuestionMultiple, "Ａ，Ｃ、Ｄ", "ACD"}, // full-width letters, Chinese separators
		{QuestionMultiple, "A, C; C", "AC"},
		{QuestionMultiple, "A C", "AC"},
		{QuestionSingle, "１", "1"}, // a digit stays, for Validate to refuse
		{QuestionTrueFalse, "对", "T"},
		{QuestionTrueFalse, "错", "F"},
		{QuestionTrueFalse, "√", "T"},
		{QuestionTrueFalse, "×", "F"},
		{QuestionTrueFalse, "正确", "T"},
		{QuestionTrueFalse, "错误", "F"},
		{QuestionTrueFalse, "ｔ", "T"},
		{QuestionTrueFalse, "false", "F"},
		{QuestionTrueFalse, "也许", "也许"},
		{QuestionSingle, "", ""},
	}
	for _, c := range cases {
		if got := ParseAnswer(c.kind, c.in); got != c.want {
			t.Errorf("ParseAnswer(%s, %q) = %q, want %q", c.kind, c.in, got, c.want)
		}
	}
}

func TestParseQuestionKind(t *testing.T) {
	t.Parallel()
	cases := map[string]QuestionKind{"单选": QuestionSingle, "单选题": QuestionSingle, " 多选 ": QuestionMultiple,
		"判断": QuestionTrueFalse, "判断题": QuestionTrueFalse, "single": QuestionSingle, "ＳＩＮＧＬＥ": QuestionSingle}
	for in, want := range cases {
		if got, ok := ParseQuestionKind(in); !ok || got != want {
			t.Errorf("ParseQuestionKind(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := ParseQuestionKind("填空"); ok {
		t.Error("填空 is not a kind the bank keeps")
	}
}

func TestQuestionValidate(t *testing.T) {
	t.Parallel()
	opts := []string{"每月", "每季度", "每半年", "每年"}
	cases := []struct {
		name string
		q    Question
		want map[string]string // field → code; nil: valid
	}{
		{"single ok", Question{OrgID: 1, Kind: QuestionSingle, Stem: "支部党员大会多久召开一次？", Options: opts, Answer: "ｂ"}, nil},
		{"multiple ok", Question{OrgID: 1, Kind: QuestionMultiple, Stem: "三会一课包括？", Options: opts, Answer: "a,b"}, nil},
		{"truefalse ok", Question{OrgID: 1, Kind: QuestionTrueFalse, Stem: "党课每季度一次。", Answer: "对"}, nil},
		{"stem required", Question{OrgID: 1, Kind: QuestionTrueFalse, Stem: "  ", Answer: "T"}, map[string]string{"stem": "required"}},
		{"single one option", Question{OrgID: 1, Kind: QuestionSingle, Stem: "x", Options: []string{"甲"}, Answer: "A"},
			map[string]string{"options": "question.options_few"}},
		{"single two answers", Question{OrgID: 1, Kind: QuestionSingle, Stem: "x", Options: opts, Answer: "AB"},
			map[string]string{"answer": "question.answer_one"}},
		{"answer outside", Question{OrgID: 1, Kind: QuestionSingle, Stem: "x", Options: opts, Answer: "E"},
			map[string]string{"answer": "question.answer_outside"}},
		{"multiple one answer", Question{OrgID: 1, Kind: QuestionMultiple, Stem: "x", Options: opts, Answer: "C"},
			map[string]string{"answer": "question.answer_two"}},
		{"truefalse bad answer", Question{OrgID: 1, Kind: QuestionTrueFalse, Stem: "x", Answer: "A"},
			map[string]string{"answer": "question.answer_truefalse"}},
		{"truefalse with options", Question{OrgID: 1, Kind: QuestionTrueFalse, Stem: "x", Options: opts, Answer: "T"},
			map[string]string{"options": "question.truefalse_options"}},
		{"seven options", Question{OrgID: 1, Kind: QuestionSingle, Stem: "x", Options: []string{"1", "2", "3", "4", "5", "6", "7"}, Answer: "A"},
			map[string]string{"options": "question.options_many"}},
		{"blank option between", Question{OrgID: 1, Kind: QuestionSingle, Stem: "x", Options: []string{"1", "", "3"}, Answer: "A"},
			map[string]string{"options": "question.option_blank"}},
		{"kind", Question{OrgID: 1, Kind: "essay", Stem: "x"}, map[string]string{"question_kind": "invalid_choice"}},
	}
	for _, c := range cases {
		err := c.q.Validate()
		if c.want == nil {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: err = %v, want a validation error", c.name, err)
			continue
		}
		for field, code := range c.want {
			found := false
			for _, f := range ve.Fields {
				found = found || (f.Field == field && f.Code == code)
			}
			if !found {
				t.Errorf("%s: %v, want %s: %s", c.name, err, field, code)
			}
		}
	}
	q := Question{OrgID: 1, Kind: QuestionMultiple, Stem: "Ｘ", Options: opts, Answer: "ｄ、a", Tags: []string{"三会一课", " 三会一课 ", ""}}
	if err := q.Validate(); err != nil {
		t.Fatal(err)
	}
	if q.Answer != "AD" || q.Stem != "X" || len(q.Tags) != 1 {
		t.Errorf("normalised: %+v", q)
	}
	if !q.Correct("a d") || q.Correct("A") || q.Correct("ABD") {
		t.Error("Correct: a multiple-choice answer is right only with every right option and no other")
	}
}

// FuzzParseAnswer: an answer as anyone types it never panics, and reading
// a read answer again changes nothing.
func FuzzParseAnswer(f *testing.F) {
	for _, s := range []string{"B", "ａ，ｃ", "对", "×", "A B;C", "", "TRUE", "也许", "\u3000d\u3000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range QuestionKinds {
			once := ParseAnswer(k, s)
			if twice := ParseAnswer(k, once); twice != once {
				t.Errorf("ParseAnswer(%s, %q) = %q, then %q", k, s, once, twice)
			}
		}
	})
}
