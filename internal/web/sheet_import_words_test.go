package web

import (
	"reflect"
	"testing"

	"github.com/huoshui/huoshui"
)

// Every message an import names by id in its description (its words,
// columns, title and notice, which the scan of TestMessagesUsedExist does
// not follow into a struct) has its text in every language.
func TestSheetImportWordsExist(t *testing.T) {
	t.Parallel()
	m, err := loadMessages()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{msgs: m}
	check := func(name string, title, list, done string, words sheetWords, columns []string) {
		ids := append([]string{title, list, done}, columns...)
		w := reflect.ValueOf(words)
		for i := range w.NumField() {
			id := w.Field(i).String()
			switch w.Type().Field(i).Name {
			case "Empty":
				id = "error." + id // a validation code
			case "FileLabel", "Choose", "Refused":
				if id == "" {
					continue // the roster's words stand in
				}
			}
			ids = append(ids, id)
		}
		for _, id := range ids {
			for _, lang := range languages {
				if id == "" || !m.Has(lang, id) {
					t.Errorf("%s import: message %q has no text in %s", name, id, lang)
				}
			}
		}
	}
	r := s.rosterImport()
	check("roster", r.title, r.list.Label, r.done, r.words, r.columns)
	q := s.questionImport()
	check("question", q.title, q.list.Label, q.done, q.words, q.columns)
	for _, k := range huoshui.OutputKinds {
		o := s.outputImport(k)
		check(string(k), o.title, o.list.Label, o.done, o.words, o.columns)
	}
}
