package report

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// The sheets branches really keep, as LibreOffice Calc writes them
// (testdata/, made by testdata/mkfixtures).

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// names lists the people read, with their lines.
func names(ros *Roster) []string {
	var out []string
	for _, r := range ros.Rows {
		out = append(out, r.Member.Name)
	}
	return out
}

func TestParseRosterRealWorldSheets(t *testing.T) {
	t.Parallel()
	footerPeople := []string{"王小明", "李小红", "张三"}
	for _, tc := range []struct {
		file    string
		people  []string
		lines   []int
		footers []int
		hidden  []int
	}{
		// 填表人/审核人/填报日期 below the table, then a note of two
		// lines under 序号 (no column of the roster): no person.
		{"lo_footer.xlsx", footerPeople, []int{3, 4, 5}, []int{7}, nil},
		{"lo_roster_utf8.csv", footerPeople, []int{3, 4, 5}, []int{7}, nil},
		{"lo_roster_utf8bom.csv", footerPeople, []int{3, 4, 5}, []int{7}, nil},
		{"lo_roster_gbk.csv", footerPeople, []int{3, 4, 5}, []int{7}, nil},
		// 发展时间 merged over four dates, the other headings merged
		// down over two rows.
		{"lo_two_row_header.xlsx", []string{"王小明", "李小红", "陈一"}, []int{4, 5, 6}, nil, nil},
		// Line 4 is hidden: read, and marked.
		{"lo_hidden.xlsx", []string{"王小明", "李小红", "陈一", "周二"}, []int{2, 3, 4, 5}, nil, []int{4}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			ros := parse(t, fixture(t, tc.file))
			if len(ros.Problems) > 0 {
				t.Fatalf("file problems: %s", codes(ros.Problems))
			}
			if got := strings.Join(names(ros), " "); got != strings.Join(tc.people, " ") {
				t.Fatalf("read %q, want %q", got, strings.Join(tc.people, " "))
			}
			var hidden []int
			for i, r := range ros.Rows {
				if r.Line != tc.lines[i] {
					t.Errorf("%s on line %d, want %d", r.Member.Name, r.Line, tc.lines[i])
				}
				if r.Hidden {
					hidden = append(hidden, r.Line)
				}
			}
			if !equalInts(ros.Footers, tc.footers) {
				t.Errorf("footers on lines %v, want %v", ros.Footers, tc.footers)
			}
			if !equalInts(hidden, tc.hidden) {
				t.Errorf("hidden lines %v, want %v", hidden, tc.hidden)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Every date under a two-row header lands in its column: none is dropped
// (as they were, and every row then lacked them).
func TestParseRosterTwoRowHeaderDates(t *testing.T) {
	t.Parallel()
	ros := parse(t, fixture(t, "lo_two_row_header.xlsx"))
	if len(ros.Rows) != 3 {
		t.Fatalf("rows %d, problems %s", len(ros.Rows), codes(ros.Problems))
	}
	for _, r := range ros.Rows {
		if len(r.Problems) > 0 {
			t.Errorf("line %d (%s): problems %s", r.Line, r.Member.Name, codes(r.Problems))
		}
	}
	a, b, c := ros.Rows[0].Member, ros.Rows[1].Member, ros.Rows[2].Member
	for _, d := range []struct {
		got, want huoshui.Date
	}{
		{a.AppliedOn, huoshui.NewDate(2010, 10, 8)}, {a.ActivistOn, huoshui.NewDate(2011, 4, 1)},
		{a.ProbationOn, huoshui.NewDate(2012, 7, 1)}, {a.FullOn, huoshui.NewDate(2013, 7, 1)},
		{b.AppliedOn, huoshui.NewDate(2023, 3, 5)}, {b.ProbationOn, huoshui.NewDate(2025, 7, 1)},
		{c.ActivistOn, huoshui.NewDate(2025, 9, 1)},
	} {
		if !d.got.Equal(d.want) {
			t.Errorf("date read as %s, want %s", d.got, d.want)
		}
	}
	if ros.Rows[1].GroupName != "第二党小组" {
		t.Errorf("the column after the group: %q", ros.Rows[1].GroupName)
	}
}

// Shapes built here: footers in the forms people write them, and a
// two-row header whose labels cannot be read, refused with what to
// change.
func TestParseRosterShapes(t *testing.T) {
	t.Parallel()
	head := []any{"姓名", "人员类别", "递交申请日期"}
	person := []any{"王五", "入党申请人", "2025-01-02"}
	for _, tc := range []struct {
		name    string
		rows    [][]any
		people  string
		problem string
		args    map[string]any
	}{
		{"footer label then name in the next cell", [][]any{head, person, {"审核人", "李四"}}, "王五", "", nil},
		{"footer with a colon further right", [][]any{head, person, {"", "", "制表人: 张三"}}, "王五", "", nil},
		{"total", [][]any{head, person, {"合计：1人"}}, "王五", "", nil},
		{"seal", [][]any{head, person, {"单位（盖章）："}}, "王五", "", nil},
		{"a post called 负责人 is a person", [][]any{{"姓名", "人员类别", "递交申请日期", "职务"}, {"王五", "入党申请人", "2025-01-02", "负责人"}}, "王五", "", nil},
		{"a note of lines after the footer", [][]any{head, person, {"填表人：张三"}, {"1. 请核对。"}, {"2. 请盖章。"}}, "王五", "", nil},
		{"a person after the footer", [][]any{head, person, {"填表人：张三"}, {"李四", "入党申请人", "2025-01-03"}}, "王五 李四", "", nil},
		{"two-row header with labels not known", [][]any{
			{"姓名", "人员类别", "发展时间", "", ""},
			{"", "", "申请", "第一次", "第二次"},
			person}, "", CodeSubHeader, map[string]any{"Line": 2, "Group": "发展时间", "Label": "第一次"}},
		{"two-row header in plain cells", [][]any{
			{"姓名", "人员类别", "发展时间"},
			{"", "", "申请入党"},
			person}, "王五", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ros := parse(t, book(t, tc.rows...))
			if tc.problem != "" {
				if len(ros.Problems) != 1 || ros.Problems[0].Code != tc.problem {
					t.Fatalf("problems %s, want %s", codes(ros.Problems), tc.problem)
				}
				for k, v := range tc.args {
					if ros.Problems[0].Args[k] != v {
						t.Errorf("%s = %v, want %v", k, ros.Problems[0].Args[k], v)
					}
				}
				return
			}
			if len(ros.Problems) > 0 {
				t.Fatalf("file problems %s", codes(ros.Problems))
			}
			if got := strings.Join(names(ros), " "); got != tc.people {
				t.Errorf("people %q, want %q", got, tc.people)
			}
			for _, r := range ros.Rows {
				if r.Member.Name == "王五" && !r.Member.AppliedOn.Equal(huoshui.NewDate(2025, 1, 2)) {
					t.Errorf("王五 applied on %s", r.Member.AppliedOn)
				}
			}
		})
	}
}

// A CSV file is read in the encodings it comes in, with any separator a
// spreadsheet writes; its empty lines count, as a spreadsheet shows them.
func TestParseRosterCSV(t *testing.T) {
	t.Parallel()
	text := "姓名,身份证号,人员类别,递交申请日期\r\n\r\n王五,110101199003070011,入党申请人,2025/1/2\r\n\"李\n四\",,入党申请人,2025-01-03\r\n赵六,,入党申请人,2025-01-04\r\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range strings.ReplaceAll(text, ",", "\t") {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	for name, data := range map[string][]byte{
		"utf-8":          []byte(text),
		"utf-8 with bom": append([]byte("\xEF\xBB\xBF"), text...),
		"gbk":            []byte(gbk),
		"utf-16 tabs":    utf16,
		"semicolons":     []byte(strings.ReplaceAll(text, ",", ";")),
	} {
		t.Run(name, func(t *testing.T) {
			ros := parse(t, data)
			if len(ros.Problems) > 0 || len(ros.Rows) != 3 {
				t.Fatalf("rows %d, problems %s", len(ros.Rows), codes(ros.Problems))
			}
			a := ros.Rows[0]
			if a.Member.Name != "王五" || a.Member.IDNumber != "110101199003070011" || !a.Member.AppliedOn.Equal(huoshui.NewDate(2025, 1, 2)) || len(a.Problems) > 0 {
				t.Errorf("first row %+v problems %s", a.Member, codes(a.Problems))
			}
			if got := []int{a.Line, ros.Rows[1].Line, ros.Rows[2].Line}; !equalInts(got, []int{3, 4, 5}) {
				t.Errorf("lines %v, want 3 4 5", got)
			}
		})
	}
}

// An .ods file is refused by name, so the message can say to save it as
// .xlsx or .csv.
func TestParseRosterRefusesODS(t *testing.T) {
	t.Parallel()
	_, err := ParseRoster(bytes.NewReader(fixture(t, "lo_footer.ods")), time.Now(), bothLabels(t)...)
	if !errors.Is(err, ErrODS) || !errors.Is(err, ErrNotSpreadsheet) {
		t.Errorf("got %v, want ErrODS", err)
	}
	// The other imports share the reader.
	if _, err := ParseBooks(bytes.NewReader(fixture(t, "lo_footer.ods"))); !errors.Is(err, ErrODS) {
		t.Errorf("books: got %v, want ErrODS", err)
	}
	if sh, err := ParseBooks(strings.NewReader("ISBN,书名\n9787010000000,党章\n")); err != nil || len(sh.Rows) != 1 {
		t.Errorf("books from CSV: %v, %v", sh, err)
	}
}
