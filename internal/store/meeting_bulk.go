package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
)

// The bulk meeting loader writes years of organisational life at once, for
// the synthetic province of `huoshui gen`: what CreateMeeting followed by
// SetAttendance would write, row for row — the meeting with its kept
// tally, its invitees with who has a vote and what became of each, and the
// monthly counts the compliance calendar reads — but many rows per
// statement inside one transaction, and one audit record per call.

// BulkMeeting is one meeting for BulkCreateMeetings with its invitees.
// Meeting.EnteredAt, when set, is when the record was written (a history
// made up for a synthetic province is written as it would have been: most
// meetings planned ahead, some entered afterwards, 补录); zero means now.
// Meeting.LateEntry is worked out from it, never taken.
type BulkMeeting struct {
	Meeting  *huoshui.Meeting
	Invitees []BulkInvitee
}

// BulkInvitee is one person invited and what became of them. Who has a
// vote follows from the member's record, as CreateMeeting decides it.
type BulkInvitee struct {
	MemberID    int64
	Attendance  huoshui.Attendance
	LeaveReason string
	CheckedInAt *time.Time
}

// BulkCreateMeetings adds many meetings in one transaction and sets their
// IDs: every one goes in, or, when any fails, none does. Each must pass
// Validate and sit at a current node; its invitees, host and recorder must
// be current members of that node's people (a 党小组's own members, a
// branch's, or anyone below a committee), each invited once; a leave needs
// its reason. A failure names the meeting's row in FieldError.Row.
func (s *Store) BulkCreateMeetings(ctx context.Context, a huoshui.Actor, ms []BulkMeeting) error {
	if len(ms) == 0 {
		return nil
	}
	var orgIDs, memberIDs []int64
	seenOrg, seenMember := map[int64]bool{}, map[int64]bool{}
	for i, b := range ms {
		m := b.Meeting
		if err := m.Validate(); err != nil {
			return rowError(i+1, err)
		}
		if !seenOrg[m.OrgID] {
			seenOrg[m.OrgID] = true
			orgIDs = append(orgIDs, m.OrgID)
		}
		v := &huoshui.ValidationError{}
		invited := make(map[int64]bool, len(b.Invitees))
		for _, inv := range b.Invitees {
			if invited[inv.MemberID] {
				return fmt.Errorf("store: bulk meetings: row %d: member %d invited twice: %w", i+1, inv.MemberID, huoshui.ErrConflict)
			}
			switch {
			case inv.Attendance != huoshui.AttendanceUnknown && !inv.Attendance.Valid():
				v.Add("attendance", "invalid_choice")
			case inv.Attendance == huoshui.AttendanceLeave && strings.TrimSpace(inv.LeaveReason) == "":
				v.Add("leave_reason", "meeting.leave_needs_reason")
			case len([]rune(inv.LeaveReason)) > 200:
				v.Add("leave_reason", "too_long", "Max", 200)
			}
			invited[inv.MemberID] = true
		}
		if err := v.Err(); err != nil {
			return rowError(i+1, err)
		}
		for _, id := range append(slices.Collect(maps.Keys(invited)), m.HostID, m.RecorderID) {
			if id != 0 && !seenMember[id] {
				seenMember[id] = true
				memberIDs = append(memberIDs, id)
			}
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		orgs, err := orgsByIDs(ctx, tx, orgIDs)
		if err != nil {
			return err
		}
		people, err := meetingMembersByIDs(ctx, tx, memberIDs)
		if err != nil {
			return err
		}
		now := s.now()
		for i, b := range ms {
			m := b.Meeting
			org := orgs[m.OrgID]
			if org == nil || org.ArchivedAt != nil {
				v := &huoshui.ValidationError{}
				v.Add("org_id", "meeting.org_unknown")
				return rowError(i+1, v)
			}
			belongs := func(id int64) bool {
				p, ok := people[id]
				if !ok || p.archived {
					return false
				}
				if org.Kind == huoshui.OrgGroup { // a group's own members
					return p.groupID == org.ID
				}
				lo, hi := subtreeRange(org.Path)
				return p.path >= lo && p.path < hi
			}
			v := &huoshui.ValidationError{}
			for _, inv := range b.Invitees {
				if !belongs(inv.MemberID) {
					v.Add("invitees", "meeting.invitee_outside")
					break
				}
			}
			if m.HostID != 0 && !belongs(m.HostID) {
				v.Add("host_id", "meeting.person_outside")
			}
			if m.RecorderID != 0 && !belongs(m.RecorderID) {
				v.Add("recorder_id", "meeting.person_outside")
			}
			if err := v.Err(); err != nil {
				return rowError(i+1, err)
			}
			if m.EnteredAt.IsZero() {
				m.EnteredAt = now
			}
			m.EnteredAt = m.EnteredAt.UTC()
			m.LateEntry = huoshui.IsLateEntry(m.EndsAt, m.EnteredAt)
			m.UpdatedAt, m.CreatedBy = now, a.UserID
			m.OrgName, m.OrgPath = org.Name, org.Path
			m.Tally = huoshui.AttendanceTally{}
			for _, inv := range b.Invitees {
				p := people[inv.MemberID]
				voting := huoshui.Votes(m.Type, m.AlsoCounts, huoshui.Member{Status: p.status, CommitteePost: p.post})
				tallyInvitee(&m.Tally, inv.Attendance, voting)
			}
		}
		if err := s.insertBulkMeetings(ctx, tx, ms); err != nil {
			return err
		}
		if err := s.insertBulkInvitees(ctx, tx, ms, people); err != nil {
			return err
		}
		nheld, err := s.addBulkCounts(ctx, tx, ms)
		if err != nil {
			return err
		}
		paths := make([]string, 0, len(orgs))
		for _, o := range orgs {
			paths = append(paths, o.Path)
		}
		if err := s.bumpLife(ctx, tx, paths...); err != nil {
			return err
		}
		// Study last, after the counts and the life versions, as every
		// meeting write keeps it.
		present := studyTouch{}
		for _, b := range ms {
			for _, inv := range b.Invitees {
				if inv.Attendance == huoshui.AttendancePresent {
					present.addTime(b.Meeting.StartsAt, inv.MemberID)
				}
			}
		}
		if err := s.restudy(ctx, tx, present); err != nil {
			return err
		}
		invitees := 0
		for _, b := range ms {
			invitees += len(b.Invitees)
		}
		return s.audit(ctx, tx, a, huoshui.AuditImport, AuditSynthetic, 0, huoshui.PathNodeID(commonPath(paths)), nil,
			map[string]any{"meetings": len(ms), "held": nheld, "invitees": invitees, "orgs": len(orgs)})
	})
}

