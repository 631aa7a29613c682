package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/xuri/excelize/v2"
)

// The output registry in Excel: one sheet per kind of output, with a
// title row above the headings, written from the records and read back by
// the import (the same columns; the title row is skipped, the headings
// found by their labels in either language).

// MaxOutputRows is the most data rows one output sheet may hold.
const MaxOutputRows = 2000

// CodeNoOutputHeader: no row of the sheet has the kind's columns.
const CodeNoOutputHeader = "output.no_header"

// Problem codes of a row beside those of huoshui.Output.Validate; each
// is a message "error." + code. Args: Value, what the cell held.
const (
	CodeOutputLevel      = "output.level_unknown_value"
	CodeOutputDocKind    = "output.doc_kind_unknown_value"
	CodeOutputStatus     = "output.status_unknown_value"
	CodeOutputCharacters = "output.characters_format"
)

// OutputColumn is one column of an output sheet: its field (a field of
// the output form) and width. Its heading is message
// "report.output.<kind>.<field>".
type OutputColumn struct {
	Field    string
	Width    float64
	Required bool
	// choices is the message prefix of the column's labels, for a column
	// of fixed values ("report.output.level").
	choices string
}

// Header is the column's heading for kind k in t's language.
func (c OutputColumn) Header(k huoshui.OutputKind, t Labels) string {
	return t("report.output." + string(k) + "." + c.Field)
}

var (
	colTitle  = OutputColumn{Field: "title", Width: 40, Required: true}
	colDate   = OutputColumn{Field: "dated_on", Width: 12, Required: true}
	colOwners = OutputColumn{Field: "owners", Width: 18, Required: true}
	colLevel  = OutputColumn{Field: "level", Width: 8, Required: true, choices: "report.output.level"}
)

// OutputColumns are the columns of each kind's sheet, in order.
var OutputColumns = map[huoshui.OutputKind][]OutputColumn{
	huoshui.OutputPublication: {colTitle, colDate, {Field: "outlet", Width: 20, Required: true}, colLevel,
		{Field: "link", Width: 36}, colOwners},
	huoshui.OutputAward: {colTitle, colDate, colLevel, {Field: "issuer", Width: 24, Required: true}, colOwners},
	huoshui.OutputDocument: {colTitle, colDate, {Field: "doc_kind", Width: 12, Required: true, choices: "report.output.doc_kind"},
		{Field: "characters", Width: 10}, colOwners},
	huoshui.OutputInnovation: {colTitle, colDate, {Field: "innovation_status", Width: 12, Required: true, choices: "report.output.status"},
		{Field: "problem", Width: 36, Required: true}, {Field: "change", Width: 36, Required: true},
		{Field: "before", Width: 30}, {Field: "after", Width: 30}, colOwners},
}

// choiceCodes are the codes of each column of fixed values.
var choiceCodes = map[string][]string{
	"report.output.level":    codesOf(huoshui.OutputLevels),
	"report.output.doc_kind": codesOf(huoshui.DocumentKinds),
	"report.output.status":   codesOf(huoshui.InnovationStatuses),
}

