package web

import (
	"net/http"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
)

// taskColumns are the export's columns: message "tasks.col.<id>" and
// width in characters.
var taskColumns = []struct {
	id    string
	width float64
}{
	{"assigned_on", 12}, {"source", 10}, {"source_ref", 22}, {"content", 48}, {"org", 24}, {"lead", 10},
	{"co", 20}, {"deadline", 12}, {"status", 10}, {"done_on", 12}, {"notes", 28},
}

// tasksExport sends the tasks the list shows for the same query, every
// page of them, as a workbook whose title row says whose tasks, which and
// when. More than the export cap is refused before anything is written.
func (s *Server) tasksExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	if !auth.CanAnywhere(u, auth.ViewRecord) {
		return huoshui.ErrForbidden
	}
	q := parseTaskQuery(r.URL.Query())
	if q.Status == huoshui.TaskOverdue && overdueScope(u).Empty() {
		return huoshui.ErrForbidden
	}
	today := s.today()
	f := q.filter(u, today, 0)
	f.Limit = s.exportCap() + 1
	ts, _, err := s.store.FindTasks(ctx, f)
	if err != nil {
		return err
	}
	if len(ts) > s.exportCap() {
		return s.tooManyRows("export_too_many_tasks", len(ts))
	}
	lang := langFrom(r)
	p := &tasksPage{Query: q}
	if err := s.taskFilterChoices(ctx, u, p); err != nil {
		return err
	}
	whose := ""
	if p.SummaryOrg != nil {
		whose = p.SummaryOrg.Name
	}
	which := s.msgs.T(lang, "tasks.export.all")
	if q.Status != "" {
		which = s.msgs.T(lang, "tasks.status."+string(q.Status))
	}
	title := s.msgs.T(lang, "tasks.export.title", "Org", whose, "Which", which, "Date", today.String())
	cols := make([]report.TableColumn, len(taskColumns))
	for i, c := range taskColumns {
		cols[i] = report.TableColumn{Header: s.msgs.T(lang, "tasks.col."+c.id), Width: c.width}
	}
	tw, err := report.NewTitledTableWriter(s.msgs.T(lang, "tasks.export.sheet"), title, cols)
	if err != nil {
		return err
	}
	defer tw.Close()
	sep := s.msgs.T(lang, "report.list_sep")
	for _, t := range ts {
		row := newTaskRow(t, today)
		var co []string
		for _, c := range t.Co {
			co = append(co, c.Name)
		}
		if err := tw.Add([]any{t.AssignedOn, s.msgs.T(lang, "tasks.source."+string(t.Source)), t.SourceRef, t.Content,
			t.OrgName, t.LeadName, strings.Join(co, sep), t.Deadline, s.msgs.T(lang, "tasks.status."+string(row.Status)),
			t.DoneOn, strings.Join(s.taskNotes(lang, row), sep)}); err != nil {
			return err
		}
	}
	name := s.msgs.T(lang, "tasks.export.file", "Date", today.String())
	startDownload(w, name, "tasks-"+today.String()+".xlsx", xlsxType)
	if _, err := tw.WriteTo(w); err != nil {
		// The answer has begun: too late for an error page.
		s.logFailure(r, http.StatusInternalServerError, err)
	}
	return nil
}

// taskNotes are the marks a task's row carries in words: done late and by
// how many days, overdue by how many, entered late (补录).
func (s *Server) taskNotes(lang string, row taskRow) []string {
	var out []string
	switch {
	case row.DoneLate():
		out = append(out, s.msgs.T(lang, "tasks.done_late_days", "Days", row.Deadline.DaysUntil(row.DoneOn)))
	case row.Status == huoshui.TaskOverdue:
		out = append(out, s.msgs.T(lang, "tasks.overdue_days", "Days", row.Late()))
	}
	if row.DoneLateEntry {
		out = append(out, s.msgs.T(lang, "tasks.done_late_entry"))
	}
	if row.LateEntry {
		out = append(out, s.msgs.T(lang, "tasks.late_entry"))
	}
	if row.ArchivedAt != nil {
		out = append(out, s.msgs.T(lang, "tasks.archived_tag"))
	}
	return out
}

// apiTask is a task as GET /api/v1/orgs/{id}/tasks gives it.
type apiTask struct {
	ID       int64              `json:"id"`
	Content  string             `json:"content"`
	Lead     huoshui.TaskPerson `json:"lead"`
	Deadline huoshui.Date       `json:"deadline"`
	Status   huoshui.TaskStatus `json:"status"`
	DoneOn   *huoshui.Date      `json:"done_on"`
}

// apiOrgTasks lists the tasks of an org and the nodes below it that the
// reader may see, by deadline: ?status=open|done|overdue narrows them as
// the list does, the overdue ones for officers only.
func (s *Server) apiOrgTasks(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	if !auth.Can(u, auth.ViewRecord, auth.Object{OrgPath: o.Path}) {
		return huoshui.ErrForbidden
	}
	status := huoshui.TaskStatus(r.URL.Query().Get("status"))
	if status != "" && !status.Valid() {
		ve := &huoshui.ValidationError{}
		ve.Add("status", "invalid_choice")
		return ve
	}
	if status == huoshui.TaskOverdue && !auth.Can(u, auth.EditRecord, auth.Object{OrgPath: o.Path}) {
		return huoshui.ErrForbidden
	}
	today := s.today()
	q := taskQuery{Org: o.ID, Status: status}
	f := q.filter(u, today, 0)
	f.Limit = s.exportCap() + 1
	ts, _, err := s.store.FindTasks(r.Context(), f)
	if err != nil {
		return err
	}
	if len(ts) > s.exportCap() {
		return s.tooManyRows("export_too_many_tasks", len(ts))
	}
	out := make([]apiTask, len(ts))
	for i, t := range ts {
		out[i] = apiTask{ID: t.ID, Content: t.Content, Lead: huoshui.TaskPerson{ID: t.LeadID, Name: t.LeadName},
			Deadline: t.Deadline, Status: newTaskRow(t, today).Status}
		if t.Done() {
			d := t.DoneOn
			out[i].DoneOn = &d
		}
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"tasks": out})
	return nil
}
