// Package synth makes a synthetic province for load tests and benchmarks:
// a provincial committee, 16 city committees, their counties, the
// committees and general branches under them, about one branch for every
// 20 members (each 8–40 people), a few groups in the larger branches, and
// the members themselves with realistic Chinese names, valid ID numbers and
// stage dates that pass huoshui.Member.Validate.
//
// Everything follows from the seed: the same Options give the same
// province. Nothing here touches a database; the caller stores the nodes
// (parents first) and then asks for each branch's members.
package synth

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/huoshui/huoshui"
)

// sector is the kind of unit a branch sits in; it decides the workplaces
// and posts of its members.
type sector int

const (
	sectorGov sector = iota
	sectorSchool
	sectorHealth
	sectorVillage
	sectorCommunity
	sectorCompany
	sectorRetired
)

// Options say what to make.
type Options struct {
	Members int    // people in all, exactly
	Seed    uint64 // the same seed gives the same province
	Today   huoshui.Date
	Years   int // years of organisational life up to Today (meeting.go); 0 for none
}

// Node is one node of the tree, in the order it must be created: every
// parent comes before its children.
type Node struct {
	Org    *huoshui.Org // ID and Path are zero until the caller stores it
	Parent int          // index of the parent in Province.Nodes; -1 for the root
	City   int          // index of the city (0–15); -1 for the root
	// Branches only: how many people, how many of them full members, and
	// the indices of the branch's groups.
	Members int
	Full    int
	Groups  []int

	unit   string // the workplace of the branch's members
	sector sector
	county int // index into Province.regions; -1 above the counties
}

// Province is the generated tree.
type Province struct {
	Nodes    []Node
	Cities   []int // node indices of the city committees, in order
	Branches []int // node indices of the branches, in order

	opts        Options
	regions     []string // county codes
	cityRegions [][]int  // county indices by city
	ids         map[uint32]uint16
	names       map[string]bool // place names used in the current county
	lifeTotals  LifeTotals
	workTotals  WorkTotals
}

// Build makes the tree for o.Members people.
func Build(o Options) *Province {
	if o.Today.IsZero() {
		o.Today = huoshui.DateOf(time.Now())
	}
	o.Members = max(0, o.Members)
	r := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	p := &Province{opts: o, ids: map[uint32]uint16{}}
	for _, c := range cities {
		var idx []int
		for _, k := range c.counties {
			idx = append(idx, len(p.regions))
			p.regions = append(p.regions, k.code)
		}
		p.cityRegions = append(p.cityRegions, idx)
	}
	sizes := branchSizes(r, o.Members)
	weights := make([]int, len(cities))
	for i, c := range cities {
		weights[i] = c.weight
	}
	perCity := share(len(sizes), weights)
	b := &builder{p: p, r: r, sizes: sizes}
	root := b.committee(-1, -1, "中共"+provinceName+"省委")
	for ci, c := range cities {
		cityNode := b.committee(root, ci, "中共"+c.name+"市委")
		p.Cities = append(p.Cities, cityNode)
		n := perCity[ci]
		if n == 0 {
			continue
		}
		nc := min(len(c.counties), max(1, (n+29)/30))
		w := make([]int, nc)
		for i := range w {
			w[i] = 7 + r.IntN(7)
		}
		for k, cn := range share(n, w) {
			b.county(cityNode, ci, p.cityRegions[ci][k], c.counties[k], cn)
		}
	}
	return p
}

// branchSizes draws how many people each branch has: 8–40, most of them
// 10–25, summing to exactly n.
func branchSizes(r *rand.Rand, n int) []int {
	if n == 0 {
		return nil
	}
	if n < 40 {
		return []int{n}
	}
	sizes := make([]int, n/20)
	sum := 0
	for i := range sizes {
		sizes[i] = 8 + int(32*math.Pow(r.Float64(), 1.6))
		sum += sizes[i]
	}
	for sum != n {
		i := r.IntN(len(sizes))
		switch {
		case sum < n && sizes[i] < 40:
			sizes[i]++
			sum++
		case sum > n && sizes[i] > 8:
			sizes[i]--
			sum--
		}
	}
	return sizes
}

// share splits n into parts proportional to weights (largest remainder).
func share(n int, weights []int) []int {
	total := 0
	for _, w := range weights {
		total += w
	}
	out := make([]int, len(weights))
	if total == 0 {
		return out
	}
	given := 0
	rem := make([]int, len(weights))
	for i, w := range weights {
		out[i] = n * w / total
		rem[i] = n * w % total
		given += out[i]
	}
	for given < n {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
		given++
	}
	return out
}