func codesOf[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// OutputColumnHelp says how to fill one column of kind k's sheet: its
// heading, whether it is required and, for a column of fixed values, the
// labels to choose from.
type OutputColumnHelp struct {
	Header   string
	Required bool
	Allowed  []string
	Date     bool
}

// OutputHelp lists the columns of kind k's sheet in t's language.
func OutputHelp(k huoshui.OutputKind, t Labels) []OutputColumnHelp {
	var out []OutputColumnHelp
	for _, c := range OutputColumns[k] {
		h := OutputColumnHelp{Header: c.Header(k, t), Required: c.Required, Date: c.Field == "dated_on"}
		for _, code := range choiceCodes[c.choices] {
			h.Allowed = append(h.Allowed, t(c.choices+"."+code))
		}
		out = append(out, h)
	}
	return out
}

// outputCell is the value of one column of x.
func outputCell(x *huoshui.Output, c OutputColumn, t Labels) any {
	label := func(code string) any {
		if code == "" {
			return nil
		}
		return t(c.choices + "." + code)
	}
	text := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	switch c.Field {
	case "title":
		return x.Title
	case "dated_on":
		return x.Date
	case "outlet":
		return text(x.Outlet)
	case "level":
		return label(string(x.Level))
	case "link":
		return text(x.Link)
	case "issuer":
		return text(x.Issuer)
	case "doc_kind":
		return label(string(x.DocKind))
	case "characters":
		return x.Characters
	case "innovation_status":
		return label(string(x.Status))
	case "problem":
		return text(x.Problem)
	case "change":
		return text(x.Change)
	case "before":
		return text(x.Before)
	case "after":
		return text(x.After)
	case "owners":
		names := make([]string, len(x.Owners))
		for i, ow := range x.Owners {
			names[i] = ow.Name
		}
		return text(strings.Join(names, t("report.list_sep")))
	}
	return nil
}

// OutputsWriter writes the sheet of one kind of output a row at a time:
// the title row, the headings, then Add each output. Close frees it.
type OutputsWriter struct {
	tw   *TableWriter
	kind huoshui.OutputKind
	t    Labels
}

// NewOutputsWriter starts kind k's sheet in t's language under title (the
// org and the period, say); an empty title leaves the row out.
func NewOutputsWriter(k huoshui.OutputKind, title string, t Labels) (*OutputsWriter, error) {
	var cols []TableColumn
	for _, c := range OutputColumns[k] {
		cols = append(cols, TableColumn{Header: c.Header(k, t), Width: c.Width})
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("report: no sheet for outputs of kind %q", k)
	}
	tw, err := NewTitledTableWriter(t("report.output.sheet."+string(k)), title, cols)
	if err != nil {
		return nil, err
	}
	return &OutputsWriter{tw: tw, kind: k, t: t}, nil
}

// Add writes one output as the next row.
func (ow *OutputsWriter) Add(x *huoshui.Output) error {
	cols := OutputColumns[ow.kind]
	row := make([]any, len(cols))
	for i, c := range cols {
		row[i] = outputCell(x, c, ow.t)
	}
	return ow.tw.Add(row)
}

// WriteTo finishes the sheet and writes the workbook to w.
func (ow *OutputsWriter) WriteTo(w io.Writer) (int64, error) { return ow.tw.WriteTo(w) }

// Close frees the workbook and its temporary files.
func (ow *OutputsWriter) Close() error { return ow.tw.Close() }

// WriteOutputs writes outputs of kind k as its sheet; with none it is the
// empty template to fill in.
func WriteOutputs(w io.Writer, k huoshui.OutputKind, title string, t Labels, xs []*huoshui.Output) error {
	ow, err := NewOutputsWriter(k, title, t)
	if err != nil {
		return err
	}
	defer ow.Close()
	for _, x := range xs {
		if err := ow.Add(x); err != nil {
			return err
		}
	}
	_, err = ow.WriteTo(w)
	return err
}

// OutputSheet is an output file as read: its rows, each with what is
// wrong with it, or Problems that refuse the whole file.
type OutputSheet struct {
	Rows     []huoshui.OutputRow
	Problems []huoshui.FieldError
}

// outputVocab is every spelling an output sheet of one kind may use:
// heading → column, and by choice prefix, label → code.
type outputVocab struct {
	headers map[string]int
	choices map[string]map[string]string
}

func newOutputVocab(k huoshui.OutputKind, langs []Labels) *outputVocab {
	v := &outputVocab{headers: map[string]int{}, choices: map[string]map[string]string{}}
	for i, c := range OutputColumns[k] {
		v.headers[fold(c.Field)] = i
		for _, t := range langs {
			v.headers[fold(c.Header(k, t))] = i
		}
	}
	for prefix, codes := range choiceCodes {
		m := map[string]string{}
		for _, code := range codes {
			m[fold(code)] = code
			for _, t := range langs {
				m[fold(t(prefix+"."+code))] = code
			}
		}
		v.choices[prefix] = m
	}
	return v
}

// ParseOutputs reads a sheet of outputs of kind k written in any of
// langs: the first sheet with a row of the kind's headings (a title row
// above them is skipped). Every row is read and checked as the output it
// would be, its owners' names kept for the import to match; nothing is
// refused row by row here, so a preview can show them all. now is the
// time the sheet is read: a date after it is a row's problem.
func ParseOutputs(r io.Reader, k huoshui.OutputKind, now time.Time, langs ...Labels) (sh *OutputSheet, err error) {
	if OutputColumns[k] == nil {
		return nil, fmt.Errorf("report: no sheet for outputs of kind %q", k)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("report: read outputs: %w", err)
	}
	defer func() {
		if v := recover(); v != nil {
			sh, err = nil, fmt.Errorf("%w: %v", ErrNotSpreadsheet, v)
		}
	}()
	f, err := openSheets(data, sheetOptions(true))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	vc := newOutputVocab(k, langs)
	for _, name := range f.GetSheetList() {
		sh, found, err := parseOutputSheet(f, name, k, date1904, now, vc)
		if err != nil {
			return nil, err
		}
		if found {
			return sh, nil
		}
	}
	return &OutputSheet{Problems: []huoshui.FieldError{{Field: "file", Code: CodeNoOutputHeader}}}, nil
}

// parseOutputSheet reads one sheet; found is false when it has no row of
// headings.
func parseOutputSheet(f *excelize.File, sheet string, k huoshui.OutputKind, date1904 bool, now time.Time, vc *outputVocab) (*OutputSheet, bool, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
	}
	defer rows.Close()
	// A second reader in step gives the cells as the sheet shows them,
	// for dates (see parseDate).
	shownRows, err := f.Rows(sheet)
	if err != nil {
		return nil, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
	}
	defer shownRows.Close()
	raw := excelize.Options{RawCellValue: true}
	shown := excelize.Options{ShortDatePattern: "yyyy-mm-dd"}
	cols := OutputColumns[k]
	var at map[int]int // cell index → column index
	line := 0
	for line < headerScan && rows.Next() {
		line++
		shownRows.Next()
		cells, err := rows.Columns(raw)
		if err != nil {
			return nil, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
		}
		m := map[int]int{}
		for i, c := range cells {
			if ci, ok := vc.headers[fold(c)]; ok && len([]rune(c)) <= 40 {
				m[i] = ci
			}
		}
		if len(m) >= 2 {
			at = m
			break
		}
	}
	if at == nil {
		return nil, false, rows.Error()
	}
	out := &OutputSheet{}
	hasTitle := false
	for _, ci := range at {
		hasTitle = hasTitle || cols[ci].Field == "title"
	}
	if !hasTitle {
		out.Problems = append(out.Problems, huoshui.FieldError{Field: "file", Code: CodeNoOutputHeader})
		return out, true, nil
	}
	for rows.Next() {
		line++
		if line > 4*MaxOutputRows {
			return nil, false, ErrTooManyRows
		}
		shownRows.Next()
		cells, err := rows.Columns(raw)
		if err != nil {
			return nil, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
		}
		shownCells, err := shownRows.Columns(shown)
		if err != nil {
			return nil, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
		}
		vals := make([]string, len(cols))
		var shownDate string
		blank := true
		for i, ci := range at {
			if i >= len(cells) {
				continue
			}
			vals[ci] = strings.TrimSpace(clip(cells[i]))
			blank = blank && vals[ci] == ""
			if cols[ci].Field == "dated_on" && i < len(shownCells) {
				shownDate = strings.TrimSpace(clip(shownCells[i]))
			}
		}
		if blank {
			continue
		}
		if len(out.Rows) == MaxOutputRows {
			return nil, false, ErrTooManyRows
		}
		out.Rows = append(out.Rows, parseOutputRow(line, k, cols, vals, shownDate, date1904, now, vc))
	}
	if err := rows.Error(); err != nil {
		return nil, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
	}
	return out, true, nil
}

