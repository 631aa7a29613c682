package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/store"
)

// The channel (一号): an org's articles, written and reviewed here and
// published on its public page (articles_public.go). The officers of
// the org write (EditRecord); its reviewer (store.ArticleReviewer) or an
// officer above approves or sends back (auth.CanReviewArticle); members
// read what is published and their own (auth.CanReadArticle). Anything
// else answers 404, as a record outside the reader's tree does.

func articlePath(x *huoshui.Article) string { return fmt.Sprintf("/articles/%d", x.ID) }

// findReadableArticle loads the article in the path for a reader who may
// open it; any other answers 404.
func (s *Server) findReadableArticle(r *http.Request) (*huoshui.Article, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	u := userFrom(r.Context())
	x, err := s.store.FindArticleByID(r.Context(), auth.Scope(u, auth.ViewRecord), id)
	if err != nil {
		return nil, err
	}
	if auth.CanReadArticle(u, x.OrgPath, x.Published != nil, x.CreatedBy) {
		return x, nil
	}
	// Its reviewer reads what they are to review.
	rv, err := s.store.FindArticleReviewer(r.Context(), x.OrgID)
	if err != nil {
		return nil, err
	}
	if !auth.CanReviewArticle(u, x.OrgPath, rv.MemberID) {
		return nil, fmt.Errorf("article %d: %w", id, huoshui.ErrNotFound)
	}
	return x, nil
}

// editableArticle loads the article for a change by its officers: 404
// outside the reader's view, 403 for a reader who may not write.
func (s *Server) editableArticle(r *http.Request) (*huoshui.Article, error) {
	x, err := s.findReadableArticle(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: x.OrgPath}) {
		return nil, fmt.Errorf("article %d: %w", x.ID, huoshui.ErrForbidden)
	}
	return x, nil
}

// articleLook is how an article's body is written on this site: its
// photos served through the article.
func articleLook(x *huoshui.Article) bodyLook {
	return bodyLook{src: func(p huoshui.Attachment) string { return fmt.Sprintf("/articles/%d/photos/%d", x.ID, p.ID) }}
}

type articlesListPage struct {
	Page
	Org       *huoshui.Org
	Articles  []*huoshui.Article
	Status    huoshui.ArticleStatus
	Statuses  []huoshui.ArticleStatus
	CanWrite  bool
	Reviewer  store.ArticleReviewer
	Members   []*huoshui.Member
	PublicURL string
	Form      form
}

// orgArticles lists an org's articles: all of them for its officers,
// the published ones and their own for its members.
func (s *Server) orgArticles(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	return s.renderOrgArticles(w, r, http.StatusOK, o, newForm(nil))
}

func (s *Server) renderOrgArticles(w http.ResponseWriter, r *http.Request, code int, o *huoshui.Org, f form) error {
	ctx, u := r.Context(), userFrom(r.Context())
	if !auth.Can(u, auth.ViewRecord, auth.Object{OrgPath: o.Path}) {
		return fmt.Errorf("org %d articles: %w", o.ID, huoshui.ErrForbidden)
	}
	p := &articlesListPage{Org: o, Statuses: huoshui.ArticleStatuses, Form: f,
		CanWrite: auth.Can(u, auth.EditRecord, auth.Object{OrgPath: o.Path})}
	p.Status = huoshui.ArticleStatus(r.URL.Query().Get("status"))
	if !p.Status.Valid() {
		p.Status = ""
	}
	filter := s.articleFilter(u, o, p.Status)
	var err error
	if p.Articles, err = s.store.FindArticles(ctx, filter); err != nil {
		return err
	}
	if p.Reviewer, err = s.store.FindArticleReviewer(ctx, o.ID); err != nil {
		return err
	}
	if p.CanWrite && o.Kind == huoshui.OrgBranch {
		if p.Members, _, err = s.store.FindMembers(ctx, huoshui.MemberFilter{Scope: auth.Scope(u, auth.ViewMember),
			OrgID: o.ID, Status: huoshui.StatusFull, Sort: "name", Limit: 500}); err != nil {
			return err
		}
	}
	if o.Slug != "" {
		p.PublicURL = "/p/" + o.Slug
	}
	p.Crumbs = s.orgCrumbs(r, o, "articles.title")
	return s.render(w, r, code, "articles_list", p)
}

