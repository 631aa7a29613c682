package notify

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"
)

func TestBody(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text, want string
	}{
		{"plain", "hello", `{"msgtype":"text","text":{"content":"hello"}}`},
		{"Chinese, quotes, a new line and markup stay readable", "第一支部：\n本月\"主题党日\" <尚未召开> & 请安排",
			`{"msgtype":"text","text":{"content":"第一支部：\n本月\"主题党日\" <尚未召开> & 请安排"}}`},
		{"empty", "", `{"msgtype":"text","text":{"content":""}}`},
	}
	for _, c := range cases {
		if got := string(Body(c.text)); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestBodyLongText(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		strings.Repeat("提醒", 1000),      // 6000 bytes of 3-byte characters
		strings.Repeat("a", 3000),       // one byte each
		"x" + strings.Repeat("支部", 700), // a character straddling the limit
		strings.Repeat("a", MaxContentBytes),
	} {
		var m message
		if err := json.Unmarshal(Body(text), &m); err != nil {
			t.Fatalf("Body of %d bytes is not JSON: %v", len(text), err)
		}
		got := m.Text.Content
		if len(got) > MaxContentBytes || !utf8.ValidString(got) {
			t.Errorf("%d bytes in: content of %d bytes, valid UTF-8 %v", len(text), len(got), utf8.ValidString(got))
		}
		if len(text) <= MaxContentBytes {
			if got != text {
				t.Errorf("text of %d bytes was changed", len(text))
			}
			continue
		}
		if !strings.HasSuffix(got, "…") || !strings.HasPrefix(text, strings.TrimSuffix(got, "…")) {
			t.Errorf("%d bytes in: content does not end with … after the beginning of the text", len(text))
		}
	}
}

func TestCheckURL(t *testing.T) {
	t.Parallel()
	cases := []struct {
		url, want string
	}{
		{"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa", ""},
		{"https://oapi.dingtalk.com/robot/send?access_token=abc123", ""},
		{"http://10.1.2.3:8080/robot", ""},
		{"HTTPS://oapi.dingtalk.com/robot/send", ""},
		{"", "required"},
		{"https://example.com/" + strings.Repeat("a", 480), ""}, // exactly 500
		{"https://example.com/" + strings.Repeat("a", 481), "webhook.url_too_long"},
		{"https://example.com/" + strings.Repeat("群", 480), ""}, // 500 characters, more bytes
		{"qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", "webhook.url_invalid"},
		{"ftp://example.com/x", "webhook.url_invalid"},
		{"file:///etc/passwd", "webhook.url_invalid"},
		{"javascript:alert(1)", "webhook.url_invalid"},
		{"https:example.com", "webhook.url_invalid"},
		{"https://", "webhook.url_invalid"},
		{"https:///path", "webhook.url_invalid"},
		{"https://user:pass@example.com/", "webhook.url_invalid"},
		{" https://example.com/", "webhook.url_invalid"},
		{"https://example.com/a b", "webhook.url_invalid"},
		{"https://example.com/\n", "webhook.url_invalid"},
		{"https://example.com:port/", "webhook.url_invalid"},
		{"https://exa\xffmple.com/", "webhook.url_invalid"},
	}
	for _, c := range cases {
		if got := CheckURL(c.url); got != c.want {
			t.Errorf("CheckURL(%q) = %q, want %q", c.url, got, c.want)
		}
	}
}

func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"https://oapi.dingtalk.com/robot/send?access_token=abc", "ftp://x", "http://[::1]:80/", "https://a/%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if CheckURL(s) != "" {
			return
		}
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || utf8.RuneCountInString(s) > MaxURLLength {
			t.Fatalf("CheckURL accepted %q", s)
		}
		if _, err := http.NewRequest(http.MethodPost, s, nil); err != nil {
			t.Fatalf("CheckURL accepted %q, which no request can be made for: %v", s, err)
		}
	})
}

// robot is a test server that answers like a group robot and keeps what
// it was sent.
type robot struct {
	*httptest.Server
	hits        atomic.Int32
	method      atomic.Value
	contentType atomic.Value
	content     atomic.Value
}

func newRobot(t *testing.T, status int, reply string) *robot {
	t.Helper()
	r := &robot{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.hits.Add(1)
		r.method.Store(req.Method)
		r.contentType.Store(req.Header.Get("Content-Type"))
		b, _ := io.ReadAll(req.Body)
		var m message
		if json.Unmarshal(b, &m) == nil && m.MsgType == "text" {
			r.content.Store(m.Text.Content)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, reply)
	}))
	t.Cleanup(r.Close)
	return r
}

