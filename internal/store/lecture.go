package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/huoshui/huoshui"
)

const lectureColumns = `l.id, l.org_id, l.lecturer_id, l.topic, l.held_on, l.minutes, l.notes, COALESCE(l.meeting_id, 0),
	l.slides_name, l.slides_type, l.slides_size, l.slides_blob,
	COALESCE(l.created_by, 0), l.created_at, l.updated_at, o.name, o.path, w.name, COALESCE(mt.title, '')`

const lectureFrom = ` FROM lectures l JOIN orgs o ON o.id = l.org_id JOIN members w ON w.id = l.lecturer_id
	LEFT JOIN meetings mt ON mt.id = l.meeting_id`

func scanLecture(row interface{ Scan(...any) error }) (*huoshui.Lecture, error) {
	var l huoshui.Lecture
	err := row.Scan(&l.ID, &l.OrgID, &l.LecturerID, &l.Topic, &l.HeldOn, &l.Minutes, &l.Notes, &l.MeetingID,
		&l.SlidesName, &l.SlidesType, &l.SlidesSize, &l.SlidesBlob, &l.CreatedBy, &l.CreatedAt, &l.UpdatedAt, &l.OrgName, &l.OrgPath, &l.LecturerName, &l.MeetingTitle)
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// LectureFilter selects lectures for a list. The zero filter lists
// nothing: Scope must be set.
type LectureFilter struct {
	Scope huoshui.Scope
	OrgID int64 // the branch; 0: every branch of Scope
	Year  int   // 0: every year
	// MeetingID lists the lectures given at one meeting.
	MeetingID int64
	Limit     int
}

// FindLectures lists the lectures f selects, latest first.
func (s *Store) FindLectures(ctx context.Context, f LectureFilter) ([]*huoshui.Lecture, error) {
	w := &where{}
	w.addScope(f.Scope, "o.path", "")
	if f.OrgID != 0 {
		w.add("l.org_id = ?", f.OrgID)
	}
	if f.MeetingID != 0 {
		w.add("l.meeting_id = ?", f.MeetingID)
	}
	if f.Year != 0 {
		w.add("l.held_on >= ? AND l.held_on < ?", yearStart(f.Year), yearStart(f.Year+1))
	}
	q := "SELECT " + lectureColumns + lectureFrom + w.String() + " ORDER BY l.held_on DESC, l.id DESC"
	if f.Limit > 0 {
		q += " LIMIT " + w.arg(f.Limit)
	}
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: find lectures: %w", err)
	}
	defer rows.Close()
	out := []*huoshui.Lecture{}
	for rows.Next() {
		l, err := scanLecture(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan lecture: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// yearStart is 1 January of year as the text dates are stored in.
func yearStart(year int) string { return fmt.Sprintf("%04d-01-01", year) }

// FindLectureByID returns one lecture when scope covers its branch; any
// other id answers huoshui.ErrNotFound.
func (s *Store) FindLectureByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.Lecture, error) {
	w := &where{}
	w.add("l.id = ?", id)
	w.addScope(scope, "o.path", "")
	l, err := scanLecture(s.r.QueryRowContext(ctx, "SELECT "+lectureColumns+lectureFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find lecture %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find lecture %d: %w", id, err)
	}
	return l, nil
}

// studyBranch locks the org a lecture or discussion is recorded for: a
// current branch (for lectures) or any current node that holds
// organisational life (for discussions), else a validation error on
// org_id. It answers the org's people.
func (s *Store) studyBranch(ctx context.Context, tx *sql.Tx, orgID int64, branchOnly bool) (*huoshui.Org, []huoshui.Member, error) {
	org, err := s.lockOrg(ctx, tx, orgID)
	if errors.Is(err, huoshui.ErrNotFound) || (err == nil && (org.ArchivedAt != nil || (branchOnly && org.Kind != huoshui.OrgBranch))) {
		v := &huoshui.ValidationError{}
		v.Add("org_id", "meeting.org_unknown")
		return nil, nil, v
	}
	if err != nil {
		return nil, nil, err
	}
	people, err := s.meetingPeople(ctx, tx, org)
	if err != nil {
		return nil, nil, err
	}
	return org, people, nil
}

func hasPerson(people []huoshui.Member, id int64) bool {
	return slices.ContainsFunc(people, func(p huoshui.Member) bool { return p.ID == id })
}

// checkStudyMeeting makes sure a linked meeting is one of org's or of a
// node below it (a 党小组's meeting of the branch).
func checkStudyMeeting(ctx context.Context, q querier, org *huoshui.Org, meetingID int64, v *huoshui.ValidationError) error {
	if meetingID == 0 {
		return nil
	}
	lo, hi := subtreeRange(org.Path)
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM meetings mt JOIN orgs o ON o.id = mt.org_id
		WHERE mt.id = $1 AND o.path >= $2 AND o.path < $3`, meetingID, lo, hi).Scan(&n)
	if err != nil {
		return fmt.Errorf("store: study meeting %d: %w", meetingID, err)
	}
	if n == 0 {
		v.Add("meeting_id", "study.meeting_outside")
	}
	return nil
}

// CreateLecture records a micro lecture of a branch, given by one of its
// current members, optionally at one of its meetings.
func (s *Store) CreateLecture(ctx context.Context, a huoshui.Actor, l *huoshui.Lecture) error {
	if err := l.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		org, people, err := s.studyBranch(ctx, tx, l.OrgID, true)
		if err != nil {
			return err
		}
		v := &huoshui.ValidationError{}
		if !hasPerson(people, l.LecturerID) {
			v.Add("lecturer_id", "meeting.person_outside")
		}
		if err := checkStudyMeeting(ctx, tx, org, l.MeetingID, v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.now()
		l.CreatedAt, l.UpdatedAt, l.CreatedBy = now, now, a.UserID
		err = tx.QueryRowContext(ctx, `INSERT INTO lectures (org_id, lecturer_id, topic, held_on, minutes, notes, meeting_id,
			created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			l.OrgID, l.LecturerID, l.Topic, l.HeldOn, l.Minutes, l.Notes, nullInt(l.MeetingID), nullInt(a.UserID), now, now).Scan(&l.ID)
		if err != nil {
			return fmt.Errorf("store: create lecture: %w", err)
		}
		if err := s.dayActivity(ctx, tx, huoshui.ActivityLecture, l.ID, l.OrgID, huoshui.Date{}, l.HeldOn); err != nil {
			return err
		}
		touch := studyTouch{}
		if err := studyPeople(ctx, tx, lectureStudy, l.ID, touch); err != nil {
			return err
		}
		if err := s.restudy(ctx, tx, touch); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "lecture", l.ID, l.OrgID, nil, auditLecture(l))
	})
}

