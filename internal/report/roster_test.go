package report

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/xuri/excelize/v2"
)

// Valid ID numbers for the tests (region 110101).
const (
	idMale1990   = "110101199003070011" // 1990-03-07, male
	idFemale1992 = "110101199205150028" // 1992-05-15, female
	idMale1995   = "110101199501010038" // 1995-01-01, male
	idFemale1988 = "110101198808080044" // 1988-08-08, female
)

// book builds a workbook whose first sheet holds rows, starting at A1.
func book(t testing.TB, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func parse(t testing.TB, data []byte) *Roster {
	t.Helper()
	ros, err := ParseRoster(bytes.NewReader(data), time.Now(), bothLabels(t)...)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return ros
}

func codes(ps []huoshui.FieldError) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Field+":"+p.Code)
	}
	return strings.Join(s, ",")
}

var header = []any{"姓名", "性别", "出生日期", "身份证号", "人员类别", "递交申请日期", "入党日期", "转正日期", "党小组", "支委职务"}

func TestParseRosterCleanRows(t *testing.T) {
	t.Parallel()
	data := book(t,
		[]any{"秘书处（督查处）党支部党员花名册"}, // a title above the header
		header,
		[]any{"王小明", "男", "1990-03-07", idMale1990, "正式党员", "2010/10/08", "2012.07.01", "20130701", "第一党小组", "组织委员"},
		[]any{}, // an empty row is skipped
		[]any{"  ", ""},
		[]any{"李小红", "女", "", idFemale1992, "预备党员", "2013年3月5日", "2025-07-01", "", "", "无"},
		[]any{"张三", "male", "", "", "applicant", "2024-05-06", "", "", "", ""},
	)
	ros := parse(t, data)
	if len(ros.Problems) > 0 {
		t.Fatalf("file problems: %s", codes(ros.Problems))
	}
	if len(ros.Rows) != 3 {
		t.Fatalf("got %d rows, want 3", len(ros.Rows))
	}
	for _, r := range ros.Rows {
		if len(r.Problems) > 0 {
			t.Errorf("line %d: unexpected problems %s", r.Line, codes(r.Problems))
		}
	}
	a, b, c := ros.Rows[0], ros.Rows[1], ros.Rows[2]
	if a.Line != 3 || b.Line != 6 || c.Line != 7 {
		t.Errorf("lines %d %d %d, want 3 6 7 as Excel shows them", a.Line, b.Line, c.Line)
	}
	if a.Member.Name != "王小明" || a.Member.Gender != huoshui.Male || a.Member.Status != huoshui.StatusFull ||
		!a.Member.AppliedOn.Equal(huoshui.NewDate(2010, 10, 8)) || !a.Member.ProbationOn.Equal(huoshui.NewDate(2012, 7, 1)) ||
		!a.Member.FullOn.Equal(huoshui.NewDate(2013, 7, 1)) || a.GroupName != "第一党小组" ||
		a.Member.CommitteePost != huoshui.PostOrganiser || a.Member.OrgID != 0 {
		t.Errorf("row 1 read as %+v group %q", a.Member, a.GroupName)
	}
	// A missing birth date is read from the ID number.
	if !b.Member.BirthDate.Equal(huoshui.NewDate(1992, 5, 15)) || b.Member.CommitteePost != huoshui.PostNone ||
		!b.Member.AppliedOn.Equal(huoshui.NewDate(2013, 3, 5)) {
		t.Errorf("row 2 read as %+v", b.Member)
	}
	if c.Member.Gender != huoshui.Male || c.Member.Status != huoshui.StatusApplicant {
		t.Errorf("English codes read as %+v", c.Member)
	}
}

