package web

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/report"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// Every message exists in both languages.
func TestMessageFilesMatch(t *testing.T) {
	t.Parallel()
	keys := map[string]map[string]bool{}
	files, _ := filepath.Glob("locales/*.toml")
	for _, f := range files {
		var m map[string]any
		if _, err := toml.DecodeFile(f, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		parts := strings.Split(filepath.Base(f), ".")
		lang := parts[len(parts)-2]
		if keys[lang] == nil {
			keys[lang] = map[string]bool{}
		}
		for k := range m {
			if keys[lang][k] {
				t.Errorf("%s: %q is defined twice in %s", f, k, lang)
			}
			keys[lang][k] = true
		}
	}
	for _, pair := range [][2]string{{"zh", "en"}, {"en", "zh"}} {
		var missing []string
		for k := range keys[pair[0]] {
			if !keys[pair[1]][k] {
				missing = append(missing, k)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("in %s but not in %s: %v", pair[0], pair[1], missing)
		}
	}
}

// Every message the code can show exists in Chinese and English. The test
// reads the source of every package (go/parser) and every template
// (text/template/parse) and collects the ids they name:
//
//   - validation codes: v.Add("field", "code") on a ValidationError and
//     FieldError{Field: "field", Code: "code"} give "error.code", and,
//     outside the web package, the field's label "field.field";
//   - rule warnings: rules.Warning{Code: "code"} gives "warning.code";
//   - messages by id: msgs.T(lang, "id"), Page.T("id"), flash(w, "id"),
//     flashWith(w, "id", …), a form flow's Flash: "id" and {{.T "id"}} in
//     templates.
//
// An argument may be a string literal, a string constant of any package,
// a call of a function that returns such strings, or a local variable set
// from one of those; ids built at run time from a known set of values
// (status.*, kind.*, …) are listed below. So a new code anywhere without
// its Chinese and English text fails here.
func TestMessagesUsedExist(t *testing.T) {
	t.Parallel()
	m, err := loadMessages()
	if err != nil {
		t.Fatal(err)
	}
	ids := scanMessageIDs(t, "../..")
	for _, s := range huoshui.MemberStatuses {
		ids.add("status."+string(s), "MemberStatuses")
	}
	for _, k := range huoshui.OrgKinds {
		ids.add("kind."+string(k), "OrgKinds")
	}
	for _, p := range huoshui.CommitteePosts {
		ids.add("post."+string(p), "CommitteePosts")
	}
	for _, r := range huoshui.RoleKinds {
		ids.add("role."+string(r), "RoleKinds")
	}
	for _, e := range huoshui.Educations {
		ids.add("education."+e, "Educations")
	}
	for _, s := range huoshui.TaskSources {
		ids.add("tasks.source."+string(s), "TaskSources")
	}
	for _, s := range huoshui.TaskStatuses {
		ids.add("tasks.status."+string(s), "TaskStatuses")
	}
	for _, do := range []string{"done", "reopen", "archive"} {
		ids.add("tasks.do."+do, "task confirmations")
	}
	for _, c := range []int{401, 403, 404, 409, 413, 422, 500} {
		ids.add("error.title."+strconv.Itoa(c), "status codes")
		ids.add("error.body."+strconv.Itoa(c), "status codes")
	}
	t.Logf("%d message ids named in the code", len(ids))
	if len(ids) < 150 {
		t.Fatalf("found only %d message ids: the scan is broken", len(ids))
	}
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		for _, lang := range languages {
			if !m.Has(lang, id) {
				t.Errorf("%s: message %q has no text in %s", ids[id], id, lang)
			}
		}
	}
}

// The scan finds what it claims to: a file naming one id of each kind.
func TestScanMessageIDs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeFile("codes.go", `package huoshui
const CodeX = "c.const"
func check() string { if true { return "c.returned" }; return CodeX }
func validate() error {
	var v ValidationError
	v.Add("f_add", "c.literal")
	v.Add("f_add", CodeX)
	if code := check(); code != "" { v.Add("f_add", code) }
	url.Values{}.Add("not", "a_code")
	return FieldError{Field: "f_lit", Code: "c.field_error"}
}
func rows(v *ValidationError) {
	add := func(field, code string) { v.Add(field, code) }
	add("f_wrap", "c.wrapped")
}`)
	writeFile("internal/web/h.go", `package web
func (s *server) h(w http.ResponseWriter, lang string) {
	flash(w, "m.flash")
	flashWith(w, "m.flash_with", "Count", 1)
	s.msgs.T(lang, "m.msgs")
	p.T("m.page", "Count", 2)
	p.T(huoshui.CodeX)
	_ = rules.Warning{"w.code", nil}
	_ = formFlow[string]{Flash: "m.flow"}
	v := &huoshui.ValidationError{}
	v.Add("web_field", "c.web")
}`)
	writeFile("internal/web/templates/x.html", `{{define "x"}}{{.T "m.tmpl"}}{{if .A}}{{$.P.T "m.nested"}}{{end}}{{.T (printf "status.%s" .S)}}{{end}}`)
	got := slices.Sorted(maps.Keys(scanMessageIDs(t, dir)))
	want := []string{"c.const", "error.c.const", "error.c.field_error", "error.c.literal", "error.c.returned", "error.c.web", "error.c.wrapped",
		"field.f_add", "field.f_lit", "field.f_wrap", "m.flash", "m.flash_with", "m.flow", "m.msgs", "m.nested", "m.page", "m.tmpl", "warning.w.code"}
	if !slices.Equal(got, want) {
		t.Errorf("scan found\n%v\nwant\n%v", got, want)
	}
}

