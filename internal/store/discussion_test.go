package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// An action agreed at a discussion shows on the org's later discussions,
// never its own or an earlier one, until it is closed; reopened, it shows
// again. Closing twice changes nothing; each change is audited.
func TestDiscussionActionsCarried(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		create := func(org *huoshui.Org, topic string, on huoshui.Date) *huoshui.Discussion {
			t.Helper()
			d := &huoshui.Discussion{OrgID: org.ID, Topic: topic, HeldOn: on, Minutes: 120, HostID: 0, Place: "三楼会议室",
				LeadIn: "书记领学《习近平谈治国理政》第四卷"}
			if err := s.CreateDiscussion(ctx, actor, d); err != nil {
				t.Fatalf("create discussion %s: %v", topic, err)
			}
			return d
		}
		first := create(tr.branchA, "如何提高文稿质量", day(2026, 1, 15))
		second := create(tr.branchA, "督查督办怎样抓落实", day(2026, 2, 15))
		third := create(tr.branchA, "档案数字化", day(2026, 3, 15))
		elsewhere := create(tr.branchB, "综合处研讨", day(2026, 2, 20))

		if err := s.AddDiscussionSpeaker(ctx, actor, &huoshui.DiscussionSpeaker{DiscussionID: first.ID, MemberID: p.organiser.ID,
			Text: "建议建立文稿质量互查机制"}); err != nil {
			t.Fatal(err)
		}
		if err := s.AddDiscussionSpeaker(ctx, actor, &huoshui.DiscussionSpeaker{DiscussionID: first.ID, MemberID: p.outsider.ID,
			Text: "外支部"}); userFieldCode(err, "member_id") != "meeting.person_outside" {
			t.Errorf("speaker from another branch: %v", err)
		}
		act := &huoshui.DiscussionAction{DiscussionID: first.ID, Text: "制定文稿互查办法", OwnerID: p.organiser.ID, Due: day(2026, 3, 1)}
		if err := s.AddDiscussionAction(ctx, actor, act); err != nil {
			t.Fatal(err)
		}
		if err := s.AddDiscussionAction(ctx, actor, &huoshui.DiscussionAction{DiscussionID: first.ID, Text: " "}); userFieldCode(err, "text") != "required" {
			t.Errorf("blank action: %v", err)
		}
		open := func(d *huoshui.Discussion) []int64 {
			t.Helper()
			xs, err := s.FindOpenDiscussionActions(ctx, d.OrgID, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			ids := []int64{}
			for _, x := range xs {
				ids = append(ids, x.ID)
			}
			return ids
		}
		for _, c := range []struct {
			d    *huoshui.Discussion
			want []int64
		}{{first, []int64{}}, {second, []int64{act.ID}}, {third, []int64{act.ID}}, {elsewhere, []int64{}}} {
			if got := open(c.d); !slices.Equal(got, c.want) {
				t.Errorf("open on %s: %v, want %v", c.d.Topic, got, c.want)
			}
		}
		if err := s.CloseDiscussionAction(ctx, actor, act.ID, false); err != nil {
			t.Fatal(err)
		}
		if err := s.CloseDiscussionAction(ctx, actor, act.ID, false); err != nil {
			t.Fatal(err)
		}
		if got := open(third); len(got) != 0 {
			t.Errorf("closed action still open on a later discussion: %v", got)
		}
		if err := s.CloseDiscussionAction(ctx, actor, act.ID, true); err != nil {
			t.Fatal(err)
		}
		if got := open(third); !slices.Equal(got, []int64{act.ID}) {
			t.Errorf("reopened: %v", got)
		}
		if got := auditActions(t, s, "discussion_action", act.ID); !slices.Equal(got, []string{huoshui.AuditCreate, huoshui.AuditArchive, huoshui.AuditRestore}) {
			t.Errorf("audit of the action: %v", got)
		}
		if _, err := s.FindDiscussionActionByID(ctx, huoshui.Scope{Paths: []string{tr.branchB.Path}}, act.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("action through another branch: %v", err)
		}
		if _, err := s.FindDiscussionByID(ctx, huoshui.Scope{Paths: []string{tr.branchB.Path}}, first.ID); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("discussion through another branch: %v", err)
		}

		upd := *first
		upd.HostID, upd.Consensus = p.secretary.ID, "文稿实行交叉互查"
		if err := s.UpdateDiscussion(ctx, actor, first.ID, &upd); err != nil {
			t.Fatal(err)
		}
		if got := auditActions(t, s, "discussion", first.ID); !slices.Equal(got, []string{huoshui.AuditCreate, huoshui.AuditUpdate}) {
			t.Errorf("audit of the discussion: %v", got)
		}
		ds, err := s.FindDiscussions(ctx, store.DiscussionFilter{Scope: huoshui.Scope{Paths: []string{tr.branchA.Path}}, Year: 2026})
		if err != nil || len(ds) != 3 || ds[0].ID != third.ID {
			t.Errorf("branch A's discussions: %d, %v", len(ds), err)
		}
		if ds, _ := s.FindDiscussions(ctx, store.DiscussionFilter{}); len(ds) != 0 {
			t.Errorf("the zero filter lists %d", len(ds))
		}

		for _, c := range []struct {
			who  *huoshui.Member
			want []string
		}{{p.secretary, []string{"host"}}, {p.organiser, []string{"speaker"}}, {p.grouped, nil}} {
			got := studyRecordsOf(t, s, c.who.ID, 2026, "discussion")
			var roles []string
			for _, r := range got {
				roles = append(roles, r.Role)
				if r.ID != first.ID || r.Minutes != 120 {
					t.Errorf("%s: %+v", c.who.Name, r)
				}
			}
			if !slices.Equal(roles, c.want) {
				t.Errorf("%s took part as %v, want %v", c.who.Name, roles, c.want)
			}
		}
	})
}
