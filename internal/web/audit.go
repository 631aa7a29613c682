package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// The audit trail, for the audit administrator (auth.ViewAudit) only. It
// can only be read: there is no route to change or delete a record, and
// the database refuses it by trigger.

// auditPageSize is how many records a page of the trail shows.
const auditPageSize = 50

// auditActions are the actions the filter offers, in the order a clerk
// thinks of them.
var auditActions = []string{
	huoshui.AuditCreate, huoshui.AuditUpdate, huoshui.AuditArchive, huoshui.AuditRestore, huoshui.AuditDelete, huoshui.AuditMove,
	huoshui.AuditTransfer, huoshui.AuditImport, huoshui.AuditLogin, huoshui.AuditLoginFailed, huoshui.AuditLogout,
	huoshui.AuditPasswordChange, huoshui.AuditPasswordReset, huoshui.AuditResetRequest, huoshui.AuditResetApprove,
	huoshui.AuditResetCancel, huoshui.AuditSignInCode, huoshui.AuditLock, huoshui.AuditUnlock, huoshui.AuditRead,
}

// auditObjectTypes are the kinds of records the trail names.
var auditObjectTypes = []string{"member", "org", "user"}

// auditQuery is the trail's filter as it stands in the URL:
// ?username=&action=&type=&from=&to=&before=&after=. Dates are days in
// Beijing time; before and after page by record id.
type auditQuery struct {
	listQuery
	Before     int64 // older than this record
	After      int64 // newer than this record
	Username   string
	Action     string
	ObjectType string
	From, To   huoshui.Date
	Form       form // what is wrong with a date typed into the filter
}

func (s *Server) parseAuditQuery(r *http.Request) auditQuery {
	v := r.URL.Query()
	lang := langFrom(r)
	q := auditQuery{listQuery: newListQuery(v, "", nil), Username: strings.ToLower(strings.TrimSpace(v.Get("username"))), Form: newForm(v)}
	q.Before, _ = strconv.ParseInt(v.Get("before"), 10, 64)
	q.After, _ = strconv.ParseInt(v.Get("after"), 10, 64)
	q.Before, q.After = max(q.Before, 0), max(q.After, 0)
	for _, a := range auditActions {
		if v.Get("action") == a {
			q.Action = a
		}
	}
	for _, t := range auditObjectTypes {
		if v.Get("type") == t {
			q.ObjectType = t
		}
	}
	for _, d := range []struct {
		key string
		dst *huoshui.Date
	}{{"from", &q.From}, {"to", &q.To}} {
		got, err := huoshui.ParseDate(strings.TrimSpace(v.Get(d.key)))
		if err != nil {
			q.Form.Fail(d.key, s.msgs.T(lang, "error.date_format"))
			continue
		}
		*d.dst = got
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		q.Form.Fail("to", s.msgs.T(lang, "audit.to_before_from"))
		q.To = huoshui.Date{}
	}
	return q
}

// Filtered reports whether any filter is set.
func (q auditQuery) Filtered() bool {
	return q.Username != "" || q.Action != "" || q.ObjectType != "" || !q.From.IsZero() || !q.To.IsZero()
}

// beijingDay is the instant a day begins in Beijing time.
func beijingDay(d huoshui.Date) time.Time {
	return time.Date(d.Year(), d.Time().Month(), d.Time().Day(), 0, 0, 0, 0, chinaTime)
}

// auditRow is one record as the page shows it.
type auditRow struct {
	huoshui.AuditEntry
	ObjectLabel string // "党员 王晓梅", "账号 secretary"
	ObjectURL   string // where the object can be opened, or ""
	Changes     []auditChange
	Raw         string // before and after, pretty-printed, when they are not JSON objects
	Summary     string // what a "read" record says was seen, in a sentence
}

// auditChange is one field whose value differs between before and after.
type auditChange struct {
	Field, Before, After string
}

