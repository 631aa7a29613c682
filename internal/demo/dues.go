package demo

import (
	"context"
	"fmt"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// ArrearsMember is the member of the secretariat who has not paid the
// last three months' dues: the warning of the 自行脱党 rule shows on the
// secretary's home and in the ledger.
const ArrearsMember = "吴佳宁"

// duesIncomes are the monthly incomes after tax of the secretariat, in
// yuan, in the order of `secretariat`: a 处长's to a new 科员's, across
// the brackets.
var duesIncomes = []int64{11800, 9600, 7400, 7900, 6300, 6800, 5400, 6100, 7200, 4600, 7000, 4800, 4300, 2900}

// seedDues gives every member of the secretariat a declared income a
// year ago, a raise for one of them six months ago (the dues follow from
// that month), and a year of monthly payments up to last month, except
// for ArrearsMember's last three months.
func seedDues(ctx context.Context, st *store.Store, ms []*huoshui.Member) error {
	return seedDuesOf(ctx, st, ms[:len(secretariat)])
}

// SeedDues lays out the demo's year of dues on a demo organisation seeded
// without it (SeedPeople): for tests of the dues screens.
func SeedDues(ctx context.Context, st *store.Store) error {
	os, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Name: BranchName})
	if err != nil || len(os) == 0 {
		return fmt.Errorf("demo dues: no %s: %v", BranchName, err)
	}
	ms, _, err := st.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Everything(), OrgID: os[0].ID})
	if err != nil {
		return err
	}
	byName := map[string]*huoshui.Member{}
	for _, m := range ms {
		byName[m.Name] = m
	}
	var ordered []*huoshui.Member
	for _, p := range secretariat {
		if m := byName[p.name]; m != nil {
			ordered = append(ordered, m)
		}
	}
	if len(ordered) != len(secretariat) {
		return fmt.Errorf("demo dues: %d of %d members of %s found", len(ordered), len(secretariat), BranchName)
	}
	return seedDuesOf(ctx, st, ordered)
}

func seedDuesOf(ctx context.Context, st *store.Store, ms []*huoshui.Member) error {
	today := huoshui.DateOf(st.Now().In(huoshui.Shanghai))
	through := rules.LastDueMonth(today)
	start := through.Add(-11)
	all := huoshui.Everything()
	for i, m := range ms {
		sal := &huoshui.Salary{MemberID: m.ID, From: start, Kind: huoshui.DuesSalary, IncomeFen: duesIncomes[i] * 100}
		if err := st.SaveSalary(ctx, actor, all, sal); err != nil {
			return fmt.Errorf("demo salary of %s: %w", m.Name, err)
		}
		if i == 2 { // 王志强 was promoted: a new income from six months ago
			raise := &huoshui.Salary{MemberID: m.ID, From: through.Add(-5), Kind: huoshui.DuesSalary, IncomeFen: 10600_00,
				Note: "晋升一级主任科员"}
			if err := st.SaveSalary(ctx, actor, all, raise); err != nil {
				return fmt.Errorf("demo salary of %s: %w", m.Name, err)
			}
		}
		salaries, err := st.FindSalaries(ctx, all, m.ID)
		if err != nil {
			return err
		}
		last := through
		if m.Name == ArrearsMember {
			last = through.Add(-3)
		}
		var ps []*huoshui.DuesPayment
		for month := start; !month.After(last); month = month.Add(1) {
			due, _, err := rules.DefaultDuesPolicy.DuesFor(salaries, month)
			if err != nil {
				return err
			}
			method := huoshui.PayPayroll
			if i%4 == 1 {
				method = huoshui.PayWeChat
			}
			paid := month.First().AddDate(0, 0, 9+i%10)
			if paid.After(today) {
				paid = today
			}
			ps = append(ps, &huoshui.DuesPayment{MemberID: m.ID, Month: month, AmountFen: due, Method: method, PaidOn: paid})
		}
		if _, err := st.RecordDuesPayments(ctx, actor, all, ps, today); err != nil {
			return fmt.Errorf("demo dues of %s: %w", m.Name, err)
		}
	}
	return nil
}