// builder appends nodes to a province.
type builder struct {
	p     *Province
	r     *rand.Rand
	sizes []int // sizes of the branches still to make
}

func (b *builder) add(parent, city int, kind huoshui.OrgKind, name string) int {
	b.p.Nodes = append(b.p.Nodes, Node{
		Org:    &huoshui.Org{Kind: kind, Name: name},
		Parent: parent, City: city, county: -1,
	})
	return len(b.p.Nodes) - 1
}

// committee adds a 党委 with a five-year term elected some time in the
// last five years.
func (b *builder) committee(parent, city int, name string) int {
	i := b.add(parent, city, huoshui.OrgCommittee, name)
	elected := b.p.opts.Today.AddDate(0, 0, -b.r.IntN(5*365))
	b.p.Nodes[i].Org.CommitteeElectedOn = elected
	b.p.Nodes[i].Org.CommitteeTermEnds = elected.AddDate(5, 0, 0)
	return i
}

func (b *builder) generalBranch(parent int, name string) int {
	return b.add(parent, b.p.Nodes[parent].City, huoshui.OrgGeneralBranch, name)
}

// branch adds a 党支部 with the next planned size, its groups, and its
// committee when it has 7 or more full members.
func (b *builder) branch(parent int, name, unit string, sec sector, county int) int {
	if len(b.sizes) == 0 {
		return -1
	}
	size := b.sizes[0]
	b.sizes = b.sizes[1:]
	i := b.add(parent, b.p.Nodes[parent].City, huoshui.OrgBranch, name)
	n := &b.p.Nodes[i]
	n.unit, n.sector, n.county, n.Members = unit, sec, county, size
	for range size {
		if b.r.IntN(100) < 90 {
			n.Full++
		}
	}
	if n.Full >= 7 {
		// Terms are three years; a few have run out and await an election.
		ago := b.r.IntN(3 * 365)
		if b.r.IntN(100) < 6 {
			ago = 3*365 + 1 + b.r.IntN(300)
		}
		elected := b.p.opts.Today.AddDate(0, 0, -ago)
		n.Org.CommitteeElectedOn, n.Org.CommitteeTermEnds = elected, elected.AddDate(3, 0, 0)
	}
	groups := 0
	switch {
	case size >= 36:
		groups = 3
	case size >= 30:
		groups = 2
	}
	city := n.City
	for g := range groups {
		gi := b.add(i, city, huoshui.OrgGroup, ordinals[g]+"党小组")
		b.p.Nodes[i].Groups = append(b.p.Nodes[i].Groups, gi)
	}
	b.p.Branches = append(b.p.Branches, i)
	return i
}

// uniquePlace makes a place name not yet used in the current county.
func (b *builder) uniquePlace(make func() string) string {
	for range 30 {
		s := make()
		if !b.p.names[s] {
			b.p.names[s] = true
			return s
		}
	}
	s := make() + "新"
	b.p.names[s] = true
	return s
}

