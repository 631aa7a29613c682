// Package report generates huoshui's Excel, PDF and Word outputs from
// records, and reads the spreadsheets people bring in. Everything here is a
// pure function over readers and writers: no database, no HTTP.
package report

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/huoshui/huoshui"
	"github.com/xuri/excelize/v2"
)

// Errors of ParseRoster that refuse the whole file.
var (
	// ErrNotSpreadsheet: the file is not an Excel workbook (.xlsx).
	ErrNotSpreadsheet = errors.New("report: not an .xlsx spreadsheet")
	// ErrLegacyExcel: an old .xls workbook, or one locked with a password
	// (both are OLE containers). It is also an ErrNotSpreadsheet.
	ErrLegacyExcel = fmt.Errorf("%w: old .xls format or password-protected", ErrNotSpreadsheet)
	// ErrTooManyRows: more data rows than MaxRosterRows, or more lines
	// (empty ones too) than maxSheetLines.
	ErrTooManyRows = errors.New("report: too many rows")
	// ErrUnpacksTooLarge: the workbook unpacks to more than MaxUnpackedMB,
	// or one cell holds more than MaxCellKB: a zip bomb, not a roster.
	ErrUnpacksTooLarge = errors.New("report: workbook unpacks too large")
)

// MaxRosterRows is the most data rows one roster file may hold.
const MaxRosterRows = 5000

// Limits on what a roster file may unpack to, against zip bombs. A roster
// of MaxRosterRows people unpacks to a few MB; Excel itself keeps at most
// 32,767 characters in a cell (under 160 KB of XML even when every one is
// escaped).
const (
	MaxUnpackedMB = 64  // the whole workbook, unpacked
	MaxCellKB     = 256 // one cell's XML, unpacked
	maxUnzip      = MaxUnpackedMB << 20
	maxUnzipXML   = 4 << 20 // larger sheets are read from a temporary file
	maxRun        = MaxCellKB << 10
	maxCellLen    = 500               // runes kept of one cell
	headerScan    = 30                // lines searched for the header row
	maxSheetLines = 4 * MaxRosterRows // lines read, empty ones included
	// A roster workbook has a few dozen zip entries and a few sheets. A
	// hostile one lists thousands of sheets that are all one part, so the
	// search for the header row has a budget of cells (and lines) across
	// every sheet, and a workbook of more entries is refused.
	maxZipEntries = 1000
	maxDepth      = 100     // elements open at once in a sheet (a roster's nest about 7)
	maxCells      = 500_000 // cells in every sheet together: MaxRosterRows rows of 100 columns
	headerBudget  = 100_000 // cells and lines searched for a header, all sheets together
)

// choice is one allowed value of a column with a fixed list: its code in
// the database and other spellings people use. Its label in each language
// is the message "report.<list>.<code>" (locales/report.*.toml in web).
type choice struct {
	code    string
	aliases []string
}

var (
	genderChoices = []choice{
		{"male", []string{"男性", "m"}},
		{"female", []string{"女性", "f"}},
	}
	statusChoices = []choice{
		{"applicant", []string{"申请人"}},
		{"activist", []string{"积极分子"}},
		{"candidate", nil},
		{"probationary", []string{"中共预备党员", "probationary"}},
		{"full", []string{"中共党员", "党员", "full"}},
	}
	educationChoices = []choice{
		{"primary", []string{"primary"}},
		{"junior_high", []string{"junior high"}},
		{"senior_high", []string{"senior high"}},
		{"vocational", []string{"中等专科", "中职", "vocational"}},
		{"college", []string{"大学专科", "专科", "college"}},
		{"bachelor", []string{"本科", "bachelor's degree"}},
		{"master", []string{"硕士", "master's degree"}},
		{"doctor", []string{"博士", "doctor", "phd"}},
	}
	postChoices = []choice{
		{"secretary", []string{"支部书记"}},
		{"deputy", []string{"支部副书记", "deputy"}},
		{"organiser", []string{"organiser", "organizer"}},
		{"publicity", []string{"publicity"}},
		{"discipline", []string{"discipline"}},
		{"committee_member", []string{"支部委员", "支委"}},
	}
)

// noPost are the ways people write "no committee post".
var noPost = map[string]bool{"": true, "无": true, "-": true, "—": true, "/": true, "none": true, "否": true}

