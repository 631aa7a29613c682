package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
)

const meetingColumns = `mt.id, mt.org_id, mt.type, mt.also_counts, mt.title, mt.starts_at, mt.ends_at, mt.place,
	COALESCE(mt.host_id, 0), COALESCE(mt.recorder_id, 0), mt.agenda, mt.minutes, mt.visits, mt.gains, mt.topics,
	mt.notice_sent_at, mt.cancelled_at, mt.late_entry, mt.entered_at, COALESCE(mt.created_by, 0), mt.updated_at,
	mt.invited, mt.present, mt.on_leave, mt.absent, mt.voting, mt.voting_present,
	o.name, o.path, COALESCE(h.name, ''), COALESCE(r.name, '')`

const meetingFrom = ` FROM meetings mt JOIN orgs o ON o.id = mt.org_id
	LEFT JOIN members h ON h.id = mt.host_id LEFT JOIN members r ON r.id = mt.recorder_id`

func scanMeeting(row interface{ Scan(...any) error }) (*huoshui.Meeting, error) {
	var m huoshui.Meeting
	var also, visits, gains, topics string
	t := &m.Tally
	err := row.Scan(&m.ID, &m.OrgID, &m.Type, &also, &m.Title, &m.StartsAt, &m.EndsAt, &m.Place,
		&m.HostID, &m.RecorderID, &m.Agenda, &m.Minutes, &visits, &gains, &topics,
		&m.NoticeSentAt, &m.CancelledAt, &m.LateEntry, &m.EnteredAt, &m.CreatedBy, &m.UpdatedAt,
		&t.Invited, &t.Present, &t.Leave, &t.Absent, &t.Voting, &t.VotingPresent,
		&m.OrgName, &m.OrgPath, &m.HostName, &m.RecorderName)
	if err != nil {
		return nil, err
	}
	m.AlsoCounts = splitCodes[huoshui.MeetingType](also)
	m.Visits = splitCodes[huoshui.Visit](visits)
	m.Gains = splitCodes[huoshui.Gain](gains)
	m.Topics = []string{}
	if err := json.Unmarshal([]byte(topics), &m.Topics); err != nil {
		return nil, fmt.Errorf("meeting %d topics: %w", m.ID, err)
	}
	m.StartsAt, m.EndsAt, m.EnteredAt = m.StartsAt.UTC(), m.EndsAt.UTC(), m.EnteredAt.UTC()
	return &m, nil
}

// splitCodes reads a comma-separated list of codes; the empty string is
// an empty list, never nil, so JSON shows [].
func splitCodes[T ~string](s string) []T {
	out := []T{}
	for _, x := range strings.Split(s, ",") {
		if x != "" {
			out = append(out, T(x))
		}
	}
	return out
}

func joinCodes[T ~string](xs []T) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = string(x)
	}
	return strings.Join(parts, ",")
}

// meetingScope limits a query to the meetings a scope may see: those held
// at a node in its subtrees, and, for the reader's member id, those that
// invite them wherever they are held (auth.Object.People). one says the
// query reads a single meeting; from and to bound a list's start times.
func meetingScope(w *where, s huoshui.Scope, one bool, from, to time.Time) {
	if s.All {
		return
	}
	var ors []string
	for _, p := range s.Paths {
		lo, hi := subtreeRange(p)
		ors = append(ors, "(o.path >= "+w.arg(lo)+" AND o.path < "+w.arg(hi)+")")
	}
	if s.MemberID != 0 {
		if one {
			// One meeting: a probe of its invitation's primary key.
			ors = append(ors, "EXISTS (SELECT 1 FROM meeting_invitees vi WHERE vi.meeting_id = mt.id AND vi.member_id = "+
				w.arg(s.MemberID)+")")
		} else {
			// A list: IN, not a correlated EXISTS, so that the member's
			// invitations are read from their index, within the times
			// asked for, instead of every meeting being probed.
			inv := "SELECT vi.meeting_id FROM meeting_invitees vi WHERE vi.member_id = " + w.arg(s.MemberID)
			if !from.IsZero() {
				inv += " AND vi.starts_at >= " + w.arg(from.UTC())
			}
			if !to.IsZero() {
				inv += " AND vi.starts_at < " + w.arg(to.UTC())
			}
			ors = append(ors, "mt.id IN ("+inv+")")
		}
	}
	if len(ors) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	w.conds = append(w.conds, "("+strings.Join(ors, " OR ")+")")
}

