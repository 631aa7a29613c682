package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
)

// DiscussionRecord is one collective discussion (集体研讨) as its ledger
// page (台账) shows it, names and labels already in the reader's
// language. The web layer builds it from a huoshui.Discussion, its
// speakers and its actions.
type DiscussionRecord struct {
	Org, Topic string
	HeldOn     huoshui.Date
	Minutes    int
	Place      string
	Host       string
	LeadIn     string // 领学
	Speakers   []SpeakerLine
	Consensus  string
	Actions    []FollowUpLine
}

// SpeakerLine is one member's points at a discussion.
type SpeakerLine struct{ Name, Text string }

// WriteDiscussionDocx writes r as a Word document (.docx) in t's
// language, laid out as the usual 台账 of a collective discussion: the
// title, a table of 时间, 地点, 主持 and 议题, then 领学, 发言 (each
// speaker's points) and 形成的共识/措施 (the consensus in words and the
// actions with their owners and dates), and a line for the host's
// signature. It shares the meeting record's layout and styles.
func WriteDiscussionDocx(w io.Writer, r DiscussionRecord, t Labels) error {
	field := func(id string) string { return t("report.discussion.field." + id) }
	none := t("report.meeting.none")
	v := docxView{
		Title: r.Org + t("report.discussion.doc_title"),
		Width: docxWidth, LabelWidth: docxLabelWidth, ValueWidth: docxWidth - docxLabelWidth, SignTab: docxWidth / 2,
		SignHost: t("report.meeting.sign_host"),
	}
	when := ""
	if !r.HeldOn.IsZero() {
		when = r.HeldOn.Time().Format(t("report.meeting.date_layout"))
		if r.Minutes > 0 {
			when += t("report.meeting.paren_open") + t("report.discussion.minutes_prefix") + strconv.Itoa(r.Minutes) +
				t("report.discussion.minutes_unit") + t("report.meeting.paren_close")
		}
	}
	v.Rows = []docxRow{
		{field("time"), when},
		{field("place"), r.Place},
		{field("host"), r.Host},
		{field("topic"), r.Topic},
	}
	paras := func(text string) []docxPara {
		var ps []docxPara
		for line := range strings.Lines(text) {
			if line = strings.TrimSpace(line); line != "" {
				ps = append(ps, docxPara{Text: line, Indent: true})
			}
		}
		return ps
	}
	lead := docxSection{Heading: field("lead_in"), Paras: paras(r.LeadIn)}
	if len(lead.Paras) == 0 {
		lead.Paras = []docxPara{{Text: none}}
	}
	speak := docxSection{Heading: field("speakers")}
	colon := t("report.meeting.colon")
	for _, sp := range r.Speakers {
		for i, p := range paras(sp.Text) {
			if i == 0 {
				p.Text = sp.Name + colon + p.Text
			}
			speak.Paras = append(speak.Paras, p)
		}
	}
	if len(speak.Paras) == 0 {
		speak.Paras = []docxPara{{Text: none}}
	}
	agreed := docxSection{Heading: field("consensus"), Paras: paras(r.Consensus)}
	if len(r.Actions) > 0 {
		tb := &docxTable{
			Head:   []string{t("report.meeting.follow_up.text"), t("report.meeting.follow_up.owner"), t("report.meeting.follow_up.due")},
			Widths: []int{docxWidth - 2*docxLabelWidth, docxLabelWidth, docxLabelWidth},
		}
		for i, a := range r.Actions {
			due := ""
			if !a.Due.IsZero() {
				due = a.Due.Time().Format(t("report.meeting.date_layout"))
			}
			tb.Rows = append(tb.Rows, []string{strconv.Itoa(i+1) + ". " + a.Text, a.Owner, due})
		}
		agreed.Table = tb
	}
	if len(agreed.Paras) == 0 && agreed.Table == nil {
		agreed.Paras = []docxPara{{Text: none}}
	}
	v.Sections = []docxSection{lead, speak, agreed}
	return writeLedgerDocx(w, v)
}
