package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/huoshui/huoshui"
)

const trainingColumns = `t.id, t.member_id, mb.name, t.org_id, o.path, t.title, t.organiser, t.held_on, t.halves, t.evidence,
	t.status, t.reason, COALESCE(t.decided_by, 0), t.decided_at, COALESCE(t.entered_by, 0), t.created_at`

const trainingFrom = ` FROM trainings t JOIN members mb ON mb.id = t.member_id JOIN orgs o ON o.id = t.org_id`

func scanTrainings(rows *sql.Rows) ([]huoshui.Training, error) {
	defer rows.Close()
	out := []huoshui.Training{}
	for rows.Next() {
		var t huoshui.Training
		var halves int
		if err := rows.Scan(&t.ID, &t.MemberID, &t.MemberName, &t.OrgID, &t.OrgPath, &t.Title, &t.Organiser, &t.HeldOn,
			&halves, &t.Evidence, &t.Status, &t.Reason, &t.DecidedBy, &t.DecidedAt, &t.EnteredByID, &t.CreatedAt); err != nil {
			return nil, err
		}
		t.Hours = float64(halves) / 2
		out = append(out, t)
	}
	return out, rows.Err()
}

// TrainingFilter selects training entries.
type TrainingFilter struct {
	Scope    huoshui.Scope // whose entries the reader may see: their branch's, and their own
	MemberID int64         // one member's
	Members  []int64       // or these members'
	OrgID    int64         // entered in this org's subtree
	Status   huoshui.TrainingStatus
	Year     int // held in this year (Asia/Shanghai dates)
	Limit    int
}

// FindTrainings lists entries, newest held first.
func (s *Store) FindTrainings(ctx context.Context, f TrainingFilter) ([]huoshui.Training, error) {
	w := &where{}
	w.addScope(f.Scope, "o.path", "t.member_id")
	if f.MemberID != 0 {
		w.add("t.member_id = ?", f.MemberID)
	}
	if len(f.Members) > 0 {
		ph := make([]string, len(f.Members))
		for i, id := range f.Members {
			ph[i] = w.arg(id)
		}
		w.conds = append(w.conds, "t.member_id IN ("+strings.Join(ph, ",")+")")
	}
	if f.OrgID != 0 {
		w.add("o.path >= (SELECT path FROM orgs WHERE id = ?)", f.OrgID)
		w.add("o.path < (SELECT "+subtreeEndSQL+" FROM orgs WHERE id = ?)", f.OrgID)
	}
	if f.Status != "" {
		w.add("t.status = ?", string(f.Status))
	}
	if f.Year != 0 {
		w.add("t.held_on >= ?", fmt.Sprintf("%04d-01-01", f.Year))
		w.add("t.held_on <= ?", fmt.Sprintf("%04d-12-31", f.Year))
	}
	q := "SELECT " + trainingColumns + trainingFrom + w.String() + " ORDER BY t.held_on DESC, t.id DESC"
	if f.Limit > 0 {
		q += " LIMIT " + w.arg(f.Limit)
	}
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: trainings: %w", err)
	}
	ts, err := scanTrainings(rows)
	if err != nil {
		return nil, fmt.Errorf("store: trainings: %w", err)
	}
	return ts, nil
}

// FindTrainingByID returns one entry when scope covers it (the member's
// branch, or the member themself).
func (s *Store) FindTrainingByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.Training, error) {
	w := &where{}
	w.add("t.id = ?", id)
	w.addScope(scope, "o.path", "t.member_id")
	rows, err := s.r.QueryContext(ctx, "SELECT "+trainingColumns+trainingFrom+w.String(), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: training %d: %w", id, err)
	}
	ts, err := scanTrainings(rows)
	if err != nil {
		return nil, fmt.Errorf("store: training %d: %w", id, err)
	}
	if len(ts) == 0 {
		return nil, fmt.Errorf("store: training %d: %w", id, huoshui.ErrNotFound)
	}
	return &ts[0], nil
}

// CreateTraining records an entry for its member, in the member's branch,
// awaiting an officer.
func (s *Store) CreateTraining(ctx context.Context, a huoshui.Actor, t *huoshui.Training, today huoshui.Date) error {
	if err := t.Validate(today); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return s.insertTraining(ctx, tx, a, t) })
}

