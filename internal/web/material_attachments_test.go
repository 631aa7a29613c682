package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/storetest"
)

// materialFiles is a material of the secretariat on a demo server that
// keeps files (filesEnv), with a second account of the branch beside.
type materialFiles struct {
	*filesEnv
	m *huoshui.Material
}

func newMaterialFiles(t *testing.T, e *filesEnv) *materialFiles {
	t.Helper()
	sec := e.findAccount("secretary")
	m := &huoshui.Material{OrgID: e.demoOrg(demo.BranchName).ID, Title: "支部标准化建设学习资料",
		Body: "## 学习要点\n\n支部建设要抓在经常。", Source: "机关党委"}
	if err := e.store.CreateMaterial(context.Background(), huoshui.Actor{UserID: sec.ID, Username: sec.Username}, m); err != nil {
		t.Fatal(err)
	}
	e.memberAccount("zonghe", "罗家明", huoshui.RoleMember, e.demoOrg(demo.SecondBranch))
	return &materialFiles{filesEnv: e, m: m}
}

func (e *materialFiles) mpath(suffix string) string {
	return fmt.Sprintf("/materials/%d%s", e.m.ID, suffix)
}

// mattachments are the material's photos and files as the store has them.
func (e *materialFiles) mattachments() []huoshui.Attachment {
	e.T().Helper()
	as, err := e.store.FindMaterialAttachments(context.Background(), e.m.ID)
	if err != nil {
		e.T().Fatal(err)
	}
	return as
}

// setBody saves the material's text through its form, as the secretary
// does after copying a photo's line.
func (e *materialFiles) setBody(c *client, body string) {
	e.T().Helper()
	c.postForm(e.mpath(""), url.Values{"title": {e.m.Title}, "source": {e.m.Source}, "body": {body}}).
		wantStatus(http.StatusSeeOther)
}

