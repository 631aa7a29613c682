package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// A pending move withdrawn stays withdrawn: the member does not move, the
// receiving branch has nothing to answer, a second withdrawal and a late
// acceptance are refused, and a new move can be started. The member reads
// their own cases through their scope. Restoring a member who left with
// a letter closes the letter as withdrawn; a letter whose receipt is back
// stays received.
func TestTransferWithdrawAndRestore(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		m := fullMember(tr.branchA.ID, "王晓梅", "")
		if err := s.CreateMember(ctx, actor, m); err != nil {
			t.Fatal(err)
		}
		on := huoshui.NewDate(2026, 3, 1)
		c := &huoshui.TransferCase{Kind: huoshui.TransferInside, MemberID: m.ID, ToOrgID: tr.branchB.ID, On: on}
		if err := s.StartTransfer(ctx, actor, c); err != nil {
			t.Fatal(err)
		}
		w, err := s.WithdrawTransfer(ctx, actor, c.ID, on.AddDate(0, 0, 1))
		if err != nil || w.Status != huoshui.TransferWithdrawn {
			t.Fatalf("withdraw: %+v %v", w, err)
		}
		var ve *huoshui.ValidationError
		if _, err := s.WithdrawTransfer(ctx, actor, c.ID, on); !errors.As(err, &ve) || !ve.Has("status") {
			t.Errorf("a second withdrawal: %v", err)
		}
		if _, err := s.AcceptTransfer(ctx, actor, c.ID, on); !errors.As(err, &ve) || !ve.Has("status") {
			t.Errorf("accepting a withdrawn move: %v", err)
		}
		if got, _ := s.FindMemberByID(ctx, huoshui.Everything(), m.ID); got.OrgID != tr.branchA.ID {
			t.Errorf("withdrawn, the member moved")
		}
		if a, err := s.TransferAlertsOf(ctx, tr.branchB.ID, on); err != nil || a.PendingIn != 0 {
			t.Errorf("the receiving branch still has %+v (%v)", a, err)
		}
		mine, err := s.FindMemberTransferCases(ctx, huoshui.Scope{MemberID: m.ID}, m.ID)
		if err != nil || len(mine) != 1 || mine[0].Status != huoshui.TransferWithdrawn {
			t.Errorf("the member's own cases: %+v %v", mine, err)
		}
		if other, _ := s.FindMemberTransferCases(ctx, huoshui.Scope{MemberID: m.ID + 1000}, m.ID); len(other) != 0 {
			t.Errorf("another person reads the member's cases")
		}

		// A letter out, then the member restored: the letter is withdrawn.
		letter := &huoshui.TransferCase{Kind: huoshui.TransferLetterOut, MemberID: m.ID, Destination: "外单位党委",
			IssuedOn: on, ValidUntil: on.AddMonths(3)}
		if err := s.StartTransfer(ctx, actor, letter); err != nil {
			t.Fatal(err)
		}
		if err := s.RestoreMember(ctx, actor, m.ID); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindTransferCaseByID(ctx, huoshui.Everything(), letter.ID)
		if err != nil || got.Status != huoshui.TransferWithdrawn {
			t.Errorf("the letter of a restored member: %+v %v", got, err)
		}
		if _, err := s.RecordReceipt(ctx, actor, letter.ID, on.AddDate(0, 0, 5)); !errors.As(err, &ve) {
			t.Errorf("a receipt for a withdrawn letter: %v", err)
		}
		// A letter whose receipt came back stays received on a restore.
		second := &huoshui.TransferCase{Kind: huoshui.TransferLetterOut, MemberID: m.ID, Destination: "外单位党委",
			IssuedOn: on, ValidUntil: on.AddMonths(3)}
		if err := s.StartTransfer(ctx, actor, second); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RecordReceipt(ctx, actor, second.ID, on.AddDate(0, 0, 5)); err != nil {
			t.Fatal(err)
		}
		if err := s.RestoreMember(ctx, actor, m.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.FindTransferCaseByID(ctx, huoshui.Everything(), second.ID); got.Status != huoshui.TransferReceived {
			t.Errorf("a received letter after a restore reads %s", got.Status)
		}
	})
}
