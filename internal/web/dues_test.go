package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/rules"
)

// duesUser makes an account holding role kind at org, for member (0: none).
func (e *env) duesUser(username string, memberID int64, kind huoshui.RoleKind, org *huoshui.Org) *client {
	e.T().Helper()
	hash, err := auth.HashPassword(demo.Password)
	if err != nil {
		e.T().Fatal(err)
	}
	u := &huoshui.User{Username: username, DisplayName: username, PasswordHash: hash, MemberID: memberID,
		Roles: []huoshui.Role{{OrgID: org.ID, Kind: kind}}}
	if err := e.store.CreateUser(context.Background(), huoshui.Actor{Username: "test"}, u); err != nil {
		e.T().Fatal(err)
	}
	return e.signedIn(username)
}

func seedDemoDues(t *testing.T, e *env) {
	t.Helper()
	if err := demo.SeedDues(context.Background(), e.store); err != nil {
		t.Fatal(err)
	}
}

// The secretary reads the month's ledger with the member in arrears and
// the warning, records the missing month (arrears fall), is refused a
// second payment for it; the member sees their own dues only; another
// branch's secretary and the member get 404 on the ledger.
func TestDuesLedgerPages(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		seedDemoDues(t, e)
		branch := e.demoOrg(demo.BranchName)
		late := e.demoMember(demo.ArrearsMember)
		sec := e.signedIn("secretary")
		through := rules.LastDueMonth(huoshui.DateOf(e.store.Now().In(huoshui.Shanghai)))
		ledger := fmt.Sprintf("/orgs/%d/dues", branch.ID)

		d := sec.get(ledger).wantStatus(http.StatusOK).doc()
		row := d.Find(fmt.Sprintf("tr#m%d", late.ID))
		if got, _ := row.Find("[data-arrears]").Attr("data-arrears"); got != "3" {
			t.Fatalf("%s's arrears: %q, want 3", demo.ArrearsMember, got)
		}
		if !strings.Contains(row.Text(), "已连续 3 个月没有交纳党费") {
			t.Errorf("no warning beside the member in arrears: %q", row.Text())
		}
		if d.Find("tr[data-paid]").Length() != 13 {
			t.Errorf("%d members paid last month, want 13", d.Find("tr[data-paid]").Length())
		}

		// The secretary's home lists the member in arrears as an action.
		home := sec.get("/").wantStatus(http.StatusOK).doc()
		if !strings.Contains(home.Find("[data-warning-actions]").Text(), demo.ArrearsMember+"：已连续 3 个月") {
			t.Errorf("the secretary's home does not show the arrears: %q", home.Find("[data-warning-actions]").Text())
		}

		// Record last month: the arrears fall to 2.
		pay := url.Values{"member_id": {fmt.Sprint(late.ID)}, "month": {through.String()}, "amount": {"４６．００"},
			"method": {"wechat"}, "paid_on": {""}}
		sec.postForm(ledger+"/payments", pay).wantStatus(http.StatusSeeOther)
		d = sec.get(ledger).wantStatus(http.StatusOK).doc()
		if got, _ := d.Find(fmt.Sprintf("tr#m%d [data-arrears]", late.ID)).Attr("data-arrears"); got != "2" {
			t.Errorf("arrears after paying last month: %q, want 2", got)
		}
		// The same month again: refused with the rule, nothing written.
		r := sec.postForm(ledger+"/payments", pay).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, through.String()+" 的党费已经交过，不能重复记录。") {
			t.Errorf("a second payment is not refused with the rule:\n%s", r.doc().Find(".field-error, .form-error").Text())
		}
		ps, err := e.store.FindDuesPayments(context.Background(), huoshui.Everything(), late.ID, 100)
		if err != nil || len(ps) != 10 {
			t.Errorf("%d payments kept (%v), want 10", len(ps), err)
		}
		// Bad amounts are refused in Chinese.
		bad := url.Values{"member_id": {fmt.Sprint(late.ID)}, "month": {through.Add(-1).String()}, "amount": {"四十六"}, "method": {"cash"}}
		r = sec.postForm(ledger+"/payments", bad).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "金额要写成数字") {
			t.Errorf("a non-numeric amount: %s", r.doc().Find(".field-error").Text())
		}

		// A bad month is a 422 in Chinese, on the page and in the API.
		r = sec.get(ledger + "?month=2026-13").wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "月份不对") {
			t.Errorf("a bad month's page does not say so")
		}

		// The member: their own dues on /dues, 404 on the ledger.
		me := e.duesUser("wujianing", late.ID, huoshui.RoleMember, branch)
		me.get(ledger).wantStatus(http.StatusNotFound)
		me.get(fmt.Sprintf("/api/v1/orgs/%d/dues", branch.ID)).wantStatus(http.StatusNotFound)
		mine := me.get("/dues").wantStatus(http.StatusOK).doc()
		if got, _ := mine.Find("[data-my-arrears]").Attr("data-my-arrears"); got != "2" {
			t.Errorf("the member's own arrears: %q, want 2", got)
		}
		if strings.Contains(mine.Text(), "杨雪梅") {
			t.Error("the member's page names another member")
		}
		// Two months in a row unpaid now: no warning yet on the home page.
		if me.get("/").wantStatus(http.StatusOK).doc().Find("[data-dues-warning]").Length() != 0 {
			t.Error("a warning at two months")
		}

		// The secretary of the branch beside: 404 everywhere.
		beside := e.duesUser("zhsec", 0, huoshui.RoleSecretary, e.demoOrg(demo.SecondBranch))
		for _, p := range []string{ledger, ledger + "/year", ledger + "/export.xlsx", ledger + "/print",
			fmt.Sprintf("/members/%d/salary", late.ID), fmt.Sprintf("/api/v1/orgs/%d/dues", branch.ID)} {
			beside.get(p).wantStatus(http.StatusNotFound)
		}
		beside.postForm(ledger+"/payments", pay).wantStatus(http.StatusNotFound)
	})
}

