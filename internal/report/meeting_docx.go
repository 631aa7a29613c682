package report

import (
	"archive/zip"
	"bytes"
	"embed"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/huoshui/huoshui"
)

// MeetingRecord is one meeting as its ledger page (会议记录) shows it:
// names and labels already in the reader's language, attendance by name.
// The web layer builds it from a huoshui.Meeting, its invitees,
// resolutions and follow-ups.
type MeetingRecord struct {
	Org, Type, Title string   // Type is a label, e.g. 支部党员大会
	AlsoCounts       []string // labels of the other types it counts as
	StartsAt, EndsAt time.Time
	Place            string
	Host, Recorder   string
	Present, Leave   []string
	LeaveReasons     []string // parallel to Leave; "" when none was given
	Absent           []string
	// Invited is how many were expected (应到); zero means everyone named
	// under Present, Leave and Absent.
	Invited int
	// Quorum is "" when the meeting needs none, else a sentence such as
	// "应到 12 人，有表决权 10 人，实到 8 人，符合规定人数".
	Quorum      string
	Agenda      []string // 议题, one item each
	Minutes     string   // lines; blank lines are dropped
	Resolutions []string
	// Unquorate marks the resolutions of a meeting that needed a quorum
	// and did not have it.
	Unquorate bool
	FollowUps []FollowUpLine
	// Theme days: labels of the 四走进 visits, 四提升 gains and the work
	// topics.
	Visits, Gains, Topics []string
	// LateEntry marks a record entered after the meeting (补录), with the
	// time it was entered.
	LateEntry bool
	EnteredAt time.Time
}

// FollowUpLine is one follow-up action: what, who, by when.
type FollowUpLine struct {
	Text, Owner string
	Due         huoshui.Date
}

// RecordFields are the ids MissingForRecord reports, in the order a
// ledger page shows them. The label of each is message
// "report.meeting.field.<id>".
var RecordFields = []string{"time", "place", "host", "recorder", "attendance", "agenda", "minutes"}

// MissingForRecord lists what a ledger page needs and r lacks, as ids of
// RecordFields, so a page can say what to fill in before an export.
// Resolutions are not among them: a lecture or a talk decides nothing.
// Attendance is missing when nobody is recorded as present, on leave or
// absent.
func MissingForRecord(r MeetingRecord) []string {
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	missing := map[string]bool{
		"time":       r.StartsAt.IsZero() || r.EndsAt.IsZero(),
		"place":      blank(r.Place),
		"host":       blank(r.Host),
		"recorder":   blank(r.Recorder),
		"attendance": len(r.Present)+len(r.Leave)+len(r.Absent) == 0,
		"agenda":     !anyText(r.Agenda),
		"minutes":    blank(r.Minutes),
	}
	var out []string
	for _, f := range RecordFields {
		if missing[f] {
			out = append(out, f)
		}
	}
	return out
}

// anyText reports whether any of items is more than spaces.
func anyText(items []string) bool {
	for _, it := range items {
		if strings.TrimSpace(it) != "" {
			return true
		}
	}
	return false
}

//go:embed docx
var docxFiles embed.FS

// docxParts are the package's parts in the order they are zipped, and
// where each comes from; a .tmpl is executed with the page's view.
var docxParts = []struct{ name, src string }{
	{"[Content_Types].xml", "docx/content_types.xml"},
	{"_rels/.rels", "docx/rels.xml"},
	{"docProps/core.xml", "docx/core.xml.tmpl"},
	{"word/_rels/document.xml.rels", "docx/document.xml.rels"},
	{"word/document.xml", "docx/document.xml.tmpl"},
	{"word/styles.xml", "docx/styles.xml"},
	{"word/settings.xml", "docx/settings.xml"},
	{"word/fontTable.xml", "docx/fontTable.xml"},
}

var docxTemplates = template.Must(template.New("docx").Funcs(template.FuncMap{
	"x": xmlText,
	"cell": func(w int, head bool, text string) docxCell {
		return docxCell{W: w, Head: head, Text: text}
	},
	"annualRun": func(text, font string, size int) annualRun {
		return annualRun{Text: text, Font: font, Size: size}
	},
}).ParseFS(docxFiles, "docx/*.tmpl"))

// Widths in twentieths of a point: A4 less 2.8 cm margins each side.
const (
	docxWidth      = 11906 - 2*1588
	docxLabelWidth = 2000
)

