package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/huoshui/huoshui"
)

// meetingLabels reads the messages the meeting outputs use in lang, from
// the interface's catalogue as the web layer would pass them: the
// meeting report's own file and the shared report file (its list
// separator). An id with no message fails the test.
func meetingLabels(t testing.TB, lang string) Labels {
	t.Helper()
	m := map[string]string{}
	for _, f := range []string{"report", "meeting_report"} {
		var part map[string]string
		if _, err := toml.DecodeFile(filepath.Join("..", "web", "locales", f+"."+lang+".toml"), &part); err != nil {
			t.Fatalf("read labels: %v", err)
		}
		for k, v := range part {
			m[k] = v
		}
	}
	return func(id string) string {
		s, ok := m[id]
		if !ok {
			t.Errorf("no message %q in %s", id, lang)
			return id
		}
		return s
	}
}

func shanghai(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, huoshui.Shanghai)
}

// fullRecord is a theme day that also counted as the quarter's general
// meeting, entered late, with every part of a ledger page filled.
func fullRecord() MeetingRecord {
	return MeetingRecord{
		Org:          "秘书处党支部",
		Type:         "主题党日",
		AlsoCounts:   []string{"支部党员大会", "党课"},
		Title:        "十一月主题党日暨第四季度党员大会",
		StartsAt:     shanghai(2026, 11, 24, 14, 30).UTC(),
		EndsAt:       shanghai(2026, 11, 24, 16, 0).UTC(),
		Place:        "机关三楼党员活动室",
		Host:         "李书记",
		Recorder:     "赵组织委员",
		Present:      []string{"张三", "李四"},
		Leave:        []string{"王五", "钱六"},
		LeaveReasons: []string{"出差", ""},
		Absent:       []string{"孙七"},
		Invited:      5,
		Quorum:       "应到 5 人，有表决权 4 人，实到 2 人，未达到规定人数",
		Agenda:       []string{"学习党的二十届四中全会精神", " ", "讨论年度评议安排"},
		Minutes:      "李书记传达了会议精神。\n\n张三发言：要学深悟透。\r\n李四发言：结合工作抓落实。",
		Resolutions:  []string{"同意年度评议安排"},
		Unquorate:    true,
		FollowUps:    []FollowUpLine{{Text: "整理学习笔记", Owner: "张三", Due: huoshui.NewDate(2026, 12, 31)}},
		Visits:       []string{"走进党性教育基地"},
		Gains:        []string{"提升党性修养"},
		Topics:       []string{"党性教育", "廉政建设"},
		LateEntry:    true,
		EnteredAt:    shanghai(2026, 11, 30, 9, 15).UTC(),
	}
}

// docxParagraphs unpacks a .docx and returns the text of each paragraph
// of word/document.xml in order (a table cell is a paragraph), failing
// the test unless every XML part is well-formed and the parts Word needs
// are there.
func docxParagraphs(t *testing.T, b []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = data
		if err := wellFormed(data); err != nil {
			t.Errorf("%s is not well-formed XML: %v", f.Name, err)
		}
	}
	for _, need := range []string{"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml", "word/styles.xml"} {
		if parts[need] == nil {
			t.Errorf("the package has no %s", need)
		}
	}
	// Every part named by a relationship or an override exists.
	for _, rel := range []struct{ part, base string }{{"_rels/.rels", ""}, {"word/_rels/document.xml.rels", "word/"}} {
		for _, target := range attrValues(t, parts[rel.part], "Target") {
			if parts[rel.base+target] == nil {
				t.Errorf("%s points at %s, which is not in the package", rel.part, rel.base+target)
			}
		}
	}
	for _, name := range attrValues(t, parts["[Content_Types].xml"], "PartName") {
		if parts[strings.TrimPrefix(name, "/")] == nil {
			t.Errorf("[Content_Types].xml names %s, which is not in the package", name)
		}
	}
	var paras []string
	var cur strings.Builder
	inText, inRun := false, false
	d := xml.NewDecoder(bytes.NewReader(parts["word/document.xml"]))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("word/document.xml: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			inText = x.Name.Local == "t"
			if x.Name.Local == "r" {
				inRun = true
			}
			if x.Name.Local == "tab" && inRun {
				cur.WriteString("\t")
			}
		case xml.EndElement:
			inText = false
			if x.Name.Local == "r" {
				inRun = false
			}
			if x.Name.Local == "p" {
				paras = append(paras, cur.String())
				cur.Reset()
			}
		case xml.CharData:
			if inText {
				cur.Write(x)
			}
		}
	}
	return paras
}

func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// attrValues lists the values of every attribute called name in b.
func attrValues(t *testing.T, b []byte, name string) []string {
	t.Helper()
	var out []string
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				if a.Name.Local == name {
					out = append(out, a.Value)
				}
			}
		}
	}
}

