package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
	"github.com/huoshui/huoshui/internal/rules"
)

// orgExport sends the ledger of a node and everything under it (组织台账):
// each current unit with its level, kind, parent, people on the roster, full
// members, committee dates and what the rules still ask of it — one sheet
// an organiser can file or send on. Counts come from the store's one
// counting method, for every node at once; warnings show only to readers
// who may see the node's members, as on the pages. A ledger of more units
// than the export cap is refused before anything is written.
func (s *Server) orgExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	root, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	nodes, err := s.store.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Scope{Paths: []string{root.Path}}, Limit: s.exportCap() + 1})
	if err != nil {
		return err
	}
	if len(nodes) > s.exportCap() {
		n, err := s.store.CountOrgs(ctx, root.Path)
		if err != nil {
			return err
		}
		return s.tooManyRows("export_too_many_orgs", n)
	}
	names := make(map[int64]string, len(nodes))
	for _, o := range nodes {
		names[o.ID] = o.Name
	}
	counts, err := s.store.OrgCountsOf(ctx, nodes)
	if err != nil {
		return err
	}
	lang := langFrom(r)
	today := s.today()
	col := func(id string, width float64) report.TableColumn {
		return report.TableColumn{Header: s.msgs.T(lang, id), Width: width}
	}
	date := func(c report.TableColumn) report.TableColumn { c.Format = report.FormatDate; return c }
	title := s.msgs.T(lang, "export.title.ledger", "Org", root.Name, "Date", today.String())
	tw, err := report.NewPrintTableWriter(s.msgs.T(lang, "orgs.export.sheet"), title, []report.TableColumn{
		col("orgs.export.name", 36), col("orgs.export.level", 8), col("field.kind", 10), col("field.parent_id", 30),
		col("orgs.export.members", 10), col("orgs.export.full", 10), date(col("field.committee_elected_on", 16)),
		date(col("field.committee_term_ends", 16)), col("orgs.export.warnings", 60),
	})
	if err != nil {
		return err
	}
	defer tw.Close()
	for _, o := range nodes {
		var warnings string
		if auth.Can(u, auth.ViewMember, auth.Object{OrgPath: o.Path}) {
			warnings = strings.Join(s.warnings(lang, rules.OrgWarnings(o, today)), "\n")
		}
		parent := ""
		if o.ID != root.ID || o.ParentID != 0 {
			parent = names[o.ParentID]
		}
		// The level below the exported node (1 for itself) has a column of
		// its own: an indented name would not sort or match (VLOOKUP).
		level := o.Depth() - root.Depth() + 1
		if err := tw.Add([]any{o.Name, level, s.msgs.T(lang, "kind."+string(o.Kind)), parent,
			counts[o.ID].Members, counts[o.ID].Full, o.CommitteeElectedOn, o.CommitteeTermEnds, warnings}); err != nil {
			return err
		}
	}
	fallback := fmt.Sprintf("org-ledger-%d-%s.xlsx", root.ID, today)
	name := s.msgs.T(lang, "export.file.ledger", "Org", root.Name, "Date", today)
	startDownload(w, name, fallback, xlsxType)
	if _, err := tw.WritePrintableTo(w); err != nil {
		// The answer has begun: too late for an error page.
		s.logFailure(r, http.StatusInternalServerError, err)
	}
	return nil
}
