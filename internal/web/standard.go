package web

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
	"github.com/huoshui/huoshui/internal/rules"
)

// The self-check (支部标准化自查, docs/domain.md "The self-check"): a
// branch's year against the standard items, each judged by
// rules.Standard from what the records say and shown with its evidence
// and links to the records; the branch writes a note on any item. The
// page prints, and exports as .xlsx.

// standardOrg loads the org in the path for the self-check: 404 outside
// the reader's view and for nodes that are not branches (a 党支部 or
// 党总支), 403 for a reader who may not see its records.
func (s *Server) standardOrg(r *http.Request) (*huoshui.Org, error) {
	o, err := s.findVisibleOrg(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(userFrom(r.Context()), auth.ViewRecord, auth.Object{OrgPath: o.Path}) {
		return nil, huoshui.ErrForbidden
	}
	if !standardKind(o.Kind) {
		return nil, fmt.Errorf("org %d is a %s: %w", o.ID, o.Kind, huoshui.ErrNotFound)
	}
	return o, nil
}

// standardKind reports whether a node of kind k has a self-check.
func standardKind(k huoshui.OrgKind) bool {
	return k == huoshui.OrgBranch || k == huoshui.OrgGeneralBranch
}

// standardOf gathers what the self-check of o for year reads and judges
// it; each check carries the link to its records and the branch's note.
func (s *Server) standardOf(ctx context.Context, o *huoshui.Org, year int) ([]huoshui.StandardCheck, error) {
	from, to := huoshui.NewDate(year, 1, 1), huoshui.NewDate(year, 12, 31)
	today := s.today()
	in := rules.StandardInput{Year: year, Today: today, Kind: o.Kind, FullCount: o.FullCount,
		CommitteeElectedOn: o.CommitteeElectedOn, CommitteeTermEnds: o.CommitteeTermEnds}

	// Organisational life: the compliance calendar of the branch and of
	// its groups, as the calendar page shows it.
	life, err := s.complianceOf(ctx, o, year, true)
	if err != nil {
		return nil, err
	}
	for _, c := range life {
		switch {
		case c.Org.ID == o.ID:
			in.Life = c.Items
		case c.Org.Kind == huoshui.OrgGroup && c.Org.ParentID == o.ID:
			in.Groups = append(in.Groups, c.Items)
		}
	}

	members, _, err := s.store.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{Paths: []string{o.Path}}, Sort: "org"})
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		if m.OrgID == o.ID && m.CommitteePost == huoshui.PostSecretary && in.Secretary == "" {
			in.Secretary = m.Name
		}
	}
	if in.Study, err = s.store.StudyCompletion(ctx, o, true, year); err != nil {
		return nil, err
	}
	recs, err := s.recordTally(ctx, o, year)
	if err != nil {
		return nil, err
	}
	in.Records = recs.RecordTally
	if in.Tasks, err = s.store.TaskTally(ctx, o, true, from, to, today); err != nil {
		return nil, err
	}
	outputs, err := s.store.FindOutputSummary(ctx, o, true, from, to)
	if err != nil {
		return nil, err
	}
	in.Outputs = map[huoshui.OutputKind]int{}
	for _, k := range huoshui.OutputKinds {
		in.Outputs[k] = outputs.Count(k)
	}

	checks := rules.Standard(in)
	notes, err := s.store.FindStandardNotes(ctx, o.ID, year)
	if err != nil {
		return nil, err
	}
	for i := range checks {
		c := &checks[i]
		c.Href = standardHref(o, year, c.Key, c.Status)
		c.Note = notes[c.Key]
		if c.Key == huoshui.StandardRecords {
			c.Records = recs.list
		}
	}
	return checks, nil
}

