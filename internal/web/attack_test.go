package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// A multipart post from a browser without Origin is read to find its
// token; a file over 1 MB in it goes to a temporary file. Those files
// were never removed when the post was refused (or went to a handler
// that does not read files): anyone, signed in or not, could fill the
// server's disk 10 MB a request.
func TestRefusedUploadsLeaveNoTemporaryFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	e := sqliteEnv(t)
	post := func(c *client, path string, token string) int {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		if token != "" {
			mw.WriteField("csrf", token)
		}
		mw.WriteField("lang", "zh")
		fw, _ := mw.CreateFormFile("file", "big.bin")
		fw.Write(bytes.Repeat([]byte("x"), 3<<20))
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	anon := e.client()
	if code := post(anon, "/login", ""); code != http.StatusForbidden {
		t.Errorf("anonymous upload without a token: %d, want 403", code)
	}
	c := e.login("secretary")
	if code := post(c, "/members/1/archive", ""); code != http.StatusForbidden {
		t.Errorf("upload without a token: %d, want 403", code)
	}
	token := csrfOf(t, c.get("/"), "/lang")
	if code := post(c, "/lang", token); code != http.StatusSeeOther {
		t.Errorf("upload with the token: %d, want 303", code)
	}
	left, _ := filepath.Glob(filepath.Join(tmp, "multipart-*"))
	if len(left) > 0 {
		var size int64
		for _, f := range left {
			if fi, err := os.Stat(f); err == nil {
				size += fi.Size()
			}
		}
		t.Errorf("%d temporary files (%d MB) left behind", len(left), size>>20)
	}
}
