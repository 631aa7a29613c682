package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// Rules that a check before a write keeps must hold when two requests
// race: on PostgreSQL each transaction reads what was committed when it
// looked, so a check that does not lock, or that a constraint does not
// back, lets both through. Each test races the writes raceTrials times.

const raceTrials = 50

// race runs fns at the same moment, each in a goroutine of its own, and
// returns their errors in order.
func race(fns ...func() error) []error {
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, len(fns))
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn()
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// raceRule runs trial trials times; a trial answers "" when the rule held
// or what broke it. The test fails with how many trials broke.
func raceRule(t *testing.T, trials int, trial func(i int) string) {
	t.Helper()
	broke, first := 0, ""
	for i := range trials {
		if msg := trial(i); msg != "" {
			broke++
			if first == "" {
				first = msg
			}
		}
	}
	if broke > 0 {
		t.Errorf("%d/%d trials broke the rule; the first: %s", broke, trials, first)
	}
}

// Two grants of different administrator roles to one account at once:
// whoever holds one administrator role holds no other role.
func TestRaceGrantKeepsAdministratorsSeparate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		root := makeTree(t, s).committee
		raceRule(t, raceTrials, func(i int) string {
			u := newTestUser(t, s, fmt.Sprintf("admin%02d", i))
			grant := func(k huoshui.RoleKind) func() error {
				return func() error {
					_, err := s.GrantRole(ctx, actor, u.ID, huoshui.Role{OrgID: root.ID, Kind: k})
					return err
				}
			}
			errs := race(grant(huoshui.RoleSysAdmin), grant(huoshui.RoleSecAdmin))
			got, err := s.FindUserByID(ctx, huoshui.Everything(), u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if err := huoshui.CheckRoles(got.Roles); err != nil {
				return fmt.Sprintf("%s holds %d roles (grants answered %v)", u.Username, len(got.Roles), errs)
			}
			if errs[0] == nil && errs[1] == nil {
				return "both grants succeeded"
			}
			return ""
		})
	})
}

// LockAttempts failed sign-ins at once count LockAttempts failures and
// lock the account, once.
func TestRaceFailedLoginsCountEveryFailure(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		raceRule(t, raceTrials, func(i int) string {
			name := fmt.Sprintf("login%02d", i)
			newTestUser(t, s, name)
			var fns []func() error
			for range huoshui.LockAttempts {
				fns = append(fns, func() error {
					u, err := s.FindUserByUsername(ctx, name)
					if err != nil {
						return err
					}
					_, err = s.RecordLogin(ctx, huoshui.Actor{Username: name}, u, false)
					return err
				})
			}
			for _, err := range race(fns...) {
				if err != nil {
					t.Fatal(err)
				}
			}
			u, err := s.FindUserByUsername(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			locks, _, err := s.FindAuditEntries(ctx, huoshui.AuditFilter{Scope: huoshui.Scope{All: true}, Unplaced: true,
				Action: huoshui.AuditLock, ObjectType: "user", ObjectID: u.ID})
			if err != nil {
				t.Fatal(err)
			}
			if u.FailedLogins != huoshui.LockAttempts || !u.Locked(s.Now()) || len(locks) != 1 {
				return fmt.Sprintf("%d failures counted of %d, locked %v, %d lock records",
					u.FailedLogins, huoshui.LockAttempts, u.Locked(s.Now()), len(locks))
			}
			return ""
		})
	})
}

// Linking one account to two people at once: one link wins, the other
// is refused; the account never silently moves to the second person.
func TestRaceLinkUserMemberOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		branch := makeTree(t, s).branchA
		person := func(name string) *huoshui.Member {
			m := &huoshui.Member{OrgID: branch.ID, Name: name, Status: huoshui.StatusApplicant, AppliedOn: huoshui.NewDate(2025, 3, 1)}
			if err := s.CreateMember(ctx, actor, m); err != nil {
				t.Fatal(err)
			}
			return m
		}
		raceRule(t, raceTrials, func(i int) string {
			u := newTestUser(t, s, fmt.Sprintf("link%02d", i))
			m1, m2 := person("王晓梅"), person("李建国")
			link := func(m *huoshui.Member) func() error {
				return func() error { return s.LinkUserMember(ctx, actor, huoshui.Everything(), u.ID, m.ID) }
			}
			errs := race(link(m1), link(m2))
			if (errs[0] == nil) == (errs[1] == nil) {
				return fmt.Sprintf("links answered %v", errs)
			}
			for _, err := range errs {
				if err != nil && userFieldCode(err, "username") != "user.member_taken" {
					return fmt.Sprintf("the losing link answered %v", err)
				}
			}
			return ""
		})
	})
}

