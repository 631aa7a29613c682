package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/store"
)

// minutesInput is the minutes form: the record of the meeting and its
// resolutions, one a line.
type minutesInput struct {
	Minutes     string
	Resolutions []string
}

// meetingMinutes saves the minutes and the resolutions together, as the
// recorder writes them after the meeting.
func (s *Server) meetingMinutes(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMeeting(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[minutesInput]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (minutesInput, error) {
			in := minutesInput{Minutes: v.Get("minutes")}
			for _, line := range strings.Split(strings.ReplaceAll(v.Get("resolutions"), "\r\n", "\n"), "\n") {
				in.Resolutions = append(in.Resolutions, line)
			}
			return in, nil
		},
		Save: func(in minutesInput) error {
			upd := *m
			upd.Minutes = in.Minutes
			// Both are checked before either is written, so a refused form
			// writes nothing: the minutes first (no write), then the
			// resolutions (checked before their write).
			if err := upd.Validate(); err != nil {
				return err
			}
			if err := s.store.SetResolutions(r.Context(), s.actor(r), m.ID, in.Resolutions); err != nil {
				return err
			}
			return s.store.UpdateMeeting(r.Context(), s.actor(r), m.ID, &upd)
		},
		Page: func(code int, f form) error {
			// A problem in one line of the resolutions stands beside them,
			// naming the line.
			for _, p := range f.Problems {
				if p.Row > 0 {
					f.Fail(p.Field, f.Errors[fieldKey(p)])
				}
			}
			return s.renderMeeting(w, r, code, m, f)
		},
		Flash: "meetings.minutes_saved",
		Next:  func(minutesInput) string { return meetingPath(m) + "#minutes" },
	})
}

// followUpAdd records a follow-up decided at the meeting.
func (s *Server) followUpAdd(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMeeting(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[*huoshui.FollowUp]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.FollowUp, error) {
			f := &huoshui.FollowUp{MeetingID: m.ID, Text: v.Get("text")}
			f.OwnerID, _ = strconv.ParseInt(v.Get("owner_id"), 10, 64)
			if raw := strings.TrimSpace(v.Get("due")); raw != "" {
				d, err := huoshui.ParseDateText(raw)
				if err != nil {
					ve.Add("due", "date_format")
				}
				f.Due = d
			}
			return f, nil
		},
		Save: func(f *huoshui.FollowUp) error { return s.store.AddFollowUp(r.Context(), s.actor(r), f) },
		Page: func(code int, f form) error {
			return s.renderMeeting(w, r, code, m, f)
		},
		Flash: "meetings.follow_up_added",
		Next:  func(*huoshui.FollowUp) string { return meetingPath(m) + "#follow-ups" },
	})
}

// followUpClose closes a follow-up, from whichever meeting's page shows it;
// followUpReopen opens it again (the undo of a close).
func (s *Server) followUpClose(w http.ResponseWriter, r *http.Request) error {
	return s.followUpClosed(w, r, false)
}

func (s *Server) followUpReopen(w http.ResponseWriter, r *http.Request) error {
	return s.followUpClosed(w, r, true)
}

func (s *Server) followUpClosed(w http.ResponseWriter, r *http.Request, reopen bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	f, err := s.store.FindFollowUpByID(r.Context(), auth.Scope(u, auth.ViewRecord), id)
	if err != nil {
		return err
	}
	org, err := s.store.FindOrgByID(r.Context(), huoshui.Everything(), f.OrgID)
	if err != nil {
		return err
	}
	if !auth.Can(u, auth.EditRecord, auth.Object{OrgPath: org.Path}) {
		return huoshui.ErrForbidden
	}
	back := localPath(r.FormValue("back"))
	if back == "/" {
		back = fmt.Sprintf("/meetings/%d#follow-ups", f.MeetingID)
	}
	flashID := "meetings.follow_up_closed"
	if reopen {
		flashID = "meetings.follow_up_reopened"
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save:      func(struct{}) error { return s.store.CloseFollowUp(r.Context(), s.actor(r), id, reopen) },
		Flash:     flashID,
		FlashArgs: func(struct{}) []any { return []any{"Text", huoshui.Truncate(f.Text, 30)} },
		Next:      func(struct{}) string { return back },
	})
}

// reflectionSave stores the reader's own reflection on a meeting they were
// invited to.
func (s *Server) reflectionSave(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findVisibleMeeting(r)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	if u.MemberID == 0 {
		return fmt.Errorf("reflection: %w: %w", errNoMember, huoshui.ErrForbidden)
	}
	return submit(s, w, r, formFlow[*huoshui.Reflection]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Reflection, error) {
			return &huoshui.Reflection{MeetingID: m.ID, MemberID: u.MemberID, Body: v.Get("body")}, nil
		},
		Save: func(rf *huoshui.Reflection) error {
			err := s.store.SaveReflection(r.Context(), s.actor(r), rf)
			if errors.Is(err, store.ErrNotInvited) {
				return fmt.Errorf("reflection: %w", huoshui.ErrForbidden)
			}
			return err
		},
		Page: func(code int, f form) error {
			return s.renderMeeting(w, r, code, m, f)
		},
		Flash: "meetings.reflection_saved",
		Next:  func(*huoshui.Reflection) string { return meetingPath(m) + "#reflections" },
	})
}

// reflectionComment adds an officer's remark to a reflection.
func (s *Server) reflectionComment(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMeeting(r)
	if err != nil {
		return err
	}
	rid, err := pathID(r, "rid")
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[string]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (string, error) { return v.Get("comment"), nil },
		Save: func(body string) error {
			return s.store.CommentOnReflection(r.Context(), s.actor(r), m.ID, rid, body)
		},
		Page: func(code int, f form) error {
			f.Values.Set("rid", strconv.FormatInt(rid, 10)) // the message goes beside this reflection
			return s.renderMeeting(w, r, code, m, f)
		},
		Flash: "meetings.comment_added",
		Next:  func(string) string { return fmt.Sprintf("%s#reflection-%d", meetingPath(m), rid) },
	})
}
