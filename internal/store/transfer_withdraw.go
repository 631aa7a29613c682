package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/huoshui/huoshui"
)

// Taking a transfer back: the sending branch withdraws (撤回) a move to
// another branch before it is answered; a member who left with a letter
// and is restored to the roster before its receipt came back keeps the
// letter as withdrawn, so it no longer shows as awaiting its receipt.

// WithdrawTransfer closes a pending inside move on `on`, at the sending
// branch's request: the member stays where they are. A move already
// answered, or a case that is not an inside move, is refused.
func (s *Store) WithdrawTransfer(ctx context.Context, a huoshui.Actor, id int64, on huoshui.Date) (*huoshui.TransferCase, error) {
	var out *huoshui.TransferCase
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockTransferCase(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Kind != huoshui.TransferInside {
			return fmt.Errorf("store: withdraw transfer %d: not a move between branches: %w", id, huoshui.ErrConflict)
		}
		if before.Status != huoshui.TransferPending {
			return refuseStatus(before)
		}
		after := *before
		after.Status, after.DecidedOn, after.DecidedBy, after.UpdatedAt = huoshui.TransferWithdrawn, on, a.UserID, s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE transfer_cases SET status = $1, decided_on = $2, decided_by = $3,
			updated_at = $4 WHERE id = $5`, after.Status, on, nullInt(a.UserID), after.UpdatedAt, id); err != nil {
			return fmt.Errorf("store: withdraw transfer %d: %w", id, err)
		}
		out = &after
		return s.auditTransfer(ctx, tx, a, auditTransferWithdraw, before, &after)
	})
	return out, err
}

// withdrawOpenLetters closes, inside tx, the letters out of member id
// still waiting for their receipt: the member is back on the roster, so
// the letter was not used. Each is audited.
func (s *Store) withdrawOpenLetters(ctx context.Context, tx *sql.Tx, a huoshui.Actor, memberID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM transfer_cases WHERE member_id = $1 AND kind = $2 AND status = $3`,
		memberID, huoshui.TransferLetterOut, huoshui.TransferIssued)
	if err != nil {
		return fmt.Errorf("store: open letters of %d: %w", memberID, err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("store: open letters of %d: %w", memberID, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: open letters of %d: %w", memberID, err)
	}
	now := s.now()
	on := huoshui.DateOf(now.In(huoshui.Shanghai))
	for _, id := range ids {
		before, err := s.lockTransferCase(ctx, tx, id)
		if err != nil {
			return err
		}
		after := *before
		after.Status, after.DecidedOn, after.DecidedBy, after.UpdatedAt = huoshui.TransferWithdrawn, on, a.UserID, now
		if _, err := tx.ExecContext(ctx, `UPDATE transfer_cases SET status = $1, decided_on = $2, decided_by = $3,
			updated_at = $4 WHERE id = $5`, after.Status, on, nullInt(a.UserID), now, id); err != nil {
			return fmt.Errorf("store: withdraw letter %d: %w", id, err)
		}
		if err := s.auditTransfer(ctx, tx, a, auditTransferWithdraw, before, &after); err != nil {
			return err
		}
	}
	return nil
}