func TestParseRosterExcelDates(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Status", "Name", "Admitted on", "Full member since", "Applied on"})
	// Real date cells: excelize writes a time as a serial number with a
	// date format, as Excel does.
	f.SetSheetRow("Sheet1", "A2", &[]any{"Full member", "Wang", time.Date(2012, 7, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2013, 7, 1, 0, 0, 0, 0, time.UTC), 40459}) // 40459 is 2010-10-08, but not formatted as a date
	var buf bytes.Buffer
	f.WriteTo(&buf)
	ros := parse(t, buf.Bytes())
	if len(ros.Rows) != 1 {
		t.Fatalf("rows %d, problems %s", len(ros.Rows), codes(ros.Problems))
	}
	m := ros.Rows[0].Member
	if !m.ProbationOn.Equal(huoshui.NewDate(2012, 7, 1)) || !m.FullOn.Equal(huoshui.NewDate(2013, 7, 1)) {
		t.Errorf("dates read as %s %s", m.ProbationOn, m.FullOn)
	}
	if got := codes(ros.Rows[0].Problems); got != "applied_on:date_format" {
		t.Errorf("a bare number in a date column: problems %s, want applied_on:date_format", got)
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	want := huoshui.NewDate(2026, 11, 24)
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for _, in := range []string{"2026-11-24", "2026/11/24", "2026.11.24", "20261124", "2026年11月24日",
		"2026-11-24 00:00:00", "２０２６－１１－２４", " 2026/11/24 ", "'2026-11-24"} {
		got, code := parseDate(in, "", false, now)
		if code != "" || !got.Equal(want) {
			t.Errorf("parseDate(%q) = %s, %q; want %s", in, got, code, want)
		}
	}
	for in, want := range map[string]string{
		"2026-02-30": CodeDateFormat, "2026-13-01": CodeDateFormat, "24/11/2026": CodeDateFormat, "明年": CodeDateFormat,
		"0": CodeDateFormat, "-5": CodeDateFormat, "1e9": CodeDateFormat, "18991231": CodeDateFormat,
		// A number that is not formatted as a date is not a day counted
		// from 1900: 1995.06 once became 1905-06-17.
		"46350": CodeDateFormat, "1995.06": CodeYearMonth, "1995.6": CodeYearMonth, "1995-06": CodeYearMonth,
		"1995年6月": CodeYearMonth, "199506": CodeYearMonth, "2027-12-01": CodeDateTooLate,
	} {
		if got, code := parseDate(in, "", false, now); code != want {
			t.Errorf("parseDate(%q) = %s, %q; want %q", in, got, code, want)
		}
	}
	if got, code := parseDate("", "", false, now); code != "" || !got.IsZero() {
		t.Errorf("empty cell: %s %q, want the zero date", got, code)
	}
}

func TestParseRosterProblems(t *testing.T) {
	t.Parallel()
	bad := idMale1990[:17] + "5" // wrong check character
	data := book(t,
		[]any{"身份证号", "姓名", "人员类别", "性别", "学历", "入党日期", "转正日期", "支委职务"},
		[]any{bad, "王五", "正式党员", "男", "本科", "2012-07-01", "2013-07-01", ""},
		[]any{idFemale1992, "", "正式党员", "女", "", "2012-07-01", "2013-07-01", ""},
		[]any{idMale1995, "赵六", "党外人士", "", "", "", "", ""},
		[]any{idFemale1988, "钱七", "预备党员", "女", "", "明年七月", "", ""},
		[]any{"3.70102198503120E+17", "孙八", "入党申请人", "男", "", "", "", ""},
		[]any{"", "周九", "", "未知", "大学", "", "", ""},
		[]any{"", "吴十", "预备党员", "", "", "2025-07-01", "", "书记"},
	)
	ros := parse(t, data)
	want := []string{
		"id_number:id_number.checksum",
		"name:required",
		"status:roster.choice.status",
		"probation_on:date_format",
		"id_number:roster.id_number_as_number,applied_on:member.required_by_status.applicant",
		"gender:roster.choice.gender,education:roster.choice.education,status:required",
		"committee_post:member.post_needs_full",
	}
	if len(ros.Rows) != len(want) {
		t.Fatalf("rows %d, want %d", len(ros.Rows), len(want))
	}
	for i, w := range want {
		r := ros.Rows[i]
		if got := codes(r.Problems); got != w {
			t.Errorf("line %d: problems %s, want %s", r.Line, got, w)
		}
	}
	// The value typed is kept for the message.
	if p := ros.Rows[2].Problems[0]; p.Args["Value"] != "党外人士" {
		t.Errorf("choice problem args %v, want the value typed", p.Args)
	}
}

func TestParseRosterDuplicateIDs(t *testing.T) {
	t.Parallel()
	data := book(t,
		[]any{"姓名", "人员类别", "递交申请日期", "身份证号"},
		[]any{"甲", "入党申请人", "2024-01-02", idMale1990},
		[]any{"乙", "入党申请人", "2024-01-02", idFemale1992},
		[]any{"丙", "入党申请人", "2024-01-02", strings.ToLower(idMale1990)},
	)
	ros := parse(t, data)
	a, b, c := ros.Rows[0], ros.Rows[1], ros.Rows[2]
	if codes(a.Problems) != "id_number:roster.duplicate_id_number" || a.Problems[0].Args["Line"] != 4 {
		t.Errorf("line 2 problems %v, want a duplicate naming line 4", a.Problems)
	}
	if codes(c.Problems) != "id_number:roster.duplicate_id_number" || c.Problems[0].Args["Line"] != 2 {
		t.Errorf("line 4 problems %v, want a duplicate naming line 2", c.Problems)
	}
	if len(b.Problems) != 0 {
		t.Errorf("line 3 problems %v, want none", b.Problems)
	}
}

func TestParseRosterFileProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"no header", book(t, []any{"甲", "乙"}, []any{"1", "2"}), "file:roster.no_header"},
		{"no status column", book(t, []any{"姓名", "性别"}, []any{"王五", "男"}), "file:roster.no_status_column"},
		{"no name column", book(t, []any{"性别", "人员类别"}, []any{"男", "正式党员"}), "file:roster.no_name_column"},
		{"header only", book(t, header), "file:roster.empty"},
		{"empty workbook", book(t), "file:roster.no_header"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ros := parse(t, tc.data)
			if got := codes(ros.Problems); got != tc.want || len(ros.Rows) != 0 {
				t.Errorf("problems %s rows %d, want %s and no rows", got, len(ros.Rows), tc.want)
			}
		})
	}
}

