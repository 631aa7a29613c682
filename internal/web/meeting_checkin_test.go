package web_test

// Check-in by the meeting's QR code (meeting_checkin.go): a signed-in
// invitee with the code of the moment is marked present once; every other
// visit records nothing and the page says why, in Chinese.

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/checkin"
	"github.com/huoshui/huoshui/internal/demo"
)

// checkinKey is the server's check-in signing key, as every replica reads it.
func (e *env) checkinKey() []byte {
	e.T().Helper()
	key, err := e.store.ServerKey(context.Background(), "checkin")
	if err != nil {
		e.T().Fatal(err)
	}
	return key
}

// checkinCode is the code the meeting's screen shows at `at`, signed with key.
func checkinCode(t *testing.T, key []byte, meetingID int64, at time.Time) string {
	t.Helper()
	s, err := checkin.NewSigner(key)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := s.Code(meetingID, at)
	return code
}

// checkinsAudited counts the check-ins the audit trail holds: one for each
// presence a scan recorded.
func (e *env) checkinsAudited() int {
	e.T().Helper()
	entries, _, err := e.store.FindAuditEntries(context.Background(),
		huoshui.AuditFilter{Scope: huoshui.Everything(), Action: "checkin", Limit: 500})
	if err != nil {
		e.T().Fatal(err)
	}
	return len(entries)
}

func checkinPath(meetingID int64, code string) string {
	return fmt.Sprintf("/checkin/%d?c=%s", meetingID, url.QueryEscape(code))
}

