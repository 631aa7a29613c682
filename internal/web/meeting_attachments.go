package web

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/photo"
)

// A meeting's photos and files. The secretary (whoever may keep the
// meeting's record) uploads them on the meeting's page; whoever may see
// the meeting sees and downloads them. Photos are re-encoded (upright, at
// most 2560 px, without EXIF: a phone's photo says where it was taken)
// and get a thumbnail; documents are kept byte for byte, when their
// content is one of the kinds a branch's records hold. The bytes live in
// the blob store under their SHA-256, the records in meeting_attachments.

const (
	// maxUploadFiles is how many files one upload takes.
	maxUploadFiles = 10
	// maxUploadBytes bounds one upload's request: its files and the form.
	maxUploadBytes = maxUploadFiles*huoshui.MaxAttachmentSize + 1<<20
	// photoSlots is how many photos are decoded at once: each takes tens
	// of megabytes and a core for a while.
	photoSlots = 2
	// maxNameRunes bounds a kept file name.
	maxNameRunes = 120
)

// attachmentAccept is the upload field's accept list: what the file
// picker offers. Listing image/jpeg makes an iPhone hand over its HEIC
// photos as JPEG.
const attachmentAccept = "image/jpeg,image/png,.jpg,.jpeg,.png,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.dps,.txt"

// errNoFiles is the answer where the server was started without a place
// for files (only in tests that do not need one).
var errNoFiles = errors.New("no blob store configured")

var uploadPath = regexp.MustCompile(`^/((meetings|materials|outputs)/[0-9]+/attachments|lectures/[0-9]+/slides|tasks/[0-9]+/progress|(api/v1/)?rooms/[0-9]+/messages)$`)

// uploadLimit bounds a multipart request's body: an attachment upload may
// carry several files, any other (the roster import) one.
func uploadLimit(r *http.Request) int64 {
	if uploadPath.MatchString(r.URL.Path) {
		return maxUploadBytes
	}
	if r.URL.Path == "/materials/import" || r.URL.Path == "/api/v1/materials/import" {
		return maxPageUpload
	}
	return maxImportBytes + 64<<10
}