// The API answers the ledger with money as yuan strings, 404 outside the
// reader's ledgers and 422 in Chinese for a bad month.
func TestDuesAPI(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	seedDemoDues(t, e)
	branch := e.demoOrg(demo.BranchName)
	late := e.demoMember(demo.ArrearsMember)
	sec := e.signedIn("secretary")
	through := rules.LastDueMonth(huoshui.DateOf(e.store.Now().In(huoshui.Shanghai)))
	r := sec.get(fmt.Sprintf("/api/v1/orgs/%d/dues?month=%s", branch.ID, through)).wantStatus(http.StatusOK)
	var got struct {
		Members []struct {
			ID            int64   `json:"id"`
			Name          string  `json:"name"`
			Due           *string `json:"due"`
			Paid          string  `json:"paid"`
			ArrearsMonths int     `json:"arrears_months"`
		} `json:"members"`
	}
	if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Members) != 14 {
		t.Fatalf("%d members, want 14", len(got.Members))
	}
	for _, m := range got.Members {
		if m.ID == late.ID {
			if m.Due == nil || *m.Due != "46.00" || m.Paid != "0.00" || m.ArrearsMonths != 3 {
				t.Errorf("the member in arrears: %+v", m)
			}
		} else if m.Due == nil || m.Paid != *m.Due || m.ArrearsMonths != 0 {
			t.Errorf("%s: due %v, paid %s, arrears %d", m.Name, m.Due, m.Paid, m.ArrearsMonths)
		}
	}
	r = sec.get(fmt.Sprintf("/api/v1/orgs/%d/dues?month=abc", branch.ID)).wantStatus(http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "月份不对") {
		t.Errorf("bad month: %s", r.Body)
	}
	sec.get(fmt.Sprintf("/api/v1/orgs/%d/dues", e.demoOrg(demo.SecondBranch).ID)).wantStatus(http.StatusNotFound)
}

