package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// An output's evidence (证明材料): scans, PDFs, .docx, photos, kept as a
// meeting's files are (meeting_attachments.go: the same checks, the same
// blob store, the same undo). Whoever keeps the record adds and removes
// them; an owner adds evidence to their own record and may take back what
// they added; whoever may see the record downloads them.

func (s *Server) outputHolder(x *huoshui.Output) attachmentHolder {
	return attachmentHolder{
		page: outputPath(x),
		find: func(ctx context.Context, aid int64) (*huoshui.Attachment, error) {
			return s.store.FindOutputAttachment(ctx, x.ID, aid)
		},
		remove: func(ctx context.Context, a huoshui.Actor, aid int64, restore bool) error {
			return s.store.RemoveOutputAttachment(ctx, a, x.ID, aid, restore)
		},
	}
}

// evidenceOutput loads the output for adding evidence: 404 outside the
// reader's view, 403 for a reader who neither keeps nor owns it, and for
// an archived record.
func (s *Server) evidenceOutput(r *http.Request) (*huoshui.Output, error) {
	x, err := s.findVisibleOutput(r)
	if err != nil {
		return nil, err
	}
	u := userFrom(r.Context())
	if x.ArchivedAt != nil || !(auth.Can(u, auth.EditRecord, auth.Object{OrgPath: x.OrgPath}) || x.Owns(u.MemberID)) {
		return nil, fmt.Errorf("evidence of output %d: %w", x.ID, huoshui.ErrForbidden)
	}
	return x, nil
}

// outputAttachmentUpload keeps the posted files as the output's evidence.
func (s *Server) outputAttachmentUpload(w http.ResponseWriter, r *http.Request) error {
	x, err := s.evidenceOutput(r)
	if err != nil {
		return err
	}
	xs, err := s.takeUploads(w, r)
	if ref := (*uploadRefused)(nil); errors.As(err, &ref) {
		return s.renderOutput(w, r, ref.code, x, ref.form())
	}
	if err != nil {
		return err
	}
	have, err := s.store.FindOutputAttachments(r.Context(), x.ID)
	if err != nil {
		return err
	}
	uniqueNames(have, xs)
	for _, a := range xs {
		a.OutputID = x.ID
	}
	if err := s.store.AddOutputAttachments(r.Context(), s.actor(r), xs); err != nil {
		return err
	}
	flashWith(w, "attachment.uploaded", "Count", len(xs))
	http.Redirect(w, r, outputPath(x)+"#attachments", http.StatusSeeOther)
	return nil
}

// outputAttachmentDownload sends a piece of evidence;
// outputAttachmentThumb a photo's thumbnail.
func (s *Server) outputAttachmentDownload(w http.ResponseWriter, r *http.Request) error {
	return s.outputAttachmentServe(w, r, false)
}

func (s *Server) outputAttachmentThumb(w http.ResponseWriter, r *http.Request) error {
	return s.outputAttachmentServe(w, r, true)
}

func (s *Server) outputAttachmentServe(w http.ResponseWriter, r *http.Request, thumb bool) error {
	x, err := s.findVisibleOutput(r)
	if err != nil {
		return err
	}
	return s.serveAttachment(w, r, s.outputHolder(x), thumb)
}

// outputAttachmentRemove takes a piece of evidence off the output;
// outputAttachmentRestore puts it back (the undo the page offers).
func (s *Server) outputAttachmentRemove(w http.ResponseWriter, r *http.Request) error {
	return s.outputAttachmentRemoved(w, r, false)
}

func (s *Server) outputAttachmentRestore(w http.ResponseWriter, r *http.Request) error {
	return s.outputAttachmentRemoved(w, r, true)
}

func (s *Server) outputAttachmentRemoved(w http.ResponseWriter, r *http.Request, restore bool) error {
	x, err := s.evidenceOutput(r)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	if !auth.Can(u, auth.EditRecord, auth.Object{OrgPath: x.OrgPath}) {
		// An owner takes back, or puts back, only what they added.
		aid, err := pathID(r, "aid")
		if err != nil {
			return err
		}
		a, err := s.store.FindAnyOutputAttachment(r.Context(), x.ID, aid)
		if err != nil {
			return err
		}
		if a.UploadedBy != u.ID {
			return fmt.Errorf("evidence %d of output %d: %w", aid, x.ID, huoshui.ErrForbidden)
		}
	}
	return s.removeAttachment(w, r, s.outputHolder(x), restore)
}