// wantInOrder checks that each of want is (part of) a paragraph, each
// after the one before.
func wantInOrder(t *testing.T, paras []string, want []string) {
	t.Helper()
	i := 0
	for _, w := range want {
		found := false
		for ; i < len(paras); i++ {
			if strings.Contains(paras[i], w) {
				found = true
				break
			}
		}
		if !found {
			var short []string
			for _, p := range paras {
				if r := []rune(p); len(r) > 60 {
					p = string(r[:60]) + "…"
				}
				short = append(short, p)
			}
			t.Errorf("%q is missing or out of order in\n%s", w, strings.Join(short, "\n"))
			return
		}
	}
}

func writeDocx(t *testing.T, r MeetingRecord, l Labels) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteMeetingDocx(&buf, r, l); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMeetingDocxShowsEveryFieldInOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang string
		want []string
	}{
		{"zh", []string{
			"秘书处党支部会议记录",
			"补录（录入时间：2026年11月30日 09:15）",
			"会议名称", "十一月主题党日暨第四季度党员大会",
			"会议类型", "主题党日（同时计为：支部党员大会、党课）",
			"四走进", "走进党性教育基地",
			"四提升", "提升党性修养",
			"工作主题", "党性教育、廉政建设",
			"会议时间", "2026年11月24日 14:30—16:00",
			"会议地点", "机关三楼党员活动室",
			"主持人", "李书记",
			"记录人", "赵组织委员",
			"应到人员", "5 人",
			"实到人员", "2 人：张三、李四",
			"请假人员", "2 人：王五（出差）、钱六",
			"缺席人员", "1 人：孙七",
			"到会人数", "应到 5 人，有表决权 4 人，实到 2 人，未达到规定人数",
			"会议议题", "1. 学习党的二十届四中全会精神", "2. 讨论年度评议安排",
			"会议内容（记录）", "李书记传达了会议精神。", "张三发言：要学深悟透。", "李四发言：结合工作抓落实。",
			"决议事项", "未能形成有效决议", "1. 同意年度评议安排（未达到规定人数，未形成有效决议）",
			"后续工作", "工作事项", "责任人", "完成时限", "1. 整理学习笔记", "张三", "2026年12月31日",
			"主持人（签字）：\t记录人（签字）：",
		}},
		{"en", []string{
			"秘书处党支部 — Minutes of Meeting",
			"Entered after the meeting (entered: 30 November 2026 09:15)",
			"Meeting", "Type", "主题党日 (also counts as: 支部党员大会, 党课)",
			"Time", "24 November 2026 14:30–16:00",
			"Present", "2: 张三, 李四",
			"On leave", "2: 王五 (出差), 钱六",
			"Agenda", "Proceedings", "Resolutions", "no quorum",
			"Follow-up", "Owner", "31 December 2026",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			t.Parallel()
			paras := docxParagraphs(t, writeDocx(t, fullRecord(), meetingLabels(t, tt.lang)))
			wantInOrder(t, paras, tt.want)
		})
	}
}

func TestMeetingDocxPlainMeeting(t *testing.T) {
	t.Parallel()
	l := meetingLabels(t, "zh")
	r := MeetingRecord{
		Org: "综合处党支部", Type: "党课", Title: "书记讲党课",
		StartsAt: shanghai(2026, 3, 31, 23, 0), EndsAt: shanghai(2026, 4, 1, 1, 0),
		Present: []string{"甲"},
	}
	paras := docxParagraphs(t, writeDocx(t, r, l))
	text := strings.Join(paras, "\n")
	for _, absent := range []string{"补录", "同时计为", "四走进", "四提升", "工作主题", "到会人数", "未形成有效决议", "工作事项"} {
		if strings.Contains(text, absent) {
			t.Errorf("a plain lecture entered on time shows %q:\n%s", absent, text)
		}
	}
	// A meeting past midnight shows the day it ended; empty sections say 无.
	wantInOrder(t, paras, []string{"2026年3月31日 23:00—2026年4月1日 01:00", "应到人员", "1 人",
		"会议议题", "无", "会议内容（记录）", "无", "决议事项", "无", "后续工作", "无"})
}

// Resolutions are marked only at a meeting without its quorum, and a
// meeting without quorum that decided nothing has no warning.
func TestMeetingDocxUnquorateMark(t *testing.T) {
	t.Parallel()
	l := meetingLabels(t, "zh")
	tests := []struct {
		name        string
		resolutions []string
		unquorate   bool
		wantMarked  bool
	}{
		{"quorate", []string{"同意"}, false, false},
		{"unquorate", []string{"同意"}, true, true},
		{"unquorate, nothing decided", nil, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := fullRecord()
			r.Resolutions, r.Unquorate = tt.resolutions, tt.unquorate
			text := strings.Join(docxParagraphs(t, writeDocx(t, r, l)), "\n")
			if got := strings.Contains(text, "未形成有效决议"); got != tt.wantMarked {
				t.Errorf("marked = %v, want %v:\n%s", got, tt.wantMarked, text)
			}
		})
	}
}