// tallyInvitee adds one invitee to a meeting's tally, as retally counts.
func tallyInvitee(t *huoshui.AttendanceTally, att huoshui.Attendance, voting bool) {
	t.Invited++
	switch att {
	case huoshui.AttendancePresent:
		t.Present++
	case huoshui.AttendanceLeave:
		t.Leave++
	case huoshui.AttendanceAbsent:
		t.Absent++
	}
	if voting {
		t.Voting++
		if att == huoshui.AttendancePresent {
			t.VotingPresent++
		}
	}
}

// meetingMember is what the bulk loader needs to know of an invitee.
type meetingMember struct {
	path     string // the path of the member's branch
	groupID  int64
	status   huoshui.MemberStatus
	post     huoshui.CommitteePost
	archived bool
}

// meetingMembersByIDs reads the members with the given ids, a few
// thousand per query.
func meetingMembersByIDs(ctx context.Context, q querier, ids []int64) (map[int64]meetingMember, error) {
	out := make(map[int64]meetingMember, len(ids))
	for chunk := range chunks(ids, 5000) {
		w := &where{}
		ph := make([]string, len(chunk))
		for i, id := range chunk {
			ph[i] = w.arg(id)
		}
		rows, err := q.QueryContext(ctx, `SELECT m.id, o.path, COALESCE(m.group_id, 0), m.status, m.committee_post,
			m.archived_at IS NOT NULL FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id IN (`+strings.Join(ph, ",")+")", w.args...)
		if err != nil {
			return nil, fmt.Errorf("store: bulk meetings: members: %w", err)
		}
		for rows.Next() {
			var id int64
			var p meetingMember
			if err := rows.Scan(&id, &p.path, &p.groupID, &p.status, &p.post, &p.archived); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: bulk meetings: members: %w", err)
			}
			out[id] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: bulk meetings: members: %w", err)
		}
	}
	return out, nil
}

