package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// CalEvent is one event of a calendar feed, such as a meeting a member is
// invited to. Times are instants; the feed writes them in UTC.
type CalEvent struct {
	// UID identifies the event for good, across every version of the feed
	// (e.g. "meeting-42@huoshui.example"): a calendar updates the event
	// with the same UID instead of adding another.
	UID                            string
	Start, End                     time.Time // End may be zero
	Summary, Location, Description string
	URL                            string
	// Updated is when the event last changed; it dates the entry
	// (DTSTAMP, LAST-MODIFIED). Zero means Start.
	Updated time.Time
	// Cancelled keeps a called-off meeting in the feed, marked, so the
	// calendar shows it cancelled instead of silently dropping it.
	Cancelled bool
}

// icalStamp is how the feed writes an instant: UTC, "20261124T063000Z".
const icalStamp = "20060102T150405Z"

// WriteICal writes events as an iCalendar feed (RFC 5545) named name, for
// a calendar application to subscribe to: CRLF line ends, lines folded at
// 75 octets without splitting a character, text escaped, times in UTC (so
// no VTIMEZONE is needed). An event without a UID or a start, or ending
// before it starts, is an error and nothing is written.
func WriteICal(w io.Writer, name string, events []CalEvent) error {
	for i, e := range events {
		switch {
		case strings.TrimSpace(e.UID) == "":
			return fmt.Errorf("report: ical: event %d has no UID", i+1)
		case e.Start.IsZero():
			return fmt.Errorf("report: ical: event %q has no start", e.UID)
		case !e.End.IsZero() && e.End.Before(e.Start):
			return fmt.Errorf("report: ical: event %q ends before it starts", e.UID)
		}
	}
	bw := bufio.NewWriter(w)
	line := func(name, value string) { writeFolded(bw, name+":"+value) }
	text := func(name, value string) {
		if value != "" {
			line(name, icalText(value))
		}
	}
	stamp := func(t time.Time) string { return t.UTC().Format(icalStamp) }

	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//huoshui//huoshui//ZH")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	text("X-WR-CALNAME", name)
	line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
	line("X-PUBLISHED-TTL", "PT1H")
	for _, e := range events {
		updated := e.Updated
		if updated.IsZero() {
			updated = e.Start
		}
		line("BEGIN", "VEVENT")
		line("UID", icalText(e.UID))
		line("DTSTAMP", stamp(updated))
		if !e.Updated.IsZero() {
			line("LAST-MODIFIED", stamp(e.Updated))
		}
		line("DTSTART", stamp(e.Start))
		if !e.End.IsZero() {
			line("DTEND", stamp(e.End))
		}
		text("SUMMARY", e.Summary)
		text("LOCATION", e.Location)
		text("DESCRIPTION", e.Description)
		if u := icalURI(e.URL); u != "" {
			line("URL", u)
		}
		if e.Cancelled {
			line("STATUS", "CANCELLED")
		} else {
			line("STATUS", "CONFIRMED")
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: ical: %w", err)
	}
	return nil
}

// icalText escapes s as an iCalendar TEXT value: backslash, semicolon,
// comma and line ends (any of CRLF, CR, LF) escaped; control characters
// other than tab, which TEXT cannot carry, dropped; bytes that are not
// UTF-8 replaced.
func icalText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\\', r == ';', r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// icalURI is a URI value as it may stand in the feed: one line without
// spaces or controls, which a well-formed URI never has.
func icalURI(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
}

// writeFolded writes one content line and its CRLF, folded (RFC 5545
// 3.1): no line longer than 75 octets, each continuation starting with a
// space, and never in the middle of a UTF-8 character.
func writeFolded(w *bufio.Writer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
