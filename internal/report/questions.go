package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/huoshui/huoshui"
)

// MaxQuestionRows is the most data rows one question sheet may hold.
const MaxQuestionRows = 2000

// CodeNoQuestionHeader: no row of the sheet has the question columns.
const CodeNoQuestionHeader = "question.no_header"

// QuestionFields are the columns of a question sheet, in order: 题型,
// 题干, 选项A…选项F, 答案, 解析, 标签. Their headings are messages
// "report.qcol.FIELD".
var QuestionFields = []string{"kind", "stem", "option_a", "option_b", "option_c", "option_d", "option_e", "option_f",
	"answer", "explanation", "tags"}

// questionHeaders are the headings of the columns in t's language.
func questionHeaders(t Labels) []TableColumn {
	widths := map[string]float64{"kind": 8, "stem": 48, "answer": 8, "explanation": 40, "tags": 18}
	var out []TableColumn
	for _, f := range QuestionFields {
		w := widths[f]
		if w == 0 {
			w = 20
		}
		out = append(out, TableColumn{Header: t("report.qcol." + f), Width: w})
	}
	return out
}

// QuestionCells is one question as a row of the sheet: the kind and a
// true/false answer in words (单选, 对), the tags joined by 、.
func QuestionCells(q *huoshui.Question, t Labels) []any {
	row := []any{t("report.qkind." + string(q.Kind)), q.Stem}
	for i := range huoshui.MaxQuestionOptions {
		o := ""
		if i < len(q.Options) {
			o = q.Options[i]
		}
		row = append(row, o)
	}
	answer := q.Answer
	if q.Kind == huoshui.QuestionTrueFalse {
		answer = t("report.qanswer." + q.Answer)
	}
	return append(row, answer, q.Explanation, strings.Join(q.Tags, "、"))
}

// WriteQuestions writes a bank as a question sheet that ParseQuestions
// reads back; with no questions it is the empty template.
func WriteQuestions(w io.Writer, t Labels, qs []*huoshui.Question) error {
	tw, err := NewTableWriter(t("report.qsheet"), questionHeaders(t))
	if err != nil {
		return err
	}
	defer tw.Close()
	for _, q := range qs {
		if err := tw.Add(QuestionCells(q, t)); err != nil {
			return err
		}
	}
	_, err = tw.WriteTo(w)
	return err
}

// QuestionSheet is a question file as read: its rows, each with what is
// wrong with it, or Problems that refuse the whole file.
type QuestionSheet struct {
	Rows     []QuestionSheetRow
	Problems []huoshui.FieldError
}

// QuestionSheetRow is one data row: its line as Excel shows it, the
// question read from it (OrgID unset) and its problems. It is the row the
// import stages as it is.
type QuestionSheetRow = huoshui.QuestionRow

// ParseQuestions reads a question sheet written in any of langs: the
// first sheet with a row of the headings. Every row is read and checked;
// nothing is refused row by row here, so a preview can show them all.
func ParseQuestions(r io.Reader, langs ...Labels) (sh *QuestionSheet, err error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("report: read questions: %w", err)
	}
	defer func() {
		if v := recover(); v != nil {
			sh, err = nil, fmt.Errorf("%w: %v", ErrNotSpreadsheet, v)
		}
	}()
	f, err := openSheets(data, sheetOptions(false))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	headers := map[string]int{}
	kinds := map[string]huoshui.QuestionKind{}
	answers := map[string]string{}
	for _, t := range langs {
		for i, field := range QuestionFields {
			headers[fold(t("report.qcol."+field))] = i
		}
		for _, k := range huoshui.QuestionKinds {
			kinds[fold(t("report.qkind."+string(k)))] = k
		}
		for _, a := range []string{"T", "F"} {
			answers[fold(t("report.qanswer."+a))] = a
		}
	}
	for _, name := range f.GetSheetList() {
		rows, err := f.Rows(name)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
		}
		var cols map[int]int
		line := 0
		out := &QuestionSheet{}
		for rows.Next() {
			line++
			if line > 4*MaxQuestionRows {
				rows.Close()
				return nil, ErrTooManyRows
			}
			cells, err := rows.Columns()
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
			}
			if cols == nil {
				if line > headerScan {
					break
				}
				m := map[int]int{}
				for i, c := range cells {
					if ci, ok := headers[fold(c)]; ok {
						m[i] = ci
					}
				}
				if len(m) >= 3 {
					cols = m
				}
				continue
			}
			vals := make([]string, len(QuestionFields))
			blank := true
			for i, c := range cells {
				if ci, ok := cols[i]; ok {
					vals[ci] = strings.TrimSpace(clip(c))
					blank = blank && vals[ci] == ""
				}
			}
			if blank {
				continue
			}
			if len(out.Rows) == MaxQuestionRows {
				rows.Close()
				return nil, ErrTooManyRows
			}
			out.Rows = append(out.Rows, parseQuestionRow(line, vals, kinds, answers))
		}
		rows.Close()
		if cols != nil {
			return out, nil
		}
	}
	return &QuestionSheet{Problems: []huoshui.FieldError{{Field: "file", Code: CodeNoQuestionHeader}}}, nil
}

// parseQuestionRow turns one row's values (in QuestionFields order) into a
// question and its problems.
func parseQuestionRow(line int, vals []string, kinds map[string]huoshui.QuestionKind, answers map[string]string) QuestionSheetRow {
	row := QuestionSheetRow{Line: line}
	q := &row.Question
	var kindOK bool
	if q.Kind, kindOK = huoshui.ParseQuestionKind(vals[0]); !kindOK {
		q.Kind, kindOK = kinds[fold(huoshui.FoldWidth(vals[0]))]
	}
	q.Stem = vals[1]
	q.Options = append(q.Options, vals[2:2+huoshui.MaxQuestionOptions]...)
	q.Answer = vals[8]
	if a, ok := answers[fold(huoshui.FoldWidth(q.Answer))]; ok && q.Kind == huoshui.QuestionTrueFalse {
		q.Answer = a
	}
	q.Explanation = vals[9]
	q.Tags = strings.FieldsFunc(huoshui.FoldWidth(vals[10]), func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == ' ' || r == '\n'
	})
	q.OrgID = -1 // set on import; here only the question itself is checked
	if err := q.Validate(); err != nil {
		for _, fe := range err.(*huoshui.ValidationError).Fields {
			if fe.Field == "question_kind" && vals[0] == "" {
				fe.Code = "required"
			}
			row.Problems = append(row.Problems, fe)
		}
	}
	q.OrgID = 0
	return row
}
