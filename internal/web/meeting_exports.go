package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
)

const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// meetingRecord is the ledger page (会议记录) of a meeting in lang, read
// from its invitees, resolutions and follow-ups: the one record the Word
// document and the printed page are both made from. The caller has read
// the meeting through the reader's scope.
func (s *Server) meetingRecord(ctx context.Context, lang string, m *huoshui.Meeting) (report.MeetingRecord, error) {
	tr := func(id string) string { return s.msgs.T(lang, id) }
	rec := report.MeetingRecord{
		Org: m.OrgName, Type: tr("mtype." + string(m.Type)), Title: m.Title,
		StartsAt: m.StartsAt, EndsAt: m.EndsAt, Place: m.Place, Host: m.HostName, Recorder: m.RecorderName,
		Invited: m.Tally.Invited, Minutes: m.Minutes, Topics: m.Topics,
		LateEntry: m.LateEntry, EnteredAt: m.EnteredAt,
	}
	for _, t := range m.AlsoCounts {
		rec.AlsoCounts = append(rec.AlsoCounts, tr("mtype."+string(t)))
	}
	for _, v := range m.Visits {
		rec.Visits = append(rec.Visits, tr("visit."+string(v)))
	}
	for _, g := range m.Gains {
		rec.Gains = append(rec.Gains, tr("gain."+string(g)))
	}
	for line := range strings.Lines(m.Agenda) {
		if line = strings.TrimSpace(line); line != "" {
			rec.Agenda = append(rec.Agenda, line)
		}
	}
	invitees, err := s.store.FindInvitees(ctx, m.ID)
	if err != nil {
		return rec, err
	}
	for _, i := range invitees {
		switch i.Attendance {
		case huoshui.AttendancePresent:
			rec.Present = append(rec.Present, i.Name)
		case huoshui.AttendanceLeave:
			rec.Leave = append(rec.Leave, i.Name)
			rec.LeaveReasons = append(rec.LeaveReasons, i.LeaveReason)
		case huoshui.AttendanceAbsent:
			rec.Absent = append(rec.Absent, i.Name)
		}
	}
	res, err := s.store.FindResolutions(ctx, m.ID)
	if err != nil {
		return rec, err
	}
	for _, x := range res {
		rec.Resolutions = append(rec.Resolutions, x.Text)
	}
	if m.NeedsQuorum() {
		rec.Quorum = s.quorumLine(lang, m)
		rec.Unquorate = !m.HasQuorum()
	}
	fus, err := s.store.FindFollowUps(ctx, m.ID)
	if err != nil {
		return rec, err
	}
	for _, f := range fus {
		rec.FollowUps = append(rec.FollowUps, report.FollowUpLine{Text: f.Text, Owner: f.OwnerName, Due: f.Due})
	}
	return rec, nil
}

// missingField is one part of a ledger page not yet filled in, with where
// an officer fills it (empty for a reader who may not).
type missingField struct {
	Label, Href string
}

// recordFillHref is where each field of report.RecordFields is filled in.
func recordFillHref(m *huoshui.Meeting, field string) string {
	switch field {
	case "attendance":
		return meetingPath(m) + "#attendance"
	case "minutes":
		return meetingPath(m) + "#minutes"
	case "time":
		return meetingPath(m) + "/edit#date"
	case "host", "recorder":
		return meetingPath(m) + "/edit#" + field + "_id"
	}
	return meetingPath(m) + "/edit#" + field
}

// missingFields names what MissingForRecord reports in the reader's
// language, in the order of the ledger page, with the links to fill them
// for a reader who keeps the meeting's record.
func (s *Server) missingFields(lang string, m *huoshui.Meeting, ids []string, canEdit bool) []missingField {
	out := make([]missingField, len(ids))
	for i, id := range ids {
		out[i].Label = s.msgs.T(lang, "report.meeting.field."+id)
		if canEdit {
			out[i].Href = recordFillHref(m, id)
		}
	}
	return out
}

