package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/blob"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
	"github.com/huoshui/huoshui/internal/web"
)

// filesEnv is a demo server that keeps files, in a folder of the test's,
// with a meeting of the secretariat held an hour ago.
type filesEnv struct {
	*env
	files   *blob.Store
	meeting *huoshui.Meeting
}

func eachFilesEnv(t *testing.T, fn func(t *testing.T, e *filesEnv)) {
	storetest.Each(t, func(t *testing.T, st *store.Store) { fn(t, newFilesEnv(t, st)) })
}

func newFilesEnv(t *testing.T, st *store.Store) *filesEnv {
	t.Helper()
	if _, err := demo.Seed(context.Background(), st); err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	files, err := blob.Open(filepath.Join(t.TempDir(), "files"))
	if err != nil {
		t.Fatal(err)
	}
	_, h, err := web.New(web.Deps{Store: st, Files: files})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	e := &filesEnv{env: &env{t: t, gid: goid(), store: st, srv: srv}, files: files}
	sec := e.findAccount("secretary")
	start := time.Now().Add(-time.Hour).Truncate(time.Minute)
	e.meeting = &huoshui.Meeting{OrgID: e.demoOrg(demo.BranchName).ID, Type: huoshui.MeetingThemeDay, Title: "四月主题党日",
		StartsAt: start, EndsAt: start.Add(2 * time.Hour)}
	if err := st.CreateMeeting(context.Background(), huoshui.Actor{UserID: sec.ID, Username: sec.Username}, e.meeting, nil); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *filesEnv) path(suffix string) string {
	return fmt.Sprintf("/meetings/%d%s", e.meeting.ID, suffix)
}

// attachments are the meeting's photos and files as the store has them.
func (e *filesEnv) attachments() []huoshui.Attachment {
	e.T().Helper()
	as, err := e.store.FindAttachments(context.Background(), e.meeting.ID)
	if err != nil {
		e.T().Fatal(err)
	}
	return as
}

// blobs counts the files in the blob store's folder.
func (e *filesEnv) blobs() int {
	n := 0
	filepath.WalkDir(e.files.Dir(), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// upload posts files (name, bytes, in turn) as the meeting page's form does.
func (c *client) upload(path string, files ...any) *response {
	c.e.T().Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := mw.CreateFormFile("files", files[i].(string))
		if err != nil {
			c.e.T().Fatal(err)
		}
		w.Write(files[i+1].([]byte))
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// quadrants is a w × h picture: red top left, green top right, blue
// bottom left, yellow bottom right.
func quadrants(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	cs := [2][2]color.RGBA{{{220, 30, 30, 255}, {30, 200, 30, 255}}, {{30, 30, 220, 255}, {230, 220, 30, 255}}}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, cs[y*2/h][x*2/w])
		}
	}
	return img
}

// colourAt names the quadrant colour nearest a picture's pixel.
func colourAt(img image.Image, x, y int) string {
	r, g, b, _ := img.At(x, y).RGBA()
	switch {
	case r>>8 > 150 && g>>8 > 150:
		return "yellow"
	case r>>8 > 150:
		return "red"
	case g>>8 > 150:
		return "green"
	case b>>8 > 150:
		return "blue"
	}
	return "?"
}