// Column is one column of the roster, defined once for the template, the
// import and the export.
type Column struct {
	Field    string // the member form's field name; "org" for the branch
	Width    float64
	Required bool
	Export   bool // only in exports (the branch is chosen on import)
	kind     colKind
	choices  []choice
	list     string   // the choices' message group: report.<list>.<code>
	aliases  []string // other headers people use
}

type colKind int

const (
	kindText colKind = iota
	kindDate
	kindChoice
	kindID
	kindPhone
)

// Labels translates a message id into one language. The labels of the
// roster (headers, choices, instructions) are messages of the interface's
// catalogue, "report.…"; the web layer passes its translator in, so this
// package keeps no words of its own.
type Labels func(id string) string

// Header returns the column's header: message "report.col.<field>".
func (c Column) Header(t Labels) string { return t("report.col." + c.Field) }

// label returns the label of one of the column's choices.
func (c Column) label(t Labels, code string) string { return t("report." + c.list + "." + code) }

// RosterColumns are the roster's columns in order.
var RosterColumns = []Column{
	{Field: "name", Width: 18, Required: true, aliases: []string{"名字"}},
	{Field: "gender", Width: 7, kind: kindChoice, choices: genderChoices, list: "gender", aliases: []string{"sex"}},
	{Field: "ethnicity", Width: 9, aliases: []string{"nation"}},
	{Field: "birth_date", Width: 12, kind: kindDate, aliases: []string{"出生年月", "出生年月日", "date of birth", "birthday"}},
	{Field: "education", Width: 12, kind: kindChoice, choices: educationChoices, list: "education", aliases: []string{"文化程度", "最高学历"}},
	{Field: "id_number", Width: 22, kind: kindID, aliases: []string{"身份证号码", "公民身份号码", "身份证"}},
	{Field: "phone", Width: 15, kind: kindPhone, aliases: []string{"手机", "手机号", "手机号码", "电话"}},
	{Field: "workplace", Width: 22, aliases: []string{"单位"}},
	{Field: "post", Width: 22, aliases: []string{"职务职级", "position"}},
	{Field: "status", Width: 14, Required: true, kind: kindChoice, choices: statusChoices, list: "status", aliases: []string{"类别", "政治面貌"}},
	{Field: "applied_on", Width: 14, kind: kindDate, aliases: []string{"申请入党日期", "入党申请日期", "递交入党申请书日期", "申请日期", "递交申请书日期"}},
	{Field: "activist_on", Width: 14, kind: kindDate, aliases: []string{"确定为入党积极分子日期", "列为积极分子日期", "积极分子日期", "确定积极分子时间"}},
	{Field: "candidate_on", Width: 14, kind: kindDate, aliases: []string{"确定为发展对象日期", "发展对象日期", "确定发展对象时间"}},
	{Field: "probation_on", Width: 12, kind: kindDate, aliases: []string{"入党时间", "接收预备党员日期"}},
	{Field: "full_on", Width: 12, kind: kindDate, aliases: []string{"转正时间"}},
	{Field: "org", Width: 24, Export: true, aliases: []string{"党支部"}},
	{Field: "group_id", Width: 22, aliases: []string{"所在党小组", "group"}},
	{Field: "committee_post", Width: 11, kind: kindChoice, choices: postChoices, list: "post", aliases: []string{"支部委员会职务"}},
}

// templateColumns are the columns a person fills in.
func templateColumns() []Column {
	var out []Column
	for _, c := range RosterColumns {
		if !c.Export {
			out = append(out, c)
		}
	}
	return out
}

// ColumnHelp says how to fill one column, for the template's instructions
// and the import page.
type ColumnHelp struct {
	Header   string
	Required bool
	Allowed  []string // the labels to choose from, or nil for free text
	Date     bool
}

// RosterHelp lists the template's columns in t's language with their
// allowed values.
func RosterHelp(t Labels) []ColumnHelp {
	var out []ColumnHelp
	for _, c := range templateColumns() {
		h := ColumnHelp{Header: c.Header(t), Required: c.Required, Date: c.kind == kindDate}
		for _, ch := range c.choices {
			h.Allowed = append(h.Allowed, c.label(t, ch.code))
		}
		out = append(out, h)
	}
	return out
}