// FindMeetingByID returns one meeting, cancelled or not, when scope covers
// it (its org's subtree, or the reader is invited); any other id answers
// huoshui.ErrNotFound.
func (s *Store) FindMeetingByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.Meeting, error) {
	w := &where{}
	w.add("mt.id = ?", id)
	meetingScope(w, scope, true, time.Time{}, time.Time{})
	m, err := scanMeeting(s.r.QueryRowContext(ctx, "SELECT "+meetingColumns+meetingFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find meeting %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find meeting %d: %w", id, err)
	}
	return m, nil
}

// lockMeeting reads a meeting inside a write transaction and holds it until
// the transaction ends, so that changes to one meeting take turns.
func (s *Store) lockMeeting(ctx context.Context, tx *sql.Tx, id int64) (*huoshui.Meeting, error) {
	m, err := scanMeeting(tx.QueryRowContext(ctx, "SELECT "+meetingColumns+meetingFrom+" WHERE mt.id = $1"+s.d.forUpdate("mt"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find meeting %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: lock meeting %d: %w", id, err)
	}
	return m, nil
}

// FindMeetings lists the meetings f selects, newest first, with the total
// that match. The zero filter lists nothing.
func (s *Store) FindMeetings(ctx context.Context, f huoshui.MeetingFilter) ([]*huoshui.Meeting, int, error) {
	w := meetingWhere(f)
	countArgs := len(w.args)
	q := "SELECT " + meetingColumns + meetingFrom + w.String() + " ORDER BY mt.starts_at DESC, mt.id DESC"
	if f.Limit > 0 {
		q += " LIMIT " + w.arg(f.Limit) + " OFFSET " + w.arg(max(0, f.Offset))
	}
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: find meetings: %w", err)
	}
	defer rows.Close()
	out := []*huoshui.Meeting{}
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: scan meeting: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: find meetings: %w", err)
	}
	switch {
	case f.Limit <= 0:
		return out, len(out), nil
	case len(out) < f.Limit && (len(out) > 0 || f.Offset <= 0):
		return out, max(0, f.Offset) + len(out), nil
	}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+meetingFrom+w.String(), w.args[:countArgs]...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count meetings: %w", err)
	}
	return out, total, nil
}

