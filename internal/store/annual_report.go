package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/huoshui/huoshui"
)

// The annual report as a branch saved it (0025): one row per org and
// year. The report's numbers are read from the records when it is
// generated (web/annual_input.go); this table keeps only the text the
// branch saved and when its numbers were read.

// FindAnnualReport returns the saved report of the org for year, with the
// name of whoever last edited it; huoshui.ErrNotFound when none was saved.
// It takes no scope: pass the id of an org read through the reader's.
func (s *Store) FindAnnualReport(ctx context.Context, orgID int64, year int) (*huoshui.AnnualReport, error) {
	return findAnnualReport(ctx, s.r, orgID, year)
}

func findAnnualReport(ctx context.Context, q querier, orgID int64, year int) (*huoshui.AnnualReport, error) {
	var r huoshui.AnnualReport
	var sections string
	var editedAt sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT a.id, a.org_id, a.year, a.sections, a.generated_at, COALESCE(a.edited_by, 0),
		a.edited_at, a.version, COALESCE(u.display_name, '')
		FROM annual_reports a LEFT JOIN users u ON u.id = a.edited_by WHERE a.org_id = $1 AND a.year = $2`, orgID, year).
		Scan(&r.ID, &r.OrgID, &r.Year, &sections, &r.GeneratedAt, &r.EditedBy, &editedAt, &r.Version, &r.EditorName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: annual report of org %d for %d: %w", orgID, year, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: annual report of org %d for %d: %w", orgID, year, err)
	}
	if err := json.Unmarshal([]byte(sections), &r.Sections); err != nil {
		return nil, fmt.Errorf("store: annual report %d: sections: %w", r.ID, err)
	}
	if editedAt.Valid {
		t := editedAt.Time
		r.EditedAt = &t
	}
	return &r, nil
}

// auditAnnualReport is what the audit trail keeps of a report: its
// sections, when its numbers were generated and how it came to be saved
// ("edited" by hand or "regenerated" from the records).
func auditAnnualReport(r *huoshui.AnnualReport, how string) any {
	if r == nil {
		return nil
	}
	return struct {
		Year        int                     `json:"year"`
		How         string                  `json:"how,omitempty"`
		Sections    []huoshui.ReportSection `json:"sections"`
		GeneratedAt time.Time               `json:"generated_at"`
		Version     int                     `json:"version"`
	}{r.Year, how, r.Sections, r.GeneratedAt, r.Version}
}

// SaveAnnualReport saves r as the org's report for r.Year. version is the
// version the person started from (0: none was saved yet); when someone
// else has saved since, nothing is written and the answer is a
// *huoshui.ValidationError on "version", so that the form comes back with
// what was typed. With edited, the text is the person's (EditedBy and
// EditedAt are set, GeneratedAt stays as it was, or r.GeneratedAt for a
// first save); without, it is a fresh draft from the records that
// replaces whatever was saved: GeneratedAt is r.GeneratedAt and the
// editor is cleared. r comes back with its id and new version. The audit
// record keeps the text before and after.
func (s *Store) SaveAnnualReport(ctx context.Context, a huoshui.Actor, r *huoshui.AnnualReport, version int, edited bool) error {
	if err := r.Validate(); err != nil {
		return err
	}
	body, err := json.Marshal(r.Sections)
	if err != nil {
		return fmt.Errorf("store: annual report: %w", err)
	}
	how := "regenerated"
	if edited {
		how = "edited"
	}
	conflict := func() error {
		v := &huoshui.ValidationError{}
		v.Add("version", "annual.conflict")
		return v
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := findAnnualReport(ctx, tx, r.OrgID, r.Year)
		switch {
		case errors.Is(err, huoshui.ErrNotFound):
			before = nil
		case err != nil:
			return err
		}
		if (before == nil && version != 0) || (before != nil && before.Version != version) {
			return conflict()
		}
		now := s.now()
		r.EditedBy, r.EditedAt = 0, nil
		if edited {
			r.EditedBy, r.EditedAt = a.UserID, &now
			if before != nil {
				r.GeneratedAt = before.GeneratedAt
			}
		}
		if r.GeneratedAt.IsZero() {
			r.GeneratedAt = now
		}
		var editedAt any
		if r.EditedAt != nil {
			editedAt = *r.EditedAt
		}
		action := huoshui.AuditUpdate
		if before == nil {
			action = huoshui.AuditCreate
			r.Version = 1
			err = tx.QueryRowContext(ctx, `INSERT INTO annual_reports (org_id, year, sections, generated_at, edited_by, edited_at, version)
				VALUES ($1, $2, $3, $4, $5, $6, 1) ON CONFLICT (org_id, year) DO NOTHING RETURNING id`,
				r.OrgID, r.Year, string(body), r.GeneratedAt, nullInt(r.EditedBy), editedAt).Scan(&r.ID)
			if errors.Is(err, sql.ErrNoRows) {
				return conflict()
			}
		} else {
			r.ID, r.Version = before.ID, before.Version+1
			var res sql.Result
			res, err = tx.ExecContext(ctx, `UPDATE annual_reports SET sections = $1, generated_at = $2, edited_by = $3, edited_at = $4,
				version = version + 1 WHERE id = $5 AND version = $6`,
				string(body), r.GeneratedAt, nullInt(r.EditedBy), editedAt, before.ID, before.Version)
			if err == nil {
				if n, _ := res.RowsAffected(); n != 1 {
					return conflict()
				}
			}
		}
		if err != nil {
			return fmt.Errorf("store: save annual report of org %d for %d: %w", r.OrgID, r.Year, err)
		}
		return s.audit(ctx, tx, a, action, "annual_report", r.ID, r.OrgID, auditAnnualReport(before, ""), auditAnnualReport(r, how))
	})
}