// insertTraining writes a validated entry for its member, in the member's
// branch, awaiting an officer, inside tx, with its audit record.
func (s *Store) insertTraining(ctx context.Context, tx *sql.Tx, a huoshui.Actor, t *huoshui.Training) error {
	var orgID int64
	var archived *time.Time
	err := tx.QueryRowContext(ctx, "SELECT org_id, archived_at FROM members WHERE id = $1", t.MemberID).Scan(&orgID, &archived)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && archived != nil) {
		return fmt.Errorf("store: training of member %d: %w", t.MemberID, huoshui.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: training: %w", err)
	}
	t.OrgID, t.Status, t.CreatedAt, t.EnteredByID = orgID, huoshui.TrainingPending, s.now(), a.UserID
	err = tx.QueryRowContext(ctx, `INSERT INTO trainings (member_id, org_id, title, organiser, held_on, halves, evidence,
		status, entered_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		t.MemberID, t.OrgID, t.Title, t.Organiser, t.HeldOn, int(math.Round(t.Hours*2)), t.Evidence, t.Status,
		nullInt(a.UserID), t.CreatedAt).Scan(&t.ID)
	if err != nil {
		return fmt.Errorf("store: create training: %w", err)
	}
	return s.audit(ctx, tx, a, huoshui.AuditCreate, "training", t.ID, t.OrgID, nil, t)
}

// ErrTrainingDecided answers a change to an entry an officer has already
// confirmed or rejected.
var ErrTrainingDecided = errors.New("store: the training entry has been decided")

// DecideTraining confirms a pending entry (it counts from then on) or
// rejects it with a reason the member sees. hours, when above 0, is what
// the officer confirms instead of what was claimed (in halves of an hour).
func (s *Store) DecideTraining(ctx context.Context, a huoshui.Actor, id int64, confirm bool, hours float64, reason string) error {
	reason = strings.Join(strings.Fields(reason), " ")
	v := &huoshui.ValidationError{}
	switch {
	case !confirm && utf8.RuneCountInString(reason) > 200:
		v.Add("reason", "too_long", "Max", 200)
	case !confirm && reason == "":
		v.Add("reason", "study.reject_reason_required")
	case hours < 0 || hours > huoshui.MaxTrainingHours || hours*2 != math.Trunc(hours*2):
		v.Add("hours", "study.training_hours_half")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var orgID int64
		var status string
		var halves int
		err := tx.QueryRowContext(ctx, "SELECT org_id, status, halves FROM trainings t WHERE id = $1"+s.d.forUpdate("t"), id).
			Scan(&orgID, &status, &halves)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: training %d: %w", id, huoshui.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: training %d: %w", id, err)
		}
		if status != string(huoshui.TrainingPending) {
			return ErrTrainingDecided
		}
		st := huoshui.TrainingRejected
		if confirm {
			st, reason = huoshui.TrainingConfirmed, ""
			if hours > 0 {
				halves = int(hours * 2)
			}
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE trainings SET status = $1, reason = $2, halves = $3, decided_by = $4,
			decided_at = $5 WHERE id = $6`, st, reason, halves, nullInt(a.UserID), now, id); err != nil {
			return fmt.Errorf("store: decide training %d: %w", id, err)
		}
		if confirm {
			var member int64
			var held huoshui.Date
			if err := tx.QueryRowContext(ctx, "SELECT member_id, held_on FROM trainings WHERE id = $1", id).Scan(&member, &held); err != nil {
				return fmt.Errorf("store: decide training %d: %w", id, err)
			}
			touch := studyTouch{}
			touch.addDate(held, member)
			if err := s.restudy(ctx, tx, touch); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "training", id, orgID, map[string]any{"status": status},
			map[string]any{"status": st, "hours": float64(halves) / 2, "reason": reason})
	})
}

// WithdrawTraining deletes an entry still awaiting an officer, at its
// member's wish: an entry of another member is not found. A decided entry
// stays.
func (s *Store) WithdrawTraining(ctx context.Context, a huoshui.Actor, memberID, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		ts, err := s.findTrainingTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if ts.MemberID != memberID {
			return fmt.Errorf("store: training %d of member %d: %w", id, memberID, huoshui.ErrNotFound)
		}
		if ts.Status != huoshui.TrainingPending {
			return ErrTrainingDecided
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM trainings WHERE id = $1", id); err != nil {
			return fmt.Errorf("store: withdraw training %d: %w", id, err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditDelete, "training", id, ts.OrgID, ts, nil)
	})
}

// findTrainingTx reads an entry inside a write transaction.
func (s *Store) findTrainingTx(ctx context.Context, tx *sql.Tx, id int64) (*huoshui.Training, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+trainingColumns+trainingFrom+" WHERE t.id = $1", id)
	if err != nil {
		return nil, fmt.Errorf("store: training %d: %w", id, err)
	}
	ts, err := scanTrainings(rows)
	if err != nil {
		return nil, fmt.Errorf("store: training %d: %w", id, err)
	}
	if len(ts) == 0 {
		return nil, fmt.Errorf("store: training %d: %w", id, huoshui.ErrNotFound)
	}
	return &ts[0], nil
}