func meetingWhere(f huoshui.MeetingFilter) *where {
	w := &where{}
	meetingScope(w, f.Scope, false, f.From, f.To)
	if f.OrgID != 0 {
		if f.Subtree {
			w.add("o.path >= (SELECT path FROM orgs WHERE id = ?)", f.OrgID)
			w.add("o.path < (SELECT "+subtreeEndSQL+" FROM orgs WHERE id = ?)", f.OrgID)
		} else {
			w.add("mt.org_id = ?", f.OrgID)
		}
	}
	if !f.From.IsZero() {
		w.add("mt.starts_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		w.add("mt.starts_at < ?", f.To.UTC())
	}
	if len(f.Types) > 0 {
		var ors []string
		for _, t := range f.Types {
			ors = append(ors, "mt.type = "+w.arg(string(t)))
			ors = append(ors, "(',' || mt.also_counts || ',') LIKE "+w.arg("%,"+string(t)+",%"))
		}
		w.conds = append(w.conds, "("+strings.Join(ors, " OR ")+")")
	}
	if f.Query != "" {
		w.add("(mt.title LIKE ? OR mt.place LIKE ?)", "%"+likeEscape(f.Query)+"%", "%"+likeEscape(f.Query)+"%")
	}
	if f.Cancelled {
		w.add("mt.cancelled_at IS NOT NULL")
	} else {
		w.add("mt.cancelled_at IS NULL")
	}
	return w
}

// subtreeEndSQL is subtreeRange's upper bound computed in SQL from a
// path column: "/1/7/" → "/1/70".
const subtreeEndSQL = "substr(path, 1, length(path) - 1) || '0'"

// meetingHome is the node whose members a meeting of org may invite: a
// 党小组's branch, or the org itself.
func meetingHome(ctx context.Context, q querier, org *huoshui.Org) (*huoshui.Org, error) {
	if org.Kind == huoshui.OrgGroup && org.ParentID != 0 {
		return findOrg(ctx, q, org.ParentID)
	}
	return org, nil
}

// OrgMembersForMeeting lists the current members a meeting of org may
// invite: a branch's members, a 党小组's own members first… in short the
// people of meetingHome; for a group only those in the group. It is what
// the form offers and what DefaultInvitees picks from.
func (s *Store) OrgMembersForMeeting(ctx context.Context, org *huoshui.Org) ([]huoshui.Member, error) {
	return s.meetingPeople(ctx, s.r, org)
}

func (s *Store) meetingPeople(ctx context.Context, q querier, org *huoshui.Org) ([]huoshui.Member, error) {
	home, err := meetingHome(ctx, q, org)
	if err != nil {
		return nil, err
	}
	w := &where{}
	lo, hi := subtreeRange(home.Path)
	w.add("o.path >= ? AND o.path < ?", lo, hi)
	w.add("m.archived_at IS NULL")
	if org.Kind == huoshui.OrgGroup {
		w.add("m.group_id = ?", org.ID)
	}
	rows, err := q.QueryContext(ctx, "SELECT "+memberColumns+memberFrom+w.String()+" ORDER BY m.name_key, m.id", w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: meeting people of org %d: %w", org.ID, err)
	}
	defer rows.Close()
	var out []huoshui.Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}

// CreateMeeting plans (or, after the fact, records) a meeting with its
// invitees. invitees nil invites those the type concerns by default
// (huoshui.DefaultInvitees); otherwise each must be a current member of
// the org's branch, else a validation error on "invitees". A meeting
// entered after it ended is a late entry (补录) dated as given.
func (s *Store) CreateMeeting(ctx context.Context, a huoshui.Actor, m *huoshui.Meeting, invitees []int64) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		org, err := s.lockOrg(ctx, tx, m.OrgID)
		if errors.Is(err, huoshui.ErrNotFound) || (err == nil && org.ArchivedAt != nil) {
			v := &huoshui.ValidationError{}
			v.Add("org_id", "meeting.org_unknown")
			return v
		}
		if err != nil {
			return err
		}
		people, err := s.meetingPeople(ctx, tx, org)
		if err != nil {
			return err
		}
		chosen, err := pickInvitees(m, people, invitees)
		if err != nil {
			return err
		}
		if err := checkOfficers(m, people); err != nil {
			return err
		}
		now := s.now()
		m.EnteredAt, m.UpdatedAt, m.CreatedBy = now, now, a.UserID
		m.LateEntry = huoshui.IsLateEntry(m.EndsAt, now)
		m.OrgName, m.OrgPath = org.Name, org.Path
		topics, _ := json.Marshal(nonNil(m.Topics))
		err = tx.QueryRowContext(ctx, `INSERT INTO meetings (org_id, type, also_counts, title, starts_at, ends_at,
			place, host_id, recorder_id, agenda, minutes, visits, gains, topics, late_entry, entered_at, created_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
			m.OrgID, m.Type, joinCodes(m.AlsoCounts), m.Title, m.StartsAt.UTC(), m.EndsAt.UTC(), m.Place,
			nullInt(m.HostID), nullInt(m.RecorderID), m.Agenda, m.Minutes, joinCodes(m.Visits), joinCodes(m.Gains),
			string(topics), m.LateEntry, now, nullInt(a.UserID), now).Scan(&m.ID)
		if err != nil {
			return fmt.Errorf("store: create meeting: %w", err)
		}
		for _, p := range chosen {
			if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_invitees (meeting_id, member_id, voting, starts_at) VALUES ($1, $2, $3, $4)`,
				m.ID, p.ID, huoshui.Votes(m.Type, m.AlsoCounts, p), m.StartsAt.UTC()); err != nil {
				return fmt.Errorf("store: invite member %d: %w", p.ID, err)
			}
		}
		if err := s.retally(ctx, tx, nil, m); err != nil {
			return err
		}
		if err := s.restudyMeeting(ctx, tx, nil, m); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "meeting", m.ID, m.OrgID, nil, auditMeeting(m, memberIDs(chosen)))
	})
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func memberIDs(ms []huoshui.Member) []int64 {
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	return ids
}

// auditMeeting is what the audit trail keeps of a meeting: its fields and,
// when given, its invitees.
func auditMeeting(m *huoshui.Meeting, invitees []int64) any {
	type rec struct {
		*huoshui.Meeting
		OrgID      int64   `json:"org_id"`
		HostID     int64   `json:"host_id,omitempty"`
		RecorderID int64   `json:"recorder_id,omitempty"`
		Invitees   []int64 `json:"invitees,omitempty"`
	}
	return rec{Meeting: m, OrgID: m.OrgID, HostID: m.HostID, RecorderID: m.RecorderID, Invitees: invitees}
}

