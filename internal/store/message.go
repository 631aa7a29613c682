package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/huoshui/huoshui"
)

const messageColumns = `m.id, m.org_id, m.author_id, COALESCE(u.display_name, ''), m.text, m.created_at, m.removed_at, COALESCE(m.removed_by, 0)`

const messageFrom = ` FROM room_messages m JOIN orgs o ON o.id = m.org_id LEFT JOIN users u ON u.id = m.author_id`

func scanMessage(row interface{ Scan(...any) error }) (*huoshui.Message, error) {
	var m huoshui.Message
	var removed sql.NullTime
	if err := row.Scan(&m.ID, &m.RoomID, &m.AuthorID, &m.AuthorName, &m.Text, &m.CreatedAt, &removed, &m.RemovedBy); err != nil {
		return nil, err
	}
	m.CreatedAt = m.CreatedAt.UTC()
	if removed.Valid {
		t := removed.Time.UTC()
		m.RemovedAt = &t
	}
	return &m, nil
}

// MessageFilter selects a room's messages. The zero filter lists none:
// Scope and RoomID must be set.
type MessageFilter struct {
	Scope  huoshui.Scope
	RoomID int64
	// Before lists the Limit messages just before this id (a page back);
	// After lists those after it (what a reconnecting stream missed). With
	// neither, the newest Limit messages.
	Before, After int64
	Limit         int // at most 200; 0: 50
}

// FindMessages lists the messages f selects, oldest first.
func (s *Store) FindMessages(ctx context.Context, f MessageFilter) ([]*huoshui.Message, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	w := &where{}
	w.add("m.org_id = ?", f.RoomID)
	w.addScope(f.Scope, "o.path", "")
	order := " ORDER BY m.id DESC"
	switch {
	case f.After != 0:
		w.add("m.id > ?", f.After)
		order = " ORDER BY m.id"
	case f.Before != 0:
		w.add("m.id < ?", f.Before)
	}
	rows, err := s.r.QueryContext(ctx, "SELECT "+messageColumns+messageFrom+w.String()+order+" LIMIT "+w.arg(f.Limit), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: find messages: %w", err)
	}
	defer rows.Close()
	out := []*huoshui.Message{}
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan message: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if err := s.fillMentions(ctx, out); err != nil {
		return nil, err
	}
	return out, s.fillMessageAttachments(ctx, out)
}

func (s *Store) fillMentions(ctx context.Context, ms []*huoshui.Message) error {
	if len(ms) == 0 {
		return nil
	}
	ids := make([]int64, len(ms))
	byID := map[int64]*huoshui.Message{}
	for i, m := range ms {
		ids[i] = m.ID
		byID[m.ID] = m
	}
	w := &where{}
	q := "SELECT message_id, member_id FROM room_mentions WHERE " + s.d.idIn(w, "message_id", ids) + " ORDER BY message_id, member_id"
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return fmt.Errorf("store: mentions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var mid, member int64
		if err := rows.Scan(&mid, &member); err != nil {
			return fmt.Errorf("store: mentions: %w", err)
		}
		byID[mid].Mentions = append(byID[mid].Mentions, member)
	}
	return rows.Err()
}

