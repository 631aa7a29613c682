package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// Section 四 of the annual report tells the year's links as examples,
// each from its records — the activity, its day, what it led to and what
// changed — under the share of activities that led somewhere, counted
// from the same records.
func TestAnnualReportTellsLinks(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		r := makeLinkRecords(t, e)
		branch := e.demoOrg(demo.BranchName)
		scope := huoshui.Scope{Paths: []string{branch.Path}}
		a := e.secretaryStoreActor()
		links := []*huoshui.WorkLink{
			{ActivityKind: huoshui.ActivityMeeting, ActivityID: r.meeting, TargetKind: huoshui.TargetTask, TargetID: r.task,
				Note: "来文办理平均用时由五个工作日缩短到三个。"},
			{ActivityKind: huoshui.ActivityLecture, ActivityID: r.lecture, TargetKind: huoshui.TargetOutput, TargetID: r.innovation,
				Note: "机要件交接改为扫码，全程可追溯。"},
		}
		for _, l := range links {
			if err := e.store.AddWorkLink(ctx, a, scope, l); err != nil {
				t.Fatal(err)
			}
		}
		lec, err := e.store.FindWorkLinkByID(ctx, scope, links[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		year := lec.ActivityOn.Year()
		held, linked, err := e.store.ActivityCounts(ctx, branch, true, huoshui.NewDate(year, 1, 1), huoshui.NewDate(year, 12, 31))
		if err != nil {
			t.Fatal(err)
		}
		secs := annualSections(t, e.login("secretary").get(fmt.Sprintf("/orgs/%d/report?year=%d", branch.ID, year)).
			wantStatus(http.StatusOK).doc())
		work := secs[3].Text
		day := func(d huoshui.Date) string {
			return fmt.Sprintf("%d月%d日，", int(d.Time().Month()), d.Time().Day())
		}
		for _, want := range []string{
			fmt.Sprintf("全年开展党组织活动%d次，其中%d次带来了明确的工作成效，占%d%%（据活动与成果关联记录）。例如：", held, linked, linked*100/held),
			day(lec.ActivityOn) + "以微党课《" + lec.ActivityTitle + "》为契机，推出工作创新《机要件二维码流转》（成效：机要件交接改为扫码，全程可追溯）。",
		} {
			if !strings.Contains(work, want) {
				t.Errorf("四 lacks %q:\n%s", want, work)
			}
		}
		meeting, err := e.store.FindWorkLinkByID(ctx, scope, links[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if meeting.ActivityOn.Year() == year {
			want := day(meeting.ActivityOn) + "以" + meeting.ActivityTitle + "为契机，推进督办事项“来文办理时限压缩到三个工作日”（成效：来文办理平均用时由五个工作日缩短到三个）。"
			if !strings.Contains(work, want) {
				t.Errorf("四 lacks %q:\n%s", want, work)
			}
		}
	})
}