// The secretary uploads a photo and a Word document to a material; the
// page lists the document under 附件 and shows the photo after the text
// with the line that places it; saved into the text, that line shows the
// photo there as a figure with its caption. A member of the branch sees
// and downloads both; the branch beside gets "not found" for the page and
// every file; a plain member cannot upload.
func TestMaterialAttachments(t *testing.T) {
	t.Parallel()
	eachFilesEnv(t, func(t *testing.T, fe *filesEnv) {
		e := newMaterialFiles(t, fe)
		sec := e.signedIn("secretary")
		docx := zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
		r := sec.upload(e.mpath("/attachments"), "支部展板.jpg", phonePhoto(t, 1200, 800), "学习提纲.docx", docx).
			wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != e.mpath("#attachments") {
			t.Errorf("upload went to %s", loc)
		}
		as := e.mattachments()
		if len(as) != 2 || as[0].Kind != huoshui.AttachmentPhoto || as[0].Name != "支部展板.jpg" || as[1].Name != "学习提纲.docx" {
			t.Fatalf("kept %+v, want the photo and the document", as)
		}
		photo, doc := as[0], as[1]
		photoLink, docLink := e.mpath(fmt.Sprintf("/attachments/%d", photo.ID)), e.mpath(fmt.Sprintf("/attachments/%d", doc.ID))

		page := sec.get(e.mpath("")).wantStatus(http.StatusOK)
		if !strings.Contains(page.Body, "已上传 2 个照片或文件") {
			t.Errorf("no notice of the upload")
		}
		d := page.doc()
		if src, _ := d.Find(fmt.Sprintf(`article .photo-grid a[href="%s"] img`, photoLink)).Attr("src"); src != photoLink+"/thumb" {
			t.Errorf("the photo after the text shows %q", src)
		}
		if code, _ := d.Find(fmt.Sprintf(`#code-%d`, photo.ID)).Attr("value"); code != "![](支部展板.jpg)" {
			t.Errorf("the photo's line reads %q", code)
		}
		files := d.Find("#attachments .file-list li")
		if files.Length() != 1 || !strings.Contains(files.Text(), "学习提纲.docx") || !strings.Contains(files.Text(), " B") {
			t.Errorf("the files under 附件 read %q", files.Text())
		}
		if h, _ := files.Find("a[download]").Attr("href"); h != docLink {
			t.Errorf("the document links to %q", h)
		}
		if d.Find("#attachments h2").Text() != "附件" {
			t.Errorf("the files' heading reads %q", d.Find("#attachments h2").Text())
		}
		if !strings.Contains(sec.get(e.mpath("/edit")).Body, "![图片说明](照片文件名)") {
			t.Errorf("the form does not say how to place a photo")
		}

		// The secretary copies the line into the text, with a caption.
		e.setBody(sec, "## 学习要点\n\n支部建设要抓在经常。\n![支部活动展板](支部展板.jpg)\n下一段。")
		d = sec.get(e.mpath("")).wantStatus(http.StatusOK).doc()
		fig := d.Find(".material-body figure")
		if src, _ := fig.Find("img").Attr("src"); src != photoLink || fig.Find("figcaption").Text() != "支部活动展板" {
			t.Errorf("the placed photo shows %q captioned %q", src, fig.Find("figcaption").Text())
		}
		if alt, _ := fig.Find("img").Attr("alt"); alt != "支部活动展板" {
			t.Errorf("the placed photo's text is %q", alt)
		}
		if d.Find("article .photo-grid").Length() != 0 {
			t.Errorf("the placed photo is shown again after the text")
		}
		if d.Find(fmt.Sprintf(`#attachments .photo-grid #code-%d`, photo.ID)).Length() != 1 {
			t.Errorf("the secretary is not shown the placed photo with its line and remove button")
		}

		// A member of the branch reads it with the photo and downloads both.
		member := e.signedIn("member")
		md := member.get(e.mpath("")).wantStatus(http.StatusOK).doc()
		if md.Find(".material-body figure img").Length() != 1 || md.Find("#attachments .file-list li").Length() != 1 {
			t.Errorf("the member does not see the photo in the text and the document")
		}
		if md.Find("form.upload").Length() != 0 || md.Find(`form[action$="/remove"]`).Length() != 0 || md.Find(".insert-code").Length() != 0 {
			t.Errorf("a plain member is offered the upload, the remove buttons or the lines")
		}
		got := member.get(docLink).wantStatus(http.StatusOK)
		if got.Body != string(docx) || !strings.HasPrefix(got.Header.Get("Content-Disposition"), "attachment;") ||
			got.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("the document downloads as %q, %d bytes", got.Header.Get("Content-Disposition"), len(got.Body))
		}
		if ct := member.get(photoLink).wantStatus(http.StatusOK).Header.Get("Content-Type"); ct != "image/jpeg" {
			t.Errorf("the photo is served as %q", ct)
		}
		member.get(photoLink + "/thumb").wantStatus(http.StatusOK)
		member.get(docLink + "/thumb").wantStatus(http.StatusNotFound)
		if r := member.upload(e.mpath("/attachments"), "议程.txt", []byte("议程")); r.StatusCode != http.StatusForbidden {
			t.Errorf("a plain member's upload: %d, want 403", r.StatusCode)
		}
		member.postForm(photoLink+"/remove", nil).wantStatus(http.StatusForbidden)

		// The branch beside sees none of it.
		neighbour := e.signedIn("zonghe")
		neighbour.get(e.mpath("")).wantStatus(http.StatusNotFound)
		for _, link := range []string{photoLink, photoLink + "/thumb", docLink} {
			neighbour.get(link).wantStatus(http.StatusNotFound)
		}
		neighbour.upload(e.mpath("/attachments"), "议程.txt", []byte("议程")).wantStatus(http.StatusNotFound)
		neighbour.postForm(docLink+"/remove", nil).wantStatus(http.StatusNotFound)

		// Another material's id with this one's attachment: not found.
		other := &huoshui.Material{OrgID: e.m.OrgID, Title: "另一份资料", Body: "正文。"}
		if err := e.store.CreateMaterial(context.Background(), huoshui.Actor{Username: "test"}, other); err != nil {
			t.Fatal(err)
		}
		sec.get(fmt.Sprintf("/materials/%d/attachments/%d", other.ID, photo.ID)).wantStatus(http.StatusNotFound)

		// A second photo of the same name gets a name of its own.
		sec.upload(e.mpath("/attachments"), "支部展板.jpg", phonePhoto(t, 300, 200)).wantStatus(http.StatusSeeOther)
		if as := e.mattachments(); len(as) != 3 || as[2].Name != "支部展板-2.jpg" {
			t.Errorf("the second photo of a name is kept as %+v", as[len(as)-1])
		}
	})
}

