package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// A meeting's resolutions are what was last saved, in order, blank lines
// dropped; a refused list leaves the saved one as it was.
func TestResolutions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		makeBranchPeople(t, s, tr)
		m := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingGeneral, "党员大会", at(2026, 3, 10, 9, 0)), nil)
		other := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingCommittee, "支委会", at(2026, 3, 11, 9, 0)), nil)
		texts := func(id int64) []string {
			t.Helper()
			rs, err := s.FindResolutions(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rs {
				if r.MeetingID != id {
					t.Errorf("resolution %d of meeting %d listed for %d", r.ID, r.MeetingID, id)
				}
				out = append(out, r.Text)
			}
			return out
		}
		if err := s.SetResolutions(ctx, actor, m.ID, []string{"  同意张建国同志按期转正  ", "", "   ", "推选李明远同志为优秀党员"}); err != nil {
			t.Fatal(err)
		}
		want := []string{"同意张建国同志按期转正", "推选李明远同志为优秀党员"}
		if got := texts(m.ID); !slices.Equal(got, want) {
			t.Errorf("resolutions %q, want %q", got, want)
		}
		if got := texts(other.ID); len(got) != 0 {
			t.Errorf("the other meeting has resolutions %q", got)
		}

		for _, bad := range [][]string{
			{"同意", strings.Repeat("决", 1001)},
			slices.Repeat([]string{"同意"}, 51),
		} {
			if err := s.SetResolutions(ctx, actor, m.ID, bad); userFieldCode(err, "resolutions") == "" {
				t.Errorf("%d resolutions (longest %d): %v, want refused", len(bad), len([]rune(bad[len(bad)-1])), err)
			}
		}
		if got := texts(m.ID); !slices.Equal(got, want) {
			t.Errorf("after refused lists: %q, want %q", got, want)
		}
		if err := s.SetResolutions(ctx, actor, m.ID, []string{"改为一条"}); err != nil {
			t.Fatal(err)
		}
		if got := texts(m.ID); !slices.Equal(got, []string{"改为一条"}) {
			t.Errorf("after replacing: %q", got)
		}
		if err := s.SetResolutions(ctx, actor, 999999, []string{"同意"}); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("resolutions of no meeting: %v, want not found", err)
		}
		if got := auditActions(t, s, "meeting", m.ID); !slices.Equal(got, []string{huoshui.AuditCreate, huoshui.AuditUpdate, huoshui.AuditUpdate}) {
			t.Errorf("audit of the meeting: %v", got)
		}
	})
}

