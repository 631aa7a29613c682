package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/huoshui/huoshui"
)

// form is what a person typed and what is wrong with it, so a page that
// refuses input shows it again with a message next to each field.
type form struct {
	Values url.Values
	Errors map[string]string
}

func newForm(v url.Values) form { return form{Values: v, Errors: map[string]string{}} }

// cloneValues copies form values, so a form can drop some (passwords)
// without touching the request's.
func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// Get returns the value of a field as typed.
func (f form) Get(name string) string { return f.Values.Get(name) }

// Err returns the message for a field, or "".
func (f form) Err(name string) string { return f.Errors[name] }

// Any reports whether there is any message.
func (f form) Any() bool { return len(f.Errors) > 0 }

// Fail sets a field's message (the first one wins).
func (f form) Fail(field, msg string) {
	if _, ok := f.Errors[field]; !ok {
		f.Errors[field] = msg
	}
}

// addErrors puts the messages of a validation error into the form. It
// reports whether err was one; other errors are left to the caller.
func (s *Server) addErrors(r *http.Request, f form, err error) bool {
	var ve *huoshui.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	for field, msg := range s.msgs.fieldMessages(langFrom(r), ve) {
		f.Fail(field, msg)
	}
	return true
}

// maxFormBytes bounds an ordinary form; uploads have their own limit.
const maxFormBytes = 1 << 20

// parseForm reads a posted form, bounded in size.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errTooLarge
		}
		return &huoshui.ValidationError{Fields: []huoshui.FieldError{{Field: "form", Code: "form.unreadable"}}}
	}
	if ve := checkText(r.PostForm, "q"); ve != nil {
		return ve
	}
	return nil
}

// checkText is the one check of the text every form and query string
// brings, before any of it reaches a handler or the database: each key and
// value must be valid UTF-8 ("text.invalid"), without control characters
// other than tab and newline ("text.control": PostgreSQL refuses NUL) and
// without bidi overrides ("text.bidi"), and the values of searchKeys at
// most maxSearchRunes long ("search.too_long"). It returns nil when all
// is well. Fields that hold one line (names, numbers) lose tabs and newlines
// when the domain normalises them.
func checkText(v url.Values, searchKeys ...string) *huoshui.ValidationError {
	for k, vs := range v {
		for _, s := range append([]string{k}, vs...) {
			code := ""
			if !utf8.ValidString(s) {
				code = "text.invalid"
			} else {
				code = huoshui.CheckText(s, true)
			}
			if code != "" {
				return &huoshui.ValidationError{Fields: []huoshui.FieldError{{Field: "form", Code: code}}}
			}
		}
	}
	if searchTooLong(v, searchKeys) {
		ve := &huoshui.ValidationError{}
		ve.Add("q", "search.too_long", "Max", maxSearchRunes)
		return ve
	}
	return nil
}

// pathID reads a numeric path value; a malformed one is a 404.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, huoshui.ErrNotFound
	}
	return id, nil
}

// localPath keeps a "next" address on this site: a path that starts with
// exactly one slash, with no scheme, no host, no backslash and no control
// character (browsers drop tabs and newlines, so "/\t/evil.example" would
// become "//evil.example"). Anything else goes home.
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.ContainsAny(next, "\\") {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || strings.HasPrefix(u.Path, "//") || strings.HasPrefix(next, "//") {
		return "/"
	}
	return next
}
