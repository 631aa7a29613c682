package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/report"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// membersExport sends the member list as an Excel roster: exactly the rows
// the list shows for the same query, every page of them. ID numbers and
// phones stay masked in rows the reader may not see in the clear.
func (s *Server) membersExport(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if auth.Scope(u, auth.ViewMember).Empty() {
		return huoshui.ErrNotFound
	}
	q := parseMemberQuery(r.URL.Query())
	ms, _, err := s.store.FindMembers(r.Context(), q.filter(u, 0))
	if err != nil {
		return err
	}
	var clear []*huoshui.Member // rows with ID numbers in the clear
	for _, m := range ms {
		if !auth.Can(u, auth.ViewSensitive, memberObject(m)) {
			m.IDNumber = huoshui.MaskIDNumber(m.IDNumber)
			m.Phone = huoshui.MaskPhone(m.Phone)
		} else {
			clear = append(clear, m)
		}
	}
	if len(clear) > 0 {
		orgID, orgPath := commonOrg(clear)
		if err := s.store.RecordRead(r.Context(), s.actor(r), "export", "roster", 0, orgID, orgPath, len(clear)); err != nil {
			return err
		}
	}
	lang := langFrom(r)
	var buf bytes.Buffer
	if err := report.WriteRoster(&buf, lang, ms); err != nil {
		return err
	}
	fallback := "member-roster-" + s.today().String() + ".xlsx"
	name := "党员花名册-" + s.today().String() + ".xlsx"
	if lang == "en" {
		name = fallback
	}
	sendFile(w, name, fallback, xlsxType, buf.Bytes())
	return nil
}

// commonOrg is the lowest node above every one of ms (their branch when
// they share one): where a record about all of them belongs in the tree.
func commonOrg(ms []*huoshui.Member) (int64, string) {
	ids := huoshui.PathIDs(ms[0].OrgPath)
	for _, m := range ms[1:] {
		other := huoshui.PathIDs(m.OrgPath)
		n := 0
		for n < len(ids) && n < len(other) && ids[n] == other[n] {
			n++
		}
		ids = ids[:n]
	}
	if len(ids) == 0 {
		return 0, ""
	}
	path := "/"
	for _, id := range ids {
		path += strconv.FormatInt(id, 10) + "/"
	}
	return ids[len(ids)-1], path
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
