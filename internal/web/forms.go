package web

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/huoshui/huoshui"
)

// form is what a person typed and what is wrong with it, so a page that
// refuses input shows it again with a message next to each field.
// Problems keeps every problem as reported, rows of a batch included, for
// pages that show them elsewhere than beside a field.
type form struct {
	Values   url.Values
	Errors   map[string]string
	Problems []huoshui.FieldError
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

// addErrors puts the messages of a validation error into the form, each
// beside its field ("rows.N.field" for a row of a batch). It reports
// whether err was one; other errors are left to the caller.
func (s *Server) addErrors(r *http.Request, f *form, err error) bool {
	var ve *huoshui.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	f.Problems = append(f.Problems, ve.Fields...)
	for field, msg := range s.msgs.fieldMessages(langFrom(r), ve) {
		f.Fail(field, msg)
	}
	return true
}

// errWritten says that a form's Save wrote the answer itself (a page
// shown once, a refusal with a status of its own): submit stops there.
var errWritten = errors.New("answer already written")

// formFlow is one form's submission, parse to redirect. A handler gives
// only what differs; submit does the rest, the same way for every form:
//
//	parse the post → Read the typed input, collecting every problem →
//	when there is none, Save → on success leave the Flash notice and go
//	to Next with 303; on any problem, from Read or a *ValidationError
//	from Save, show the Page again with 422, what was typed (less Hide)
//	and each message beside its field. Any other error is the handler's.
type formFlow[T any] struct {
	// Hide names fields never sent back to the browser (passwords).
	Hide []string
	// Read turns the posted values into typed input, adding each problem
	// to ve. An error it returns (a failed lookup) ends the request. A
	// form that is only a button (disable, restore) has none.
	Read func(v url.Values, ve *huoshui.ValidationError) (T, error)
	// Save stores the input; it runs only when Read found no problem.
	// Return errWritten when it has written the answer itself.
	Save func(in T) error
	// Page shows the form again with status code. Without one, refused
	// input goes to the error page, which lists the problems (422).
	Page func(code int, f form) error
	// Flash is the notice's message id ("" for none); FlashArgs fills it.
	Flash     string
	FlashArgs func(in T) []any
	// Next is where success goes.
	Next func(in T) string
}

// submit runs flow for the posted form. It is a function, not a method:
// Go methods take no type parameters.
func submit[T any](s *Server, w http.ResponseWriter, r *http.Request, flow formFlow[T]) error {
	if err := parseForm(w, r); err != nil {
		// Invisible characters pasted from elsewhere: the form comes back
		// with what was typed, less those characters, and a word beside
		// each field that held them, so nothing typed is lost.
		fields := textProblemFields(err, r.PostForm)
		if flow.Page == nil || len(fields) == 0 {
			return err
		}
		f := newForm(cloneValues(r.PostForm))
		for _, name := range flow.Hide {
			f.Values.Del(name)
		}
		for _, name := range fields {
			f.Fail(name, s.msgs.T(langFrom(r), "error.text.removed"))
		}
		noteProblem(r.Context(), s.msgs.T(langFrom(r), "error.text.removed_form"))
		return flow.Page(http.StatusUnprocessableEntity, f)
	}
	f := newForm(cloneValues(r.PostForm))
	for _, name := range flow.Hide {
		f.Values.Del(name)
	}
	ve := &huoshui.ValidationError{}
	var in T
	if flow.Read != nil {
		var err error
		if in, err = flow.Read(r.PostForm, ve); err != nil {
			return err
		}
	}
	err := ve.Err()
	if err == nil {
		err = flow.Save(in)
	}
	switch {
	case errors.Is(err, errWritten):
		return nil
	case flow.Page != nil && s.addErrors(r, &f, err):
		return flow.Page(http.StatusUnprocessableEntity, f)
	case err != nil:
		return err
	}
	if flow.Flash != "" {
		var args []any
		if flow.FlashArgs != nil {
			args = flow.FlashArgs(in)
		}
		flashWith(w, flow.Flash, args...)
	}
	http.Redirect(w, r, flow.Next(in), http.StatusSeeOther)
	return nil
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

// textProblemFields answers, when err is checkText's refusal of a form's
// characters, the fields that held them, after taking those characters
// out of v (and dropping keys that are themselves unreadable), so a form
// can be shown again. It answers nil for any other error.
func textProblemFields(err error, v url.Values) []string {
	var ve *huoshui.ValidationError
	if v == nil || !errors.As(err, &ve) {
		return nil
	}
	for _, fe := range ve.Fields {
		switch fe.Code {
		case "text.invalid", huoshui.TextControl, huoshui.TextBidi:
		default:
			return nil
		}
	}
	var fields []string
	for k, vs := range v {
		if !utf8.ValidString(k) || huoshui.CheckText(k, false) != "" {
			delete(v, k)
			continue
		}
		changed := false
		for i, s := range vs {
			clean := strings.Map(func(r rune) rune {
				if huoshui.CheckText(string(r), true) != "" {
					return -1
				}
				return r
			}, strings.ToValidUTF8(s, ""))
			if clean != s {
				vs[i], changed = clean, true
			}
		}
		if changed {
			fields = append(fields, k)
		}
	}
	sort.Strings(fields)
	return fields
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
