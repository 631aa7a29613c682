package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// apiMeeting is a meeting in the API.
type apiMeeting struct {
	ID         int64                   `json:"id"`
	Type       huoshui.MeetingType     `json:"type"`
	AlsoCounts []huoshui.MeetingType   `json:"also_counts"`
	Title      string                  `json:"title"`
	StartsAt   time.Time               `json:"starts_at"`
	EndsAt     time.Time               `json:"ends_at"`
	Place      string                  `json:"place"`
	Org        apiOrg                  `json:"org"`
	Visits     []huoshui.Visit         `json:"visits"`
	Gains      []huoshui.Gain          `json:"gains"`
	Topics     []string                `json:"topics"`
	Attendance huoshui.AttendanceTally `json:"attendance"`
	Quorum     *bool                   `json:"quorum,omitempty"`
	LateEntry  bool                    `json:"late_entry"`
	EnteredAt  time.Time               `json:"entered_at"`
	Cancelled  bool                    `json:"cancelled,omitempty"`
}

func apiMeetingOf(m *huoshui.Meeting) apiMeeting {
	a := apiMeeting{ID: m.ID, Type: m.Type, AlsoCounts: m.AlsoCounts, Title: m.Title,
		StartsAt: m.StartsAt.In(huoshui.Shanghai), EndsAt: m.EndsAt.In(huoshui.Shanghai), Place: m.Place,
		Org: apiOrg{m.OrgID, m.OrgName}, Visits: m.Visits, Gains: m.Gains, Topics: m.Topics, Attendance: m.Tally,
		LateEntry: m.LateEntry, EnteredAt: m.EnteredAt.In(huoshui.Shanghai), Cancelled: m.CancelledAt != nil}
	if a.AlsoCounts == nil {
		a.AlsoCounts = []huoshui.MeetingType{}
	}
	if m.NeedsQuorum() {
		q := m.HasQuorum()
		a.Quorum = &q
	}
	return a
}

// apiMeetingsList answers GET /api/v1/meetings?org=ID&from=DATE&to=DATE&type=T:
// the meetings the reader may see, newest first; from and to are dates in
// Asia/Shanghai, both included; org includes the org's subtree. At most
// 1,000 a request; page=N for more.
func (s *Server) apiMeetingsList(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if !auth.CanAnywhere(u, auth.ViewRecord) {
		return huoshui.ErrForbidden
	}
	q := r.URL.Query()
	f := huoshui.MeetingFilter{Scope: auth.Scope(u, auth.ViewRecord), Subtree: true, Limit: 1000}
	ve := &huoshui.ValidationError{}
	if raw := q.Get("org"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			ve.Add("org", "number_format")
		} else {
			if _, err := s.store.FindOrgByID(r.Context(), auth.Scope(u, auth.ViewOrg), id); err != nil {
				return err
			}
			f.OrgID = id
		}
	}
	day := func(field string) time.Time {
		raw := q.Get(field)
		if raw == "" {
			return time.Time{}
		}
		d, err := huoshui.ParseDateText(raw)
		if err != nil {
			ve.Add(field, "date_format")
			return time.Time{}
		}
		return time.Date(d.Year(), d.Time().Month(), d.Time().Day(), 0, 0, 0, 0, huoshui.Shanghai)
	}
	f.From = day("from")
	if to := day("to"); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		ve.Add("to", "date_order")
	}
	if raw := q.Get("type"); raw != "" {
		t := huoshui.MeetingType(raw)
		if !t.Valid() {
			ve.Add("type", "invalid_choice")
		}
		f.Types = []huoshui.MeetingType{t}
	}
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 {
		f.Offset = (p - 1) * f.Limit
	}
	if err := ve.Err(); err != nil {
		return err
	}
	ms, total, err := s.store.FindMeetings(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]apiMeeting, len(ms))
	for i, m := range ms {
		out[i] = apiMeetingOf(m)
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"meetings": out, "total": total})
	return nil
}