// labelOf returns the label of code in column c, or code when it is not
// one of the column's choices.
func labelOf(t Labels, c Column, code string) string {
	for _, ch := range c.choices {
		if ch.code == code {
			return c.label(t, code)
		}
	}
	return code
}

// fold makes a label comparable: no spaces, no required-marks, no trailing
// remark in brackets, lower case.
func fold(s string) string {
	s = strings.TrimSpace(s)
	for _, open := range []string{"（", "("} {
		if i := strings.Index(s, open); i > 0 {
			s = s[:i]
		}
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\u3000', '\u00a0', '*', '＊', ':', '：':
			return -1
		}
		return r
	}, s)
	return strings.ToLower(s)
}

// vocab is every spelling a roster file may use, in every language it is
// read in: header → column, and by field, choice → code.
type vocab struct {
	headers map[string]int
	choices map[string]map[string]string
}

// newVocab gathers the spellings: the field names, each language's
// labels, and the aliases people use.
func newVocab(langs []Labels) *vocab {
	v := &vocab{headers: map[string]int{}, choices: map[string]map[string]string{}}
	put := func(m map[string]string, k, code string) {
		if _, ok := m[fold(k)]; !ok {
			m[fold(k)] = code
		}
	}
	for i, c := range RosterColumns {
		spellings := []string{c.Field}
		for _, t := range langs {
			spellings = append(spellings, c.Header(t))
		}
		for _, k := range append(spellings, c.aliases...) {
			if _, ok := v.headers[fold(k)]; !ok {
				v.headers[fold(k)] = i
			}
		}
		if len(c.choices) == 0 {
			continue
		}
		m := map[string]string{}
		for _, ch := range c.choices {
			put(m, ch.code, ch.code)
			for _, t := range langs {
				put(m, c.label(t, ch.code), ch.code)
			}
		}
		for _, ch := range c.choices {
			for _, a := range ch.aliases {
				put(m, a, ch.code)
			}
		}
		v.choices[c.Field] = m
	}
	return v
}

func (v *vocab) matchChoice(c Column, s string) (string, bool) {
	code, ok := v.choices[c.Field][fold(s)]
	return code, ok
}

func indexOf(field string) int {
	for i, c := range RosterColumns {
		if c.Field == field {
			return i
		}
	}
	return -1
}

// RosterRow is one data row of a roster file as read: its line in the
// sheet, the member fields, the 党小组 name as typed, and what is wrong.
// Problems name the member form's fields (name, id_number, …) with message
// codes. It is the row the import stages as it is.
type RosterRow = huoshui.ImportRow

// Roster is a read roster file.
type Roster struct {
	Sheet string
	Rows  []RosterRow
	// Problems with the file as a whole (Field "file"): no header row, a
	// required column missing, no data rows. When there are any, Rows is
	// empty.
	Problems []huoshui.FieldError
	// Footers are the lines read as a footer below the table (填表人,
	// 审核人, 填报日期, notes), not as people.
	Footers []int
}

// Problem codes ParseRoster adds beside those of huoshui.Member.Validate.
// Each is a message ("error." + code) in the web layer's message files.
const (
	CodeNoHeader       = "roster.no_header"
	CodeNoNameColumn   = "roster.no_name_column"
	CodeNoStatusColumn = "roster.no_status_column"
	CodeEmpty          = "roster.empty"
	CodeSubHeader      = "roster.sub_header" // a two-row header's label not known; Args: Line, Group, Label
	CodeIDAsNumber     = "roster.id_number_as_number"
	CodeDuplicateID    = "roster.duplicate_id_number" // Args: Line, the other row
	CodeChoicePrefix   = "roster.choice."             // + gender, education, status, committee_post; Args: Value
	CodeDateFormat     = "date_format"
	CodeYearMonth      = "date.year_month" // a year and month without a day
	CodeDateTooLate    = "date.too_late"   // more than a year from now
	CodeRequired       = "required"
	CodeTooLong        = "too_long" // Args: Max
)

const (
	exampleMarkZh       = "示例" // a name starting so marks the template's example row
	exampleMarkEn       = "example"
	placeholderOrgID    = 1 // lets Validate pass the branch, chosen on upload
	maxGroupNameLen     = 60
	maxEthnicityNameLen = 20
)

