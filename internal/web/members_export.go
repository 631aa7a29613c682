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
		return huoshui.ErrForbidden
	}
	q := parseMemberQuery(r.URL.Query())
	ms, _, err := s.store.FindMembers(r.Context(), q.filter(u, 0))
	if err != nil {
		return err
	}
	for _, m := range ms {
		if !auth.Can(u, auth.ViewSensitive, memberObject(m)) {
			m.IDNumber = huoshui.MaskIDNumber(m.IDNumber)
			m.Phone = huoshui.MaskPhone(m.Phone)
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