// containers are the documents kept in an OLE2 compound file or a ZIP
// package: the content says which container, the name's extension which
// program. The value is the Content-Type kept.
var (
	oleTypes = map[string]string{
		".doc": "application/msword",
		".xls": "application/vnd.ms-excel",
		".ppt": "application/vnd.ms-powerpoint",
		".wps": "application/wps-office.wps", // WPS 文字
		".et":  "application/wps-office.et",  // WPS 表格
		".dps": "application/wps-office.dps", // WPS 演示
	}
	ooxmlTypes = map[string]struct{ part, contentType string }{
		".docx": {"word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		".xlsx": {"xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		".pptx": {"ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
	}
	photoExts = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".heic": true, ".heif": true,
		".webp": true, ".bmp": true, ".tif": true, ".tiff": true}
)

// refusal is why one file of an upload is not kept: a message id and its
// values.
type refusal struct {
	id   string
	args []any
}

func refuseFile(id string, args ...any) *refusal { return &refusal{id: id, args: args} }

// upload is one file of an upload, checked and ready to keep.
type upload struct {
	att   huoshui.Attachment
	photo *photo.Image          // a photo's new bytes
	file  *multipart.FileHeader // a document's, kept as they came
}

// attachmentHolder is what photos and files belong to, a meeting or a
// study material, as the handlers that serve and remove them need it:
// its page, and how to find and remove one of its attachments. The
// caller has loaded the holder through the reader's view.
type attachmentHolder struct {
	page   string // the holder's page, e.g. /meetings/7
	find   func(ctx context.Context, aid int64) (*huoshui.Attachment, error)
	remove func(ctx context.Context, a huoshui.Actor, aid int64, restore bool) error
}

func (s *Server) meetingHolder(m *huoshui.Meeting) attachmentHolder {
	return attachmentHolder{
		page: meetingPath(m),
		find: func(ctx context.Context, aid int64) (*huoshui.Attachment, error) {
			return s.store.FindAttachment(ctx, m.ID, aid)
		},
		remove: func(ctx context.Context, a huoshui.Actor, aid int64, restore bool) error {
			return s.store.RemoveAttachment(ctx, a, m.ID, aid, restore)
		},
	}
}

// uploadRefused is an upload not kept: the status and, one a file, the
// reasons, for the holder's page to show above its upload form.
type uploadRefused struct {
	code int
	msgs []string
}

func (e *uploadRefused) Error() string {
	return fmt.Sprintf("upload refused (%d): %s", e.code, strings.Join(e.msgs, "; "))
}

// form is the upload's refusal as the page's form: the reasons under
// files.000, files.001, … (see UploadProblems).
func (e *uploadRefused) form() form {
	f := newForm(nil)
	for i, msg := range e.msgs {
		f.Fail(fmt.Sprintf("files.%03d", i), msg)
	}
	return f
}

// attachmentUpload keeps the posted photos and files with the meeting.
func (s *Server) attachmentUpload(w http.ResponseWriter, r *http.Request) error {
	m, err := s.editableMeeting(r)
	if err != nil {
		return err
	}
	xs, err := s.takeUploads(w, r)
	if ref := (*uploadRefused)(nil); errors.As(err, &ref) {
		return s.renderMeeting(w, r, ref.code, m, ref.form())
	}
	if err != nil {
		return err
	}
	for _, x := range xs {
		x.MeetingID = m.ID
	}
	if err := s.store.AddAttachments(r.Context(), s.actor(r), xs); err != nil {
		return err
	}
	flashWith(w, "attachment.uploaded", "Count", len(xs))
	http.Redirect(w, r, meetingPath(m)+"#attachments", http.StatusSeeOther)
	return nil
}

// takeUploads reads the photos and files of an upload form (field
// "files") and writes them to the blob store, ready for the caller to
// record with their holder. Every file is checked before any is kept:
// when one is refused, none is, and the *uploadRefused error says which
// and why.
func (s *Server) takeUploads(w http.ResponseWriter, r *http.Request) ([]*huoshui.Attachment, error) {
	if s.files == nil {
		return nil, errNoFiles
	}
	ctx, lang := r.Context(), langFrom(r)
	refuse := func(code int, msgs ...string) error { return &uploadRefused{code: code, msgs: msgs} }
	if r.MultipartForm == nil { // withCSRF reads it only for browsers that need the token
		r.Body = http.MaxBytesReader(w, r.Body, maxUploadBytes)
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, refuse(http.StatusRequestEntityTooLarge, s.msgs.T(lang, "attachment.upload_too_large",
					"Count", maxUploadFiles, "MB", huoshui.MaxAttachmentSize>>20))
			}
			return nil, refuse(http.StatusUnprocessableEntity, s.msgs.T(lang, "attachment.no_file"))
		}
	}
	defer r.MultipartForm.RemoveAll()
	heads := r.MultipartForm.File["files"]
	switch {
	case len(heads) == 0:
		return nil, refuse(http.StatusUnprocessableEntity, s.msgs.T(lang, "attachment.no_file"))
	case len(heads) > maxUploadFiles:
		return nil, refuse(http.StatusUnprocessableEntity, s.msgs.T(lang, "attachment.too_many", "Count", maxUploadFiles))
	}
	var ready []*upload
	var refused []string
	code := http.StatusUnprocessableEntity
	for _, fh := range heads {
		up, why, err := s.checkUpload(ctx, fh)
		if err != nil {
			return nil, err
		}
		if why != nil {
			if why.id == "attachment.too_large" {
				code = http.StatusRequestEntityTooLarge
			}
			refused = append(refused, s.msgs.T(lang, "attachment.refused_file",
				"Name", attachmentName(fh.Filename, ""), "Reason", s.msgs.T(lang, why.id, why.args...)))
			continue
		}
		ready = append(ready, up)
	}
	if len(refused) > 0 {
		if len(heads) > 1 {
			refused = append(refused, s.msgs.T(lang, "attachment.none_kept"))
		}
		return nil, refuse(code, refused...)
	}
	xs := make([]*huoshui.Attachment, len(ready))
	for i, up := range ready {
		if err := s.keep(ctx, up); err != nil {
			return nil, err
		}
		xs[i] = &up.att
	}
	return xs, nil
}

