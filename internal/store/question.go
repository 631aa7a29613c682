package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/huoshui/huoshui"
)

const questionColumns = `q.id, q.org_id, q.kind, q.stem, q.options, q.answer, q.explanation, q.tags,
	COALESCE(q.created_by, 0), q.created_at, q.updated_at, q.archived_at, o.name, o.path`

const questionFrom = ` FROM questions q JOIN orgs o ON o.id = q.org_id`

func scanQuestion(row interface{ Scan(...any) error }) (*huoshui.Question, error) {
	var q huoshui.Question
	var opts, tags string
	err := row.Scan(&q.ID, &q.OrgID, &q.Kind, &q.Stem, &opts, &q.Answer, &q.Explanation, &tags,
		&q.CreatedBy, &q.CreatedAt, &q.UpdatedAt, &q.ArchivedAt, &q.OrgName, &q.OrgPath)
	if err != nil {
		return nil, err
	}
	q.Options, q.Tags = []string{}, []string{}
	if err := json.Unmarshal([]byte(opts), &q.Options); err != nil {
		return nil, fmt.Errorf("question %d options: %w", q.ID, err)
	}
	if err := json.Unmarshal([]byte(tags), &q.Tags); err != nil {
		return nil, fmt.Errorf("question %d tags: %w", q.ID, err)
	}
	q.CreatedAt, q.UpdatedAt = q.CreatedAt.UTC(), q.UpdatedAt.UTC()
	return &q, nil
}

// questionSeen limits a query to the questions a reader of scope may
// take a test from: those of an org in one of the scope's subtrees and
// those of every org above one (a committee's bank is for its branches).
func questionSeen(w *where, s huoshui.Scope) {
	if s.All {
		return
	}
	var ors []string
	for _, p := range s.Paths {
		lo, hi := subtreeRange(p)
		ors = append(ors, "(o.path >= "+w.arg(lo)+" AND o.path < "+w.arg(hi)+")")
		ids := huoshui.PathIDs(p)
		var above []string
		for i := 1; i < len(ids); i++ {
			var b strings.Builder
			b.WriteString("/")
			for _, id := range ids[:i] {
				fmt.Fprintf(&b, "%d/", id)
			}
			above = append(above, w.arg(b.String()))
		}
		if len(above) > 0 {
			ors = append(ors, "o.path IN ("+strings.Join(above, ", ")+")")
		}
	}
	if len(ors) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	w.conds = append(w.conds, "("+strings.Join(ors, " OR ")+")")
}

// FindQuestionByID returns one question, archived or not, when its org
// lies in scope (the officers' subtrees); any other id answers
// huoshui.ErrNotFound.
func (s *Store) FindQuestionByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.Question, error) {
	w := &where{}
	w.add("q.id = ?", id)
	w.addScope(scope, "o.path", "")
	q, err := scanQuestion(s.r.QueryRowContext(ctx, "SELECT "+questionColumns+questionFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find question %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find question %d: %w", id, err)
	}
	return q, nil
}

// FindQuestions lists the questions f selects, newest first, with the
// total that match. The zero filter lists nothing.
func (s *Store) FindQuestions(ctx context.Context, f huoshui.QuestionFilter) ([]*huoshui.Question, int, error) {
	w := &where{}
	w.addScope(f.Scope, "o.path", "")
	if f.OrgID != 0 {
		w.add("q.org_id = ?", f.OrgID)
	}
	if f.Tag != "" {
		w.add("q.id IN (SELECT question_id FROM question_tags WHERE tag = ?)", f.Tag)
	}
	if f.Query != "" {
		w.add("q.stem LIKE ?", "%"+likeEscape(f.Query)+"%")
	}
	if f.Archived {
		w.add("q.archived_at IS NOT NULL")
	} else {
		w.add("q.archived_at IS NULL")
	}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+questionFrom+w.String(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count questions: %w", err)
	}
	q := "SELECT " + questionColumns + questionFrom + w.String() + " ORDER BY q.id DESC"
	if f.Limit > 0 {
		q += " LIMIT " + w.arg(f.Limit) + " OFFSET " + w.arg(max(0, f.Offset))
	}
	out, err := s.queryQuestions(ctx, s.r, q, w.args...)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

func (s *Store) queryQuestions(ctx context.Context, db querier, q string, args ...any) ([]*huoshui.Question, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: find questions: %w", err)
	}
	defer rows.Close()
	out := []*huoshui.Question{}
	for rows.Next() {
		qu, err := scanQuestion(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan question: %w", err)
		}
		out = append(out, qu)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: find questions: %w", err)
	}
	return out, nil
}

// QuestionTags lists, sorted, the tags of the current questions of the
// orgs in scope (the officers' subtrees), for the bank's tag filter.
func (s *Store) QuestionTags(ctx context.Context, scope huoshui.Scope) ([]string, error) {
	w := &where{}
	w.addScope(scope, "o.path", "")
	w.add("q.archived_at IS NULL")
	return s.tagList(ctx, w)
}

func (s *Store) tagList(ctx context.Context, w *where) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT DISTINCT t.tag FROM question_tags t JOIN questions q ON q.id = t.question_id"+
		" JOIN orgs o ON o.id = q.org_id"+w.String(), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: question tags: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("store: question tags: %w", err)
		}
		out = append(out, t)
	}
	sort.Strings(out)
	return out, rows.Err()
}