// apiMeetingGet answers one meeting the reader may see.
func (s *Server) apiMeetingGet(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findVisibleMeeting(r)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, apiMeetingOf(m))
	return nil
}

// apiMeetingInput is the body of POST /api/v1/meetings. Times are RFC 3339
// with their offset; invitees, when given, replace those the type
// concerns by default.
type apiMeetingInput struct {
	OrgID      int64    `json:"org_id"`
	Type       string   `json:"type"`
	AlsoCounts []string `json:"also_counts"`
	Title      string   `json:"title"`
	StartsAt   string   `json:"starts_at"`
	EndsAt     string   `json:"ends_at"`
	Place      string   `json:"place"`
	HostID     int64    `json:"host_id"`
	RecorderID int64    `json:"recorder_id"`
	Agenda     string   `json:"agenda"`
	Visits     []string `json:"visits"`
	Gains      []string `json:"gains"`
	Topics     []string `json:"topics"`
	Invitees   []int64  `json:"invitees"`
}

// apiMeetingCreate plans a meeting from JSON: 201 with the meeting, or 422
// naming each problem (an end before the start, an unknown type, an
// invitee outside the org) with nothing written.
func (s *Server) apiMeetingCreate(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if !auth.CanAnywhere(u, auth.EditRecord) {
		return huoshui.ErrForbidden
	}
	var in apiMeetingInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	ve := &huoshui.ValidationError{}
	if v := checkJSONText(in); v != nil {
		return v
	}
	m := huoshui.Meeting{OrgID: in.OrgID, Type: huoshui.MeetingType(in.Type), Title: in.Title, Place: in.Place,
		HostID: in.HostID, RecorderID: in.RecorderID, Agenda: in.Agenda, Topics: in.Topics}
	for _, t := range in.AlsoCounts {
		m.AlsoCounts = append(m.AlsoCounts, huoshui.MeetingType(t))
	}
	for _, x := range in.Visits {
		m.Visits = append(m.Visits, huoshui.Visit(x))
	}
	for _, x := range in.Gains {
		m.Gains = append(m.Gains, huoshui.Gain(x))
	}
	at := func(field, raw string) time.Time {
		if raw == "" {
			return time.Time{} // Validate says it is required
		}
		t, err := time.Parse(time.RFC3339, raw)
		if err != nil {
			ve.Add(field, "meeting.time_format")
		}
		return t
	}
	m.StartsAt, m.EndsAt = at("starts_at", in.StartsAt), at("ends_at", in.EndsAt)
	if err := m.Validate(); err != nil {
		for _, fe := range err.(*huoshui.ValidationError).Fields {
			if !ve.Has(fe.Field) {
				ve.Fields = append(ve.Fields, fe)
			}
		}
	}
	if err := ve.Err(); err != nil {
		return err
	}
	if _, err := s.store.FindOrgByID(r.Context(), auth.Scope(u, auth.EditRecord), in.OrgID); err != nil {
		if errors.Is(err, huoshui.ErrNotFound) {
			ve.Add("org_id", "meeting.org_unknown")
			return ve
		}
		return err
	}
	if err := s.store.CreateMeeting(r.Context(), s.actor(r), &m, in.Invitees); err != nil {
		return err
	}
	s.writeJSON(w, http.StatusCreated, apiMeetingOf(&m))
	return nil
}

// decodeJSON reads one JSON object into v: UTF-8 only, unknown fields
// refused, 1 MB at most. A problem is the error to return (a 422 naming
// the field, or 413); a malformed body has been answered already when it
// returns errWritten.
func (s *Server) decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		ve := &huoshui.ValidationError{}
		ve.Add("body", "json.content_type")
		return ve
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBytes))
	if err != nil {
		return err
	}
	if !utf8.Valid(body) {
		ve := &huoshui.ValidationError{}
		ve.Add("body", "text.invalid")
		return ve
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if err := s.jsonInputError(w, r, err); err != nil {
			return err
		}
		return errWritten
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		s.jsonMalformed(w, r)
		return errWritten
	}
	return nil
}