func zipOf(t testing.TB, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	zw.Close()
	return buf.Bytes()
}

func TestParseRosterRefusesOtherFiles(t *testing.T) {
	t.Parallel()
	good := book(t, header)
	for _, tc := range []struct {
		name   string
		data   []byte
		legacy bool
	}{
		{"empty", nil, false},
		{"prose", []byte("这不是一张表格。\n只是一段话。\n"), false}, // a .csv file is read: TestParseRosterCSV
		{"binary", []byte("姓名,人员类别\n\x00\x01\x02"), false},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"), false},
		{"docx-like zip", zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}), false},
		{"plain zip", zipOf(t, map[string]string{"a.txt": "hello"}), false},
		{"xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...), true},
		{"truncated xlsx", good[:len(good)/2], false},
		{"broken workbook", zipOf(t, map[string]string{"[Content_Types].xml": "<", "xl/workbook.xml": "<workbook"}), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ros, err := ParseRoster(bytes.NewReader(tc.data), time.Now(), bothLabels(t)...)
			if !errors.Is(err, ErrNotSpreadsheet) {
				t.Fatalf("got %v, %v; want ErrNotSpreadsheet", ros, err)
			}
			if errors.Is(err, ErrLegacyExcel) != tc.legacy {
				t.Errorf("legacy: %v, want %v", errors.Is(err, ErrLegacyExcel), tc.legacy)
			}
		})
	}
}

func TestParseRosterRowCap(t *testing.T) {
	t.Parallel()
	build := func(n int) []byte {
		f := excelize.NewFile()
		defer f.Close()
		sw, _ := f.NewStreamWriter("Sheet1")
		sw.SetRow("A1", []any{"姓名", "人员类别", "递交申请日期"})
		for i := 0; i < n; i++ {
			sw.SetRow(fmt.Sprintf("A%d", i+2), []any{fmt.Sprintf("人%d", i), "入党申请人", "2024-01-02"})
		}
		sw.Flush()
		var buf bytes.Buffer
		f.WriteTo(&buf)
		return buf.Bytes()
	}
	ros := parse(t, build(MaxRosterRows))
	if len(ros.Rows) != MaxRosterRows {
		t.Errorf("at the cap: %d rows, want %d", len(ros.Rows), MaxRosterRows)
	}
	if _, err := ParseRoster(bytes.NewReader(build(MaxRosterRows+1)), time.Now(), bothLabels(t)...); !errors.Is(err, ErrTooManyRows) {
		t.Errorf("over the cap: %v, want ErrTooManyRows", err)
	}
}

