// Package notify sends plain text messages to a chat group through the
// group robot (群机器人) of WeCom (企业微信) or DingTalk (钉钉): an officer
// adds a robot to the branch's group, pastes its webhook address, and
// reminders arrive in the group. Both robots take the same message: an
// HTTP POST of {"msgtype":"text","text":{"content":"…"}} as JSON, and
// both answer {"errcode":0,"errmsg":"ok"} when it was delivered.
package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	// MaxURLLength bounds a webhook address, in characters.
	MaxURLLength = 500
	// MaxContentBytes is the most text one message carries: WeCom's limit
	// for a text message, in bytes of UTF-8 (DingTalk's is larger).
	MaxContentBytes = 2048
	// DefaultTimeout bounds one message when the client sets no timeout.
	DefaultTimeout = 10 * time.Second
	// maxReply bounds how much of a robot's answer is read.
	maxReply = 64 << 10
)

// ErrURL: the address is not one Send will post to (see CheckURL).
var ErrURL = errors.New("notify: not an http or https webhook address")

// Error is a robot's refusal: an HTTP status other than 2xx, or a JSON
// answer with a non-zero errcode (DingTalk answers 310000 when the message
// lacks the robot's keyword or signature, or comes from an address not on
// its list).
type Error struct {
	Status int    // the HTTP status
	Code   int    // errcode, 0 when the answer had none
	Msg    string // errmsg, shortened
}

func (e *Error) Error() string {
	if e.Code != 0 {
		return fmt.Sprintf("notify: robot refused the message: errcode %d: %s", e.Code, e.Msg)
	}
	return fmt.Sprintf("notify: robot answered HTTP %d", e.Status)
}

type message struct {
	MsgType string `json:"msgtype"`
	Text    struct {
		Content string `json:"content"`
	} `json:"text"`
}

// Body is the JSON of a plain text message with the given text, as both
// robots take it. Text longer than MaxContentBytes is cut at a character
// boundary and ends with "…", so that the message is still delivered
// rather than refused whole; invalid UTF-8 is replaced.
func Body(text string) []byte {
	text = strings.ToValidUTF8(text, "\uFFFD")
	if len(text) > MaxContentBytes {
		const more = "…"
		cut := MaxContentBytes - len(more)
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + more
	}
	var m message
	m.MsgType = "text"
	m.Text.Content = text
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		panic(err) // a struct of strings always encodes
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// CheckURL checks a webhook address an officer typed and returns a message
// code, or "" when it is fine: "required" when empty,
// "webhook.url_too_long" beyond MaxURLLength characters,
// "webhook.url_invalid" unless it is an absolute http or https address
// with a host and no spaces, control characters or user name. The caller
// trims surrounding spaces first.
func CheckURL(s string) string {
	switch {
	case s == "":
		return "required"
	case utf8.RuneCountInString(s) > MaxURLLength:
		return "webhook.url_too_long"
	case !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return "webhook.url_invalid"
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Hostname() == "" || u.User != nil || u.Opaque != "" {
		return "webhook.url_invalid"
	}
	return ""
}

// Send posts text as a plain text message to the robot at addr and reports
// whether the robot took it. It posts only to an address CheckURL accepts,
// and never follows a redirect: a robot answers directly, and a redirect
// would carry the message, and the key in the address, somewhere else —
// perhaps to another scheme. A client without a timeout gets
// DefaultTimeout; the client passed in is not changed. Errors never
// contain the address, whose key is a secret: they may be logged.
func Send(ctx context.Context, client *http.Client, addr, text string) error {
	if CheckURL(addr) != "" {
		return ErrURL
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, addr, bytes.NewReader(Body(text)))
	if err != nil {
		return ErrURL
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := clientFor(client).Do(req)
	if err != nil {
		return fmt.Errorf("notify: send: %w", withoutURL(err))
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(io.LimitReader(resp.Body, maxReply))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return &Error{Status: resp.StatusCode}
	}
	if err != nil {
		return fmt.Errorf("notify: read the answer: %w", withoutURL(err))
	}
	var ans struct {
		ErrCode *int   `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if json.Unmarshal(reply, &ans) == nil && ans.ErrCode != nil && *ans.ErrCode != 0 {
		msg := ans.ErrMsg
		if utf8.RuneCountInString(msg) > 200 {
			msg = string([]rune(msg)[:200]) + "…"
		}
		return &Error{Status: resp.StatusCode, Code: *ans.ErrCode, Msg: msg}
	}
	return nil
}

// clientFor is a copy of c (or of a zero client) with DefaultTimeout when
// it has no timeout, and redirects not followed.
func clientFor(c *http.Client) *http.Client {
	var out http.Client
	if c != nil {
		out = *c
	}
	if out.Timeout == 0 {
		out.Timeout = DefaultTimeout
	}
	out.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &out
}

// withoutURL drops the address from a client error: *url.Error quotes it,
// key and all.
func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