// Removing a photo placed in the text takes it off the page (its line
// shows as typed) and offers to undo; the undo brings it back into the
// text. A refused upload keeps nothing, not even the good photo beside it.
func TestMaterialAttachmentRemoveAndRefuse(t *testing.T) {
	t.Parallel()
	eachFilesEnv(t, func(t *testing.T, fe *filesEnv) {
		e := newMaterialFiles(t, fe)
		sec := e.signedIn("secretary")
		exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), bytes.Repeat([]byte{0}, 4000)...)
		r := sec.upload(e.mpath("/attachments"), "合影.jpg", phonePhoto(t, 300, 200), "setup.exe", exe).
			wantStatus(http.StatusUnprocessableEntity)
		problems := r.doc().Find("form.upload .form-error").Text()
		for _, want := range []string{"setup.exe", "不支持这种文件", "其余文件也没有保存"} {
			if !strings.Contains(problems, want) {
				t.Errorf("the refusal %q does not say %q", problems, want)
			}
		}
		if r.doc().Find(".material-body").Length() != 1 {
			t.Errorf("the refusal is not shown on the material's page")
		}
		if n := len(e.mattachments()); n != 0 || e.blobs() != 0 {
			t.Errorf("after a refused upload: %d attachments, %d files kept", n, e.blobs())
		}

		sec.upload(e.mpath("/attachments"), "合影.jpg", phonePhoto(t, 300, 200)).wantStatus(http.StatusSeeOther)
		a := e.mattachments()[0]
		link := e.mpath(fmt.Sprintf("/attachments/%d", a.ID))
		e.setBody(sec, "正文。\n\n![支部合影](合影.jpg)")
		form := sec.get(e.mpath("")).doc().Find(fmt.Sprintf(`form[action="%s/remove"]`, link))
		if confirm, _ := form.Attr("data-confirm"); !strings.Contains(confirm, "合影.jpg") || !strings.Contains(confirm, "资料") {
			t.Errorf("the remove button asks %q", confirm)
		}

		r = sec.postForm(link+"/remove", nil).wantStatus(http.StatusSeeOther)
		next := r.Header.Get("Location")
		if next != e.mpath("?removed="+strconv.FormatInt(a.ID, 10)+"#attachments") || len(e.mattachments()) != 0 {
			t.Fatalf("after the removal: went to %s, %d attachments", next, len(e.mattachments()))
		}
		after := sec.get(next).wantStatus(http.StatusOK)
		d := after.doc()
		if !strings.Contains(after.Body, "已移除“合影.jpg”") || d.Find(".material-body img").Length() != 0 {
			t.Errorf("after the removal the page shows the photo or no notice")
		}
		if !strings.Contains(d.Find(".material-body").Text(), "![支部合影](合影.jpg)") {
			t.Errorf("the line of a removed photo is not shown as typed: %q", d.Find(".material-body").Text())
		}
		undo := d.Find(fmt.Sprintf(`form.undo[action="%s/restore"]`, link))
		if undo.Length() != 1 || !strings.Contains(undo.Text(), "撤销") {
			t.Fatalf("no undo after the removal")
		}
		sec.get(link).wantStatus(http.StatusNotFound)
		e.signedIn("member").postForm(link+"/restore", nil).wantStatus(http.StatusForbidden)
		sec.postForm(link+"/restore", nil).wantStatus(http.StatusSeeOther)
		if as := e.mattachments(); len(as) != 1 || as[0].ID != a.ID {
			t.Fatalf("after the undo: %+v", as)
		}
		if src, _ := sec.get(e.mpath("")).doc().Find(".material-body figure img").Attr("src"); src != link {
			t.Errorf("the restored photo is not back in the text (%q)", src)
		}
		sec.get(link).wantStatus(http.StatusOK)
	})
}

// A browser that sends only the form's token (no Origin) may upload
// several files to a material together, past the one-file bound the
// token check reads other forms with (uploadPath).
func TestMaterialUploadWithTokenOnly(t *testing.T) {
	t.Parallel()
	e := newMaterialFiles(t, newFilesEnv(t, storetest.SQLite(t)))
	sec := e.login("secretary")
	token, _ := sec.get(e.mpath("")).wantStatus(http.StatusOK).doc().Find(`form.upload input[name=csrf]`).Attr("value")
	if token == "" {
		t.Fatal("the upload form carries no token")
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", token)
	for _, name := range []string{"原文一.pdf", "原文二.pdf"} {
		w, _ := mw.CreateFormFile("files", name)
		w.Write(append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("0"), 6<<20)...))
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+e.mpath("/attachments"), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := sec.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || len(e.mattachments()) != 2 {
		t.Errorf("12 MB in two files with the token: %d, %d kept; want 303 and 2", resp.StatusCode, len(e.mattachments()))
	}
}