// FindMessageByID returns one message when scope covers its room.
func (s *Store) FindMessageByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.Message, error) {
	w := &where{}
	w.add("m.id = ?", id)
	w.addScope(scope, "o.path", "")
	m, err := scanMessage(s.r.QueryRowContext(ctx, "SELECT "+messageColumns+messageFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find message %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find message %d: %w", id, err)
	}
	if err := s.fillMentions(ctx, []*huoshui.Message{m}); err != nil {
		return nil, err
	}
	return m, s.fillMessageAttachments(ctx, []*huoshui.Message{m})
}

// fillMessageAttachments reads the photos and files of ms in one query.
func (s *Store) fillMessageAttachments(ctx context.Context, ms []*huoshui.Message) error {
	if len(ms) == 0 {
		return nil
	}
	ids := make([]int64, len(ms))
	byID := map[int64]*huoshui.Message{}
	for i, m := range ms {
		ids[i] = m.ID
		byID[m.ID] = m
	}
	w := &where{}
	q := messageAttachments.selectFrom() + " WHERE " + s.d.idIn(w, "message_id", ids) + " AND removed_at IS NULL ORDER BY id"
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return fmt.Errorf("store: message attachments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		x, err := messageAttachments.scan(rows)
		if err != nil {
			return fmt.Errorf("store: message attachments: %w", err)
		}
		byID[x.MessageID].Attachments = append(byID[x.MessageID].Attachments, x)
	}
	return rows.Err()
}

// FindMessageAttachment returns the photo or file id of a message in
// room when scope covers the room. One of a removed message, or of
// another room, is not found: a removed message's files stay in the
// table for the audit only.
func (s *Store) FindMessageAttachment(ctx context.Context, scope huoshui.Scope, room, id int64) (*huoshui.Attachment, error) {
	w := &where{}
	w.add("m.org_id = ?", room)
	w.add("m.removed_at IS NULL")
	w.addScope(scope, "o.path", "")
	q := messageAttachments.selectFrom() + " WHERE id = " + w.arg(id) + " AND removed_at IS NULL AND message_id IN (SELECT m.id" +
		messageFrom + w.String() + ")"
	x, err := messageAttachments.scan(s.r.QueryRowContext(ctx, q, w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: message attachment %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: message attachment %d: %w", id, err)
	}
	return &x, nil
}

// chatChannelSQL names the PostgreSQL channel on which a committed
// message is announced to every replica: one per schema, so deployments
// (and tests) sharing a database hear only their own. The payload is
// "room:id"; each replica reads the message itself from the database.
const chatChannelSQL = `'huoshui_chat_' || left(md5(current_schema()), 16)`

// CreateMessage posts m to its room as the actor (whose member record, if
// any, is authorMember... the caller has checked the actor may read the
// room). @names that match the room's members are kept as mentions.
func (s *Store) CreateMessage(ctx context.Context, a huoshui.Actor, m *huoshui.Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.ensureRoom(ctx, tx, m.RoomID); err != nil {
			return err
		}
		now := s.now()
		m.AuthorID, m.CreatedAt = a.UserID, now
		err := tx.QueryRowContext(ctx, `INSERT INTO room_messages (org_id, author_id, text, created_at)
			VALUES ($1, $2, $3, $4) RETURNING id`, m.RoomID, a.UserID, m.Text, now).Scan(&m.ID)
		if err != nil {
			return fmt.Errorf("store: create message: %w", err)
		}
		for i := range m.Attachments {
			x := &m.Attachments[i]
			x.MessageID = m.ID
			if err := messageAttachments.insert(ctx, s, tx, a, m.RoomID, now, x); err != nil {
				return err
			}
		}
		m.Mentions = nil
		if names := huoshui.MentionedNames(m.Text); len(names) > 0 {
			people, err := roomPeople(ctx, tx, m.RoomID)
			if err != nil {
				return err
			}
			m.Mentions = resolveMentions(names, people)
			for _, id := range m.Mentions {
				if _, err := tx.ExecContext(ctx, `INSERT INTO room_mentions (message_id, member_id) VALUES ($1, $2)`, m.ID, id); err != nil {
					return fmt.Errorf("store: mention: %w", err)
				}
			}
		}
		if err := s.audit(ctx, tx, a, huoshui.AuditCreate, "message", m.ID, m.RoomID, nil, m); err != nil {
			return err
		}
		return s.notifyChat(ctx, tx, m.RoomID, m.ID)
	})
}

