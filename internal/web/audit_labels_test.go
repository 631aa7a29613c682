package web

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// auditedFields walks the store's source, type-checked, and returns every
// top-level field name any call of (*Store).audit may write into an
// entry's before or after: the json names of the structs passed (and
// returned as any by the audit… helpers), and the keys of the map
// literals. A new audited field without a label fails
// TestAuditFieldsHaveLabels.
func auditedFields(t *testing.T) map[string]string {
	t.Helper()
	dir := filepath.Join("..", "store")
	// Export data of the store's imports, compiled by the go command.
	out, err := exec.Command("go", "list", "-export", "-deps", "-json=ImportPath,Export", dir).Output()
	if err != nil {
		t.Fatalf("go list -export: %v", err)
	}
	exports := map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p struct{ ImportPath, Export string }
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		exports[p.ImportPath] = p.Export
	}
	fset := token.NewFileSet()
	var files []*ast.File
	names, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) { return os.Open(exports[path]) })
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: imp.(types.ImporterFrom), Error: func(error) {}}
	if _, err := conf.Check("github.com/huoshui/huoshui/internal/store", fset, files, info); err != nil {
		t.Fatalf("type-check store: %v", err)
	}
	funcs := map[types.Object]*ast.FuncDecl{}
	// params: a parameter's function and place; calls: each function's calls.
	type param struct {
		fn types.Object
		i  int
	}
	params := map[types.Object]param{}
	calls := map[types.Object][]*ast.CallExpr{}
	// assigns: every expression assigned to a variable, to follow an any.
	assigns := map[types.Object][]ast.Expr{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncDecl:
				fn := info.Defs[x.Name]
				funcs[fn] = x
				i := 0
				for _, fl := range x.Type.Params.List {
					for _, id := range fl.Names {
						params[info.Defs[id]] = param{fn, i}
						i++
					}
					if len(fl.Names) == 0 {
						i++
					}
				}
			case *ast.CallExpr:
				switch fn := x.Fun.(type) {
				case *ast.Ident:
					calls[info.Uses[fn]] = append(calls[info.Uses[fn]], x)
				case *ast.SelectorExpr:
					calls[info.Uses[fn.Sel]] = append(calls[info.Uses[fn.Sel]], x)
				}
			case *ast.AssignStmt:
				if len(x.Lhs) == len(x.Rhs) {
					for i, l := range x.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							o := info.Defs[id]
							if o == nil {
								o = info.Uses[id]
							}
							assigns[o] = append(assigns[o], x.Rhs[i])
						}
					}
				}
			case *ast.ValueSpec:
				for i, id := range x.Names {
					if i < len(x.Values) {
						assigns[info.Defs[id]] = append(assigns[info.Defs[id]], x.Values[i])
					}
				}
			}
			return true
		})
	}
	fields := map[string]string{}
	seen := map[ast.Expr]bool{}
	var fromType func(t types.Type, where string)
	fromType = func(typ types.Type, where string) {
		if p, ok := typ.(*types.Pointer); ok {
			typ = p.Elem()
		}
		st, ok := typ.Underlying().(*types.Struct)
		if !ok {
			return
		}
		for i := 0; i < st.NumFields(); i++ {
			f := st.Field(i)
			tag := reflect.StructTag(st.Tag(i)).Get("json")
			name, _, _ := strings.Cut(tag, ",")
			if name == "-" || !f.Exported() {
				continue
			}
			if f.Embedded() && name == "" {
				fromType(f.Type(), where)
				continue
			}
			if name == "" {
				name = f.Name()
			}
			fields[name] = where
		}
	}
	var fromExpr func(e ast.Expr, where string)
	fromExpr = func(e ast.Expr, where string) {
		if e == nil || seen[e] {
			return
		}
		seen[e] = true
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = u.X
		}
		switch x := e.(type) {
		case *ast.CompositeLit:
			if _, ok := info.Types[x].Type.Underlying().(*types.Map); ok {
				for _, el := range x.Elts {
					kv := el.(*ast.KeyValueExpr)
					if tv := info.Types[kv.Key]; tv.Value != nil {
						k, _ := strconv.Unquote(tv.Value.ExactString())
						fields[k] = where
					}
				}
				return
			}
		case *ast.CallExpr:
			var obj types.Object
			switch fn := x.Fun.(type) {
			case *ast.Ident:
				obj = info.Uses[fn]
			case *ast.SelectorExpr:
				obj = info.Uses[fn.Sel]
			}
			if d := funcs[obj]; d != nil && d.Body != nil {
				if _, isIface := info.Types[x].Type.Underlying().(*types.Interface); isIface {
					ast.Inspect(d.Body, func(n ast.Node) bool {
						if r, ok := n.(*ast.ReturnStmt); ok && len(r.Results) == 1 {
							fromExpr(r.Results[0], where)
						}
						_, lit := n.(*ast.FuncLit)
						return !lit
					})
					return
				}
			}
		case *ast.Ident:
			if _, isIface := info.Types[x].Type.Underlying().(*types.Interface); isIface {
				o := info.Uses[x]
				for _, rhs := range assigns[o] {
					fromExpr(rhs, where)
				}
				if p, ok := params[o]; ok {
					for _, c := range calls[p.fn] {
						if p.i < len(c.Args) {
							fromExpr(c.Args[p.i], fset.Position(c.Pos()).String())
						}
					}
				}
				return
			}
		}
		if tv, ok := info.Types[e]; ok {
			fromType(tv.Type, where)
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 9 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "audit" {
				return true
			}
			where := fset.Position(call.Pos()).String()
			fromExpr(call.Args[7], where)
			fromExpr(call.Args[8], where)
			return true
		})
	}
	return fields
}

// Every field the store audits has a label in both languages, so the
// trail never shows an auditor a programmer's name such as created_at.
func TestAuditFieldsHaveLabels(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the store")
	}
	fields := auditedFields(t)
	if len(fields) < 50 {
		t.Fatalf("found %d audited fields, want the store's many: the walk is broken", len(fields))
	}
	for _, must := range []string{"created_at", "from_org_name", "id_number", "username", "roles", "committee_term_ends"} {
		if _, ok := fields[must]; !ok {
			t.Errorf("the walk missed %q", must)
		}
	}
	msgs, err := loadMessages()
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for f, where := range fields {
		for _, lang := range []string{"zh", "en"} {
			if !msgs.Has(lang, "audit.field."+f) && !msgs.Has(lang, "field."+f) {
				missing = append(missing, lang+" "+f+" ("+where+")")
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("audited field without a label: %s", m)
	}
}
