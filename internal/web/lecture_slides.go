package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/huoshui/huoshui"
)

// lectureSlidesUpload keeps a lecture's slides: one file, checked and
// stored as a meeting's attachments are (checkUpload, keep), replacing
// any slides before.
func (s *Server) lectureSlidesUpload(w http.ResponseWriter, r *http.Request) error {
	l, err := s.editableLecture(r)
	if err != nil {
		return err
	}
	if s.files == nil {
		return errNoFiles
	}
	ctx, lang := r.Context(), langFrom(r)
	refuse := func(code int, msg string) error {
		f := newForm(nil)
		f.Fail("slides", msg)
		return s.renderLecture(w, r, code, l, f)
	}
	if r.MultipartForm == nil { // withCSRF reads it only for browsers that need the token
		r.Body = http.MaxBytesReader(w, r.Body, uploadLimit(r))
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return refuse(http.StatusRequestEntityTooLarge, s.msgs.T(lang, "attachment.too_large", "MB", huoshui.MaxAttachmentSize>>20))
			}
			return refuse(http.StatusUnprocessableEntity, s.msgs.T(lang, "attachment.no_file"))
		}
	}
	defer r.MultipartForm.RemoveAll()
	heads := r.MultipartForm.File["slides"]
	if len(heads) != 1 {
		return refuse(http.StatusUnprocessableEntity, s.msgs.T(lang, "attachment.no_file"))
	}
	up, why, err := s.checkUpload(ctx, heads[0])
	if err != nil {
		return err
	}
	if why != nil {
		code := http.StatusUnprocessableEntity
		if why.id == "attachment.too_large" {
			code = http.StatusRequestEntityTooLarge
		}
		return refuse(code, s.msgs.T(lang, why.id, why.args...))
	}
	if err := s.keep(ctx, up); err != nil {
		return err
	}
	if err := s.store.SetLectureSlides(ctx, s.actor(r), l.ID, up.att.Name, up.att.ContentType, up.att.Size, up.att.Blob); err != nil {
		return err
	}
	flash(w, "lectures.slides_saved")
	http.Redirect(w, r, lecturePath(l), http.StatusSeeOther)
	return nil
}

// lectureSlidesDownload sends a lecture's slides to whoever may see the
// lecture.
func (s *Server) lectureSlidesDownload(w http.ResponseWriter, r *http.Request) error {
	l, err := s.findVisibleLecture(r)
	if err != nil {
		return err
	}
	if l.SlidesBlob == "" {
		return fmt.Errorf("lecture %d has no slides: %w", l.ID, huoshui.ErrNotFound)
	}
	if s.files == nil {
		return errNoFiles
	}
	f, err := s.files.Open(l.SlidesBlob)
	if err != nil {
		return fmt.Errorf("slides of lecture %d: %w", l.ID, err)
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", l.SlidesType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", `"`+l.SlidesBlob+`"`)
	h.Set("Content-Disposition", attachment(l.SlidesName, fmt.Sprintf("lecture-%d%s", l.ID, asciiExt(l.SlidesName))))
	http.ServeContent(w, r, "", f.ModTime, f)
	return nil
}

// SlidesAccept is the slides field's accept list.
func (p *lectureViewPage) SlidesAccept() string { return attachmentAccept }