// pickInvitees resolves the invitees asked for against the org's people.
func pickInvitees(m *huoshui.Meeting, people []huoshui.Member, ids []int64) ([]huoshui.Member, error) {
	if ids == nil {
		return huoshui.DefaultInvitees(m.Type, people), nil
	}
	byID := make(map[int64]huoshui.Member, len(people))
	for _, p := range people {
		byID[p.ID] = p
	}
	var out []huoshui.Member
	seen := map[int64]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		p, ok := byID[id]
		if !ok {
			v := &huoshui.ValidationError{}
			v.Add("invitees", "meeting.invitee_outside")
			return nil, v
		}
		out = append(out, p)
	}
	return out, nil
}

// checkOfficers makes sure the host and the recorder are people of the org.
func checkOfficers(m *huoshui.Meeting, people []huoshui.Member) error {
	v := &huoshui.ValidationError{}
	in := func(id int64) bool {
		return slices.ContainsFunc(people, func(p huoshui.Member) bool { return p.ID == id })
	}
	if m.HostID != 0 && !in(m.HostID) {
		v.Add("host_id", "meeting.person_outside")
	}
	if m.RecorderID != 0 && !in(m.RecorderID) {
		v.Add("recorder_id", "meeting.person_outside")
	}
	return v.Err()
}

// UpdateMeeting saves what an officer changed on a meeting: its details,
// minutes and theme-day fields. The org and the entry time never change;
// a changed type or also-counts re-reads who has a vote. The record keeps
// its 补录 mark.
func (s *Store) UpdateMeeting(ctx context.Context, a huoshui.Actor, id int64, m *huoshui.Meeting) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockMeeting(ctx, tx, id)
		if err != nil {
			return err
		}
		org, err := findOrg(ctx, tx, before.OrgID)
		if err != nil {
			return err
		}
		people, err := s.meetingPeople(ctx, tx, org)
		if err != nil {
			return err
		}
		// Someone who left the branch may still have hosted this meeting.
		if m.HostID == before.HostID && m.RecorderID == before.RecorderID {
			people = nil
		}
		if people != nil {
			if err := checkOfficers(m, people); err != nil {
				return err
			}
		}
		m.ID, m.OrgID, m.OrgName, m.OrgPath = id, before.OrgID, before.OrgName, before.OrgPath
		m.EnteredAt, m.LateEntry, m.CreatedBy = before.EnteredAt, before.LateEntry, before.CreatedBy
		m.NoticeSentAt, m.CancelledAt = before.NoticeSentAt, before.CancelledAt
		m.UpdatedAt = s.now()
		topics, _ := json.Marshal(nonNil(m.Topics))
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET type = $1, also_counts = $2, title = $3, starts_at = $4,
			ends_at = $5, place = $6, host_id = $7, recorder_id = $8, agenda = $9, minutes = $10, visits = $11,
			gains = $12, topics = $13, updated_at = $14 WHERE id = $15`,
			m.Type, joinCodes(m.AlsoCounts), m.Title, m.StartsAt.UTC(), m.EndsAt.UTC(), m.Place, nullInt(m.HostID),
			nullInt(m.RecorderID), m.Agenda, m.Minutes, joinCodes(m.Visits), joinCodes(m.Gains), string(topics),
			m.UpdatedAt, id); err != nil {
			return fmt.Errorf("store: update meeting %d: %w", id, err)
		}
		if !before.StartsAt.Equal(m.StartsAt) {
			if _, err := tx.ExecContext(ctx, `UPDATE meeting_invitees SET starts_at = $1 WHERE meeting_id = $2`, m.StartsAt.UTC(), id); err != nil {
				return fmt.Errorf("store: update meeting %d: invitees: %w", id, err)
			}
		}
		if before.Type != m.Type || !slices.Equal(before.AlsoCounts, m.AlsoCounts) {
			if err := s.revote(ctx, tx, m); err != nil {
				return err
			}
		}
		if err := s.retally(ctx, tx, before, m); err != nil {
			return err
		}
		if err := s.restudyMeeting(ctx, tx, before, m); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "meeting", id, m.OrgID, auditMeeting(before, nil), auditMeeting(m, nil))
	})
}

// revote sets who has a vote at m from its type and the invitees' records.
func (s *Store) revote(ctx context.Context, tx *sql.Tx, m *huoshui.Meeting) error {
	rows, err := tx.QueryContext(ctx, `SELECT m.status, m.committee_post, m.id FROM meeting_invitees i
		JOIN members m ON m.id = i.member_id WHERE i.meeting_id = $1`, m.ID)
	if err != nil {
		return fmt.Errorf("store: revote meeting %d: %w", m.ID, err)
	}
	var ps []huoshui.Member
	for rows.Next() {
		var p huoshui.Member
		if err := rows.Scan(&p.Status, &p.CommitteePost, &p.ID); err != nil {
			rows.Close()
			return err
		}
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range ps {
		if _, err := tx.ExecContext(ctx, `UPDATE meeting_invitees SET voting = $1 WHERE meeting_id = $2 AND member_id = $3`,
			huoshui.Votes(m.Type, m.AlsoCounts, p), m.ID, p.ID); err != nil {
			return fmt.Errorf("store: revote meeting %d: %w", m.ID, err)
		}
	}
	return nil
}

// CancelMeeting calls a meeting off (restore: false) or back on (true).
// A cancelled meeting stays on record and counts for nothing.
func (s *Store) CancelMeeting(ctx context.Context, a huoshui.Actor, id int64, restore bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockMeeting(ctx, tx, id)
		if err != nil {
			return err
		}
		after := *before
		action := huoshui.AuditArchive
		if restore {
			after.CancelledAt, action = nil, huoshui.AuditRestore
		} else {
			now := s.now()
			after.CancelledAt = &now
		}
		if (before.CancelledAt == nil) == (after.CancelledAt == nil) {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET cancelled_at = $1, updated_at = $2 WHERE id = $3`,
			after.CancelledAt, s.now(), id); err != nil {
			return fmt.Errorf("store: cancel meeting %d: %w", id, err)
		}
		if err := s.retally(ctx, tx, before, &after); err != nil {
			return err
		}
		if err := s.restudyMeeting(ctx, tx, before, &after); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, action, "meeting", id, before.OrgID, nil, map[string]any{"cancelled_at": after.CancelledAt})
	})
}