// messageIDs maps each message id to the first place that names it.
type messageIDs map[string]string

func (ids messageIDs) add(id, where string) {
	if _, ok := ids[id]; !ok {
		ids[id] = where
	}
}

// Fields whose errors show at the top of a form or a file, not next to a
// labelled field.
var unlabelledFields = map[string]bool{"form": true, "org": true, "file": true}

// scanMessageIDs collects the message ids named in the Go files (tests
// excepted) and templates under root; see TestMessagesUsedExist.
func scanMessageIDs(t *testing.T, root string) messageIDs {
	t.Helper()
	fset := token.NewFileSet()
	type file struct {
		pkg string
		f   *ast.File
	}
	var files []file
	var templates []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go"):
			f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			files = append(files, file{f.Name.Name, f})
		case strings.HasSuffix(p, ".html") && strings.Contains(filepath.ToSlash(p), "/templates/"):
			templates = append(templates, p)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("scan %s: %v", root, err)
	}

	// String constants and what string-returning functions return, by
	// package and name.
	consts := map[string][]string{}
	returns := map[string][]string{}
	for _, f := range files {
		for _, d := range f.f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
				for _, spec := range g.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							if s, ok := stringLit(vs.Values[i]); ok {
								consts[f.pkg+"."+n.Name] = []string{s}
							}
						}
					}
				}
			}
		}
	}
	var resolve func(pkg string, locals map[string][]string, e ast.Expr) []string
	resolve = func(pkg string, locals map[string][]string, e ast.Expr) []string {
		switch e := e.(type) {
		case *ast.BasicLit:
			if s, ok := stringLit(e); ok {
				return []string{s}
			}
		case *ast.ParenExpr:
			return resolve(pkg, locals, e.X)
		case *ast.Ident:
			if v, ok := locals[e.Name]; ok {
				return v
			}
			return consts[pkg+"."+e.Name]
		case *ast.SelectorExpr:
			if x, ok := e.X.(*ast.Ident); ok {
				return consts[x.Name+"."+e.Sel.Name]
			}
		case *ast.CallExpr:
			switch fn := e.Fun.(type) {
			case *ast.Ident:
				return returns[pkg+"."+fn.Name]
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok {
					if r, ok := returns[x.Name+"."+fn.Sel.Name]; ok {
						return r
					}
				}
				return returns[pkg+"."+fn.Sel.Name] // a method of this package
			}
		}
		return nil
	}
	for _, f := range files {
		for _, d := range f.f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || fd.Type.Results == nil || len(fd.Type.Results.List) == 0 {
				continue
			}
			if id, ok := fd.Type.Results.List[0].Type.(*ast.Ident); !ok || id.Name != "string" {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if _, ok := n.(*ast.FuncLit); ok {
					return false
				}
				if r, ok := n.(*ast.ReturnStmt); ok && len(r.Results) > 0 {
					returns[f.pkg+"."+fd.Name.Name] = append(returns[f.pkg+"."+fd.Name.Name], resolve(f.pkg, nil, r.Results[0])...)
				}
				return true
			})
		}
	}

	// wrapper is a function that passes its arguments on as a field and a
	// code, such as report's add(field, code) around ValidationError.Add.
	type wrapper struct{ field, code int }
	wrappers := map[string]wrapper{}
	ids := messageIDs{}
	at := func(n ast.Node) string {
		p := fset.Position(n.Pos())
		rel, err := filepath.Rel(root, p.Filename)
		if err != nil {
			rel = p.Filename
		}
		return fmt.Sprintf("%s:%d", filepath.ToSlash(rel), p.Line)
	}
	isVE := func(e ast.Expr) bool {
		if u, ok := e.(*ast.UnaryExpr); ok {
			e = u.X
		}
		if c, ok := e.(*ast.CallExpr); ok && len(c.Args) == 1 {
			if fn, ok := c.Fun.(*ast.Ident); ok && fn.Name == "new" {
				e = c.Args[0]
			}
		}
		if c, ok := e.(*ast.CompositeLit); ok {
			e = c.Type
		}
		if s, ok := e.(*ast.StarExpr); ok {
			e = s.X
		}
		return typeName(e) == "ValidationError"
	}
	// scanFunc scans one function body (a declaration or a literal, named
	// name) with the variables of the functions around it.
	var scanFunc func(pkg, name string, params []*ast.FieldList, body *ast.BlockStmt, outerLocals map[string][]string, outerVEs map[string]bool)
	scanFunc = func(pkg, name string, params []*ast.FieldList, body *ast.BlockStmt, outerLocals map[string][]string, outerVEs map[string]bool) {
		locals := map[string][]string{}
		maps.Copy(locals, outerLocals)
		ves := map[string]bool{}
		maps.Copy(ves, outerVEs)
		paramIndex := map[string]int{}
		i := 0
		for _, list := range params {
			if list == nil {
				continue
			}
			for _, fl := range list.List {
				for _, n := range fl.Names {
					delete(locals, n.Name)
					if isVE(fl.Type) {
						ves[n.Name] = true
					}
					if list == params[len(params)-1] {
						paramIndex[n.Name] = i
						i++
					}
				}
			}
		}
		// Local variables set from a literal, a constant or a call whose
		// results are known; the ValidationErrors; closures' names.
		closures := map[*ast.FuncLit]string{}
		ast.Inspect(body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.AssignStmt:
				if len(n.Rhs) == 1 {
					if id, ok := n.Lhs[0].(*ast.Ident); ok {
						if lit, ok := n.Rhs[0].(*ast.FuncLit); ok {
							closures[lit] = id.Name
						} else if isVE(n.Rhs[0]) {
							ves[id.Name] = true
						} else if v := resolve(pkg, nil, n.Rhs[0]); v != nil {
							locals[id.Name] = v
						}
					}
				}
			case *ast.ValueSpec:
				for _, id := range n.Names {
					if n.Type != nil && isVE(n.Type) {
						ves[id.Name] = true
					}
				}
				for i, id := range n.Names {
					if i < len(n.Values) {
						if isVE(n.Values[i]) {
							ves[id.Name] = true
						} else if v := resolve(pkg, nil, n.Values[i]); v != nil {
							locals[id.Name] = v
						}
					}
				}
			}
			return true
		})
		add := func(prefix string, e ast.Expr) {
			for _, v := range resolve(pkg, locals, e) {
				if v != "" {
					ids.add(prefix+v, at(e))
				}
			}
		}
		field := func(e ast.Expr) {
			// A handler's own form fields are labelled by their template;
			// fields named elsewhere can reach an import row's or the
			// API's message, which names them through "field.*".
			if pkg == "web" {
				return
			}
			if s, ok := stringLit(e); ok && !unlabelledFields[s] {
				ids.add("field."+s, at(e))
			}
		}
		// validation is one field and code given to ValidationError.Add or
		// a wrapper of it: a wrapper's own parameters make it a wrapper.
		validation := func(fieldArg, codeArg ast.Expr) {
			if id, ok := codeArg.(*ast.Ident); ok && name != "" {
				if ci, ok := paramIndex[id.Name]; ok {
					w := wrapper{field: -1, code: ci}
					if fid, ok := fieldArg.(*ast.Ident); ok {
						if fi, ok := paramIndex[fid.Name]; ok {
							w.field = fi
						}
					}
					wrappers[pkg+"."+name] = w
					return
				}
			}
			field(fieldArg)
			add("error.", codeArg)
		}
		ast.Inspect(body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				scanFunc(pkg, closures[n], []*ast.FieldList{n.Type.Params}, n.Body, locals, ves)
				return false
			case *ast.CallExpr:
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					if (fn.Name == "flash" || fn.Name == "flashWith") && len(n.Args) >= 2 {
						add("", n.Args[1])
					}
					if w, ok := wrappers[pkg+"."+fn.Name]; ok && w.code < len(n.Args) {
						var f ast.Expr = &ast.BadExpr{}
						if w.field >= 0 && w.field < len(n.Args) {
							f = n.Args[w.field]
						}
						validation(f, n.Args[w.code])
					}
				case *ast.SelectorExpr:
					switch fn.Sel.Name {
					case "Add":
						if x, ok := fn.X.(*ast.Ident); ok && ves[x.Name] && len(n.Args) >= 2 {
							validation(n.Args[0], n.Args[1])
						}
					case "T":
						// The catalogue's T(lang, id, …); a page's T(id, …).
						if typeName(fn.X) == "msgs" || (pkg == "web" && typeName(fn.X) == "m") {
							if len(n.Args) >= 2 {
								add("", n.Args[1])
							}
						} else if len(n.Args) >= 1 {
							add("", n.Args[0])
						}
					}
				}
			case *ast.CompositeLit:
				var code, fieldName ast.Expr
				for i, el := range n.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						switch typeName(kv.Key) {
						case "Code":
							code = kv.Value
						case "Field":
							fieldName = kv.Value
						case "Flash": // the form flow's notice
							add("", kv.Value)
						}
					} else if i == 0 {
						fieldName = el
					} else if i == 1 {
						code = el
					}
				}
				switch typeName(n.Type) {
				case "FieldError":
					if code != nil {
						validation(fieldName, code)
					}
				case "Warning":
					if len(n.Elts) > 0 {
						if _, keyed := n.Elts[0].(*ast.KeyValueExpr); !keyed {
							code = n.Elts[0]
						}
					}
					if code != nil {
						add("warning.", code)
					}
				}
			}
			return true
		})
	}
	// Twice: the first pass finds the wrappers the second one follows.
	for range 2 {
		for _, f := range files {
			for _, d := range f.f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
					scanFunc(f.pkg, fd.Name.Name, []*ast.FieldList{fd.Recv, fd.Type.Params}, fd.Body, nil, nil)
				}
			}
		}
	}

	for _, p := range templates {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		trees, err := parse.Parse(p, string(b), "{{", "}}", nil)
		if err == nil {
			for _, tree := range trees {
				templateIDs(tree.Root, func(id string, pos parse.Pos) {
					rel, _ := filepath.Rel(root, p)
					line := 1 + strings.Count(string(b[:pos]), "\n")
					ids.add(id, fmt.Sprintf("%s:%d", filepath.ToSlash(rel), line))
				})
			}
			continue
		}
		// Parse reports an unknown function: parse again without the check.
		tr := parse.New(p)
		tr.Mode = parse.SkipFuncCheck
		set := map[string]*parse.Tree{}
		if _, err := tr.Parse(string(b), "{{", "}}", set); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, tree := range set {
			templateIDs(tree.Root, func(id string, pos parse.Pos) {
				rel, _ := filepath.Rel(root, p)
				line := 1 + strings.Count(string(b[:pos]), "\n")
				ids.add(id, fmt.Sprintf("%s:%d", filepath.ToSlash(rel), line))
			})
		}
	}
	return ids
}