func TestRosterTemplate(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			tl := testLabels(t, lang)
			var buf bytes.Buffer
			if err := WriteRosterTemplate(&buf, tl); err != nil {
				t.Fatal(err)
			}
			// The example row is not data: the template reads as empty.
			ros := parse(t, buf.Bytes())
			if codes(ros.Problems) != "file:roster.empty" {
				t.Errorf("template reads with problems %s, want only roster.empty", codes(ros.Problems))
			}
			f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			roster, help := sheetNames(tl)
			if got := f.GetSheetList(); len(got) != 2 || got[0] != roster || got[1] != help {
				t.Errorf("sheets %v, want %s and %s", got, roster, help)
			}
			if v, _ := f.GetCellValue(roster, "A1"); v != RosterColumns[0].Header(tl) {
				t.Errorf("A1 = %q", v)
			}
			if v, _ := f.GetCellValue(roster, "A2"); !isExample(v) {
				t.Errorf("example row name %q does not mark itself as an example", v)
			}
			dvs, err := f.GetDataValidations(roster)
			if err != nil || len(dvs) != 4 {
				t.Errorf("data validations %d (%v), want 4 lists: gender, education, status, committee post", len(dvs), err)
			}
			panes, err := f.GetPanes(roster)
			if err != nil || !panes.Freeze || panes.YSplit != 1 {
				t.Errorf("panes %+v (%v), want the header frozen", panes, err)
			}
			// Every allowed value is spelled out on the instructions sheet.
			rows, _ := f.GetRows(help)
			var all strings.Builder
			for _, r := range rows {
				all.WriteString(strings.Join(r, " "))
			}
			status := RosterColumns[indexOf("status")]
			for _, c := range statusChoices {
				if !strings.Contains(all.String(), status.label(tl, c.code)) {
					t.Errorf("instructions do not list %q", status.label(tl, c.code))
				}
			}
		})
	}
}

func TestRosterExportReadsBack(t *testing.T) {
	t.Parallel()
	m := &huoshui.Member{Name: "王小明", Gender: huoshui.Male, Ethnicity: "回族", BirthDate: huoshui.NewDate(1990, 3, 7),
		Education: "master", IDNumber: idMale1990, Phone: "13712345678", Workplace: "省政协办公厅", Post: "科员",
		Status: huoshui.StatusFull, AppliedOn: huoshui.NewDate(2010, 10, 8), ProbationOn: huoshui.NewDate(2012, 7, 1),
		FullOn: huoshui.NewDate(2013, 7, 1), CommitteePost: huoshui.PostDeputy, OrgName: "综合处党支部", GroupName: "第一党小组"}
	n := &huoshui.Member{Name: "李小红", Status: huoshui.StatusApplicant, AppliedOn: huoshui.NewDate(2024, 5, 6)}
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			tl := testLabels(t, lang)
			var buf bytes.Buffer
			// A title row above the header, as the member list's export
			// writes it, is read past.
			if err := WriteRoster(&buf, tl, RosterOptions{Title: "综合处党支部 花名册（2026-01-05 导出）"}, []*huoshui.Member{m, n}); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			sheet, _ := sheetNames(tl)
			head, _ := f.GetRows(sheet)
			f.Close()
			if len(head) != 4 || head[1][indexOf("org")] != RosterColumns[indexOf("org")].Header(tl) ||
				head[2][indexOf("org")] != "综合处党支部" {
				t.Fatalf("export rows %v", head)
			}
			ros := parse(t, buf.Bytes())
			if len(ros.Rows) != 2 {
				t.Fatalf("read back %d rows, problems %s", len(ros.Rows), codes(ros.Problems))
			}
			got := ros.Rows[0]
			if len(got.Problems) > 0 {
				t.Errorf("problems %s", codes(got.Problems))
			}
			g := got.Member
			if g.Name != m.Name || g.Gender != m.Gender || g.Ethnicity != m.Ethnicity || !g.BirthDate.Equal(m.BirthDate) ||
				g.Education != m.Education || g.IDNumber != m.IDNumber || g.Phone != m.Phone || g.Workplace != m.Workplace ||
				g.Post != m.Post || g.Status != m.Status || !g.AppliedOn.Equal(m.AppliedOn) ||
				!g.ProbationOn.Equal(m.ProbationOn) || !g.FullOn.Equal(m.FullOn) || g.CommitteePost != m.CommitteePost ||
				got.GroupName != m.GroupName {
				t.Errorf("read back %+v group %q, want %+v", g, got.GroupName, m)
			}
			if r := ros.Rows[1]; r.Member.Name != n.Name || len(r.Problems) > 0 {
				t.Errorf("second row %+v problems %s", r.Member, codes(r.Problems))
			}
		})
	}
}