// ParseRoster reads a roster workbook (.xlsx): it finds the header row by
// its labels (Chinese or English, any order) on the first sheet that has
// one, and returns one RosterRow per non-empty data row, each checked with
// huoshui.Member.Validate and for ID numbers repeated within the file. Rows
// whose name starts with 示例 (the template's example) are skipped. It
// refuses anything that is not an .xlsx file with ErrNotSpreadsheet and
// files over MaxRosterRows rows with ErrTooManyRows. langs are the
// languages whose headers and labels it recognises (with the field names
// and the other spellings people use).
func ParseRoster(r io.Reader, now time.Time, langs ...Labels) (ros *Roster, err error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("report: read roster: %w", err)
	}
	// A malformed workbook must never take the server down.
	defer func() {
		if v := recover(); v != nil {
			ros, err = nil, fmt.Errorf("%w: %v", ErrNotSpreadsheet, v)
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
	vc := newVocab(langs)
	budget := headerBudget
	for _, sheet := range f.GetSheetList() {
		if budget <= 0 {
			break
		}
		ros, found, err := parseSheet(f, sheet, date1904, now, vc, &budget)
		if err != nil {
			return nil, err
		}
		if found {
			return ros, nil
		}
	}
	return &Roster{Problems: []huoshui.FieldError{{Field: "file", Code: CodeNoHeader}}}, nil
}

// sniffXLSX checks that data is a zip holding a workbook before excelize
// sees it, so other files get a clear refusal, and that it does not unpack
// to more than a roster can need: the sizes the zip declares (Go's zip
// reader refuses an entry that unpacks to more than it declared) and, read
// as a stream, the longest text between two tags of the sheets and shared
// strings, so that no cell larger than MaxCellKB ever reaches memory.
func sniffXLSX(data []byte) error {
	if bytes.HasPrefix(data, oleMagic) {
		return ErrLegacyExcel
	}
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return ErrNotSpreadsheet
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
	}
	var types, workbook bool
	if len(zr.File) > maxZipEntries {
		return ErrUnpacksTooLarge
	}
	var total uint64
	for _, f := range zr.File {
		switch strings.ToLower(f.Name) {
		case "[content_types].xml":
			types = true
		case "xl/workbook.xml":
			workbook = true
		case "mimetype":
			if isODS(f) {
				return ErrODS
			}
		}
		total += f.UncompressedSize64
		if f.UncompressedSize64 > maxUnzip || total > maxUnzip {
			return ErrUnpacksTooLarge
		}
	}
	if !types || !workbook {
		return ErrNotSpreadsheet
	}
	cells := 0 // in every sheet together
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
		if name == "xl/sharedstrings.xml" || strings.HasPrefix(name, "xl/worksheets/") {
			if err := checkRuns(f, &cells); err != nil {
				return err
			}
		}
	}
	return nil
}

// isODS reports whether a zip's "mimetype" entry names an OpenDocument
// spreadsheet.
func isODS(f *zip.File) bool {
	rc, err := f.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	head, _ := io.ReadAll(io.LimitReader(rc, 100))
	return strings.HasPrefix(string(head), "application/vnd.oasis.opendocument.spreadsheet")
}

// checkRuns reads one part of the workbook as a stream and refuses it when
// more than maxRun bytes stand between two '<' (a cell's text, or a tag,
// that large is no roster's) or elements nest deeper than maxDepth (the
// parser would keep every one open in memory).
func checkRuns(f *zip.File, cells *int) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
	}
	defer rc.Close()
	buf := make([]byte, 32<<10)
	run := 0
	// depth counts the elements open: '<' then a name opens one, "</"
	// closes one, and so does "/>" at the end of the tag that opened it.
	depth, afterLT, inOpen, prev := 0, false, false, byte(0)
	// name is the length of the element name being read (-1: none) and
	// prev2 the byte before prev: a name "c" or "x:c" is a cell.
	name, prev2 := -1, byte(0)
	for {
		n, err := rc.Read(buf)
		for _, b := range buf[:n] {
			if name >= 0 {
				if b == ' ' || b == '>' || b == '/' || b == '\t' || b == '\n' || b == '\r' {
					if prev == 'c' && (name == 1 || prev2 == ':') {
						if *cells++; *cells > maxCells {
							return ErrUnpacksTooLarge
						}
					}
					name = -1
				} else {
					name++
				}
			}
			if afterLT {
				switch b {
				case '/':
					depth--
				case '?', '!':
				default:
					if depth++; depth > maxDepth {
						return ErrUnpacksTooLarge
					}
					inOpen = true
					name = 1
				}
			}
			if b == '>' {
				if inOpen && prev == '/' {
					depth--
				}
				inOpen = false
			}
			afterLT, prev2, prev = b == '<', prev, b
			if b == '<' {
				run = 0
			} else if run++; run > maxRun {
				return ErrUnpacksTooLarge
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
		}
	}
}

