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
	"regexp"
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
	// ErrTooManyRows: more data rows than MaxRosterRows.
	ErrTooManyRows = errors.New("report: too many rows")
)

// MaxRosterRows is the most data rows one roster file may hold.
const MaxRosterRows = 5000

// Limits on what a roster file may unpack to, against zip bombs.
const (
	maxUnzip    = 256 << 20
	maxUnzipXML = 32 << 20
	maxCellLen  = 500 // runes kept of one cell
	headerScan  = 30  // lines searched for the header row
)

// choice is one allowed value of a column with a fixed list: its code in
// the database, its label in each language, and other spellings people use.
type choice struct {
	code, zh, en string
	aliases      []string
}

var (
	genderChoices = []choice{
		{"male", "男", "Male", []string{"男性", "m"}},
		{"female", "女", "Female", []string{"女性", "f"}},
	}
	statusChoices = []choice{
		{"applicant", "入党申请人", "Applicant", []string{"申请人"}},
		{"activist", "入党积极分子", "Activist", []string{"积极分子"}},
		{"candidate", "发展对象", "Candidate", nil},
		{"probationary", "预备党员", "Probationary member", []string{"中共预备党员", "probationary"}},
		{"full", "正式党员", "Full member", []string{"中共党员", "党员", "full"}},
	}
	educationChoices = []choice{
		{"primary", "小学", "Primary school", []string{"primary"}},
		{"junior_high", "初中", "Junior high school", []string{"junior high"}},
		{"senior_high", "高中", "Senior high school", []string{"senior high"}},
		{"vocational", "中专", "Vocational school", []string{"中等专科", "中职", "vocational"}},
		{"college", "大专", "Junior college", []string{"大学专科", "专科", "college"}},
		{"bachelor", "大学本科", "Bachelor", []string{"本科", "bachelor's degree"}},
		{"master", "硕士研究生", "Master", []string{"硕士", "master's degree"}},
		{"doctor", "博士研究生", "Doctorate", []string{"博士", "doctor", "phd"}},
	}
	postChoices = []choice{
		{"secretary", "书记", "Secretary", []string{"支部书记"}},
		{"deputy", "副书记", "Deputy secretary", []string{"支部副书记", "deputy"}},
		{"organiser", "组织委员", "Organisation member", []string{"organiser", "organizer"}},
		{"publicity", "宣传委员", "Publicity member", []string{"publicity"}},
		{"discipline", "纪检委员", "Discipline member", []string{"discipline"}},
		{"committee_member", "委员", "Committee member", []string{"支部委员", "支委"}},
	}
)

// noPost are the ways people write "no committee post".
var noPost = map[string]bool{"": true, "无": true, "-": true, "—": true, "/": true, "none": true, "否": true}