// phonePhoto is a JPEG as a phone held sideways writes it: the sensor's
// landscape pixels, and an EXIF segment saying to turn them a quarter
// clockwise (orientation 6), with the phone's make and where it was
// (GPS latitude 39° 54′ N).
func phonePhoto(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, quadrants(w, h), &jpeg.Options{Quality: 92}); err != nil {
		t.Fatal(err)
	}
	be := binary.BigEndian
	var tiff []byte
	tiff = append(tiff, "MM\x00\x2a\x00\x00\x00\x08"...)
	entry := func(tag, typ uint16, count, value uint32) {
		tiff = be.AppendUint16(tiff, tag)
		tiff = be.AppendUint16(tiff, typ)
		tiff = be.AppendUint32(tiff, count)
		tiff = be.AppendUint32(tiff, value)
	}
	const makeAt, gpsAt = 8 + 2 + 3*12 + 4, 8 + 2 + 3*12 + 4 + 8
	tiff = be.AppendUint16(tiff, 3)
	entry(0x010F, 2, 7, makeAt) // Make
	entry(0x0112, 3, 1, 6<<16)  // Orientation: turn a quarter clockwise
	entry(0x8825, 4, 1, gpsAt)  // the GPS directory
	tiff = be.AppendUint32(tiff, 0)
	tiff = append(tiff, "HUAWEI\x00\x00"...)
	tiff = be.AppendUint16(tiff, 2)
	entry(0x0001, 2, 2, 'N'<<24)        // GPSLatitudeRef
	entry(0x0002, 5, 3, gpsAt+2+2*12+4) // GPSLatitude
	tiff = be.AppendUint32(tiff, 0)
	for _, v := range []uint32{39, 1, 54, 1, 2712, 100} {
		tiff = be.AppendUint32(tiff, v)
	}
	seg := append([]byte{0xFF, 0xE1}, be.AppendUint16(nil, uint16(len(tiff)+8))...)
	seg = append(append(seg, "Exif\x00\x00"...), tiff...)
	jpg := buf.Bytes()
	return append(append(append([]byte{}, jpg[:2]...), seg...), jpg[2:]...)
}

// A phone photo taken sideways, with the place it was taken in its EXIF,
// is kept upright and without any EXIF; its thumbnail is smaller; the
// page shows it in the grid.
func TestAttachmentPhotoKeptUprightWithoutEXIF(t *testing.T) {
	t.Parallel()
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		in := phonePhoto(t, 1200, 800)
		if !bytes.Contains(in, []byte("HUAWEI")) || !bytes.Contains(in, []byte("Exif")) {
			t.Fatal("the test photo has no EXIF")
		}
		sec := e.login("secretary")
		r := sec.upload(e.path("/attachments"), "支部合影.jpg", in).wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != e.path("#attachments") {
			t.Errorf("upload went to %s", loc)
		}
		as := e.attachments()
		if len(as) != 1 || as[0].Kind != huoshui.AttachmentPhoto || as[0].Name != "支部合影.jpg" || as[0].Width != 800 || as[0].Height != 1200 {
			t.Fatalf("kept %+v, want one upright 800×1200 photo", as)
		}
		page := sec.get(e.path("")).wantStatus(http.StatusOK)
		if !strings.Contains(page.Body, "已上传 1 个照片或文件") {
			t.Errorf("no notice of the upload")
		}
		img := page.doc().Find(fmt.Sprintf(`.photo-grid a[href="%s"] img`, e.path(fmt.Sprintf("/attachments/%d", as[0].ID))))
		if src, _ := img.Attr("src"); src != e.path(fmt.Sprintf("/attachments/%d/thumb", as[0].ID)) {
			t.Errorf("the grid shows %q", src)
		}

		// Any member of the branch downloads it: a JPEG, upright, shown
		// inline under its Chinese name, with nothing of the EXIF left.
		member := e.login("member")
		full := member.get(e.path(fmt.Sprintf("/attachments/%d", as[0].ID))).wantStatus(http.StatusOK)
		h := full.Header
		if h.Get("Content-Type") != "image/jpeg" || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("served as %q, nosniff %q", h.Get("Content-Type"), h.Get("X-Content-Type-Options"))
		}
		if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "inline;") ||
			!strings.Contains(cd, "filename*=UTF-8''"+url.PathEscape("支部合影.jpg")) {
			t.Errorf("Content-Disposition %q", cd)
		}
		for _, leak := range []string{"Exif", "HUAWEI", "MM\x00\x2a"} {
			if strings.Contains(full.Body, leak) {
				t.Errorf("the kept photo still holds %q", leak)
			}
		}
		pic, err := jpeg.Decode(strings.NewReader(full.Body))
		if err != nil {
			t.Fatal(err)
		}
		// Turned a quarter clockwise, the sensor's bottom-left blue is now
		// top left, its top-left red top right.
		b := pic.Bounds()
		if b.Dx() != 800 || b.Dy() != 1200 {
			t.Fatalf("the kept photo is %v, want 800×1200", b)
		}
		got := []string{colourAt(pic, 200, 300), colourAt(pic, 600, 300), colourAt(pic, 200, 900), colourAt(pic, 600, 900)}
		if strings.Join(got, " ") != "blue red yellow green" {
			t.Errorf("the kept photo's quarters are %v, want blue red / yellow green (upright)", got)
		}

		thumb := member.get(e.path(fmt.Sprintf("/attachments/%d/thumb", as[0].ID))).wantStatus(http.StatusOK)
		tp, err := jpeg.Decode(strings.NewReader(thumb.Body))
		if err != nil {
			t.Fatal(err)
		}
		if tb := tp.Bounds(); tb.Dx() != 320 || tb.Dy() != 480 || len(thumb.Body) >= len(full.Body) {
			t.Errorf("thumbnail %v of %d bytes, photo %d bytes", tb, len(thumb.Body), len(full.Body))
		}
		if colourAt(tp, 80, 120) != "blue" {
			t.Errorf("the thumbnail is not upright")
		}
		// A browser that has it asks again and is told it has not changed.
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+e.path(fmt.Sprintf("/attachments/%d/thumb", as[0].ID)), nil)
		req.Header.Set("If-None-Match", thumb.Header.Get("ETag"))
		member.do(req).wantStatus(http.StatusNotModified)
	})
}

