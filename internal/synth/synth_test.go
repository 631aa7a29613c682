package synth

import (
	"testing"

	"github.com/huoshui/huoshui"
)

var today = huoshui.NewDate(2026, 3, 15)

// fakeIDs gives every node an ID and a path as a store would.
func fakeIDs(p *Province) {
	for i := range p.Nodes {
		n := &p.Nodes[i]
		n.Org.ID = int64(i + 1)
		parentPath := ""
		if n.Parent >= 0 {
			n.Org.ParentID = p.Nodes[n.Parent].Org.ID
			parentPath = p.Nodes[n.Parent].Org.Path
		}
		n.Org.Path = huoshui.OrgPath(parentPath, n.Org.ID)
	}
}

func TestBuildShape(t *testing.T) {
	t.Parallel()
	for _, members := range []int{0, 7, 39, 300, 20000, 123457} {
		p := Build(Options{Members: members, Seed: 1, Today: today})
		if got := len(p.Cities); got != 16 {
			t.Errorf("%d members: %d cities, want 16", members, got)
		}
		total := 0
		for i, n := range p.Nodes {
			if err := n.Org.Validate(); err != nil {
				t.Fatalf("%d members: node %d %q: %v", members, i, n.Org.Name, err)
			}
			switch {
			case i == 0 && n.Parent != -1:
				t.Fatalf("node 0 is not the root")
			case i > 0 && (n.Parent < 0 || n.Parent >= i):
				t.Fatalf("node %d %q: parent %d does not come first", i, n.Org.Name, n.Parent)
			case i > 0 && !p.Nodes[n.Parent].Org.Kind.CanParent(n.Org.Kind):
				t.Fatalf("node %d: %s under %s", i, n.Org.Kind, p.Nodes[n.Parent].Org.Kind)
			}
			if n.Org.Kind == huoshui.OrgBranch {
				total += n.Members
				if members >= 40 && (n.Members < 8 || n.Members > 40) {
					t.Errorf("branch %q has %d members, want 8–40", n.Org.Name, n.Members)
				}
				if n.Full > n.Members {
					t.Errorf("branch %q: %d full of %d", n.Org.Name, n.Full, n.Members)
				}
			}
		}
		if total != members {
			t.Errorf("%d members: branches hold %d", members, total)
		}
		if members >= 40 {
			if want, got := members/20, len(p.Branches); got != want {
				t.Errorf("%d members: %d branches, want %d", members, got, want)
			}
		}
	}
}

func TestMembersValid(t *testing.T) {
	t.Parallel()
	p := Build(Options{Members: 50000, Seed: 7, Today: today})
	fakeIDs(p)
	seen := map[string]bool{}
	statuses := map[huoshui.MemberStatus]int{}
	minorities, women, total := 0, 0, 0
	for _, bi := range p.Branches {
		ms := p.Members(bi)
		if len(ms) != p.Nodes[bi].Members {
			t.Fatalf("branch %d: %d members, want %d", bi, len(ms), p.Nodes[bi].Members)
		}
		full, secretaries := 0, 0
		for _, m := range ms {
			if err := m.Validate(); err != nil {
				t.Fatalf("member %+v: %v", m, err)
			}
			if seen[m.IDNumber] {
				t.Fatalf("ID number %s given twice", m.IDNumber)
			}
			seen[m.IDNumber] = true
			if m.OrgID != p.Nodes[bi].Org.ID {
				t.Fatalf("member placed in %d, want %d", m.OrgID, p.Nodes[bi].Org.ID)
			}
			if len(p.Nodes[bi].Groups) > 0 && m.GroupID == 0 {
				t.Fatalf("branch with groups has a member outside them")
			}
			if m.BirthDate.Year() < 1930 || m.BirthDate.After(today) {
				t.Fatalf("birth date %s", m.BirthDate)
			}
			if (m.IDNumber[16]-'0')%2 == 1 != (m.Gender == huoshui.Male) {
				t.Fatalf("ID number %s does not match gender %s", m.IDNumber, m.Gender)
			}
			if m.Status == huoshui.StatusFull {
				full++
				if m.FullOn.After(today) {
					t.Fatalf("full member since %s, after today", m.FullOn)
				}
			}
			if m.CommitteePost == huoshui.PostSecretary {
				secretaries++
			}
			if m.Ethnicity != "汉族" {
				minorities++
			}
			if m.Gender == huoshui.Female {
				women++
			}
			statuses[m.Status]++
			total++
		}
		if full != p.Nodes[bi].Full {
			t.Fatalf("branch %d: %d full members, planned %d", bi, full, p.Nodes[bi].Full)
		}
		if full > 0 && secretaries != 1 {
			t.Fatalf("branch %d: %d secretaries", bi, secretaries)
		}
	}
	if total != 50000 {
		t.Fatalf("%d members, want 50000", total)
	}
	// Shares a reader of the data would notice.
	if f := statuses[huoshui.StatusFull] * 100 / total; f < 85 || f > 95 {
		t.Errorf("full members %d%%, want about 90%%", f)
	}
	for _, st := range huoshui.MemberStatuses {
		if statuses[st] == 0 {
			t.Errorf("no one is %s", st)
		}
	}
	if pct := minorities * 1000 / total; pct < 20 || pct > 90 {
		t.Errorf("ethnic minorities %d‰", pct)
	}
	if pct := women * 100 / total; pct < 25 || pct > 40 {
		t.Errorf("women %d%%", pct)
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	a := Build(Options{Members: 3000, Seed: 42, Today: today})
	b := Build(Options{Members: 3000, Seed: 42, Today: today})
	c := Build(Options{Members: 3000, Seed: 43, Today: today})
	fakeIDs(a)
	fakeIDs(b)
	fakeIDs(c)
	if len(a.Nodes) != len(b.Nodes) {
		t.Fatalf("same seed, %d and %d nodes", len(a.Nodes), len(b.Nodes))
	}
	ma, mb, mc := a.Members(a.Branches[3]), b.Members(b.Branches[3]), c.Members(c.Branches[3])
	for i := range ma {
		if *ma[i] != *mb[i] {
			t.Fatalf("same seed, different member %d: %+v / %+v", i, ma[i], mb[i])
		}
	}
	if len(ma) == len(mc) && ma[0].Name == mc[0].Name && ma[0].IDNumber == mc[0].IDNumber {
		t.Errorf("another seed gave the same people")
	}
}

// TestIDNumbersRunOut packs more people onto one day than a county has
// sequence numbers for.
func TestIDNumbersRunOut(t *testing.T) {
	t.Parallel()
	p := Build(Options{Members: 100, Seed: 1, Today: today})
	seen := map[string]bool{}
	birth := huoshui.NewDate(1980, 5, 1)
	for range 1200 {
		id, b := p.idNumber(0, birth, true)
		if seen[id] {
			t.Fatalf("ID number %s twice", id)
		}
		seen[id] = true
		if code := huoshui.CheckIDNumber(id); code != "" {
			t.Fatalf("%s: %s", id, code)
		}
		if !huoshui.IDNumberBirthDate(id).Equal(b) {
			t.Fatalf("%s does not hold birth date %s", id, b)
		}
	}
}
