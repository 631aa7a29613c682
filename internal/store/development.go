package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
)

// Member development (发展党员): a person's file is their steps
// (dev_steps), each step's papers (dev_attachments) and where the file
// stands (dev_files, written with every step). Recording a step moves the
// person's status through writeMember, so the branch's kept counts follow.

var devAttachments = attachmentTable{table: "dev_attachments", holder: "member_id, step_id", key: "member_id",
	noun: "development paper", dest: func(x *huoshui.Attachment) []any { return []any{&x.DevMemberID, &x.DevStepID} }}

const devStepColumns = `d.id, d.member_id, d.step, d.taken_on, d.acted_by, COALESCE(d.meeting_id, 0), d.vote_eligible,
	d.vote_present, d.vote_for, d.vote_against, d.vote_abstain, d.people, d.training_days, d.class_hours, d.outcome,
	d.extend_months, d.late, d.beyond, d.late_entry, d.note, COALESCE(d.recorded_by, 0), d.recorded_at,
	COALESCE(u.display_name, '')`

func scanDevStep(row interface{ Scan(...any) error }) (huoshui.DevStep, error) {
	var x huoshui.DevStep
	var eligible, present, yes, no, abstain sql.NullInt64
	var people string
	err := row.Scan(&x.ID, &x.MemberID, &x.Step, &x.Date, &x.ActedBy, &x.MeetingID, &eligible, &present, &yes, &no,
		&abstain, &people, &x.TrainingDays, &x.ClassHours, &x.Outcome, &x.ExtendMonths, &x.Late, &x.Beyond,
		&x.LateEntry, &x.Note, &x.RecordedBy, &x.RecordedAt, &x.RecordedByName)
	if err != nil {
		return x, err
	}
	if eligible.Valid {
		x.Vote = &huoshui.DevVote{Eligible: int(eligible.Int64), Present: int(present.Int64), For: int(yes.Int64),
			Against: int(no.Int64), Abstain: int(abstain.Int64)}
	}
	if people != "" {
		if err := json.Unmarshal([]byte(people), &x.People); err != nil {
			return x, fmt.Errorf("people of step %d: %w", x.ID, err)
		}
	}
	x.RecordedAt = x.RecordedAt.UTC()
	return x, nil
}

// devSteps lists a person's steps in the order they were recorded.
func devSteps(ctx context.Context, q querier, memberID int64) ([]huoshui.DevStep, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+devStepColumns+` FROM dev_steps d LEFT JOIN users u ON u.id = d.recorded_by
		WHERE d.member_id = $1 ORDER BY d.id`, memberID)
	if err != nil {
		return nil, fmt.Errorf("store: development steps of %d: %w", memberID, err)
	}
	defer rows.Close()
	var out []huoshui.DevStep
	for rows.Next() {
		x, err := scanDevStep(rows)
		if err != nil {
			return nil, fmt.Errorf("store: development steps of %d: %w", memberID, err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// FindDevFile returns a person's development file — the person, their
// steps and papers — when scope covers the person; anyone else answers
// huoshui.ErrNotFound.
func (s *Store) FindDevFile(ctx context.Context, scope huoshui.Scope, memberID int64) (*huoshui.DevFile, error) {
	m, err := s.FindMemberByID(ctx, scope, memberID)
	if err != nil {
		return nil, err
	}
	f := &huoshui.DevFile{Person: m}
	if f.Steps, err = devSteps(ctx, s.r, memberID); err != nil {
		return nil, err
	}
	if f.Papers, err = devAttachments.list(ctx, s.r, memberID); err != nil {
		return nil, err
	}
	return f, nil
}

// FindDevPaper returns one paper of a person's file (the caller has read
// the file through the reader's scope); one of another person, or a
// removed one, is not found.
func (s *Store) FindDevPaper(ctx context.Context, memberID, id int64) (*huoshui.Attachment, error) {
	return devAttachments.find(ctx, s.r, memberID, id, false)
}

// FindDevPaperAny returns one paper of a person's file, removed or not
// (for putting a removed one back).
func (s *Store) FindDevPaperAny(ctx context.Context, memberID, id int64) (*huoshui.Attachment, error) {
	return devAttachments.find(ctx, s.r, memberID, id, true)
}

// RemoveDevPaper takes a paper off a person's file (restore: false) or
// puts it back. The bytes stay in the blob store; the change is audited
// under the person's branch.
func (s *Store) RemoveDevPaper(ctx context.Context, a huoshui.Actor, memberID, id int64, restore bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var orgID int64
		if err := tx.QueryRowContext(ctx, "SELECT org_id FROM members WHERE id = $1", memberID).Scan(&orgID); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: development paper of member %d: %w", memberID, huoshui.ErrNotFound)
			}
			return fmt.Errorf("store: development paper of member %d: %w", memberID, err)
		}
		return devAttachments.setRemoved(ctx, s, tx, a, memberID, orgID, id, restore)
	})
}