// CreateQuestion adds a question to the bank of its org.
func (s *Store) CreateQuestion(ctx context.Context, a huoshui.Actor, q *huoshui.Question) error {
	if err := q.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		org, err := findOrg(ctx, tx, q.OrgID)
		if errors.Is(err, huoshui.ErrNotFound) || (err == nil && org.ArchivedAt != nil) {
			v := &huoshui.ValidationError{}
			v.Add("org_id", "meeting.org_unknown")
			return v
		}
		if err != nil {
			return err
		}
		if err := s.insertQuestion(ctx, tx, a, q, org); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "question", q.ID, q.OrgID, nil, auditQuestion(q))
	})
}

// insertQuestion writes a validated question and its tags inside tx.
func (s *Store) insertQuestion(ctx context.Context, tx *sql.Tx, a huoshui.Actor, q *huoshui.Question, org *huoshui.Org) error {
	now := s.now()
	q.CreatedAt, q.UpdatedAt, q.CreatedBy = now, now, a.UserID
	q.OrgName, q.OrgPath = org.Name, org.Path
	opts, _ := json.Marshal(nonNil(q.Options))
	tags, _ := json.Marshal(nonNil(q.Tags))
	err := tx.QueryRowContext(ctx, `INSERT INTO questions (org_id, kind, stem, options, answer, explanation, tags,
		created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		q.OrgID, q.Kind, q.Stem, string(opts), q.Answer, q.Explanation, string(tags), nullInt(a.UserID), now, now).Scan(&q.ID)
	if err != nil {
		return fmt.Errorf("store: create question: %w", err)
	}
	return writeQuestionTags(ctx, tx, q)
}

func writeQuestionTags(ctx context.Context, tx *sql.Tx, q *huoshui.Question) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM question_tags WHERE question_id = $1", q.ID); err != nil {
		return fmt.Errorf("store: question %d tags: %w", q.ID, err)
	}
	for _, t := range q.Tags {
		if _, err := tx.ExecContext(ctx, "INSERT INTO question_tags (question_id, tag) VALUES ($1, $2)", q.ID, t); err != nil {
			return fmt.Errorf("store: question %d tags: %w", q.ID, err)
		}
	}
	return nil
}

// auditQuestion is what the audit trail keeps of a question.
func auditQuestion(q *huoshui.Question) any {
	type rec struct {
		*huoshui.Question
		OrgID int64 `json:"org_id"`
	}
	return rec{Question: q, OrgID: q.OrgID}
}

// lockQuestion reads a question inside a write transaction and holds it.
func (s *Store) lockQuestion(ctx context.Context, tx *sql.Tx, id int64) (*huoshui.Question, error) {
	q, err := scanQuestion(tx.QueryRowContext(ctx, "SELECT "+questionColumns+questionFrom+" WHERE q.id = $1"+s.d.forUpdate("q"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find question %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: lock question %d: %w", id, err)
	}
	return q, nil
}

// UpdateQuestion saves what an officer changed on a question. Its org
// never changes. Tests already handed in keep the grades they were given.
func (s *Store) UpdateQuestion(ctx context.Context, a huoshui.Actor, id int64, q *huoshui.Question) error {
	if err := q.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockQuestion(ctx, tx, id)
		if err != nil {
			return err
		}
		q.ID, q.OrgID, q.OrgName, q.OrgPath = id, before.OrgID, before.OrgName, before.OrgPath
		q.CreatedAt, q.CreatedBy, q.ArchivedAt = before.CreatedAt, before.CreatedBy, before.ArchivedAt
		q.UpdatedAt = s.now()
		opts, _ := json.Marshal(nonNil(q.Options))
		tags, _ := json.Marshal(nonNil(q.Tags))
		if _, err := tx.ExecContext(ctx, `UPDATE questions SET kind = $1, stem = $2, options = $3, answer = $4,
			explanation = $5, tags = $6, updated_at = $7 WHERE id = $8`,
			q.Kind, q.Stem, string(opts), q.Answer, q.Explanation, string(tags), q.UpdatedAt, id); err != nil {
			return fmt.Errorf("store: update question %d: %w", id, err)
		}
		if err := writeQuestionTags(ctx, tx, q); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "question", id, q.OrgID, auditQuestion(before), auditQuestion(q))
	})
}

// ArchiveQuestion takes a question out of the bank (no new test draws
// it), or with restore puts it back. Tests that drew it keep it.
func (s *Store) ArchiveQuestion(ctx context.Context, a huoshui.Actor, id int64, restore bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockQuestion(ctx, tx, id)
		if err != nil {
			return err
		}
		if (before.ArchivedAt != nil) == !restore {
			return nil // archived twice (or restored twice): the first time stands
		}
		action, at := huoshui.AuditArchive, any(s.now())
		if restore {
			action, at = huoshui.AuditRestore, nil
		}
		if _, err := tx.ExecContext(ctx, "UPDATE questions SET archived_at = $1, updated_at = $2 WHERE id = $3", at, s.now(), id); err != nil {
			return fmt.Errorf("store: archive question %d: %w", id, err)
		}
		return s.audit(ctx, tx, a, action, "question", id, before.OrgID, map[string]any{"archived_at": before.ArchivedAt},
			map[string]any{"archived_at": at})
	})
}
