package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
)

// The matrix counts a theme day once it was held — someone present — as
// the compliance calendar does; a planned one does not fill a cell yet.
func TestMatrixCountsHeldThemeDays(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	ctx := context.Background()
	branch := e.demoOrg(demo.BranchName)
	// A year of its own, so the demo's records do not count.
	start := time.Date(2031, 5, 14, 14, 30, 0, 0, huoshui.Shanghai)
	m := &huoshui.Meeting{OrgID: branch.ID, Type: huoshui.MeetingThemeDay, Title: "走进党性教育基地",
		StartsAt: start, EndsAt: start.Add(3 * time.Hour),
		Visits: []huoshui.Visit{huoshui.VisitEducationBase}, Gains: []huoshui.Gain{huoshui.GainPartySpirit}}
	a := huoshui.Actor{Username: "secretary"}
	if err := e.store.CreateMeeting(ctx, a, m, nil); err != nil {
		t.Fatal(err)
	}
	c := e.login("secretary")
	total := func() int {
		t.Helper()
		r := c.get("/api/v1/orgs/" + itoa(branch.ID) + "/matrix?year=2031").wantStatus(http.StatusOK)
		var got struct {
			Total int `json:"total"`
		}
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
			t.Fatal(err)
		}
		return got.Total
	}
	if n := total(); n != 0 {
		t.Errorf("a theme day nobody attended yet counts: total %d", n)
	}
	invitees, err := e.store.FindInvitees(ctx, m.ID)
	if err != nil || len(invitees) == 0 {
		t.Fatalf("invitees: %v, %v", invitees, err)
	}
	if err := e.store.SetAttendance(ctx, a, m.ID, []store.AttendanceMark{{MemberID: invitees[0].MemberID,
		Attendance: huoshui.AttendancePresent}}); err != nil {
		t.Fatal(err)
	}
	if n := total(); n != 1 {
		t.Errorf("after the theme day was held: total %d, want 1", n)
	}
}
