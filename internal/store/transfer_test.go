package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// A move inside the platform waits for the receiving branch: the member
// stays until it accepts, then moves with the counts; a declined move
// leaves them where they are. Each step is audited.
func TestTransferInside(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		m := fullMember(tr.branchA.ID, "王晓梅", "")
		if err := s.CreateMember(ctx, actor, m); err != nil {
			t.Fatal(err)
		}
		// Into one's own branch: refused, nothing written.
		err := s.StartTransfer(ctx, actor, &huoshui.TransferCase{Kind: huoshui.TransferInside, MemberID: m.ID,
			ToOrgID: tr.branchA.ID, On: huoshui.NewDate(2026, 3, 1)})
		var ve *huoshui.ValidationError
		if !errors.As(err, &ve) || !ve.Has("to_org_id") {
			t.Fatalf("a transfer into one's own branch: %v", err)
		}
		c := &huoshui.TransferCase{Kind: huoshui.TransferInside, MemberID: m.ID, ToOrgID: tr.branchB.ID, On: huoshui.NewDate(2026, 3, 1)}
		if err := s.StartTransfer(ctx, actor, c); err != nil {
			t.Fatal(err)
		}
		if c.Status != huoshui.TransferPending || c.FromOrgID != tr.branchA.ID {
			t.Fatalf("started: %+v", c)
		}
		// A second one while the first waits is refused.
		err = s.StartTransfer(ctx, actor, &huoshui.TransferCase{Kind: huoshui.TransferInside, MemberID: m.ID,
			ToOrgID: tr.branchB.ID, On: huoshui.NewDate(2026, 3, 1)})
		if !errors.As(err, &ve) || !ve.Has("member_id") {
			t.Fatalf("a second pending transfer: %v", err)
		}
		got, _ := s.FindMemberByID(ctx, huoshui.Everything(), m.ID)
		if got.OrgID != tr.branchA.ID {
			t.Fatalf("a pending transfer moved the member")
		}
		// Scoped: branch B's officers see it, another committee's do not.
		if _, err := s.FindTransferCaseByID(ctx, huoshui.Scope{Paths: []string{tr.branchB.Path}}, c.ID); err != nil {
			t.Errorf("the receiving branch does not see the transfer: %v", err)
		}
		other := makeTreeNamed(t, s, "（另）")
		if _, err := s.FindTransferCaseByID(ctx, huoshui.Scope{Paths: []string{other.branchA.Path}}, c.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("another branch sees the transfer: %v", err)
		}
		if cs, _ := s.FindTransferCases(ctx, huoshui.TransferFilter{}); len(cs) != 0 {
			t.Errorf("the zero filter lists %d transfers", len(cs))
		}
		a, err := s.TransferAlertsOf(ctx, tr.branchB.ID, huoshui.NewDate(2026, 3, 2))
		if err != nil || a.PendingIn != 1 {
			t.Errorf("alerts of the receiving branch: %+v %v", a, err)
		}
		before := orgCounts(t, s, tr.branchB)
		done, err := s.AcceptTransfer(ctx, actor, c.ID, huoshui.NewDate(2026, 3, 5))
		if err != nil || done.Status != huoshui.TransferAccepted {
			t.Fatalf("accept: %+v %v", done, err)
		}
		got, _ = s.FindMemberByID(ctx, huoshui.Everything(), m.ID)
		if got.OrgID != tr.branchB.ID {
			t.Errorf("accepted, the member is in %d", got.OrgID)
		}
		if after := orgCounts(t, s, tr.branchB); after != before+1 {
			t.Errorf("the receiving branch counts %d members, want %d", after, before+1)
		}
		hist, _ := s.FindTransfers(ctx, huoshui.Everything(), m.ID)
		if len(hist) != 1 || hist[0].ToOrgID != tr.branchB.ID || !hist[0].On.Equal(huoshui.NewDate(2026, 3, 5)) {
			t.Errorf("history: %+v", hist)
		}
		if _, err := s.AcceptTransfer(ctx, actor, c.ID, huoshui.NewDate(2026, 3, 5)); !errors.As(err, &ve) {
			t.Errorf("accepted twice: %v", err)
		}
		// Back again, declined: the member stays.
		back := &huoshui.TransferCase{Kind: huoshui.TransferInside, MemberID: m.ID, ToOrgID: tr.branchA.ID, On: huoshui.NewDate(2026, 4, 1)}
		if err := s.StartTransfer(ctx, actor, back); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DeclineTransfer(ctx, actor, back.ID, huoshui.NewDate(2026, 4, 2), ""); !errors.As(err, &ve) || !ve.Has("decline_reason") {
			t.Errorf("declined without a reason: %v", err)
		}
		if _, err := s.DeclineTransfer(ctx, actor, back.ID, huoshui.NewDate(2026, 4, 2), "编制已满"); err != nil {
			t.Fatal(err)
		}
		got, _ = s.FindMemberByID(ctx, huoshui.Everything(), m.ID)
		if got.OrgID != tr.branchB.ID {
			t.Errorf("a declined transfer moved the member")
		}
		entries := auditOf(t, s, "transfer")
		if len(entries) < 5 {
			t.Errorf("transfer steps audited %d times, want each step under each branch", len(entries))
		}
	})
}

