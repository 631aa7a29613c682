package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// maxExportRows is the most rows one Excel export writes (a roster's
// members, a ledger's units) unless Deps.MaxExportRows says otherwise.
// Past it the export is refused before anything is written, with the count
// and how to narrow it.
const maxExportRows = 100_000

// exportCap is the row cap of this server's exports.
func (s *Server) exportCap() int {
	if s.deps.MaxExportRows > 0 {
		return s.deps.MaxExportRows
	}
	return maxExportRows
}

// tooManyRows refuses an export of n rows: code says what they are and
// how to narrow the export.
func (s *Server) tooManyRows(code string, n int) error {
	v := &huoshui.ValidationError{}
	v.Add("export", code, "Count", n, "Max", s.exportCap())
	return v
}

// exported is what an export wrote: every row, and those of them with ID
// numbers and phones in the clear.
type exported struct {
	Rows, Unmasked int
}

// membersExport sends the member list as an Excel roster: exactly the rows
// the list shows for the same query, every page of them, read from the
// database one row at a time. ID numbers and phones stay masked in rows
// the reader may not see in the clear. More rows than the cap are refused
// before anything is written.
func (s *Server) membersExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	if auth.Scope(u, auth.ViewMember).Empty() {
		return huoshui.ErrForbidden
	}
	q := parseMemberQuery(r.URL.Query())
	f := q.filter(u, 0)
	if err := s.narrowToOrg(r.Context(), &f, statOf(q.Stat)); err != nil {
		return err
	}
	n, err := s.store.CountMembers(ctx, f)
	if err != nil {
		return err
	}
	if n > s.exportCap() {
		return s.tooManyRows("export_too_many_members", n)
	}
	lang := langFrom(r)
	title, err := s.rosterTitle(r, q)
	if err != nil {
		return err
	}
	rw, err := report.NewRosterWriter(s.msgs.labels(lang), report.RosterOptions{Title: title, Archived: q.Archived})
	if err != nil {
		return err
	}
	defer rw.Close()
	var done exported
	var common string       // the deepest node above every row sent in the clear
	f.Limit = s.exportCap() // rows added since the count stay under the cap
	err = s.store.EachMember(ctx, f, func(m *huoshui.Member) error {
		done.Rows++
		if auth.Can(u, auth.ViewSensitive, memberObject(m)) {
			if done.Unmasked == 0 {
				common = m.OrgPath
			} else {
				common = huoshui.CommonPath(common, m.OrgPath)
			}
			done.Unmasked++
		} else {
			m.IDNumber = huoshui.MaskIDNumber(m.IDNumber)
			m.Phone = huoshui.MaskPhone(m.Phone)
		}
		if m.ArchivedAt != nil {
			at := m.ArchivedAt.In(chinaTime)
			m.ArchivedAt = &at
		}
		return rw.Add(m)
	})
	if err != nil {
		return err
	}
	// Nothing has gone out yet: a roster with ID numbers in the clear
	// leaves a trace, filed under the lowest node above all its rows.
	if done.Unmasked > 0 {
		if err := s.store.RecordRead(ctx, s.actor(r), "export", "roster", 0, huoshui.PathNodeID(common), done.Unmasked); err != nil {
			return err
		}
	}
	fallback := "member-roster-" + s.today().String() + ".xlsx"
	name := s.msgs.T(lang, "export.file.roster", "Date", s.today().String())
	startDownload(w, name, fallback, xlsxType)
	if _, err := rw.WriteTo(w); err != nil {
		// The answer has begun: too late for an error page.
		s.logFailure(r, http.StatusInternalServerError, err)
	}
	return nil
}

// rosterTitle is the title row of a roster export: whose roster (the
// branch chosen, or the one node the reader sees), which list, and the
// day.
func (s *Server) rosterTitle(r *http.Request, q memberQuery) (string, error) {
	ctx := r.Context()
	lang := langFrom(r)
	scope := auth.Scope(userFrom(ctx), auth.ViewMember)
	var id int64
	if q.OrgID != 0 {
		id = q.OrgID
	} else if len(scope.Paths) == 1 {
		id = huoshui.PathNodeID(scope.Paths[0])
	}
	org := ""
	if id != 0 {
		o, err := s.store.FindOrgByID(ctx, scope, id)
		if err != nil && !errors.Is(err, huoshui.ErrNotFound) {
			return "", err
		}
		if o != nil {
			org = o.Name
		}
	}
	list := "export.title.roster"
	if q.Archived {
		list = "export.title.archived"
	}
	return strings.TrimSpace(s.msgs.T(lang, list, "Org", org, "Date", s.today().String())), nil
}

// startDownload sends the headers of a download named name whose length
// is not known in advance; fallback is an ASCII name for old clients.
// Personal data must not stay in shared caches.
func startDownload(w http.ResponseWriter, name, fallback, contentType string) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", attachment(name, fallback))
	h.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
}

// sendFile answers with a download named name; fallback is an ASCII name
// for old clients. Personal data must not stay in shared caches.
func sendFile(w http.ResponseWriter, name, fallback, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", attachment(name, fallback))
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// attachment is a Content-Disposition for a file name in any language
// (RFC 6266, RFC 8187): the ASCII fallback, and the real name as UTF-8.
func attachment(name, fallback string) string {
	var enc strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			enc.WriteByte(c)
		} else {
			fmt.Fprintf(&enc, "%%%02X", c)
		}
	}
	return fmt.Sprintf("attachment; filename=\"%s\"; filename*=UTF-8''%s", fallback, enc.String())
}