// RecordDevStep adds step rec to its person's file with its papers (in
// the blob store already), in one transaction: plan decides on the file
// as it stands once the person's row is locked — a refusal writes nothing
// — and what it decides is written with the step: the step's marks, the
// file's summary, and the person's status and stage dates (through
// writeMember, so the branch's kept counts follow). A step recorded after
// the day it was taken is marked 补录 (LateEntry).
func (s *Store) RecordDevStep(ctx context.Context, a huoshui.Actor, rec *huoshui.DevStep, papers []*huoshui.Attachment, plan huoshui.DevPlanner) error {
	if err := rec.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		m, err := s.lockMember(ctx, tx, rec.MemberID)
		if err != nil {
			return err
		}
		if m.ArchivedAt != nil {
			v := &huoshui.ValidationError{}
			v.Add("step", "dev.person_archived")
			return v
		}
		steps, err := devSteps(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		for i, p := range rec.People {
			if p.MemberID == 0 {
				continue
			}
			// Mentors and introducers are checked against their own record.
			pm, err := findMember(ctx, tx, p.MemberID)
			// Someone of another branch (or the person themself) is not
			// one the form offers: refused as unknown, so that an id typed
			// into the form tells nothing of a record outside the branch.
			if errors.Is(err, huoshui.ErrNotFound) || (err == nil && (pm.OrgID != m.OrgID || pm.ID == m.ID)) {
				v := &huoshui.ValidationError{}
				v.Add("people", "dev.person_unknown")
				return v
			}
			if err != nil {
				return err
			}
			rec.People[i].Name = pm.Name
			rec.People[i].FullOn = huoshui.Date{}
			if pm.Status == huoshui.StatusFull && pm.ArchivedAt == nil {
				rec.People[i].FullOn = pm.FullOn
				if pm.FullOn.IsZero() { // an old record without the day: a full member all the same
					rec.People[i].FullOn = oldFullOn
				}
			}
		}
		pl, err := plan(huoshui.DevFile{Person: m, Steps: steps}, *rec)
		if err != nil {
			return err
		}
		now := s.now()
		rec.Late, rec.Beyond = pl.Late, pl.Beyond
		rec.LateEntry = rec.Date.Before(s.today())
		rec.RecordedBy, rec.RecordedAt = a.UserID, now
		var people string
		if len(rec.People) > 0 {
			b, err := json.Marshal(rec.People)
			if err != nil {
				return err
			}
			people = string(b)
		}
		var vote [5]any
		if v := rec.Vote; v != nil {
			vote = [5]any{v.Eligible, v.Present, v.For, v.Against, v.Abstain}
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO dev_steps (member_id, step, taken_on, acted_by, meeting_id,
			vote_eligible, vote_present, vote_for, vote_against, vote_abstain, people, training_days, class_hours,
			outcome, extend_months, late, beyond, late_entry, note, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id`,
			m.ID, rec.Step, rec.Date, rec.ActedBy, nullInt(rec.MeetingID), vote[0], vote[1], vote[2], vote[3], vote[4],
			people, rec.TrainingDays, rec.ClassHours, rec.Outcome, rec.ExtendMonths, rec.Late, rec.Beyond, rec.LateEntry,
			rec.Note, nullInt(a.UserID), now).Scan(&rec.ID)
		if err != nil {
			return fmt.Errorf("store: record step %d of %d: %w", rec.Step, m.ID, err)
		}
		if err := s.audit(ctx, tx, a, huoshui.AuditCreate, "dev_step", rec.ID, m.OrgID, nil, rec); err != nil {
			return err
		}
		for _, x := range papers {
			x.DevMemberID, x.DevStepID = m.ID, rec.ID
			if err := devAttachments.insert(ctx, s, tx, a, m.OrgID, now, x); err != nil {
				return err
			}
		}
		if err := s.writeDevSummary(ctx, tx, m.ID, pl.Summary); err != nil {
			return err
		}
		after := pl.Person
		after.ID, after.OrgID, after.GroupID = m.ID, m.OrgID, m.GroupID // the plan moves the status only
		if after.ArchiveReason != "" && m.ArchivedAt == nil {
			after.ArchivedAt, after.CommitteePost = &now, ""
		}
		if after.Status == m.Status && after.ArchivedAt == m.ArchivedAt && after.AppliedOn == m.AppliedOn &&
			after.ActivistOn == m.ActivistOn && after.CandidateOn == m.CandidateOn && after.ProbationOn == m.ProbationOn &&
			after.FullOn == m.FullOn {
			return nil
		}
		if err := after.Validate(); err != nil {
			return onField(err, "date")
		}
		after.UpdatedAt = now
		action := huoshui.AuditUpdate
		if after.ArchivedAt != nil {
			action = huoshui.AuditArchive
		}
		return s.writeMember(ctx, tx, a, action, m, &after, nil)
	})
}

// oldFullOn stands for the day of full membership of a full member whose
// record lacks it (an old paper record): a full member on any day asked.
var oldFullOn = huoshui.DateOf(time.Date(1921, 7, 1, 0, 0, 0, 0, time.UTC))

// onField moves every problem of a validation error onto one field: the
// person's record refused after a step is the step's date's problem.
func onField(err error, field string) error {
	var ve *huoshui.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	out := &huoshui.ValidationError{}
	for _, f := range ve.Fields {
		f.Field = field
		out.Fields = append(out.Fields, f)
	}
	return out
}

// writeDevSummary keeps where a file stands.
func (s *Store) writeDevSummary(ctx context.Context, tx *sql.Tx, memberID int64, x huoshui.DevSummary) error {
	res, err := tx.ExecContext(ctx, `UPDATE dev_files SET last_step = $1, stage = $2, next_step = $3, next_earliest = $4,
		next_due = $5, assess_due = $6, closed = $7, updated_at = $8 WHERE member_id = $9`,
		x.LastStep, x.Stage, x.NextStep, x.NextEarliest, x.NextDue, x.AssessDue, x.Closed, s.now(), memberID)
	if err != nil {
		return fmt.Errorf("store: development file of %d: %w", memberID, err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO dev_files (member_id, last_step, stage, next_step, next_earliest, next_due,
		assess_due, closed, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		memberID, x.LastStep, x.Stage, x.NextStep, x.NextEarliest, x.NextDue, x.AssessDue, x.Closed, s.now())
	if err != nil {
		return fmt.Errorf("store: development file of %d: %w", memberID, err)
	}
	return nil
}

// devStageExpr is the stage a person stands in: their file's, or, before
// the first step is recorded, the one their status says.
const devStageExpr = `COALESCE(f.stage, CASE m.status WHEN 'applicant' THEN 'applicant' WHEN 'activist' THEN 'activist'
	WHEN 'candidate' THEN 'candidate' WHEN 'probationary' THEN 'probation' ELSE '' END)`

// FindDevPeople lists the people in development f selects — current
// members not yet full, or whose file is still open — with where each
// file stands, in tree order, then by name. The zero filter lists
// nothing.
func (s *Store) FindDevPeople(ctx context.Context, f huoshui.DevFilter) ([]huoshui.DevRow, error) {
	w := &where{}
	w.addScope(f.Scope, "o.path", "")
	w.add("m.archived_at IS NULL")
	w.add("(m.status <> 'full' OR (f.member_id IS NOT NULL AND NOT f.closed))")
	if f.OrgID != 0 {
		if f.Subtree {
			var path string
			if err := s.r.QueryRowContext(ctx, `SELECT path FROM orgs WHERE id = $1`, f.OrgID).Scan(&path); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return nil, fmt.Errorf("store: org %d: %w", f.OrgID, huoshui.ErrNotFound)
				}
				return nil, fmt.Errorf("store: org %d: %w", f.OrgID, err)
			}
			w.addScope(huoshui.Scope{Paths: []string{path}}, "o.path", "")
		} else {
			w.add("m.org_id = ?", f.OrgID)
		}
	}
	if f.Stage != "" {
		w.add(devStageExpr+" = ?", string(f.Stage))
	}
	if len(f.NextSteps) > 0 {
		marks := make([]string, len(f.NextSteps))
		for i, n := range f.NextSteps {
			marks[i] = w.arg(n)
		}
		w.add("f.next_step IN (" + strings.Join(marks, ", ") + ") AND NOT f.closed")
	}
	if !f.DueBy.IsZero() {
		w.add("NOT f.closed AND (f.next_due <= ? OR f.assess_due <= ?)", f.DueBy, f.DueBy)
	}
	if !f.Overdue.IsZero() {
		w.add("NOT f.closed AND f.next_due < ?", f.Overdue)
	}
	limit := f.Limit
	if limit <= 0 || limit > 5000 {
		limit = 5000
	}
	rows, err := s.r.QueryContext(ctx, "SELECT "+memberColumns+`, f.member_id IS NOT NULL, COALESCE(f.last_step, 0), `+devStageExpr+`,
		COALESCE(f.next_step, 1), f.next_earliest, f.next_due, f.assess_due, COALESCE(f.closed, FALSE)`+memberFrom+`
		LEFT JOIN dev_files f ON f.member_id = m.id`+w.String()+fmt.Sprintf(" ORDER BY o.path, m.name_key, m.id LIMIT %d", limit), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: people in development: %w", err)
	}
	defer rows.Close()
	var out []huoshui.DevRow
	for rows.Next() {
		var r huoshui.DevRow
		var m huoshui.Member
		err := rows.Scan(&m.ID, &m.OrgID, &m.GroupID, &m.Name, &m.Gender, &m.Ethnicity, &m.BirthDate,
			&m.Education, &m.IDNumber, &m.Phone, &m.Workplace, &m.Post, &m.Status, &m.AppliedOn,
			&m.ActivistOn, &m.CandidateOn, &m.ProbationOn, &m.FullOn, &m.CommitteePost, &m.ArchivedAt,
			&m.ArchiveReason, &m.CreatedAt, &m.UpdatedAt, &m.OrgName, &m.OrgPath, &m.GroupName,
			&r.HasFile, &r.LastStep, &r.Stage, &r.NextStep, &r.NextEarliest, &r.NextDue, &r.AssessDue, &r.Closed)
		if err != nil {
			return nil, fmt.Errorf("store: people in development: %w", err)
		}
		r.Member = &m
		out = append(out, r)
	}
	return out, rows.Err()
}
