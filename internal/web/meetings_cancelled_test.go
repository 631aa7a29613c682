package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// A cancelled meeting leaves the list and can be found again under the
// cancelled ones, to restore it.
func TestCancelledMeetingsCanBeFoundAgain(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	ctx := context.Background()
	branch := e.demoOrg(demo.BranchName)
	start := time.Now().Add(72 * time.Hour).Truncate(time.Minute)
	m := &huoshui.Meeting{OrgID: branch.ID, Type: huoshui.MeetingGroup, Title: "改期的党小组会",
		StartsAt: start, EndsAt: start.Add(time.Hour)}
	a := huoshui.Actor{Username: "secretary"}
	if err := e.store.CreateMeeting(ctx, a, m, nil); err != nil {
		t.Fatal(err)
	}
	if err := e.store.CancelMeeting(ctx, a, m.ID, false); err != nil {
		t.Fatal(err)
	}
	c := e.login("secretary")
	list := c.get("/meetings").wantStatus(http.StatusOK).Body
	if strings.Contains(list, m.Title) {
		t.Errorf("the list shows a cancelled meeting")
	}
	if !strings.Contains(list, "查看已取消的会议") {
		t.Fatalf("the list offers no way to the cancelled meetings")
	}
	cancelled := c.get("/meetings?cancelled=1").wantStatus(http.StatusOK).Body
	if !strings.Contains(cancelled, m.Title) {
		t.Errorf("the cancelled meetings do not list %q", m.Title)
	}
}