// insertBulkMeetings writes the meeting rows and sets their IDs: both
// engines number the rows of a multi-row insert in the order given, so the
// ids returned, sorted, belong to the rows in order.
func (s *Store) insertBulkMeetings(ctx context.Context, tx *sql.Tx, ms []BulkMeeting) error {
	const cols = 26
	for chunk := range chunks(ms, maxBulkParams/cols) {
		var sb strings.Builder
		sb.WriteString(`INSERT INTO meetings (org_id, type, also_counts, title, starts_at, ends_at, place, host_id,
			recorder_id, agenda, minutes, visits, gains, topics, notice_sent_at, cancelled_at, late_entry, entered_at,
			created_by, updated_at, invited, present, on_leave, absent, voting, voting_present) VALUES `)
		args := make([]any, 0, len(chunk)*cols)
		for k, b := range chunk {
			m := b.Meeting
			if k > 0 {
				sb.WriteByte(',')
			}
			s.d.placeholders(&sb, len(args), cols)
			topics, _ := json.Marshal(nonNil(m.Topics))
			t := m.Tally
			args = append(args, m.OrgID, m.Type, joinCodes(m.AlsoCounts), m.Title, m.StartsAt.UTC(), m.EndsAt.UTC(),
				m.Place, nullInt(m.HostID), nullInt(m.RecorderID), m.Agenda, m.Minutes, joinCodes(m.Visits),
				joinCodes(m.Gains), string(topics), utcPtr(m.NoticeSentAt), utcPtr(m.CancelledAt), m.LateEntry,
				m.EnteredAt, nullInt(m.CreatedBy), m.UpdatedAt, t.Invited, t.Present, t.Leave, t.Absent, t.Voting,
				t.VotingPresent)
		}
		sb.WriteString(" RETURNING id")
		ids, err := insertedIDs(ctx, tx, sb.String(), args, len(chunk), "meetings")
		if err != nil {
			return err
		}
		for k, b := range chunk {
			b.Meeting.ID = ids[k]
		}
	}
	return nil
}

func utcPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

// insertBulkInvitees writes every meeting's invitees with their vote and
// attendance.
func (s *Store) insertBulkInvitees(ctx context.Context, tx *sql.Tx, ms []BulkMeeting, people map[int64]meetingMember) error {
	const cols = 7
	per := maxBulkParams / cols
	var sb strings.Builder
	args := make([]any, 0, per*cols)
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("store: bulk meetings: invitees: %w", err)
		}
		sb.Reset()
		args, n = args[:0], 0
		return nil
	}
	for _, b := range ms {
		m := b.Meeting
		for _, inv := range b.Invitees {
			if n == 0 {
				sb.WriteString(`INSERT INTO meeting_invitees (meeting_id, member_id, voting, attendance, leave_reason,
					checked_in_at, starts_at) VALUES `)
			} else {
				sb.WriteByte(',')
			}
			s.d.placeholders(&sb, len(args), cols)
			p := people[inv.MemberID]
			reason := ""
			if inv.Attendance == huoshui.AttendanceLeave {
				reason = strings.Join(strings.Fields(inv.LeaveReason), " ")
			}
			var at any
			if inv.Attendance == huoshui.AttendancePresent {
				at = utcPtr(inv.CheckedInAt)
			}
			args = append(args, m.ID, inv.MemberID,
				huoshui.Votes(m.Type, m.AlsoCounts, huoshui.Member{Status: p.status, CommitteePost: p.post}),
				inv.Attendance, reason, at, m.StartsAt.UTC())
			if n++; n == per {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// addBulkCounts adds the held meetings to the monthly counts, and to the
// same by year, as retally does one by one: each held meeting (not cancelled, someone present) once
// for every type it counts as, in the month it starts in. The counts are
// summed first, so no statement touches a row twice, and written in one
// order (org, month, type), as retally writes them. It returns how many
// meetings were held.
func (s *Store) addBulkCounts(ctx context.Context, tx *sql.Tx, ms []BulkMeeting) (int, error) {
	type key struct {
		org   int64
		month string
		t     huoshui.MeetingType
	}
	n := map[key]int{}
	count := 0
	acts := activityDelta{} // a new meeting has no link yet
	for _, b := range ms {
		m := b.Meeting
		if !held(m) {
			continue
		}
		count++
		acts.add(m.OrgID, monthOf(m.StartsAt), 1, false)
		for _, t := range m.Counts() {
			n[key{m.OrgID, monthOf(m.StartsAt), t}]++
		}
	}
	keys := slices.SortedFunc(maps.Keys(n), func(a, b key) int {
		return cmp.Or(cmp.Compare(a.org, b.org), strings.Compare(a.month, b.month), strings.Compare(string(a.t), string(b.t)))
	})
	const cols = 4
	for chunk := range chunks(keys, maxBulkParams/cols) {
		var sb strings.Builder
		sb.WriteString("INSERT INTO meeting_counts (org_id, type, month, n) VALUES ")
		args := make([]any, 0, len(chunk)*cols)
		for k, c := range chunk {
			if k > 0 {
				sb.WriteByte(',')
			}
			s.d.placeholders(&sb, len(args), cols)
			args = append(args, c.org, c.t, c.month, n[c])
		}
		sb.WriteString(" ON CONFLICT (org_id, month, type) DO UPDATE SET n = meeting_counts.n + excluded.n")
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return 0, fmt.Errorf("store: bulk meetings: counts: %w", err)
		}
	}
	if err := s.moveActivityCounts(ctx, tx, acts); err != nil {
		return 0, err
	}
	moves := make([]countMove, 0, len(keys))
	for _, k := range keys {
		moves = append(moves, countMove{k.org, k.month, k.t, n[k]})
	}
	return count, s.moveYearCounts(ctx, tx, moves)
}
