package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// meetingAttendance saves attendance ticked by hand on the meeting's page:
// for each invitee att_<member id> (present, leave, absent or blank) and,
// for a leave, reason_<member id>. A leave without its reason comes back
// with the message beside that person.
func (s *Server) meetingAttendance(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMeeting(r)
	if err != nil {
		return err
	}
	invitees, err := s.store.FindInvitees(r.Context(), m.ID)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[[]store.AttendanceMark]{
		Read: func(v url.Values, ve *huoshui.ValidationError) ([]store.AttendanceMark, error) {
			var marks []store.AttendanceMark
			for _, i := range invitees {
				key := strconv.FormatInt(i.MemberID, 10)
				if _, sent := v["att_"+key]; !sent {
					continue
				}
				marks = append(marks, store.AttendanceMark{MemberID: i.MemberID,
					Attendance: huoshui.Attendance(v.Get("att_" + key)), LeaveReason: v.Get("reason_" + key)})
			}
			return marks, nil
		},
		Save: func(marks []store.AttendanceMark) error {
			err := s.store.SetAttendance(r.Context(), s.actor(r), m.ID, marks)
			if ve, ok := err.(*huoshui.ValidationError); ok {
				// Name each row's field by its person, so the page puts the
				// message beside them.
				for i, fe := range ve.Fields {
					if fe.Row > 0 && fe.Row <= len(marks) {
						ve.Fields[i].Field = fe.Field + "_" + strconv.FormatInt(marks[fe.Row-1].MemberID, 10)
						ve.Fields[i].Row = 0
					}
				}
			}
			return err
		},
		Page: func(code int, f form) error {
			return s.renderMeeting(w, r, code, m, f)
		},
		Flash: "meetings.attendance_saved",
		Next:  func([]store.AttendanceMark) string { return meetingPath(m) + "#attendance" },
	})
}

// meetingInvitees changes who is invited: the ticked people of the
// meeting's branch. Those kept keep their attendance.
func (s *Server) meetingInvitees(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMeeting(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[[]int64]{
		Read: func(v url.Values, ve *huoshui.ValidationError) ([]int64, error) {
			ids := []int64{}
			for _, x := range v["invitees"] {
				id, err := strconv.ParseInt(x, 10, 64)
				if err != nil {
					ve.Add("invitees", "meeting.invitee_outside")
					break
				}
				ids = append(ids, id)
			}
			return ids, nil
		},
		Save: func(ids []int64) error { return s.store.SetInvitees(r.Context(), s.actor(r), m.ID, ids) },
		Page: func(code int, f form) error {
			return s.renderMeeting(w, r, code, m, f)
		},
		Flash: "meetings.invitees_saved",
		Next:  func([]int64) string { return meetingPath(m) + "#attendance" },
	})
}
