package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
)

// uploadPage posts a saved page to path as the field "page".
func uploadPage(c *client, path, name string, page []byte) *response {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("page", name)
	fw.Write(page)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// A secretary imports the garbled mirror-site page through the form: the
// preview shows what was read beside the clean article, nothing is saved
// until the material form is sent, and then the material holds the clean
// text. Bad files are refused with what to do, and nothing is saved.
func TestMaterialImportThroughTheForm(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		garbled, err := os.ReadFile(filepath.Join("..", "clean", "testdata", "garbled.txt"))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("..", "clean", "testdata", "clean.txt"))
		if err != nil {
			t.Fatal(err)
		}
		paras := strings.Split(strings.TrimSpace(string(want)), "\n\n")
		title := paras[0]
		count := func() int {
			_, n, err := e.store.FindMaterials(ctx, huoshui.MaterialFilter{Scope: huoshui.Everything(), Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count()
		sec := e.login("secretary")
		r := uploadPage(sec, "/materials/import", "garbled.txt", garbled).wantStatus(http.StatusOK)
		doc := r.doc()
		if got := textOf(doc.Find(".cleaned .clean-title")); got != title {
			t.Errorf("cleaned title %q, want %q", got, title)
		}
		if !strings.Contains(doc.Find("pre.original").Text(), "業(yè)") {
			t.Error("the original as read is not shown beside the result")
		}
		body := doc.Find("textarea#body").Text()
		last := paras[len(paras)-1]
		if !strings.Contains(body, last) || strings.Contains(body, "(yè)") {
			t.Errorf("the body to save lacks the last paragraph or keeps pinyin: %q", body)
		}
		if count() != before {
			t.Fatal("the preview saved something")
		}
		// Save as the form stands.
		v := url.Values{"title": {doc.Find("input#title").AttrOr("value", "")}, "body": {body},
			"source": {doc.Find("input#source").AttrOr("value", "")}, "published_on": {doc.Find("input#published_on").AttrOr("value", "")},
			"org_id": {doc.Find("select#org_id option").First().AttrOr("value", "")}}
		sec.postForm("/materials", v).wantStatus(http.StatusSeeOther)
		if count() != before+1 {
			t.Fatal("saving the previewed article did not add a material")
		}
		hits, _, err := e.store.FindMaterials(ctx, huoshui.MaterialFilter{Scope: huoshui.Everything(), Query: "图书角", Limit: 5})
		if err != nil || len(hits) == 0 || hits[0].Material.Title != title {
			t.Errorf("the saved material is not found by its text: %+v, %v", hits, err)
		}

		// Refusals, each saying what to do; nothing saved.
		for _, c := range []struct {
			name string
			page []byte
			code int
			want string
		}{
			{"empty.html", nil, http.StatusUnprocessableEntity, "文件是空的"},
			{"photo.html", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), http.StatusUnprocessableEntity, "不是网页或文本文件"},
			{"index.html", []byte("<html><body><a href=/a>首页</a> <a href=/b>新闻</a></body></html>"), http.StatusUnprocessableEntity, "没有找到文章正文"},
			{"huge.html", bytes.Repeat([]byte("党"), 8<<20), http.StatusRequestEntityTooLarge, "文件太大了"},
		} {
			r := uploadPage(sec, "/materials/import", c.name, c.page).wantStatus(c.code)
			if !strings.Contains(r.Body, c.want) {
				t.Errorf("%s: the page does not say %q", c.name, c.want)
			}
		}
		if count() != before+1 {
			t.Error("a refused page saved something")
		}

		// A plain member may not import.
		uploadPage(e.login("member"), "/materials/import", "garbled.txt", garbled).wantStatus(http.StatusForbidden)
	})
}

// POST /api/v1/materials/import answers the cleaned article and saves
// nothing; anything but a multipart upload is refused.
func TestMaterialImportAPI(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	garbled, err := os.ReadFile(filepath.Join("..", "clean", "testdata", "garbled.txt"))
	if err != nil {
		t.Fatal(err)
	}
	sec := e.login("secretary")
	r := uploadPage(sec, "/api/v1/materials/import", "garbled.txt", garbled).wantStatus(http.StatusOK)
	var out struct {
		Title      string   `json:"title"`
		Date       string   `json:"date"`
		Source     string   `json:"source"`
		Paragraphs []string `json:"paragraphs"`
	}
	if err := json.Unmarshal([]byte(r.Body), &out); err != nil {
		t.Fatal(err)
	}
	if out.Title != "让书香飘进每一个办公室" || len(out.Paragraphs) < 3 || out.Date == "" {
		t.Errorf("API preview %+v", out)
	}
	r = sec.postJSON("/api/v1/materials/import", `{}`).wantStatus(http.StatusUnsupportedMediaType)
	if !strings.Contains(r.Body, "multipart") {
		t.Errorf("a JSON body: %s", r.Body)
	}
	r = uploadPage(sec, "/api/v1/materials/import", "empty.txt", nil).wantStatus(http.StatusUnprocessableEntity)
	if !strings.Contains(r.Body, "文件是空的") {
		t.Errorf("an empty page: %s", r.Body)
	}
}
