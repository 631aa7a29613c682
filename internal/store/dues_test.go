package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// duesToday is the day the dues tests run on: arrears count to 2026-04.
var duesToday = huoshui.NewDate(2026, 5, 15)

func ym(y, m int) huoshui.YearMonth { return huoshui.YearMonth{Year: y, Month: time.Month(m)} }

func addDuesMember(t *testing.T, s *store.Store, orgID int64, name string) *huoshui.Member {
	t.Helper()
	m := fullMember(orgID, name, "")
	if err := s.CreateMember(context.Background(), actor, m); err != nil {
		t.Fatal(err)
	}
	return m
}

func saveSalary(t *testing.T, s *store.Store, memberID int64, from huoshui.YearMonth, kind huoshui.DuesKind, yuan string) {
	t.Helper()
	fen, err := huoshui.ParseYuan(yuan)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSalary(context.Background(), actor, huoshui.Everything(),
		&huoshui.Salary{MemberID: memberID, From: from, Kind: kind, IncomeFen: fen}); err != nil {
		t.Fatalf("salary %s from %s: %v", yuan, from, err)
	}
}

func pay(s *store.Store, memberID int64, month huoshui.YearMonth, fen int64) error {
	return s.RecordDuesPayment(context.Background(), actor, huoshui.Everything(), &huoshui.DuesPayment{MemberID: memberID,
		Month: month, AmountFen: fen, Method: huoshui.PayWeChat, PaidOn: duesToday.AddDate(0, 0, -3)}, duesToday)
}

func lineOf(t *testing.T, lines []*store.DuesLine, id int64) *store.DuesLine {
	t.Helper()
	for _, l := range lines {
		if l.MemberID == id {
			return l
		}
	}
	t.Fatalf("member %d has no line", id)
	return nil
}

