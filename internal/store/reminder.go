package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

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
	var addr string
	err := s.r.QueryRowContext(ctx, `SELECT webhook_url FROM orgs WHERE id = $1`, orgID).Scan(&addr)
	if err != nil {
		return "", fmt.Errorf("store: webhook of org %d: %w", orgID, err)
	}
	return addr, nil
}

// SetOrgWebhook sets (or, with "", removes) an org's group robot URL. The
// caller has checked the URL (notify.CheckURL) and the officer's right.
func (s *Store) SetOrgWebhook(ctx context.Context, a huoshui.Actor, orgID int64, addr string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.OrgWebhook(ctx, orgID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orgs SET webhook_url = $1 WHERE id = $2`, addr, orgID); err != nil {
			return fmt.Errorf("store: webhook of org %d: %w", orgID, err)
		}
		// The address holds the robot's key: the trail records only where
		// reminders went, never the key.
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "org", orgID, orgID,
			map[string]any{"webhook": webhookHost(before)}, map[string]any{"webhook": webhookHost(addr)})
	})
}

// UnmarkReminderSent forgets a reminder whose sending failed, so that the
// next round tries it again.
func (s *Store) UnmarkReminderSent(ctx context.Context, orgID int64, itemType, period string) error {
	if _, err := s.w.ExecContext(ctx, `DELETE FROM reminders_sent WHERE org_id = $1 AND type = $2 AND period = $3`,
		orgID, itemType, period); err != nil {
		return fmt.Errorf("store: reminder: %w", err)
	}
	return nil
}

// OrgWithWebhook is a current org whose reminders go to a group robot.
type OrgWithWebhook struct {
	Org *huoshui.Org
	URL string
}

// FindOrgsWithWebhook lists the current orgs that have a group robot set,
// in tree order: the reminder round's work list.
func (s *Store) FindOrgsWithWebhook(ctx context.Context) ([]OrgWithWebhook, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+orgColumns+`, webhook_url FROM orgs
		WHERE webhook_url <> '' AND archived_at IS NULL ORDER BY path`)
	if err != nil {
		return nil, fmt.Errorf("store: orgs with a webhook: %w", err)
	}
	defer rows.Close()
	var out []OrgWithWebhook
	for rows.Next() {
		var addr string
		o, err := scanOrg(scanPlus{rows, &addr})
		if err != nil {
			return nil, fmt.Errorf("store: orgs with a webhook: %w", err)
		}
		out = append(out, OrgWithWebhook{Org: o, URL: addr})
	}
	return out, rows.Err()
}

// scanPlus scans a row into what scanOrg asks for and then into extra.
type scanPlus struct {
	row   interface{ Scan(...any) error }
	extra *string
}

func (p scanPlus) Scan(dest ...any) error { return p.row.Scan(append(dest, p.extra)...) }

// webhookHost is the part of a robot's address the audit trail may keep.
func webhookHost(addr string) string {
	if addr == "" {
		return ""
	}
	u, err := url.Parse(addr)
	if err != nil {
		return "?"
	}
	return u.Host
}
