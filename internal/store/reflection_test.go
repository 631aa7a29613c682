package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// A member hands in one reflection per meeting they were invited to;
// saving again changes that one. Officers' comments are kept with it.
func TestReflections(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clock := newUserClock(s)
		tr := makeTree(t, s)
		p := makeBranchPeople(t, s, tr)
		day := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingThemeDay, "主题党日", at(2026, 2, 26, 9, 0)), nil)
		lecture := createMeeting(t, s, planMeeting(tr.branchA, huoshui.MeetingLecture, "党课", at(2026, 2, 27, 9, 0)), nil)
		save := func(m *huoshui.Meeting, who *huoshui.Member, body string) (*huoshui.Reflection, error) {
			r := &huoshui.Reflection{MeetingID: m.ID, MemberID: who.ID, Body: body}
			return r, s.SaveReflection(ctx, actor, r)
		}
		find := func(f store.ReflectionFilter) []huoshui.Reflection {
			t.Helper()
			rs, err := s.FindReflections(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return rs
		}

		first, err := save(day, p.grouped, "  走进基层一线，体会到服务群众的分量。 ")
		if err != nil {
			t.Fatal(err)
		}
		created := clock.now()
		clock.add(2 * time.Hour)
		again, err := save(day, p.grouped, "改过的心得：办文办事要想着群众。")
		if err != nil {
			t.Fatal(err)
		}
		if again.ID != first.ID {
			t.Errorf("saving again made reflection %d beside %d", again.ID, first.ID)
		}
		rs := find(store.ReflectionFilter{Scope: huoshui.Everything(), MeetingID: day.ID})
		if len(rs) != 1 || rs[0].Body != "改过的心得：办文办事要想着群众。" || rs[0].MemberName != "张建国" ||
			!rs[0].CreatedAt.Equal(created) || !rs[0].UpdatedAt.Equal(clock.now()) {
			t.Errorf("after saving twice: %+v; want one, created %v, updated %v", rs, created, clock.now())
		}
		if _, err := save(day, p.probationary, "第一次参加主题党日。"); err != nil {
			t.Fatal(err)
		}
		if _, err := save(lecture, p.grouped, "党课心得。"); err != nil {
			t.Fatal(err)
		}

		// Refused, nothing written.
		audits := auditTotal(t, s)
		if _, err := save(day, p.applicant, "我也想写。"); !errors.Is(err, store.ErrNotInvited) {
			t.Errorf("a reflection by someone not invited: %v, want ErrNotInvited", err)
		}
		if _, err := save(day, p.outsider, "外支部。"); !errors.Is(err, store.ErrNotInvited) {
			t.Errorf("a reflection by someone of another branch: %v, want ErrNotInvited", err)
		}
		if _, err := save(day, p.secretary, "  \n "); userFieldCode(err, "body") != "required" {
			t.Errorf("an empty reflection: %v", err)
		}
		if _, err := save(&huoshui.Meeting{ID: 999999}, p.secretary, "无此会议"); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("a reflection on no meeting: %v, want not found", err)
		}
		if n := auditTotal(t, s); n != audits {
			t.Errorf("refused reflections wrote %d audit records", n-audits)
		}
		if n := len(find(store.ReflectionFilter{Scope: huoshui.Everything(), MeetingID: day.ID})); n != 2 {
			t.Errorf("the theme day has %d reflections, want 2", n)
		}

		// An officer's comments, oldest first, on that reflection only.
		officer := newTestUser(t, s, "secretary")
		oa := huoshui.Actor{UserID: officer.ID, Username: officer.Username, IP: "127.0.0.1"}
		for _, body := range []string{"写得实在。", "  请在支部会上交流。 "} {
			if err := s.CommentOnReflection(ctx, oa, day.ID, first.ID, body); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.CommentOnReflection(ctx, oa, lecture.ID, first.ID, "错会议"); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("a comment through another meeting: %v, want not found", err)
		}
		if err := s.CommentOnReflection(ctx, oa, day.ID, first.ID, " "); userFieldCode(err, "comment") != "required" {
			t.Errorf("an empty comment: %v", err)
		}
		rs = find(store.ReflectionFilter{Scope: huoshui.Everything(), MeetingID: day.ID, MemberID: p.grouped.ID})
		if len(rs) != 1 || len(rs[0].Comments) != 2 || rs[0].Comments[0].Body != "写得实在。" ||
			rs[0].Comments[1].Body != "请在支部会上交流。" || rs[0].Comments[0].AuthorName != "secretary" {
			t.Errorf("the commented reflection: %+v", rs)
		}
		for _, r := range find(store.ReflectionFilter{Scope: huoshui.Everything()}) {
			if r.ID != first.ID && len(r.Comments) != 0 {
				t.Errorf("reflection %d shows comments %+v made on another", r.ID, r.Comments)
			}
		}

		// Who sees what.
		cases := []struct {
			name string
			f    store.ReflectionFilter
			want int
		}{
			{"the branch", store.ReflectionFilter{Scope: huoshui.Scope{Paths: []string{tr.branchA.Path}}}, 3},
			{"the author", store.ReflectionFilter{Scope: huoshui.Scope{MemberID: p.grouped.ID}}, 2},
			{"the author, one meeting", store.ReflectionFilter{Scope: huoshui.Scope{MemberID: p.grouped.ID}, MeetingID: day.ID}, 1},
			{"another invitee", store.ReflectionFilter{Scope: huoshui.Scope{MemberID: p.secretary.ID}, MeetingID: day.ID}, 0},
			{"another branch", store.ReflectionFilter{Scope: huoshui.Scope{Paths: []string{tr.branchB.Path}}}, 0},
			{"nobody", store.ReflectionFilter{MeetingID: day.ID}, 0},
		}
		for _, c := range cases {
			if got := find(c.f); len(got) != c.want {
				t.Errorf("%s sees %d reflections, want %d", c.name, len(got), c.want)
			}
		}

		if got := auditActions(t, s, "reflection", first.ID); !slices.Equal(got, []string{huoshui.AuditCreate, huoshui.AuditUpdate}) {
			t.Errorf("audit of the reflection: %v", got)
		}
		es, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Everything(), ObjectType: "reflection_comment", Limit: 500})
		if err != nil || len(es) != 2 || es[0].UserID != officer.ID {
			t.Errorf("audit of the comments: %d records, %v", len(es), err)
		}
	})
}
