package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/synth"
)

// The accounts gen makes for huoshui-bench's check-in burst: an organiser
// of a committee, who calls its 党员大会 and shows the code, and members
// of that committee who sign in on their phones and scan it.
const (
	benchAssembly      = "bench-assembly"
	benchMemberPrefix  = "bench-m"
	benchMemberDigits  = 4
	benchAssemblyLabel = "基准测试党员大会召集人"
)

// benchMemberName is the username of the i-th member account (from 1):
// bench-m0001 ….
func benchMemberName(i int) string {
	return fmt.Sprintf("%s%0*d", benchMemberPrefix, benchMemberDigits, i)
}

// assemblyCommittee picks the committee whose subtree holds the fewest
// full members that are still at least n: the smallest assembly of n
// people. It returns -1 when no committee is big enough.
func assemblyCommittee(p *synth.Province, n int) int {
	full := make([]int, len(p.Nodes))
	for i := len(p.Nodes) - 1; i >= 0; i-- { // children come after parents
		nd := p.Nodes[i]
		if nd.Org.Kind == huoshui.OrgBranch {
			full[i] += nd.Full
		}
		if nd.Parent >= 0 {
			full[nd.Parent] += full[i]
		}
	}
	best := -1
	for i, nd := range p.Nodes {
		if nd.Org.Kind == huoshui.OrgCommittee && full[i] >= n && (best < 0 || full[i] < full[best]) {
			best = i
		}
	}
	return best
}

// genAssembly makes the accounts of the check-in burst: bench-assembly, an
// organiser of the committee chosen by assemblyCommittee, and bench-m0001…
// for the first n of its full and probationary members (those a general
// meeting invites), each a plain member of their branch linked to their
// record. They share hash, the bench password's. It says what it made, or
// why it made nothing.
func genAssembly(ctx context.Context, st *store.Store, a huoshui.Actor, p *synth.Province, n int, hash string, stdout io.Writer) error {
	if n <= 0 {
		return nil
	}
	if n >= 10000 {
		return errors.New("gen: --assembly must be below 10000")
	}
	ci := assemblyCommittee(p, n)
	if ci < 0 {
		fmt.Fprintf(stdout, "  (no committee has %d full members: no accounts for the check-in burst; give more --members)\n", n)
		return nil
	}
	c := p.Nodes[ci].Org
	var people []*huoshui.Member
	errEnough := errors.New("enough")
	err := st.EachMember(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{Paths: []string{c.Path}}, Sort: "org"}, func(m *huoshui.Member) error {
		if m.Status == huoshui.StatusFull || m.Status == huoshui.StatusProbationary {
			people = append(people, m)
		}
		if len(people) == n+1 { // one spare, for a member who has an account already
			return errEnough
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return err
	}
	// The bench secretary may be one of them: an account links one record.
	if sec, err := st.FindUserByUsername(ctx, benchSecretary); err == nil {
		people = slices.DeleteFunc(people, func(m *huoshui.Member) bool { return m.ID == sec.MemberID })
	}
	people = people[:min(n, len(people))]
	org := &huoshui.User{Username: benchAssembly, DisplayName: benchAssemblyLabel, PasswordHash: hash, Locale: "zh",
		Roles: []huoshui.Role{{OrgID: c.ID, Kind: huoshui.RoleOrganiser}}}
	if err := st.CreateUser(ctx, a, org); err != nil {
		return fmt.Errorf("gen: account %s: %w", org.Username, describe(err))
	}
	for i, m := range people {
		u := &huoshui.User{Username: benchMemberName(i + 1), DisplayName: m.Name, PasswordHash: hash, Locale: "zh",
			MemberID: m.ID, Roles: []huoshui.Role{{OrgID: m.OrgID, Kind: huoshui.RoleMember}}}
		if err := st.CreateUser(ctx, a, u); err != nil {
			return fmt.Errorf("gen: account %s: %w", u.Username, describe(err))
		}
	}
	fmt.Fprintf(stdout, "  %-16s organiser at %s (org %d), who calls its 党员大会 for the check-in burst\n", benchAssembly, c.Name, c.ID)
	fmt.Fprintf(stdout, "  %-16s %d of its members (%s … %s), plain members linked to their records\n",
		benchMemberPrefix+"NNNN", len(people), benchMemberName(1), benchMemberName(len(people)))
	return nil
}