// parseSheet reads one sheet; found is false when it has no header row.
// The search for the header spends budget: a cell or a line each. A
// header may take two rows (dates grouped under a merged 发展时间 with
// 入党日期, 转正日期 … beneath, see subHeader); a footer (填表人, 审核人,
// 填报日期 …) is not a person; a row hidden in the sheet is read and
// marked Hidden, so the preview can say so.
func parseSheet(f *excelize.File, sheet string, date1904 bool, now time.Time, vc *vocab, budget *int) (*Roster, bool, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
	}
	defer rows.Close()
	// A second reader of the same sheet, in step with the first, gives the
	// cells as the sheet shows them: whether a number in a date column is
	// formatted as a date is known only so (see parseDate).
	shownRows, err := f.Rows(sheet)
	if err != nil {
		return nil, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
	}
	defer shownRows.Close()
	raw := excelize.Options{RawCellValue: true}
	shown := excelize.Options{ShortDatePattern: "yyyy-mm-dd"}
	line := 0
	var cols map[int]int // cell index → column index
	var head []string    // the header row's cells
	for line < headerScan && *budget > 0 && rows.Next() {
		line++
		shownRows.Next()
		cells, err := rows.Columns(raw)
		if err != nil {
			return nil, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
		}
		*budget -= len(cells) + 1
		if c := vc.matchHeader(cells); c != nil {
			cols, head = c, cells
			break
		}
	}
	if cols == nil {
		return nil, false, rows.Error()
	}
	ros := &Roster{Sheet: sheet}
	// next reads the next line of both readers: its cells raw and as shown,
	// and whether the row is hidden.
	next := func() (cells, shownCells []string, hidden, ok bool, err error) {
		if !rows.Next() {
			return nil, nil, false, false, nil
		}
		line++
		if line > maxSheetLines {
			return nil, nil, false, false, ErrTooManyRows
		}
		shownRows.Next()
		if cells, err = rows.Columns(raw); err != nil {
			return nil, nil, false, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
		}
		if shownCells, err = shownRows.Columns(shown); err != nil {
			return nil, nil, false, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
		}
		return cells, shownCells, rows.GetRowOpts().Hidden, true, nil
	}
	cells, shownCells, hidden, ok, err := next()
	if err != nil {
		return nil, false, err
	}
	if ok {
		sub, problem, isSub := vc.subHeader(head, cols, cells, line)
		if problem != nil {
			ros.Problems = append(ros.Problems, *problem)
			return ros, true, nil
		}
		if isSub {
			for i, ci := range sub {
				cols[i] = ci
			}
			cells, shownCells, hidden, ok, err = next()
			if err != nil {
				return nil, false, err
			}
		}
	}
	has := map[string]bool{}
	for _, ci := range cols {
		has[RosterColumns[ci].Field] = true
	}
	if !has["name"] {
		ros.Problems = append(ros.Problems, huoshui.FieldError{Field: "file", Code: CodeNoNameColumn})
	}
	if !has["status"] {
		ros.Problems = append(ros.Problems, huoshui.FieldError{Field: "file", Code: CodeNoStatusColumn})
	}
	if len(ros.Problems) > 0 {
		return ros, true, nil
	}
	footer := false // a footer was seen: notes below it are no people
	for ; ok; cells, shownCells, hidden, ok, err = next() {
		vals, shownDates := map[string]string{}, map[string]string{}
		empty := true
		for i, ci := range cols {
			if i < len(cells) {
				v := clip(strings.TrimSpace(cells[i]))
				if v != "" {
					empty = false
					vals[RosterColumns[ci].Field] = v
				}
				if RosterColumns[ci].kind == kindDate && i < len(shownCells) {
					shownDates[RosterColumns[ci].Field] = clip(strings.TrimSpace(shownCells[i]))
				}
			}
		}
		if empty || isExample(vals["name"]) {
			continue
		}
		if isFooter(cells) || (footer && filled(cells) == 1) {
			footer = true
			ros.Footers = append(ros.Footers, line)
			continue
		}
		if len(ros.Rows) >= MaxRosterRows {
			return nil, false, ErrTooManyRows
		}
		row := parseRow(line, vals, shownDates, date1904, now, vc)
		row.Hidden = hidden
		ros.Rows = append(ros.Rows, row)
	}
	if err != nil {
		return nil, false, err
	}
	if err := rows.Error(); err != nil {
		return nil, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
	}
	if len(ros.Rows) == 0 {
		ros.Problems = append(ros.Problems, huoshui.FieldError{Field: "file", Code: CodeEmpty})
		return ros, true, nil
	}
	markDuplicateIDs(ros.Rows)
	return ros, true, nil
}

