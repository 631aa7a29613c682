package synth

import (
	"context"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// WorkTotals counts what Load stored of office work.
type WorkTotals struct {
	Tasks, Outputs int
}

// WorkTotals reports the tasks and outputs Load has stored so far.
func (p *Province) WorkTotals() WorkTotals { return p.workTotals }

// loadWork stores the office work of the branches of one city once the
// city's members ms have their IDs: their tasks in one call of the bulk
// task loader and their outputs in one of the bulk output loader.
func (p *Province) loadWork(ctx context.Context, st *store.Store, a huoshui.Actor, city int, ms []*huoshui.Member) error {
	if p.opts.Years <= 0 {
		return nil
	}
	byOrg := map[int64][]*huoshui.Member{}
	for _, m := range ms {
		byOrg[m.OrgID] = append(byOrg[m.OrgID], m)
	}
	var tasks []*huoshui.Task
	var outputs []*huoshui.Output
	for _, i := range p.Branches {
		n := &p.Nodes[i]
		if n.City != city {
			continue
		}
		ts, xs := p.Work(i, byOrg[n.Org.ID])
		tasks = append(tasks, ts...)
		outputs = append(outputs, xs...)
	}
	if err := st.BulkCreateTasks(ctx, a, tasks); err != nil {
		return err
	}
	if err := st.BulkCreateOutputs(ctx, a, outputs); err != nil {
		return err
	}
	p.workTotals.Tasks += len(tasks)
	p.workTotals.Outputs += len(outputs)
	return nil
}
