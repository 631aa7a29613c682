package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
	"github.com/huoshui/huoshui/internal/rules"
)

// orgExport sends the ledger of a node and everything under it (组织台账):
// each current unit with its kind, parent, people on the roster, full
// members, committee dates and what the rules still ask of it — one sheet
// an organiser can file or send on. Counts of committees are summed from
// their branches in one pass; warnings show only to readers who may see
// the node's members, as on the pages.
func (s *Server) orgExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	root, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	nodes, err := s.store.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Scope{Paths: []string{root.Path}}})
	if err != nil {
		return err
	}
	// Sum each branch's kept counts into every node above it.
	type sum struct{ members, full int }
	sums := make(map[int64]*sum, len(nodes))
	names := make(map[int64]string, len(nodes))
	var groups []*huoshui.Org
	for _, o := range nodes {
		sums[o.ID] = &sum{}
		names[o.ID] = o.Name
		if o.Kind == huoshui.OrgGroup {
			groups = append(groups, o)
		}
	}
	for _, o := range nodes {
		if o.MemberCount == 0 && o.FullCount == 0 {
			continue
		}
		for _, id := range huoshui.PathIDs(o.Path) {
			if sm, ok := sums[id]; ok {
				sm.members += o.MemberCount
				sm.full += o.FullCount
			}
		}
	}
	// Groups count the members placed in them (they are kept on the branch).
	groupCounts, err := s.store.OrgCountsOf(ctx, groups)
	if err != nil {
		return err
	}
	lang := langFrom(r)
	today := s.today()
	col := func(id string, width float64) report.TableColumn {
		return report.TableColumn{Header: s.msgs.T(lang, id), Width: width}
	}
	t := report.Table{
		Sheet: s.msgs.T(lang, "orgs.export.sheet"),
		Columns: []report.TableColumn{
			col("orgs.export.name", 36), col("field.kind", 10), col("field.parent_id", 30),
			col("orgs.export.members", 10), col("orgs.export.full", 10), col("field.committee_elected_on", 16),
			col("field.committee_term_ends", 16), col("orgs.export.warnings", 60),
		},
	}
	for _, o := range nodes {
		members, full := sums[o.ID].members, sums[o.ID].full
		if o.Kind == huoshui.OrgGroup {
			members, full = groupCounts[o.ID].Members, groupCounts[o.ID].Full
		}
		var warnings string
		if auth.Can(u, auth.ViewMember, auth.Object{OrgPath: o.Path}) {
			warnings = strings.Join(s.warnings(lang, rules.OrgWarnings(o, today)), "\n")
		}
		parent := ""
		if o.ID != root.ID || o.ParentID != 0 {
			parent = names[o.ParentID]
		}
		// Indent by depth below the exported node, so the sheet reads as a tree.
		indent := strings.Repeat("　", o.Depth()-root.Depth())
		t.Rows = append(t.Rows, []any{indent + o.Name, s.msgs.T(lang, "kind."+string(o.Kind)), parent,
			members, full, o.CommitteeElectedOn, o.CommitteeTermEnds, warnings})
	}
	var buf bytes.Buffer
	if err := report.WriteTable(&buf, t); err != nil {
		return err
	}
	fallback := fmt.Sprintf("org-ledger-%d-%s.xlsx", root.ID, today)
	name := fmt.Sprintf("组织台账-%s-%s.xlsx", root.Name, today)
	if lang == "en" {
		name = fallback
	}
	sendFile(w, name, fallback, xlsxType, buf.Bytes())
	return nil
}