// subHeader reads the row below a header (cells, on line): when the
// header groups columns under one label over empty cells (a merged
// 发展时间 over 入党日期, 转正日期 …), the row below names them, and sub
// maps its cells to columns. A label under a group is read alone or
// after the group's (入党 under 发展时间 is 入党日期 too). A group whose
// labels are not all known is refused with a problem naming the line,
// the group and the label; a row that is not a sub-header gives isSub
// false.
func (vc *vocab) subHeader(head []string, cols map[int]int, cells []string, line int) (sub map[int]int, problem *huoshui.FieldError, isSub bool) {
	// group[i] is the label of the group over cell i: an unmatched
	// header cell and the empty cells to its right.
	group := map[int]string{}
	for i := 0; i < len(head); i++ {
		label := strings.TrimSpace(head[i])
		if _, ok := cols[i]; ok || label == "" {
			continue
		}
		j := i + 1
		for j < len(head) && strings.TrimSpace(head[j]) == "" {
			j++
		}
		if j == i+1 && j < len(head) {
			continue // one column, not a group
		}
		if j == len(head) {
			j = max(j, len(cells)) // the sheet leaves out empty cells at the end
		}
		for k := i; k < j; k++ {
			group[k] = label
		}
		i = j - 1
	}
	if len(group) == 0 {
		return nil, nil, false
	}
	under := false // a cell of this row under a group
	for i, c := range cells {
		if _, ok := group[i]; ok && strings.TrimSpace(c) != "" {
			under = true
		}
	}
	// The name column is merged down over both rows: empty here.
	for i, ci := range cols {
		if RosterColumns[ci].Field == "name" && i < len(cells) && strings.TrimSpace(cells[i]) != "" {
			return nil, nil, false
		}
	}
	if !under {
		return nil, nil, false
	}
	sub = map[int]int{}
	seen := map[int]bool{}
	for _, ci := range cols {
		seen[ci] = true
	}
	for i, c := range cells {
		c = strings.TrimSpace(c)
		g, inGroup := group[i]
		if c == "" || !inGroup {
			continue
		}
		ci, ok := vc.matchLabel(c, g)
		if !ok || seen[ci] {
			return nil, &huoshui.FieldError{Field: "file", Code: CodeSubHeader,
				Args: map[string]any{"Line": line, "Group": clip(g), "Label": clip(c)}}, true
		}
		seen[ci] = true
		sub[i] = ci
	}
	return sub, nil, true
}

// matchLabel finds the column of a label under a group: the label alone,
// after the group's label, or with 日期 or 时间 after it.
func (vc *vocab) matchLabel(label, group string) (int, bool) {
	for _, k := range []string{label, group + label, label + "日期", label + "时间"} {
		if ci, ok := vc.headers[fold(k)]; ok {
			return ci, true
		}
	}
	return 0, false
}

// footerLabels begin the lines below a table that are not rows of it:
// who filled it in and checked it, when, the seal, the totals and notes.
var footerLabels = []string{"填表人", "填报人", "制表人", "审核人", "审批人", "经办人", "负责人", "联系人",
	"填表日期", "填报日期", "制表日期", "审核日期", "报送日期", "统计日期", "填表时间", "填报时间", "制表时间",
	"填报单位", "填表单位", "制表单位", "报送单位", "单位盖章", "单位（盖章）", "单位(盖章)", "盖章",
	"合计", "总计", "小计", "备注", "说明", "注"}