// standardHref is the list of the records an item counts, for the year.
func standardHref(o *huoshui.Org, year int, key huoshui.StandardKey, st huoshui.StandardStatus) string {
	switch key {
	case huoshui.StandardCommittee:
		return fmt.Sprintf("/orgs/%d", o.ID)
	case huoshui.StandardSecretary, huoshui.StandardMembers:
		return fmt.Sprintf("/members?org=%d", o.ID)
	case huoshui.StandardStudy:
		return fmt.Sprintf("/orgs/%d/study?year=%d", o.ID, year)
	case huoshui.StandardRecords:
		return fmt.Sprintf("/meetings?org=%d&year=%d", o.ID, year)
	case huoshui.StandardTasks:
		v := url.Values{"org": {strconv.FormatInt(o.ID, 10)}, "from": {huoshui.NewDate(year, 1, 1).String()},
			"to": {huoshui.NewDate(year, 12, 31).String()}}
		if st == huoshui.StandardUnmet {
			v.Set("status", string(huoshui.TaskOverdue))
		}
		return "/tasks?" + v.Encode()
	case huoshui.StandardOutputs:
		return fmt.Sprintf("/outputs?org=%d&year=%d", o.ID, year)
	}
	if key.Area() == "life" {
		return fmt.Sprintf("/meetings?org=%d&type=%s&year=%d", o.ID, string(key)[len("life."):], year)
	}
	return ""
}

// standardRecords is the meeting records part of a self-check: the tally
// and the meetings that keep it short.
type standardRecords struct {
	rules.RecordTally
	list []huoshui.StandardRecord
}

// maxListedRecords is how many incomplete meetings an item names.
const maxListedRecords = 10

// recordTally counts the year's meetings of o and its groups that have
// ended (not called off) and those whose record is short: no minutes, or
// invitees whose attendance was never taken.
func (s *Server) recordTally(ctx context.Context, o *huoshui.Org, year int) (standardRecords, error) {
	now := s.now()
	ms, _, err := s.store.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Scope{Paths: []string{o.Path}}, OrgID: o.ID,
		Subtree: true, From: time.Date(year, 1, 1, 0, 0, 0, 0, huoshui.Shanghai), To: time.Date(year+1, 1, 1, 0, 0, 0, 0, huoshui.Shanghai)})
	if err != nil {
		return standardRecords{}, err
	}
	var out standardRecords
	slices.SortFunc(ms, func(a, b *huoshui.Meeting) int {
		return cmp.Or(a.StartsAt.Compare(b.StartsAt), cmp.Compare(a.ID, b.ID))
	})
	for _, m := range ms {
		if m.CancelledAt != nil || m.EndsAt.After(now) {
			continue
		}
		out.Ended++
		noMinutes := m.Minutes == ""
		t := m.Tally
		noAttendance := t.Invited == 0 || t.Present+t.Leave+t.Absent < t.Invited
		if noMinutes {
			out.NoMinutes++
		}
		if noAttendance {
			out.NoAttendance++
		}
		if noMinutes || noAttendance {
			out.Incomplete++
			if len(out.list) < maxListedRecords {
				out.list = append(out.list, huoshui.StandardRecord{Label: huoshui.DateOf(m.StartsAt.In(huoshui.Shanghai)).String() + " " + m.Title,
					Href: meetingPath(m)})
			}
		}
	}
	return out, nil
}

// standardRow is one item as the page and the export show it.
type standardRow struct {
	huoshui.StandardCheck
	Name, Requirement, StatusLabel string
	Evidence                       []string
	Invalid                        string // the message beside this item's note form
	Typed                          string // what was typed into it, after a refusal
}

type standardPage struct {
	Page
	Org     *huoshui.Org
	Year    int
	Years   []int
	Today   huoshui.Date
	Rows    []standardRow
	Tally   huoshui.StandardTally
	CanEdit bool
	Query   listQuery
	Export  string
}

// standardRows translates checks for lang.
func (s *Server) standardRows(lang string, checks []huoshui.StandardCheck) []standardRow {
	t := func(id string, args ...any) string { return s.msgs.T(lang, id, args...) }
	rows := make([]standardRow, len(checks))
	for i, c := range checks {
		row := standardRow{StandardCheck: c, StatusLabel: t("standard.status." + string(c.Status))}
		if c.Key.Area() == "life" {
			typ := string(c.Key)[len("life."):]
			row.Name = t("mtype." + typ)
			row.Requirement = t("standard.req.life." + typ)
		} else {
			row.Name = t("standard.item." + string(c.Key))
			row.Requirement = t("standard.req." + string(c.Key))
		}
		for _, f := range c.Evidence {
			args := slices.Clone(f.Args)
			for j := 0; j+1 < len(args); j += 2 {
				if args[j] == "Every" {
					args[j+1] = t(fmt.Sprintf("every.%v", args[j+1]))
				}
			}
			row.Evidence = append(row.Evidence, t(f.Code, args...))
		}
		rows[i] = row
	}
	return rows
}

