package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// The dues ledger of a branch of 50 members with five years of monthly
// payments and a salary a year, among four more branches like it (15,000
// payments in all): the goal is ≤ 5 ms a ledger. "indexed" is
// FindDuesLedger, one query of index probes; "full-scan" is the same
// ledger computed the plain way, loading every salary and payment of the
// branch's members and applying the rules in Go.
//
//	go test ./internal/store -run '^$' -bench DuesLedger
func BenchmarkDuesLedger(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchDuesLedger(b, storetest.SQLite(b)) })
	if storetest.PostgresURL(b) != "" {
		b.Run("postgres", func(b *testing.B) { benchDuesLedger(b, storetest.Postgres(b)) })
	}
}

func benchDuesLedger(b *testing.B, s *store.Store) {
	ctx := context.Background()
	root := createOrg(b, s, 0, huoshui.OrgCommittee, "基准党委")
	start, through := ym(2021, 5), ym(2026, 4)
	today := huoshui.NewDate(2026, 5, 15)
	var branch *huoshui.Org
	for k := range 5 {
		o := createOrg(b, s, root.ID, huoshui.OrgBranch, fmt.Sprintf("基准支部%d", k))
		if branch == nil {
			branch = o
		}
		for i := range 50 {
			m := fullMember(o.ID, fmt.Sprintf("党员%d-%02d", k, i), "")
			if err := s.CreateMember(ctx, actor, m); err != nil {
				b.Fatal(err)
			}
			for y := range 5 {
				if err := s.SaveSalary(ctx, actor, huoshui.Everything(), &huoshui.Salary{MemberID: m.ID, From: start.Add(12 * y),
					Kind: huoshui.DuesSalary, IncomeFen: int64(400000 + 50000*y + 1000*i)}); err != nil {
					b.Fatal(err)
				}
			}
			var ps []*huoshui.DuesPayment
			for month := start; !month.After(through); month = month.Add(1) {
				if i%10 == 3 && month.After(through.Add(-4)) {
					continue // some members in arrears
				}
				ps = append(ps, &huoshui.DuesPayment{MemberID: m.ID, Month: month, AmountFen: 6000, Method: huoshui.PayPayroll,
					PaidOn: month.Last()})
			}
			if _, err := s.RecordDuesPayments(ctx, actor, huoshui.Everything(), ps, today); err != nil {
				b.Fatal(err)
			}
		}
	}
	scope := huoshui.Scope{Paths: []string{branch.Path}}
	b.Run("indexed", func(b *testing.B) {
		for b.Loop() {
			lines, err := s.FindDuesLedger(ctx, scope, branch.ID, through, through)
			if err != nil || len(lines) != 50 {
				b.Fatal(len(lines), err)
			}
		}
	})
	b.Run("full-scan", func(b *testing.B) {
		for b.Loop() {
			members, _, err := s.FindMembers(ctx, huoshui.MemberFilter{Scope: scope, OrgID: branch.ID})
			if err != nil || len(members) != 50 {
				b.Fatal(len(members), err)
			}
			for _, m := range members {
				sal, err := s.FindSalaries(ctx, scope, m.ID)
				if err != nil {
					b.Fatal(err)
				}
				ps, err := s.FindDuesPayments(ctx, scope, m.ID, 1000)
				if err != nil {
					b.Fatal(err)
				}
				if _, _, err := rules.DefaultDuesPolicy.DuesFor(sal, through); err != nil {
					b.Fatal(err)
				}
				rules.Arrears(ps, sal[len(sal)-1].From, through)
			}
		}
	})
}