type recordMissingPage struct {
	Page
	M         *huoshui.Meeting
	Missing   []missingField
	CanEdit   bool
	Cancelled bool
	DraftURL  string
}

// refuseRecord answers a record that is not exported as it stands: a
// cancelled meeting has none (409), an incomplete one (422) names what is
// missing, where to fill it, and offers the draft.
func (s *Server) refuseRecord(w http.ResponseWriter, r *http.Request, m *huoshui.Meeting, missing []string) error {
	u := userFrom(r.Context())
	p := &recordMissingPage{M: m, CanEdit: auth.Can(u, auth.EditRecord, auth.Object{OrgPath: m.OrgPath})}
	p.Crumbs = []crumb{{Href: "/meetings", Label: s.msgs.T(langFrom(r), "nav.meetings")}, {Href: meetingPath(m), Label: m.Title},
		{Label: s.msgs.T(langFrom(r), "exports.record.crumb")}}
	code := http.StatusUnprocessableEntity
	if m.CancelledAt != nil {
		p.Cancelled, code = true, http.StatusConflict
	} else {
		p.Missing = s.missingFields(langFrom(r), m, missing, p.CanEdit)
		p.DraftURL = r.URL.Path + "?draft=1"
	}
	return s.render(w, r, code, "meeting_record_missing", p)
}

// meetingRecordDocx sends a meeting's ledger page as a Word document, to
// anyone who may see the meeting. A record that lacks what a ledger needs
// (report.MissingForRecord) is not exported: the answer names what is
// missing with links to fill it in, and a draft export (?draft=1), whose
// document is marked 草稿. A cancelled meeting has no record.
func (s *Server) meetingRecordDocx(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findVisibleMeeting(r)
	if err != nil {
		return err
	}
	lang := langFrom(r)
	rec, err := s.meetingRecord(r.Context(), lang, m)
	if err != nil {
		return err
	}
	missing := report.MissingForRecord(rec)
	draft := len(missing) > 0
	if m.CancelledAt != nil || (draft && r.URL.Query().Get("draft") != "1") {
		return s.refuseRecord(w, r, m, missing)
	}
	if draft {
		// The document's title is the org's name followed by 会议记录:
		// the mark goes before it, on the first line of the page and in
		// the document's properties.
		rec.Org = s.msgs.T(lang, "exports.record.draft_mark") + rec.Org
	}
	var buf bytes.Buffer
	if err := report.WriteMeetingDocx(&buf, rec, s.msgs.labels(lang)); err != nil {
		return err
	}
	day := huoshui.DateOf(m.StartsAt.In(huoshui.Shanghai)).String()
	id := "exports.file.record"
	if draft {
		id = "exports.file.record_draft"
	}
	name := s.msgs.T(lang, id, "Date", day, "Title", fileNamePart(m.Title))
	fallback := fmt.Sprintf("meeting-%d-%s.docx", m.ID, day)
	sendFile(w, name, fallback, docxType, buf.Bytes())
	return nil
}

// fileNamePart is text fit for a file name on any system: no path
// separators, none of the characters Windows refuses, no control
// characters, spaces folded, at most 60 characters.
func fileNamePart(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7f:
			return -1
		case strings.ContainsRune(`/\:*?"<>|`, r):
			return '_'
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	return strings.Trim(huoshui.Truncate(s, 60), ". ")
}

// ledgerRow is one line of the particulars of a printed ledger page.
type ledgerRow struct{ Label, Value string }

// ledgerPara is one numbered item; Mark flags a resolution of a meeting
// without its quorum.
type ledgerPara struct{ Text, Mark string }

type meetingPrintPage struct {
	Page
	M           *huoshui.Meeting
	DocTitle    string
	Late        string
	Rows        []ledgerRow
	Agenda      []ledgerPara
	Minutes     []string
	Resolutions []ledgerPara
	Unquorate   string
	FollowUps   []report.FollowUpLine
	Missing     []missingField
	CanEdit     bool
}

