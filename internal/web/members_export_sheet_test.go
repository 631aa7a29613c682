package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/huoshui/huoshui/internal/demo"
)

// The roster export says whose it is and of which day; the list of
// archived people adds when each was archived and why.
func TestMembersExportTitleAndArchive(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		sec := e.login("secretary")
		all, _ := exportRows(t, sec, "/members/export.xlsx", "党员花名册")
		if got := all[0][0]; !strings.HasPrefix(got, demo.BranchName+" 花名册（") || !regexp.MustCompile(`\d{4}-\d{2}-\d{2} 导出`).MatchString(got) {
			t.Errorf("title row %q, want the branch and the date", got)
		}
		m := e.demoMember("孙婷婷")
		sec.postForm(fmt.Sprintf("/members/%d/archive", m.ID), url.Values{"archive_reason": {"调往系统外单位"}}).wantStatus(http.StatusSeeOther)
		rows, _ := rosterRows(t, sec, "/members/export.xlsx?archived=1", "党员花名册")
		at, reason := column(t, rows, "归档时间"), column(t, rows, "归档原因")
		row := rowOf(rows, "孙婷婷")
		if row == nil || len(row) <= reason || row[reason] != "调往系统外单位" ||
			!regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$`).MatchString(row[at]) {
			t.Errorf("archived row %q, want the time and the reason", row)
		}
		if all, _ := exportRows(t, sec, "/members/export.xlsx?archived=1", "党员花名册"); !strings.Contains(all[0][0], "已归档人员名单") {
			t.Errorf("the archived list's title %q", all[0][0])
		}
		// The current roster has no archive columns.
		rows, _ = rosterRows(t, sec, "/members/export.xlsx", "党员花名册")
		for _, h := range rows[0] {
			if h == "归档时间" || h == "归档原因" {
				t.Errorf("the current roster has a column %q", h)
			}
		}
	})
}