// parseOutputRow turns one row's values (in the kind's column order) into
// an output, its owners' names and its problems.
func parseOutputRow(line int, k huoshui.OutputKind, cols []OutputColumn, vals []string, shownDate string, date1904 bool, now time.Time, vc *outputVocab) huoshui.OutputRow {
	row := huoshui.OutputRow{Line: line}
	x := &row.Output
	x.Kind, x.CharSource = k, huoshui.CharsEntered
	problem := func(field, code string, args ...any) {
		v := huoshui.ValidationError{}
		v.Add(field, code, args...)
		row.Problems = append(row.Problems, v.Fields...)
	}
	choice := func(c OutputColumn, v, code string) string {
		if v == "" {
			return ""
		}
		if got, ok := vc.choices[c.choices][fold(huoshui.FoldWidth(v))]; ok {
			return got
		}
		problem(c.Field, code, "Value", v)
		return ""
	}
	for i, c := range cols {
		v := vals[i]
		switch c.Field {
		case "title":
			x.Title = v
		case "dated_on":
			if v != "" {
				d, code := parseDate(v, shownDate, date1904, now)
				if code == CodeDateTooLate {
					code = "output.date_future"
				}
				if code != "" {
					problem("dated_on", code, "Today", huoshui.DateOf(now.In(huoshui.Shanghai)).String())
				}
				x.Date = d
			}
		case "outlet":
			x.Outlet = v
		case "level":
			x.Level = huoshui.OutputLevel(choice(c, v, CodeOutputLevel))
		case "link":
			x.Link = v
		case "issuer":
			x.Issuer = v
		case "doc_kind":
			x.DocKind = huoshui.DocumentKind(choice(c, v, CodeOutputDocKind))
		case "characters":
			n, ok := parseCount(v)
			if !ok {
				problem("characters", CodeOutputCharacters, "Value", v)
			}
			x.Characters = n
		case "innovation_status":
			x.Status = huoshui.InnovationStatus(choice(c, v, CodeOutputStatus))
		case "problem":
			x.Problem = v
		case "change":
			x.Change = v
		case "before":
			x.Before = v
		case "after":
			x.After = v
		case "owners":
			row.OwnerNames = splitNames(v)
		}
	}
	// The output as it would be stored, its org and owners stood in for:
	// they are matched on import.
	x.OrgID = -1
	if len(row.OwnerNames) > 0 {
		x.Owners = []huoshui.OutputOwner{{MemberID: -1}}
	}
	if err := x.Validate(huoshui.DateOf(now.In(huoshui.Shanghai))); err != nil {
		for _, fe := range err.(*huoshui.ValidationError).Fields {
			if !hasProblem(row.Problems, fe.Field) {
				row.Problems = append(row.Problems, fe)
			}
		}
	}
	x.OrgID, x.Owners = 0, nil
	return row
}

// parseCount reads a number of characters as a sheet holds it: 12000,
// 12,000, "12 000", full-width digits, or a number cell (12000.0). A
// negative number is read, for Validate to refuse; a fraction or text is
// not a count.
func parseCount(v string) (int, bool) {
	v = strings.Map(func(r rune) rune {
		if r == ',' || r == '，' || r == ' ' || r == '\u00a0' {
			return -1
		}
		return r
	}, huoshui.FoldWidth(strings.TrimSpace(v)))
	if v == "" {
		return 0, true
	}
	if n, err := strconv.Atoi(v); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e12 {
		return 0, false
	}
	return int(f), true
}

// splitNames reads a list of names as people type it: separated by 、，,
// ；; or spaces and line breaks.
func splitNames(v string) []string {
	var out []string
	for _, n := range strings.FieldsFunc(v, func(r rune) bool {
		switch r {
		case '、', '，', ',', '；', ';', '/', '\n', '\r', '\t', ' ', '\u3000':
			return true
		}
		return false
	}) {
		if n = huoshui.NormalizeName(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}
