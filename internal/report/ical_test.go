package report

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// icalProp is one property of a parsed feed.
type icalProp struct{ name, value string }

// parseICal is a small reader of what WriteICal writes, as a calendar
// application reads it: it checks the line ends and the folding, unfolds,
// and splits each line into its name (with parameters) and value.
func parseICal(t *testing.T, b []byte) []icalProp {
	t.Helper()
	s := string(b)
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatalf("the feed does not end with CRLF")
	}
	for i, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets long: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a character: %q", i+1, l)
		}
	}
	unfolded := strings.NewReplacer("\r\n ", "", "\r\n\t", "").Replace(s)
	var props []icalProp
	for _, l := range strings.Split(strings.TrimSuffix(unfolded, "\r\n"), "\r\n") {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("line without a colon: %q", l)
		}
		props = append(props, icalProp{name, value})
	}
	return props
}

// unescapeText reads an iCalendar TEXT value.
func unescapeText(t *testing.T, v string) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && i+1 < len(v):
			i++
			switch v[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			case '\\', ';', ',':
				b.WriteByte(v[i])
			default:
				t.Errorf("unknown escape \\%c in %q", v[i], v)
			}
		case c == '\\':
			t.Errorf("a lone backslash ends %q", v)
		case c == ';' || c == ',':
			t.Errorf("an unescaped %c in %q", c, v)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// events gives the events of a parsed feed, each a map of its properties.
func icalEvents(props []icalProp) []map[string]string {
	var out []map[string]string
	var cur map[string]string
	for _, p := range props {
		switch {
		case p.name == "BEGIN" && p.value == "VEVENT":
			cur = map[string]string{}
		case p.name == "END" && p.value == "VEVENT":
			out = append(out, cur)
			cur = nil
		case cur != nil:
			cur[p.name] = p.value
		}
	}
	return out
}

func writeICal(t *testing.T, name string, events []CalEvent) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteICal(&buf, name, events); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The whole feed for one meeting, as a calendar receives it.
func TestWriteICalFeed(t *testing.T) {
	t.Parallel()
	got := writeICal(t, "王小明的组织生活", []CalEvent{{
		UID:         "meeting-42@huoshui",
		Start:       shanghai(2026, 11, 24, 14, 30),
		End:         shanghai(2026, 11, 24, 16, 0),
		Summary:     "支部党员大会",
		Location:    "三楼活动室",
		Description: "议题：学习；讨论",
		URL:         "https://dj.example.cn/meetings/42",
		Updated:     time.Date(2026, 11, 20, 1, 2, 3, 0, time.UTC),
	}})
	want := "BEGIN:VCALENDAR\r\n" +
		"VERSION:2.0\r\n" +
		"PRODID:-//huoshui//huoshui//ZH\r\n" +
		"CALSCALE:GREGORIAN\r\n" +
		"METHOD:PUBLISH\r\n" +
		"X-WR-CALNAME:王小明的组织生活\r\n" +
		"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" +
		"X-PUBLISHED-TTL:PT1H\r\n" +
		"BEGIN:VEVENT\r\n" +
		"UID:meeting-42@huoshui\r\n" +
		"DTSTAMP:20261120T010203Z\r\n" +
		"LAST-MODIFIED:20261120T010203Z\r\n" +
		"DTSTART:20261124T063000Z\r\n" +
		"DTEND:20261124T080000Z\r\n" +
		"SUMMARY:支部党员大会\r\n" +
		"LOCATION:三楼活动室\r\n" +
		"DESCRIPTION:议题：学习；讨论\r\n" +
		"URL:https://dj.example.cn/meetings/42\r\n" +
		"STATUS:CONFIRMED\r\n" +
		"END:VEVENT\r\n" +
		"END:VCALENDAR\r\n"
	if string(got) != want {
		t.Errorf("feed:\n%s\nwant:\n%s", got, want)
	}
}

