package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/huoshui/huoshui"
)

const discussionColumns = `d.id, d.org_id, d.topic, d.held_on, d.place, d.minutes, COALESCE(d.host_id, 0), d.lead_in,
	d.consensus, COALESCE(d.meeting_id, 0), COALESCE(d.created_by, 0), d.created_at, d.updated_at,
	o.name, o.path, COALESCE(h.name, ''), COALESCE(mt.title, '')`

const discussionFrom = ` FROM discussions d JOIN orgs o ON o.id = d.org_id LEFT JOIN members h ON h.id = d.host_id
	LEFT JOIN meetings mt ON mt.id = d.meeting_id`

func scanDiscussion(row interface{ Scan(...any) error }) (*huoshui.Discussion, error) {
	var d huoshui.Discussion
	err := row.Scan(&d.ID, &d.OrgID, &d.Topic, &d.HeldOn, &d.Place, &d.Minutes, &d.HostID, &d.LeadIn,
		&d.Consensus, &d.MeetingID, &d.CreatedBy, &d.CreatedAt, &d.UpdatedAt,
		&d.OrgName, &d.OrgPath, &d.HostName, &d.MeetingTitle)
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// DiscussionFilter selects discussions for a list. The zero filter lists
// nothing: Scope must be set.
type DiscussionFilter struct {
	Scope huoshui.Scope
	OrgID int64 // one org and everything below it; 0: all of Scope
	Year  int
	Limit int
}

// FindDiscussions lists the discussions f selects, latest first.
func (s *Store) FindDiscussions(ctx context.Context, f DiscussionFilter) ([]*huoshui.Discussion, error) {
	w := &where{}
	w.addScope(f.Scope, "o.path", "")
	if f.OrgID != 0 {
		w.add("o.path >= (SELECT path FROM orgs WHERE id = ?)", f.OrgID)
		w.add("o.path < (SELECT "+subtreeEndSQL+" FROM orgs WHERE id = ?)", f.OrgID)
	}
	if f.Year != 0 {
		w.add("d.held_on >= ? AND d.held_on < ?", yearStart(f.Year), yearStart(f.Year+1))
	}
	q := "SELECT " + discussionColumns + discussionFrom + w.String() + " ORDER BY d.held_on DESC, d.id DESC"
	if f.Limit > 0 {
		q += " LIMIT " + w.arg(f.Limit)
	}
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: find discussions: %w", err)
	}
	defer rows.Close()
	out := []*huoshui.Discussion{}
	for rows.Next() {
		d, err := scanDiscussion(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan discussion: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// FindDiscussionByID returns one discussion when scope covers its org.
func (s *Store) FindDiscussionByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.Discussion, error) {
	w := &where{}
	w.add("d.id = ?", id)
	w.addScope(scope, "o.path", "")
	d, err := scanDiscussion(s.r.QueryRowContext(ctx, "SELECT "+discussionColumns+discussionFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find discussion %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find discussion %d: %w", id, err)
	}
	return d, nil
}

func (s *Store) lockDiscussion(ctx context.Context, tx *sql.Tx, id int64) (*huoshui.Discussion, error) {
	d, err := scanDiscussion(tx.QueryRowContext(ctx, "SELECT "+discussionColumns+discussionFrom+" WHERE d.id = $1"+s.d.forUpdate("d"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: discussion %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: discussion %d: %w", id, err)
	}
	return d, nil
}

func auditDiscussion(d *huoshui.Discussion) any {
	type rec struct {
		*huoshui.Discussion
		OrgID  int64 `json:"org_id"`
		HostID int64 `json:"host_id,omitempty"`
	}
	return rec{Discussion: d, OrgID: d.OrgID, HostID: d.HostID}
}

// CreateDiscussion records a collective discussion of an org (a branch, a
// 党小组 or a committee), hosted by one of its people.
func (s *Store) CreateDiscussion(ctx context.Context, a huoshui.Actor, d *huoshui.Discussion) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		org, people, err := s.studyBranch(ctx, tx, d.OrgID, false)
		if err != nil {
			return err
		}
		v := &huoshui.ValidationError{}
		if d.HostID != 0 && !hasPerson(people, d.HostID) {
			v.Add("host_id", "meeting.person_outside")
		}
		if err := checkStudyMeeting(ctx, tx, org, d.MeetingID, v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.now()
		d.CreatedAt, d.UpdatedAt, d.CreatedBy = now, now, a.UserID
		err = tx.QueryRowContext(ctx, `INSERT INTO discussions (org_id, topic, held_on, place, minutes, host_id, lead_in,
			consensus, meeting_id, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			RETURNING id`, d.OrgID, d.Topic, d.HeldOn, d.Place, d.Minutes, nullInt(d.HostID), d.LeadIn, d.Consensus,
			nullInt(d.MeetingID), nullInt(a.UserID), now, now).Scan(&d.ID)
		if err != nil {
			return fmt.Errorf("store: create discussion: %w", err)
		}
		if err := s.dayActivity(ctx, tx, huoshui.ActivityDiscussion, d.ID, d.OrgID, huoshui.Date{}, d.HeldOn); err != nil {
			return err
		}
		touch := studyTouch{}
		if err := studyPeople(ctx, tx, discussionStudy, d.ID, touch); err != nil {
			return err
		}
		if err := s.restudy(ctx, tx, touch); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "discussion", d.ID, d.OrgID, nil, auditDiscussion(d))
	})
}

// UpdateDiscussion saves what an officer changed on a discussion; the org
// never changes, and a host who has since left may stay.
func (s *Store) UpdateDiscussion(ctx context.Context, a huoshui.Actor, id int64, d *huoshui.Discussion) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockDiscussion(ctx, tx, id)
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
		v := &huoshui.ValidationError{}
		if d.HostID != 0 && d.HostID != before.HostID && !hasPerson(people, d.HostID) {
			v.Add("host_id", "meeting.person_outside")
		}
		if d.MeetingID != before.MeetingID {
			if err := checkStudyMeeting(ctx, tx, org, d.MeetingID, v); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		d.ID, d.OrgID, d.CreatedAt, d.CreatedBy, d.UpdatedAt = id, before.OrgID, before.CreatedAt, before.CreatedBy, s.now()
		touch := studyTouch{}
		if err := studyPeople(ctx, tx, discussionStudy, id, touch); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE discussions SET topic = $1, held_on = $2, place = $3, minutes = $4, host_id = $5,
			lead_in = $6, consensus = $7, meeting_id = $8, updated_at = $9 WHERE id = $10`,
			d.Topic, d.HeldOn, d.Place, d.Minutes, nullInt(d.HostID), d.LeadIn, d.Consensus, nullInt(d.MeetingID), d.UpdatedAt, id)
		if err != nil {
			return fmt.Errorf("store: update discussion %d: %w", id, err)
		}
		if err := s.dayActivity(ctx, tx, huoshui.ActivityDiscussion, id, d.OrgID, before.HeldOn, d.HeldOn); err != nil {
			return err
		}
		if err := studyPeople(ctx, tx, discussionStudy, id, touch); err != nil {
			return err
		}
		if err := s.restudy(ctx, tx, touch); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "discussion", id, d.OrgID, auditDiscussion(before), auditDiscussion(d))
	})
}

// FindDiscussionSpeakers lists what was said at a discussion, in order.
func (s *Store) FindDiscussionSpeakers(ctx context.Context, discussionID int64) ([]huoshui.DiscussionSpeaker, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT sp.id, sp.discussion_id, sp.member_id, sp.text, m.name
		FROM discussion_speakers sp JOIN members m ON m.id = sp.member_id WHERE sp.discussion_id = $1 ORDER BY sp.id`, discussionID)
	if err != nil {
		return nil, fmt.Errorf("store: speakers of discussion %d: %w", discussionID, err)
	}
	defer rows.Close()
	out := []huoshui.DiscussionSpeaker{}
	for rows.Next() {
		var x huoshui.DiscussionSpeaker
		if err := rows.Scan(&x.ID, &x.DiscussionID, &x.MemberID, &x.Text, &x.MemberName); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// AddDiscussionSpeaker records one member's points at a discussion: a
// current person of the discussion's org.
func (s *Store) AddDiscussionSpeaker(ctx context.Context, a huoshui.Actor, x *huoshui.DiscussionSpeaker) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		d, err := s.lockDiscussion(ctx, tx, x.DiscussionID)
		if err != nil {
			return err
		}
		if err := s.checkDiscussionPerson(ctx, tx, d, x.MemberID, "member_id"); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO discussion_speakers (discussion_id, member_id, text, created_at)
			VALUES ($1, $2, $3, $4) RETURNING id`, x.DiscussionID, x.MemberID, x.Text, s.now()).Scan(&x.ID)
		if err != nil {
			return fmt.Errorf("store: add speaker: %w", err)
		}
		touch := studyTouch{}
		touch.addDate(d.HeldOn, x.MemberID)
		if err := s.restudy(ctx, tx, touch); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "discussion_speaker", x.ID, d.OrgID, nil, x)
	})
}

func (s *Store) checkDiscussionPerson(ctx context.Context, tx *sql.Tx, d *huoshui.Discussion, id int64, field string) error {
	org, err := findOrg(ctx, tx, d.OrgID)
	if err != nil {
		return err
	}
	people, err := s.meetingPeople(ctx, tx, org)
	if err != nil {
		return err
	}
	if !hasPerson(people, id) {
		v := &huoshui.ValidationError{}
		v.Add(field, "meeting.person_outside")
		return v
	}
	return nil
}

const actionColumns = `x.id, x.discussion_id, x.org_id, x.text, COALESCE(x.owner_id, 0), x.due, x.closed_at, x.created_at,
	COALESCE(w.name, ''), d.topic`

const actionFrom = ` FROM discussion_actions x JOIN discussions d ON d.id = x.discussion_id LEFT JOIN members w ON w.id = x.owner_id`

func scanActions(rows *sql.Rows) ([]huoshui.DiscussionAction, error) {
	defer rows.Close()
	out := []huoshui.DiscussionAction{}
	for rows.Next() {
		var x huoshui.DiscussionAction
		if err := rows.Scan(&x.ID, &x.DiscussionID, &x.OrgID, &x.Text, &x.OwnerID, &x.Due, &x.ClosedAt, &x.CreatedAt,
			&x.OwnerName, &x.DiscussionTopic); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// FindDiscussionActions lists the actions agreed at a discussion.
func (s *Store) FindDiscussionActions(ctx context.Context, discussionID int64) ([]huoshui.DiscussionAction, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+actionColumns+actionFrom+" WHERE x.discussion_id = $1 ORDER BY x.id", discussionID)
	if err != nil {
		return nil, fmt.Errorf("store: actions of discussion %d: %w", discussionID, err)
	}
	return scanActions(rows)
}

// FindOpenDiscussionActions lists the org's actions not yet closed that
// were agreed at discussions held before discussion exceptID (by date,
// then by id): they appear on every later discussion of the org until
// someone closes them. Soonest due first.
func (s *Store) FindOpenDiscussionActions(ctx context.Context, orgID, exceptID int64) ([]huoshui.DiscussionAction, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+actionColumns+actionFrom+`
		JOIN discussions cur ON cur.id = $2
		WHERE x.org_id = $1 AND x.closed_at IS NULL AND x.discussion_id <> $2
		AND (d.held_on < cur.held_on OR (d.held_on = cur.held_on AND d.id < cur.id))
		ORDER BY CASE WHEN x.due IS NULL THEN 1 ELSE 0 END, x.due, x.id`, orgID, exceptID)
	if err != nil {
		return nil, fmt.Errorf("store: open actions of org %d: %w", orgID, err)
	}
	return scanActions(rows)
}

// AddDiscussionAction records a measure agreed at a discussion: what, who
// (a person of the org, or nobody yet) and by when.
func (s *Store) AddDiscussionAction(ctx context.Context, a huoshui.Actor, x *huoshui.DiscussionAction) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		d, err := s.lockDiscussion(ctx, tx, x.DiscussionID)
		if err != nil {
			return err
		}
		if x.OwnerID != 0 {
			if err := s.checkDiscussionPerson(ctx, tx, d, x.OwnerID, "owner_id"); err != nil {
				return err
			}
		}
		x.OrgID, x.CreatedAt = d.OrgID, s.now()
		err = tx.QueryRowContext(ctx, `INSERT INTO discussion_actions (discussion_id, org_id, text, owner_id, due, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, x.DiscussionID, x.OrgID, x.Text, nullInt(x.OwnerID), x.Due, x.CreatedAt).Scan(&x.ID)
		if err != nil {
			return fmt.Errorf("store: add action: %w", err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "discussion_action", x.ID, x.OrgID, nil, x)
	})
}

// FindDiscussionActionByID returns one action when scope covers its org.
func (s *Store) FindDiscussionActionByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.DiscussionAction, error) {
	w := &where{}
	w.add("x.id = ?", id)
	w.addScope(scope, "(SELECT path FROM orgs WHERE id = x.org_id)", "")
	rows, err := s.r.QueryContext(ctx, "SELECT "+actionColumns+actionFrom+w.String(), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: find action %d: %w", id, err)
	}
	xs, err := scanActions(rows)
	if err != nil {
		return nil, fmt.Errorf("store: find action %d: %w", id, err)
	}
	if len(xs) == 0 {
		return nil, fmt.Errorf("store: find action %d: %w", id, huoshui.ErrNotFound)
	}
	return &xs[0], nil
}

// CloseDiscussionAction closes an action (reopen: false) or opens it
// again; closing twice changes nothing.
func (s *Store) CloseDiscussionAction(ctx context.Context, a huoshui.Actor, id int64, reopen bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var orgID int64
		var was *time.Time
		err := tx.QueryRowContext(ctx, "SELECT org_id, closed_at FROM discussion_actions x WHERE id = $1"+s.d.forUpdate("x"), id).
			Scan(&orgID, &was)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: action %d: %w", id, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: action %d: %w", id, err)
		}
		if (was != nil) != reopen {
			return nil
		}
		var closed any
		action := huoshui.AuditRestore
		if !reopen {
			closed, action = s.now(), huoshui.AuditArchive
		}
		if _, err := tx.ExecContext(ctx, `UPDATE discussion_actions SET closed_at = $1 WHERE id = $2`, closed, id); err != nil {
			return fmt.Errorf("store: close action %d: %w", id, err)
		}
		return s.audit(ctx, tx, a, action, "discussion_action", id, orgID, nil, map[string]any{"closed_at": closed})
	})
}