// templateIDs calls found with each literal id passed to a T method
// ({{.T "id"}}, {{$.P.T "id"}}, (.T "id" …)) under node.
func templateIDs(node parse.Node, found func(id string, pos parse.Pos)) {
	switch n := node.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			templateIDs(c, found)
		}
	case *parse.ActionNode:
		templateIDs(n.Pipe, found)
	case *parse.IfNode:
		templateIDs(n.Pipe, found)
		templateIDs(n.List, found)
		templateIDs(n.ElseList, found)
	case *parse.RangeNode:
		templateIDs(n.Pipe, found)
		templateIDs(n.List, found)
		templateIDs(n.ElseList, found)
	case *parse.WithNode:
		templateIDs(n.Pipe, found)
		templateIDs(n.List, found)
		templateIDs(n.ElseList, found)
	case *parse.TemplateNode:
		templateIDs(n.Pipe, found)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			templateIDs(c, found)
		}
	case *parse.CommandNode:
		if len(n.Args) >= 2 {
			var idents []string
			switch f := n.Args[0].(type) {
			case *parse.FieldNode:
				idents = f.Ident
			case *parse.VariableNode:
				idents = f.Ident
			case *parse.ChainNode:
				idents = f.Field
			}
			if len(idents) > 0 && idents[len(idents)-1] == "T" {
				if s, ok := n.Args[1].(*parse.StringNode); ok {
					found(s.Text, s.Pos)
				}
			}
		}
		for _, a := range n.Args {
			templateIDs(a, found)
		}
	}
}

