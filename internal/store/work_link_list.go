package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/huoshui/huoshui"
)

// FindOrgLinks lists the live links of the activities of org alone or,
// with subtree, of every org of its subtree, whose activity fell from
// from to to (both included; a meeting by its day in Asia/Shanghai, a
// lecture or a discussion by its day): the ledger page (关联台账). Only
// links whose activity and target scope sees are listed; they come by
// the activity's day, then as they were recorded.
func (s *Store) FindOrgLinks(ctx context.Context, scope huoshui.Scope, org *huoshui.Org, subtree bool, from, to huoshui.Date) ([]huoshui.WorkLink, error) {
	if org == nil || from.IsZero() || to.IsZero() || to.Before(from) {
		return []huoshui.WorkLink{}, nil
	}
	start := time.Date(from.Year(), from.Time().Month(), from.Time().Day(), 0, 0, 0, 0, huoshui.Shanghai)
	end := time.Date(to.Year(), to.Time().Month(), to.Time().Day(), 0, 0, 0, 0, huoshui.Shanghai).AddDate(0, 0, 1)
	w := &where{}
	w.add("wl.removed_at IS NULL")
	if subtree {
		lo, hi := subtreeRange(org.Path)
		w.add("o.path >= ? AND o.path < ?", lo, hi)
	} else {
		w.add("wl.org_id = ?", org.ID)
	}
	w.add("((wl.activity_kind = 'meeting' AND mt.starts_at >= ? AND mt.starts_at < ?) OR "+
		"(wl.activity_kind <> 'meeting' AND COALESCE(l.held_on, d.held_on) >= ? AND COALESCE(l.held_on, d.held_on) <= ?))",
		start.UTC(), end.UTC(), from, to)
	activityVisible(w, scope)
	targetVisible(w, scope)
	rows, err := s.r.QueryContext(ctx, "SELECT "+linkColumns+linkFrom+w.String()+
		" ORDER BY wl.id", w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: links of org %d: %w", org.ID, err)
	}
	defer rows.Close()
	out := []huoshui.WorkLink{}
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan link: %w", err)
		}
		out = append(out, *l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: links of org %d: %w", org.ID, err)
	}
	// A meeting's day is read in Asia/Shanghai, so the order is set here.
	slices.SortStableFunc(out, func(a, b huoshui.WorkLink) int {
		return cmp.Or(a.ActivityOn.Time().Compare(b.ActivityOn.Time()), a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}