// checkUpload reads one posted file and decides what to keep: a photo
// re-encoded, or a document as it is. A refusal says why; an error is the
// server's. The caller says what the upload belongs to.
func (s *Server) checkUpload(ctx context.Context, fh *multipart.FileHeader) (*upload, *refusal, error) {
	if fh.Size > huoshui.MaxAttachmentSize {
		return nil, refuseFile("attachment.too_large", "MB", huoshui.MaxAttachmentSize>>20), nil
	}
	if fh.Size == 0 {
		return nil, refuseFile("attachment.empty"), nil
	}
	f, err := fh.Open()
	if err != nil {
		return nil, nil, fmt.Errorf("attachment: open upload: %w", err)
	}
	defer f.Close()
	head := make([]byte, 8<<10)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, nil, fmt.Errorf("attachment: read upload: %w", err)
	}
	head = head[:n]
	ext := strings.ToLower(filepath.Ext(baseName(fh.Filename)))
	up := &upload{att: huoshui.Attachment{Kind: huoshui.AttachmentFile}}

	if photo.Sniff(head) != "" {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, nil, fmt.Errorf("attachment: read upload: %w", err)
		}
		select {
		case s.photos <- struct{}{}:
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		}
		img, err := photo.Process(f, huoshui.MaxAttachmentSize)
		<-s.photos
		switch {
		case errors.Is(err, photo.ErrTooLarge):
			return nil, refuseFile("attachment.too_large", "MB", huoshui.MaxAttachmentSize>>20), nil
		case errors.Is(err, photo.ErrTooManyPixels):
			return nil, refuseFile("attachment.too_many_pixels", "MP", photo.MaxPixels/1_000_000, "Wan", photo.MaxPixels/10_000), nil
		case errors.Is(err, photo.ErrCorrupt):
			return nil, refuseFile("attachment.photo_unreadable"), nil
		case err != nil:
			return nil, nil, err
		}
		up.photo = img
		up.att.Kind, up.att.ContentType = huoshui.AttachmentPhoto, img.ContentType
		up.att.Name = attachmentName(fh.Filename, img.Ext)
		up.att.Width, up.att.Height = img.Width, img.Height
		return up, nil, nil
	}

	up.file = fh
	up.att.Name = attachmentName(fh.Filename, "")
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		// Kept as .pdf whatever it was called: "%PDF-" is also a line a
		// batch file (.bat) skips before running the rest.
		up.att.ContentType, up.att.Name = "application/pdf", attachmentName(fh.Filename, ".pdf")
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}): // OLE2 compound file
		ct, ok := oleTypes[ext]
		if !ok {
			return nil, refuseFile("attachment.office_ext"), nil
		}
		up.att.ContentType = ct
	case bytes.HasPrefix(head, []byte("PK\x03\x04")): // a ZIP: an Office Open XML document, or not
		t, ok := ooxmlTypes[ext]
		if !ok || !ooxmlHas(f, fh.Size, t.part) {
			return nil, refuseFile("attachment.office_ext"), nil
		}
		up.att.ContentType = t.contentType
	case ext == ".txt" && plainText(head):
		up.att.ContentType = "text/plain"
		if validUTF8Start(head, int64(len(head)) < fh.Size) {
			up.att.ContentType = "text/plain; charset=utf-8"
		}
	case photoExts[ext]:
		return nil, refuseFile("attachment.not_photo"), nil
	default:
		return nil, refuseFile("attachment.unsupported"), nil
	}
	return up, nil, nil
}

// ooxmlHas reports whether a ZIP file is an Office Open XML package
// whose main part lies under part ("word/" for a .docx): a ZIP of
// anything else renamed .docx is not.
func ooxmlHas(f multipart.File, size int64, part string) bool {
	z, err := zip.NewReader(f, size)
	if err != nil {
		return false
	}
	types, main := false, false
	for _, e := range z.File {
		types = types || e.Name == "[Content_Types].xml"
		main = main || strings.HasPrefix(e.Name, part)
	}
	return types && main
}

// plainText reports whether the start of a file reads as text: no NUL
// and no control characters besides tab, line and page breaks and the
// escape of old printers. It says nothing of the encoding: Notepad on a
// Chinese Windows writes GBK.
func plainText(head []byte) bool {
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B {
			return false
		}
	}
	return true
}

