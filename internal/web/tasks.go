package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
)

// Supervision tasks (督查督办): the list with its filters, the overdue
// list for officers (a filter of it), and a task's page with its progress
// reports. Whoever may see the org sees its tasks; the people a task names
// see it wherever they are; those who keep the org's records create, edit,
// mark done and archive them.

func taskPath(t *huoshui.Task) string { return fmt.Sprintf("/tasks/%d", t.ID) }

// taskObject is a task as the permission check sees it: its org, and its
// lead and co-members, who see it and report its progress.
func taskObject(t *huoshui.Task) auth.Object {
	return auth.Object{OrgPath: t.OrgPath, People: t.People()}
}

// findVisibleTask loads the task in the path through the reader's view;
// any other is "not found".
func (s *Server) findVisibleTask(r *http.Request) (*huoshui.Task, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.store.FindTaskByID(r.Context(), auth.Scope(userFrom(r.Context()), auth.ViewRecord), id)
}

// editableTask loads the task for a change: 404 outside the reader's view,
// 403 for one who sees it but does not keep the org's records.
func (s *Server) editableTask(r *http.Request) (*huoshui.Task, error) {
	t, err := s.findVisibleTask(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: t.OrgPath}) {
		return nil, fmt.Errorf("task %d: %w", t.ID, huoshui.ErrForbidden)
	}
	return t, nil
}

const taskPageSize = 50

// taskQuery is the task list's filter as it stands in the URL:
// ?org=&status=&member=&as=&source=&from=&to=&q=&archived=1&sort=&page=.
// The list, its Excel export and the overdue list read it the same way.
type taskQuery struct {
	listQuery
	Org      int64
	Status   huoshui.TaskStatus
	Member   int64
	As       string
	Source   huoshui.TaskSource
	From, To huoshui.Date
	Q        string
	Archived bool
}

func parseTaskQuery(v url.Values) taskQuery {
	q := taskQuery{listQuery: newListQuery(v, "deadline", store.TaskSortValid)}
	q.Org, _ = strconv.ParseInt(v.Get("org"), 10, 64)
	if st := huoshui.TaskStatus(v.Get("status")); st.Valid() {
		q.Status = st
	}
	q.Member, _ = strconv.ParseInt(v.Get("member"), 10, 64)
	if as := v.Get("as"); as == "lead" || as == "co" {
		q.As = as
	}
	if src := huoshui.TaskSource(v.Get("source")); src.Valid() {
		q.Source = src
	}
	// A date that does not read is dropped, as an unknown choice is.
	q.From, _ = huoshui.ParseDateText(v.Get("from"))
	q.To, _ = huoshui.ParseDateText(v.Get("to"))
	q.Q = huoshui.Truncate(strings.TrimSpace(huoshui.FoldWidth(v.Get("q"))), maxSearchRunes)
	q.Archived = v.Get("archived") == "1"
	return q
}

// overdueScope is where the overdue list looks: the part of the tree
// where the reader keeps records. The list of who is behind is the
// officers' tool for following up, not a board for everyone.
func overdueScope(u *huoshui.User) huoshui.Scope {
	s := auth.Scope(u, auth.EditRecord)
	return huoshui.Scope{All: s.All, Paths: s.Paths}
}

// filter turns the query into the store's filter within what u may see on
// today; limit 0 lists every match (the export).
func (q taskQuery) filter(u *huoshui.User, today huoshui.Date, limit int) huoshui.TaskFilter {
	f := huoshui.TaskFilter{Scope: auth.Scope(u, auth.ViewRecord), OrgID: q.Org, Status: q.Status, Today: today,
		MemberID: q.Member, As: q.As, Source: q.Source, From: q.From, To: q.To, Query: q.Q, Archived: q.Archived, Sort: q.Sort}
	if q.Status == huoshui.TaskOverdue {
		f.Scope = overdueScope(u)
	}
	if limit > 0 {
		f.Limit, f.Offset = limit, q.Offset(limit)
	}
	return f
}

// filtered reports whether anything narrows the list.
func (q taskQuery) filtered() bool {
	return q.Org != 0 || q.Status != "" || q.Member != 0 || q.Source != "" || !q.From.IsZero() || !q.To.IsZero() || q.Q != ""
}

// taskRow is one task as a list or a card shows it on a day.
type taskRow struct {
	*huoshui.Task
	Status   huoshui.TaskStatus
	DaysLeft int
	// Warn is set while a warning before the deadline is due
	// (rules.TaskWarning).
	Warn bool
}

