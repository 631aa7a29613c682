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
var auditObjectTypes = []string{"member", "org", "user", "transfer", "dev_step", "dues_payment", "dues_salary",
	"election", "appraisal_round", "appraisal"}

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
	Where       string // the node the record belongs to, by name
	Changes     []auditChange
	Raw         string // before and after, pretty-printed, when they are not JSON objects
	Summary     string // what a "read" record says was seen, in a sentence
}

// auditChange is one field whose value differs between before and after.
// Hidden: the values are a person's and not shown to this reader.
type auditChange struct {
	Field, Before, After string
	Hidden               bool
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
	names, err := s.auditOrgNames(r, entries)
	if err != nil {
		return err
	}
	for i, e := range entries {
		// One change, one row: a change recorded at two nodes (a member
		// transferred between branches is audited at both) shows once.
		if i > 0 && sameAuditChange(entries[i-1], e) {
			continue
		}
		p.Rows = append(p.Rows, s.auditRow(lang, u, e, names))
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

// sameAuditChange reports whether two entries record one change.
func sameAuditChange(a, b huoshui.AuditEntry) bool {
	d := a.At.Sub(b.At)
	return d < time.Second && d > -time.Second && a.UserID == b.UserID && a.Action == b.Action && a.ObjectType == b.ObjectType &&
		a.ObjectID == b.ObjectID && a.Before == b.Before && a.After == b.After
}

// auditOrgFields are the audited fields that hold a node's id; "path"
// holds a node's path.
var auditOrgFields = map[string]bool{"org_id": true, "parent_id": true, "from_org_id": true, "to_org_id": true, "OrgID": true}

// auditOrgNames reads, in one query, the names of the nodes a page of
// the trail mentions: where each record sits, and the ids and paths in
// its values. The ids are the server's own records, never the request's.
func (s *Server) auditOrgNames(r *http.Request, entries []huoshui.AuditEntry) (map[int64]*huoshui.Org, error) {
	seen := map[int64]bool{}
	var ids []int64
	add := func(id int64) {
		if id > 0 && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, e := range entries {
		add(e.OrgID)
		for _, raw := range []string{e.Before, e.After} {
			m, _ := decodeAuditJSON(raw)
			for k, v := range m {
				switch {
				case auditOrgFields[k]:
					n, _ := v.(json.Number)
					id, _ := n.Int64()
					add(id)
				case k == "path":
					p, _ := v.(string)
					for _, part := range strings.Split(strings.Trim(p, "/"), "/") {
						id, _ := strconv.ParseInt(part, 10, 64)
						add(id)
					}
				}
			}
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return s.store.FindOrgsByIDs(r.Context(), ids)
}

// personalField reports whether a field of a record of objType holds a
// person's own data (their name, ID number, phone, birth, work, and the
// reasons of their archive or transfer), which the trail shows only to
// readers who may see the person. A branch's name, dates, statuses and
// roles are not a person's.
func personalField(objType, key string) bool {
	switch key {
	case "name", "reason":
		return objType == "member"
	case "display_name", "MemberName", "id_number", "phone", "gender", "ethnicity", "birth_date", "education",
		"workplace", "post", "archive_reason":
		return true
	}
	return false
}

// auditRow names the record's object and works out what changed.
func (s *Server) auditRow(lang string, u *huoshui.User, e huoshui.AuditEntry, orgs map[int64]*huoshui.Org) auditRow {
	row := auditRow{AuditEntry: e}
	if o, ok := orgs[e.OrgID]; ok {
		row.Where = o.Name
	}
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
	if label == "" {
		label = name("title") // a meeting, a task, a material: by its title
	}
	// The audit administrator reads who changed which fields of a member's
	// record, not the person's details: those stay with readers who may see
	// the member.
	personal := e.ObjectType == "member" && !auth.Can(u, auth.ViewMember, auth.Object{OrgPath: e.OrgPath, MemberID: e.ObjectID})
	if personal {
		label = ""
	}
	// A link only to what is there and the reader may open: a node that
	// still exists (the record's node is read through a join, so a path
	// means it does) in the reader's view, a member the reader may see.
	switch e.ObjectType {
	case "member":
		if e.OrgPath != "" && !personal {
			row.ObjectURL = fmt.Sprintf("/members/%d", e.ObjectID)
		}
	case "org":
		if e.OrgPath != "" && e.OrgID == e.ObjectID && auth.Can(u, auth.ViewOrg, auth.Object{OrgPath: e.OrgPath}) {
			row.ObjectURL = fmt.Sprintf("/orgs/%d", e.ObjectID)
		}
		if o, ok := orgs[e.ObjectID]; ok && label == "" {
			label = o.Name
		}
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
	// A person's own fields are hidden from readers who may not see
	// them; on a member's record that is whoever may not see the member,
	// elsewhere whoever may not see the members of the record's node.
	seesPeople := auth.Can(u, auth.ViewMember, auth.Object{OrgPath: e.OrgPath})
	if e.ObjectType == "member" {
		seesPeople = !personal
	}
	row.Changes = s.auditChanges(lang, e.ObjectType, before, after, sensitive, seesPeople, orgs)
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
func (s *Server) auditChanges(lang, objType string, before, after map[string]any, sensitive, seesPeople bool, orgs map[int64]*huoshui.Org) []auditChange {
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
		bv, _ := json.Marshal(before[k])
		av, _ := json.Marshal(after[k])
		if bytes.Equal(bv, av) {
			continue
		}
		var b, a string
		hidden := !seesPeople && personalField(objType, k)
		if hidden {
			b, a = s.msgs.T(lang, "audit.hidden"), s.msgs.T(lang, "audit.hidden")
		} else {
			b, a = s.auditValue(lang, objType, k, before[k], sensitive, orgs), s.auditValue(lang, objType, k, after[k], sensitive, orgs)
		}
		if k == "id" || k == "ID" {
			continue // the record's own number: the object column names it
		}
		field := k
		for _, id := range []string{"audit.field." + objType + "." + k, "audit.field." + k, "field." + k} {
			if s.msgs.Has(lang, id) {
				field = s.msgs.T(lang, id)
				break
			}
		}
		out = append(out, auditChange{Field: field, Before: b, After: a, Hidden: hidden})
	}
	return out
}

// auditValueMessages are the message prefixes a field's coded values
// read as: a member's status, a node's kind, a meeting's type…
func auditValueMessages(objType, key string) []string {
	switch {
	case key == "status" && objType == "transfer":
		return []string{"transfers.status."}
	case key == "status" || key == "Status":
		return []string{"status."}
	case key == "kind" && objType == "org":
		return []string{"kind."}
	case key == "type" && objType == "meeting":
		return []string{"mtype."}
	case key == "committee_post":
		return []string{"post."}
	case key == "kind" && objType == "transfer":
		return []string{"transfers.kind."}
	}
	return nil
}

// auditValue shows one value: text as it is, roles as "支部书记（综合处党支部）",
// anything else as compact JSON; a missing value as a dash.
func (s *Server) auditValue(lang, objType, key string, v any, sensitive bool, orgs map[int64]*huoshui.Org) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case json.Number:
		// A dues payment's amount is kept in fen: it reads in yuan.
		if fen, err := x.Int64(); err == nil && objType == "dues_payment" && key == "amount" {
			return huoshui.FormatYuan(fen)
		}
		// A node's id reads as its name.
		if id, err := x.Int64(); err == nil && auditOrgFields[key] {
			if id == 0 {
				return "—"
			}
			if o, ok := orgs[id]; ok {
				return o.Name
			}
		}
		return x.String()
	case string:
		if key == "path" {
			var names []string
			for _, part := range strings.Split(strings.Trim(x, "/"), "/") {
				id, _ := strconv.ParseInt(part, 10, 64)
				if o, ok := orgs[id]; ok {
					names = append(names, o.Name)
				}
			}
			if len(names) > 0 {
				return strings.Join(names, " / ")
			}
		}
		for _, prefix := range auditValueMessages(objType, key) {
			if s.msgs.Has(lang, prefix+x) {
				return s.msgs.T(lang, prefix+x)
			}
		}
		if !sensitive && key == "id_number" {
			return huoshui.MaskIDNumber(x)
		}
		if !sensitive && key == "phone" {
			return huoshui.MaskPhone(x)
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