// A cell larger than Excel allows, or a workbook that unpacks to more than
// a roster can need, is refused before any of it is held in memory; so is
// a sheet that runs far below the data.
func TestParseRosterZipBombs(t *testing.T) {
	t.Parallel()
	sheet := func(cell string, lastRow int) string {
		s := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			`<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>人员类别</t></is></c></row>` +
			`<row r="2"><c r="A2" t="inlineStr"><is><t>` + cell + `</t></is></c><c r="B2" t="inlineStr"><is><t>入党申请人</t></is></c></row>`
		if lastRow > 0 {
			s += fmt.Sprintf(`<row r="%d"><c r="C%d" t="inlineStr"><is><t>x</t></is></c></row>`, lastRow, lastRow)
		}
		return s + `</sheetData></worksheet>`
	}
	workbook := func(sheetXML string) []byte {
		return zipOf(t, map[string]string{
			"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
			"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
			"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
			"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
			"xl/worksheets/sheet1.xml":   sheetXML,
		})
	}
	// The same workbook with a small cell reads.
	if ros := parse(t, workbook(sheet("王芳", 0))); len(ros.Rows) != 1 {
		t.Fatalf("small workbook: %d rows, problems %s", len(ros.Rows), codes(ros.Problems))
	}
	for name, data := range map[string][]byte{
		"one cell of 1 MB":      workbook(sheet(strings.Repeat("A", 1<<20), 0)),
		"a sheet of 65 MB":      workbook(sheet(strings.Repeat("<b/>", 65<<18), 0)),
		"a cell far below":      workbook(sheet("王芳", 4*MaxRosterRows+10)),
		"a cell of 300 KB in 一": workbook(sheet(strings.Repeat("一", 100<<10), 0)),
	} {
		_, err := ParseRoster(bytes.NewReader(data), time.Now(), bothLabels(t)...)
		want := ErrUnpacksTooLarge
		if strings.HasPrefix(name, "a cell far") {
			want = ErrTooManyRows
		}
		if !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", name, err, want)
		}
	}
}

// 1995.06 typed into a cell is kept by Excel as the number 1995.06; it was
// read as day 1995 after 1900 (1905-06-17). A year and month is asked to
// be completed, a number not formatted as a date is refused, and a date
// cell is still read in any of its formats.
func TestParseRosterYearMonthAndSerials(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"姓名", "人员类别", "出生日期", "递交申请日期", "入党日期", "转正日期"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"王芳", "正式党员", 1990.03, "2010年5月", 40459, 2013.07})
	f.SetSheetRow("Sheet1", "A3", &[]any{"李军", "正式党员", 32874, 40459, 41091, 41456})
	short, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	cn, _ := f.NewStyle(&excelize.Style{NumFmt: 31})
	us, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("m/d/yy")})
	f.SetCellStyle("Sheet1", "C3", "D3", short)
	f.SetCellStyle("Sheet1", "E3", "E3", cn)
	f.SetCellStyle("Sheet1", "F3", "F3", us)
	var buf bytes.Buffer
	f.WriteTo(&buf)
	ros := parse(t, buf.Bytes())
	if len(ros.Rows) != 2 {
		t.Fatalf("rows %d, problems %s", len(ros.Rows), codes(ros.Problems))
	}
	want := "birth_date:date.year_month,applied_on:date.year_month,probation_on:date_format,full_on:date.year_month"
	if got := codes(ros.Rows[0].Problems); got != want {
		t.Errorf("numbers in date columns: problems %s, want %s", got, want)
	}
	m := ros.Rows[1].Member
	if got := codes(ros.Rows[1].Problems); got != "" {
		t.Errorf("date cells: problems %s", got)
	}
	if m.BirthDate != huoshui.NewDate(1990, 1, 1) || m.AppliedOn != huoshui.NewDate(2010, 10, 8) ||
		m.ProbationOn != huoshui.NewDate(2012, 7, 1) || m.FullOn != huoshui.NewDate(2013, 7, 1) {
		t.Errorf("date cells read as %s %s %s %s", m.BirthDate, m.AppliedOn, m.ProbationOn, m.FullOn)
	}
}

func ptr(s string) *string { return &s }

// bombBook is a workbook whose workbook.xml lists sheets sheets, all of
// them the one part sheetXML (Excel never writes that; a hostile file
// may), with extra entries added to the zip.
func bombBook(t *testing.T, sheets int, sheetXML string, extra map[string]string) []byte {
	var list strings.Builder
	for i := 1; i <= sheets; i++ {
		fmt.Fprintf(&list, `<sheet name="S%d" sheetId="%d" r:id="rId1"/>`, i, i)
	}
	files := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` + list.String() + `</sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   sheetXML,
	}
	for k, v := range extra {
		files[k] = v
	}
	return zipOf(t, files)
}

