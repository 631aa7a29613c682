package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/huoshui/huoshui"
)

// MarkReminderSent records that the reminder for an org's item (a meeting
// type) in a period went out, and reports whether this call was the first:
// a reminder goes out once, even with several replicas sending.
func (s *Store) MarkReminderSent(ctx context.Context, orgID int64, itemType, period string) (bool, error) {
	res, err := s.w.ExecContext(ctx, `INSERT INTO reminders_sent (org_id, type, period, sent_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (org_id, type, period) DO NOTHING`, orgID, itemType, period, s.now())
	if err != nil {
		return false, fmt.Errorf("store: reminder: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// OrgWebhook returns the group robot URL an org's reminders go to, or "".
func (s *Store) OrgWebhook(ctx context.Context, orgID int64) (string, error) {
	var url string
	err := s.r.QueryRowContext(ctx, `SELECT webhook_url FROM orgs WHERE id = $1`, orgID).Scan(&url)
	if err != nil {
		return "", fmt.Errorf("store: webhook of org %d: %w", orgID, err)
	}
	return url, nil
}

// SetOrgWebhook sets (or, with "", removes) an org's group robot URL. The
// caller has checked the URL (notify.CheckURL) and the officer's right.
func (s *Store) SetOrgWebhook(ctx context.Context, a huoshui.Actor, orgID int64, url string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.OrgWebhook(ctx, orgID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orgs SET webhook_url = $1 WHERE id = $2`, url, orgID); err != nil {
			return fmt.Errorf("store: webhook of org %d: %w", orgID, err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "org", orgID, orgID,
			map[string]any{"webhook_url": before}, map[string]any{"webhook_url": url})
	})
}