func TestSend(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		status  int
		reply   string
		wantErr bool
		code    int
	}{
		{"delivered", http.StatusOK, `{"errcode":0,"errmsg":"ok"}`, false, 0},
		{"a 2xx without JSON is taken as delivered", http.StatusOK, `ok`, false, 0},
		{"an empty answer is taken as delivered", http.StatusNoContent, ``, false, 0},
		{"DingTalk keyword missing", http.StatusOK, `{"errcode":310000,"errmsg":"keywords not in content"}`, true, 310000},
		{"WeCom refusal", http.StatusOK, `{"errcode":93000,"errmsg":"invalid webhook url"}`, true, 93000},
		{"server error", http.StatusInternalServerError, `{"errcode":0}`, true, 0},
		{"not found", http.StatusNotFound, `not found`, true, 0},
	}
	for _, c := range cases {
		r := newRobot(t, c.status, c.reply)
		text := "第一支部：本月主题党日尚未召开，还有 7 天。"
		err := Send(context.Background(), r.Client(), r.URL+"/cgi-bin/webhook/send?key=secret-key", text)
		if (err != nil) != c.wantErr {
			t.Errorf("%s: error %v, want error %v", c.name, err, c.wantErr)
		}
		var re *Error
		if c.wantErr && (!errors.As(err, &re) || re.Code != c.code) {
			t.Errorf("%s: error %#v, want *Error with errcode %d", c.name, err, c.code)
		}
		if err != nil && strings.Contains(err.Error(), "secret-key") {
			t.Errorf("%s: error shows the key: %v", c.name, err)
		}
		if r.hits.Load() != 1 || r.method.Load() != http.MethodPost {
			t.Errorf("%s: %d requests, method %v; want one POST", c.name, r.hits.Load(), r.method.Load())
		}
		if mt, _, _ := mime.ParseMediaType(r.contentType.Load().(string)); mt != "application/json" {
			t.Errorf("%s: Content-Type %q, want application/json", c.name, r.contentType.Load())
		}
		if got := r.content.Load(); got != text {
			t.Errorf("%s: the robot got %q, want %q", c.name, got, text)
		}
	}
}

func TestSendNeverFollowsRedirects(t *testing.T) {
	t.Parallel()
	target := newRobot(t, http.StatusOK, `{"errcode":0,"errmsg":"ok"}`)
	for _, to := range []string{target.URL + "/elsewhere", "file:///etc/passwd", "ftp://example.com/x"} {
		redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, to, http.StatusTemporaryRedirect)
		}))
		defer redirect.Close()
		client := redirect.Client()
		err := Send(context.Background(), client, redirect.URL, "hello")
		var re *Error
		if !errors.As(err, &re) || re.Status != http.StatusTemporaryRedirect {
			t.Errorf("redirect to %s: error %v, want the 307 as an error", to, err)
		}
		if client.CheckRedirect != nil {
			t.Errorf("Send changed the caller's client")
		}
	}
	if n := target.hits.Load(); n != 0 {
		t.Errorf("the redirect was followed %d times", n)
	}
}

func TestSendRefusesOtherAddresses(t *testing.T) {
	t.Parallel()
	r := newRobot(t, http.StatusOK, `{"errcode":0,"errmsg":"ok"}`)
	for _, addr := range []string{"", "file:///etc/passwd", strings.Replace(r.URL, "http://", "ftp://", 1), strings.TrimPrefix(r.URL, "http://")} {
		if err := Send(context.Background(), r.Client(), addr, "hello"); !errors.Is(err, ErrURL) {
			t.Errorf("Send to %q: %v, want ErrURL", addr, err)
		}
	}
	if n := r.hits.Load(); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
}

func TestSendUnreachableHidesKey(t *testing.T) {
	t.Parallel()
	r := newRobot(t, http.StatusOK, `{"errcode":0}`)
	addr := r.URL + "/send?key=secret-key"
	r.Close() // nobody listens now
	err := Send(context.Background(), nil, addr, "hello")
	if err == nil {
		t.Fatal("Send to a closed server: no error")
	}
	if strings.Contains(err.Error(), "secret-key") {
		t.Errorf("error shows the key: %v", err)
	}
}

func TestSendCancelled(t *testing.T) {
	t.Parallel()
	r := newRobot(t, http.StatusOK, `{"errcode":0}`)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Send(ctx, r.Client(), r.URL, "hello"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
}

func TestClientTimeout(t *testing.T) {
	t.Parallel()
	if got := clientFor(nil).Timeout; got != DefaultTimeout {
		t.Errorf("no client: timeout %v, want %v", got, DefaultTimeout)
	}
	if got := clientFor(&http.Client{}).Timeout; got != DefaultTimeout {
		t.Errorf("client without timeout: %v, want %v", got, DefaultTimeout)
	}
	own := &http.Client{Timeout: 3 * DefaultTimeout}
	if got := clientFor(own).Timeout; got != 3*DefaultTimeout {
		t.Errorf("client with its own timeout: %v, want it kept", got)
	}
}