// The ledger's dues follow the brackets at each boundary, a new salary
// counts from the month it is first paid (the months before keep the old
// dues), a month is paid once, and arrears count as the rules count them.
func TestDuesLedger(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		cases := []struct {
			name string
			kind huoshui.DuesKind
			yuan string
			due  int64
		}{
			{"李三千", huoshui.DuesSalary, "3000", 1500},
			{"王过三千", huoshui.DuesSalary, "3000.01", 3000},
			{"赵五千", huoshui.DuesSalary, "5000", 5000},
			{"钱过五千", huoshui.DuesSalary, "5000.01", 7500},
			{"孙一万", huoshui.DuesSalary, "10000", 15000},
			{"周过一万", huoshui.DuesSalary, "10000.01", 20000},
			{"吴退休", huoshui.DuesRetired, "5000.01", 5000},
			{"郑学生", huoshui.DuesStudent, "0", 20},
		}
		var ids []int64
		for _, c := range cases {
			m := addDuesMember(t, s, tr.branchA.ID, c.name)
			saveSalary(t, s, m.ID, ym(2026, 1), c.kind, c.yuan)
			ids = append(ids, m.ID)
		}
		other := addDuesMember(t, s, tr.branchB.ID, "冯旁支")
		saveSalary(t, s, other.ID, ym(2026, 1), huoshui.DuesSalary, "8000")

		lines, err := s.FindDuesLedger(ctx, huoshui.Everything(), tr.branchA.ID, ym(2026, 4), ym(2026, 4))
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != len(cases) {
			t.Fatalf("%d lines, want %d (the branch beside is not listed)", len(lines), len(cases))
		}
		for i, c := range cases {
			l := lineOf(t, lines, ids[i])
			if !l.HasDue || l.Due != c.due {
				t.Errorf("%s (%s %s): due %s, want %s", c.name, c.kind, c.yuan, huoshui.FormatYuan(l.Due), huoshui.FormatYuan(c.due))
			}
			if l.Unpaid != 4 || l.Run != 4 || l.Since != ym(2026, 1) {
				t.Errorf("%s: unpaid %d, run %d since %s; want 4 from 2026-01", c.name, l.Unpaid, l.Run, l.Since)
			}
		}

		// A raise from March: February keeps 15.00; March on pays 1.5% of 6,000.
		first := ids[0]
		saveSalary(t, s, first, ym(2026, 3), huoshui.DuesSalary, "６，０００")
		for month, want := range map[int]int64{2: 1500, 3: 9000, 4: 9000} {
			l, err := s.FindMemberDuesLine(ctx, huoshui.Everything(), first, ym(2026, month), ym(2026, 4))
			if err != nil {
				t.Fatal(err)
			}
			if l.Due != want {
				t.Errorf("2026-%02d after the raise: due %s, want %s", month, huoshui.FormatYuan(l.Due), huoshui.FormatYuan(want))
			}
		}

		// Payments of January and March: two unpaid months, one in a row.
		for _, m := range []int{1, 3} {
			if err := pay(s, first, ym(2026, m), 1500); err != nil {
				t.Fatal(err)
			}
		}
		err = pay(s, first, ym(2026, 3), 9000)
		var ve *huoshui.ValidationError
		if !errors.As(err, &ve) || !ve.Has("month") || ve.Fields[0].Code != "dues.month_paid" {
			t.Fatalf("a second payment for March: %v, want dues.month_paid", err)
		}
		if err := pay(s, first, ym(2025, 12), 1500); err == nil {
			t.Error("a payment before the first salary's month was recorded")
		}
		payments, err := s.FindDuesPayments(ctx, huoshui.Everything(), first, 100)
		if err != nil || len(payments) != 2 {
			t.Fatalf("payments after the refusals: %v, %v; want the two recorded", payments, err)
		}
		l, err := s.FindMemberDuesLine(ctx, huoshui.Everything(), first, ym(2026, 3), ym(2026, 4))
		if err != nil {
			t.Fatal(err)
		}
		want := rules.Arrears(payments, ym(2026, 1), ym(2026, 4))
		if l.Unpaid != len(want.Unpaid) || l.Run != want.Run || l.Since != want.Since || l.Payment == nil || l.Payment.AmountFen != 1500 {
			t.Errorf("line %+v; rules say unpaid %v, run %d since %s", l, want.Unpaid, want.Run, want.Since)
		}

		// The member's own scope reads their own line only; the branch
		// beside's officers read none of it.
		own, err := s.FindDuesLedger(ctx, huoshui.Scope{MemberID: first}, tr.branchA.ID, ym(2026, 4), ym(2026, 4))
		if err != nil || len(own) != 1 || own[0].MemberID != first {
			t.Errorf("the member's own scope reads %d lines (%v)", len(own), err)
		}
		beside, err := s.FindDuesLedger(ctx, huoshui.Scope{Paths: []string{tr.branchB.Path}}, tr.branchA.ID, ym(2026, 4), ym(2026, 4))
		if err != nil || len(beside) != 0 {
			t.Errorf("the branch beside reads %d lines (%v)", len(beside), err)
		}
		if _, err := s.FindMemberDuesLine(ctx, huoshui.Scope{Paths: []string{tr.branchB.Path}}, first, ym(2026, 4), ym(2026, 4)); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("another branch's member line: %v, want not found", err)
		}
		if err := s.RecordDuesPayment(ctx, actor, huoshui.Scope{Paths: []string{tr.branchB.Path}}, &huoshui.DuesPayment{MemberID: first,
			Month: ym(2026, 2), AmountFen: 1500, Method: huoshui.PayCash, PaidOn: duesToday}, duesToday); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("an officer of the branch beside records a payment: %v, want not found", err)
		}

		// The year: dues of each month from the salary then, what was paid.
		year, err := s.FindDuesYear(ctx, huoshui.Everything(), tr.branchA.ID, 2026, ym(2026, 4))
		if err != nil {
			t.Fatal(err)
		}
		var y *store.DuesYearLine
		for _, x := range year {
			if x.MemberID == first {
				y = x
			}
		}
		if y == nil || y.Due[1] != 1500 || y.Due[2] != 9000 || y.Paid[0] != 1500 || y.Paid[2] != 1500 ||
			y.DueTotal != 1500*2+9000*2 || y.PaidTotal != 3000 || y.Unpaid != 2 {
			t.Errorf("year line %+v", y)
		}

		// Bad input writes nothing: a negative income, a payment of nothing.
		if err := s.SaveSalary(ctx, actor, huoshui.Everything(), &huoshui.Salary{MemberID: first, From: ym(2026, 5),
			Kind: huoshui.DuesSalary, IncomeFen: -100}); !errors.As(err, &ve) || !ve.Has("income") {
			t.Errorf("a negative income: %v", err)
		}
		if err := pay(s, first, ym(2026, 4), 0); !errors.As(err, &ve) || !ve.Has("amount") {
			t.Errorf("a payment of nothing: %v", err)
		}
		sal, err := s.FindSalaries(ctx, huoshui.Everything(), first)
		if err != nil || len(sal) != 2 {
			t.Errorf("salaries after the refusal: %d, %v", len(sal), err)
		}

		// Withdrawn: the month is unpaid again, and the trail keeps it.
		got, err := s.WithdrawDuesPayment(ctx, actor, huoshui.Everything(), payments[0].ID)
		if err != nil || got.Month != ym(2026, 3) {
			t.Fatalf("withdraw: %v, %v", got, err)
		}
		entries, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Everything(), ObjectType: "dues_payment", Limit: 10})
		if err != nil || len(entries) != 3 {
			t.Errorf("%d audit entries of payments (%v), want 2 recorded and 1 withdrawn", len(entries), err)
		}
	})
}