// PageLink is the URL of the same filter at another page of the trail:
// key "before" or "after" a record id.
func (q auditQuery) PageLink(key string, id int64) string {
	v := cloneValues(q.Values)
	v.Del("page")
	v.Del("before")
	v.Del("after")
	v.Set(key, strconv.FormatInt(id, 10))
	return "?" + v.Encode()
}

type auditListPage struct {
	Page
	Query   auditQuery
	Rows    []auditRow
	Actions []string
	Types   []string
	// OlderURL and NewerURL turn the page; empty at either end.
	OlderURL, NewerURL string
}

func (s *Server) auditList(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	scope := auth.Scope(u, auth.ViewAudit)
	if scope.Empty() {
		return huoshui.ErrForbidden
	}
	q := s.parseAuditQuery(r)
	f := huoshui.AuditFilter{
		Scope:      scope,
		Unplaced:   scope.AtRoot(),
		Username:   q.Username,
		Action:     q.Action,
		ObjectType: q.ObjectType,
		Limit:      auditPageSize,
		Before:     q.Before,
		After:      q.After,
	}
	if !q.From.IsZero() {
		f.Since = beijingDay(q.From)
	}
	if !q.To.IsZero() {
		f.Until = beijingDay(q.To.AddDate(0, 0, 1))
	}
	entries, more, err := s.store.FindAuditEntries(r.Context(), f)
	if err != nil {
		return err
	}
	lang := langFrom(r)
	p := &auditListPage{Query: q, Actions: auditActions, Types: auditObjectTypes}
	for _, e := range entries {
		p.Rows = append(p.Rows, s.auditRow(lang, u, e))
	}
	if more.Older != 0 {
		p.OlderURL = q.PageLink("before", more.Older)
	}
	if more.Newer != 0 {
		p.NewerURL = q.PageLink("after", more.Newer)
	}
	status := http.StatusOK
	if q.Form.Any() {
		status = http.StatusUnprocessableEntity
	}
	return s.render(w, r, status, "audit_list", p)
}

// auditRow names the record's object and works out what changed.
func (s *Server) auditRow(lang string, u *huoshui.User, e huoshui.AuditEntry) auditRow {
	row := auditRow{AuditEntry: e}
	before, bok := decodeAuditJSON(e.Before)
	after, aok := decodeAuditJSON(e.After)
	name := func(key string) string {
		for _, m := range []map[string]any{after, before} {
			if v, ok := m[key].(string); ok && v != "" {
				return v
			}
		}
		return ""
	}
	typeLabel := e.ObjectType
	if id := "audit.type." + e.ObjectType; s.msgs.Has(lang, id) {
		typeLabel = s.msgs.T(lang, id)
	}
	label := name("name")
	// The audit administrator reads who changed which fields of a member's
	// record, not the person's details: those stay with readers who may see
	// the member.
	personal := e.ObjectType == "member" && !auth.Can(u, auth.ViewMember, auth.Object{OrgPath: e.OrgPath, MemberID: e.ObjectID})
	if personal {
		label = ""
	}
	switch e.ObjectType {
	case "member":
		row.ObjectURL = fmt.Sprintf("/members/%d", e.ObjectID)
	case "org":
		row.ObjectURL = fmt.Sprintf("/orgs/%d", e.ObjectID)
	case "user":
		label = name("username")
		if label == "" && e.ObjectID != 0 && e.ObjectID == e.UserID {
			label = e.Username // signing in or out of one's own account
		}
	}
	if e.ObjectID == 0 {
		row.ObjectURL = ""
	}
	switch {
	case label != "":
		row.ObjectLabel = typeLabel + " " + label
	case e.ObjectID != 0:
		row.ObjectLabel = fmt.Sprintf("%s #%d", typeLabel, e.ObjectID)
	default:
		row.ObjectLabel = typeLabel
	}
	// A read changes nothing: it says how personal data was seen and,
	// for a roster, how many people's in the clear.
	if e.Action == huoshui.AuditRead && aok {
		what, _ := after["what"].(string)
		rows := fmt.Sprint(after["rows"]) // a json.Number
		if id := "audit.read." + what; s.msgs.Has(lang, id) {
			row.Summary = s.msgs.T(lang, id, "Rows", rows)
			return row
		}
	}
	if (e.Before != "" && !bok) || (e.After != "" && !aok) {
		row.Raw = prettyJSON(e.Before) + "\n→\n" + prettyJSON(e.After)
		if personal {
			row.Raw = s.msgs.T(lang, "audit.hidden")
		}
		return row
	}
	sensitive := auth.Can(u, auth.ViewSensitive, auth.Object{OrgPath: e.OrgPath})
	row.Changes = s.auditChanges(lang, before, after, sensitive)
	if personal {
		for i := range row.Changes {
			row.Changes[i].Before, row.Changes[i].After = s.msgs.T(lang, "audit.hidden"), s.msgs.T(lang, "audit.hidden")
		}
	}
	return row
}

