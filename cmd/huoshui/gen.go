package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"math/big"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/config"
	"github.com/huoshui/huoshui/internal/synth"
)

// The accounts gen makes for huoshui-bench (cmd/huoshui-bench).
const (
	benchSecretary = "bench-secretary"
	benchOrganiser = "bench-organiser"
)

// gen builds a province-sized synthetic organisation: a provincial
// committee, 16 cities, their counties, committees and general branches,
// about one branch per 20 members, and the members, then two accounts to
// load the server with. It refuses a database that already holds
// organisations.
func gen(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("gen", stderr)
	db := config.DBFlag(fs, getenv)
	members := fs.Int("members", 1000000, "how many members to make")
	seed := fs.Uint64("seed", 1, "the same seed makes the same province")
	years := fs.Int("years", 5, "years of organisational life (meetings, attendance) up to today; 0 for none")
	assembly := fs.Int("assembly", 3000, "member accounts for huoshui-bench's check-in burst; 0 for none")
	materials := fs.Int("materials", 0, "invented study materials of about 3,000 characters, spread over the branches")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("gen: unexpected arguments %v", fs.Args())
	}
	if *members < 1 {
		return errors.New("gen: --members must be at least 1")
	}
	password := getenv("HUOSHUI_BENCH_PASSWORD")
	if password != "" {
		for _, u := range []string{benchSecretary, benchOrganiser} {
			if err := huoshui.CheckPassword(password, u); err != nil {
				return fmt.Errorf("gen: HUOSHUI_BENCH_PASSWORD: %w", describe(err))
			}
		}
	}
	start := time.Now()
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	existing, err := anyOrg(ctx, st)
	if err != nil {
		return err
	}
	if existing != nil {
		return errors.New("gen: the database already holds organisations; gen fills only an empty database (give another --db)")
	}
	actor := huoshui.Actor{Username: "gen"}

	p := synth.Build(synth.Options{Members: *members, Seed: *seed, Today: huoshui.DateOf(time.Now().In(time.FixedZone("CST", 8*3600))),
		Years: max(0, *years)})
	kinds := p.Count()
	fmt.Fprintf(stdout, "生成组织 / building the tree: %d nodes (%d committees, %d general branches, %d branches, %d groups)\n",
		len(p.Nodes), kinds[huoshui.OrgCommittee], kinds[huoshui.OrgGeneralBranch], kinds[huoshui.OrgBranch], kinds[huoshui.OrgGroup])
	total := 0
	full, err := synth.Load(ctx, st, actor, p, func(city, n int) {
		if city == 0 {
			fmt.Fprintf(stdout, "  tree stored; members city by city:\n")
		}
		total += n
		fmt.Fprintf(stdout, "  %-6s %8d members   %9d in all   %9d meetings   %s\n", p.Nodes[p.Cities[city]].Org.Name, n, total,
			p.LifeTotals().Meetings, since(start))
	})
	if err != nil {
		return err
	}

	// The bench accounts: the secretary of a typical branch (a committee
	// and groups, 25–35 people) and an organiser at the first city.
	branch := typicalBranch(p)
	if branch < 0 {
		return errors.New("gen: no branch to put the bench secretary in")
	}
	sec, _, err := st.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{All: true},
		OrgID: p.Nodes[branch].Org.ID, Limit: 100})
	if err != nil {
		return err
	}
	var secretary *huoshui.Member
	for _, m := range sec {
		if m.CommitteePost == huoshui.PostSecretary {
			secretary = m
		}
	}
	generated := password == ""
	if generated {
		password = randomPassword()
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	cityNode := p.Nodes[p.Cities[0]].Org
	accounts := []*huoshui.User{
		{Username: benchSecretary, DisplayName: "基准测试支部书记", PasswordHash: hash, Locale: "zh",
			Roles: []huoshui.Role{{OrgID: p.Nodes[branch].Org.ID, Kind: huoshui.RoleSecretary}}},
		{Username: benchOrganiser, DisplayName: "基准测试组织员", PasswordHash: hash, Locale: "zh",
			Roles: []huoshui.Role{{OrgID: cityNode.ID, Kind: huoshui.RoleOrganiser}}},
	}
	if secretary != nil {
		accounts[0].DisplayName, accounts[0].MemberID = secretary.Name, secretary.ID
	}
	for _, u := range accounts {
		if err := st.CreateUser(ctx, actor, u); err != nil {
			return fmt.Errorf("gen: account %s: %w", u.Username, describe(err))
		}
	}

	fmt.Fprintf(stdout, "\n完成 / done in %s: %d nodes (%d committees, %d general branches, %d branches, %d groups), %d members (%d full)\n",
		since(start), len(p.Nodes), kinds[huoshui.OrgCommittee], kinds[huoshui.OrgGeneralBranch], kinds[huoshui.OrgBranch],
		kinds[huoshui.OrgGroup], total, full)
	if life := p.LifeTotals(); life.Meetings > 0 {
		fmt.Fprintf(stdout, "%d years of organisational life: %d meetings (%d held), %d invitations\n", *years, life.Meetings, life.Held, life.Invitees)
		work := p.WorkTotals()
		fmt.Fprintf(stdout, "and of office work: %d supervision tasks, %d outputs\n", work.Tasks, work.Outputs)
	}
	if *materials > 0 {
		var branches []int64
		for _, n := range p.Nodes {
			if n.Org.Kind == huoshui.OrgBranch {
				branches = append(branches, n.Org.ID)
			}
		}
		if err := synth.Materials(ctx, st, actor, branches, *seed, *materials, 3000, func(done int) {
			fmt.Fprintf(stdout, "  %9d study materials   %s\n", done, since(start))
		}); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d study materials\n", *materials)
	}
	fmt.Fprintln(stdout, "\nAccounts for huoshui-bench:")
	fmt.Fprintf(stdout, "  %-16s secretary of %s (org %d, %d members) — member list: /members?org=%d\n",
		benchSecretary, p.Nodes[branch].Org.Name, p.Nodes[branch].Org.ID, p.Nodes[branch].Members, p.Nodes[branch].Org.ID)
	fmt.Fprintf(stdout, "  %-16s organiser at %s (org %d, path %s)\n", benchOrganiser, cityNode.Name, cityNode.ID, cityNode.Path)
	if err := genAssembly(ctx, st, actor, p, *assembly, hash, stdout); err != nil {
		return err
	}
	if generated {
		fmt.Fprintf(stdout, "  password (shown once): %s\n", password)
	} else {
		fmt.Fprintln(stdout, "  password: the one in HUOSHUI_BENCH_PASSWORD")
	}
	return nil
}