// meetingPrint is a meeting's ledger page to print on A4: the same layout
// as the Word document (particulars, agenda, minutes, resolutions,
// follow-up work) with lines for the chair's and the recorder's
// signatures, and no navigation on paper. What the record still lacks is
// said on the screen only: a blank ledger may be printed to fill by hand.
func (s *Server) meetingPrint(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findVisibleMeeting(r)
	if err != nil {
		return err
	}
	if m.CancelledAt != nil {
		return s.refuseRecord(w, r, m, nil)
	}
	lang := langFrom(r)
	rec, err := s.meetingRecord(r.Context(), lang, m)
	if err != nil {
		return err
	}
	p := s.ledgerPage(lang, rec)
	p.M = m
	p.CanEdit = auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: m.OrgPath})
	p.Missing = s.missingFields(lang, m, report.MissingForRecord(rec), p.CanEdit)
	p.Crumbs = []crumb{{Href: "/meetings", Label: s.msgs.T(lang, "nav.meetings")}, {Href: meetingPath(m), Label: m.Title},
		{Label: s.msgs.T(lang, "meetings.print")}}
	return s.render(w, r, http.StatusOK, "meeting_print", p)
}

// ledgerPage lays rec out as the Word ledger does (report.WriteMeetingDocx),
// with the same labels.
func (s *Server) ledgerPage(lang string, rec report.MeetingRecord) *meetingPrintPage {
	tr := func(id string) string { return s.msgs.T(lang, id) }
	field := func(id string) string { return tr("report.meeting.field." + id) }
	sep, colon := tr("report.list_sep"), tr("report.meeting.colon")
	open, close := tr("report.meeting.paren_open"), tr("report.meeting.paren_close")
	people := func(n int, names []string) string {
		out := strconv.Itoa(n) + tr("report.meeting.people")
		if len(names) > 0 {
			out += colon + strings.Join(names, sep)
		}
		return out
	}
	dateTime := func(t time.Time) string {
		t = t.In(huoshui.Shanghai)
		return t.Format(tr("report.meeting.date_layout")) + " " + t.Format("15:04")
	}

	p := &meetingPrintPage{DocTitle: rec.Org + tr("report.meeting.doc_title"), FollowUps: rec.FollowUps}
	if rec.LateEntry {
		p.Late = tr("report.meeting.late_entry") + open + tr("report.meeting.entered_at") + colon + dateTime(rec.EnteredAt) + close
	}
	typ := rec.Type
	if len(rec.AlsoCounts) > 0 {
		typ += open + tr("report.meeting.also_counts") + colon + strings.Join(rec.AlsoCounts, sep) + close
	}
	when := dateTime(rec.StartsAt)
	if s, e := rec.StartsAt.In(huoshui.Shanghai), rec.EndsAt.In(huoshui.Shanghai); huoshui.DateOf(s) == huoshui.DateOf(e) {
		when += tr("report.meeting.range_dash") + e.Format("15:04")
	} else {
		when += tr("report.meeting.range_dash") + dateTime(e)
	}
	leave := make([]string, len(rec.Leave))
	for i, name := range rec.Leave {
		leave[i] = name
		if i < len(rec.LeaveReasons) && strings.TrimSpace(rec.LeaveReasons[i]) != "" {
			leave[i] += open + rec.LeaveReasons[i] + close
		}
	}
	invited := rec.Invited
	if invited == 0 {
		invited = len(rec.Present) + len(rec.Leave) + len(rec.Absent)
	}
	p.Rows = []ledgerRow{{field("title"), rec.Title}, {field("type"), typ}}
	for _, th := range []struct {
		id   string
		tags []string
	}{{"visits", rec.Visits}, {"gains", rec.Gains}, {"topics", rec.Topics}} {
		if len(th.tags) > 0 {
			p.Rows = append(p.Rows, ledgerRow{field(th.id), strings.Join(th.tags, sep)})
		}
	}
	p.Rows = append(p.Rows,
		ledgerRow{field("time"), when},
		ledgerRow{field("place"), rec.Place},
		ledgerRow{field("host"), rec.Host},
		ledgerRow{field("recorder"), rec.Recorder},
		ledgerRow{field("invited"), people(invited, nil)},
		ledgerRow{field("present"), people(len(rec.Present), rec.Present)},
		ledgerRow{field("leave"), people(len(rec.Leave), leave)},
		ledgerRow{field("absent"), people(len(rec.Absent), rec.Absent)},
	)
	if rec.Quorum != "" {
		p.Rows = append(p.Rows, ledgerRow{field("quorum"), rec.Quorum})
	}
	for _, a := range rec.Agenda {
		p.Agenda = append(p.Agenda, ledgerPara{Text: a})
	}
	for line := range strings.Lines(rec.Minutes) {
		if line = strings.TrimSpace(line); line != "" {
			p.Minutes = append(p.Minutes, line)
		}
	}
	mark := ""
	if rec.Unquorate && slices.ContainsFunc(rec.Resolutions, func(x string) bool { return strings.TrimSpace(x) != "" }) {
		p.Unquorate = tr("report.meeting.unquorate_note")
		mark = tr("report.meeting.unquorate_mark")
	}
	for _, x := range rec.Resolutions {
		if x = strings.TrimSpace(x); x != "" {
			p.Resolutions = append(p.Resolutions, ledgerPara{Text: x, Mark: mark})
		}
	}
	return p
}

