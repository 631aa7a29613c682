package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
)

// A self-test is its member's alone. Every read of one here takes the
// member's id and finds nothing of anyone else's; what officers may know
// comes from SelfTestStats, which answers counts and shares only.

const selfTestColumns = `st.id, st.member_id, st.org_id, st.tags, st.question_ids, st.answers, st.correct, st.started_at, st.taken_at`

func scanSelfTest(row interface{ Scan(...any) error }) (*huoshui.SelfTest, error) {
	var t huoshui.SelfTest
	var tags, ids, answers string
	if err := row.Scan(&t.ID, &t.MemberID, &t.OrgID, &tags, &ids, &answers, &t.Correct, &t.StartedAt, &t.TakenAt); err != nil {
		return nil, err
	}
	t.Tags, t.QuestionIDs, t.Answers = []string{}, []int64{}, []string{}
	for _, x := range []struct {
		s string
		v any
	}{{tags, &t.Tags}, {ids, &t.QuestionIDs}, {answers, &t.Answers}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return nil, fmt.Errorf("self-test %d: %w", t.ID, err)
		}
	}
	t.StartedAt = t.StartedAt.UTC()
	return &t, nil
}

// SelfTestTags lists, sorted, the tags of the current questions a reader
// of scope may be tested on: their subtrees' banks and those above them.
func (s *Store) SelfTestTags(ctx context.Context, scope huoshui.Scope) ([]string, error) {
	w := &where{}
	questionSeen(w, scope)
	w.add("q.archived_at IS NULL")
	return s.tagList(ctx, w)
}

