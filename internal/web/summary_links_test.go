package web_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// The party activities held and those linked to a work outcome roll up:
// a committee's numbers are the sum of its branches' (and its own), each
// moves by what was recorded, and the API's linked_share is linked over
// held (to three places).
func TestSummaryLinksRollUp(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.secretaryStoreActor()
		year := time.Now().In(huoshui.Shanghai).Year() - 1
		branch, second, committee := e.demoOrg(demo.BranchName), e.demoOrg(demo.SecondBranch), e.demoOrg(demo.CommitteeName)
		org := e.login("organiser")
		read := func(o *huoshui.Org) summaryOut {
			return readSummary(t, org, fmt.Sprintf("/api/v1/orgs/%d/summary?year=%d", o.ID, year))
		}
		b0, s0 := read(branch), read(second)

		first := func(o *huoshui.Org) int64 {
			ms, _, err := e.store.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Everything(), OrgID: o.ID, Limit: 1})
			if err != nil || len(ms) == 0 {
				t.Fatalf("a member of %s: %v", o.Name, err)
			}
			return ms[0].ID
		}
		at := func(m time.Month, day int) time.Time { return time.Date(year, m, day, 9, 0, 0, 0, huoshui.Shanghai) }
		theme := func(o *huoshui.Org, on time.Time) int64 {
			return e.heldMeeting(huoshui.Meeting{OrgID: o.ID, Type: huoshui.MeetingThemeDay, Title: "主题党日 " + on.Format("01-02"),
				StartsAt: on, Place: "党员活动室"}, 1).ID
		}
		link := func(kind huoshui.ActivityKind, id int64, tk huoshui.TargetKind, tid int64) {
			t.Helper()
			if err := e.store.AddWorkLink(ctx, a, huoshui.Everything(), &huoshui.WorkLink{ActivityKind: kind, ActivityID: id,
				TargetKind: tk, TargetID: tid, Note: "办文差错明显减少"}); err != nil {
				t.Fatal(err)
			}
		}
		task := &huoshui.Task{OrgID: branch.ID, Source: huoshui.TaskFromDocument, Content: "公文办理提速", LeadID: first(branch),
			AssignedOn: huoshui.NewDate(year, 1, 2), Deadline: huoshui.NewDate(year, 6, 30)}
		if err := e.store.CreateTask(ctx, a, task, true); err != nil {
			t.Fatal(err)
		}
		innov := &huoshui.Output{OrgID: second.ID, Kind: huoshui.OutputInnovation, Title: "档案数字化", Date: huoshui.NewDate(year, 8, 1),
			Status: huoshui.InnovationPromoted, Problem: "查档慢", Change: "扫描入库", Owners: []huoshui.OutputOwner{{MemberID: first(second)}}}
		if err := e.store.CreateOutput(ctx, a, innov, nil); err != nil {
			t.Fatal(err)
		}
		// The secretariat: a theme day linked, a lecture linked to the
		// same task, a discussion not linked; a theme day nobody came to.
		link(huoshui.ActivityMeeting, theme(branch, at(2, 10)), huoshui.TargetTask, task.ID)
		lec := &huoshui.Lecture{OrgID: branch.ID, LecturerID: first(branch), Topic: "微党课：把好公文质量关", HeldOn: huoshui.NewDate(year, 4, 9), Minutes: 30}
		if err := e.store.CreateLecture(ctx, a, lec); err != nil {
			t.Fatal(err)
		}
		link(huoshui.ActivityLecture, lec.ID, huoshui.TargetTask, task.ID)
		if err := e.store.CreateDiscussion(ctx, a, &huoshui.Discussion{OrgID: branch.ID, Topic: "集体研讨", HeldOn: huoshui.NewDate(year, 5, 6), Minutes: 60}); err != nil {
			t.Fatal(err)
		}
		e.heldMeeting(huoshui.Meeting{OrgID: branch.ID, Type: huoshui.MeetingThemeDay, Title: "无人到会", StartsAt: at(7, 7), Place: "党员活动室"}, 0)
		// 综合处: a theme day linked to its innovation, and one not.
		link(huoshui.ActivityMeeting, theme(second, at(9, 9)), huoshui.TargetOutput, innov.ID)
		theme(second, at(10, 10))

		b, s, c := read(branch), read(second), read(committee)
		if got := [2]int{b.Activities - b0.Activities, b.Linked - b0.Linked}; got != [2]int{3, 2} {
			t.Errorf("the secretariat's activities and linked moved by %v, want [3 2]", got)
		}
		if got := [2]int{s.Activities - s0.Activities, s.Linked - s0.Linked}; got != [2]int{2, 1} {
			t.Errorf("综合处's activities and linked moved by %v, want [2 1]", got)
		}
		own, ownLinked, err := e.store.ActivityCounts(ctx, committee, false, huoshui.NewDate(year, 1, 1), huoshui.NewDate(year, 12, 31))
		if err != nil {
			t.Fatal(err)
		}
		if c.Activities != b.Activities+s.Activities+own || c.Linked != b.Linked+s.Linked+ownLinked {
			t.Errorf("the committee holds %d activities, %d linked; its branches %d+%d, %d+%d, itself %d, %d",
				c.Activities, c.Linked, b.Activities, s.Activities, b.Linked, s.Linked, own, ownLinked)
		}
		for _, x := range []summaryOut{b, s, c} {
			if x.Activities == 0 || math.Abs(x.LinkedShare-float64(x.Linked)/float64(x.Activities)) > 0.0005 {
				t.Errorf("linked_share %v for %d of %d", x.LinkedShare, x.Linked, x.Activities)
			}
		}
	})
}