// isFooter reports whether a row is a footer below the table: a cell
// that begins with a footer label and a colon (填表人：张三), or a first
// cell that is only a footer label (审核人 | 李四).
func isFooter(cells []string) bool {
	first := true
	for _, c := range cells {
		c = strings.Map(func(r rune) rune {
			switch r {
			case ' ', '\t', '\u3000', '\u00a0':
				return -1
			}
			return r
		}, c)
		if c == "" {
			continue
		}
		for _, l := range footerLabels {
			if rest, ok := strings.CutPrefix(c, l); ok {
				if strings.HasPrefix(rest, "：") || strings.HasPrefix(rest, ":") || (first && rest == "") {
					return true
				}
			}
		}
		first = false
	}
	return false
}

// filled counts a row's cells that are not empty.
func filled(cells []string) int {
	n := 0
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}

// matchHeader returns the columns of a header row, or nil when fewer than
// two cells are roster labels.
func (vc *vocab) matchHeader(cells []string) map[int]int {
	cols := map[int]int{}
	seen := map[int]bool{}
	for i, c := range cells {
		if utf8.RuneCountInString(c) > 40 {
			continue
		}
		if ci, ok := vc.headers[fold(c)]; ok && !seen[ci] {
			seen[ci] = true
			cols[i] = ci
		}
	}
	if len(cols) < 2 {
		return nil
	}
	return cols
}

func clip(s string) string {
	return huoshui.Truncate(s, maxCellLen)
}

func isExample(name string) bool {
	return strings.HasPrefix(name, exampleMarkZh) || strings.HasPrefix(strings.ToLower(name), exampleMarkEn)
}

// parseRow turns one row's values (by field) into a member and its
// problems; shown holds the date columns as the sheet shows them.
func parseRow(line int, vals, shown map[string]string, date1904 bool, now time.Time, vc *vocab) RosterRow {
	row := RosterRow{Line: line}
	m := &row.Member
	add := func(field, code string, args ...any) {
		v := huoshui.ValidationError{}
		v.Add(field, code, args...)
		row.Problems = append(row.Problems, v.Fields...)
	}
	for _, c := range RosterColumns {
		v := vals[c.Field]
		switch c.kind {
		case kindDate:
			d, code := parseDate(v, shown[c.Field], date1904, now)
			if code != "" {
				add(c.Field, code)
			}
			*dateField(m, c.Field) = d
		case kindChoice:
			if c.Field == "committee_post" && noPost[fold(v)] {
				continue
			}
			if v == "" {
				if c.Required {
					add(c.Field, CodeRequired)
				}
				continue
			}
			code, ok := vc.matchChoice(c, v)
			if !ok {
				add(c.Field, CodeChoicePrefix+c.Field, "Value", v)
				continue
			}
			switch c.Field {
			case "gender":
				m.Gender = huoshui.Gender(code)
			case "education":
				m.Education = code
			case "status":
				m.Status = huoshui.MemberStatus(code)
			case "committee_post":
				m.CommitteePost = huoshui.CommitteePost(code)
			}
		case kindID:
			if sci(v) {
				add(c.Field, CodeIDAsNumber)
				continue
			}
			m.IDNumber = strings.Join(strings.Fields(v), "")
		case kindPhone:
			m.Phone = plainNumber(v)
		default:
			switch c.Field {
			case "name":
				m.Name = v
			case "ethnicity":
				m.Ethnicity = v
				if utf8.RuneCountInString(v) > maxEthnicityNameLen {
					add(c.Field, CodeTooLong, "Max", maxEthnicityNameLen)
				}
			case "workplace":
				m.Workplace = v
			case "post":
				m.Post = v
			case "group_id":
				row.GroupName = v
				if utf8.RuneCountInString(v) > maxGroupNameLen {
					add(c.Field, CodeTooLong, "Max", maxGroupNameLen)
				} else if code := huoshui.CheckText(v, false); code != "" {
					add(c.Field, code)
				}
			}
		}
	}
	// The birth date may be left out: the ID number holds it.
	m.IDNumber = huoshui.NormalizeIDNumber(m.IDNumber)
	if m.BirthDate.IsZero() && !hasProblem(row.Problems, "birth_date") && m.IDNumber != "" && huoshui.CheckIDNumber(m.IDNumber) == "" {
		m.BirthDate = huoshui.IDNumberBirthDate(m.IDNumber)
	}
	m.OrgID = placeholderOrgID
	err := m.Validate()
	m.OrgID = 0
	var ve *huoshui.ValidationError
	if errors.As(err, &ve) {
		for _, fe := range ve.Fields {
			if fe.Field != "org_id" && !hasProblem(row.Problems, fe.Field) {
				row.Problems = append(row.Problems, fe)
			}
		}
	}
	sortProblems(row.Problems)
	return row
}