// A 30 KB workbook listed 20,000 sheets, all one part of 30 wide rows
// with no header: each sheet was searched for its header again, and one
// upload held a core for hours (a 10-sheet file took over 15 s). Now the
// search for the header has a budget of cells across every sheet.
func TestParseRosterManySheetsOfOnePart(t *testing.T) {
	var rows strings.Builder
	for r := 1; r <= 30; r++ {
		fmt.Fprintf(&rows, `<row r="%d">%s</row>`, r, strings.Repeat(`<c t="inlineStr"><is><t>x</t></is></c>`, 16000))
	}
	data := bombBook(t, 200, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+
		rows.String()+`</sheetData></worksheet>`, nil)
	t.Logf("%d KB", len(data)>>10)
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		ros, err := ParseRoster(bytes.NewReader(data), time.Now(), bothLabels(t)...)
		if err == nil && (len(ros.Rows) > 0 || len(ros.Problems) == 0) {
			err = fmt.Errorf("read as a roster: %d rows, problems %s", len(ros.Rows), codes(ros.Problems))
		}
		if errors.Is(err, ErrUnpacksTooLarge) {
			err = nil
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("still reading after %v", time.Since(start))
	}
}

// A workbook of 60,000 empty zip entries (6 MB) took 170 MB to open; a
// roster has a few dozen entries.
func TestParseRosterThousandsOfEntries(t *testing.T) {
	extra := map[string]string{}
	for i := range 20000 {
		extra[fmt.Sprintf("junk/%d.xml", i)] = ""
	}
	data := bombBook(t, 1, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>`, extra)
	if _, err := ParseRoster(bytes.NewReader(data), time.Now(), bothLabels(t)...); !errors.Is(err, ErrUnpacksTooLarge) {
		t.Fatalf("20,000 entries: %v, want ErrUnpacksTooLarge", err)
	}
}

// A 10 KB workbook whose one cell nests three million elements took
// 300 MB of heap and 1.5 s to read (ten such uploads at once, 3 GB). No
// sheet of a roster nests deeper than a few elements; a deeper one is
// refused before it is parsed.
func TestParseRosterDeeplyNestedXML(t *testing.T) {
	sheetXML := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="inlineStr"><is>` + strings.Repeat("<r>", 3_000_000) + `</is></c></row></sheetData></worksheet>`
	data := bombBook(t, 1, sheetXML, nil)
	t.Logf("%d KB", len(data)>>10)
	start := time.Now()
	if _, err := ParseRoster(bytes.NewReader(data), time.Now(), bothLabels(t)...); !errors.Is(err, ErrUnpacksTooLarge) {
		t.Fatalf("3,000,000 nested elements: %v, want ErrUnpacksTooLarge", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("refused after %v", d)
	}
	// A sheet with self-closing, declared and commented elements reads.
	ok := `<?xml version="1.0" encoding="UTF-8"?><!-- a comment --><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetPr/><sheetData>` +
		strings.Repeat(`<row r="9"><c r="D9" s="1"/><c r="E9"><v>1</v></c></row>`, 200) +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>人员类别</t></is></c></row>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><r><rPr><b/></rPr><t>王芳</t></r></is></c><c r="B2" t="inlineStr"><is><t>入党申请人</t></is></c></row>` +
		`</sheetData></worksheet>`
	if _, err := ParseRoster(bytes.NewReader(bombBook(t, 1, ok, nil)), time.Now(), bothLabels(t)...); err != nil {
		t.Fatalf("a plain sheet: %v", err)
	}
}

// A 137 KB workbook of 4,000 rows that each hold 1,500 empty styled cells
// (57 MB of XML, under the unpacked cap) kept a core busy for 12 s and
// allocated 5.5 GB. A roster has at most MaxRosterRows rows of a few dozen
// columns; a workbook of more than maxCells cells is refused unread.
func TestParseRosterMillionsOfCells(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	sb.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>人员类别</t></is></c></row>`)
	for r := 2; r <= 4000; r++ {
		fmt.Fprintf(&sb, `<row r="%d"><c t="inlineStr"><is><t>王芳</t></is></c><c t="inlineStr"><is><t>入党申请人</t></is></c>%s</row>`, r, strings.Repeat(`<c s="1"/>`, 1500))
	}
	sb.WriteString(`</sheetData></worksheet>`)
	data := bombBook(t, 1, sb.String(), nil)
	start := time.Now()
	if _, err := ParseRoster(bytes.NewReader(data), time.Now(), bothLabels(t)...); !errors.Is(err, ErrUnpacksTooLarge) {
		t.Fatalf("6,000,000 cells: %v, want ErrUnpacksTooLarge", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("refused after %v", d)
	}
}