// articleFilter is what a reader lists of an org's articles: everything
// for its officers, else what is published and their own.
func (s *Server) articleFilter(u *huoshui.User, o *huoshui.Org, status huoshui.ArticleStatus) huoshui.ArticleFilter {
	f := huoshui.ArticleFilter{Scope: auth.Scope(u, auth.ViewRecord), OrgID: o.ID}
	officer := auth.Can(u, auth.EditRecord, auth.Object{OrgPath: o.Path})
	switch {
	case officer && status != "":
		f.Statuses = []huoshui.ArticleStatus{status}
	case officer:
	case status == huoshui.ArticlePublished:
		f.PublishedOr = true
	case status == "":
		f.PublishedOr, f.CreatedBy = true, u.ID
	default: // a member's own drafts, or their own in review
		f.Statuses, f.CreatedBy = []huoshui.ArticleStatus{status}, u.ID
	}
	return f
}

// articleReviewerSet names the member who reviews an org's articles, or
// goes back to the publicity member (reviewer empty).
func (s *Server) articleReviewerSet(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	if !auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: o.Path}) {
		return fmt.Errorf("org %d reviewer: %w", o.ID, huoshui.ErrForbidden)
	}
	return submit(s, w, r, formFlow[int64]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (int64, error) {
			if v.Get("reviewer") == "" {
				return 0, nil
			}
			id, err := strconv.ParseInt(v.Get("reviewer"), 10, 64)
			if err != nil || id <= 0 {
				ve.Add("reviewer", "invalid_choice")
			}
			return id, nil
		},
		Save:  func(id int64) error { return s.store.SetArticleReviewer(r.Context(), s.actor(r), o.ID, id) },
		Page:  func(code int, f form) error { return s.renderOrgArticles(w, r, code, o, f) },
		Flash: "articles.reviewer_saved",
		Next:  func(int64) string { return fmt.Sprintf("/orgs/%d/articles", o.ID) },
	})
}

type articleFormPage struct {
	Page
	Org      *huoshui.Org
	Article  *huoshui.Article
	Meetings []*huoshui.Meeting
	Photos   []huoshui.Attachment
	Action   string
	Form     form
}

// writableOrg is the org of ?org= (or the posted org_id) for a new
// article: 404 outside the reader's view, 403 for one who may not write.
func (s *Server) writableOrg(ctx context.Context, u *huoshui.User, raw string) (*huoshui.Org, error) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return nil, fmt.Errorf("article org %q: %w", raw, huoshui.ErrNotFound)
	}
	o, err := s.store.FindOrgByID(ctx, auth.Scope(u, auth.ViewOrg), id)
	if err != nil {
		return nil, err
	}
	if !auth.Can(u, auth.EditRecord, auth.Object{OrgPath: o.Path}) {
		return nil, fmt.Errorf("article org %d: %w", id, huoshui.ErrForbidden)
	}
	return o, nil
}

func (s *Server) articleFormPage(r *http.Request, o *huoshui.Org, x *huoshui.Article, f form) (*articleFormPage, error) {
	ctx := r.Context()
	p := &articleFormPage{Org: o, Article: x, Form: f, Action: "/articles"}
	var err error
	now := s.store.Now()
	if p.Meetings, _, err = s.store.FindMeetings(ctx, huoshui.MeetingFilter{Scope: auth.Scope(userFrom(ctx), auth.ViewRecord),
		OrgID: o.ID, Subtree: true, From: now.AddDate(-1, 0, 0), To: now.AddDate(0, 1, 0), Limit: 200}); err != nil {
		return nil, err
	}
	if x != nil {
		p.Action = articlePath(x)
		if p.Photos, err = s.store.FindArticleAttachments(ctx, x.ID); err != nil {
			return nil, err
		}
		p.Crumbs = []crumb{{Href: fmt.Sprintf("/orgs/%d/articles", o.ID), Label: s.msgs.T(langFrom(r), "articles.title")},
			{Href: articlePath(x), Label: x.Version.Title}, {Label: s.msgs.T(langFrom(r), "action.edit")}}
	} else {
		p.Crumbs = []crumb{{Href: fmt.Sprintf("/orgs/%d/articles", o.ID), Label: s.msgs.T(langFrom(r), "articles.title")},
			{Label: s.msgs.T(langFrom(r), "articles.new")}}
	}
	return p, nil
}

// articleNew shows the form of a new article of ?org=.
func (s *Server) articleNew(w http.ResponseWriter, r *http.Request) error {
	o, err := s.writableOrg(r.Context(), userFrom(r.Context()), r.URL.Query().Get("org"))
	if err != nil {
		return err
	}
	v := url.Values{"org_id": {strconv.FormatInt(o.ID, 10)}, "meeting_id": {r.URL.Query().Get("meeting")}}
	p, err := s.articleFormPage(r, o, nil, newForm(v))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "article_form", p)
}

