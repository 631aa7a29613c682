package web

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"net/url"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// A task's progress reports: the lead, the co-members and the officers
// write them, with photos and files kept as a meeting's are
// (meeting_attachments.go: the same checks, the same blob store, the same
// undo after a removal). A report and its files go in together or not at
// all.

func (s *Server) taskHolder(t *huoshui.Task) attachmentHolder {
	return attachmentHolder{
		page: taskPath(t),
		find: func(ctx context.Context, aid int64) (*huoshui.Attachment, error) {
			return s.store.FindTaskAttachment(ctx, t.ID, aid)
		},
		remove: func(ctx context.Context, a huoshui.Actor, aid int64, restore bool) error {
			return s.store.RemoveTaskAttachment(ctx, a, t.ID, aid, restore)
		},
	}
}

// reportableTask loads the task for a progress report or a change to its
// files: 404 outside the reader's view, 403 for one who may only read it.
func (s *Server) reportableTask(r *http.Request) (*huoshui.Task, error) {
	t, err := s.findVisibleTask(r)
	if err != nil {
		return nil, err
	}
	if !auth.CanReportProgress(userFrom(r.Context()), taskObject(t)) {
		return nil, huoshui.ErrForbidden
	}
	return t, nil
}

// taskProgressAdd records a progress report with the photos and files
// posted with it. Problems with the text, the day or any file bring the
// task's page back with what was typed and why; nothing is kept then.
func (s *Server) taskProgressAdd(w http.ResponseWriter, r *http.Request) error {
	t, err := s.reportableTask(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	u := userFrom(ctx)
	values, files, err := s.readProgressForm(w, r)
	if ref := (*uploadRefused)(nil); errors.As(err, &ref) {
		f := ref.form()
		f.Values = values
		return s.renderTask(w, r, ref.code, t, f)
	}
	if err != nil {
		return err
	}
	f := newForm(values)
	ve := &huoshui.ValidationError{}
	p := &huoshui.TaskProgress{TaskID: t.ID, Text: values.Get("text"), MemberID: u.MemberID}
	p.ReportedOn = readDate(values, "reported_on", true, ve)
	if !ve.Has("reported_on") {
		ve.Merge(p.Validate(t, s.today()))
	}
	if err := ve.Err(); err != nil {
		s.addErrors(r, &f, err)
		return s.renderTask(w, r, http.StatusUnprocessableEntity, t, f)
	}
	var xs []*huoshui.Attachment
	if files {
		xs, err = s.takeUploads(w, r)
		if ref := (*uploadRefused)(nil); errors.As(err, &ref) {
			f := ref.form()
			f.Values = values
			return s.renderTask(w, r, ref.code, t, f)
		}
		if err != nil {
			return err
		}
	}
	if err := s.store.AddTaskProgress(ctx, s.actor(r), p, xs); err != nil {
		if s.addErrors(r, &f, err) {
			return s.renderTask(w, r, http.StatusUnprocessableEntity, t, f)
		}
		return err
	}
	flashWith(w, "tasks.progress_added", "Count", len(xs))
	http.Redirect(w, r, taskPath(t)+"#progress", http.StatusSeeOther)
	return nil
}

// readProgressForm reads the progress form: a multipart post with its
// files (files reports whether any came), or a plain one with none. The
// text it brings is checked as every form's is.
func (s *Server) readProgressForm(w http.ResponseWriter, r *http.Request) (url.Values, bool, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if err := parseForm(w, r); err != nil {
			return nil, false, err
		}
		return cloneValues(r.PostForm), false, nil
	}
	if r.MultipartForm == nil { // withCSRF reads it only for browsers that need the token
		r.Body = http.MaxBytesReader(w, r.Body, maxUploadBytes)
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var mbe *http.MaxBytesError
			lang := langFrom(r)
			if errors.As(err, &mbe) {
				return url.Values{}, false, &uploadRefused{code: http.StatusRequestEntityTooLarge,
					msgs: []string{s.msgs.T(lang, "attachment.upload_too_large", "Count", maxUploadFiles, "MB", huoshui.MaxAttachmentSize>>20)}}
			}
			return url.Values{}, false, &uploadRefused{code: http.StatusUnprocessableEntity, msgs: []string{s.msgs.T(lang, "attachment.no_file")}}
		}
	}
	values := cloneValues(url.Values(r.MultipartForm.Value))
	if ve := checkText(values); ve != nil {
		r.MultipartForm.RemoveAll()
		return nil, false, ve
	}
	files := len(r.MultipartForm.File["files"]) > 0
	if !files {
		r.MultipartForm.RemoveAll()
	}
	return values, files, nil
}

// taskAttachmentDownload sends a report's photo or file;
// taskAttachmentThumb a photo's thumbnail. Whoever may see the task may
// have them.
func (s *Server) taskAttachmentDownload(w http.ResponseWriter, r *http.Request) error {
	return s.taskAttachmentServe(w, r, false)
}

func (s *Server) taskAttachmentThumb(w http.ResponseWriter, r *http.Request) error {
	return s.taskAttachmentServe(w, r, true)
}

func (s *Server) taskAttachmentServe(w http.ResponseWriter, r *http.Request, thumb bool) error {
	t, err := s.findVisibleTask(r)
	if err != nil {
		return err
	}
	return s.serveAttachment(w, r, s.taskHolder(t), thumb)
}

// taskAttachmentRemove takes a photo or file off a report;
// taskAttachmentRestore puts it back (the undo the page offers). Those
// who may report the task's progress keep its files.
func (s *Server) taskAttachmentRemove(w http.ResponseWriter, r *http.Request) error {
	return s.taskAttachmentRemoved(w, r, false)
}

func (s *Server) taskAttachmentRestore(w http.ResponseWriter, r *http.Request) error {
	return s.taskAttachmentRemoved(w, r, true)
}

func (s *Server) taskAttachmentRemoved(w http.ResponseWriter, r *http.Request, restore bool) error {
	t, err := s.reportableTask(r)
	if err != nil {
		return err
	}
	return s.removeAttachment(w, r, s.taskHolder(t), restore)
}