// An open follow-up decided at a meeting appears on the org's later
// meetings, soonest due first, until someone closes it; reopened, it is
// back. It never appears on its own meeting, on an earlier one, or on
// another org's.
func TestFollowUps(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		jan := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingGeneral, "一月党员大会", at(2026, 1, 15, 9, 0)), nil)
		feb := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingCommittee, "二月支委会", at(2026, 2, 15, 9, 0)), nil)
		mar := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingGeneral, "三月党员大会", at(2026, 3, 15, 9, 0)), nil)
		elsewhere := createMeeting(t, s, planMeeting(tr.branchB, huoshui.MeetingGeneral, "综合处党员大会", at(2026, 1, 20, 9, 0)), nil)
		add := func(m *huoshui.Meeting, text string, owner *huoshui.Member, due huoshui.Date) *huoshui.FollowUp {
			t.Helper()
			f := &huoshui.FollowUp{MeetingID: m.ID, Text: text, Due: due}
			if owner != nil {
				f.OwnerID = owner.ID
			}
			if err := s.AddFollowUp(ctx, actor, f); err != nil {
				t.Fatalf("add follow-up %s: %v", text, err)
			}
			return f
		}
		notes := add(jan, "  整理学习笔记 ", p.grouped, huoshui.NewDate(2026, 2, 28))
		visit := add(jan, "走访困难党员", nil, huoshui.Date{})
		report := add(feb, "报送转正材料", p.secretary, huoshui.NewDate(2026, 2, 20))
		add(mar, "筹备七一活动", nil, huoshui.NewDate(2026, 6, 20))
		add(elsewhere, "另一个支部的工作", nil, huoshui.NewDate(2026, 1, 31))

		texts := func(fs []huoshui.FollowUp) []string {
			var out []string
			for _, f := range fs {
				out = append(out, f.Text)
			}
			return out
		}
		open := func(m *huoshui.Meeting) []string {
			t.Helper()
			fs, err := s.FindOpenFollowUps(ctx, m.OrgID, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			return texts(fs)
		}
		fs, err := s.FindFollowUps(ctx, jan.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != 2 || fs[0].Text != "整理学习笔记" || fs[0].OwnerName != "张建国" || !fs[0].Due.Equal(huoshui.NewDate(2026, 2, 28)) ||
			fs[0].MeetingTitle != jan.Title || fs[1].OwnerID != 0 || !fs[1].Due.IsZero() {
			t.Errorf("January's follow-ups: %+v", fs)
		}
		cases := []struct {
			m    *huoshui.Meeting
			want []string
		}{
			{jan, nil},
			{feb, []string{"整理学习笔记", "走访困难党员"}},
			{mar, []string{"报送转正材料", "整理学习笔记", "走访困难党员"}},
			{elsewhere, nil},
		}
		check := func(when string) {
			t.Helper()
			for _, c := range cases {
				if got := open(c.m); !slices.Equal(got, c.want) {
					t.Errorf("%s: open follow-ups shown on %s: %q, want %q", when, c.m.Title, got, c.want)
				}
			}
		}
		check("all open")

		if err := s.CloseFollowUp(ctx, actor, notes.ID, false); err != nil {
			t.Fatal(err)
		}
		cases[1].want, cases[2].want = []string{"走访困难党员"}, []string{"报送转正材料", "走访困难党员"}
		check("one closed")
		if f, err := s.FindFollowUpByID(ctx, huoshui.Scope{Paths: []string{tr.branchA.Path}}, notes.ID); err != nil || f.ClosedAt == nil {
			t.Errorf("the closed follow-up read back: %+v, %v", f, err)
		}
		if err := s.CloseFollowUp(ctx, actor, notes.ID, true); err != nil {
			t.Fatal(err)
		}
		cases[1].want, cases[2].want = []string{"整理学习笔记", "走访困难党员"}, []string{"报送转正材料", "整理学习笔记", "走访困难党员"}
		check("reopened")
		if err := s.CloseFollowUp(ctx, actor, report.ID, false); err != nil {
			t.Fatal(err)
		}
		if err := s.CloseFollowUp(ctx, actor, visit.ID, false); err != nil {
			t.Fatal(err)
		}
		if got := open(mar); !slices.Equal(got, []string{"整理学习笔记"}) {
			t.Errorf("after closing two: %q", got)
		}

		// Scope: another branch does not find it.
		if _, err := s.FindFollowUpByID(ctx, huoshui.Scope{Paths: []string{tr.branchB.Path}}, notes.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("another branch finds the follow-up: %v", err)
		}
		if err := s.CloseFollowUp(ctx, actor, 999999, false); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("closing no follow-up: %v, want not found", err)
		}

		// Refused, nothing written: no text; an owner from another branch.
		audits := auditTotal(t, s)
		if err := s.AddFollowUp(ctx, actor, &huoshui.FollowUp{MeetingID: mar.ID, Text: "   "}); userFieldCode(err, "text") != "required" {
			t.Errorf("a follow-up without text: %v", err)
		}
		if err := s.AddFollowUp(ctx, actor, &huoshui.FollowUp{MeetingID: mar.ID, Text: "请外单位同志落实", OwnerID: p.outsider.ID}); userFieldCode(err, "owner_id") != "meeting.person_outside" {
			t.Errorf("an owner of another branch: %v", err)
		}
		if err := s.AddFollowUp(ctx, actor, &huoshui.FollowUp{MeetingID: 999999, Text: "无此会议"}); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("a follow-up of no meeting: %v", err)
		}
		if n := auditTotal(t, s); n != audits {
			t.Errorf("refused follow-ups wrote %d audit records", n-audits)
		}
		if fs, _ := s.FindFollowUps(ctx, mar.ID); len(fs) != 1 {
			t.Errorf("March's follow-ups after refused ones: %d, want 1", len(fs))
		}
		want := []string{huoshui.AuditCreate, huoshui.AuditArchive, huoshui.AuditRestore}
		if got := auditActions(t, s, "follow_up", notes.ID); !slices.Equal(got, want) {
			t.Errorf("audit of the follow-up: %v, want %v", got, want)
		}
	})
}

