package synth

import (
	"context"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// Load stores the province through the bulk loader: the whole tree in one
// transaction, then the members city by city, one transaction (and one
// audit record) each, making the next city's people while the last are
// written. progress, when set, hears after each city how many members it
// had. Load returns the number of full members.
func Load(ctx context.Context, st *store.Store, a huoshui.Actor, p *Province, progress func(city, members int)) (full int, err error) {
	bulk := make([]store.BulkOrg, len(p.Nodes))
	for i, n := range p.Nodes {
		bulk[i] = store.BulkOrg{Org: n.Org, Parent: n.Parent}
	}
	if err := st.BulkCreateOrgs(ctx, a, bulk); err != nil {
		return 0, err
	}
	byCity := make([][]int, len(p.Cities))
	for _, bi := range p.Branches {
		c := p.Nodes[bi].City
		byCity[c] = append(byCity[c], bi)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []*huoshui.Member, 1)
	go func() {
		defer close(batches)
		for _, branches := range byCity {
			var ms []*huoshui.Member
			for _, bi := range branches {
				ms = append(ms, p.Members(bi)...)
			}
			select {
			case batches <- ms:
			case <-ctx.Done():
				return
			}
		}
	}()
	city := 0
	for ms := range batches {
		err := st.BulkCreateMembers(ctx, a, ms)
		if err == nil {
			err = p.loadLife(ctx, st, a, city, ms) // the city's meetings, once its members have IDs
		}
		if err == nil {
			err = p.loadWork(ctx, st, a, city, ms) // and its branches' tasks and outputs
		}
		if err != nil {
			cancel()
			for range batches {
			}
			return 0, err
		}
		for _, m := range ms {
			if m.Status == huoshui.StatusFull {
				full++
			}
		}
		if progress != nil {
			progress(city, len(ms))
		}
		city++
	}
	return full, ctx.Err()
}