var svgModuleRE = regexp.MustCompile(`M(\d+) (\d+)h1v1h-1z`)
var svgViewBoxRE = regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`)

// readQR reads the QR code drawn in an SVG of the check-in screen the way
// a phone's camera would: drawn as pixels, then decoded.
func readQR(t *testing.T, svg string) string {
	t.Helper()
	vb := svgViewBoxRE.FindStringSubmatch(svg)
	if vb == nil {
		t.Fatalf("no viewBox in the QR code's SVG: %.200s", svg)
	}
	n, _ := strconv.Atoi(vb[1])
	const px = 6
	img := image.NewGray(image.Rect(0, 0, n*px, n*px))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for _, g := range svgModuleRE.FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.Atoi(g[1])
		y, _ := strconv.Atoi(g[2])
		for dy := range px {
			for dx := range px {
				img.SetGray(x*px+dx, y*px+dy, color.Gray{})
			}
		}
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	// The finder-pattern search of the decoder misses some perfectly
	// drawn codes; a phone tries again from another frame. The test tries
	// again as a pure code, then harder, before it calls the code unread.
	res, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
	for _, hint := range []gozxing.DecodeHintType{gozxing.DecodeHintType_PURE_BARCODE, gozxing.DecodeHintType_TRY_HARDER} {
		if err == nil {
			break
		}
		res, err = zxqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{hint: true})
	}
	if err != nil {
		t.Fatalf("the check-in screen's QR code does not read: %v", err)
	}
	return res.GetText()
}

// checkinOutcome is what the check-in page tells the member.
func checkinOutcome(d *goquery.Document) string {
	return textOf(d.Find(".checkin-result .ok-big, .checkin-result .notice"))
}

func TestCheckinRecordsPresenceOnce(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 5, 14, 20), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		m := e.plannedMeeting(branch, huoshui.MeetingGeneral, "三月支部党员大会", shanghai(2026, 3, 5, 14, 30), 90*time.Minute)
		key := e.checkinKey()
		yang := e.demoMember("杨雪梅")
		mem := e.signedIn("member")

		r := mem.get(checkinPath(m.ID, checkinCode(t, key, m.ID, clock.now()))).wantStatus(http.StatusOK)
		if got := checkinOutcome(r.doc()); got != "签到成功，签到时间 14:20。" {
			t.Errorf("the first scan says %q", got)
		}
		inv := e.storedInvitees(m.ID)[yang.ID]
		if inv.Attendance != huoshui.AttendancePresent || inv.CheckedInAt == nil || !inv.CheckedInAt.Equal(clock.now()) {
			t.Fatalf("after the scan 杨雪梅 is %q, checked in at %v", inv.Attendance, inv.CheckedInAt)
		}

		// A minute later, with the next code: already, at the first time,
		// and still one record.
		clock.set(shanghai(2026, 3, 5, 14, 21))
		r = mem.get(checkinPath(m.ID, checkinCode(t, key, m.ID, clock.now()))).wantStatus(http.StatusOK)
		if got := checkinOutcome(r.doc()); got != "您已于 14:20 签到，不需要再签。" {
			t.Errorf("the second scan says %q", got)
		}
		if tally := e.storedMeeting(m.ID).Tally; tally.Present != 1 {
			t.Errorf("after two scans %d present, want 1", tally.Present)
		}
		if at := e.storedInvitees(m.ID)[yang.ID].CheckedInAt; at == nil || !at.Equal(shanghai(2026, 3, 5, 14, 20)) {
			t.Errorf("the second scan moved the check-in time to %v", at)
		}
		if n := e.checkinsAudited(); n != 1 {
			t.Errorf("%d check-ins in the audit trail, want 1", n)
		}

		// The member's page and the secretary's say so.
		page := mem.get(meetingPathOf(m.ID, "")).wantStatus(http.StatusOK).doc()
		wantText(t, "the member's page", page.Find("#attendance .card"), "您已出席。", "2026-03-05 14:20 扫码签到")
		page = e.signedIn("secretary").get(meetingPathOf(m.ID, "")).wantStatus(http.StatusOK).doc()
		row := page.Find("table.attendance tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.Contains(s.Find("th").Text(), "杨雪梅")
		})
		wantText(t, "杨雪梅's row", row, "2026-03-05 14:20 扫码签到")
		if !row.Find(`input[value="present"]`).Is("[checked]") {
			t.Error("杨雪梅 is not ticked present on the secretary's page")
		}
		wantText(t, "attendance summary", page.Find("#attendance .section-head"), "实到 1 人")
	})
}

func TestCheckinRefusalsRecordNothing(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 5, 14, 20), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		now := clock.now()
		m := e.plannedMeeting(branch, huoshui.MeetingGeneral, "三月支部党员大会", shanghai(2026, 3, 5, 14, 30), 90*time.Minute)
		other := e.plannedMeeting(branch, huoshui.MeetingLecture, "三月党课", shanghai(2026, 3, 5, 14, 0), time.Hour)
		later := e.plannedMeeting(branch, huoshui.MeetingThemeDay, "三月主题党日", shanghai(2026, 3, 5, 17, 0), time.Hour)
		over := e.plannedMeeting(branch, huoshui.MeetingGroup, "上午的会", shanghai(2026, 3, 5, 9, 0), 3*time.Hour)
		cancelled := e.plannedMeeting(branch, huoshui.MeetingLecture, "取消的党课", shanghai(2026, 3, 5, 14, 15), time.Hour)
		if err := e.store.CancelMeeting(context.Background(), e.secretaryStoreActor(), cancelled.ID, false); err != nil {
			t.Fatal(err)
		}
		committee := e.plannedMeeting(branch, huoshui.MeetingCommittee, "三月支委会", shanghai(2026, 3, 5, 14, 10), time.Hour)
		key := e.checkinKey()
		valid := checkinCode(t, key, m.ID, now)
		foreignKey := []byte(strings.Repeat("x", 32))
		spoilt := []byte(valid)
		i := len(spoilt) - 6 // inside the signature
		if spoilt[i] == 'A' {
			spoilt[i] = 'B'
		} else {
			spoilt[i] = 'A'
		}
		e.memberAccount("chensiyuan", "陈思远", huoshui.RoleMember, branch)
		cases := []struct {
			name    string
			user    string
			meeting *huoshui.Meeting
			path    string
			status  int
			want    string
		}{
			{"a character changed", "member", m, checkinPath(m.ID, string(spoilt)), 422, "二维码无法验证，没有签到。请扫描会场屏幕上的二维码。"},
			{"another server's key", "member", m, checkinPath(m.ID, checkinCode(t, foreignKey, m.ID, now)), 422, "二维码无法验证，没有签到。"},
			{"a code from the future", "member", m, checkinPath(m.ID, checkinCode(t, key, m.ID, now.Add(5*time.Minute))), 422, "二维码无法验证，没有签到。"},
			{"an old code", "member", m, checkinPath(m.ID, checkinCode(t, key, m.ID, now.Add(-2*time.Minute))), 422, "这个二维码已经更换，请扫描屏幕上现在的二维码。"},
			{"another meeting's code", "member", m, checkinPath(m.ID, checkinCode(t, key, other.ID, now)), 422, "这个二维码属于另一次会议，请扫描本次会议的二维码。"},
			{"a cut-off code", "member", m, checkinPath(m.ID, valid[:len(valid)-3]), 422, "二维码不完整，没有签到。请重新扫描。"},
			{"no code", "member", m, fmt.Sprintf("/checkin/%d", m.ID), 422, "二维码不完整"},
			{"not yet open", "member", later, checkinPath(later.ID, checkinCode(t, key, later.ID, now)), 409, "签到还没有开始，2026-03-05 16:30 起可以签到。"},
			{"the meeting is over", "member", over, checkinPath(over.ID, checkinCode(t, key, over.ID, now)), 409, "会议已经结束，签到已关闭。"},
			{"the meeting is cancelled", "member", cancelled, checkinPath(cancelled.ID, checkinCode(t, key, cancelled.ID, now)), 409, "这次会议已取消，不能签到。"},
			{"not invited", "chensiyuan", committee, checkinPath(committee.ID, checkinCode(t, key, committee.ID, now)), 403, "您不在本次会议的参会名单中，没有签到。"},
			{"no member record", "organiser", m, checkinPath(m.ID, valid), 403, "您不在本次会议的参会名单中"},
		}
		for _, c := range cases {
			r := e.signedIn(c.user).get(c.path)
			if r.StatusCode != c.status {
				t.Errorf("%s: status %d, want %d", c.name, r.StatusCode, c.status)
			}
			if got := checkinOutcome(r.doc()); !strings.Contains(got, c.want) {
				t.Errorf("%s: the page says %q, want %q", c.name, got, c.want)
			}
			for id, inv := range e.storedInvitees(c.meeting.ID) {
				if inv.Attendance != huoshui.AttendanceUnknown || inv.CheckedInAt != nil {
					t.Errorf("%s: member %d recorded %q", c.name, id, inv.Attendance)
				}
			}
		}
		if n := e.checkinsAudited(); n != 0 {
			t.Errorf("%d check-ins in the audit trail after refusals only", n)
		}

		// The code that was refused for a cut-off still works whole.
		r := e.signedIn("member").get(checkinPath(m.ID, valid)).wantStatus(http.StatusOK)
		if got := checkinOutcome(r.doc()); !strings.HasPrefix(got, "签到成功") {
			t.Errorf("the valid code says %q", got)
		}
	})
}

func TestCheckinScreenShowsTheCodeOfTheMoment(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 5, 14, 20).Add(10*time.Second), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		m := e.plannedMeeting(branch, huoshui.MeetingGeneral, "三月支部党员大会", shanghai(2026, 3, 5, 14, 30), 90*time.Minute)
		sec := e.signedIn("secretary")

		r := sec.get(meetingPathOf(m.ID, "/checkin")).wantStatus(http.StatusOK)
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("the check-in screen is cacheable: Cache-Control %q", cc)
		}
		d := r.doc()
		// The code changes at 14:20:30; the page reloads itself then.
		if refresh, _ := d.Find(`meta[http-equiv="refresh"]`).Attr("content"); refresh != "21" {
			t.Errorf("the screen reloads after %q s, want 21 (at 14:20:30, plus one)", refresh)
		}
		wantText(t, "the screen", d.Find(".checkin-screen"), "三月支部党员大会", "二维码每 30 秒更换一次，下次更换：14:20", "应到 14 人，实到 0 人")
		svg, err := d.Find(".qr svg").Parent().Html()
		if err != nil || svg == "" {
			t.Fatalf("no QR code on the screen: %v", err)
		}
		// goquery lower-cases attribute names; the SVG's viewBox is read
		// from the raw body.
		start := strings.Index(r.Body, "<svg")
		end := strings.Index(r.Body, "</svg>")
		if start < 0 || end < start {
			t.Fatal("no inline SVG in the check-in screen")
		}
		scanned := readQR(t, r.Body[start:end+len("</svg>")])
		u, err := url.Parse(scanned)
		if err != nil || u.Host != strings.TrimPrefix(e.srv.URL, "http://") || u.Path != fmt.Sprintf("/checkin/%d", m.ID) {
			t.Fatalf("the QR code holds %q, want this server's /checkin/%d", scanned, m.ID)
		}

		// The member's phone opens what it read.
		got := checkinOutcome(e.signedIn("member").get(u.RequestURI()).wantStatus(http.StatusOK).doc())
		if got != "签到成功，签到时间 14:20。" {
			t.Errorf("the scanned code says %q", got)
		}
		page := sec.get(meetingPathOf(m.ID, "/checkin")).wantStatus(http.StatusOK).doc()
		wantText(t, "the screen after one scan", page.Find(".stats-line"), "实到 1 人")

		// Before check-in opens and after the meeting, the screen says why
		// and shows no code.
		for _, c := range []struct {
			at   time.Time
			want string
		}{
			{shanghai(2026, 3, 5, 13, 50), "签到还没有开始，2026-03-05 14:00 起可以签到。"},
			{shanghai(2026, 3, 5, 16, 0), "会议已经结束，签到已关闭。"},
		} {
			clock.set(c.at)
			d := e.signedIn("secretary").get(meetingPathOf(m.ID, "/checkin")).wantStatus(http.StatusOK).doc()
			wantText(t, "the closed screen", d.Find(".checkin-screen .notice"), c.want)
			if d.Find(".qr svg").Length() != 0 {
				t.Errorf("at %v the screen shows a code", c.at)
			}
		}
	})
}

func TestCheckinBurstRecordsEachOnce(t *testing.T) {
	t.Parallel()
	eachMeetingEnv(t, shanghai(2026, 3, 5, 14, 25), func(t *testing.T, e *env, clock *meetingClock) {
		branch := e.demoOrg(demo.BranchName)
		m := e.plannedMeeting(branch, huoshui.MeetingGeneral, "三月支部党员大会", shanghai(2026, 3, 5, 14, 30), 90*time.Minute)
		path := checkinPath(m.ID, checkinCode(t, e.checkinKey(), m.ID, clock.now()))
		// The demo's secretary and member have accounts; the others get one.
		clients := []*client{e.signedIn("secretary"), e.signedIn("member")}
		for i, name := range secretariatNames {
			if name == "李明远" || name == "杨雪梅" {
				continue
			}
			e.memberAccount(fmt.Sprintf("burst%02d", i), name, huoshui.RoleMember, branch)
			clients = append(clients, e.signedIn(fmt.Sprintf("burst%02d", i)))
		}
		// Every member scans twice, all at once.
		var wg sync.WaitGroup
		codes := make(chan int, 2*len(clients))
		for _, c := range clients {
			for range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					resp, err := c.http.Get(e.srv.URL + path)
					if err != nil {
						codes <- 0
						return
					}
					resp.Body.Close()
					codes <- resp.StatusCode
				}()
			}
		}
		wg.Wait()
		close(codes)
		for code := range codes {
			if code != http.StatusOK {
				t.Errorf("a scan in the burst answered %d, want 200", code)
			}
		}
		tally := e.storedMeeting(m.ID).Tally
		if tally.Present != len(secretariatNames) {
			t.Errorf("after the burst %d present, want %d", tally.Present, len(secretariatNames))
		}
		if n := e.checkinsAudited(); n != len(secretariatNames) {
			t.Errorf("%d check-ins in the audit trail, want one per member (%d)", n, len(secretariatNames))
		}
	})
}