// Whatever people typed goes into the document as text: markup
// characters, quotes, control characters, emoji and very long minutes.
func TestMeetingDocxHostileText(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("党", 9_999) + "末"
	r := fullRecord()
	r.Org = `<支部 & "一" 's>`
	r.Title = "]]><w:p>注入</w:p><!--"
	r.Place = "会议室\x00\x01\x1b[31m\x7f\u0085\uFFFE"
	r.Host = "张三 👩‍💼 🇨🇳"
	r.Present = []string{"a&amp;b", "x\ty\nz", "bad\xffbyte"}
	r.Minutes = long + "\n\n<script>alert(1)</script>"
	r.Agenda = []string{"&lt;不是实体&gt;"}
	paras := docxParagraphs(t, writeDocx(t, r, meetingLabels(t, "zh")))
	wantInOrder(t, paras, []string{
		`<支部 & "一" 's>会议记录`,
		"]]><w:p>注入</w:p><!--",
		"会议室[31m",
		"张三 👩‍💼 🇨🇳",
		"a&amp;b、x y z、bad\uFFFDbyte",
		"1. &lt;不是实体&gt;",
		long,
		"<script>alert(1)</script>",
	})
	for _, p := range paras {
		if strings.ContainsFunc(p, func(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f || r == 0x85 || r == 0xFFFE }) {
			t.Errorf("a control character reached the document: %q", p)
		}
	}
}

func TestMissingForRecord(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*MeetingRecord)
		want   []string
	}{
		{"complete", func(*MeetingRecord) {}, nil},
		{"no resolutions is fine", func(r *MeetingRecord) { r.Resolutions = nil }, nil},
		{"empty", func(r *MeetingRecord) { *r = MeetingRecord{} }, RecordFields},
		{"no end", func(r *MeetingRecord) { r.EndsAt = time.Time{} }, []string{"time"}},
		{"blank place and host", func(r *MeetingRecord) { r.Place, r.Host = " ", "" }, []string{"place", "host"}},
		{"only absentees recorded", func(r *MeetingRecord) { r.Present, r.Leave = nil, nil }, nil},
		{"nobody recorded", func(r *MeetingRecord) { r.Present, r.Leave, r.Absent = nil, nil, nil }, []string{"attendance"}},
		{"blank agenda items", func(r *MeetingRecord) { r.Agenda = []string{"", "  "} }, []string{"agenda"}},
		{"no recorder or minutes", func(r *MeetingRecord) { r.Recorder, r.Minutes = "", "\n\n" }, []string{"recorder", "minutes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := fullRecord()
			tt.change(&r)
			if got := MissingForRecord(r); !slices.Equal(got, tt.want) {
				t.Errorf("MissingForRecord = %v, want %v", got, tt.want)
			}
		})
	}
}

// A page can name each missing field in either language.
func TestRecordFieldsHaveLabels(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"zh", "en"} {
		l := meetingLabels(t, lang)
		for _, f := range RecordFields {
			if l("report.meeting.field."+f) == "" {
				t.Errorf("%s: field %s has an empty label", lang, f)
			}
		}
	}
}

// Where LibreOffice is installed, it opens the document and reads the
// same text back.
func TestMeetingDocxOpensInLibreOffice(t *testing.T) {
	t.Parallel()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "record.docx")
	if err := os.WriteFile(src, writeDocx(t, fullRecord(), meetingLabels(t, "zh")), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "txt:Text (encoded):UTF8", "--outdir", dir, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "record.txt"))
	if errors.Is(err, os.ErrNotExist) {
		t.Fatal("soffice wrote no text")
	} else if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i := 0
	for _, w := range []string{"秘书处党支部会议记录", "2026年11月24日 14:30—16:00", "王五（出差）", "李四发言：结合工作抓落实。", "2026年12月31日"} {
		j := strings.Index(text[i:], w)
		if j < 0 {
			t.Fatalf("LibreOffice's text lacks %q after offset %d:\n%s", w, i, text)
		}
		i += j + len(w)
	}
}

// Any text a user types escapes to XML that reads back as the same text,
// less the characters XML cannot carry.
func FuzzXMLText(f *testing.F) {
	for _, s := range []string{"", "<&>\"'", "]]>", "\x00\x1f\x7f", "党员👩‍💼", "\xff\xfe", "a\r\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got struct {
			Text string `xml:",chardata"`
		}
		if err := xml.Unmarshal([]byte("<a>"+xmlText(s)+"</a>"), &got); err != nil {
			t.Fatalf("xmlText(%q) is not XML: %v", s, err)
		}
		var want strings.Builder
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			i += n
			switch {
			case r == '\t' || r == '\n' || r == '\r':
				want.WriteByte(' ')
			case r < 0x20 || r >= 0x7f && r <= 0x9f || r == 0xFFFE || r == 0xFFFF:
			default:
				want.WriteRune(r)
			}
		}
		if got.Text != want.String() {
			t.Errorf("xmlText(%q) reads back as %q, want %q", s, got.Text, want.String())
		}
	})
}