// Column is one column of the roster, defined once for the template, the
// import and the export.
type Column struct {
	Field    string // the member form's field name; "org" for the branch
	Zh, En   string // the header in each language
	Width    float64
	Required bool
	Export   bool // only in exports (the branch is chosen on import)
	kind     colKind
	choices  []choice
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

// Header returns the column's header in lang ("zh" or "en").
func (c Column) Header(lang string) string {
	if lang == "en" {
		return c.En
	}
	return c.Zh
}

// RosterColumns are the roster's columns in order.
var RosterColumns = []Column{
	{Field: "name", Zh: "姓名", En: "Name", Width: 18, Required: true, aliases: []string{"名字"}},
	{Field: "gender", Zh: "性别", En: "Gender", Width: 7, kind: kindChoice, choices: genderChoices, aliases: []string{"sex"}},
	{Field: "ethnicity", Zh: "民族", En: "Ethnicity", Width: 9, aliases: []string{"nation"}},
	{Field: "birth_date", Zh: "出生日期", En: "Birth date", Width: 12, kind: kindDate, aliases: []string{"出生年月", "出生年月日", "date of birth", "birthday"}},
	{Field: "education", Zh: "学历", En: "Education", Width: 12, kind: kindChoice, choices: educationChoices, aliases: []string{"文化程度", "最高学历"}},
	{Field: "id_number", Zh: "身份证号", En: "ID number", Width: 22, kind: kindID, aliases: []string{"身份证号码", "公民身份号码", "身份证"}},
	{Field: "phone", Zh: "联系电话", En: "Phone", Width: 15, kind: kindPhone, aliases: []string{"手机", "手机号", "手机号码", "电话"}},
	{Field: "workplace", Zh: "工作单位", En: "Workplace", Width: 22, aliases: []string{"单位"}},
	{Field: "post", Zh: "职务", En: "Post", Width: 22, aliases: []string{"职务职级", "position"}},
	{Field: "status", Zh: "人员类别", En: "Status", Width: 14, Required: true, kind: kindChoice, choices: statusChoices, aliases: []string{"类别", "政治面貌"}},
	{Field: "applied_on", Zh: "递交申请日期", En: "Applied on", Width: 14, kind: kindDate, aliases: []string{"申请入党日期", "入党申请日期", "递交入党申请书日期"}},
	{Field: "activist_on", Zh: "确定积极分子日期", En: "Activist since", Width: 14, kind: kindDate, aliases: []string{"确定为入党积极分子日期", "列为积极分子日期"}},
	{Field: "candidate_on", Zh: "确定发展对象日期", En: "Candidate since", Width: 14, kind: kindDate, aliases: []string{"确定为发展对象日期"}},
	{Field: "probation_on", Zh: "入党日期", En: "Admitted on", Width: 12, kind: kindDate, aliases: []string{"入党时间", "接收预备党员日期"}},
	{Field: "full_on", Zh: "转正日期", En: "Full member since", Width: 12, kind: kindDate, aliases: []string{"转正时间"}},
	{Field: "org", Zh: "所在党支部", En: "Branch", Width: 24, Export: true, aliases: []string{"党支部"}},
	{Field: "group_id", Zh: "党小组", En: "Party group", Width: 22, aliases: []string{"所在党小组", "group"}},
	{Field: "committee_post", Zh: "支委职务", En: "Committee post", Width: 11, kind: kindChoice, choices: postChoices, aliases: []string{"支部委员会职务"}},
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

// RosterHelp lists the template's columns in lang with their allowed values.
func RosterHelp(lang string) []ColumnHelp {
	var out []ColumnHelp
	for _, c := range templateColumns() {
		h := ColumnHelp{Header: c.Header(lang), Required: c.Required, Date: c.kind == kindDate}
		for _, ch := range c.choices {
			h.Allowed = append(h.Allowed, ch.label(lang))
		}
		out = append(out, h)
	}
	return out
}

func (c choice) label(lang string) string {
	if lang == "en" {
		return c.en
	}
	return c.zh
}

// labelOf returns the label of code in lang, or code when it is unknown.
func labelOf(choices []choice, code, lang string) string {
	for _, c := range choices {
		if c.code == code {
			return c.label(lang)
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

func matchChoice(choices []choice, v string) (string, bool) {
	k := fold(v)
	for _, c := range choices {
		if k == fold(c.code) || k == fold(c.zh) || k == fold(c.en) {
			return c.code, true
		}
		for _, a := range c.aliases {
			if k == fold(a) {
				return c.code, true
			}
		}
	}
	return "", false
}

// headerIndex maps every header spelling to its column.
var headerIndex = func() map[string]int {
	m := map[string]int{}
	for i, c := range RosterColumns {
		for _, k := range append([]string{c.Field, c.Zh, c.En}, c.aliases...) {
			if _, ok := m[fold(k)]; !ok {
				m[fold(k)] = i
			}
		}
	}
	return m
}()

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
// codes.
type RosterRow struct {
	Line      int
	Member    huoshui.Member
	GroupName string
	Problems  []huoshui.FieldError
}

// Roster is a read roster file.
type Roster struct {
	Sheet string
	Rows  []RosterRow
	// Problems with the file as a whole (Field "file"): no header row, a
	// required column missing, no data rows. When there are any, Rows is
	// empty.
	Problems []huoshui.FieldError
}

// Problem codes ParseRoster adds beside those of huoshui.Member.Validate.
// Each is a message ("error." + code) in the web layer's message files.
const (
	CodeNoHeader       = "roster.no_header"
	CodeNoNameColumn   = "roster.no_name_column"
	CodeNoStatusColumn = "roster.no_status_column"
	CodeEmpty          = "roster.empty"
	CodeIDAsNumber     = "roster.id_number_as_number"
	CodeDuplicateID    = "roster.duplicate_id_number" // Args: Line, the other row
	CodeChoicePrefix   = "roster.choice."             // + gender, education, status, committee_post; Args: Value
	CodeDateFormat     = "date_format"
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
// files over MaxRosterRows rows with ErrTooManyRows.
func ParseRoster(r io.Reader) (ros *Roster, err error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("report: read roster: %w", err)
	}
	if err := sniffXLSX(data); err != nil {
		return nil, err
	}
	// A malformed workbook must never take the server down.
	defer func() {
		if v := recover(); v != nil {
			ros, err = nil, fmt.Errorf("%w: %v", ErrNotSpreadsheet, v)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: maxUnzip, UnzipXMLSizeLimit: maxUnzipXML, RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
	}
	defer f.Close()
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	for _, sheet := range f.GetSheetList() {
		ros, found, err := parseSheet(f, sheet, date1904)
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
// sees it, so other files get a clear refusal.
func sniffXLSX(data []byte) error {
	ole := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	if bytes.HasPrefix(data, ole) {
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
	for _, f := range zr.File {
		switch strings.ToLower(f.Name) {
		case "[content_types].xml":
			types = true
		case "xl/workbook.xml":
			workbook = true
		}
	}
	if !types || !workbook {
		return ErrNotSpreadsheet
	}
	return nil
}

// parseSheet reads one sheet; found is false when it has no header row.
func parseSheet(f *excelize.File, sheet string, date1904 bool) (*Roster, bool, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
	}
	defer rows.Close()
	raw := excelize.Options{RawCellValue: true}
	line := 0
	var cols map[int]int // cell index → column index
	for line < headerScan && rows.Next() {
		line++
		cells, err := rows.Columns(raw)
		if err != nil {
			return nil, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
		}
		if c := matchHeader(cells); c != nil {
			cols = c
			break
		}
	}
	if cols == nil {
		return nil, false, rows.Error()
	}
	ros := &Roster{Sheet: sheet}
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
	for rows.Next() {
		line++
		cells, err := rows.Columns(raw)
		if err != nil {
			return nil, false, fmt.Errorf("%w: %w", ErrNotSpreadsheet, err)
		}
		vals := map[string]string{}
		empty := true
		for i, ci := range cols {
			if i < len(cells) {
				v := clip(strings.TrimSpace(cells[i]))
				if v != "" {
					empty = false
					vals[RosterColumns[ci].Field] = v
				}
			}
		}
		if empty || isExample(vals["name"]) {
			continue
		}
		if len(ros.Rows) >= MaxRosterRows {
			return nil, false, ErrTooManyRows
		}
		ros.Rows = append(ros.Rows, parseRow(line, vals, date1904))
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

// matchHeader returns the columns of a header row, or nil when fewer than
// two cells are roster labels.
func matchHeader(cells []string) map[int]int {
	cols := map[int]int{}
	seen := map[int]bool{}
	for i, c := range cells {
		if utf8.RuneCountInString(c) > 40 {
			continue
		}
		if ci, ok := headerIndex[fold(c)]; ok && !seen[ci] {
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

// parseRow turns one row's values (by field) into a member and its problems.
func parseRow(line int, vals map[string]string, date1904 bool) RosterRow {
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
			d, ok := parseDate(v, date1904)
			if !ok {
				add(c.Field, CodeDateFormat)
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
			code, ok := matchChoice(c.choices, v)
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

var (
	dateSep    = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$`)
	dateCN     = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})日?$`)
	dateDigits = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	fullWidth  = strings.NewReplacer("０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6",
		"７", "7", "８", "8", "９", "9", "－", "-", "／", "/", "．", ".", "\u3000", " ")
)

// parseDate reads a date cell: an Excel date (a serial number), or text
// such as 2026-11-24, 2026/11/24, 2026.11.24, 20261124 or 2026年11月24日.
// An empty cell is the zero date; ok is false when v is not a date.
func parseDate(v string, date1904 bool) (huoshui.Date, bool) {
	v = fullWidth.Replace(strings.TrimSpace(v))
	if v == "" {
		return huoshui.Date{}, true
	}
	for _, re := range []*regexp.Regexp{dateSep, dateCN, dateDigits} {
		if p := re.FindStringSubmatch(v); p != nil {
			y, _ := strconv.Atoi(p[1])
			mo, _ := strconv.Atoi(p[2])
			d, _ := strconv.Atoi(p[3])
			return makeDate(y, mo, d)
		}
	}
	serial, err := strconv.ParseFloat(v, 64)
	// 1 is 1900-01-01; 73051 is 2099-12-31.
	if err != nil || serial < 1 || serial > 73051 {
		return huoshui.Date{}, false
	}
	t, err := excelize.ExcelDateToTime(serial, date1904)
	if err != nil {
		return huoshui.Date{}, false
	}
	return makeDate(t.Year(), int(t.Month()), t.Day())
}

func makeDate(y, m, d int) (huoshui.Date, bool) {
	if y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31 {
		return huoshui.Date{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Month() != time.Month(m) {
		return huoshui.Date{}, false // 2026-02-30
	}
	return huoshui.NewDate(y, time.Month(m), d), true
}