// county adds a county committee with n branches shared among the county's
// organs, schools, hospitals, companies and its towns or streets.
func (b *builder) county(parent, city, region int, c county, n int) {
	b.p.names = map[string]bool{}
	ci := b.committee(parent, city, "中共"+c.name+"委")
	parts := share(n, []int{25, 15, 8, 12, 40})

	// Organs of the county: the big departments hold several branches
	// under a general branch.
	if parts[0] > 0 {
		gov := b.committee(ci, city, c.name+"直属机关工作委员会")
		for k, cnt := range spread(parts[0], agencies, 6) {
			unit := c.name + agencies[k]
			if cnt == 1 {
				b.branch(gov, unit+"党支部", unit, sectorGov, region)
				continue
			}
			gb := b.generalBranch(gov, unit+"机关党总支")
			for j := range cnt {
				name, sec := "机关"+agencyBranches[j%len(agencyBranches)]+"党支部", sectorGov
				if j == cnt-1 && cnt >= 3 {
					name, sec = "离退休干部党支部", sectorRetired
				}
				b.branch(gb, name, unit, sec, region)
			}
		}
	}
	// Schools: the middle schools are general branches of year groups.
	if parts[1] > 0 {
		edu := b.committee(ci, city, c.name+"教育系统党委")
		big := []string{"第一中学", "第二中学", "实验中学", "第三中学", "职业中等专业学校"}
		for k, cnt := range spread(parts[1], make([]string, parts[1]), len(big)) {
			if cnt > 1 {
				unit := c.name + big[k]
				gb := b.generalBranch(edu, unit+"党总支")
				for j := range cnt {
					b.branch(gb, schoolBranches[j%len(schoolBranches)]+"党支部", unit, sectorSchool, region)
				}
				continue
			}
			kind := "小学"
			if b.r.IntN(4) == 0 {
				kind = "幼儿园"
			}
			unit := c.name + b.uniquePlace(func() string { return placeName(b.r) + kind })
			b.branch(edu, unit+"党支部", unit, sectorSchool, region)
		}
	}
	// Hospitals and clinics.
	if parts[2] > 0 {
		hc := b.committee(ci, city, c.name+"卫生健康系统党委")
		big := []string{"人民医院", "中医医院", "妇幼保健院"}
		for k, cnt := range spread(parts[2], make([]string, parts[2]), len(big)) {
			if cnt > 1 {
				unit := c.name + big[k]
				gb := b.generalBranch(hc, unit+"党总支")
				for j := range cnt {
					b.branch(gb, hospitalBranches[j%len(hospitalBranches)]+"党支部", unit, sectorHealth, region)
				}
				continue
			}
			kind := "镇卫生院"
			if c.isDistrict() {
				kind = "街道社区卫生服务中心"
			}
			unit := b.uniquePlace(func() string { return placeName(b.r) + kind })
			b.branch(hc, unit+"党支部", unit, sectorHealth, region)
		}
	}
	// Companies.
	if parts[3] > 0 {
		co := b.committee(ci, city, c.name+"非公有制经济组织党委")
		for _, cnt := range spread(parts[3], make([]string, parts[3]), 2) {
			unit := b.uniquePlace(func() string {
				return provinceName + placeName(b.r) + industries[b.r.IntN(len(industries))] + companyKinds[b.r.IntN(len(companyKinds))]
			})
			if cnt == 1 {
				b.branch(co, unit+"党支部", unit, sectorCompany, region)
				continue
			}
			gb := b.generalBranch(co, unit+"党总支")
			for j := range cnt {
				b.branch(gb, []string{"生产一线", "技术研发", "市场营销", "经营管理", "后勤保障", "第一", "第二"}[j%7]+"党支部", unit, sectorCompany, region)
			}
		}
	}
	// Towns and streets, each with its own organ's branch and a branch in
	// every village or community.
	if parts[4] > 0 {
		towns := max(1, (parts[4]+12)/25)
		for _, cnt := range share(parts[4], make1(towns)) {
			place := b.uniquePlace(func() string { return placeName(b.r) })
			var tc int
			var townUnit string
			if c.isDistrict() {
				townUnit = c.name + place + "街道"
				tc = b.committee(ci, city, place+"街道党工委")
			} else {
				townUnit = c.name + place + "镇"
				tc = b.committee(ci, city, place+"镇党委")
			}
			for j := range cnt {
				if j == 0 {
					b.branch(tc, "机关党支部", townUnit+"办事处", sectorGov, region)
					continue
				}
				if c.isDistrict() {
					name := b.uniquePlace(func() string { return placeName(b.r) + communities[b.r.IntN(len(communities))] })
					b.branch(tc, name+"党支部", townUnit+name, sectorCommunity, region)
				} else {
					name := b.uniquePlace(func() string { return villageName(b.r) })
					b.branch(tc, name+"党支部", townUnit+name, sectorVillage, region)
				}
			}
		}
	}
}

// spread shares n branches among units: the first nbig units (of those
// named in units, when that is long enough) take several each, the rest one.
func spread(n int, units []string, nbig int) []int {
	var out []int
	if n <= len(units) && n <= nbig {
		for range n {
			out = append(out, 1)
		}
		return out
	}
	// Big units take a third of the branches, 2–7 each.
	bigTotal := n / 3
	per := max(2, min(7, bigTotal/max(1, nbig)))
	for k := 0; k < nbig && bigTotal >= 2; k++ {
		c := min(per, bigTotal)
		out = append(out, c)
		bigTotal -= c
		n -= c
	}
	for range n {
		out = append(out, 1)
	}
	// There are only so many named departments: give the rest to them in
	// turn as extra branches.
	if len(units) > 0 && units[0] != "" && len(out) > len(units) {
		extra := out[len(units):]
		out = out[:len(units)]
		for i := range extra {
			out[i%len(out)]++
		}
	}
	return out
}

func make1(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

// Count returns how many nodes of each kind the province has.
func (p *Province) Count() map[huoshui.OrgKind]int {
	out := map[huoshui.OrgKind]int{}
	for _, n := range p.Nodes {
		out[n.Org.Kind]++
	}
	return out
}