// Two officers record the same member's month at once: one payment is
// kept, the other is refused with the rule, and the branch's month total
// counts one.
func TestRaceDuesMonthPaidOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		raceRule(t, raceTrials, func(i int) string {
			m := addDuesMember(t, s, tr.branchA.ID, fmt.Sprintf("竞%02d", i))
			saveSalary(t, s, m.ID, ym(2026, 1), huoshui.DuesSalary, "4000")
			rec := func() error { return pay(s, m.ID, ym(2026, 2), 4000) }
			errs := race(rec, rec)
			ps, err := s.FindDuesPayments(ctx, huoshui.Everything(), m.ID, 10)
			if err != nil {
				t.Fatal(err)
			}
			ok := 0
			for _, err := range errs {
				var ve *huoshui.ValidationError
				switch {
				case err == nil:
					ok++
				case errors.As(err, &ve) && ve.Fields[0].Code == "dues.month_paid":
				default:
					return fmt.Sprintf("a racing payment failed otherwise: %v", err)
				}
			}
			if ok != 1 || len(ps) != 1 {
				return fmt.Sprintf("%d recorded, %d kept", ok, len(ps))
			}
			return ""
		})
		got, err := s.DuesCollected(ctx, huoshui.Everything(), tr.branchA.Path, ym(2026, 2).First(), ym(2026, 2).Last())
		if err != nil || got != raceTrials*4000 {
			t.Errorf("collected for February: %d (%v), want %d", got, err, raceTrials*4000)
		}
	})
}

// After random payments and withdrawals across two branches, the kept
// month totals (the roll-up's collected, DuesCollected) equal a fresh
// count of the payments themselves.
func TestDuesTotalsMatchFreshCount(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		rng := rand.New(rand.NewPCG(11, 37))
		var members []*huoshui.Member
		for i := range 8 {
			org := tr.branchA.ID
			if i%3 == 0 {
				org = tr.branchB.ID
			}
			m := addDuesMember(t, s, org, fmt.Sprintf("随机%d", i))
			saveSalary(t, s, m.ID, ym(2025, 1), huoshui.DuesSalary, "5200")
			members = append(members, m)
		}
		for range 120 {
			m := members[rng.IntN(len(members))]
			month := ym(2025, 1).Add(rng.IntN(16))
			if rng.IntN(4) == 0 {
				ps, err := s.FindDuesPayments(ctx, huoshui.Everything(), m.ID, 100)
				if err != nil {
					t.Fatal(err)
				}
				if len(ps) > 0 {
					if _, err := s.WithdrawDuesPayment(ctx, actor, huoshui.Everything(), ps[rng.IntN(len(ps))].ID); err != nil {
						t.Fatal(err)
					}
				}
				continue
			}
			_ = pay(s, m.ID, month, int64(100+rng.IntN(9000))) // a month paid already is refused: fine
		}
		// The fresh count, from each member's payments.
		fresh := map[int64]map[huoshui.YearMonth]int64{}
		for _, m := range members {
			ps, err := s.FindDuesPayments(ctx, huoshui.Everything(), m.ID, 100)
			if err != nil {
				t.Fatal(err)
			}
			if fresh[m.OrgID] == nil {
				fresh[m.OrgID] = map[huoshui.YearMonth]int64{}
			}
			for _, p := range ps {
				fresh[m.OrgID][p.Month] += p.AmountFen
			}
		}
		for month := ym(2025, 1); !month.After(ym(2026, 4)); month = month.Add(1) {
			totals, err := s.DuesRollup(ctx, huoshui.Everything(), tr.committee, []*huoshui.Org{tr.branchA, tr.branchB}, month, ym(2026, 4))
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range []*huoshui.Org{tr.branchA, tr.branchB} {
				if totals[b.ID].Collected != fresh[b.ID][month] {
					t.Errorf("%s %s: kept %d, counted %d", b.Name, month, totals[b.ID].Collected, fresh[b.ID][month])
				}
			}
		}
		var all int64
		for _, byMonth := range fresh {
			for _, fen := range byMonth {
				all += fen
			}
		}
		got, err := s.DuesCollected(ctx, huoshui.Everything(), tr.committee.Path, huoshui.NewDate(2025, 1, 1), huoshui.NewDate(2026, 4, 30))
		if err != nil || got != all {
			t.Errorf("collected under the committee: %d (%v), counted %d", got, err, all)
		}
		var besideFen int64
		for _, fen := range fresh[tr.branchB.ID] {
			besideFen += fen
		}
		got, err = s.DuesCollected(ctx, huoshui.Scope{Paths: []string{tr.branchB.Path}}, tr.committee.Path,
			huoshui.NewDate(2025, 1, 1), huoshui.NewDate(2026, 4, 30))
		if err != nil || got != besideFen {
			t.Errorf("the committee's total through the scope of one branch: %d (%v), want that branch's %d", got, err, besideFen)
		}
	})
}