// standardYear reads ?year= (this year by default); a year that does not
// read or lies outside 1921–2100 is refused with what to fix.
func (s *Server) standardYear(v url.Values) (int, error) {
	raw := huoshui.FoldWidth(v.Get("year"))
	if raw == "" {
		return s.today().Year(), nil
	}
	y, err := strconv.Atoi(raw)
	if err != nil || y < 1921 || y > 2100 {
		ve := &huoshui.ValidationError{}
		ve.Add("year", "meeting.year_out_of_range")
		return 0, ve
	}
	return y, nil
}

// orgStandard shows GET /orgs/{id}/standard?year=YYYY.
func (s *Server) orgStandard(w http.ResponseWriter, r *http.Request) error {
	o, err := s.standardOrg(r)
	if err != nil {
		return err
	}
	year, err := s.standardYear(r.URL.Query())
	if err != nil {
		return err
	}
	return s.renderStandard(w, r, http.StatusOK, o, year, newForm(nil))
}

// renderStandard shows the self-check; f, after a refused note, holds
// what was typed and the message, shown beside that item's form.
func (s *Server) renderStandard(w http.ResponseWriter, r *http.Request, code int, o *huoshui.Org, year int, f form) error {
	ctx := r.Context()
	checks, err := s.standardOf(ctx, o, year)
	if err != nil {
		return err
	}
	lang := langFrom(r)
	p := &standardPage{Org: o, Year: year, Years: s.years(2016), Today: s.today(),
		CanEdit: o.ArchivedAt == nil && auth.Can(userFrom(ctx), auth.EditRecord, auth.Object{OrgPath: o.Path}),
		Query:   newListQuery(r.URL.Query(), "item", sortIn("item", "status")),
		Export:  fmt.Sprintf("/orgs/%d/standard.xlsx?year=%d", o.ID, year)}
	if !slices.Contains(p.Years, year) {
		p.Years = append(p.Years, year)
	}
	s.prepare(r, &p.Page)
	p.Crumbs = []crumb{{Href: fmt.Sprintf("/orgs/%d", o.ID), Label: o.Name}, {Label: s.msgs.T(lang, "standard.title")}}
	p.Rows = s.standardRows(lang, checks)
	p.Tally = huoshui.TallyStandard(checks)
	for i := range p.Rows {
		if f.Values != nil && huoshui.StandardKey(f.Get("item")) == p.Rows[i].Key {
			p.Rows[i].Typed = f.Get("note")
			p.Rows[i].Invalid = f.Err("note")
		}
	}
	sortStandard(p.Rows, p.Query.Sort)
	return s.render(w, r, code, "org_standard", p)
}

// standardRank orders conclusions for sorting: unmet first, then
// pending, then met.
var standardRank = map[huoshui.StandardStatus]int{huoshui.StandardUnmet: 0, huoshui.StandardPending: 1, huoshui.StandardMet: 2}

// sortStandard orders the rows: the checklist's own order by default, or
// by conclusion ("status", unmet first; "-status" the reverse).
func sortStandard(rows []standardRow, key string) {
	order := map[huoshui.StandardKey]int{}
	for i, k := range huoshui.StandardKeys() {
		order[k] = i
	}
	slices.SortStableFunc(rows, func(a, b standardRow) int {
		byItem := cmp.Compare(order[a.Key], order[b.Key])
		switch key {
		case "status":
			return cmp.Or(cmp.Compare(standardRank[a.Status], standardRank[b.Status]), byItem)
		case "-status":
			return cmp.Or(cmp.Compare(standardRank[b.Status], standardRank[a.Status]), byItem)
		case "-item":
			return -byItem
		}
		return byItem
	})
}

