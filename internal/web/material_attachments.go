package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"unicode/utf8"

	"github.com/huoshui/huoshui"
)

// A study material's photos and files, kept as a meeting's are
// (meeting_attachments.go: the same checks, the same blob store, the same
// undo after a removal). Whoever keeps the material uploads and removes
// them; whoever may read it sees and downloads them. A photo shows in the
// body where a line ![说明](name.jpg) names it (materialHTML), the others
// after the body; files are listed under 附件.

func (s *Server) materialHolder(m *huoshui.Material) attachmentHolder {
	return attachmentHolder{
		page: materialPath(m),
		find: func(ctx context.Context, aid int64) (*huoshui.Attachment, error) {
			return s.store.FindMaterialAttachment(ctx, m.ID, aid)
		},
		remove: func(ctx context.Context, a huoshui.Actor, aid int64, restore bool) error {
			return s.store.RemoveMaterialAttachment(ctx, a, m.ID, aid, restore)
		},
	}
}

// materialAttachmentUpload keeps the posted photos and files with the
// material, each under a name none of its others has.
func (s *Server) materialAttachmentUpload(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMaterial(r)
	if err != nil {
		return err
	}
	xs, err := s.takeUploads(w, r)
	if ref := (*uploadRefused)(nil); errors.As(err, &ref) {
		return s.renderMaterial(w, r, ref.code, m, ref.form())
	}
	if err != nil {
		return err
	}
	have, err := s.store.FindMaterialAttachments(r.Context(), m.ID)
	if err != nil {
		return err
	}
	uniqueNames(have, xs)
	for _, x := range xs {
		x.MaterialID = m.ID
	}
	if err := s.store.AddMaterialAttachments(r.Context(), s.actor(r), xs); err != nil {
		return err
	}
	flashWith(w, "attachment.uploaded", "Count", len(xs))
	http.Redirect(w, r, materialPath(m)+"#attachments", http.StatusSeeOther)
	return nil
}

// uniqueNames renames the new attachments xs whose name one the material
// has (or one before them in xs) already holds: a second 合影.jpg becomes
// 合影-2.jpg. The body places a photo by its name, which must say which.
func uniqueNames(have []huoshui.Attachment, xs []*huoshui.Attachment) {
	taken := map[string]bool{}
	for _, a := range have {
		taken[a.Name] = true
	}
	for _, x := range xs {
		name := x.Name
		ext := filepath.Ext(name)
		stem := []rune(name[:len(name)-len(ext)])
		for n := 2; taken[name]; n++ {
			suffix := fmt.Sprintf("-%d", n)
			keep := min(len(stem), max(1, maxNameRunes-utf8.RuneCountInString(ext)-len(suffix)))
			name = string(stem[:keep]) + suffix + ext
		}
		x.Name = name
		taken[name] = true
	}
}

// materialAttachmentDownload sends a material's photo or file;
// materialAttachmentThumb a photo's thumbnail. Whoever may read the
// material may have them.
func (s *Server) materialAttachmentDownload(w http.ResponseWriter, r *http.Request) error {
	return s.materialAttachmentServe(w, r, false)
}

func (s *Server) materialAttachmentThumb(w http.ResponseWriter, r *http.Request) error {
	return s.materialAttachmentServe(w, r, true)
}

func (s *Server) materialAttachmentServe(w http.ResponseWriter, r *http.Request, thumb bool) error {
	m, err := s.findVisibleMaterial(r)
	if err != nil {
		return err
	}
	return s.serveAttachment(w, r, s.materialHolder(m), thumb)
}

// materialAttachmentRemove takes a photo or file off the material;
// materialAttachmentRestore puts it back (the undo the page offers).
func (s *Server) materialAttachmentRemove(w http.ResponseWriter, r *http.Request) error {
	return s.materialAttachmentRemoved(w, r, false)
}

func (s *Server) materialAttachmentRestore(w http.ResponseWriter, r *http.Request) error {
	return s.materialAttachmentRemoved(w, r, true)
}

func (s *Server) materialAttachmentRemoved(w http.ResponseWriter, r *http.Request, restore bool) error {
	m, err := s.editableMaterial(r)
	if err != nil {
		return err
	}
	return s.removeAttachment(w, r, s.materialHolder(m), restore)
}

// LoosePhotos are the photos the body does not place, for the grid after
// it.
func (p *materialViewPage) LoosePhotos() []huoshui.Attachment {
	var out []huoshui.Attachment
	for _, a := range p.Photos() {
		if !p.Placed[a.ID] {
			out = append(out, a)
		}
	}
	return out
}

// PlacedPhotos are the photos the body shows, listed for their keeper
// with their code and their remove button.
func (p *materialViewPage) PlacedPhotos() []huoshui.Attachment {
	var out []huoshui.Attachment
	for _, a := range p.Photos() {
		if p.Placed[a.ID] {
			out = append(out, a)
		}
	}
	return out
}

// materialPhotoItem is one photo of the page's grids: the page (P) and
// the photo (A), for the template "material-photo".
type materialPhotoItem struct {
	P *materialViewPage
	A huoshui.Attachment
}

// PhotoItem is a photo as the grids' template takes it.
func (p *materialViewPage) PhotoItem(a huoshui.Attachment) materialPhotoItem {
	return materialPhotoItem{P: p, A: a}
}

// Keeps reports whether the reader may change the material's photos and
// files now: they keep it and it is not archived (its text cannot be
// edited then either).
func (p *materialViewPage) Keeps() bool { return p.CanEdit && p.M.ArchivedAt == nil }

// InsertCode is the line that places a photo in the body, for its keeper
// to copy: ![](name).
func (p *materialViewPage) InsertCode(a huoshui.Attachment) string { return "![](" + a.Name + ")" }

// UploadProblems are the reasons the last upload was refused, one a file.
func (p *materialViewPage) UploadProblems() []string { return uploadProblems(p.Form) }

// RemovedAttachment is the attachment just removed, which the page offers
// to put back (0: none).
func (p *materialViewPage) RemovedAttachment() int64 { return removedAttachment(p.RequestURI) }
