package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// Rooms are the branches' and groups', a reader sees only those in scope;
// messages page back and forward by id; @names become mentions; a removed
// message keeps its text in the table and the audit trail.
func TestChatMessages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		scopeA := huoshui.Scope{Paths: []string{tr.branchA.Path}}
		scopeB := huoshui.Scope{Paths: []string{tr.branchB.Path}}

		rooms, err := s.FindRooms(ctx, scopeA)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, r := range rooms {
			ids = append(ids, r.ID)
		}
		if !slices.Equal(ids, []int64{tr.branchA.ID, tr.groupA.ID}) {
			t.Errorf("rooms of branch A = %v, want the branch and its group", ids)
		}
		if rs, _ := s.FindRooms(ctx, huoshui.Scope{}); len(rs) != 0 {
			t.Errorf("zero scope sees %d rooms", len(rs))
		}
		if _, err := s.FindRoom(ctx, scopeB, tr.branchA.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("branch B reads branch A's room: %v", err)
		}
		if _, err := s.FindRoom(ctx, huoshui.Everything(), tr.committee.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("a committee has a room: %v", err)
		}

		for _, bad := range []string{"", "   \n ", strings.Repeat("长", huoshui.MessageMax+1)} {
			if err := s.CreateMessage(ctx, actor, &huoshui.Message{RoomID: tr.branchA.ID, Text: bad}); err == nil {
				t.Errorf("message %.10q accepted", bad)
			}
		}
		var posted []*huoshui.Message
		for i := range 7 {
			m := &huoshui.Message{RoomID: tr.branchA.ID, Text: "  第" + string(rune('一'+i)) + "条  "}
			if i == 3 {
				m.Text = "@" + p.secretary.Name + "请看 @" + p.grouped.Name + " @不在 @" + p.outsider.Name
			}
			if err := s.CreateMessage(ctx, actor, m); err != nil {
				t.Fatal(err)
			}
			posted = append(posted, m)
		}
		if posted[0].Text != "第一条" {
			t.Errorf("text not trimmed: %q", posted[0].Text)
		}
		want := []int64{p.secretary.ID, p.grouped.ID}
		slices.Sort(want)
		if !slices.Equal(posted[3].Mentions, want) {
			t.Errorf("mentions = %v, want %v (the room's members only)", posted[3].Mentions, want)
		}
		page, err := s.FindMessages(ctx, store.MessageFilter{Scope: scopeA, RoomID: tr.branchA.ID, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) != 3 || page[0].ID != posted[4].ID || page[2].ID != posted[6].ID {
			t.Errorf("newest page = %v", msgIDs(page))
		}
		back, _ := s.FindMessages(ctx, store.MessageFilter{Scope: scopeA, RoomID: tr.branchA.ID, Before: page[0].ID, Limit: 3})
		if len(back) != 3 || back[0].ID != posted[1].ID || back[2].ID != posted[3].ID || !slices.Equal(back[2].Mentions, want) {
			t.Errorf("page back = %v", msgIDs(back))
		}
		missed, _ := s.FindMessages(ctx, store.MessageFilter{Scope: scopeA, RoomID: tr.branchA.ID, After: posted[4].ID})
		if !slices.Equal(msgIDs(missed), []int64{posted[5].ID, posted[6].ID}) {
			t.Errorf("after = %v", msgIDs(missed))
		}
		if ms, _ := s.FindMessages(ctx, store.MessageFilter{Scope: scopeB, RoomID: tr.branchA.ID}); len(ms) != 0 {
			t.Errorf("branch B reads %d of branch A's messages", len(ms))
		}
		if _, err := s.FindMessageByID(ctx, scopeB, posted[0].ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("branch B finds a message: %v", err)
		}

		removed, err := s.RemoveMessage(ctx, actor, posted[2].ID)
		if err != nil || !removed.Removed() {
			t.Fatalf("remove: %v", err)
		}
		got, _ := s.FindMessageByID(ctx, scopeA, posted[2].ID)
		if !got.Removed() || got.Text != posted[2].Text {
			t.Errorf("removed message: %+v", got)
		}
		entries, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Everything(), ObjectType: "message", ObjectID: posted[2].ID})
		if err != nil {
			t.Fatal(err)
		}
		var sawRemoval bool
		for _, e := range entries {
			if e.Action == huoshui.AuditDelete && strings.Contains(e.Before, posted[2].Text) {
				sawRemoval = true
			}
		}
		if !sawRemoval {
			t.Errorf("no audit entry of the removal with the text: %+v", entries)
		}
	})
}

func msgIDs(ms []*huoshui.Message) []int64 {
	out := []int64{}
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

// A pinned announcement lists the room's members who have read it and
// who have not; pinning another starts afresh.
func TestChatAnnouncementReads(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		if err := s.PinAnnouncement(ctx, actor, tr.groupA.ID, "  本周五下午三点开小组会  "); err != nil {
			t.Fatal(err)
		}
		r, _ := s.FindRoom(ctx, huoshui.Everything(), tr.groupA.ID)
		if r.Pinned != "本周五下午三点开小组会" || r.PinnedAt == nil {
			t.Errorf("pinned = %q at %v", r.Pinned, r.PinnedAt)
		}
		if err := s.MarkAnnouncementRead(ctx, tr.groupA.ID, p.grouped.ID); err != nil {
			t.Fatal(err)
		}
		s.MarkAnnouncementRead(ctx, tr.groupA.ID, p.grouped.ID)
		readers := func() (read, unread []int64) {
			ps, err := s.AnnouncementReaders(ctx, tr.groupA.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range ps {
				if x.ReadAt != nil {
					read = append(read, x.MemberID)
				} else {
					unread = append(unread, x.MemberID)
				}
			}
			return
		}
		read, unread := readers()
		if !slices.Equal(read, []int64{p.grouped.ID}) || !slices.Equal(unread, []int64{p.probationary.ID}) {
			t.Errorf("read %v, unread %v; want [%d] and [%d]", read, unread, p.grouped.ID, p.probationary.ID)
		}
		if err := s.PinAnnouncement(ctx, actor, tr.groupA.ID, "改为周四"); err != nil {
			t.Fatal(err)
		}
		if read, _ := readers(); len(read) != 0 {
			t.Errorf("a new announcement starts with readers %v", read)
		}
		if err := s.PinAnnouncement(ctx, actor, tr.groupA.ID, ""); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.FindRoom(ctx, huoshui.Everything(), tr.groupA.ID); r.Pinned != "" || r.PinnedAt != nil {
			t.Errorf("unpinned room still shows %q", r.Pinned)
		}
	})
}
