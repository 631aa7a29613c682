package report

import (
	"io"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
)

// MeetingRow is one meeting as a line of the year's ledger of
// organisational life: labels and names already in the reader's
// language, attendance as counts.
type MeetingRow struct {
	StartsAt, EndsAt time.Time
	Type             string   // a label, e.g. 主题党日
	AlsoCounts       []string // labels of the other types it counts as
	Title, Place     string
	Host, Recorder   string
	Invited, Present int
	Leave, Absent    int
	LateEntry        bool
	// Theme days: labels of the 四走进 visits, 四提升 gains and the work
	// topics.
	Visits, Gains, Topics []string
}

// meetingColumns are the ledger's columns: message
// "report.meetings.col.<id>" and width.
var meetingColumns = []struct {
	id    string
	width float64
}{
	{"date", 12}, {"time", 13}, {"type", 24}, {"title", 36}, {"place", 20}, {"host", 10}, {"recorder", 10},
	{"invited", 6}, {"present", 6}, {"leave", 6}, {"absent", 6}, {"late_entry", 6},
	{"visits", 22}, {"gains", 22}, {"topics", 20},
}

// MeetingsWriter writes the ledger of meetings a row at a time: Add each
// meeting as it is read, then WriteTo. It is a TableWriter with the
// ledger's columns in t's language. Close frees it.
type MeetingsWriter struct {
	tw *TableWriter
	t  Labels
}

// NewMeetingsWriter starts a ledger of meetings in t's language with its
// heading row.
func NewMeetingsWriter(t Labels) (*MeetingsWriter, error) {
	cols := make([]TableColumn, len(meetingColumns))
	for i, c := range meetingColumns {
		cols[i] = TableColumn{Header: t("report.meetings.col." + c.id), Width: c.width}
	}
	tw, err := NewTableWriter(t("report.meetings.sheet"), cols)
	if err != nil {
		return nil, err
	}
	return &MeetingsWriter{tw: tw, t: t}, nil
}

// Add writes one meeting as the next row: its day in Shanghai as a date
// cell, its hours ("14:30—16:00", with the end's date when it ends
// another day), its type with what else it counts as, and the rest as
// text or numbers; 补录 says "是" for a late entry and is empty otherwise.
func (mw *MeetingsWriter) Add(r MeetingRow) error {
	t := mw.t
	sep := t("report.list_sep")
	text := func(s string) any {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return s
	}
	var day any
	var hours string
	if !r.StartsAt.IsZero() {
		start := r.StartsAt.In(huoshui.Shanghai)
		day = huoshui.DateOf(start)
		hours = start.Format("15:04")
		if !r.EndsAt.IsZero() {
			hours += t("report.meeting.range_dash") + endTime(r.StartsAt, r.EndsAt, t)
		}
	}
	var late any
	if r.LateEntry {
		late = t("report.meetings.yes")
	}
	return mw.tw.Add([]any{
		day, text(hours), text(typeWithAlso(r.Type, r.AlsoCounts, t)), text(r.Title), text(r.Place),
		text(r.Host), text(r.Recorder), r.Invited, r.Present, r.Leave, r.Absent, late,
		text(strings.Join(r.Visits, sep)), text(strings.Join(r.Gains, sep)), text(strings.Join(r.Topics, sep)),
	})
}

// WriteTo finishes the sheet and writes the workbook to w.
func (mw *MeetingsWriter) WriteTo(w io.Writer) (int64, error) { return mw.tw.WriteTo(w) }

// Close frees the workbook and its temporary files.
func (mw *MeetingsWriter) Close() error { return mw.tw.Close() }

// WriteMeetings writes rows as the ledger of meetings (.xlsx) in t's
// language, one row each, in the order given.
func WriteMeetings(w io.Writer, rows []MeetingRow, t Labels) error {
	mw, err := NewMeetingsWriter(t)
	if err != nil {
		return err
	}
	defer mw.Close()
	for _, r := range rows {
		if err := mw.Add(r); err != nil {
			return err
		}
	}
	_, err = mw.WriteTo(w)
	return err
}

// typeWithAlso is a meeting's type followed by what else it counts as:
// "主题党日（同时计为：支部党员大会、党课）".
func typeWithAlso(typ string, also []string, t Labels) string {
	if len(also) == 0 {
		return typ
	}
	return typ + t("report.meeting.paren_open") + t("report.meeting.also_counts") + t("report.meeting.colon") +
		strings.Join(also, t("report.list_sep")) + t("report.meeting.paren_close")
}