func auditLecture(l *huoshui.Lecture) any {
	type rec struct {
		*huoshui.Lecture
		OrgID int64 `json:"org_id"`
	}
	return rec{Lecture: l, OrgID: l.OrgID}
}

// UpdateLecture saves what an officer changed on a lecture. The branch
// never changes; a lecturer who has since left the branch may stay.
func (s *Store) UpdateLecture(ctx context.Context, a huoshui.Actor, id int64, l *huoshui.Lecture) error {
	if err := l.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := scanLecture(tx.QueryRowContext(ctx, "SELECT "+lectureColumns+lectureFrom+" WHERE l.id = $1"+s.d.forUpdate("l"), id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: lecture %d: %w", id, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: lecture %d: %w", id, err)
		}
		org, people, err := s.studyBranch(ctx, tx, before.OrgID, true)
		if err != nil {
			return err
		}
		v := &huoshui.ValidationError{}
		if l.LecturerID != before.LecturerID && !hasPerson(people, l.LecturerID) {
			v.Add("lecturer_id", "meeting.person_outside")
		}
		if l.MeetingID != before.MeetingID {
			if err := checkStudyMeeting(ctx, tx, org, l.MeetingID, v); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		l.ID, l.OrgID, l.CreatedAt, l.CreatedBy, l.UpdatedAt = id, before.OrgID, before.CreatedAt, before.CreatedBy, s.now()
		touch := studyTouch{}
		if err := studyPeople(ctx, tx, lectureStudy, id, touch); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE lectures SET lecturer_id = $1, topic = $2, held_on = $3, minutes = $4, notes = $5,
			meeting_id = $6, updated_at = $7 WHERE id = $8`,
			l.LecturerID, l.Topic, l.HeldOn, l.Minutes, l.Notes, nullInt(l.MeetingID), l.UpdatedAt, id)
		if err != nil {
			return fmt.Errorf("store: update lecture %d: %w", id, err)
		}
		if err := s.dayActivity(ctx, tx, huoshui.ActivityLecture, id, l.OrgID, before.HeldOn, l.HeldOn); err != nil {
			return err
		}
		if err := studyPeople(ctx, tx, lectureStudy, id, touch); err != nil {
			return err
		}
		if err := s.restudy(ctx, tx, touch); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "lecture", id, l.OrgID, auditLecture(before), auditLecture(l))
	})
}

// FindLectureFeedback lists the feedback on a lecture, by name.
func (s *Store) FindLectureFeedback(ctx context.Context, lectureID int64) ([]huoshui.LectureFeedback, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT f.lecture_id, f.member_id, f.body, f.updated_at, m.name
		FROM lecture_feedback f JOIN members m ON m.id = f.member_id WHERE f.lecture_id = $1 ORDER BY m.name_key, m.id`, lectureID)
	if err != nil {
		return nil, fmt.Errorf("store: feedback of lecture %d: %w", lectureID, err)
	}
	defer rows.Close()
	out := []huoshui.LectureFeedback{}
	for rows.Next() {
		var f huoshui.LectureFeedback
		if err := rows.Scan(&f.LectureID, &f.MemberID, &f.Body, &f.UpdatedAt, &f.MemberName); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// ErrNotInBranch answers feedback from someone who is not a current
// member of the lecture's branch.
var ErrNotInBranch = errors.New("not a member of the branch")

// SaveLectureFeedback writes a member's own feedback on a lecture, or
// replaces it: one per member. Only current members of the lecture's
// branch give feedback (ErrNotInBranch otherwise).
func (s *Store) SaveLectureFeedback(ctx context.Context, a huoshui.Actor, f *huoshui.LectureFeedback) error {
	if err := f.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var orgID int64
		err := tx.QueryRowContext(ctx, "SELECT org_id FROM lectures l WHERE id = $1"+s.d.forUpdate("l"), f.LectureID).Scan(&orgID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: lecture %d: %w", f.LectureID, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: lecture %d: %w", f.LectureID, err)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM members WHERE id = $1 AND org_id = $2 AND archived_at IS NULL`,
			f.MemberID, orgID).Scan(&n); err != nil {
			return fmt.Errorf("store: feedback: %w", err)
		}
		if n == 0 {
			return fmt.Errorf("store: feedback on lecture %d: %w", f.LectureID, ErrNotInBranch)
		}
		now := s.now()
		f.UpdatedAt = now
		if _, err := tx.ExecContext(ctx, `INSERT INTO lecture_feedback (lecture_id, member_id, body, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $4) ON CONFLICT (lecture_id, member_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
			f.LectureID, f.MemberID, f.Body, now); err != nil {
			return fmt.Errorf("store: save feedback: %w", err)
		}
		touch := studyTouch{}
		if err := studyPeople(ctx, tx, lectureStudy, f.LectureID, touch); err != nil {
			return err
		}
		if err := s.restudy(ctx, tx, studyTouchOf(touch, f.MemberID)); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "lecture_feedback", f.LectureID, orgID, nil,
			map[string]any{"member_id": f.MemberID, "body": f.Body})
	})
}