// stringLit is the value of a string literal.
func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// typeName is the last name of an identifier or selector: "FieldError"
// for huoshui.FieldError, "msgs" for s.msgs.
func typeName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	}
	return ""
}

// Every message the roster workbook asks for (template, instructions,
// export) exists in both languages, and an import reads the headers of
// either language.
func TestReportMessagesExist(t *testing.T) {
	t.Parallel()
	m, err := loadMessages()
	if err != nil {
		t.Fatal(err)
	}
	asked := 0
	for _, lang := range languages {
		labels := func(id string) string {
			asked++
			if !m.Has(lang, id) {
				t.Errorf("report: message %q missing in %s", id, lang)
			}
			return m.T(lang, id)
		}
		var tmpl, export bytes.Buffer
		if err := report.WriteRosterTemplate(&tmpl, labels); err != nil {
			t.Fatal(err)
		}
		full := &huoshui.Member{Name: "王小明", Gender: huoshui.Male, Education: "bachelor", Status: huoshui.StatusFull,
			ProbationOn: huoshui.NewDate(2012, 7, 1), FullOn: huoshui.NewDate(2013, 7, 1), CommitteePost: huoshui.PostDeputy}
		if err := report.WriteRoster(&export, labels, report.RosterOptions{}, []*huoshui.Member{full}); err != nil {
			t.Fatal(err)
		}
		report.RosterHelp(labels)
		ros, err := report.ParseRoster(bytes.NewReader(export.Bytes()), time.Now(), m.allLabels()...)
		if err != nil || len(ros.Rows) != 1 || ros.Rows[0].Member.CommitteePost != huoshui.PostDeputy {
			t.Errorf("%s export does not read back: %v %+v", lang, err, ros)
		}
	}
	if asked < 100 {
		t.Errorf("report asked for only %d messages: the check is broken", asked)
	}
}

// Messages filled in by hand read exactly as their templates do, in both
// languages, with numbers and words as arguments.
func TestMessagesFilledAsTemplates(t *testing.T) {
	t.Parallel()
	m, err := loadMessages()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, lang := range languages {
		for id, parts := range m.filled[lang] {
			var args []any
			for i, p := range parts {
				if p.arg != "" {
					v := any(i * 7)
					if i%2 == 1 {
						v = "甲" + p.arg
					}
					args = append(args, p.arg, v)
				}
			}
			data := map[string]any{}
			for i := 0; i+1 < len(args); i += 2 {
				data[args[i].(string)] = args[i+1]
			}
			want, err := m.loc[lang].Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
			if err != nil {
				t.Fatalf("%s %s: %v", lang, id, err)
			}
			if got := m.T(lang, id, args...); got != want {
				t.Errorf("%s %s: filled %q, template %q", lang, id, got, want)
			}
			n++
		}
	}
	if n < 100 {
		t.Errorf("only %d messages are filled by hand; the split misses the common {{.N}}", n)
	}
	// A missing argument goes the template's way.
	if got := m.T("zh", "memberlist.years"); strings.Contains(got, "{{") {
		t.Errorf("memberlist.years without its argument: %q", got)
	}
}
