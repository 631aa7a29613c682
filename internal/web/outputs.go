package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// The output registry (成果登记): publications, awards, drafted documents
// and work innovations, one list with a tab per kind. Whoever sees an
// org's records sees its outputs; its officers (EditRecord) record,
// edit, archive and import them; an owner adds evidence to their own
// (output_attachments.go).

// outputPath is an output's page.
func outputPath(x *huoshui.Output) string { return fmt.Sprintf("/outputs/%d", x.ID) }

// outputObject is an output as the permission check sees it: its org,
// and its owners, who may look at it wherever their branch is.
func outputObject(x *huoshui.Output) auth.Object {
	return auth.Object{OrgPath: x.OrgPath, People: x.OwnerIDs()}
}

// findVisibleOutput loads the output in the path through the reader's
// view: its org's subtree, or one they own; any other is "not found".
func (s *Server) findVisibleOutput(r *http.Request) (*huoshui.Output, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.store.FindOutputByID(r.Context(), auth.Scope(userFrom(r.Context()), auth.ViewRecord), id)
}

// editableOutput loads the output for a change: 404 outside the reader's
// view, 403 for someone who may see it but not keep it.
func (s *Server) editableOutput(r *http.Request) (*huoshui.Output, error) {
	x, err := s.findVisibleOutput(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: x.OrgPath}) {
		return nil, fmt.Errorf("output %d: %w", x.ID, huoshui.ErrForbidden)
	}
	return x, nil
}

// outputOrgs lists where u may record outputs: the branches and the
// committees above them they keep records for (a 党小组 keeps none of its
// own).
func (s *Server) outputOrgs(ctx context.Context, u *huoshui.User) ([]*huoshui.Org, error) {
	orgs, err := s.plannableOrgs(ctx, u)
	if err != nil {
		return nil, err
	}
	out := orgs[:0:0]
	for _, o := range orgs {
		if o.Kind != huoshui.OrgGroup {
			out = append(out, o)
		}
	}
	return out, nil
}

const outputPageSize = 30

// outputQuery is the list's filter as it stands in the URL:
// ?kind=&org=&year=&level=&owner=&q=&archived=1&sort=&page=, or a period
// from=&to= instead of a year (the dashboard's last twelve months links
// here). The list, its export and the tabs read it the same way.
type outputQuery struct {
	listQuery
	Kind     huoshui.OutputKind
	OrgID    int64
	Year     int
	From, To huoshui.Date
	Level    huoshui.OutputLevel
	OwnerID  int64
	Q        string
	Archived bool
}

func parseOutputQuery(v url.Values) outputQuery {
	q := outputQuery{listQuery: newListQuery(v, "-date", huoshui.OutputSortValid), Kind: huoshui.OutputPublication}
	if k := huoshui.OutputKind(v.Get("kind")); k.Valid() {
		q.Kind = k
	}
	q.OrgID, _ = strconv.ParseInt(v.Get("org"), 10, 64)
	if y, err := strconv.Atoi(huoshui.FoldWidth(v.Get("year"))); err == nil && y >= 1921 && y <= 2100 {
		q.Year = y
	} else if from, err := huoshui.ParseDateText(v.Get("from")); err == nil {
		if to, err := huoshui.ParseDateText(v.Get("to")); err == nil && !to.Before(from) {
			q.From, q.To = from, to
		}
	}
	if l := huoshui.OutputLevel(v.Get("level")); l.Valid() && q.Kind.HasLevel() {
		q.Level = l
	}
	q.OwnerID, _ = strconv.ParseInt(v.Get("owner"), 10, 64)
	q.Q = huoshui.Truncate(strings.TrimSpace(v.Get("q")), 40)
	q.Archived = v.Get("archived") == "1"
	return q
}

// filter is the store's filter for the query, within what u may see;
// limit 0 selects every match (the export).
func (q outputQuery) filter(u *huoshui.User, limit int) huoshui.OutputFilter {
	f := huoshui.OutputFilter{Scope: auth.Scope(u, auth.ViewRecord), OrgID: q.OrgID, Kind: q.Kind, Level: q.Level,
		OwnerID: q.OwnerID, Query: q.Q, Archived: q.Archived, Sort: q.Sort}
	if q.Year != 0 {
		f.From, f.To = huoshui.NewDate(q.Year, 1, 1), huoshui.NewDate(q.Year, 12, 31)
	} else if !q.From.IsZero() {
		f.From, f.To = q.From, q.To
	}
	if limit > 0 {
		f.Limit, f.Offset = limit, q.Offset(limit)
	}
	return f
}

// KindLink is the list of another kind, keeping the rest of the filter
// (but the level, which only some kinds have, and the sort).
func (q outputQuery) KindLink(k huoshui.OutputKind) string {
	v := cloneValues(q.Values)
	v.Set("kind", string(k))
	if !k.HasLevel() {
		v.Del("level")
	}
	if k != huoshui.OutputDocument && strings.TrimPrefix(v.Get("sort"), "-") == "characters" {
		v.Del("sort")
	}
	v.Del("page")
	return "/outputs?" + v.Encode()
}