// A salary: a negative or non-numeric income is refused in Chinese and
// nothing is written; full-width digits are read; the dues follow from
// the month given.
func TestDuesSalaryForm(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		m := e.demoMember("陈思远")
		sec := e.signedIn("secretary")
		path := fmt.Sprintf("/members/%d/salary", m.ID)
		sec.get(path).wantStatus(http.StatusOK)
		for income, want := range map[string]string{"-5000": "收入不能是负数", "五千": "收入要写成数字", "": "请填写每月税后收入"} {
			r := sec.postForm(path, url.Values{"kind": {"salary"}, "income": {income}, "month": {"2026-01"}}).
				wantStatus(http.StatusUnprocessableEntity)
			if !strings.Contains(r.doc().Find(".field-error").Text(), want) {
				t.Errorf("income %q: %q, want %q", income, r.doc().Find(".field-error").Text(), want)
			}
		}
		if s, _ := e.store.FindSalaries(context.Background(), huoshui.Everything(), m.ID); len(s) != 0 {
			t.Fatalf("refused salaries wrote %d rows", len(s))
		}
		r := sec.postForm(path, url.Values{"kind": {"salary"}, "income": {"６，５００"}, "month": {"２０２６-０１"}}).wantStatus(http.StatusSeeOther)
		d := sec.get(r.Header.Get("Location")).wantStatus(http.StatusOK).doc()
		if !strings.Contains(d.Find(".flash, [role=status]").Text()+d.Text(), "每月应缴党费 97.50 元") {
			t.Errorf("the saved salary does not say its dues: %q", d.Find("[data-salaries]").Text())
		}
		if !strings.Contains(d.Find("[data-salaries]").Text(), "6500.00") {
			t.Errorf("salary history: %q", d.Find("[data-salaries]").Text())
		}
	})
}

// The organiser's roll-up counts per branch, never names; the bulk
// confirmation records everyone unpaid at their dues.
func TestDuesRollupAndBulk(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		seedDemoDues(t, e)
		branch := e.demoOrg(demo.BranchName)
		committee := e.demoOrg(demo.CommitteeName)
		through := rules.LastDueMonth(huoshui.DateOf(e.store.Now().In(huoshui.Shanghai)))
		org := e.signedIn("organiser")
		r := org.get(fmt.Sprintf("/orgs/%d/dues", committee.ID)).wantStatus(http.StatusOK)
		d := r.doc()
		row := d.Find(fmt.Sprintf("[data-dues-rollup] tr[data-org='%d']", branch.ID))
		if row.Find("[data-in-arrears]").Text() != "1" {
			t.Errorf("members in arrears of the secretariat: %q, want 1", row.Find("[data-in-arrears]").Text())
		}
		if strings.Contains(r.Body, demo.ArrearsMember) {
			t.Error("the roll-up names the member in arrears")
		}
		sec := e.signedIn("secretary")
		month := through.Add(-1)
		d = sec.get(fmt.Sprintf("/orgs/%d/dues/bulk?month=%s", branch.ID, month)).wantStatus(http.StatusOK).doc()
		if n := d.Find("[data-bulk-rows] li").Length(); n != 1 {
			t.Fatalf("the confirmation lists %d members, want 1", n)
		}
		sec.postForm(fmt.Sprintf("/orgs/%d/dues/bulk", branch.ID), url.Values{"month": {month.String()}, "method": {"cash"}}).
			wantStatus(http.StatusSeeOther)
		d = sec.get(fmt.Sprintf("/orgs/%d/dues?month=%s", branch.ID, month)).wantStatus(http.StatusOK).doc()
		if d.Find("tr[data-paid]").Length() != 14 || d.Find("[data-dues-bulk]").Length() != 0 {
			t.Errorf("after recording everyone: %d paid", d.Find("tr[data-paid]").Length())
		}
		// The exports and print pages answer.
		for _, p := range []string{"/dues/export.xlsx", "/dues/year.xlsx"} {
			r := sec.get(fmt.Sprintf("/orgs/%d%s", branch.ID, p)).wantStatus(http.StatusOK)
			if !strings.HasPrefix(r.Body, "PK") {
				t.Errorf("%s is not a workbook", p)
			}
		}
		y := sec.get(fmt.Sprintf("/orgs/%d/dues/year/print?year=%d", branch.ID, through.Year)).wantStatus(http.StatusOK).doc()
		if y.Find("[data-dues-year] tbody tr").Length() != 15 {
			t.Errorf("the year's print has %d rows, want 14 members and the total", y.Find("[data-dues-year] tbody tr").Length())
		}
		sec.get(fmt.Sprintf("/orgs/%d/dues/print", branch.ID)).wantStatus(http.StatusOK)
	})
}