// A file over 10 MB is refused with its name and the reason, and nothing
// of the upload is kept, not even the good photo beside it.
func TestAttachmentTooLargeRefused(t *testing.T) {
	t.Parallel()
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		sec := e.login("secretary")
		big := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("0"), 12<<20)...)
		r := sec.upload(e.path("/attachments"), "会议材料汇编.pdf", big, "合影.jpg", phonePhoto(t, 200, 100)).
			wantStatus(http.StatusRequestEntityTooLarge)
		problems := strings.TrimSpace(r.doc().Find("form.upload .form-error").Text())
		for _, want := range []string{"会议材料汇编.pdf", "文件超过 10 MB", "其余文件也没有保存"} {
			if !strings.Contains(problems, want) {
				t.Errorf("the refusal %q does not say %q", problems, want)
			}
		}
		if strings.Contains(problems, "合影.jpg") {
			t.Errorf("the good photo is named as refused: %q", problems)
		}
		if n := len(e.attachments()); n != 0 || e.blobs() != 0 {
			t.Errorf("after a refused upload: %d attachments, %d files kept", n, e.blobs())
		}
	})
}

// A program renamed .jpg is no photo, and an unknown file is refused: the
// content decides, not the name.
func TestAttachmentProgramRefused(t *testing.T) {
	t.Parallel()
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		sec := e.login("secretary")
		exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), bytes.Repeat([]byte{0}, 4000)...)
		r := sec.upload(e.path("/attachments"), "照片.jpg", exe).wantStatus(http.StatusUnprocessableEntity)
		if got := r.doc().Find("form.upload .form-error").Text(); !strings.Contains(got, "照片.jpg") || !strings.Contains(got, "不是能读取的 JPG 或 PNG 照片") {
			t.Errorf("refusal %q", got)
		}
		for name, data := range map[string][]byte{
			"setup.exe":   exe,
			"通知.docx":     zipOf(t, map[string]string{"readme.txt": "not a document"}),
			"run.sh":      []byte("#!/bin/sh\nrm -rf /\n"),
			"page.html":   []byte("<html><script>alert(1)</script></html>"),
			"binary.txt":  append([]byte("text"), 0, 1, 2),
			"message.doc": exe,
		} {
			r := sec.upload(e.path("/attachments"), name, data).wantStatus(http.StatusUnprocessableEntity)
			if got := r.doc().Find("form.upload .form-error li").First().Text(); !strings.HasPrefix(got, "“"+name+"”：") {
				t.Errorf("%s: refusal %q does not name it", name, got)
			}
		}
		if n := len(e.attachments()); n != 0 || e.blobs() != 0 {
			t.Errorf("after refused uploads: %d attachments, %d files kept", n, e.blobs())
		}
		// A batch file that starts like a PDF is kept as the PDF it claims
		// to be, under a name that does not run.
		sec.upload(e.path("/attachments"), "材料.bat", []byte("%PDF-1.4\r\ncalc.exe\r\n")).wantStatus(http.StatusSeeOther)
		if as := e.attachments(); len(as) != 1 || as[0].Name != "材料.pdf" || as[0].ContentType != "application/pdf" {
			t.Errorf("a .bat starting with %%PDF- was kept as %+v", as)
		}
	})
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for name, text := range files {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(text))
	}
	z.Close()
	return buf.Bytes()
}

