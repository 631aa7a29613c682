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

// The link ledger on the pages (党建+业务关联): a meeting's, lecture's or
// discussion's page lists the work outcomes it led to, with what changed,
// and offers those who keep its record a form to add one and a button to
// remove one (with the undo); a task's and an output's page lists the
// party activities behind it. Both ends are read through the reader's
// scope: a link to a record they may not see is not shown, and adding
// one answers 404.

// linksView is the section "带来的工作成效" of an activity's page.
type linksView struct {
	Action  string // where the add form posts
	Links   []huoshui.WorkLink
	Targets []huoshui.LinkTarget
	CanEdit bool
	Removed int64 // a link just removed, to undo (?link_removed=ID)
	Form    form  // the add form, refused
}

// TargetsOf lists the linkable records of one group of the select: "task",
// "innovation" or "other" (publications, awards, documents).
func (v *linksView) TargetsOf(group string) []huoshui.LinkTarget {
	var out []huoshui.LinkTarget
	for _, t := range v.Targets {
		g := "other"
		switch {
		case t.Kind == huoshui.TargetTask:
			g = "task"
		case t.OutputKind == huoshui.OutputInnovation:
			g = "innovation"
		}
		if g == group {
			out = append(out, t)
		}
	}
	return out
}

// Groups are the select's groups, in order: tasks, innovations, the
// other outputs.
func (linksView) Groups() []string { return []string{"task", "innovation", "other"} }

// Value is a target's value in the select: "task:7", "output:12".
func (linksView) Value(kind huoshui.TargetKind, id int64) string {
	return string(kind) + ":" + strconv.FormatInt(id, 10)
}

// linkFormKey carries a refused add form to the page shown again.
type linkFormKey struct{}

// activityLinks reads the section of an activity's page: its live links
// whose target the reader sees and, for those who keep its record, what
// it may be linked to.
func (s *Server) activityLinks(r *http.Request, kind huoshui.ActivityKind, id, orgID int64, orgPath string) (linksView, error) {
	ctx := r.Context()
	u := userFrom(ctx)
	v := linksView{Action: fmt.Sprintf("%s/links#links", activityPath(kind, id)), Form: newForm(nil)}
	if f, ok := ctx.Value(linkFormKey{}).(form); ok {
		v.Form = f
	}
	v.CanEdit = auth.Can(u, auth.EditRecord, auth.Object{OrgPath: orgPath})
	scope := auth.Scope(u, auth.ViewRecord)
	var err error
	if v.Links, err = s.store.FindActivityLinks(ctx, scope, kind, id); err != nil {
		return v, err
	}
	if v.CanEdit {
		org, err := s.store.FindOrgByID(ctx, huoshui.Everything(), orgID)
		if err != nil {
			return v, err
		}
		if v.Targets, err = s.store.FindLinkTargets(ctx, scope, org); err != nil {
			return v, err
		}
		v.Removed, _ = strconv.ParseInt(r.URL.Query().Get("link_removed"), 10, 64)
	}
	return v, nil
}

// targetLinks reads the section "背后的党组织活动" of a task's or an
// output's page: the activities behind it that the reader sees.
func (s *Server) targetLinks(ctx context.Context, kind huoshui.TargetKind, id int64) ([]huoshui.WorkLink, error) {
	return s.store.FindTargetLinks(ctx, auth.Scope(userFrom(ctx), auth.ViewRecord), kind, id)
}

// activityPath is an activity's page.
func activityPath(kind huoshui.ActivityKind, id int64) string {
	return fmt.Sprintf("/%ss/%d", kind, id)
}

// meetingLinkAdd, lectureLinkAdd and discussionLinkAdd link the activity
// to a task or output; only those who may edit the activity may.
func (s *Server) meetingLinkAdd(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMeeting(r)
	if err != nil {
		return err
	}
	return s.addLink(w, r, huoshui.ActivityMeeting, m.ID, func(r *http.Request, code int) error {
		return s.renderMeeting(w, r, code, m, newForm(nil))
	})
}

func (s *Server) lectureLinkAdd(w http.ResponseWriter, r *http.Request) error {
	l, err := s.editableLecture(r)
	if err != nil {
		return err
	}
	return s.addLink(w, r, huoshui.ActivityLecture, l.ID, func(r *http.Request, code int) error {
		return s.renderLecture(w, r, code, l, newForm(nil))
	})
}

func (s *Server) discussionLinkAdd(w http.ResponseWriter, r *http.Request) error {
	d, err := s.editableDiscussion(r)
	if err != nil {
		return err
	}
	return s.addLink(w, r, huoshui.ActivityDiscussion, d.ID, func(r *http.Request, code int) error {
		return s.renderDiscussion(w, r, code, d, newForm(nil), "")
	})
}

// addLink runs the add form: the target ("task:7") and what changed.
func (s *Server) addLink(w http.ResponseWriter, r *http.Request, kind huoshui.ActivityKind, id int64, page func(r *http.Request, code int) error) error {
	return submit(s, w, r, formFlow[*huoshui.WorkLink]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.WorkLink, error) {
			l := &huoshui.WorkLink{ActivityKind: kind, ActivityID: id, Note: v.Get("note")}
			k, n, _ := strings.Cut(v.Get("target"), ":")
			l.TargetKind = huoshui.TargetKind(k)
			l.TargetID, _ = strconv.ParseInt(n, 10, 64)
			if err := l.Validate(); err != nil {
				ve.Merge(err)
			}
			return l, nil
		},
		Save: func(l *huoshui.WorkLink) error {
			return s.store.AddWorkLink(r.Context(), s.actor(r), auth.Scope(userFrom(r.Context()), auth.ViewRecord), l)
		},
		Page: func(code int, f form) error {
			return page(r.WithContext(context.WithValue(r.Context(), linkFormKey{}, f)), code)
		},
		Flash: "work_link.added",
		Next:  func(*huoshui.WorkLink) string { return activityPath(kind, id) + "#links" },
	})
}

// workLinkRemove takes a link off its activity's page and offers the
// undo; workLinkRestore puts it back. Both need the right to edit the
// activity.
func (s *Server) workLinkRemove(w http.ResponseWriter, r *http.Request) error {
	return s.workLinkRemoved(w, r, false)
}

func (s *Server) workLinkRestore(w http.ResponseWriter, r *http.Request) error {
	return s.workLinkRemoved(w, r, true)
}

func (s *Server) workLinkRemoved(w http.ResponseWriter, r *http.Request, restore bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	scope := auth.Scope(u, auth.ViewRecord)
	l, err := s.store.FindWorkLinkByID(r.Context(), scope, id)
	if err != nil {
		return err
	}
	if !auth.Can(u, auth.EditRecord, auth.Object{OrgPath: l.OrgPath}) {
		return fmt.Errorf("work link %d: %w", id, huoshui.ErrForbidden)
	}
	page := activityPath(l.ActivityKind, l.ActivityID)
	flow := formFlow[struct{}]{
		Save:  func(struct{}) error { return s.store.RemoveWorkLink(r.Context(), s.actor(r), scope, id, restore) },
		Flash: "work_link.restored",
		Next:  func(struct{}) string { return page + "#links" },
	}
	if !restore {
		flow.Flash = "work_link.removed"
		flow.FlashArgs = func(struct{}) []any { return []any{"Title", huoshui.Truncate(l.TargetTitle, 40)} }
		flow.Next = func(struct{}) string {
			return page + "?" + url.Values{"link_removed": {strconv.FormatInt(id, 10)}}.Encode() + "#links"
		}
	}
	return submit(s, w, r, flow)
}