// MarkNoticeSent records that the notice of a meeting went out.
func (s *Store) MarkNoticeSent(ctx context.Context, a huoshui.Actor, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		m, err := s.lockMeeting(ctx, tx, id)
		if err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET notice_sent_at = $1 WHERE id = $2`, now, id); err != nil {
			return fmt.Errorf("store: notice meeting %d: %w", id, err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "meeting", id, m.OrgID, nil, map[string]any{"notice_sent_at": now})
	})
}

// MeetingCount is how many held meetings counted as a type in a month
// (Asia/Shanghai, "2026-11") at one org.
type MeetingCount struct {
	OrgID int64
	Type  huoshui.MeetingType
	Month string
	N     int
}

// held reports whether a meeting counts toward the rules: not cancelled,
// and someone was there.
func held(m *huoshui.Meeting) bool {
	return m != nil && m.CancelledAt == nil && m.Tally.Present > 0
}

// monthOf is the month a meeting counts in: the month of its start in
// Asia/Shanghai.
func monthOf(t time.Time) string { return t.In(huoshui.Shanghai).Format("2006-01") }

// retally re-counts the meeting's attendance from its invitees into its
// row, moves the monthly counts from what before counted to what after
// counts, and moves the life version of its org, in the caller's
// transaction: the summary changes with the records it summarises, in one
// place.
func (s *Store) retally(ctx context.Context, tx *sql.Tx, before, after *huoshui.Meeting) error {
	delta := map[countKey]int{}
	if err := s.tally(ctx, tx, before, after, delta); err != nil {
		return err
	}
	if err := s.moveCounts(ctx, tx, delta); err != nil {
		return err
	}
	return s.bumpLife(ctx, tx, after.OrgPath)
}

// countKey names one row of meeting_counts.
type countKey struct {
	org   int64
	month string
	t     huoshui.MeetingType
}

// tally re-counts after's attendance into its row and adds to delta how
// the monthly counts move from before to after.
func (s *Store) tally(ctx context.Context, tx *sql.Tx, before, after *huoshui.Meeting, delta map[countKey]int) error {
	t := &after.Tally
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN attendance = 'present' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN attendance = 'leave' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN attendance = 'absent' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN voting THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN voting AND attendance = 'present' THEN 1 ELSE 0 END), 0)
		FROM meeting_invitees WHERE meeting_id = $1`, after.ID).
		Scan(&t.Invited, &t.Present, &t.Leave, &t.Absent, &t.Voting, &t.VotingPresent)
	if err != nil {
		return fmt.Errorf("store: tally meeting %d: %w", after.ID, err)
	}
	return s.keepTally(ctx, tx, before, after, delta)
}