// decodeAuditJSON reads a before or after value as a JSON object. An empty
// value is an empty object; anything else that is not an object is not ok.
func decodeAuditJSON(s string) (map[string]any, bool) {
	if strings.TrimSpace(s) == "" {
		return nil, true
	}
	var m map[string]any
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		return nil, false
	}
	return m, true
}

func prettyJSON(s string) string {
	if s == "" {
		return "—"
	}
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(s), "", "  "); err != nil {
		return s
	}
	return b.String()
}

// auditChanges lists the fields whose values differ between before and
// after, in a stable order. ID numbers and phones stay masked for readers
// who may not see them in the clear.
func (s *Server) auditChanges(lang string, before, after map[string]any, sensitive bool) []auditChange {
	keys := map[string]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	var out []auditChange
	for _, k := range sorted {
		b, a := s.auditValue(lang, k, before[k], sensitive), s.auditValue(lang, k, after[k], sensitive)
		bv, _ := json.Marshal(before[k])
		av, _ := json.Marshal(after[k])
		if bytes.Equal(bv, av) {
			continue
		}
		field := k
		for _, id := range []string{"audit.field." + k, "field." + k} {
			if s.msgs.Has(lang, id) {
				field = s.msgs.T(lang, id)
				break
			}
		}
		out = append(out, auditChange{Field: field, Before: b, After: a})
	}
	return out
}

// auditValue shows one value: text as it is, roles as "支部书记（综合处党支部）",
// anything else as compact JSON; a missing value as a dash.
func (s *Server) auditValue(lang, key string, v any, sensitive bool) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		if !sensitive && key == "id_number" {
			return huoshui.MaskIDNumber(x)
		}
		if !sensitive && key == "phone" {
			return huoshui.MaskPhone(x)
		}
		if key == "status" && s.msgs.Has(lang, "status."+x) {
			return s.msgs.T(lang, "status."+x)
		}
		if strings.HasSuffix(key, "_at") || strings.HasSuffix(key, "_until") {
			if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
				return t.In(chinaTime).Format("2006-01-02 15:04")
			}
		}
		return x
	case bool:
		if x {
			return s.msgs.T(lang, "audit.yes")
		}
		return s.msgs.T(lang, "audit.no")
	case []any:
		parts := make([]string, 0, len(x))
		for _, item := range x {
			m, ok := item.(map[string]any)
			kind, _ := m["kind"].(string)
			org, _ := m["org_name"].(string)
			if !ok || kind == "" {
				b, _ := json.Marshal(item)
				parts = append(parts, string(b))
				continue
			}
			parts = append(parts, s.msgs.T(lang, "list.role_at", "Role", s.msgs.T(lang, "role."+kind), "Org", org))
		}
		if len(parts) == 0 {
			return "—"
		}
		return strings.Join(parts, s.msgs.T(lang, "list.semicolon"))
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
