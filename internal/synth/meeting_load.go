package synth

import (
	"context"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// lifeBatch is about how many invitees go into one call of the bulk
// meeting loader: one transaction and one audit record.
const lifeBatch = 150000

// LifeTotals counts what Load stored of organisational life.
type LifeTotals struct {
	Meetings, Held, Invitees int
}

// LifeTotals reports the meetings Load has stored so far.
func (p *Province) LifeTotals() LifeTotals { return p.lifeTotals }

// loadLife stores the organisational life of the nodes of one city (and,
// with the first city, of the province's committee), once the city's
// members ms have their IDs: each branch's meetings with its members, a
// general branch's with those of its branches, a committee's with the
// secretaries of the branches below it.
func (p *Province) loadLife(ctx context.Context, st *store.Store, a huoshui.Actor, city int, ms []*huoshui.Member) error {
	if p.opts.Years <= 0 {
		return nil
	}
	byOrg := map[int64][]*huoshui.Member{}
	for _, m := range ms {
		byOrg[m.OrgID] = append(byOrg[m.OrgID], m)
	}
	// Who each node's meetings draw on: a branch's members go to its
	// general branch, and its secretary to the committees above it.
	people := map[int][]*huoshui.Member{}
	for i := range p.Nodes {
		n := &p.Nodes[i]
		if n.Org.Kind != huoshui.OrgBranch || n.City != city {
			continue
		}
		own := byOrg[n.Org.ID]
		people[i] = own
		var secretary *huoshui.Member
		for _, m := range own {
			if m.CommitteePost == huoshui.PostSecretary {
				secretary = m
			}
		}
		for up := n.Parent; up >= 0; up = p.Nodes[up].Parent {
			switch p.Nodes[up].Org.Kind {
			case huoshui.OrgGeneralBranch:
				people[up] = append(people[up], own...)
			case huoshui.OrgCommittee:
				if secretary != nil && len(people[up]) < 7 {
					people[up] = append(people[up], secretary)
				}
			}
		}
	}
	var batch []store.BulkMeeting
	invitees := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := st.BulkCreateMeetings(ctx, a, batch); err != nil {
			return err
		}
		for _, b := range batch {
			p.lifeTotals.Meetings++
			p.lifeTotals.Invitees += len(b.Invitees)
			if b.Meeting.CancelledAt == nil && b.Meeting.Tally.Present > 0 {
				p.lifeTotals.Held++
			}
		}
		batch, invitees = batch[:0], 0
		return nil
	}
	for i := range p.Nodes {
		n := &p.Nodes[i]
		if n.City != city && !(n.City == -1 && city == 0) {
			continue
		}
		for _, b := range p.Life(i, people[i]) {
			batch = append(batch, b)
			invitees += len(b.Invitees)
		}
		if invitees >= lifeBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