func dateField(m *huoshui.Member, field string) *huoshui.Date {
	switch field {
	case "birth_date":
		return &m.BirthDate
	case "applied_on":
		return &m.AppliedOn
	case "activist_on":
		return &m.ActivistOn
	case "candidate_on":
		return &m.CandidateOn
	case "probation_on":
		return &m.ProbationOn
	}
	return &m.FullOn
}

func hasProblem(ps []huoshui.FieldError, field string) bool {
	for _, p := range ps {
		if p.Field == field {
			return true
		}
	}
	return false
}

// sortProblems orders a row's problems by column, as the sheet reads.
func sortProblems(ps []huoshui.FieldError) {
	sort.SliceStable(ps, func(i, j int) bool { return indexOf(ps[i].Field) < indexOf(ps[j].Field) })
}

// markDuplicateIDs flags ID numbers that appear on more than one row, on
// each of those rows, naming another line that has it.
func markDuplicateIDs(rows []RosterRow) {
	lines := map[string][]int{}
	for i, r := range rows {
		id := r.Member.IDNumber
		if id != "" && !hasProblem(r.Problems, "id_number") {
			lines[id] = append(lines[id], i)
		}
	}
	for _, idx := range lines {
		if len(idx) < 2 {
			continue
		}
		for k, i := range idx {
			other := idx[0]
			if k == 0 {
				other = idx[1]
			}
			rows[i].Problems = append(rows[i].Problems, huoshui.FieldError{Field: "id_number", Code: CodeDuplicateID,
				Args: map[string]any{"Line": rows[other].Line}})
			sortProblems(rows[i].Problems)
		}
	}
}

// sci reports whether v is a number in scientific notation: what Excel
// keeps when an ID number was typed into a number cell, its last digits
// already lost.
func sci(v string) bool {
	if !strings.ContainsAny(v, "eE") {
		return false
	}
	_, err := strconv.ParseFloat(v, 64)
	return err == nil
}

// plainNumber writes a phone kept as a number in full digits.
func plainNumber(v string) string {
	if sci(v) {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 && f < 1e15 {
			return strconv.FormatFloat(f, 'f', 0, 64)
		}
	}
	return v
}

// parseDate reads a date cell from its value and the text the sheet shows
// for it: text such as 2026-11-24, 2026/11/24, 2026.11.24, 20261124 or
// 2026年11月24日 (see huoshui.ParseDateText), or a number formatted as a
// date (a day counted from 1900), between 1900-01-01 and a year from now.
// An empty cell is the zero date. A year and month without a day
// (1995.06, typed as a number or as text) asks for the day; a number not
// formatted as a date is refused, never taken for a day counted from
// 1900 (1995.06 once became 1905-06-17). It returns the problem's code,
// or "".
func parseDate(v, shown string, date1904 bool, now time.Time) (huoshui.Date, string) {
	if shown == "" {
		shown = v
	}
	d, err := huoshui.ParseDateText(strings.TrimLeft(shown, "'"))
	if errors.Is(err, huoshui.ErrYearMonth) {
		return huoshui.Date{}, CodeYearMonth
	}
	if err != nil {
		// A day counted from 1900 that the sheet shows as a date in a
		// form not read above (7/1/12, 1-Jul-2012).
		serial, perr := strconv.ParseFloat(v, 64)
		if _, plain := strconv.ParseFloat(shown, 64); perr != nil || plain == nil || serial < 1 {
			return huoshui.Date{}, CodeDateFormat
		}
		t, terr := excelize.ExcelDateToTime(serial, date1904)
		if terr != nil || t.Year() < 1900 || t.Year() > 2099 {
			return huoshui.Date{}, CodeDateFormat
		}
		d = huoshui.NewDate(t.Year(), t.Month(), t.Day())
	}
	if d.After(huoshui.DateOf(now).AddDate(1, 0, 0)) {
		return huoshui.Date{}, CodeDateTooLate
	}
	return d, ""
}