// Late is how many days past its deadline an overdue task is.
func (r taskRow) Late() int { return -r.DaysLeft }

func newTaskRow(t *huoshui.Task, today huoshui.Date) taskRow {
	_, warn := rules.TaskWarning(t, today)
	return taskRow{Task: t, Status: rules.TaskStatus(t, today), DaysLeft: rules.TaskDaysLeft(t, today), Warn: warn}
}

type tasksPage struct {
	Page
	Query     taskQuery
	Rows      []taskRow
	Pager     *pager
	Orgs      []*huoshui.Org   // the org select; nil when too many
	People    []huoshui.Member // the member select, for one branch
	Officer   bool             // may see the overdue list
	CanCreate bool
	Filtered  bool
	ExportURL string
	NewURL    string
	MineURL   string // the reader's own tasks, when they have a member record
	// Year sums up the tasks of SummaryOrg's subtree due this year.
	SummaryOrg *huoshui.Org
	Year       *store.TaskYear
}

// Sources and Statuses are the choices of the filters.
func (p *tasksPage) Sources() []huoshui.TaskSource { return huoshui.TaskSources }

func (p *tasksPage) Statuses() []huoshui.TaskStatus {
	if p.Officer {
		return huoshui.TaskStatuses
	}
	return []huoshui.TaskStatus{huoshui.TaskOpen, huoshui.TaskDone}
}

// tasksList shows the tasks the reader may see, filtered, sorted and a
// page at a time; ?status=overdue is the officers' overdue list.
func (s *Server) tasksList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	if !auth.CanAnywhere(u, auth.ViewRecord) {
		return huoshui.ErrForbidden
	}
	q := parseTaskQuery(r.URL.Query())
	officer := !overdueScope(u).Empty()
	if q.Status == huoshui.TaskOverdue && !officer {
		return fmt.Errorf("overdue list: %w", huoshui.ErrForbidden)
	}
	today := s.today()
	p := &tasksPage{Query: q, Officer: officer, Filtered: q.filtered()}
	s.prepare(r, &p.Page)
	ts, total, err := s.store.FindTasks(ctx, q.filter(u, today, taskPageSize))
	if err != nil {
		return err
	}
	for _, t := range ts {
		p.Rows = append(p.Rows, newTaskRow(t, today))
	}
	p.Pager = q.Pager(&p.Page, total, taskPageSize)
	if err := s.taskFilterChoices(ctx, u, p); err != nil {
		return err
	}
	if p.SummaryOrg != nil && !q.Archived {
		y, err := s.store.TaskYearRollup(ctx, p.SummaryOrg, today.Year(), today)
		if err != nil {
			return err
		}
		p.Year = &y
	}
	orgs, err := s.plannableOrgs(ctx, u)
	if err != nil {
		return err
	}
	p.CanCreate = len(orgs) > 0
	p.NewURL = "/tasks/new"
	if q.Org != 0 {
		p.NewURL += "?org=" + strconv.FormatInt(q.Org, 10)
	}
	if u.MemberID != 0 {
		p.MineURL = q.With("member", strconv.FormatInt(u.MemberID, 10))
	}
	p.ExportURL = "/tasks/export.xlsx" + strings.TrimSuffix(q.With("page", ""), "?")
	p.Crumbs = []crumb{{Label: s.msgs.T(p.Lang, "nav.tasks")}}
	return s.render(w, r, http.StatusOK, "tasks_list", p)
}

