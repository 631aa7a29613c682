package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
)

// Study hours follow the records without anyone entering them: a lecture
// the member attended counts by its length, a committee meeting does not,
// training elsewhere counts once an officer confirms it. The member sees
// their year, the secretary the branch in roster order, a member of
// another branch nothing.
func TestStudyHoursFollowTheRecords(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 2, 9, 0), func(t *testing.T, e *env, clock *meetingClock) {
		ctx := context.Background()
		branch := e.demoOrg(demo.BranchName)
		acct := e.findAccount("member")
		me, err := e.store.FindMemberByID(ctx, huoshui.Everything(), acct.MemberID)
		if err != nil {
			t.Fatal(err)
		}
		member, sec := e.signedIn("member"), e.signedIn("secretary")
		api := fmt.Sprintf("/api/v1/members/%d/study-hours?year=2026", me.ID)
		done := func(c *client) float64 {
			t.Helper()
			var out struct {
				Target float64 `json:"target"`
				Done   float64 `json:"done"`
			}
			if err := json.Unmarshal([]byte(c.get(api).wantStatus(http.StatusOK).Body), &out); err != nil {
				t.Fatal(err)
			}
			if out.Target != 32 {
				t.Errorf("target %v, want the default 32", out.Target)
			}
			return out.Done
		}
		before := done(member)

		// A two-hour lecture and a committee meeting, both attended.
		lecture := e.plannedMeeting(branch, huoshui.MeetingLecture, "二月党课", shanghai(2026, 2, 26, 14, 0), 2*time.Hour)
		committee := e.plannedMeeting(branch, huoshui.MeetingCommittee, "二月支委会", shanghai(2026, 2, 27, 9, 0), 90*time.Minute)
		for _, m := range []*huoshui.Meeting{lecture, committee} {
			if err := e.store.SetInvitees(ctx, e.secretaryStoreActor(), m.ID, []int64{me.ID}); err != nil {
				t.Fatal(err)
			}
			sec.postForm(meetingPathOf(m.ID, "/attendance"), attendanceForm(e, map[string]string{me.Name: "present"})).
				wantStatus(http.StatusSeeOther)
		}
		if got := done(member); got != before+2 {
			t.Errorf("after a two-hour lecture and a committee meeting: %v hours, want %v", got, before+2)
		}
		page := member.get("/study?year=2026").wantStatus(http.StatusOK)
		if !strings.Contains(page.Body, "二月党课") || strings.Contains(page.Body, "二月支委会") {
			t.Error("the study page should list the lecture and not the committee meeting")
		}

		// A micro lecture the member gave (30 minutes: half an hour), one
		// given at the lecture meeting they attended (counted with the
		// meeting, not twice), a discussion they spoke at (two hours), and
		// an hour and a half of reading on one day (an hour counts).
		sa := e.secretaryStoreActor()
		given := &huoshui.Lecture{OrgID: branch.ID, LecturerID: me.ID, Topic: "我身边的榜样", HeldOn: huoshui.NewDate(2026, 2, 10), Minutes: 30}
		atMeeting := &huoshui.Lecture{OrgID: branch.ID, LecturerID: me.ID, Topic: "党课上的微党课", HeldOn: huoshui.NewDate(2026, 2, 26),
			Minutes: 20, MeetingID: lecture.ID}
		for _, l := range []*huoshui.Lecture{given, atMeeting} {
			if err := e.store.CreateLecture(ctx, sa, l); err != nil {
				t.Fatal(err)
			}
		}
		talk := &huoshui.Discussion{OrgID: branch.ID, Topic: "如何把督查督办做实", HeldOn: huoshui.NewDate(2026, 2, 12), Minutes: 120}
		if err := e.store.CreateDiscussion(ctx, sa, talk); err != nil {
			t.Fatal(err)
		}
		if err := e.store.AddDiscussionSpeaker(ctx, sa, &huoshui.DiscussionSpeaker{DiscussionID: talk.ID, MemberID: me.ID,
			Text: "建立台账，逐项销号。"}); err != nil {
			t.Fatal(err)
		}
		material := &huoshui.Material{OrgID: branch.ID, Title: "学习材料", Body: strings.Repeat("全面从严治党永远在路上。", 2000)}
		if err := e.store.CreateMaterial(ctx, sa, material); err != nil {
			t.Fatal(err)
		}
		read := shanghai(2026, 3, 1, 8, 0)
		for i := 0; i <= 90; i++ { // a beat a minute for an hour and a half
			clock.set(read.Add(time.Duration(i) * time.Minute))
			if _, err := e.store.RecordReadingBeat(ctx, me.ID, material, i == 0); err != nil {
				t.Fatal(err)
			}
		}
		clock.set(shanghai(2026, 3, 2, 9, 0))
		member, sec = e.signedIn("member"), e.signedIn("secretary")
		if got := done(member); got != before+2+0.5+2+1 {
			t.Errorf("with a micro lecture, a discussion and reading: %v hours, want %v", got, before+5.5)
		}
		page = member.get("/study?year=2026").wantStatus(http.StatusOK)
		for _, want := range []string{"我身边的榜样", "如何把督查督办做实", "当天阅读学习资料"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the study page does not list %s", want)
			}
		}
		if strings.Contains(page.Body, "党课上的微党课") {
			t.Error("a micro lecture given at an attended meeting is counted twice")
		}
		before += 3.5

		// Training elsewhere: refused when dated ahead, counted once confirmed.
		form := url.Values{"title": {"市委党校专题培训班"}, "organiser": {"市委党校"}, "held_on": {"2026-03-09"},
			"hours": {"４"}, "evidence": {"结业证书第 2026-017 号"}}
		r := member.postForm("/study/trainings", form).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "培训日期不能晚于今天") || !strings.Contains(r.Body, "市委党校专题培训班") {
			t.Errorf("a training dated ahead: want the reason and the typed title kept")
		}
		form.Set("held_on", "2026-02-20")
		member.postForm("/study/trainings", form).wantStatus(http.StatusSeeOther)
		if got := done(member); got != before+2 {
			t.Errorf("an unconfirmed training counted: %v", got)
		}
		ts, err := e.store.FindTrainings(ctx, store.TrainingFilter{Scope: huoshui.Everything(), MemberID: me.ID})
		if err != nil || len(ts) != 1 || ts[0].Hours != 4 {
			t.Fatalf("trainings %+v, %v: want one of 4 hours (full-width digit folded)", ts, err)
		}
		// Another member of the branch may not decide it, nor can its owner.
		member.postForm(fmt.Sprintf("/study/trainings/%d/decide", ts[0].ID), url.Values{"decision": {"confirm"}}).
			wantStatus(http.StatusForbidden)
		orgPage := sec.get(fmt.Sprintf("/orgs/%d/study?year=2026", branch.ID)).wantStatus(http.StatusOK)
		if !strings.Contains(orgPage.Body, "市委党校专题培训班") || !strings.Contains(orgPage.Body, me.Name) {
			t.Error("the branch page should list the member and the training awaiting confirmation")
		}
		sec.postForm(fmt.Sprintf("/study/trainings/%d/decide", ts[0].ID), url.Values{"decision": {"confirm"}}).
			wantStatus(http.StatusSeeOther)
		if got := done(member); got != before+6 {
			t.Errorf("after the training was confirmed: %v hours, want %v", got, before+6)
		}
		// Decided once: withdrawing it now is refused and changes nothing.
		member.postForm(fmt.Sprintf("/study/trainings/%d/withdraw", ts[0].ID), nil).wantStatus(http.StatusUnprocessableEntity)
		if got := done(member); got != before+6 {
			t.Errorf("after a refused withdrawal: %v hours", got)
		}

		// A target set by the branch applies to its members.
		sec.postForm(fmt.Sprintf("/orgs/%d/study/target", branch.ID), url.Values{"hours": {"0"}}).
			wantStatus(http.StatusUnprocessableEntity)
		sec.postForm(fmt.Sprintf("/orgs/%d/study/target", branch.ID), url.Values{"hours": {"40"}}).
			wantStatus(http.StatusSeeOther)
		if body := member.get("/study?year=2026").Body; !strings.Contains(body, "目标 40 学时") {
			t.Error("the member's page does not show the branch's target of 40")
		}

		// A plain member sees their own hours, not the branch's list (the
		// route table test checks that other branches see nothing).
		member.get(fmt.Sprintf("/orgs/%d/study", branch.ID)).wantStatus(http.StatusForbidden)
	})
}