// ArchivedLink switches between the current and the archived outputs.
func (q outputQuery) ArchivedLink() string {
	if q.Archived {
		return "/outputs" + q.With("archived", "")
	}
	return "/outputs" + q.With("archived", "1")
}

// Filtered reports whether anything narrows the list besides its kind.
func (q outputQuery) Filtered() bool {
	return q.Year != 0 || q.Level != "" || q.OwnerID != 0 || q.Q != ""
}

// outputTab is one kind's tab: its label, count and link.
type outputTab struct {
	Kind    huoshui.OutputKind
	Count   int
	Href    string
	Current bool
}

type outputsListPage struct {
	Page
	Query      outputQuery
	Tabs       []outputTab
	Outputs    []*huoshui.Output
	Total      int
	Characters int64 // of the documents the filter selects
	Pager      *pager
	Orgs       []*huoshui.Org   // the orgs the reader may narrow to
	Members    []huoshui.Member // owners to filter by (one branch's)
	Years      []int
	Levels     []huoshui.OutputLevel
	ManyOrgs   bool // the list shows several orgs: each row says which
	CanCreate  bool
	ExportURL  string
}

// outputsList shows the outputs the reader may see, one kind at a time,
// with the count of each kind on its tab, sorted, filtered and paged.
func (s *Server) outputsList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	scope := auth.Scope(u, auth.ViewRecord)
	if len(scope.Paths) == 0 {
		return huoshui.ErrForbidden
	}
	q := parseOutputQuery(r.URL.Query())
	p := &outputsListPage{Query: q, Levels: huoshui.OutputLevels}
	s.prepare(r, &p.Page)
	orgs, err := s.store.FindOrgs(ctx, huoshui.OrgFilter{Scope: scope, Limit: 500})
	if err != nil {
		return err
	}
	var chosen *huoshui.Org
	var branches []*huoshui.Org
	for _, o := range orgs {
		if o.ArchivedAt != nil || o.Kind == huoshui.OrgGroup {
			continue
		}
		p.Orgs = append(p.Orgs, o)
		if o.ID == q.OrgID {
			chosen = o
		}
		if o.Kind == huoshui.OrgBranch {
			branches = append(branches, o)
		}
	}
	if q.OrgID != 0 && chosen == nil {
		return huoshui.ErrNotFound // not an org of the reader's, or a 党小组
	}
	// The owner filter offers the members of one branch: the one chosen,
	// or the reader's only one.
	branch := chosen
	if chosen == nil && len(branches) == 1 {
		branch = branches[0]
	}
	p.ManyOrgs = (chosen == nil && len(p.Orgs) > 1) || (chosen != nil && chosen.Kind != huoshui.OrgBranch)
	if branch != nil && branch.Kind == huoshui.OrgBranch {
		ms, _, err := s.store.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{Paths: []string{branch.Path}},
			OrgID: branch.ID, Limit: 300})
		if err != nil {
			return err
		}
		for _, m := range ms {
			p.Members = append(p.Members, *m)
		}
	}
	mine, err := s.outputOrgs(ctx, u)
	if err != nil {
		return err
	}
	p.CanCreate = len(mine) > 0
	if p.Years, err = s.store.OutputYears(ctx, scope, q.OrgID); err != nil {
		return err
	}
	f := q.filter(u, outputPageSize)
	counts, err := s.store.CountOutputsByKind(ctx, f)
	if err != nil {
		return err
	}
	for _, k := range huoshui.OutputKinds {
		p.Tabs = append(p.Tabs, outputTab{Kind: k, Count: counts[k].N, Href: q.KindLink(k), Current: k == q.Kind})
	}
	p.Characters = counts[huoshui.OutputDocument].Characters
	if p.Outputs, p.Total, err = s.store.FindOutputs(ctx, f); err != nil {
		return err
	}
	p.Pager = q.Pager(&p.Page, p.Total, outputPageSize)
	p.ExportURL = "/outputs/export.xlsx?" + r.URL.Query().Encode()
	if r.URL.Query().Get("kind") == "" {
		p.ExportURL += "&kind=" + string(q.Kind)
	}
	p.Crumbs = []crumb{{Label: s.msgs.T(p.Lang, "nav.outputs")}}
	return s.render(w, r, http.StatusOK, "outputs_list", p)
}

// ownerNames writes an output's owners' names with the reader's
// separator.
func ownerNames(p *Page, x *huoshui.Output) string {
	names := make([]string, len(x.Owners))
	for i, ow := range x.Owners {
		names[i] = ow.Name
	}
	return strings.Join(names, p.T("list.sep"))
}

// Owners writes a listed output's owners.
func (p *outputsListPage) Owners(x *huoshui.Output) string { return ownerNames(&p.Page, x) }

// Owners writes the output's owners.
func (p *outputViewPage) Owners() string { return ownerNames(&p.Page, p.X) }