// A letter out gets the next number of its branch and year, takes the
// member off the roster as transferred out, and waits for its receipt.
func TestTransferLetter(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		var letters []*huoshui.TransferCase
		for i, name := range []string{"王晓梅", "李建国"} {
			m := fullMember(tr.branchA.ID, name, "")
			if err := s.CreateMember(ctx, actor, m); err != nil {
				t.Fatal(err)
			}
			issued := huoshui.NewDate(2026, 1, 10+i)
			c := &huoshui.TransferCase{Kind: huoshui.TransferLetterOut, MemberID: m.ID, Destination: "中共某市财政局机关委员会",
				IssuedOn: issued, ValidUntil: rules.LetterExpires(issued)}
			if err := s.StartTransfer(ctx, actor, c); err != nil {
				t.Fatal(err)
			}
			letters = append(letters, c)
			want, _ := rules.LetterNumber(2026, "MSC", i+1)
			if c.LetterNumber != want || c.Status != huoshui.TransferIssued {
				t.Errorf("letter %d: %q %s, want %q", i, c.LetterNumber, c.Status, want)
			}
			got, _ := s.FindMemberByID(ctx, huoshui.Everything(), m.ID)
			if got.ArchivedAt == nil || got.ArchiveReason != huoshui.TransferArchiveReason {
				t.Errorf("a member with a letter out is still on the roster: %+v", got)
			}
		}
		if n := orgCounts(t, s, tr.branchA); n != 0 {
			t.Errorf("the branch counts %d members after both left", n)
		}
		found, err := s.FindLetterByNumber(ctx, huoshui.Scope{Paths: []string{tr.branchA.Path}}, "2026-MSC-0002")
		if err != nil || found.ID != letters[1].ID {
			t.Fatalf("find by number: %v", err)
		}
		if _, err := s.FindLetterByNumber(ctx, huoshui.Scope{Paths: []string{tr.branchB.Path}}, "2026-MSC-0002"); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("another branch finds the letter: %v", err)
		}
		a, _ := s.TransferAlertsOf(ctx, tr.branchA.ID, huoshui.NewDate(2026, 4, 11))
		if a.Overdue != 1 {
			t.Errorf("on 2026-04-11 overdue %d, want the letter of 01-10 only", a.Overdue)
		}
		if _, err := s.RecordReceipt(ctx, actor, letters[0].ID, huoshui.NewDate(2026, 2, 1)); err != nil {
			t.Fatal(err)
		}
		var ve *huoshui.ValidationError
		if _, err := s.RecordReceipt(ctx, actor, letters[0].ID, huoshui.NewDate(2026, 2, 2)); !errors.As(err, &ve) || !ve.Has("receipt_on") {
			t.Errorf("a second receipt: %v", err)
		}
		a, _ = s.TransferAlertsOf(ctx, tr.branchA.ID, huoshui.NewDate(2026, 4, 11))
		if a.Overdue != 0 {
			t.Errorf("a letter whose receipt is back is overdue")
		}
		// Into the platform: a member entered from a letter, in one go.
		in := fullMember(tr.branchB.ID, "赵文静", "")
		c := &huoshui.TransferCase{Origin: "中共某县委组织部", LetterNumber: "2026-XW-0031", IssuedOn: huoshui.NewDate(2026, 2, 3)}
		if err := s.EnterFromLetter(ctx, actor, in, c); err != nil {
			t.Fatal(err)
		}
		if in.ID == 0 || c.Status != huoshui.TransferEntered || c.ToOrgID != tr.branchB.ID {
			t.Errorf("entered: %+v", c)
		}
		bad := fullMember(tr.branchB.ID, "", "")
		n := orgCounts(t, s, tr.branchB)
		if err := s.EnterFromLetter(ctx, actor, bad, &huoshui.TransferCase{Origin: "某地"}); !errors.As(err, &ve) {
			t.Errorf("a letter without a number or a name: %v", err)
		}
		if orgCounts(t, s, tr.branchB) != n {
			t.Errorf("a refused letter in wrote a member")
		}
	})
}

// Two letters of one branch issued at once get two numbers: the counter
// is n = n + 1 … RETURNING, backed by a unique index.
func TestRaceTransferLetterNumbers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		raceRule(t, 20, func(i int) string {
			var cs [2]*huoshui.TransferCase
			var fns []func() error
			for k := range cs {
				m := fullMember(tr.branchA.ID, fmt.Sprintf("张%c%c", '甲'+rune(i), '乙'+rune(k)), "")
				if err := s.CreateMember(ctx, actor, m); err != nil {
					t.Fatal(err)
				}
				cs[k] = &huoshui.TransferCase{Kind: huoshui.TransferLetterOut, MemberID: m.ID, Destination: "外单位",
					IssuedOn: huoshui.NewDate(2026, 5, 1), ValidUntil: huoshui.NewDate(2026, 8, 1)}
				c := cs[k]
				fns = append(fns, func() error { return s.StartTransfer(ctx, actor, c) })
			}
			errs := race(fns...)
			if errs[0] != nil || errs[1] != nil {
				return fmt.Sprintf("issuing failed: %v", errs)
			}
			if cs[0].LetterNumber == cs[1].LetterNumber {
				return "two letters numbered " + cs[0].LetterNumber
			}
			return ""
		})
	})
}

// orgCounts is how many current members o counts.
func orgCounts(t *testing.T, s *store.Store, o *huoshui.Org) int {
	t.Helper()
	o, err := s.FindOrgByID(context.Background(), huoshui.Everything(), o.ID) // the kept counts as they are now
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.OrgCountsOf(context.Background(), []*huoshui.Org{o})
	if err != nil {
		t.Fatal(err)
	}
	return c[o.ID].Members
}

// auditOf lists the audit entries about objects of type objType.
func auditOf(t *testing.T, s *store.Store, objType string) []huoshui.AuditEntry {
	t.Helper()
	es, _, err := s.FindAuditEntries(context.Background(), huoshui.AuditFilter{Scope: huoshui.Everything(), ObjectType: objType, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return es
}