// readArticleForm reads the fields of an article's form.
func readArticleForm(v url.Values, ve *huoshui.ValidationError) (huoshui.ArticleVersion, int64) {
	ver := huoshui.ArticleVersion{Title: v.Get("title"), Authors: v.Get("authors"), Summary: v.Get("summary"),
		Body: v.Get("body"), Cover: v.Get("cover")}
	ve.Merge(ver.Validate())
	var meetingID int64
	if raw := v.Get("meeting_id"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			ve.Add("meeting_id", "invalid_choice")
		}
		meetingID = id
	}
	return ver, meetingID
}

// articleCreate saves a new article as a draft.
func (s *Server) articleCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	u := userFrom(r.Context())
	o, err := s.writableOrg(r.Context(), u, r.PostForm.Get("org_id"))
	if err != nil {
		return err
	}
	var x *huoshui.Article
	return submit(s, w, r, formFlow[*huoshui.Article]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.Article, error) {
			ver, meetingID := readArticleForm(v, ve)
			x = &huoshui.Article{OrgID: o.ID, MeetingID: meetingID, Version: ver}
			return x, nil
		},
		Save: func(x *huoshui.Article) error { return s.store.CreateArticle(r.Context(), s.actor(r), x) },
		Page: func(code int, f form) error {
			p, err := s.articleFormPage(r, o, nil, f)
			if err != nil {
				return err
			}
			return s.render(w, r, code, "article_form", p)
		},
		Flash: "articles.created",
		Next:  func(x *huoshui.Article) string { return articlePath(x) },
	})
}

// articleEdit shows the form of an article's next version.
func (s *Server) articleEdit(w http.ResponseWriter, r *http.Request) error {
	x, err := s.editableArticle(r)
	if err != nil {
		return err
	}
	o, err := s.store.FindOrgByID(r.Context(), huoshui.Everything(), x.OrgID)
	if err != nil {
		return err
	}
	v := url.Values{"title": {x.Version.Title}, "authors": {x.Version.Authors}, "summary": {x.Version.Summary},
		"body": {x.Version.Body}, "cover": {x.Version.Cover}}
	if x.MeetingID != 0 {
		v.Set("meeting_id", strconv.FormatInt(x.MeetingID, 10))
	}
	p, err := s.articleFormPage(r, o, x, newForm(v))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "article_form", p)
}

// articleUpdate saves the form as the article's next version.
func (s *Server) articleUpdate(w http.ResponseWriter, r *http.Request) error {
	x, err := s.editableArticle(r)
	if err != nil {
		return err
	}
	o, err := s.store.FindOrgByID(r.Context(), huoshui.Everything(), x.OrgID)
	if err != nil {
		return err
	}
	type in struct {
		v         huoshui.ArticleVersion
		meetingID int64
	}
	return submit(s, w, r, formFlow[in]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (in, error) {
			ver, meetingID := readArticleForm(v, ve)
			return in{ver, meetingID}, nil
		},
		Save: func(i in) error {
			_, err := s.store.UpdateArticle(r.Context(), s.actor(r), x.ID, i.v, i.meetingID)
			return err
		},
		Page: func(code int, f form) error {
			p, err := s.articleFormPage(r, o, x, f)
			if err != nil {
				return err
			}
			return s.render(w, r, code, "article_form", p)
		},
		Flash: "articles.saved",
		Next:  func(in) string { return articlePath(x) },
	})
}

type articleViewPage struct {
	Page
	A         *huoshui.Article
	Body      template.HTML
	Versions  []huoshui.ArticleVersion
	Reviews   []huoshui.ArticleReview
	Reviewer  store.ArticleReviewer
	CanEdit   bool
	CanReview bool
	PublicURL string
	Form      form
}

// articleView shows an article's newest version to its editors and
// reviewer (a member who may read only what is published sees that).
func (s *Server) articleView(w http.ResponseWriter, r *http.Request) error {
	x, err := s.findReadableArticle(r)
	if err != nil {
		return err
	}
	return s.renderArticle(w, r, http.StatusOK, x, newForm(nil))
}