// resolveMentions turns @names into member ids: a written name matches
// the longest member name it begins with ("@张三你好" is 张三).
func resolveMentions(names []string, people []huoshui.RoomPerson) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, n := range names {
		best := -1
		for i, p := range people {
			if strings.HasPrefix(n, p.Name) && (best < 0 || len(p.Name) > len(people[best].Name)) {
				best = i
			}
		}
		if best >= 0 && !seen[people[best].MemberID] {
			seen[people[best].MemberID] = true
			out = append(out, people[best].MemberID)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// RemoveMessage marks message id removed by the actor (an officer of its
// room; the caller checks). The text stays in the table and goes into the
// audit record; readers see only that it was removed.
func (s *Store) RemoveMessage(ctx context.Context, a huoshui.Actor, id int64) (*huoshui.Message, error) {
	var m *huoshui.Message
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		m, err = scanMessage(tx.QueryRowContext(ctx, "SELECT "+messageColumns+messageFrom+" WHERE m.id = $1"+s.d.forUpdate("m"), id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: message %d: %w", id, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: message %d: %w", id, err)
		}
		if m.Removed() {
			return nil
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE room_messages SET removed_at = $1, removed_by = $2 WHERE id = $3`,
			now, nullInt(a.UserID), id); err != nil {
			return fmt.Errorf("store: remove message %d: %w", id, err)
		}
		before := *m
		m.RemovedAt, m.RemovedBy = &now, a.UserID
		if err := s.audit(ctx, tx, a, huoshui.AuditDelete, "message", id, m.RoomID, &before, m); err != nil {
			return err
		}
		return s.notifyChat(ctx, tx, m.RoomID, -id)
	})
	return m, err
}

// notifyChat announces, on PostgreSQL, a message (id > 0) or a removal
// (-id) to every replica's listener when tx commits.
func (s *Store) notifyChat(ctx context.Context, tx *sql.Tx, room, id int64) error {
	if s.d.name != "postgres" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_notify(`+chatChannelSQL+`, $1)`,
		strconv.FormatInt(room, 10)+":"+strconv.FormatInt(id, 10)); err != nil {
		return fmt.Errorf("store: notify: %w", err)
	}
	return nil
}

// ChatAcrossReplicas reports whether ListenChat delivers the messages
// committed by every process (PostgreSQL); on SQLite only one process
// serves, and it tells its own streams itself.
func (s *Store) ChatAcrossReplicas() bool { return s.d.name == "postgres" }

// ListenChat holds one dedicated connection listening for messages
// committed by any replica and calls fn(room, id) for each (id < 0: the
// message -id was removed), until ctx ends. ready, if not nil, is closed
// once the connection listens. A lost connection is opened again after a
// pause; what was committed meanwhile reaches the streams when their
// browsers reconnect with Last-Event-ID.
func (s *Store) ListenChat(ctx context.Context, ready chan<- struct{}, fn func(room, id int64)) error {
	if s.d.name != "postgres" {
		if ready != nil {
			close(ready)
		}
		<-ctx.Done()
		return nil
	}
	for {
		err := s.listenOnce(ctx, &ready, fn)
		if ctx.Err() != nil {
			return nil
		}
		_ = err
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
}

func (s *Store) listenOnce(ctx context.Context, ready *chan<- struct{}, fn func(room, id int64)) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		var channel string
		if err := pc.QueryRow(ctx, "SELECT "+chatChannelSQL).Scan(&channel); err != nil {
			return fmt.Errorf("%w: %v", driver.ErrBadConn, err)
		}
		if _, err := pc.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
			return fmt.Errorf("%w: %v", driver.ErrBadConn, err)
		}
		if *ready != nil {
			close(*ready)
			*ready = nil
		}
		for {
			n, err := pc.WaitForNotification(ctx)
			if err != nil {
				// The connection is dropped, not pooled: it may be
				// half way through a cancelled wait.
				return fmt.Errorf("%w: %v", driver.ErrBadConn, err)
			}
			room, id, ok := strings.Cut(n.Payload, ":")
			if !ok {
				continue
			}
			r, err1 := strconv.ParseInt(room, 10, 64)
			i, err2 := strconv.ParseInt(id, 10, 64)
			if err1 == nil && err2 == nil {
				fn(r, i)
			}
		}
	})
}
