package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/store"
)

// postChat posts the room page's form: text and files (name, bytes, in
// turn), to path (the page's form or the API's).
func (c *client) postChat(path, text string, files ...any) *response {
	c.e.T().Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("text", text)
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

// roomMessages are the room's messages as the store has them.
func roomMessages(t *testing.T, st *store.Store, room int64) []*huoshui.Message {
	t.Helper()
	ms, err := st.FindMessages(context.Background(), store.MessageFilter{Scope: huoshui.Everything(), RoomID: room})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// A photo and a document posted with a message show under it (the photo
// as its thumbnail) and in the stream's JSON; the branch's members get
// them, a member of 综合处 gets 404; once an officer removes the message
// its files are served to no one.
func TestChatMessageFiles(t *testing.T) {
	t.Parallel()
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		branch := e.demoOrg(demo.BranchName)
		general := e.demoOrg(demo.SecondBranch)
		room := fmt.Sprint(branch.ID)
		sec := e.login("secretary")
		seeded := len(roomMessages(t, e.store, branch.ID))
		docx := zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
		sec.postChat("/rooms/"+room+"/messages", "活动照片和通知", "合影.jpg", phonePhoto(t, 300, 200), "会议通知.docx", docx).
			wantStatus(http.StatusSeeOther)
		ms := roomMessages(t, e.store, branch.ID)[seeded:]
		if len(ms) != 1 || ms[0].Text != "活动照片和通知" || len(ms[0].Attachments) != 2 {
			t.Fatalf("messages %+v", ms)
		}
		photo, doc := ms[0].Attachments[0], ms[0].Attachments[1]
		if photo.Kind != huoshui.AttachmentPhoto || doc.Kind != huoshui.AttachmentFile || doc.Name != "会议通知.docx" {
			t.Fatalf("attachments %+v", ms[0].Attachments)
		}
		photoURL := fmt.Sprintf("/rooms/%s/files/%d", room, photo.ID)
		docURL := fmt.Sprintf("/rooms/%s/files/%d", room, doc.ID)

		member := e.login("member")
		page := member.get("/rooms/" + room).wantStatus(http.StatusOK).doc()
		li := page.Find(fmt.Sprintf("#m%d", ms[0].ID))
		if src, _ := li.Find(".chat-files img").Attr("src"); src != photoURL+"/thumb" {
			t.Errorf("thumbnail src %q, want %q", src, photoURL+"/thumb")
		}
		if href, _ := li.Find(".chat-files img").Parent().Attr("href"); href != photoURL {
			t.Errorf("thumbnail links to %q", href)
		}
		link := li.Find(fmt.Sprintf(`.chat-files a[href="%s"]`, docURL))
		if link.Text() != "会议通知.docx" || !strings.Contains(li.Find(".chat-files .muted").Text(), "B") {
			t.Errorf("file link %q, size %q", link.Text(), li.Find(".chat-files .muted").Text())
		}
		js := member.get("/api/v1/rooms/" + room + "/messages").wantStatus(http.StatusOK).Body
		for _, want := range []string{`"url":"` + docURL + `"`, `"thumb_url":"` + photoURL + `/thumb"`, `"name":"会议通知.docx"`, `"kind":"file"`} {
			if !strings.Contains(js, want) {
				t.Errorf("message JSON lacks %s: %s", want, js)
			}
		}

		r := member.get(docURL).wantStatus(http.StatusOK)
		if r.Body != string(docx) || r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" ||
			!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment;") {
			t.Errorf("document served as %q, %q, %d bytes", r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"), len(r.Body))
		}
		r = member.get(photoURL + "/thumb").wantStatus(http.StatusOK)
		if r.Header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("thumbnail served as %q", r.Header.Get("Content-Type"))
		}
		member.get(photoURL).wantStatus(http.StatusOK)
		// Another room's number with this file: not found.
		member.get(fmt.Sprintf("/rooms/%d/files/%d", general.ID, doc.ID)).wantStatus(http.StatusNotFound)

		other := e.demoMember("罗家明")
		u := &huoshui.User{Username: "luojiaming", DisplayName: "罗家明", PasswordHash: e.findAccount("member").PasswordHash,
			MemberID: other.ID, Roles: []huoshui.Role{{OrgID: general.ID, Kind: huoshui.RoleMember}}}
		if err := e.store.CreateUser(context.Background(), huoshui.Actor{Username: "test"}, u); err != nil {
			t.Fatal(err)
		}
		outsider := e.signedIn("luojiaming")
		outsider.get(docURL).wantStatus(http.StatusNotFound)
		outsider.get(photoURL + "/thumb").wantStatus(http.StatusNotFound)

		sec.postForm(fmt.Sprintf("/messages/%d/remove", ms[0].ID), nil).wantStatus(http.StatusSeeOther)
		for _, c := range []*client{member, sec} {
			c.get(docURL).wantStatus(http.StatusNotFound)
			c.get(photoURL + "/thumb").wantStatus(http.StatusNotFound)
		}
		page = member.get("/rooms/" + room).wantStatus(http.StatusOK).doc()
		if n := page.Find(".chat-files").Length(); n != 0 {
			t.Errorf("a removed message still shows %d file lists", n)
		}
		// The files stay for the audit: the store still has them.
		if _, err := e.store.FindMessageAttachment(context.Background(), huoshui.Everything(), branch.ID, doc.ID); err == nil {
			t.Errorf("a removed message's file is still found")
		}
	})
}