func (s *Server) renderArticle(w http.ResponseWriter, r *http.Request, code int, x *huoshui.Article, f form) error {
	ctx, u := r.Context(), userFrom(r.Context())
	p := &articleViewPage{A: x, Form: f, CanEdit: auth.Can(u, auth.EditRecord, auth.Object{OrgPath: x.OrgPath})}
	var err error
	if p.Reviewer, err = s.store.FindArticleReviewer(ctx, x.OrgID); err != nil {
		return err
	}
	p.CanReview = auth.CanReviewArticle(u, x.OrgPath, p.Reviewer.MemberID)
	if !p.CanEdit && !p.CanReview && x.CreatedBy != u.ID && x.Published != nil {
		// A reader sees the published text only.
		pub := *x
		pub.Version = *x.Published
		x = &pub
		p.A = x
	}
	photos, err := s.store.FindArticleAttachments(ctx, x.ID)
	if err != nil {
		return err
	}
	p.Body, _ = bodyHTML(x.Version.Body, photos, articleLook(x))
	if p.CanEdit || p.CanReview || x.CreatedBy == u.ID {
		if p.Versions, err = s.store.FindArticleVersions(ctx, x.ID); err != nil {
			return err
		}
		if p.Reviews, err = s.store.FindArticleReviews(ctx, x.ID); err != nil {
			return err
		}
	}
	if x.Published != nil && x.OrgSlug != "" {
		p.PublicURL = fmt.Sprintf("/p/%s/%d", x.OrgSlug, x.ID)
	}
	p.Crumbs = []crumb{{Href: fmt.Sprintf("/orgs/%d/articles", x.OrgID), Label: s.msgs.T(langFrom(r), "articles.title")},
		{Label: x.Version.Title}}
	return s.render(w, r, code, "article_view", p)
}

// articleReview takes a step of the review: submit (its officers),
// approve or reject (its reviewer, or an officer above).
func (s *Server) articleReview(action string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		x, err := s.reviewableArticle(r, action)
		if err != nil {
			return err
		}
		return submit(s, w, r, formFlow[string]{
			Read: func(v url.Values, ve *huoshui.ValidationError) (string, error) { return v.Get("comment"), nil },
			Save: func(comment string) error {
				_, err := s.store.ReviewArticle(r.Context(), s.actor(r), x.ID, action, comment)
				return err
			},
			Page:  func(code int, f form) error { return s.renderArticle(w, r, code, x, f) },
			Flash: "articles.done." + action,
			Next:  func(string) string { return articlePath(x) },
		})
	}
}

// reviewableArticle loads the article for a step of its review by a
// reader allowed to take it.
func (s *Server) reviewableArticle(r *http.Request, action string) (*huoshui.Article, error) {
	x, err := s.findReadableArticle(r)
	if err != nil {
		return nil, err
	}
	u := userFrom(r.Context())
	if action == huoshui.ArticleSubmit {
		if !auth.Can(u, auth.EditRecord, auth.Object{OrgPath: x.OrgPath}) {
			return nil, fmt.Errorf("article %d: %w", x.ID, huoshui.ErrForbidden)
		}
		return x, nil
	}
	rv, err := s.store.FindArticleReviewer(r.Context(), x.OrgID)
	if err != nil {
		return nil, err
	}
	if !auth.CanReviewArticle(u, x.OrgPath, rv.MemberID) {
		return nil, fmt.Errorf("article %d: %w", x.ID, huoshui.ErrForbidden)
	}
	return x, nil
}

// articlePhotoUpload keeps the posted photos with the article, each
// under a name none of its others has.
func (s *Server) articlePhotoUpload(w http.ResponseWriter, r *http.Request) error {
	x, err := s.editableArticle(r)
	if err != nil {
		return err
	}
	xs, err := s.takeUploads(w, r)
	if ref := (*uploadRefused)(nil); errors.As(err, &ref) {
		return s.renderArticle(w, r, ref.code, x, ref.form())
	}
	if err != nil {
		return err
	}
	have, err := s.store.FindArticleAttachments(r.Context(), x.ID)
	if err != nil {
		return err
	}
	uniqueNames(have, xs)
	for _, a := range xs {
		a.ArticleID = x.ID
	}
	if err := s.store.AddArticleAttachments(r.Context(), s.actor(r), xs); err != nil {
		return err
	}
	flashWith(w, "attachment.uploaded", "Count", len(xs))
	http.Redirect(w, r, articlePath(x)+"/edit#attachments", http.StatusSeeOther)
	return nil
}

