package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/huoshui/huoshui"
)

// A room is its org's: every branch and 党小组 that is not archived has
// one. The rooms row is written when the room first gets a message or an
// announcement (ensureRoom), so reading rooms never writes.

const roomColumns = `o.id, o.name, o.path, o.kind, COALESCE(r.pinned, ''), r.pinned_at, COALESCE(pu.display_name, '')`

const roomFrom = ` FROM orgs o LEFT JOIN rooms r ON r.org_id = o.id LEFT JOIN users pu ON pu.id = r.pinned_by`

func scanRoom(row interface{ Scan(...any) error }) (*huoshui.Room, error) {
	var r huoshui.Room
	var pinnedAt sql.NullTime
	if err := row.Scan(&r.ID, &r.OrgName, &r.OrgPath, &r.OrgKind, &r.Pinned, &pinnedAt, &r.PinnedBy); err != nil {
		return nil, err
	}
	if pinnedAt.Valid {
		t := pinnedAt.Time.UTC()
		r.PinnedAt = &t
	}
	r.Name = huoshui.RoomName(r.OrgName)
	return &r, nil
}

// roomWhere selects the orgs that have rooms: branches and groups still
// in use.
func roomWhere(scope huoshui.Scope) *where {
	w := &where{}
	w.add("o.kind IN (?, ?)", string(huoshui.OrgBranch), string(huoshui.OrgGroup))
	w.add("o.archived_at IS NULL")
	w.addScope(scope, "o.path", "")
	return w
}

// FindRooms lists the rooms scope covers, in tree order. The zero scope
// lists none.
func (s *Store) FindRooms(ctx context.Context, scope huoshui.Scope) ([]*huoshui.Room, error) {
	w := roomWhere(scope)
	rows, err := s.r.QueryContext(ctx, "SELECT "+roomColumns+roomFrom+w.String()+" ORDER BY o.path", w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: find rooms: %w", err)
	}
	defer rows.Close()
	out := []*huoshui.Room{}
	for rows.Next() {
		r, err := scanRoom(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan room: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// FindRoom returns the room of org id when scope covers it; ErrNotFound
// otherwise, and for an org that has no room.
func (s *Store) FindRoom(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.Room, error) {
	w := roomWhere(scope)
	w.add("o.id = ?", id)
	r, err := scanRoom(s.r.QueryRowContext(ctx, "SELECT "+roomColumns+roomFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find room %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find room %d: %w", id, err)
	}
	return r, nil
}

// ensureRoom writes room id's row if it has none yet, and answers
// ErrNotFound for an org that has no room.
func (s *Store) ensureRoom(ctx context.Context, tx *sql.Tx, id int64) (*huoshui.Room, error) {
	r, err := scanRoom(tx.QueryRowContext(ctx, "SELECT "+roomColumns+roomFrom+
		" WHERE o.id = $1 AND o.kind IN ('branch', 'group') AND o.archived_at IS NULL", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: room %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: room %d: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO rooms (org_id, created_at) VALUES ($1, $2) ON CONFLICT (org_id) DO NOTHING`,
		id, s.now()); err != nil {
		return nil, fmt.Errorf("store: room %d: %w", id, err)
	}
	return r, nil
}

// roomPeopleSQL selects the members of a room: a branch's members, or a
// group's.
const roomPeopleSQL = `SELECT m.id, m.name FROM members m JOIN orgs o ON o.id = $1
	WHERE m.archived_at IS NULL AND ((o.kind = 'branch' AND m.org_id = o.id) OR (o.kind = 'group' AND m.group_id = o.id))`

// PinAnnouncement pins text as room id's announcement, replacing any
// other; the read receipts start afresh. An empty text unpins. The
// caller has checked that the actor may edit the room's records.
func (s *Store) PinAnnouncement(ctx context.Context, a huoshui.Actor, id int64, text string) error {
	if text != "" {
		var err error
		if text, err = huoshui.CheckAnnouncement(text); err != nil {
			return err
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.ensureRoom(ctx, tx, id)
		if err != nil {
			return err
		}
		var at any
		if text != "" {
			at = s.now()
		}
		if _, err := tx.ExecContext(ctx, `UPDATE rooms SET pinned = $1, pinned_at = $2, pinned_by = $3 WHERE org_id = $4`,
			text, at, nullInt(a.UserID), id); err != nil {
			return fmt.Errorf("store: pin room %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM room_reads WHERE org_id = $1`, id); err != nil {
			return fmt.Errorf("store: pin room %d: %w", id, err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "room", id, id,
			map[string]string{"pinned": before.Pinned}, map[string]string{"pinned": text})
	})
}

// MarkAnnouncementRead records that member has read room id's pinned
// announcement (once; later reads change nothing). It is no change to a
// record and writes no audit entry.
func (s *Store) MarkAnnouncementRead(ctx context.Context, id, member int64) error {
	if member == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO room_reads (org_id, member_id, read_at)
			SELECT r.org_id, $2, $3 FROM rooms r WHERE r.org_id = $1 AND r.pinned <> ''
			ON CONFLICT (org_id, member_id) DO NOTHING`, id, member, s.now())
		if err != nil {
			return fmt.Errorf("store: read announcement %d: %w", id, err)
		}
		return nil
	})
}

// AnnouncementReaders lists the room's members with the time each read
// the pinned announcement (nil: not yet), those who have not read first.
// Only officers see it (the caller checks).
func (s *Store) AnnouncementReaders(ctx context.Context, id int64) ([]huoshui.RoomPerson, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT p.id, p.name, rr.read_at FROM (`+roomPeopleSQL+`) p
		LEFT JOIN room_reads rr ON rr.org_id = $1 AND rr.member_id = p.id
		ORDER BY CASE WHEN rr.read_at IS NULL THEN 0 ELSE 1 END, p.name, p.id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: announcement readers %d: %w", id, err)
	}
	defer rows.Close()
	out := []huoshui.RoomPerson{}
	for rows.Next() {
		var p huoshui.RoomPerson
		var at sql.NullTime
		if err := rows.Scan(&p.MemberID, &p.Name, &at); err != nil {
			return nil, fmt.Errorf("store: scan reader: %w", err)
		}
		if at.Valid {
			t := at.Time.UTC()
			p.ReadAt = &t
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// RoomPeople lists the room's members (for @mentions).
func (s *Store) RoomPeople(ctx context.Context, id int64) ([]huoshui.RoomPerson, error) {
	return roomPeople(ctx, s.r, id)
}

func roomPeople(ctx context.Context, q querier, id int64) ([]huoshui.RoomPerson, error) {
	rows, err := q.QueryContext(ctx, roomPeopleSQL+" ORDER BY m.name, m.id", id)
	if err != nil {
		return nil, fmt.Errorf("store: room people %d: %w", id, err)
	}
	defer rows.Close()
	out := []huoshui.RoomPerson{}
	for rows.Next() {
		var p huoshui.RoomPerson
		if err := rows.Scan(&p.MemberID, &p.Name); err != nil {
			return nil, fmt.Errorf("store: scan room person: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