// meetingsExport sends the meetings the list shows for the same query
// (org, type, year — this year by default — and words), every page of
// them, as the ledger workbook, oldest first; only meetings the reader may
// see. More than the export cap is refused before anything is written.
func (s *Server) meetingsExport(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if !auth.CanAnywhere(u, auth.ViewRecord) {
		return huoshui.ErrForbidden
	}
	lang := langFrom(r)
	q := parseMeetingQuery(r.URL.Query(), s.now().In(huoshui.Shanghai).Year())
	f := q.filter(u)
	f.Limit, f.Offset = s.exportCap(), 0
	ms, total, err := s.store.FindMeetings(r.Context(), f)
	if err != nil {
		return err
	}
	if total > s.exportCap() {
		return s.tooManyRows("export_too_many_meetings", total)
	}
	mw, err := report.NewMeetingsWriter(s.msgs.labels(lang))
	if err != nil {
		return err
	}
	defer mw.Close()
	tr := func(prefix string, code string) string { return s.msgs.T(lang, prefix+code) }
	for _, m := range slices.Backward(ms) {
		row := report.MeetingRow{StartsAt: m.StartsAt, EndsAt: m.EndsAt, Type: tr("mtype.", string(m.Type)),
			Title: m.Title, Place: m.Place, Host: m.HostName, Recorder: m.RecorderName,
			Invited: m.Tally.Invited, Present: m.Tally.Present, Leave: m.Tally.Leave, Absent: m.Tally.Absent,
			LateEntry: m.LateEntry, Topics: m.Topics}
		for _, t := range m.AlsoCounts {
			row.AlsoCounts = append(row.AlsoCounts, tr("mtype.", string(t)))
		}
		for _, v := range m.Visits {
			row.Visits = append(row.Visits, tr("visit.", string(v)))
		}
		for _, g := range m.Gains {
			row.Gains = append(row.Gains, tr("gain.", string(g)))
		}
		if err := mw.Add(row); err != nil {
			return err
		}
	}
	today := s.today().String()
	year := strconv.Itoa(q.Year)
	if q.Year == 0 {
		year = s.msgs.T(lang, "exports.file.all_years")
	}
	name := s.msgs.T(lang, "exports.file.meetings", "Year", year, "Date", today)
	startDownload(w, name, "meetings-"+today+".xlsx", xlsxType)
	if _, err := mw.WriteTo(w); err != nil {
		// The answer has begun: too late for an error page.
		s.logFailure(r, http.StatusInternalServerError, err)
	}
	return nil
}