// StartSelfTest draws n questions at random, of any of tags (all tags
// when none is given), from those a reader of scope may see
// (questionSeen), and starts a test for member memberID with them. No
// question to draw is a validation error on "tags".
func (s *Store) StartSelfTest(ctx context.Context, a huoshui.Actor, memberID int64, scope huoshui.Scope, tags []string, n int) (*huoshui.SelfTest, error) {
	v := &huoshui.ValidationError{}
	if n < 1 || n > huoshui.SelfTestMax {
		v.Add("count", "selftest.count", "Max", huoshui.SelfTestMax)
		return nil, v
	}
	t := &huoshui.SelfTest{MemberID: memberID, Tags: nonNil(tags), Answers: []string{}}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT org_id FROM members WHERE id = $1 AND archived_at IS NULL", memberID).Scan(&t.OrgID)
		if errors.Is(err, sql.ErrNoRows) || memberID == 0 {
			return fmt.Errorf("store: self-test of member %d: %w", memberID, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: self-test of member %d: %w", memberID, err)
		}
		w := &where{}
		questionSeen(w, scope)
		w.add("q.archived_at IS NULL")
		if len(tags) > 0 {
			var ps []string
			for _, tag := range tags {
				ps = append(ps, w.arg(tag))
			}
			w.conds = append(w.conds, "q.id IN (SELECT question_id FROM question_tags WHERE tag IN ("+strings.Join(ps, ", ")+"))")
		}
		rows, err := tx.QueryContext(ctx, "SELECT q.id"+questionFrom+w.String()+" ORDER BY random() LIMIT "+w.arg(n), w.args...)
		if err != nil {
			return fmt.Errorf("store: draw questions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return fmt.Errorf("store: draw questions: %w", err)
			}
			t.QuestionIDs = append(t.QuestionIDs, id)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: draw questions: %w", err)
		}
		rows.Close()
		if len(t.QuestionIDs) == 0 {
			v.Add("tags", "selftest.none")
			return v
		}
		t.StartedAt = s.now()
		tagJSON, _ := json.Marshal(t.Tags)
		idJSON, _ := json.Marshal(t.QuestionIDs)
		err = tx.QueryRowContext(ctx, `INSERT INTO selftests (member_id, org_id, tags, question_ids, started_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, memberID, t.OrgID, string(tagJSON), string(idJSON), t.StartedAt).Scan(&t.ID)
		if err != nil {
			return fmt.Errorf("store: start self-test: %w", err)
		}
		// The trail says that a test was taken, never how it went.
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "selftest", t.ID, t.OrgID, nil, map[string]any{"questions": len(t.QuestionIDs)})
	})
	if err != nil {
		return nil, err
	}
	if t.Questions, err = s.testQuestions(ctx, s.r, t.QuestionIDs); err != nil {
		return nil, err
	}
	return t, nil
}

// testQuestions reads a test's questions in the order drawn, archived ones
// too: a test keeps what it asked.
func (s *Store) testQuestions(ctx context.Context, db querier, ids []int64) ([]*huoshui.Question, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	w := &where{}
	var ps []string
	for _, id := range ids {
		ps = append(ps, w.arg(id))
	}
	qs, err := s.queryQuestions(ctx, db, "SELECT "+questionColumns+questionFrom+" WHERE q.id IN ("+strings.Join(ps, ", ")+")", w.args...)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*huoshui.Question{}
	for _, q := range qs {
		byID[q.ID] = q
	}
	out := make([]*huoshui.Question, 0, len(ids))
	for _, id := range ids {
		if q, ok := byID[id]; ok {
			out = append(out, q)
		}
	}
	return out, nil
}

// FindSelfTest returns one of member memberID's own tests with its
// questions; anyone else's, or none, is ErrNotFound.
func (s *Store) FindSelfTest(ctx context.Context, memberID, id int64) (*huoshui.SelfTest, error) {
	t, err := scanSelfTest(s.r.QueryRowContext(ctx, "SELECT "+selfTestColumns+" FROM selftests st WHERE st.id = $1 AND st.member_id = $2",
		id, memberID))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && memberID == 0) {
		return nil, fmt.Errorf("store: find self-test %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find self-test %d: %w", id, err)
	}
	if t.Questions, err = s.testQuestions(ctx, s.r, t.QuestionIDs); err != nil {
		return nil, err
	}
	if t.Done() {
		if t.Right, err = s.testMarks(ctx, t); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// testMarks reads how each answer of a handed-in test was marked then, by
// position: an answer key changed since does not change a result.
func (s *Store) testMarks(ctx context.Context, t *huoshui.SelfTest) ([]bool, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT question_id, correct FROM selftest_answers WHERE selftest_id = $1", t.ID)
	if err != nil {
		return nil, fmt.Errorf("store: marks of self-test %d: %w", t.ID, err)
	}
	defer rows.Close()
	marks := map[int64]bool{}
	for rows.Next() {
		var id int64
		var ok bool
		if err := rows.Scan(&id, &ok); err != nil {
			return nil, fmt.Errorf("store: marks of self-test %d: %w", t.ID, err)
		}
		marks[id] = ok
	}
	out := make([]bool, len(t.QuestionIDs))
	for i, id := range t.QuestionIDs {
		out[i] = marks[id]
	}
	return out, rows.Err()
}

// FindSelfTests lists member memberID's own handed-in tests, newest
// first, at most limit, without their questions.
func (s *Store) FindSelfTests(ctx context.Context, memberID int64, limit int) ([]*huoshui.SelfTest, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+selfTestColumns+" FROM selftests st WHERE st.member_id = $1 AND st.taken_at IS NOT NULL"+
		" ORDER BY st.id DESC LIMIT $2", memberID, max(1, limit))
	if err != nil {
		return nil, fmt.Errorf("store: find self-tests: %w", err)
	}
	defer rows.Close()
	out := []*huoshui.SelfTest{}
	for rows.Next() {
		t, err := scanSelfTest(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan self-test: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// SubmitSelfTest grades member memberID's answers (by position) to their
// test id and keeps them. A test handed in already is returned as it was
// graded, unchanged. Anyone else's test is ErrNotFound.
func (s *Store) SubmitSelfTest(ctx context.Context, a huoshui.Actor, memberID, id int64, answers []string) (*huoshui.SelfTest, error) {
	var t *huoshui.SelfTest
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		t, err = scanSelfTest(tx.QueryRowContext(ctx, "SELECT "+selfTestColumns+" FROM selftests st WHERE st.id = $1 AND st.member_id = $2"+
			s.d.forUpdate("st"), id, memberID))
		if errors.Is(err, sql.ErrNoRows) || (err == nil && memberID == 0) {
			return fmt.Errorf("store: submit self-test %d: %w", id, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: submit self-test %d: %w", id, err)
		}
		if t.Done() {
			return nil
		}
		if t.Questions, err = s.testQuestions(ctx, tx, t.QuestionIDs); err != nil {
			return err
		}
		now := s.now()
		t.TakenAt = &now
		t.Answers = make([]string, len(t.Questions))
		for i, q := range t.Questions {
			if i < len(answers) {
				t.Answers[i] = huoshui.ParseAnswer(q.Kind, answers[i])
			}
			ok := q.Correct(t.Answers[i])
			t.Right = append(t.Right, ok)
			if ok {
				t.Correct++
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO selftest_answers (selftest_id, question_id, org_id, taken_at, correct)
				VALUES ($1, $2, $3, $4, $5)`, t.ID, q.ID, t.OrgID, now, ok); err != nil {
				return fmt.Errorf("store: submit self-test %d: %w", id, err)
			}
		}
		ans, _ := json.Marshal(t.Answers)
		if _, err := tx.ExecContext(ctx, "UPDATE selftests SET answers = $1, correct = $2, taken_at = $3 WHERE id = $4",
			string(ans), t.Correct, now, t.ID); err != nil {
			return fmt.Errorf("store: submit self-test %d: %w", id, err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "selftest", t.ID, t.OrgID, nil, map[string]any{"handed_in": true})
	})
	if err != nil {
		return nil, err
	}
	if t.Questions == nil {
		if t.Questions, err = s.testQuestions(ctx, s.r, t.QuestionIDs); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// SelfTestStats counts the tests handed in by members of the orgs in
// scope (an officer's subtrees) between from and to (to exclusive): per
// org, how many members took part and how many tests; per question, how
// many answers and how many right, the weakest first, with the share
// withheld below huoshui.MinShareAnswers answers. It reads no row of a
// person: there is nothing in it to rank anyone by.
func (s *Store) SelfTestStats(ctx context.Context, scope huoshui.Scope, from, to time.Time) (*huoshui.SelfTestStats, error) {
	out := &huoshui.SelfTestStats{Orgs: []huoshui.SelfTestOrgCount{}, Questions: []huoshui.QuestionShare{}}
	w := &where{}
	w.addScope(scope, "o.path", "")
	w.add("st.taken_at IS NOT NULL")
	w.add("st.taken_at >= ? AND st.taken_at < ?", from.UTC(), to.UTC())
	rows, err := s.r.QueryContext(ctx, `SELECT st.org_id, o.name, COUNT(DISTINCT st.member_id), COUNT(*)
		FROM selftests st JOIN orgs o ON o.id = st.org_id`+w.String()+` GROUP BY st.org_id, o.name, o.path ORDER BY o.path`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: self-test counts: %w", err)
	}
	for rows.Next() {
		var c huoshui.SelfTestOrgCount
		if err := rows.Scan(&c.OrgID, &c.OrgName, &c.Members, &c.Tests); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: self-test counts: %w", err)
		}
		out.Orgs = append(out.Orgs, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: self-test counts: %w", err)
	}
	w = &where{}
	w.addScope(scope, "o.path", "")
	w.add("a.taken_at >= ? AND a.taken_at < ?", from.UTC(), to.UTC())
	rows, err = s.r.QueryContext(ctx, `SELECT a.question_id, q.stem, COUNT(*), SUM(CASE WHEN a.correct THEN 1 ELSE 0 END)
		FROM selftest_answers a JOIN orgs o ON o.id = a.org_id JOIN questions q ON q.id = a.question_id`+w.String()+
		` GROUP BY a.question_id, q.stem`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: question shares: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sh huoshui.QuestionShare
		if err := rows.Scan(&sh.QuestionID, &sh.Stem, &sh.Answered, &sh.Right); err != nil {
			return nil, fmt.Errorf("store: question shares: %w", err)
		}
		sh.Shown = sh.Answered >= huoshui.MinShareAnswers
		if !sh.Shown {
			sh.Right = 0
		}
		out.Questions = append(out.Questions, sh)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: question shares: %w", err)
	}
	slices.SortFunc(out.Questions, func(x, y huoshui.QuestionShare) int {
		switch {
		case x.Shown != y.Shown:
			if x.Shown {
				return -1
			}
			return 1
		case x.Percent() != y.Percent():
			return x.Percent() - y.Percent()
		}
		return int(x.QuestionID - y.QuestionID)
	})
	return out, nil
}
