package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/huoshui/huoshui"
)

// A book's cover: one photo, uploaded and checked as a meeting's photos
// are (takeUploads: sniffed, re-encoded without EXIF, a thumbnail made),
// and served to those who see the book.

// bookCoverUpload keeps POST /books/{id}/cover (field "files", one photo).
func (s *Server) bookCoverUpload(w http.ResponseWriter, r *http.Request) error {
	b, err := s.editableBook(r)
	if err != nil {
		return err
	}
	xs, err := s.takeUploads(w, r)
	if ref := (*uploadRefused)(nil); errors.As(err, &ref) {
		return s.renderBook(w, r, ref.code, b, ref.form())
	}
	if err != nil {
		return err
	}
	if len(xs) != 1 || xs[0].Kind != huoshui.AttachmentPhoto {
		f := newForm(nil)
		f.Fail("cover", s.msgs.T(langFrom(r), "books.cover_one_photo"))
		return s.renderBook(w, r, http.StatusUnprocessableEntity, b, f)
	}
	if err := s.store.SetBookCover(r.Context(), s.actor(r), b.ID, xs[0].Blob, xs[0].Thumb); err != nil {
		return err
	}
	flash(w, "books.cover_saved")
	http.Redirect(w, r, bookPath(b), http.StatusSeeOther)
	return nil
}

// bookCover sends GET /books/{id}/cover, the cover photo.
func (s *Server) bookCover(w http.ResponseWriter, r *http.Request) error {
	return s.serveCover(w, r, false)
}

// bookCoverThumb sends GET /books/{id}/cover/thumb, its thumbnail.
func (s *Server) bookCoverThumb(w http.ResponseWriter, r *http.Request) error {
	return s.serveCover(w, r, true)
}

func (s *Server) serveCover(w http.ResponseWriter, r *http.Request, thumb bool) error {
	b, err := s.findVisibleBook(r)
	if err != nil {
		return err
	}
	key := b.Cover
	if thumb {
		key = b.CoverThumb
	}
	if key == "" {
		return fmt.Errorf("book %d has no cover: %w", b.ID, huoshui.ErrNotFound)
	}
	if s.files == nil {
		return errNoFiles
	}
	f, err := s.files.Open(key)
	if err != nil {
		return fmt.Errorf("cover of book %d: %w", b.ID, err)
	}
	defer f.Close()
	hd := w.Header()
	if thumb {
		hd.Set("Content-Type", "image/jpeg")
	} // a cover is a JPEG or a PNG: ServeContent reads which from its bytes
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	hd.Set("Cache-Control", "private, no-cache")
	hd.Set("ETag", `"`+key+`"`)
	http.ServeContent(w, r, "", f.ModTime, f)
	return nil
}

// UploadProblems are the reasons a cover upload was refused.
func (p *bookPage) UploadProblems() []string { return uploadProblems(p.Form) }