// validUTF8Start reports whether the start of a file is UTF-8; when the
// file goes on (cut), the last character may be cut in two.
func validUTF8Start(b []byte, cut bool) bool {
	for k := 0; cut && k < utf8.UTFMax-1 && len(b) > 0 && !utf8.Valid(b); k++ {
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

// keep writes an upload's bytes to the blob store and fills in where.
func (s *Server) keep(ctx context.Context, up *upload) error {
	if up.photo != nil {
		key, size, err := s.files.Put(ctx, bytes.NewReader(up.photo.Data))
		if err != nil {
			return err
		}
		thumb, _, err := s.files.Put(ctx, bytes.NewReader(up.photo.Thumb))
		if err != nil {
			return err
		}
		up.att.Blob, up.att.Size, up.att.Thumb = key, size, thumb
		return nil
	}
	f, err := up.file.Open()
	if err != nil {
		return fmt.Errorf("attachment: open upload: %w", err)
	}
	defer f.Close()
	key, size, err := s.files.PutLimited(ctx, f, huoshui.MaxAttachmentSize)
	if err != nil {
		return err
	}
	up.att.Blob, up.att.Size = key, size
	return nil
}

// baseName is the last part of a file name as a browser sends it; old
// browsers on Windows send the whole path.
func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return name
}

// attachmentName is the name a file is kept under: its last part, without
// characters that do not print or that turn text around, at most
// maxNameRunes long with its extension kept. ext, when given, replaces
// an extension that does not name the same format (a PNG kept as JPEG).
func attachmentName(name, ext string) string {
	name = strings.Map(func(r rune) rune {
		if huoshui.CheckText(string(r), false) != "" {
			return -1
		}
		return r
	}, strings.ToValidUTF8(baseName(name), ""))
	name = strings.TrimSpace(name)
	old := filepath.Ext(name)
	stem := strings.TrimSpace(strings.TrimSuffix(name, old))
	if ext != "" {
		same := strings.EqualFold(old, ext) || ext == ".jpg" && strings.EqualFold(old, ".jpeg")
		if !same {
			old = ext
		}
	}
	if stem == "" {
		stem = "file"
		if ext != "" {
			stem = "photo"
		}
	}
	if r := []rune(stem); len(r)+utf8.RuneCountInString(old) > maxNameRunes {
		stem = string(r[:max(1, maxNameRunes-utf8.RuneCountInString(old))])
	}
	return stem + old
}

// attachmentDownload sends a photo or file; attachmentThumb a photo's
// thumbnail. Whoever may see the meeting may have them.
func (s *Server) attachmentDownload(w http.ResponseWriter, r *http.Request) error {
	return s.meetingAttachmentServe(w, r, false)
}

func (s *Server) attachmentThumb(w http.ResponseWriter, r *http.Request) error {
	return s.meetingAttachmentServe(w, r, true)
}

func (s *Server) meetingAttachmentServe(w http.ResponseWriter, r *http.Request, thumb bool) error {
	m, err := s.findVisibleMeeting(r)
	if err != nil {
		return err
	}
	return s.serveAttachment(w, r, s.meetingHolder(m), thumb)
}

// serveAttachment sends the photo or file {aid} of h, or a photo's
// thumbnail.
func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request, h attachmentHolder, thumb bool) error {
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	a, err := h.find(r.Context(), aid)
	if err != nil {
		return err
	}
	key, contentType := a.Blob, a.ContentType
	if thumb {
		if a.Thumb == "" {
			return fmt.Errorf("attachment %d has no thumbnail: %w", a.ID, huoshui.ErrNotFound)
		}
		key, contentType = a.Thumb, "image/jpeg"
	}
	if s.files == nil {
		return errNoFiles
	}
	f, err := s.files.Open(key)
	if err != nil {
		// The record is there and its bytes are not: the folder was lost
		// or is not the one the database was written with.
		return fmt.Errorf("attachment %d of %s: %w", a.ID, h.page, err)
	}
	defer f.Close()
	hd := w.Header()
	hd.Set("Content-Type", contentType)
	hd.Set("X-Content-Type-Options", "nosniff")
	// Nothing served here runs in the page's origin, whatever a browser
	// makes of it.
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	// A browser keeps what it got but asks each time, so that a removal
	// or a reader's lost rights count at once; the answer is mostly 304.
	hd.Set("Cache-Control", "private, no-cache")
	hd.Set("ETag", `"`+key+`"`) // the bytes' SHA-256: they never change
	name := a.Name
	if thumb {
		name = strings.TrimSuffix(name, filepath.Ext(name)) + "-thumb.jpg"
	}
	fallback := fmt.Sprintf("attachment-%d%s", a.ID, asciiExt(name))
	disp := attachment(name, fallback)
	if a.Kind == huoshui.AttachmentPhoto {
		disp = "inline" + strings.TrimPrefix(disp, "attachment")
	}
	hd.Set("Content-Disposition", disp)
	http.ServeContent(w, r, "", f.ModTime, f)
	return nil
}