// keepTally writes after's tally into its row and adds to delta how the
// monthly counts move from what before counted to what after counts:
// tally's second half, for a caller that knows the tally without counting
// (a batch of check-ins).
func (s *Store) keepTally(ctx context.Context, tx *sql.Tx, before, after *huoshui.Meeting, delta map[countKey]int) error {
	t := &after.Tally
	if _, err := tx.ExecContext(ctx, `UPDATE meetings SET invited = $1, present = $2, on_leave = $3, absent = $4,
		voting = $5, voting_present = $6 WHERE id = $7`,
		t.Invited, t.Present, t.Leave, t.Absent, t.Voting, t.VotingPresent, after.ID); err != nil {
		return fmt.Errorf("store: tally meeting %d: %w", after.ID, err)
	}
	if held(before) {
		for _, ty := range before.Counts() {
			delta[countKey{before.OrgID, monthOf(before.StartsAt), ty}]--
		}
	}
	if held(after) {
		for _, ty := range after.Counts() {
			delta[countKey{after.OrgID, monthOf(after.StartsAt), ty}]++
		}
	}
	return s.meetingActivity(ctx, tx, before, after, delta) // activity_counts.go
}

// moveCounts applies delta to meeting_counts. Rows are upserted in one
// order (org, month, then type), however many meetings the transaction
// re-tallied, so that two transactions moving counts of the same org
// cannot lock them crosswise on PostgreSQL.
func (s *Store) moveCounts(ctx context.Context, tx *sql.Tx, delta map[countKey]int) error {
	if err := s.moveActivityCounts(ctx, tx, takeActivity(delta)); err != nil {
		return err
	}
	keys := slices.SortedFunc(maps.Keys(delta), func(a, b countKey) int {
		return cmp.Or(cmp.Compare(a.org, b.org), strings.Compare(a.month, b.month), strings.Compare(string(a.t), string(b.t)))
	})
	var moves []countMove
	for _, k := range keys {
		d := delta[k]
		if d == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_counts (org_id, type, month, n) VALUES ($1, $2, $3, $4)
			ON CONFLICT (org_id, month, type) DO UPDATE SET n = meeting_counts.n + excluded.n`,
			k.org, k.t, k.month, d); err != nil {
			return fmt.Errorf("store: count meetings: %w", err)
		}
		moves = append(moves, countMove{k.org, k.month, k.t, d})
	}
	return s.moveYearCounts(ctx, tx, moves) // the same by year, after every monthly row (meeting_year.go)
}

// FindMeetingCounts reads the monthly counts of the orgs in the subtree of
// root (root itself included) for months in [from, to] ("2026-01",
// "2026-12"). It is the compliance calendar's only read, from the counts by
// year (meeting_year.go).
func (s *Store) FindMeetingCounts(ctx context.Context, root *huoshui.Org, from, to string) ([]MeetingCount, error) {
	return s.findYearCounts(ctx, root, from, to)
}

// findMonthCounts is FindMeetingCounts from the row-per-month table: what
// the counts by year must always agree with.
func (s *Store) findMonthCounts(ctx context.Context, root *huoshui.Org, from, to string) ([]MeetingCount, error) {
	lo, hi := subtreeRange(root.Path)
	rows, err := s.r.QueryContext(ctx, `SELECT c.org_id, c.type, c.month, c.n FROM meeting_counts c
		JOIN orgs o ON o.id = c.org_id
		WHERE o.path >= $1 AND o.path < $2 AND c.month >= $3 AND c.month <= $4 AND c.n > 0`, lo, hi, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: meeting counts: %w", err)
	}
	defer rows.Close()
	var out []MeetingCount
	for rows.Next() {
		var c MeetingCount
		if err := rows.Scan(&c.OrgID, &c.Type, &c.Month, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