// articleHolder is an article as the holder of its photos: listed, and
// taken off or put back, on its edit page.
func (s *Server) articleHolder(x *huoshui.Article) attachmentHolder {
	return attachmentHolder{
		page: articlePath(x) + "/edit",
		find: func(ctx context.Context, aid int64) (*huoshui.Attachment, error) {
			return s.store.FindArticleAttachment(ctx, x.ID, aid)
		},
		remove: func(ctx context.Context, a huoshui.Actor, aid int64, restore bool) error {
			return s.store.RemoveArticleAttachment(ctx, a, x.ID, aid, restore)
		},
	}
}

// articlePhotoRemove takes a photo off the article, whatever its
// status: from then on neither its page nor its public page shows or
// serves it, even where the published version places it.
// articlePhotoRestore puts it back (the undo the edit page offers).
func (s *Server) articlePhotoRemove(w http.ResponseWriter, r *http.Request) error {
	return s.articlePhotoRemoved(w, r, false)
}

func (s *Server) articlePhotoRestore(w http.ResponseWriter, r *http.Request) error {
	return s.articlePhotoRemoved(w, r, true)
}

func (s *Server) articlePhotoRemoved(w http.ResponseWriter, r *http.Request, restore bool) error {
	x, err := s.editableArticle(r)
	if err != nil {
		return err
	}
	return s.removeAttachment(w, r, s.articleHolder(x), restore)
}

// RemovedPhoto is the photo just removed, which the edit page offers to
// put back.
func (p *articleFormPage) RemovedPhoto() int64 { return removedAttachment(p.RequestURI) }

// articlePhoto serves one of an article's photos to a reader of it.
func (s *Server) articlePhoto(w http.ResponseWriter, r *http.Request) error {
	x, err := s.findReadableArticle(r)
	if err != nil {
		return err
	}
	return s.serveAttachment(w, r, attachmentHolder{page: articlePath(x),
		find: func(ctx context.Context, aid int64) (*huoshui.Attachment, error) {
			return s.store.FindArticleAttachment(ctx, x.ID, aid)
		}}, false)
}

// apiArticle is an article in the API: its newest version, and the
// published one's number when there is one.
type apiArticle struct {
	ID          int64                 `json:"id"`
	Status      huoshui.ArticleStatus `json:"status"`
	Title       string                `json:"title"`
	Authors     string                `json:"authors"`
	Version     int                   `json:"version"`
	Published   int                   `json:"published_version,omitempty"`
	PublishedAt *time.Time            `json:"published_at,omitempty"`
	MeetingID   int64                 `json:"meeting_id,omitempty"`
	UpdatedAt   time.Time             `json:"updated_at"`
}

func newAPIArticle(x *huoshui.Article) apiArticle {
	a := apiArticle{ID: x.ID, Status: x.Status, Title: x.Version.Title, Authors: x.Version.Authors, Version: x.Version.N,
		PublishedAt: x.PublishedAt, MeetingID: x.MeetingID, UpdatedAt: x.UpdatedAt}
	if x.Published != nil {
		a.Published = x.Published.N
	}
	return a
}

// apiOrgArticles answers GET /api/v1/orgs/{id}/articles?status=S.
func (s *Server) apiOrgArticles(w http.ResponseWriter, r *http.Request) error {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	if !auth.Can(u, auth.ViewRecord, auth.Object{OrgPath: o.Path}) {
		return huoshui.ErrForbidden
	}
	status := huoshui.ArticleStatus(r.URL.Query().Get("status"))
	if status != "" && !status.Valid() {
		ve := &huoshui.ValidationError{}
		ve.Add("status", "invalid_choice")
		return ve
	}
	xs, err := s.store.FindArticles(r.Context(), s.articleFilter(u, o, status))
	if err != nil {
		return err
	}
	out := make([]apiArticle, len(xs))
	for i, x := range xs {
		out[i] = newAPIArticle(x)
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"articles": out})
	return nil
}

// apiArticleReview answers POST /api/v1/articles/{id}/submit|approve|reject
// with {"comment": "…"} (required to reject).
func (s *Server) apiArticleReview(action string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		x, err := s.reviewableArticle(r, action)
		if err != nil {
			return err
		}
		var in struct {
			Comment string `json:"comment"`
		}
		if err := s.decodeJSON(w, r, &in); err != nil {
			return err
		}
		got, err := s.store.ReviewArticle(r.Context(), s.actor(r), x.ID, action, in.Comment)
		if err != nil {
			return err
		}
		s.writeJSON(w, http.StatusOK, newAPIArticle(got))
		return nil
	}
}