type docxView struct {
	Title, Late            string
	Rows                   []docxRow
	Sections               []docxSection
	SignHost, SignRecorder string
	Width, LabelWidth      int
	ValueWidth, SignTab    int
}

type docxRow struct{ Label, Value string }

type docxSection struct {
	Heading, Note string
	Paras         []docxPara
	Table         *docxTable
}

type docxPara struct {
	Text, Mark string
	Indent     bool
}

type docxTable struct {
	Head   []string
	Rows   [][]string
	Widths []int
}

type docxCell struct {
	W    int
	Head bool
	Text string
}

// WriteMeetingDocx writes r as a Word document (.docx) in t's language,
// laid out as a 会议记录 ledger page: the title, a table of the meeting's
// particulars and attendance, then the agenda, the minutes, the
// resolutions, the follow-up work, and lines for the chair's and the
// recorder's signatures. A late entry says so under the title, with the
// time it was entered. Times are shown in huoshui.Shanghai.
func WriteMeetingDocx(w io.Writer, r MeetingRecord, t Labels) error {
	return writeLedgerDocx(w, meetingView(r, t))
}

// writeLedgerDocx writes a ledger page laid out as v as a Word package.
func writeLedgerDocx(w io.Writer, v docxView) error {
	return writePackage(w, "docx/document.xml.tmpl", v)
}