// standardNoteSave handles POST /orgs/{id}/standard/notes: the note on
// one item of one year, written over, or cleared with clear=1. Officers
// of the branch and organisers above it may write; a refused note comes
// back in its form with what to fix, nothing written.
func (s *Server) standardNoteSave(w http.ResponseWriter, r *http.Request) error {
	o, err := s.standardOrg(r)
	if err != nil {
		return err
	}
	if o.ArchivedAt != nil || !auth.Can(userFrom(r.Context()), auth.EditRecord, auth.Object{OrgPath: o.Path}) {
		return huoshui.ErrForbidden
	}
	year := s.today().Year()
	clear := false
	return submit(s, w, r, formFlow[*huoshui.StandardNote]{
		Read: func(v url.Values, ve *huoshui.ValidationError) (*huoshui.StandardNote, error) {
			y, err := s.standardYear(v)
			if err != nil {
				return nil, err // a year nobody can pick: the error page
			}
			year = y
			clear = v.Get("clear") == "1"
			return &huoshui.StandardNote{OrgID: o.ID, Year: y, Key: huoshui.StandardKey(v.Get("item")), Note: v.Get("note")}, nil
		},
		Save: func(n *huoshui.StandardNote) error {
			if !n.Key.Valid() {
				return fmt.Errorf("standard item %q: %w", n.Key, huoshui.ErrNotFound)
			}
			if clear {
				return s.store.DeleteStandardNote(r.Context(), s.actor(r), n.OrgID, n.Year, n.Key)
			}
			return s.store.SaveStandardNote(r.Context(), s.actor(r), n)
		},
		Page:  func(code int, f form) error { return s.renderStandard(w, r, code, o, year, f) },
		Flash: "standard.note_saved",
		FlashArgs: func(n *huoshui.StandardNote) []any {
			if clear {
				return []any{"Cleared", 1}
			}
			return []any{"Cleared", 0}
		},
		Next: func(n *huoshui.StandardNote) string {
			return fmt.Sprintf("/orgs/%d/standard?year=%d#item-%s", o.ID, n.Year, n.Key)
		},
	})
}

// orgStandardExport sends GET /orgs/{id}/standard.xlsx?year=YYYY: the
// self-check as the page shows it, one row per item with its evidence and
// note, landscape with a filter on the heading.
func (s *Server) orgStandardExport(w http.ResponseWriter, r *http.Request) error {
	o, err := s.standardOrg(r)
	if err != nil {
		return err
	}
	year, err := s.standardYear(r.URL.Query())
	if err != nil {
		return err
	}
	checks, err := s.standardOf(r.Context(), o, year)
	if err != nil {
		return err
	}
	lang := langFrom(r)
	t := func(id string, args ...any) string { return s.msgs.T(lang, id, args...) }
	rows := s.standardRows(lang, checks)
	tally := huoshui.TallyStandard(checks)
	title := t("standard.export.title", "Org", o.Name, "Year", year, "Date", s.today().String(),
		"Met", tally.Met, "Unmet", tally.Unmet, "Pending", tally.Pending)
	tw, err := report.NewPrintTableWriter(t("standard.export.sheet"), title, []report.TableColumn{
		{Header: t("standard.col.area"), Width: 10}, {Header: t("standard.col.item"), Width: 18},
		{Header: t("standard.col.requirement"), Width: 36}, {Header: t("standard.col.evidence"), Width: 60},
		{Header: t("standard.col.status"), Width: 10}, {Header: t("standard.col.note"), Width: 40}})
	if err != nil {
		return err
	}
	defer tw.Close()
	for _, row := range rows {
		note := ""
		if row.Note != nil {
			note = row.Note.Note
		}
		evidence := ""
		for i, e := range row.Evidence {
			if i > 0 {
				evidence += "\n"
			}
			evidence += e
		}
		for _, rec := range row.Records {
			evidence += "\n" + rec.Label
		}
		if err := tw.Add([]any{t("standard.area." + row.Key.Area()), row.Name, row.Requirement, evidence,
			row.StatusLabel, note}); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if _, err := tw.WriteLandscapeTo(&buf, 2, 6); err != nil {
		return err
	}
	sendFile(w, t("standard.export.file", "Org", o.Name, "Year", year), fmt.Sprintf("standard-%d.xlsx", year), xlsxType, buf.Bytes())
	return nil
}