// typicalBranch picks the first branch of the first city with an elected
// committee, groups and 25–35 members, or any branch at all.
func typicalBranch(p *synth.Province) int {
	for _, bi := range p.Branches {
		n := p.Nodes[bi]
		if n.City == 0 && n.Members >= 25 && n.Members <= 35 && len(n.Groups) > 0 && n.Org.HasCommittee() {
			return bi
		}
	}
	if len(p.Branches) > 0 {
		return p.Branches[0]
	}
	return -1
}

// randomPassword makes a strong password that passes CheckPassword:
// 20 characters from upper and lower case letters, digits and symbols.
func randomPassword() string {
	const (
		lower  = "abcdefghijkmnpqrstuvwxyz"
		upper  = "ABCDEFGHJKLMNPQRSTUVWXYZ"
		digits = "23456789"
		symbol = "-_.+"
	)
	all := lower + upper + digits + symbol
	pick := func(set string) byte {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(set))))
		return set[n.Int64()]
	}
	b := []byte{pick(lower), pick(upper), pick(digits), pick(symbol)}
	for len(b) < 20 {
		b = append(b, pick(all))
	}
	for i := len(b) - 1; i > 0; i-- {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(i+1)))
		j := n.Int64()
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

func since(t time.Time) string { return time.Since(t).Round(100 * time.Millisecond).String() }
