package web

import (
	"context"
	"errors"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// 党员 are full and probationary members only. A count of the roster says
// them apart from the people on the way in, who are shown as their own
// line, stage by stage: "入党申请人 2 · 入党积极分子 1 · 发展对象 1".

// PartyCounts is the line of 党员 in c: "党员 12 名（正式党员 10 名，预备党员 2 名）".
func (p *Page) PartyCounts(c store.OrgCounts) string {
	return p.T("counts.party", "Party", c.Party(), "Full", c.Full, "Probationary", c.Probationary)
}

// OnTheWay is the line of the people on the way in, each stage that has
// any; "" when there is nobody.
func (p *Page) OnTheWay(c store.OrgCounts) string {
	var parts []string
	for _, x := range []struct {
		id string
		n  int
	}{{"counts.applicants", c.Applicants}, {"counts.activists", c.Activists}, {"counts.candidates", c.Candidates}} {
		if x.n > 0 {
			parts = append(parts, p.T(x.id, "Count", x.n))
		}
	}
	return strings.Join(parts, p.T("counts.sep"))
}

// rosterCounts are the counts of the roster a member list shows: of the
// branch or group asked for, or else of the nodes the reader's roles give
// them the roster of, summed. nil when the list is not one of those (a
// plain member's own record, an administrator's whole tree).
func (s *Server) rosterCounts(ctx context.Context, u *huoshui.User, scope huoshui.Scope, orgID, groupID int64) (*store.OrgCounts, error) {
	var ids []int64
	switch {
	case groupID != 0:
		ids = []int64{groupID}
	case orgID != 0:
		ids = []int64{orgID}
	default:
		for _, path := range scope.Paths {
			id := int64(0)
			for _, role := range u.Roles {
				if role.OrgPath == path {
					id = role.OrgID
				}
			}
			if id == 0 {
				return nil, nil
			}
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	var orgs []*huoshui.Org
	for _, id := range ids {
		o, err := s.store.FindOrgByID(ctx, scope, id) // through the scope: an id from the query
		if errors.Is(err, huoshui.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		orgs = append(orgs, o)
	}
	counts, err := s.store.OrgCountsOf(ctx, orgs)
	if err != nil {
		return nil, err
	}
	var sum store.OrgCounts
	for _, o := range orgs {
		c := counts[o.ID]
		sum.Members += c.Members
		sum.Full += c.Full
		sum.Probationary += c.Probationary
		sum.Candidates += c.Candidates
		sum.Activists += c.Activists
		sum.Applicants += c.Applicants
	}
	return &sum, nil
}