// Documents are kept byte for byte and sent as downloads; a member of
// the branch may have them, a member of the branch beside (综合处) gets
// "not found" for every one of them, and a plain member cannot upload.
func TestAttachmentDocumentsAndWhoGetsThem(t *testing.T) {
	t.Parallel()
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		sec := e.login("secretary")
		pdf := []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
		docx := zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
		ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, bytes.Repeat([]byte{0}, 600)...)
		txt := []byte("会议议程：\r\n一、学习党章\r\n")
		sec.upload(e.path("/attachments"), "学习材料.pdf", pdf, "会议通知.docx", docx, "发言稿.wps", ole,
			"议程.txt", txt, "合影.jpg", phonePhoto(t, 300, 200)).wantStatus(http.StatusSeeOther)
		as := e.attachments()
		if len(as) != 5 {
			t.Fatalf("kept %d of 5", len(as))
		}
		want := map[string][]byte{"学习材料.pdf": pdf, "会议通知.docx": docx, "发言稿.wps": ole, "议程.txt": txt}
		types := map[string]string{"学习材料.pdf": "application/pdf", "议程.txt": "text/plain; charset=utf-8",
			"会议通知.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}

		page := e.login("member").get(e.path("")).wantStatus(http.StatusOK).doc()
		if n := page.Find(".file-list li").Length(); n != 4 {
			t.Errorf("the member's page lists %d files, want 4", n)
		}
		if page.Find("form.upload").Length() != 0 || page.Find(`form[action$="/remove"]`).Length() != 0 {
			t.Errorf("a plain member is offered the upload form or the remove buttons")
		}
		member := e.login("member")
		if r := member.upload(e.path("/attachments"), "议程.txt", txt); r.StatusCode != http.StatusForbidden {
			t.Errorf("a plain member's upload: %d, want 403", r.StatusCode)
		}

		// A member of 综合处, the branch beside.
		hash, _ := auth.HashPassword(demo.Password)
		other := &huoshui.User{Username: "zonghe", DisplayName: "罗家明", PasswordHash: hash, MemberID: e.demoMember("罗家明").ID,
			Roles: []huoshui.Role{{OrgID: e.demoOrg(demo.SecondBranch).ID, Kind: huoshui.RoleMember}}}
		if err := e.store.CreateUser(context.Background(), huoshui.Actor{Username: "test"}, other); err != nil {
			t.Fatal(err)
		}
		neighbour := e.login("zonghe")
		for _, a := range as {
			path := e.path(fmt.Sprintf("/attachments/%d", a.ID))
			r := member.get(path).wantStatus(http.StatusOK)
			if a.Kind == huoshui.AttachmentFile {
				if r.Body != string(want[a.Name]) {
					t.Errorf("%s: the download differs from the upload", a.Name)
				}
				if ct := types[a.Name]; ct != "" && r.Header.Get("Content-Type") != ct {
					t.Errorf("%s: served as %q, want %q", a.Name, r.Header.Get("Content-Type"), ct)
				}
				if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, url.PathEscape(a.Name)) {
					t.Errorf("%s: Content-Disposition %q", a.Name, cd)
				}
			}
			if r.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s: no nosniff", a.Name)
			}
			neighbour.get(path).wantStatus(http.StatusNotFound)
			neighbour.get(path + "/thumb").wantStatus(http.StatusNotFound)
			neighbour.postForm(path+"/remove", nil).wantStatus(http.StatusNotFound)
		}
		// A document has no thumbnail.
		for _, a := range as {
			if a.Kind == huoshui.AttachmentFile {
				member.get(e.path(fmt.Sprintf("/attachments/%d/thumb", a.ID))).wantStatus(http.StatusNotFound)
				break
			}
		}
		member.get(e.path("/attachments/999999")).wantStatus(http.StatusNotFound)
	})
}