type outputViewPage struct {
	Page
	Behind   []huoshui.WorkLink // the party activities behind it (work_links.go)
	X        *huoshui.Output
	CanEdit  bool
	CanAdd   bool // may add evidence: keeps the record, or owns it
	Form     form
	Uploader int64 // the reader's account: they may take back what they uploaded
	attachmentsView
}

// outputView shows one output with its evidence.
func (s *Server) outputView(w http.ResponseWriter, r *http.Request) error {
	x, err := s.findVisibleOutput(r)
	if err != nil {
		return err
	}
	return s.renderOutput(w, r, http.StatusOK, x, newForm(nil))
}

func (s *Server) renderOutput(w http.ResponseWriter, r *http.Request, code int, x *huoshui.Output, f form) error {
	ctx := r.Context()
	u := userFrom(ctx)
	p := &outputViewPage{X: x, Form: f, Uploader: u.ID}
	p.CanEdit = auth.Can(u, auth.EditRecord, auth.Object{OrgPath: x.OrgPath})
	p.CanAdd = x.ArchivedAt == nil && (p.CanEdit || x.Owns(u.MemberID))
	var err error
	if p.Attachments, err = s.store.FindOutputAttachments(ctx, x.ID); err != nil {
		return err
	}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: "/outputs", Label: s.msgs.T(lang, "nav.outputs")},
		{Href: "/outputs?kind=" + string(x.Kind), Label: s.msgs.T(lang, "outputs.kind."+string(x.Kind))}, {Label: x.Title}}
	if p.Behind, err = s.targetLinks(ctx, huoshui.TargetOutput, x.ID); err != nil {
		return err
	}
	return s.render(w, r, code, "output_view", p)
}

// MayRemove reports whether the reader may take a piece of evidence off:
// they keep the record, or they uploaded it to a record they own.
func (p *outputViewPage) MayRemove(a huoshui.Attachment) bool {
	return p.X.ArchivedAt == nil && (p.CanEdit || (p.CanAdd && a.UploadedBy == p.Uploader))
}

// UploadProblems are the reasons the last upload was refused, one a file.
func (p *outputViewPage) UploadProblems() []string { return uploadProblems(p.Form) }

// RemovedAttachment is the evidence just removed, which the page offers
// to put back (0: none).
func (p *outputViewPage) RemovedAttachment() int64 { return removedAttachment(p.RequestURI) }

// NoEvidence reports whether a publication has neither a link nor a
// scan: the page asks for one.
func (p *outputViewPage) NoEvidence() bool {
	return p.X.Kind == huoshui.OutputPublication && p.X.Link == "" && len(p.Attachments) == 0
}

// apiOutput is an output in the API.
type apiOutput struct {
	ID     int64                 `json:"id"`
	Kind   huoshui.OutputKind    `json:"kind"`
	Title  string                `json:"title"`
	Date   huoshui.Date          `json:"date"`
	Level  huoshui.OutputLevel   `json:"level"` // "" for documents and innovations
	Owners []huoshui.OutputOwner `json:"owners"`
}

const apiOutputPage = 100

// apiOrgOutputs answers GET /api/v1/orgs/{id}/outputs?kind=K&year=YYYY&page=N:
// the current outputs of the org's subtree, newest first, 100 a page, and
// how many in all. An org the reader does not see is 404; a kind or year
// that is not one is 422.
func (s *Server) apiOrgOutputs(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	org, err := s.store.FindOrgByID(r.Context(), auth.Scope(u, auth.ViewRecord), id)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	f := huoshui.OutputFilter{Scope: auth.Scope(u, auth.ViewRecord), OrgID: org.ID, Limit: apiOutputPage}
	ve := &huoshui.ValidationError{}
	if k := v.Get("kind"); k != "" {
		if f.Kind = huoshui.OutputKind(k); !f.Kind.Valid() {
			ve.Add("kind", "output.kind_unknown")
		}
	}
	if y := v.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1921 || n > 2100 {
			ve.Add("year", "output.year_invalid")
		}
		f.From, f.To = huoshui.NewDate(n, 1, 1), huoshui.NewDate(n, 12, 31)
	}
	if p, err := strconv.Atoi(v.Get("page")); err == nil && p > 1 {
		f.Offset = (p - 1) * apiOutputPage
	}
	if err := ve.Err(); err != nil {
		return err
	}
	xs, total, err := s.store.FindOutputs(r.Context(), f)
	if err != nil {
		return err
	}
	out := struct {
		Outputs []apiOutput `json:"outputs"`
		Total   int         `json:"total"`
	}{Outputs: []apiOutput{}, Total: total}
	for _, x := range xs {
		out.Outputs = append(out.Outputs, apiOutput{ID: x.ID, Kind: x.Kind, Title: x.Title, Date: x.Date, Level: x.Level, Owners: x.Owners})
	}
	s.writeJSON(w, http.StatusOK, out)
	return nil
}