// Adding a node under a parent while the parent is archived: no current
// node ends up under an archived one.
func TestRaceCreateOrgUnderArchivingParent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		root := makeTree(t, s).committee
		raceRule(t, raceTrials, func(i int) string {
			gb := &huoshui.Org{ParentID: root.ID, Kind: huoshui.OrgGeneralBranch, Name: fmt.Sprintf("第%d党总支", i+1)}
			if err := s.CreateOrg(ctx, actor, gb); err != nil {
				t.Fatal(err)
			}
			child := &huoshui.Org{ParentID: gb.ID, Kind: huoshui.OrgBranch, Name: "新党支部"}
			errs := race(
				func() error { return s.CreateOrg(ctx, actor, child) },
				func() error { return s.ArchiveOrg(ctx, actor, gb.ID) },
			)
			p, err := s.FindOrgByID(ctx, huoshui.Everything(), gb.ID)
			if err != nil {
				t.Fatal(err)
			}
			if p.ArchivedAt != nil && errs[0] == nil {
				return fmt.Sprintf("node %d was added under %d, archived (answers %v)", child.ID, gb.ID, errs)
			}
			return ""
		})
	})
}

// Moving a node while a node is added deep in its subtree: every path is
// its parent's path and its own id, whichever commits first.
func TestRaceMoveOrgWhileAddingBelow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		root := makeTree(t, s).committee
		org := func(parent int64, kind huoshui.OrgKind) *huoshui.Org { return createOrg(t, s, parent, kind, "节点") }
		raceRule(t, raceTrials, func(i int) string {
			from, to := org(root.ID, huoshui.OrgCommittee), org(root.ID, huoshui.OrgCommittee)
			gb := org(from.ID, huoshui.OrgGeneralBranch)
			branch := org(gb.ID, huoshui.OrgBranch)
			group := &huoshui.Org{ParentID: branch.ID, Kind: huoshui.OrgGroup, Name: "第一党小组"}
			errs := race(
				func() error { _, err := s.MoveOrg(ctx, actor, gb.ID, to.ID); return err },
				func() error { return s.CreateOrg(ctx, actor, group) },
			)
			if errs[0] != nil || errs[1] != nil {
				t.Fatalf("move and add answered %v", errs)
			}
			g, err := s.FindOrgByID(ctx, huoshui.Everything(), group.ID)
			if err != nil {
				t.Fatal(err)
			}
			b, err := s.FindOrgByID(ctx, huoshui.Everything(), branch.ID)
			if err != nil {
				t.Fatal(err)
			}
			if want := huoshui.OrgPath(b.Path, g.ID); g.Path != want {
				return fmt.Sprintf("the new group's path is %s, its branch's %s", g.Path, b.Path)
			}
			return ""
		})
	})
}

// Adding a member to a group while the group is archived: no current
// member ends up in an archived group.
func TestRaceCreateMemberInArchivingGroup(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		branch := makeTree(t, s).branchA
		raceRule(t, raceTrials, func(i int) string {
			g := &huoshui.Org{ParentID: branch.ID, Kind: huoshui.OrgGroup, Name: fmt.Sprintf("第%d党小组", i+1)}
			if err := s.CreateOrg(ctx, actor, g); err != nil {
				t.Fatal(err)
			}
			m := &huoshui.Member{OrgID: branch.ID, GroupID: g.ID, Name: "王晓梅", Status: huoshui.StatusApplicant, AppliedOn: huoshui.NewDate(2025, 3, 1)}
			errs := race(
				func() error { return s.CreateMember(ctx, actor, m) },
				func() error { return s.ArchiveOrg(ctx, actor, g.ID) },
			)
			got, err := s.FindOrgByID(ctx, huoshui.Everything(), g.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.ArchivedAt != nil && errs[0] == nil {
				return fmt.Sprintf("member %d was added to group %d, archived", m.ID, g.ID)
			}
			return ""
		})
	})
}

// Two crossing moves (A under B while B goes under A) are one rule: the
// tree stays a tree. One move wins, the other is refused as a move into
// the node's own subtree; neither dies in a deadlock (a 500).
func TestRaceCrossingMovesKeepATree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		root := makeTree(t, s).committee
		org := func(parent int64) *huoshui.Org { return createOrg(t, s, parent, huoshui.OrgCommittee, "党委") }
		raceRule(t, raceTrials, func(i int) string {
			a, b := org(root.ID), org(root.ID)
			// Half the trials cross directly, half through a child of each.
			ta, tb := b, a
			if i%2 == 1 {
				ta, tb = org(b.ID), org(a.ID)
			}
			errs := race(
				func() error { _, err := s.MoveOrg(ctx, actor, a.ID, ta.ID); return err },
				func() error { _, err := s.MoveOrg(ctx, actor, b.ID, tb.ID); return err },
			)
			ok := 0
			for _, err := range errs {
				var ve *huoshui.ValidationError
				switch {
				case err == nil:
					ok++
				case errors.As(err, &ve):
				default:
					return fmt.Sprintf("a move answered %v", err)
				}
			}
			if ok != 1 {
				return fmt.Sprintf("%d moves succeeded (%v), want 1", ok, errs)
			}
			ga, _ := s.FindOrgByID(ctx, huoshui.Everything(), a.ID)
			gb, _ := s.FindOrgByID(ctx, huoshui.Everything(), b.ID)
			if ga == nil || gb == nil || !huoshui.PathWithin(ga.Path, root.Path) || !huoshui.PathWithin(gb.Path, root.Path) {
				return fmt.Sprintf("after the moves the nodes lie outside the tree: %+v %+v", ga, gb)
			}
			return ""
		})
	})
}
