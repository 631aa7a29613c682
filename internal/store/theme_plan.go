package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/huoshui/huoshui"
)

// FindThemePlans lists an org's programme of theme days for a year, by month.
func (s *Store) FindThemePlans(ctx context.Context, orgID int64, year int) ([]huoshui.ThemePlan, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, org_id, year, month, visit, gain, title, topics FROM theme_plans
		WHERE org_id = $1 AND year = $2 ORDER BY month, id`, orgID, year)
	if err != nil {
		return nil, fmt.Errorf("store: theme plans: %w", err)
	}
	defer rows.Close()
	out := []huoshui.ThemePlan{}
	for rows.Next() {
		var p huoshui.ThemePlan
		if err := rows.Scan(&p.ID, &p.OrgID, &p.Year, &p.Month, &p.Visit, &p.Gain, &p.Title, &p.Topics); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// AddThemePlan puts a theme day into the year's programme.
func (s *Store) AddThemePlan(ctx context.Context, a huoshui.Actor, p *huoshui.ThemePlan) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.lockOrg(ctx, tx, p.OrgID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO theme_plans (org_id, year, month, visit, gain, title, topics)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.OrgID, p.Year, p.Month, p.Visit, p.Gain, p.Title, p.Topics).Scan(&p.ID); err != nil {
			return fmt.Errorf("store: add theme plan: %w", err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "theme_plan", p.ID, p.OrgID, nil, p)
	})
}

// DeleteThemePlan takes an entry out of an org's programme.
func (s *Store) DeleteThemePlan(ctx context.Context, a huoshui.Actor, orgID, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM theme_plans WHERE id = $1 AND org_id = $2`, id, orgID)
		if err != nil {
			return fmt.Errorf("store: delete theme plan: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("store: theme plan %d: %w", id, huoshui.ErrNotFound)
		}
		return s.audit(ctx, tx, a, huoshui.AuditDelete, "theme_plan", id, orgID, nil, nil)
	})
}