// FindRotaInput reads what a branch's lecture rota is computed from
// (rules.NextLecturers): its current full and probationary members by
// name, the lectures given in it, its away periods and its swaps.
func (s *Store) FindRotaInput(ctx context.Context, orgID int64) (huoshui.RotaInput, error) {
	var in huoshui.RotaInput
	org, err := findOrg(ctx, s.r, orgID)
	if err != nil {
		return in, err
	}
	people, err := s.meetingPeople(ctx, s.r, org)
	if err != nil {
		return in, err
	}
	for _, p := range people {
		if !huoshui.InRota(p.Status) {
			continue
		}
		since := huoshui.DateOf(p.CreatedAt.In(huoshui.Shanghai))
		if p.ProbationOn.After(since) {
			since = p.ProbationOn
		}
		in.Members = append(in.Members, huoshui.RotaMember{MemberID: p.ID, Name: p.Name, Since: since})
	}
	rows, err := s.r.QueryContext(ctx, `SELECT lecturer_id, held_on FROM lectures WHERE org_id = $1 ORDER BY held_on, id`, orgID)
	if err != nil {
		return in, fmt.Errorf("store: rota lectures of org %d: %w", orgID, err)
	}
	for rows.Next() {
		var g huoshui.LectureGiven
		if err := rows.Scan(&g.MemberID, &g.HeldOn); err != nil {
			rows.Close()
			return in, err
		}
		in.Lectures = append(in.Lectures, g)
	}
	rows.Close()
	if in.Aways, err = s.FindLectureAways(ctx, orgID); err != nil {
		return in, err
	}
	rows, err = s.r.QueryContext(ctx, `SELECT id, org_id, member_a, member_b, created_at FROM lecture_swaps WHERE org_id = $1 ORDER BY id`, orgID)
	if err != nil {
		return in, fmt.Errorf("store: rota swaps of org %d: %w", orgID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var x huoshui.LectureSwap
		if err := rows.Scan(&x.ID, &x.OrgID, &x.A, &x.B, &x.CreatedAt); err != nil {
			return in, err
		}
		in.Swaps = append(in.Swaps, x)
	}
	return in, rows.Err()
}

// FindLectureAways lists a branch's away periods, latest first.
func (s *Store) FindLectureAways(ctx context.Context, orgID int64) ([]huoshui.LectureAway, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, a.org_id, a.member_id, a.starts_on, a.ends_on, a.reason, m.name
		FROM lecture_aways a JOIN members m ON m.id = a.member_id WHERE a.org_id = $1 ORDER BY a.starts_on DESC, a.id DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: aways of org %d: %w", orgID, err)
	}
	defer rows.Close()
	out := []huoshui.LectureAway{}
	for rows.Next() {
		var x huoshui.LectureAway
		if err := rows.Scan(&x.ID, &x.OrgID, &x.MemberID, &x.From, &x.Until, &x.Reason, &x.MemberName); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// rotaPerson checks that id is a current full or probationary member of
// the branch, else a validation error on field.
func rotaPerson(people []huoshui.Member, id int64, field string, v *huoshui.ValidationError) {
	if !slices.ContainsFunc(people, func(p huoshui.Member) bool { return p.ID == id && huoshui.InRota(p.Status) }) {
		v.Add(field, "lecture.not_in_rota")
	}
}

// AddLectureAway marks a member of a branch's rota away for a period.
func (s *Store) AddLectureAway(ctx context.Context, a huoshui.Actor, x *huoshui.LectureAway) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, people, err := s.studyBranch(ctx, tx, x.OrgID, true)
		if err != nil {
			return err
		}
		v := &huoshui.ValidationError{}
		rotaPerson(people, x.MemberID, "member_id", v)
		if err := v.Err(); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO lecture_aways (org_id, member_id, starts_on, ends_on, reason, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, x.OrgID, x.MemberID, x.From, x.Until, x.Reason, s.now()).Scan(&x.ID)
		if err != nil {
			return fmt.Errorf("store: add away: %w", err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "lecture_away", x.ID, x.OrgID, nil, x)
	})
}