// writePackage writes a Word package whose body is the template doc
// executed with v (v has a Title, for the document's properties).
func writePackage(w io.Writer, doc string, v any) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range docxParts {
		f, err := zw.Create(p.name)
		if err != nil {
			return fmt.Errorf("report: docx: %w", err)
		}
		src := p.src
		if p.name == "word/document.xml" {
			src = doc
		}
		if strings.HasSuffix(src, ".tmpl") {
			err = docxTemplates.ExecuteTemplate(f, strings.TrimPrefix(src, "docx/"), v)
		} else {
			var b []byte
			if b, err = docxFiles.ReadFile(p.src); err == nil {
				_, err = f.Write(b)
			}
		}
		if err != nil {
			return fmt.Errorf("report: docx %s: %w", p.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("report: docx: %w", err)
	}
	if _, err := buf.WriteTo(w); err != nil {
		return fmt.Errorf("report: docx: %w", err)
	}
	return nil
}

// meetingView lays r out for the document template.
func meetingView(r MeetingRecord, t Labels) docxView {
	field := func(id string) string { return t("report.meeting.field." + id) }
	sep, colon := t("report.list_sep"), t("report.meeting.colon")
	open, close := t("report.meeting.paren_open"), t("report.meeting.paren_close")
	people := func(n int, names []string) string {
		s := strconv.Itoa(n) + t("report.meeting.people")
		if len(names) > 0 {
			s += colon + strings.Join(names, sep)
		}
		return s
	}
	none := t("report.meeting.none")

	v := docxView{
		Title: r.Org + t("report.meeting.doc_title"),
		Width: docxWidth, LabelWidth: docxLabelWidth, ValueWidth: docxWidth - docxLabelWidth, SignTab: docxWidth / 2,
		SignHost: t("report.meeting.sign_host"), SignRecorder: t("report.meeting.sign_recorder"),
	}
	if r.LateEntry {
		v.Late = t("report.meeting.late_entry")
		if !r.EnteredAt.IsZero() {
			v.Late += open + t("report.meeting.entered_at") + colon + dateTime(r.EnteredAt, t) + close
		}
	}

	typ := typeWithAlso(r.Type, r.AlsoCounts, t)
	leave := make([]string, len(r.Leave))
	for i, name := range r.Leave {
		leave[i] = name
		if i < len(r.LeaveReasons) && strings.TrimSpace(r.LeaveReasons[i]) != "" {
			leave[i] += open + r.LeaveReasons[i] + close
		}
	}
	invited := r.Invited
	if invited == 0 {
		invited = len(r.Present) + len(r.Leave) + len(r.Absent)
	}
	v.Rows = []docxRow{
		{field("title"), r.Title},
		{field("type"), typ},
	}
	for _, th := range []struct {
		id   string
		tags []string
	}{{"visits", r.Visits}, {"gains", r.Gains}, {"topics", r.Topics}} {
		if len(th.tags) > 0 {
			v.Rows = append(v.Rows, docxRow{field(th.id), strings.Join(th.tags, sep)})
		}
	}
	v.Rows = append(v.Rows,
		docxRow{field("time"), meetingTime(r.StartsAt, r.EndsAt, t)},
		docxRow{field("place"), r.Place},
		docxRow{field("host"), r.Host},
		docxRow{field("recorder"), r.Recorder},
		docxRow{field("invited"), people(invited, nil)},
		docxRow{field("present"), people(len(r.Present), r.Present)},
		docxRow{field("leave"), people(len(r.Leave), leave)},
		docxRow{field("absent"), people(len(r.Absent), r.Absent)},
	)
	if r.Quorum != "" {
		v.Rows = append(v.Rows, docxRow{field("quorum"), r.Quorum})
	}

	numbered := func(items []string, mark string) []docxPara {
		var ps []docxPara
		for _, it := range items {
			if it = strings.TrimSpace(it); it != "" {
				ps = append(ps, docxPara{Text: strconv.Itoa(len(ps)+1) + ". " + it, Mark: mark})
			}
		}
		if len(ps) == 0 {
			ps = []docxPara{{Text: none}}
		}
		return ps
	}
	var minutes []docxPara
	for line := range strings.Lines(r.Minutes) {
		if line = strings.TrimSpace(line); line != "" {
			minutes = append(minutes, docxPara{Text: line, Indent: true})
		}
	}
	if len(minutes) == 0 {
		minutes = []docxPara{{Text: none}}
	}
	res := docxSection{Heading: field("resolutions")}
	if r.Unquorate && anyText(r.Resolutions) {
		res.Note = t("report.meeting.unquorate_note")
		res.Paras = numbered(r.Resolutions, t("report.meeting.unquorate_mark"))
	} else {
		res.Paras = numbered(r.Resolutions, "")
	}
	follow := docxSection{Heading: field("follow_ups")}
	if len(r.FollowUps) == 0 {
		follow.Paras = []docxPara{{Text: none}}
	} else {
		tb := &docxTable{
			Head:   []string{t("report.meeting.follow_up.text"), t("report.meeting.follow_up.owner"), t("report.meeting.follow_up.due")},
			Widths: []int{docxWidth - 2*docxLabelWidth, docxLabelWidth, docxLabelWidth},
		}
		for i, f := range r.FollowUps {
			due := ""
			if !f.Due.IsZero() {
				due = f.Due.Time().Format(t("report.meeting.date_layout"))
			}
			tb.Rows = append(tb.Rows, []string{strconv.Itoa(i+1) + ". " + f.Text, f.Owner, due})
		}
		follow.Table = tb
	}
	v.Sections = []docxSection{
		{Heading: field("agenda"), Paras: numbered(r.Agenda, "")},
		{Heading: field("minutes"), Paras: minutes},
		res,
		follow,
	}
	return v
}

// meetingTime is a meeting's time as a ledger writes it, in Shanghai:
// "2026年11月24日 14:30—16:00", the end's date too when it ends another
// day. A zero start is "".
func meetingTime(start, end time.Time, t Labels) string {
	if start.IsZero() {
		return ""
	}
	s := dateTime(start, t)
	if end.IsZero() {
		return s
	}
	return s + t("report.meeting.range_dash") + endTime(start, end, t)
}

// endTime is the end of a meeting that started at start: its time of day,
// with its date before it when that is another day.
func endTime(start, end time.Time, t Labels) string {
	s, e := start.In(huoshui.Shanghai), end.In(huoshui.Shanghai)
	if huoshui.DateOf(s) == huoshui.DateOf(e) {
		return e.Format("15:04")
	}
	return dateTime(e, t)
}

// dateTime is an instant's date and time of day in Shanghai.
func dateTime(x time.Time, t Labels) string {
	x = x.In(huoshui.Shanghai)
	return x.Format(t("report.meeting.date_layout")) + " " + x.Format("15:04")
}

// xmlText escapes s for XML character data or an attribute value. The
// characters XML 1.0 cannot carry (C0 controls other than tab and line
// ends; DEL and the C1 controls, which it only discourages, go too) are
// dropped; a tab or a line end becomes a space, since each paragraph is
// its own element; bytes that are not UTF-8 become U+FFFD.
func xmlText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case unicode.IsControl(r), r == 0xFFFE, r == 0xFFFF:
		default:
			b.WriteRune(r) // RuneError for a bad byte: U+FFFD
		}
	}
	var out strings.Builder
	out.Grow(b.Len())
	xml.EscapeText(&out, []byte(b.String()))
	return out.String()
}
