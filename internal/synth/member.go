package synth

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/huoshui/huoshui"
)

// Members makes the people of the branch at node index i. The branch and
// its groups must already have their IDs. Calls must come in the same
// order for the same result, since ID numbers are handed out as they go
// (each one unique in the province); Members is not safe for concurrent
// use.
func (p *Province) Members(i int) []*huoshui.Member {
	n := &p.Nodes[i]
	if n.Org.Kind != huoshui.OrgBranch {
		return nil
	}
	r := rand.New(rand.NewPCG(p.opts.Seed^0x9e3779b97f4a7c15, uint64(i)))
	out := make([]*huoshui.Member, 0, n.Members)
	// The full members first in the order drawn, then those on the way.
	statuses := make([]huoshui.MemberStatus, n.Members)
	for j := range statuses {
		statuses[j] = huoshui.StatusFull
		if j >= n.Full {
			statuses[j] = []huoshui.MemberStatus{huoshui.StatusProbationary, huoshui.StatusProbationary,
				huoshui.StatusProbationary, huoshui.StatusCandidate, huoshui.StatusCandidate,
				huoshui.StatusActivist, huoshui.StatusActivist, huoshui.StatusActivist,
				huoshui.StatusApplicant, huoshui.StatusApplicant}[r.IntN(10)]
		}
	}
	seats := committeeSeats(n.Full, n.Org.HasCommittee())
	for j, st := range statuses {
		m := p.person(r, n, st)
		m.OrgID = n.Org.ID
		if len(n.Groups) > 0 {
			m.GroupID = p.Nodes[n.Groups[j%len(n.Groups)]].Org.ID
		}
		if j < len(seats) {
			m.CommitteePost = seats[j]
		}
		out = append(out, m)
	}
	// Shuffle so the roster is not sorted by status.
	r.Shuffle(len(out), func(a, b int) { out[a], out[b] = out[b], out[a] })
	return out
}

// committeeSeats are the posts of a branch: a committee of 3–5 where
// there are 7 or more full members, otherwise only a secretary.
func committeeSeats(full int, committee bool) []huoshui.CommitteePost {
	switch {
	case full == 0:
		return nil
	case !committee:
		return []huoshui.CommitteePost{huoshui.PostSecretary}
	}
	seats := []huoshui.CommitteePost{huoshui.PostSecretary, huoshui.PostOrganiser, huoshui.PostPublicity}
	if full >= 10 {
		seats = append(seats, huoshui.PostDiscipline)
	}
	if full >= 20 {
		seats = append(seats, huoshui.PostDeputy)
	}
	return seats
}

// person makes one member of branch n with status st.
func (p *Province) person(r *rand.Rand, n *Node, st huoshui.MemberStatus) *huoshui.Member {
	today := p.opts.Today
	var age int
	switch {
	case st == huoshui.StatusApplicant, st == huoshui.StatusCandidate:
		age = 19 + r.IntN(12) + r.IntN(10)
	case st == huoshui.StatusActivist:
		age = 20 + r.IntN(12) + r.IntN(9)
	case st == huoshui.StatusProbationary:
		age = 22 + r.IntN(14) + r.IntN(10)
	case n.sector == sectorRetired:
		age = 60 + r.IntN(20) + r.IntN(10)
	case n.sector == sectorVillage || n.sector == sectorCommunity:
		age = 25 + r.IntN(40) + r.IntN(20)
	default:
		age = 24 + r.IntN(26) + r.IntN(11)
	}
	birth := today.AddDate(-age, 0, -r.IntN(365))
	maleShare := 70
	if st != huoshui.StatusFull {
		maleShare = 52
	}
	male := r.IntN(100) < maleShare
	region := n.county
	switch x := r.IntN(100); {
	case x < 15:
		c := p.cityRegions[n.City]
		region = c[r.IntN(len(c))]
	case x < 20:
		region = r.IntN(len(p.regions))
	}
	id, birth := p.idNumber(region, birth, male)
	m := &huoshui.Member{
		Name:      personName(r, male, birth.Year()),
		Gender:    huoshui.Female,
		Ethnicity: ethnicities.pick(r),
		BirthDate: birth,
		IDNumber:  id,
		Phone:     phonePrefixes[r.IntN(len(phonePrefixes))] + fmt.Sprintf("%08d", r.IntN(100000000)),
		Workplace: n.unit,
		Post:      posts[n.sector][r.IntN(len(posts[n.sector]))],
		Status:    st,
	}
	if male {
		m.Gender = huoshui.Male
	}
	switch y := birth.Year(); {
	case y < 1965:
		m.Education = educationOld.pick(r)
	case y < 1985:
		m.Education = educationMid.pick(r)
	default:
		m.Education = educationNew.pick(r)
	}
	p.stageDates(r, m)
	return m
}