// asciiExt is a file name's extension when it is plain ASCII letters and
// digits, for the fallback name of browsers that cannot read UTF-8 names.
func asciiExt(name string) string {
	ext := filepath.Ext(name)
	for _, c := range strings.TrimPrefix(ext, ".") {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return ""
		}
	}
	return ext
}

// attachmentRemove takes a photo or file off the meeting's page;
// attachmentRestore puts it back (the undo the page offers after a
// removal). The bytes stay in the blob store either way.
func (s *Server) attachmentRemove(w http.ResponseWriter, r *http.Request) error {
	return s.attachmentRemoved(w, r, false)
}

func (s *Server) attachmentRestore(w http.ResponseWriter, r *http.Request) error {
	return s.attachmentRemoved(w, r, true)
}

func (s *Server) attachmentRemoved(w http.ResponseWriter, r *http.Request, restore bool) error {
	m, err := s.editableMeeting(r)
	if err != nil {
		return err
	}
	return s.removeAttachment(w, r, s.meetingHolder(m), restore)
}

// removeAttachment takes the photo or file {aid} off h's page (restore:
// false), then shows the page with the undo (?removed=ID), or puts it
// back. The caller has checked that the user keeps h.
func (s *Server) removeAttachment(w http.ResponseWriter, r *http.Request, h attachmentHolder, restore bool) error {
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	flow := formFlow[struct{}]{
		Save: func(struct{}) error {
			return h.remove(r.Context(), s.actor(r), aid, restore)
		},
		Flash: "attachment.restored",
		Next:  func(struct{}) string { return h.page + "#attachments" },
	}
	if !restore {
		a, err := h.find(r.Context(), aid)
		if err != nil {
			return err
		}
		flow.Flash = "attachment.removed"
		flow.FlashArgs = func(struct{}) []any { return []any{"Name", huoshui.Truncate(a.Name, 40)} }
		flow.Next = func(struct{}) string {
			return h.page + "?" + url.Values{"removed": {strconv.FormatInt(aid, 10)}}.Encode() + "#attachments"
		}
	}
	return submit(s, w, r, flow)
}

// attachmentsView is the photos and files a page shows (a meeting's, a
// material's) with what its template asks of them; the pages embed it.
type attachmentsView struct {
	Attachments []huoshui.Attachment
}

// Photos are the photos, for the grid of thumbnails.
func (v attachmentsView) Photos() []huoshui.Attachment {
	return v.attachmentsOf(huoshui.AttachmentPhoto)
}

// Files are the other files, for the list.
func (v attachmentsView) Files() []huoshui.Attachment {
	return v.attachmentsOf(huoshui.AttachmentFile)
}

func (v attachmentsView) attachmentsOf(k huoshui.AttachmentKind) []huoshui.Attachment {
	var out []huoshui.Attachment
	for _, a := range v.Attachments {
		if a.Kind == k {
			out = append(out, a)
		}
	}
	return out
}

// UploadAccept is the file picker's list of kinds.
func (attachmentsView) UploadAccept() string { return attachmentAccept }

// UploadMaxFiles and UploadMaxMB are the limits the upload form states.
func (attachmentsView) UploadMaxFiles() int { return maxUploadFiles }

func (attachmentsView) UploadMaxMB() int { return huoshui.MaxAttachmentSize >> 20 }

// FileSize says a size in bytes as people read it: 860 KB, 2.4 MB.
func (attachmentsView) FileSize(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// uploadProblems are the reasons the last upload was refused, one a file
// (see uploadRefused.form).
func uploadProblems(f form) []string {
	var keys []string
	for k := range f.Errors {
		if strings.HasPrefix(k, "files.") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = f.Errors[k]
	}
	return out
}

// removedAttachment is the attachment just removed, which the page at
// requestURI offers to put back (0: none).
func removedAttachment(requestURI string) int64 {
	u, err := url.Parse(requestURI)
	if err != nil {
		return 0
	}
	id, _ := strconv.ParseInt(u.Query().Get("removed"), 10, 64)
	return max(id, 0)
}

// UploadProblems are the reasons the last upload was refused, one a file.
func (p *meetingViewPage) UploadProblems() []string { return uploadProblems(p.Form) }

// RemovedAttachment is the attachment just removed, which the page offers
// to put back (0: none).
func (p *meetingViewPage) RemovedAttachment() int64 { return removedAttachment(p.RequestURI) }
