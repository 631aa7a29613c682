package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// The task form (new and edit) and the confirmations of marking a task
// done, opening it again and archiving it. Only those who keep the org's
// records (auth.EditRecord) reach them.

type taskFormPage struct {
	Page
	Form     form
	Task     *huoshui.Task // nil for a new task
	Org      *huoshui.Org
	Orgs     []*huoshui.Org // to choose from, before the form
	People   []huoshui.Member
	Meetings []*huoshui.Meeting
}

// Action is where the form posts.
func (p *taskFormPage) Action() string {
	if p.Task == nil {
		return "/tasks"
	}
	return taskPath(p.Task)
}

// Sources are the choices of the source.
func (p *taskFormPage) Sources() []huoshui.TaskSource { return huoshui.TaskSources }

// Helps reports whether member id is ticked as a co-member.
func (p *taskFormPage) Helps(id int64) bool {
	return slices.Contains(p.Form.Values["co_ids"], strconv.FormatInt(id, 10))
}

// maxTaskPeople bounds the people a committee's task form offers; a
// branch's form offers all of its members.
const maxTaskPeople = 500

func (s *Server) taskForm(ctx context.Context, r *http.Request, f form, t *huoshui.Task, org *huoshui.Org) (*taskFormPage, error) {
	u := userFrom(ctx)
	lang := langFrom(r)
	p := &taskFormPage{Form: f, Task: t, Org: org}
	p.Crumbs = []crumb{{Href: "/tasks", Label: s.msgs.T(lang, "nav.tasks")}}
	if t != nil {
		p.Crumbs = append(p.Crumbs, crumb{Href: taskPath(t), Label: huoshui.Truncate(t.Content, 24)}, crumb{Label: s.msgs.T(lang, "action.edit")})
	} else {
		p.Crumbs = append(p.Crumbs, crumb{Label: s.msgs.T(lang, "tasks.new")})
	}
	if org == nil {
		return p, nil
	}
	var err error
	if org.Kind == huoshui.OrgBranch {
		p.People, err = s.store.OrgMembersForMeeting(ctx, org)
	} else {
		var ms []*huoshui.Member
		ms, _, err = s.store.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{Paths: []string{org.Path}},
			Sort: "name", Limit: maxTaskPeople})
		for _, m := range ms {
			p.People = append(p.People, *m)
		}
	}
	if err != nil {
		return nil, err
	}
	if t != nil { // people who have left since stay on the task
		have := func(id int64) bool {
			return slices.ContainsFunc(p.People, func(m huoshui.Member) bool { return m.ID == id })
		}
		if !have(t.LeadID) {
			p.People = append(p.People, huoshui.Member{ID: t.LeadID, Name: t.LeadName})
		}
		for _, c := range t.Co {
			if !have(c.ID) {
				p.People = append(p.People, huoshui.Member{ID: c.ID, Name: c.Name})
			}
		}
	}
	p.Meetings, err = s.taskMeetings(ctx, u, org)
	return p, err
}

// taskMeetings are the meetings a task may come from that the reader may
// see: the org's own and its nodes' (a 党小组's), and its parent's, the
// latest first.
func (s *Server) taskMeetings(ctx context.Context, u *huoshui.User, org *huoshui.Org) ([]*huoshui.Meeting, error) {
	scope := auth.Scope(u, auth.ViewRecord)
	since := s.now().AddDate(-2, 0, 0)
	own, _, err := s.store.FindMeetings(ctx, huoshui.MeetingFilter{Scope: scope, OrgID: org.ID, Subtree: true, From: since, Limit: 40})
	if err != nil || org.ParentID == 0 {
		return own, err
	}
	above, _, err := s.store.FindMeetings(ctx, huoshui.MeetingFilter{Scope: scope, OrgID: org.ParentID, From: since, Limit: 20})
	if err != nil {
		return nil, err
	}
	all := append(own, above...)
	slices.SortStableFunc(all, func(a, b *huoshui.Meeting) int { return b.StartsAt.Compare(a.StartsAt) })
	return all, nil
}

// taskInput is what the task form posts.
type taskInput struct {
	t    *huoshui.Task
	late bool // entered after the fact (补录), for a deadline already past
}