func TestICalTextEscaping(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`a,b;c\d`, `a\,b\;c\\d`},
		{"一行\n二行\r\n三行\r四行", `一行\n二行\n三行\n四行`},
		{"制表\t保留", "制表\t保留"},
		{"控制\x00\x1b\x7f\u0085字符", "控制字符"},
		{"坏\xff字节", "坏\uFFFD字节"},
		{`\n 不是换行`, `\\n 不是换行`},
	}
	for _, tt := range tests {
		if got := icalText(tt.in); got != tt.want {
			t.Errorf("icalText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Long Chinese text is folded into lines of at most 75 octets, never in
// the middle of a character, and unfolds to the original.
func TestWriteICalFoldsLongChineseText(t *testing.T) {
	t.Parallel()
	desc := strings.Repeat("学习贯彻党的二十届四中全会精神，", 40) + "\n会后提交心得体会；地点：党员活动室, 3楼 😀"
	for _, prefix := range []string{"", "a", "ab"} { // cut points at each byte of a 3-octet character
		ev := CalEvent{UID: "m-1", Start: shanghai(2026, 1, 5, 9, 0), Summary: prefix + strings.Repeat("党", 60), Description: desc}
		evs := icalEvents(parseICal(t, writeICal(t, "日程", []CalEvent{ev})))
		if len(evs) != 1 {
			t.Fatalf("%d events, want 1", len(evs))
		}
		if got := unescapeText(t, evs[0]["DESCRIPTION"]); got != desc {
			t.Errorf("description reads back as %q, want %q", got, desc)
		}
		if got := unescapeText(t, evs[0]["SUMMARY"]); got != ev.Summary {
			t.Errorf("summary reads back as %q, want %q", got, ev.Summary)
		}
	}
}

// What users typed cannot add lines or properties to the feed; a
// cancelled meeting stays, marked.
func TestWriteICalRoundTrip(t *testing.T) {
	t.Parallel()
	events := []CalEvent{
		{
			UID: "meeting-1@huoshui", Start: time.Date(2026, 3, 1, 1, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC),
			Summary:     "党课\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil",
			Location:    "会议室; 楼上, 左转\\",
			Description: "第一段\n\n第二段",
			URL:         "https://x.example/m/1\r\nATTACH:evil",
		},
		{
			UID: "meeting-2@huoshui", Start: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC),
			Summary: "已取消的支委会", Cancelled: true, Updated: time.Date(2026, 3, 1, 5, 0, 0, 0, time.UTC),
		},
	}
	props := parseICal(t, writeICal(t, "张三, 李四; 的日程", events))
	evs := icalEvents(props)
	if len(evs) != 2 {
		t.Fatalf("%d events, want 2: %v", len(evs), evs)
	}
	var calName string
	for _, p := range props {
		if p.name == "X-WR-CALNAME" {
			calName = unescapeText(t, p.value)
		}
	}
	if calName != "张三, 李四; 的日程" {
		t.Errorf("calendar name reads back as %q", calName)
	}
	e := evs[0]
	for prop, want := range map[string]string{
		"SUMMARY":     "党课\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil",
		"LOCATION":    "会议室; 楼上, 左转\\",
		"DESCRIPTION": "第一段\n\n第二段",
	} {
		if got := unescapeText(t, e[prop]); got != want {
			t.Errorf("%s reads back as %q, want %q", prop, got, want)
		}
	}
	if e["UID"] != "meeting-1@huoshui" || e["URL"] != "https://x.example/m/1ATTACH:evil" {
		t.Errorf("UID %q, URL %q", e["UID"], e["URL"])
	}
	if e["DTSTART"] != "20260301T010000Z" || e["DTEND"] != "20260301T020000Z" || e["DTSTAMP"] != "20260301T010000Z" {
		t.Errorf("times %q %q, stamp %q", e["DTSTART"], e["DTEND"], e["DTSTAMP"])
	}
	if _, ok := e["LAST-MODIFIED"]; ok {
		t.Errorf("an event never updated has LAST-MODIFIED")
	}
	if e["STATUS"] != "CONFIRMED" {
		t.Errorf("STATUS %q, want CONFIRMED", e["STATUS"])
	}
	c := evs[1]
	if c["STATUS"] != "CANCELLED" || c["DTSTAMP"] != "20260301T050000Z" {
		t.Errorf("cancelled event: STATUS %q, DTSTAMP %q", c["STATUS"], c["DTSTAMP"])
	}
	if _, ok := c["DTEND"]; ok {
		t.Errorf("an event without an end has DTEND")
	}
}

func TestWriteICalRefusesBadEvents(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 1, 1, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		ev   CalEvent
	}{
		{"no UID", CalEvent{UID: " ", Start: start}},
		{"no start", CalEvent{UID: "a"}},
		{"ends before it starts", CalEvent{UID: "a", Start: start, End: start.Add(-time.Minute)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := WriteICal(&buf, "x", []CalEvent{{UID: "ok", Start: start}, tt.ev}); err == nil {
				t.Errorf("WriteICal accepted an event with %s", tt.name)
			}
			if buf.Len() != 0 {
				t.Errorf("a refused feed wrote %d bytes", buf.Len())
			}
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteICalReportsWriteErrors(t *testing.T) {
	t.Parallel()
	if err := WriteICal(failWriter{}, "x", nil); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("WriteICal to a failing writer: %v", err)
	}
}

// Any summary reads back as written, less what TEXT cannot carry, from
// lines no longer than 75 octets.
func FuzzICalText(f *testing.F) {
	for _, s := range []string{"", "a,b;c\\d", "一\r\n二\r三\n", strings.Repeat("党", 30), "\x00\xff😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		if err := WriteICal(&buf, "x", []CalEvent{{UID: "u", Start: time.Unix(0, 0), Summary: s}}); err != nil {
			t.Fatal(err)
		}
		var want strings.Builder
		s = strings.ReplaceAll(s, "\r\n", "\n")
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			i += n
			switch {
			case r == '\r':
				want.WriteByte('\n')
			case r == '\n' || r == '\t' || !unicode.IsControl(r):
				want.WriteRune(r)
			}
		}
		props := parseICal(t, buf.Bytes())
		got := ""
		for _, p := range props {
			if p.name == "SUMMARY" {
				got = unescapeText(t, p.value)
			}
		}
		if got != want.String() {
			t.Errorf("summary %q reads back as %q, want %q", s, got, want.String())
		}
	})
}