// Removing a photo takes it off the page and its link; the page offers to
// undo, and the undo brings it back.
func TestAttachmentRemoveAndRestore(t *testing.T) {
	t.Parallel()
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		sec := e.login("secretary")
		sec.upload(e.path("/attachments"), "合影.jpg", phonePhoto(t, 300, 200)).wantStatus(http.StatusSeeOther)
		a := e.attachments()[0]
		link := e.path(fmt.Sprintf("/attachments/%d", a.ID))

		page := sec.get(e.path("")).wantStatus(http.StatusOK).doc()
		form := page.Find(fmt.Sprintf(`form[action="%s/remove"]`, link))
		if confirm, _ := form.Attr("data-confirm"); !strings.Contains(confirm, "合影.jpg") {
			t.Errorf("the remove button asks %q", confirm)
		}
		if e.login("member").get(e.path("")).doc().Find(fmt.Sprintf(`form[action="%s/remove"]`, link)).Length() != 0 {
			t.Errorf("a plain member is offered the remove button")
		}
		e.login("member").postForm(link+"/remove", nil).wantStatus(http.StatusForbidden)

		r := sec.postForm(link+"/remove", nil).wantStatus(http.StatusSeeOther)
		next := r.Header.Get("Location")
		if len(e.attachments()) != 0 {
			t.Fatal("the photo is still listed after its removal")
		}
		after := sec.get(next).wantStatus(http.StatusOK)
		doc := after.doc()
		if !strings.Contains(after.Body, "已移除“合影.jpg”") || doc.Find(".photo-grid").Length() != 0 {
			t.Errorf("after the removal the page says %q", strings.TrimSpace(doc.Find(".flash").Text()))
		}
		undo := doc.Find(fmt.Sprintf(`form.undo[action="%s/restore"]`, link))
		if undo.Length() != 1 || !strings.Contains(undo.Text(), "撤销") {
			t.Fatalf("no undo after the removal (went to %s)", next)
		}
		sec.get(link).wantStatus(http.StatusNotFound)
		sec.get(link + "/thumb").wantStatus(http.StatusNotFound)
		sec.postForm(link+"/restore", nil).wantStatus(http.StatusSeeOther)
		if as := e.attachments(); len(as) != 1 || as[0].ID != a.ID {
			t.Fatalf("after the undo: %+v", as)
		}
		sec.get(link).wantStatus(http.StatusOK)
		if sec.get(e.path("")).doc().Find(fmt.Sprintf(`.photo-grid a[href="%s"]`, link)).Length() != 1 {
			t.Errorf("the restored photo is not in the grid")
		}
	})
}

// The upload form states its limits and offers only the kinds it keeps;
// an upload with no file says so.
func TestAttachmentUploadForm(t *testing.T) {
	t.Parallel()
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		sec := e.login("secretary")
		doc := sec.get(e.path("")).wantStatus(http.StatusOK).doc()
		input := doc.Find(`form.upload[enctype="multipart/form-data"] input[type=file][name=files][multiple]`)
		accept, _ := input.Attr("accept")
		for _, want := range []string{"image/jpeg", ".png", ".pdf", ".docx", ".xlsx", ".wps", ".txt"} {
			if !strings.Contains(accept, want) {
				t.Errorf("accept=%q lacks %s", accept, want)
			}
		}
		if help := doc.Find("#att-help").Text(); !strings.Contains(help, "10 个") || !strings.Contains(help, "10 MB") {
			t.Errorf("the form's limits read %q", help)
		}
		if doc.Find("#attachments").Text() == "" || !strings.Contains(doc.Find("#attachments").Text(), "还没有照片或文件") {
			t.Errorf("an empty meeting's section does not say so")
		}
		r := sec.upload(e.path("/attachments")).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.doc().Find("form.upload .form-error").Text(), "请选择要上传的照片或文件") {
			t.Errorf("an empty upload is not explained")
		}
		var many []any
		for i := range 11 {
			many = append(many, fmt.Sprintf("议程%d.txt", i), []byte("议程"))
		}
		r = sec.upload(e.path("/attachments"), many...).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "一次最多上传 10 个文件") {
			t.Errorf("eleven files are not refused with the limit")
		}
		if len(e.attachments()) != 0 {
			t.Errorf("refused uploads kept files")
		}
	})
}