// Photos and files kept with a meeting: listed oldest first; taken off,
// they are gone from the meeting until put back; a meeting never shows
// another's.
func TestAttachments(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		makeBranchPeople(t, s, tr)
		m := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingThemeDay, "主题党日", at(2026, 3, 5, 9, 0)), nil)
		other := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingLecture, "党课", at(2026, 3, 6, 9, 0)), nil)
		uploader := newTestUser(t, s, "uploader")
		up := huoshui.Actor{UserID: uploader.ID, Username: uploader.Username, IP: "127.0.0.1"}
		photo := &huoshui.Attachment{MeetingID: m.ID, Kind: huoshui.AttachmentPhoto, Name: "合影.jpg", ContentType: "image/jpeg",
			Size: 123456, Blob: strings.Repeat("a", 64), Thumb: strings.Repeat("b", 64), Width: 1600, Height: 1200}
		file := &huoshui.Attachment{MeetingID: m.ID, Kind: huoshui.AttachmentFile, Name: "学习材料.pdf", ContentType: "application/pdf",
			Size: 98765, Blob: strings.Repeat("c", 64)}
		for _, x := range []*huoshui.Attachment{photo, file} {
			if err := s.AddAttachment(ctx, up, x); err != nil {
				t.Fatal(err)
			}
		}
		names := func(id int64) []string {
			t.Helper()
			xs, err := s.FindAttachments(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, x := range xs {
				out = append(out, x.Name)
			}
			return out
		}
		if got := names(m.ID); !slices.Equal(got, []string{"合影.jpg", "学习材料.pdf"}) {
			t.Errorf("attachments %q", got)
		}
		if got := names(other.ID); len(got) != 0 {
			t.Errorf("the other meeting shows %q", got)
		}
		got, err := s.FindAttachment(ctx, m.ID, photo.ID)
		if err != nil || got.Blob != photo.Blob || got.Thumb != photo.Thumb || got.Width != 1600 || got.Height != 1200 ||
			got.Size != 123456 || got.UploadedBy != uploader.ID || got.Kind != huoshui.AttachmentPhoto {
			t.Errorf("the photo read back: %+v, %v", got, err)
		}
		if _, err := s.FindAttachment(ctx, other.ID, photo.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("the photo through another meeting: %v, want not found", err)
		}
		if err := s.RemoveAttachment(ctx, actor, other.ID, photo.ID, false); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("removing the photo through another meeting: %v, want not found", err)
		}

		if err := s.RemoveAttachment(ctx, actor, m.ID, photo.ID, false); err != nil {
			t.Fatal(err)
		}
		if got := names(m.ID); !slices.Equal(got, []string{"学习材料.pdf"}) {
			t.Errorf("after removing the photo: %q", got)
		}
		if _, err := s.FindAttachment(ctx, m.ID, photo.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("the removed photo: %v, want not found", err)
		}
		if err := s.RemoveAttachment(ctx, actor, m.ID, photo.ID, true); err != nil {
			t.Fatal(err)
		}
		if got := names(m.ID); !slices.Equal(got, []string{"合影.jpg", "学习材料.pdf"}) {
			t.Errorf("after putting the photo back: %q", got)
		}
		if err := s.AddAttachment(ctx, up, &huoshui.Attachment{MeetingID: 999999, Kind: huoshui.AttachmentFile, Name: "x.pdf",
			ContentType: "application/pdf", Size: 1, Blob: "d"}); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("an attachment of no meeting: %v, want not found", err)
		}
		want := []string{huoshui.AuditCreate, huoshui.AuditDelete, huoshui.AuditRestore}
		if got := auditActions(t, s, "attachment", photo.ID); !slices.Equal(got, want) {
			t.Errorf("audit of the photo: %v, want %v", got, want)
		}
	})
}

// Closing a follow-up twice keeps the first closing time; reopening an
// open one changes nothing.
func TestFollowUpClosedTwiceKeepsTheFirstTime(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := makeTree(t, s)
		m := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingGeneral, "一月党员大会", at(2026, 1, 15, 9, 0)), nil)
		f := &huoshui.FollowUp{MeetingID: m.ID, Text: "整理学习笔记"}
		if err := s.AddFollowUp(ctx, actor, f); err != nil {
			t.Fatal(err)
		}
		if err := s.CloseFollowUp(ctx, actor, f.ID, true); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.FindFollowUpByID(ctx, huoshui.Everything(), f.ID); got == nil || got.ClosedAt != nil {
			t.Fatalf("reopening an open follow-up closed it: %+v", got)
		}
		if err := s.CloseFollowUp(ctx, actor, f.ID, false); err != nil {
			t.Fatal(err)
		}
		first, err := s.FindFollowUpByID(ctx, huoshui.Everything(), f.ID)
		if err != nil || first.ClosedAt == nil {
			t.Fatalf("after closing: %+v, %v", first, err)
		}
		s.SetClock(func() time.Time { return time.Now().Add(time.Hour) })
		if err := s.CloseFollowUp(ctx, actor, f.ID, false); err != nil {
			t.Fatal(err)
		}
		again, err := s.FindFollowUpByID(ctx, huoshui.Everything(), f.ID)
		if err != nil || again.ClosedAt == nil || !again.ClosedAt.Equal(*first.ClosedAt) {
			t.Errorf("closed twice: closed at %v, want the first time %v", again.ClosedAt, first.ClosedAt)
		}
	})
}