// Files alone make a message; neither text nor files is refused. A
// program named .jpg is refused with the reason in Chinese, and nothing
// is kept: no message, no file; the same over the API the page's script
// posts to.
func TestChatMessageFileRefused(t *testing.T) {
	t.Parallel()
	eachFilesEnv(t, func(t *testing.T, e *filesEnv) {
		branch := e.demoOrg(demo.BranchName)
		room := fmt.Sprint(branch.ID)
		sec := e.login("secretary")
		seeded := len(roomMessages(t, e.store, branch.ID))
		exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), bytes.Repeat([]byte{0}, 4000)...)
		r := sec.postChat("/rooms/"+room+"/messages", "看看这张照片", "照片.jpg", exe).wantStatus(http.StatusUnprocessableEntity)
		if got := r.doc().Find("#chat-form .form-error").Text(); !strings.Contains(got, "照片.jpg") || !strings.Contains(got, "不是能读取的 JPG 或 PNG 照片") {
			t.Errorf("refusal %q", got)
		}
		if v := r.doc().Find("#chat-text").Text(); v != "看看这张照片" {
			t.Errorf("the text typed came back as %q", v)
		}
		r = sec.postChat("/api/v1/rooms/"+room+"/messages", "看看", "照片.jpg", exe).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body, "不是能读取的 JPG 或 PNG 照片") {
			t.Errorf("API refusal %s", r.Body)
		}
		// Too long a text with a good photo: refused before the photo is kept.
		sec.postChat("/rooms/"+room+"/messages", strings.Repeat("长", huoshui.MessageMax+1), "合影.jpg", phonePhoto(t, 200, 100)).
			wantStatus(http.StatusUnprocessableEntity)
		sec.postChat("/rooms/"+room+"/messages", "  ").wantStatus(http.StatusUnprocessableEntity)
		if ms := roomMessages(t, e.store, branch.ID)[seeded:]; len(ms) != 0 || e.blobs() != 0 {
			t.Fatalf("after refusals: %d messages, %d files kept", len(ms), e.blobs())
		}

		r = sec.postChat("/api/v1/rooms/"+room+"/messages", "", "合影.jpg", phonePhoto(t, 200, 100)).wantStatus(http.StatusCreated)
		if !strings.Contains(r.Body, `"kind":"photo"`) || !strings.Contains(r.Body, `"thumb_url":"/rooms/`+room+`/files/`) {
			t.Errorf("API answer %s", r.Body)
		}
		if ms := roomMessages(t, e.store, branch.ID)[seeded:]; len(ms) != 1 || ms[0].Text != "" || len(ms[0].Attachments) != 1 {
			t.Errorf("a photo alone: %+v", ms)
		}
	})
}

// chatFile posts a message with a photo to room as a and returns the
// photo's id (its bytes are not in any blob store).
func chatFile(t *testing.T, e *env, a huoshui.Actor, room int64) int64 {
	t.Helper()
	m := &huoshui.Message{RoomID: room, Attachments: []huoshui.Attachment{{Kind: huoshui.AttachmentPhoto, Name: "合影.jpg",
		ContentType: "image/jpeg", Size: 3, Blob: strings.Repeat("ab", 32), Thumb: strings.Repeat("cd", 32)}}}
	if err := e.store.CreateMessage(context.Background(), a, m); err != nil {
		t.Fatal(err)
	}
	return m.Attachments[0].ID
}