// taskFromForm reads the form into a task, adding every problem to ve.
func taskFromForm(v url.Values, today huoshui.Date, isNew bool, ve *huoshui.ValidationError) taskInput {
	t := &huoshui.Task{Source: huoshui.TaskSource(v.Get("source")), SourceRef: v.Get("source_ref"), Content: v.Get("content")}
	t.OrgID, _ = strconv.ParseInt(v.Get("org_id"), 10, 64)
	t.LeadID, _ = strconv.ParseInt(v.Get("lead_id"), 10, 64)
	if t.Source == huoshui.TaskFromResolution {
		t.MeetingID, _ = strconv.ParseInt(v.Get("meeting_id"), 10, 64)
	}
	for _, raw := range v["co_ids"] {
		if id, err := strconv.ParseInt(raw, 10, 64); err == nil && id > 0 {
			t.CoIDs = append(t.CoIDs, id)
		}
	}
	t.AssignedOn = readDate(v, "assigned_on", true, ve)
	t.Deadline = readDate(v, "deadline", true, ve)
	in := taskInput{t: t, late: v.Get("late_entry") == "1"}
	merge := func(err error) {
		if fe, ok := err.(*huoshui.ValidationError); ok {
			for _, f := range fe.Fields {
				if !ve.Has(f.Field) {
					ve.Fields = append(ve.Fields, f)
				}
			}
		}
	}
	merge(t.Validate())
	if isNew && !ve.Has("assigned_on") && !ve.Has("deadline") {
		merge(t.CheckNew(today, in.late))
	}
	return in
}

// checkTaskMeeting answers 404 for a meeting the reader may not see: the
// form offers only those they may, so another id was made up.
func (s *Server) checkTaskMeeting(ctx context.Context, u *huoshui.User, id int64) error {
	if id == 0 {
		return nil
	}
	_, err := s.store.FindMeetingByID(ctx, auth.Scope(u, auth.ViewRecord), id)
	return err
}

// taskNew shows the form for a new task; one who keeps records in several
// orgs picks one first.
func (s *Server) taskNew(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	orgs, err := s.taskOrgs(ctx, u)
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		return huoshui.ErrForbidden
	}
	orgID, _ := strconv.ParseInt(r.URL.Query().Get("org"), 10, 64)
	if orgID == 0 && len(orgs) == 1 {
		orgID = orgs[0].ID
	}
	if orgID == 0 {
		p, err := s.taskForm(ctx, r, newForm(nil), nil, nil)
		if err != nil {
			return err
		}
		p.Orgs = orgs
		return s.render(w, r, http.StatusOK, "task_form", p)
	}
	org, err := s.store.FindOrgByID(ctx, auth.Scope(u, auth.EditRecord), orgID)
	if err != nil {
		return err
	}
	today := s.today()
	v := url.Values{"org_id": {strconv.FormatInt(org.ID, 10)}, "source": {string(huoshui.TaskFromDocument)},
		"assigned_on": {today.String()}, "deadline": {today.AddDate(0, 1, 0).String()}}
	p, err := s.taskForm(ctx, r, newForm(v), nil, org)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "task_form", p)
}

// taskOrgs are the nodes where u may give tasks: their branches and
// committees (a 党小组 keeps none of its own).
func (s *Server) taskOrgs(ctx context.Context, u *huoshui.User) ([]*huoshui.Org, error) {
	orgs, err := s.plannableOrgs(ctx, u)
	if err != nil {
		return nil, err
	}
	out := orgs[:0]
	for _, o := range orgs {
		if o.Kind != huoshui.OrgGroup {
			out = append(out, o)
		}
	}
	return out, nil
}

// taskCreate records a new task.
func (s *Server) taskCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	if !auth.CanAnywhere(u, auth.EditRecord) {
		return huoshui.ErrForbidden
	}
	var org *huoshui.Org
	return submit(s, w, r, formFlow[taskInput]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (taskInput, error) {
			in := taskFromForm(v, s.today(), true, ve)
			o, err := s.store.FindOrgByID(ctx, auth.Scope(u, auth.EditRecord), in.t.OrgID)
			if err != nil {
				return in, err
			}
			org = o
			return in, s.checkTaskMeeting(ctx, u, in.t.MeetingID)
		},
		Save: func(in taskInput) error { return s.store.CreateTask(ctx, s.actor(r), in.t, in.late) },
		Page: func(code int, f form) error {
			p, err := s.taskForm(ctx, r, f, nil, org)
			if err != nil {
				return err
			}
			return s.render(w, r, code, "task_form", p)
		},
		Flash: "tasks.created",
		Next:  func(in taskInput) string { return taskPath(in.t) },
	})
}

// taskValues is a task as its form shows it.
func taskValues(t *huoshui.Task) url.Values {
	v := url.Values{}
	v.Set("org_id", strconv.FormatInt(t.OrgID, 10))
	v.Set("source", string(t.Source))
	v.Set("source_ref", t.SourceRef)
	if t.MeetingID != 0 {
		v.Set("meeting_id", strconv.FormatInt(t.MeetingID, 10))
	}
	v.Set("content", t.Content)
	v.Set("lead_id", strconv.FormatInt(t.LeadID, 10))
	for _, id := range t.CoIDs {
		v.Add("co_ids", strconv.FormatInt(id, 10))
	}
	v.Set("assigned_on", t.AssignedOn.String())
	v.Set("deadline", t.Deadline.String())
	return v
}

