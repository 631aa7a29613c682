package web

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/report"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Message files are locales/<area>.<lang>.toml, one pair per area of the
// interface, so a module brings its own words.
//
//go:embed locales/*.toml
var localeFiles embed.FS

// Languages the interface speaks, Chinese first.
var languages = []string{"zh", "en"}

var langMatcher = language.NewMatcher([]language.Tag{language.Chinese, language.English})

type messages struct {
	bundle *i18n.Bundle
	loc    map[string]*i18n.Localizer
	// plain holds, by language and id, the messages that take no data,
	// looked up once at start: a page asks for hundreds of them.
	plain map[string]map[string]string
	// filled holds, by language and id, the messages whose only actions
	// are fields ("已导入 {{.N}} 人"), split at them: a list asks for one
	// per row, and filling them in by hand costs a fraction of running
	// their template.
	filled map[string]map[string][]msgPart
}

// msgPart is a piece of a filled message: literal text, or the name of
// the argument that goes there.
type msgPart struct {
	text, arg string
}

// fieldAction is a template action that prints one field: {{.N}}.
var fieldAction = regexp.MustCompile(`\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`)

// splitFields splits a message's template at its field actions; ok false
// when it holds any other action.
func splitFields(tmpl string) ([]msgPart, bool) {
	var parts []msgPart
	last := 0
	for _, m := range fieldAction.FindAllStringSubmatchIndex(tmpl, -1) {
		if m[0] > last {
			parts = append(parts, msgPart{text: tmpl[last:m[0]]})
		}
		parts = append(parts, msgPart{arg: tmpl[m[2]:m[3]]})
		last = m[1]
	}
	if last < len(tmpl) {
		parts = append(parts, msgPart{text: tmpl[last:]})
	}
	for _, p := range parts {
		if strings.Contains(p.text, "{{") || strings.Contains(p.text, "}}") {
			return nil, false
		}
	}
	return parts, true
}

// fill fills parts from args given as name, value pairs; ok false when an
// argument the message names is missing.
func fill(parts []msgPart, args []any) (string, bool) {
	var b strings.Builder
	for _, p := range parts {
		if p.arg == "" {
			b.WriteString(p.text)
			continue
		}
		found := false
		for i := 0; i+1 < len(args); i += 2 {
			if k, _ := args[i].(string); k == p.arg {
				fmt.Fprint(&b, args[i+1])
				found = true
				break
			}
		}
		if !found {
			return "", false
		}
	}
	return b.String(), true
}

func loadMessages() (*messages, error) {
	b := i18n.NewBundle(language.Chinese)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files, err := fs.Glob(localeFiles, "locales/*.toml")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		data, err := localeFiles.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if _, err := b.ParseMessageFileBytes(data, path.Base(f)); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
	}
	m := &messages{bundle: b, loc: map[string]*i18n.Localizer{}, plain: map[string]map[string]string{},
		filled: map[string]map[string][]msgPart{}}
	for _, l := range languages {
		m.loc[l] = i18n.NewLocalizer(b, l)
		m.plain[l] = map[string]string{}
		m.filled[l] = map[string][]msgPart{}
	}
	unmarshal := map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal}
	for _, f := range files {
		data, err := localeFiles.ReadFile(f)
		if err != nil {
			return nil, err
		}
		mf, err := i18n.ParseMessageFileBytes(data, path.Base(f), unmarshal)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for _, msg := range mf.Messages {
			if strings.Contains(msg.Other, "{{") {
				// The message in the file's own language; another
				// language without it falls back through the bundle.
				if parts, ok := splitFields(msg.Other); ok && m.filled[mf.Tag.String()] != nil {
					m.filled[mf.Tag.String()][msg.ID] = parts
				}
				continue
			}
			for _, l := range languages {
				if s, err := m.loc[l].Localize(&i18n.LocalizeConfig{MessageID: msg.ID}); err == nil {
					m.plain[l][msg.ID] = s
				}
			}
		}
	}
	return m, nil
}

// T returns message id in lang, filled from args given as name, value
// pairs. A missing message shows its id, which the message tests catch.
func (m *messages) T(lang, id string, args ...any) string {
	if len(args) == 0 {
		if s, ok := m.plain[lang][id]; ok {
			return s
		}
	}
	if parts, ok := m.filled[lang][id]; ok {
		if s, ok := fill(parts, args); ok {
			return s
		}
	}
	loc, ok := m.loc[lang]
	if !ok {
		loc = m.loc["zh"]
	}
	var data map[string]any
	if len(args) > 0 {
		data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			if k, ok := args[i].(string); ok {
				data[k] = args[i+1]
			}
		}
	}
	s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		return id
	}
	return s
}

// labels is the translator the report package takes, for lang.
func (m *messages) labels(lang string) report.Labels {
	return func(id string) string { return m.T(lang, id) }
}

// allLabels are the translators of every language, for reading files
// written in any of them.
func (m *messages) allLabels() []report.Labels {
	out := make([]report.Labels, len(languages))
	for i, l := range languages {
		out[i] = m.labels(l)
	}
	return out
}

// Has reports whether id exists in lang.
func (m *messages) Has(lang, id string) bool {
	_, err := m.loc[lang].Localize(&i18n.LocalizeConfig{MessageID: id})
	return err == nil
}

// fieldMessage says in lang what is wrong with one field.
func (m *messages) fieldMessage(lang string, f huoshui.FieldError) string {
	var args []any
	for k, v := range f.Args {
		args = append(args, k, v)
	}
	msg := m.T(lang, "error."+f.Code, args...)
	// A problem in a row of many says the row and the field.
	if f.Row > 0 {
		return m.T(lang, "error.row_field", "Row", f.Row, "Field", m.T(lang, "field."+f.Field), "Message", msg)
	}
	return msg
}

// fieldKey is where a field's message goes: the field's name, or
// "rows.N.field" for a problem in row N of many.
func fieldKey(f huoshui.FieldError) string {
	if f.Row > 0 {
		return "rows." + strconv.Itoa(f.Row) + "." + f.Field
	}
	return f.Field
}

// fieldMessages maps each field to what is wrong with it (the first problem
// of each field).
func (m *messages) fieldMessages(lang string, ve *huoshui.ValidationError) map[string]string {
	out := map[string]string{}
	for _, f := range ve.Fields {
		if k := fieldKey(f); out[k] == "" {
			out[k] = m.fieldMessage(lang, f)
		}
	}
	return out
}

// pickLang chooses the interface language from an Accept-Language header.
func pickLang(acceptLanguage string) string {
	tag, _ := language.MatchStrings(langMatcher, acceptLanguage)
	base, _ := tag.Base()
	if base.String() == "en" {
		return "en"
	}
	return "zh"
}

func validLang(l string) bool { return l == "zh" || l == "en" }