// A browser without Origin or Sec-Fetch-Site (360 or QQ in IE mode)
// uploads with the form's token, and several files together may pass the
// one-file bound the token check reads other forms with.
func TestAttachmentUploadWithTokenOnly(t *testing.T) {
	t.Parallel()
	e := newFilesEnv(t, storetest.SQLite(t))
	sec := e.login("secretary")
	token, _ := sec.get(e.path("")).wantStatus(http.StatusOK).doc().Find(`form.upload input[name=csrf]`).Attr("value")
	if token == "" {
		t.Fatal("the upload form carries no token")
	}
	post := func(token string) *http.Response {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("csrf", token)
		for _, name := range []string{"材料一.pdf", "材料二.pdf"} {
			w, _ := mw.CreateFormFile("files", name)
			w.Write(append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte(name), 6<<20/len(name))...))
		}
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+e.path("/attachments"), &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := sec.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := post("forged"); r.StatusCode != http.StatusForbidden {
		t.Errorf("a wrong token: %d, want 403", r.StatusCode)
	}
	if n := len(e.attachments()); n != 0 {
		t.Fatalf("a forged upload kept %d files", n)
	}
	if r := post(token); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("12 MB in two files with the token: %d, want 303", r.StatusCode)
	}
	if n := len(e.attachments()); n != 2 {
		t.Errorf("kept %d files, want 2", n)
	}
}

// In a real browser on a phone: the secretary picks two photos and a PDF
// in the file picker and uploads them; the thumbnails load in a grid that
// does not scroll sideways, and the PDF is listed.
func TestBrowserAttachmentUpload(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := newFilesEnv(t, storetest.SQLite(t))
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"支部合影.jpg": phonePhoto(t, 1600, 1000), "参观红色教育基地.jpg": phonePhoto(t, 1000, 1500),
		"学习材料（第四期）.pdf": []byte("%PDF-1.4\n%%EOF\n"),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := phoneViewport(ctx); err != nil {
		t.Fatal(err)
	}
	if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, e.srv.URL, e.path(""))
	paths := []string{filepath.Join(dir, "支部合影.jpg"), filepath.Join(dir, "参观红色教育基地.jpg"), filepath.Join(dir, "学习材料（第四期）.pdf")}
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#att-files"), paths)); err != nil {
		t.Fatal(err)
	}
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.upload button[type="submit"]`)))
	if err != nil || resp.Status != 200 {
		browserShot(t, ctx, "failed-attachment-upload")
		t.Fatalf("upload: %v (status %v)", err, resp)
	}
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS("#attachments"))); err != nil {
		t.Fatal(err)
	}
	// Every thumbnail has loaded (a refused or mistyped image has no width).
	loaded := loadThumbnails(t, ctx)
	browserShot(t, ctx, "phone-meeting-attachments")
	if loaded != 2 {
		t.Errorf("%d thumbnails loaded, want 2", loaded)
	}
	if got := browserEval[string](t, ctx, `document.querySelector(".file-list").innerText`); !strings.Contains(got, "学习材料（第四期）.pdf") {
		t.Errorf("the file list reads %q", got)
	}
	noSideways(t, ctx, "the meeting page with photos")
	if err := desktopViewport(ctx); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, e.srv.URL, e.path(""))
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS("#attachments"))); err != nil {
		t.Fatal(err)
	}
	loadThumbnails(t, ctx)
	browserShot(t, ctx, "meeting-attachments")
}

// loadThumbnails waits for the grid's thumbnails and counts those that
// loaded as thumbnails (a refused or mistyped image has no width).
func loadThumbnails(t *testing.T, ctx context.Context) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(async () => {
		const imgs = [...document.querySelectorAll(".photo-grid img")];
		imgs.forEach(i => i.loading = "eager");
		await Promise.all(imgs.map(i => i.decode().catch(() => {})));
		return imgs.filter(i => i.naturalWidth > 0 && i.naturalWidth <= 480).length })()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	return n
}