// taskEdit shows the form for a task's details.
func (s *Server) taskEdit(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTask(r)
	if err != nil {
		return err
	}
	org, err := s.store.FindOrgByID(r.Context(), huoshui.Everything(), t.OrgID)
	if err != nil {
		return err
	}
	p, err := s.taskForm(r.Context(), r, newForm(taskValues(t)), t, org)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "task_form", p)
}

// taskUpdate saves a task's details.
func (s *Server) taskUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	t, err := s.editableTask(r)
	if err != nil {
		return err
	}
	org, err := s.store.FindOrgByID(ctx, huoshui.Everything(), t.OrgID)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[taskInput]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (taskInput, error) {
			v.Set("org_id", strconv.FormatInt(t.OrgID, 10))
			in := taskFromForm(v, s.today(), false, ve)
			if in.t.MeetingID != t.MeetingID {
				return in, s.checkTaskMeeting(ctx, u, in.t.MeetingID)
			}
			return in, nil
		},
		Save: func(in taskInput) error { return s.store.UpdateTask(ctx, s.actor(r), t.ID, in.t) },
		Page: func(code int, f form) error {
			p, err := s.taskForm(ctx, r, f, t, org)
			if err != nil {
				return err
			}
			return s.render(w, r, code, "task_form", p)
		},
		Flash: "tasks.saved",
		Next:  func(taskInput) string { return taskPath(t) },
	})
}

// taskConfirmPage asks before a task is marked done, opened again or
// archived, and says what will happen.
type taskConfirmPage struct {
	Page
	Row  taskRow
	Do   string // "done", "reopen" or "archive"
	Form form
}

func (s *Server) renderTaskConfirm(w http.ResponseWriter, r *http.Request, code int, t *huoshui.Task, do string, f form) error {
	p := &taskConfirmPage{Row: newTaskRow(t, s.today()), Do: do, Form: f}
	lang := langFrom(r)
	p.Crumbs = []crumb{{Href: "/tasks", Label: s.msgs.T(lang, "nav.tasks")},
		{Href: taskPath(t), Label: huoshui.Truncate(t.Content, 24)}, {Label: s.msgs.T(lang, "tasks.do."+do)}}
	return s.render(w, r, code, "task_confirm", p)
}

// taskDoneForm asks for the day a task was done: today unless an earlier
// day is entered, which is then marked 补录.
func (s *Server) taskDoneForm(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTask(r)
	if err != nil {
		return err
	}
	return s.renderTaskConfirm(w, r, http.StatusOK, t, "done", newForm(url.Values{"done_on": {s.today().String()}}))
}

// taskDone marks a task done; the task's page then offers to undo it.
func (s *Server) taskDone(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTask(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[huoshui.Date]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (huoshui.Date, error) {
			return readDate(v, "done_on", false, ve), nil
		},
		Save:  func(on huoshui.Date) error { return s.store.MarkTaskDone(r.Context(), s.actor(r), t.ID, on) },
		Page:  func(code int, f form) error { return s.renderTaskConfirm(w, r, code, t, "done", f) },
		Flash: "tasks.marked_done",
		Next:  func(huoshui.Date) string { return taskPath(t) + "?done=1" },
	})
}

// taskReopenForm asks before a done task is opened again.
func (s *Server) taskReopenForm(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTask(r)
	if err != nil {
		return err
	}
	return s.renderTaskConfirm(w, r, http.StatusOK, t, "reopen", newForm(nil))
}

// taskReopen opens a done task again (also the undo after marking it
// done).
func (s *Server) taskReopen(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTask(r)
	if err != nil {
		return err
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save:  func(struct{}) error { return s.store.ReopenTask(r.Context(), s.actor(r), t.ID) },
		Page:  func(code int, f form) error { return s.renderTaskConfirm(w, r, code, t, "reopen", f) },
		Flash: "tasks.reopened",
		Next:  func(struct{}) string { return taskPath(t) },
	})
}

// taskArchiveForm asks before a task leaves the lists.
func (s *Server) taskArchiveForm(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTask(r)
	if err != nil {
		return err
	}
	return s.renderTaskConfirm(w, r, http.StatusOK, t, "archive", newForm(nil))
}

// taskArchive takes a task off the lists and the counts; taskRestore puts
// it back (the task's page offers it at once).
func (s *Server) taskArchive(w http.ResponseWriter, r *http.Request) error {
	return s.taskArchived(w, r, false)
}

func (s *Server) taskRestore(w http.ResponseWriter, r *http.Request) error {
	return s.taskArchived(w, r, true)
}

func (s *Server) taskArchived(w http.ResponseWriter, r *http.Request, restore bool) error {
	t, err := s.editableTask(r)
	if err != nil {
		return err
	}
	flashID := "tasks.archived"
	if restore {
		flashID = "tasks.restored"
	}
	return submit(s, w, r, formFlow[struct{}]{
		Save:  func(struct{}) error { return s.store.ArchiveTask(r.Context(), s.actor(r), t.ID, restore) },
		Flash: flashID,
		Next:  func(struct{}) string { return taskPath(t) },
	})
}
