package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// The secretariat's secretary reads the branch's return: its figures
// agree with the roster, each links to the member list of the people
// behind it, and the list shows exactly that many; the committee's
// organiser reads the committee's; a past date is counted from the
// records and says so; the sheet and the print page hold the same; the
// secretary of 综合处 finds neither the secretariat's return nor the
// committee's (404); a plain member neither; a bad date is 422 in Chinese.
func TestStatisticsPageAndAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		branch := e.demoOrg(demo.BranchName)
		committee := e.demoOrg(demo.CommitteeName)
		e.memberAccount("chen", "陈思远", huoshui.RoleMember, branch)
		e.memberAccount("zonghe", "罗家明", huoshui.RoleSecretary, e.demoOrg(demo.SecondBranch))
		sec, org := e.login("secretary"), e.login("organiser")

		doc := sec.get(fmt.Sprintf("/orgs/%d/statistics", branch.ID)).wantStatus(http.StatusOK).doc()
		if doc.Find(`[data-source="summaries"]`).Length() != 1 {
			t.Error("today's return does not say it reads the summaries")
		}
		// The total of 党员 links to the list of the branch's party members.
		var st huoshui.Statistics
		r := sec.get(fmt.Sprintf("/api/v1/orgs/%d/statistics", branch.ID)).wantStatus(http.StatusOK)
		if err := json.Unmarshal([]byte(r.Body), &st); err != nil {
			t.Fatal(err)
		}
		if st.Total.Party == 0 || st.Total.Party != st.Total.Full+st.Total.Probationary || st.Source != "summaries" {
			t.Fatalf("the branch's return: %+v", st)
		}
		checked := 0
		links := doc.Find("section.statistics-table td a")
		if links.Length() < 10 {
			t.Fatalf("only %d figures link to their people", links.Length())
		}
		for i := range links.Length() {
			if i%3 != 0 { // every third link, to keep the test short
				continue
			}
			a := links.Eq(i)
			href, _ := a.Attr("href")
			list := sec.get(href + "&sort=name").wantStatus(http.StatusOK).doc()
			rows := list.Find("table tbody tr").Length()
			if want := strings.TrimSpace(a.Text()); fmt.Sprint(rows) != want {
				t.Errorf("%s lists %d people, the figure says %s", href, rows, want)
			}
			checked++
		}
		if checked == 0 {
			t.Error("no link checked")
		}
		if doc.Find(fmt.Sprintf(`a[href^="/orgs/%d/statistics.xlsx"]`, branch.ID)).Length() != 1 ||
			doc.Find(fmt.Sprintf(`a[href^="/orgs/%d/statistics/print"]`, branch.ID)).Length() != 1 {
			t.Error("no export or print link")
		}
		// The org page leads to it.
		if sec.get(fmt.Sprintf("/orgs/%d", branch.ID)).doc().Find(fmt.Sprintf(`a[href="/orgs/%d/statistics"]`, branch.ID)).Length() != 1 {
			t.Error("the branch's page has no link to its statistics")
		}

		// The committee's, as its organiser reads it, holds the branch's.
		var cst huoshui.Statistics
		r = org.get(fmt.Sprintf("/api/v1/orgs/%d/statistics", committee.ID)).wantStatus(http.StatusOK)
		if err := json.Unmarshal([]byte(r.Body), &cst); err != nil {
			t.Fatal(err)
		}
		if cst.Total.Party <= st.Total.Party {
			t.Errorf("the committee counts %d 党员, its branch alone %d", cst.Total.Party, st.Total.Party)
		}

		// A past date: from the records.
		last := fmt.Sprintf("%d-12-31", huoshui.DateOf(e.store.Now()).Year()-1)
		past := sec.get(fmt.Sprintf("/orgs/%d/statistics?date=%s", branch.ID, last)).wantStatus(http.StatusOK).doc()
		if past.Find(`[data-source="records"]`).Length() != 1 || !strings.Contains(past.Text(), last) {
			t.Error("a past date's return does not say it is counted from the records")
		}

		// The sheet and the print page.
		x := sec.get(fmt.Sprintf("/orgs/%d/statistics.xlsx?date=%s", branch.ID, last)).wantStatus(http.StatusOK)
		if !strings.HasPrefix(x.Header.Get("Content-Type"), "application/vnd.openxmlformats") || len(x.Body) < 1000 {
			t.Errorf("the export: %s, %d bytes", x.Header.Get("Content-Type"), len(x.Body))
		}
		print := sec.get(fmt.Sprintf("/orgs/%d/statistics/print?date=%s", branch.ID, last)).wantStatus(http.StatusOK).doc()
		if print.Find("table.ledger-table").Length() < 6 || print.Find("td a").Length() != 0 {
			t.Errorf("the print page has %d tables and %d links", print.Find("table.ledger-table").Length(), print.Find("td a").Length())
		}

		// Bad dates: 422, in Chinese, with what to fix.
		for _, bad := range []string{"2026-13-01", "明天", "2999-01-01"} {
			r := sec.get(fmt.Sprintf("/api/v1/orgs/%d/statistics?date=%s", branch.ID, bad)).wantStatus(http.StatusUnprocessableEntity)
			var body struct {
				Fields map[string]string `json:"fields"`
			}
			if err := json.Unmarshal([]byte(r.Body), &body); err != nil || !strings.ContainsAny(body.Fields["date"], "日期") {
				t.Errorf("date %s: %s", bad, r.Body)
			}
			page := sec.get(fmt.Sprintf("/orgs/%d/statistics?date=%s", branch.ID, bad)).wantStatus(http.StatusUnprocessableEntity)
			if !strings.Contains(page.doc().Find(".form-error").Text(), "日期") {
				t.Errorf("the page for date %s does not say what to fix", bad)
			}
		}

		// Outside the scope: nothing there.
		other := e.signedIn("zonghe")
		for _, path := range []string{
			fmt.Sprintf("/orgs/%d/statistics", branch.ID),
			fmt.Sprintf("/api/v1/orgs/%d/statistics", branch.ID),
			fmt.Sprintf("/orgs/%d/statistics.xlsx", branch.ID),
			fmt.Sprintf("/api/v1/orgs/%d/statistics", committee.ID),
		} {
			other.get(path).wantStatus(http.StatusNotFound)
			e.signedIn("chen").get(path).wantStatus(http.StatusNotFound)
		}
		// The member list's ?in= outside the reader's part lists nobody.
		if n := other.get(fmt.Sprintf("/members?in=%d&party=1", branch.ID)).doc().Find("table tbody tr").Length(); n != 0 {
			t.Errorf("综合处's secretary lists %d of the secretariat's members", n)
		}
	})
}