// taskFilterChoices fills the org and member selects of the filter bar
// and the org the year's summary is for: the org asked for, or the one
// node the reader's view covers.
func (s *Server) taskFilterChoices(ctx context.Context, u *huoshui.User, p *tasksPage) error {
	scope := auth.Scope(u, auth.ViewRecord)
	within := huoshui.Scope{All: scope.All, Paths: scope.Paths}
	orgs, err := s.store.FindOrgs(ctx, huoshui.OrgFilter{Scope: within, Limit: maxBranchSelect + 1})
	if err != nil {
		return err
	}
	for _, o := range orgs {
		if o.Kind != huoshui.OrgGroup {
			p.Orgs = append(p.Orgs, o)
		}
	}
	if len(orgs) > maxBranchSelect || len(p.Orgs) <= 1 {
		p.Orgs = nil
	}
	id := p.Query.Org
	if id == 0 && len(scope.Paths) == 1 {
		id = huoshui.PathNodeID(scope.Paths[0])
	}
	if id == 0 {
		return nil
	}
	o, err := s.store.FindOrgByID(ctx, within, id)
	if errors.Is(err, huoshui.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	p.SummaryOrg = o
	if o.Kind == huoshui.OrgBranch {
		people, err := s.store.OrgMembersForMeeting(ctx, o)
		if err != nil {
			return err
		}
		p.People = people
	}
	return nil
}

type taskViewPage struct {
	Page
	Behind   []huoshui.WorkLink // the party activities behind it (work_links.go)
	Row      taskRow
	Progress []huoshui.TaskProgress
	attachmentsView
	CanEdit   bool
	CanReport bool
	// JustDone offers to undo marking it done (?done=1).
	JustDone bool
	Form     form // the progress form, refused
	Today    huoshui.Date
}

// Task is the task the page shows.
func (p *taskViewPage) Task() *huoshui.Task { return p.Row.Task }

// UploadProblems are the reasons the last upload was refused, one a file.
func (p *taskViewPage) UploadProblems() []string { return uploadProblems(p.Form) }

// RemovedAttachment is the file just removed, which the page offers to
// put back (0: none).
func (p *taskViewPage) RemovedAttachment() int64 { return removedAttachment(p.RequestURI) }

// ReportPhotos and ReportFiles split a report's attachments.
func (p *taskViewPage) ReportPhotos(r huoshui.TaskProgress) []huoshui.Attachment {
	return attachmentsView{Attachments: r.Attachments}.Photos()
}

func (p *taskViewPage) ReportFiles(r huoshui.TaskProgress) []huoshui.Attachment {
	return attachmentsView{Attachments: r.Attachments}.Files()
}

// taskView shows one task: its source, content, people and dates, where
// it stands, and its progress reports with their photos and files.
func (s *Server) taskView(w http.ResponseWriter, r *http.Request) error {
	t, err := s.findVisibleTask(r)
	if err != nil {
		return err
	}
	f := newForm(url.Values{"reported_on": {s.today().String()}})
	return s.renderTask(w, r, http.StatusOK, t, f)
}

func (s *Server) renderTask(w http.ResponseWriter, r *http.Request, code int, t *huoshui.Task, f form) error {
	ctx := r.Context()
	u := userFrom(ctx)
	today := s.today()
	p := &taskViewPage{Row: newTaskRow(t, today), Form: f, Today: today}
	p.CanEdit = auth.Can(u, auth.EditRecord, auth.Object{OrgPath: t.OrgPath})
	p.CanReport = t.ArchivedAt == nil && auth.CanReportProgress(u, taskObject(t))
	p.JustDone = p.CanEdit && t.Done() && r.URL.Query().Get("done") == "1"
	var err error
	if p.Progress, err = s.store.FindTaskProgress(ctx, t.ID); err != nil {
		return err
	}
	for _, pr := range p.Progress {
		p.Attachments = append(p.Attachments, pr.Attachments...)
	}
	if p.Behind, err = s.targetLinks(ctx, huoshui.TargetTask, t.ID); err != nil {
		return err
	}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: "/tasks", Label: s.msgs.T(lang, "nav.tasks")},
		{Href: fmt.Sprintf("/tasks?org=%d", t.OrgID), Label: t.OrgName}, {Label: huoshui.Truncate(t.Content, 24)}}
	return s.render(w, r, code, "task_view", p)
}

// Short is the start of the task's content, for lists and cards.
func (r taskRow) Short() string {
	if utf8.RuneCountInString(r.Content) <= 60 {
		return r.Content
	}
	return huoshui.Truncate(r.Content, 59) + "…"
}

// IsOverdue and IsDone say where the task stands on the row's day.
func (r taskRow) IsOverdue() bool { return r.Status == huoshui.TaskOverdue }

func (r taskRow) IsDone() bool { return r.Status == huoshui.TaskDone }

// DoneLateDays is how many days after its deadline a task was done.
func (r taskRow) DoneLateDays() int { return r.Deadline.DaysUntil(r.DoneOn) }

// CoNames are a task's co-members' names, joined as a list is in the
// page's language.
func (p *Page) CoNames(people []huoshui.TaskPerson) string {
	names := make([]string, len(people))
	for i, x := range people {
		names[i] = x.Name
	}
	return strings.Join(names, p.T("report.list_sep"))
}

// taskStatusView is what the shared "task-status" template shows: a
// task's status on the page's day, in the page's language.
type taskStatusView struct {
	*Page
	Row taskRow
}

// StatusOf hands a row to the "task-status" template.
func (p *Page) StatusOf(r taskRow) taskStatusView { return taskStatusView{Page: p, Row: r} }