// stageDates fills the dates of the way into the party, in order, the
// application at 18 or later, the current stage's date always present and
// later stages empty. Old records often lack the activist and candidate
// dates.
func (p *Province) stageDates(r *rand.Rand, m *huoshui.Member) {
	today := p.opts.Today
	adult := m.BirthDate.AddDate(18, 0, 0)
	days := func(lo, hi int) int { return lo + r.IntN(hi-lo+1) }
	notBefore := func(d, lo huoshui.Date) huoshui.Date {
		if d.Before(lo) {
			return lo
		}
		return d
	}
	// between returns a day a fraction lo–hi (in percent) of the way from a to b.
	between := func(a, b huoshui.Date, lo, hi int) huoshui.Date {
		return a.AddDate(0, 0, a.DaysUntil(b)*days(lo, hi)/100)
	}
	switch m.Status {
	case huoshui.StatusFull:
		earliest := m.BirthDate.AddDate(19, 0, 0)
		latest := today.AddDate(-1, 0, -1)
		span := max(0, min(earliest.DaysUntil(latest), 16*365))
		probation := earliest.AddDate(0, 0, r.IntN(span+1))
		m.ProbationOn, m.FullOn = probation, probation.AddDate(1, 0, 0)
		m.AppliedOn = notBefore(probation.AddDate(0, 0, -days(365, 1800)), adult)
		if probation.Year() >= 1995 || r.IntN(10) < 3 {
			m.ActivistOn = between(m.AppliedOn, probation, 10, 30)
			m.CandidateOn = between(m.AppliedOn, probation, 60, 90)
		}
		if probation.Year() < 1985 && r.IntN(5) == 0 {
			m.AppliedOn = huoshui.Date{} // lost with the old paper file
		}
	case huoshui.StatusProbationary:
		probation := today.AddDate(0, 0, -r.IntN(360))
		m.ProbationOn = probation
		m.AppliedOn = notBefore(probation.AddDate(0, 0, -days(400, 1500)), adult)
		m.ActivistOn = between(m.AppliedOn, probation, 10, 30)
		m.CandidateOn = between(m.AppliedOn, probation, 60, 90)
	case huoshui.StatusCandidate:
		candidate := today.AddDate(0, 0, -r.IntN(300))
		m.CandidateOn = candidate
		m.AppliedOn = notBefore(candidate.AddDate(0, 0, -days(300, 1200)), adult)
		m.ActivistOn = between(m.AppliedOn, candidate, 20, 60)
	case huoshui.StatusActivist:
		activist := today.AddDate(0, 0, -r.IntN(700))
		m.ActivistOn = activist
		m.AppliedOn = notBefore(activist.AddDate(0, 0, -days(60, 600)), adult)
		if m.ActivistOn.Before(m.AppliedOn) {
			m.ActivistOn = m.AppliedOn
		}
	case huoshui.StatusApplicant:
		m.AppliedOn = notBefore(today.AddDate(0, 0, -r.IntN(365)), adult)
	}
}

var idEpoch = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// idNumber hands out a 居民身份证 number for someone born on birth in the
// county with index region: unique in the province, with the sex in the
// parity of the 17th digit and a valid check character. When a day's
// sequence numbers run out, the birth date moves on a day; the date used
// is returned.
func (p *Province) idNumber(region int, birth huoshui.Date, male bool) (string, huoshui.Date) {
	for {
		day := uint32(birth.Time().Sub(idEpoch).Hours() / 24)
		key := uint32(region)<<18 | day<<1
		if male {
			key |= 1
		}
		c := p.ids[key]
		if c < 499 {
			p.ids[key] = c + 1
			// Spread the sequence numbers over 000–999 instead of counting up.
			k := (int(c)*197 + int(day%499)) % 499
			seq := 2*k + 2
			if male {
				seq = 2*k + 1
			}
			first17 := p.regions[region] + birth.Time().Format("20060102") + fmt.Sprintf("%03d", seq)
			return first17 + string(huoshui.IDNumberCheckChar(first17)), birth
		}
		birth = birth.AddDate(0, 0, 1)
	}
}