// EndLectureAway marks a member back from an away period of the branch
// orgID: the period ends the day before back, so they are in the rota
// from that day.
func (s *Store) EndLectureAway(ctx context.Context, a huoshui.Actor, orgID, id int64, back huoshui.Date) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var x huoshui.LectureAway
		err := tx.QueryRowContext(ctx, `SELECT id, org_id, member_id, starts_on, ends_on, reason FROM lecture_aways a
			WHERE id = $1 AND org_id = $2`+s.d.forUpdate("a"), id, orgID).Scan(&x.ID, &x.OrgID, &x.MemberID, &x.From, &x.Until, &x.Reason)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: away %d: %w", id, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: away %d: %w", id, err)
		}
		before := x
		x.Until = back.AddDate(0, 0, -1)
		if !before.Until.IsZero() && before.Until.Before(x.Until) {
			return nil // it had already ended
		}
		if _, err := tx.ExecContext(ctx, `UPDATE lecture_aways SET ends_on = $1 WHERE id = $2`, x.Until, id); err != nil {
			return fmt.Errorf("store: end away %d: %w", id, err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "lecture_away", id, orgID, before, x)
	})
}

// SwapLecturers records that two members of a branch's rota exchange
// their places.
func (s *Store) SwapLecturers(ctx context.Context, a huoshui.Actor, orgID, x, y int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, people, err := s.studyBranch(ctx, tx, orgID, true)
		if err != nil {
			return err
		}
		v := &huoshui.ValidationError{}
		rotaPerson(people, x, "a", v)
		rotaPerson(people, y, "b", v)
		if x == y && x != 0 {
			v.Add("b", "lecture.swap_same")
		}
		if err := v.Err(); err != nil {
			return err
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO lecture_swaps (org_id, member_a, member_b, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, orgID, x, y, nullInt(a.UserID), s.now()).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: swap: %w", err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "lecture_swap", id, orgID, nil, map[string]any{"a": x, "b": y})
	})
}

// SetLectureSlides keeps a file already in the blob store as a lecture's
// slides, replacing any before (the old bytes stay in the blob store); a
// blank blob takes the slides off.
func (s *Store) SetLectureSlides(ctx context.Context, a huoshui.Actor, id int64, name, contentType string, size int64, blob string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var orgID int64
		var before string
		err := tx.QueryRowContext(ctx, "SELECT org_id, slides_name FROM lectures l WHERE id = $1"+s.d.forUpdate("l"), id).Scan(&orgID, &before)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: lecture %d: %w", id, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: lecture %d: %w", id, err)
		}
		if blob == "" {
			name, contentType, size = "", "", 0
		}
		if _, err := tx.ExecContext(ctx, `UPDATE lectures SET slides_name = $1, slides_type = $2, slides_size = $3, slides_blob = $4,
			updated_at = $5 WHERE id = $6`, name, contentType, size, blob, s.now(), id); err != nil {
			return fmt.Errorf("store: slides of lecture %d: %w", id, err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "lecture", id, orgID, map[string]any{"slides_name": before},
			map[string]any{"slides_name": name, "slides_size": size, "slides_blob": blob})
	})
}
