package web

import (
	"fmt"
	"net/http"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/rules"
)

// apiDuesMember is one line of GET /api/v1/orgs/{id}/dues: money as yuan
// strings with two decimals ("12.50"); due is null when no salary is
// declared for the month, paid is "0.00" when the month is unpaid;
// arrears_months counts the unpaid months up to the last due month.
type apiDuesMember struct {
	ID            int64   `json:"id"`
	Name          string  `json:"name"`
	Due           *string `json:"due"`
	Paid          string  `json:"paid"`
	ArrearsMonths int     `json:"arrears_months"`
}

// apiOrgDues answers GET /api/v1/orgs/{id}/dues?month=YYYY-MM: the branch's
// ledger for the month (the last due month by default). Outside the
// reader's ledgers 404; a month that is not YYYY-MM 422.
func (s *Server) apiOrgDues(w http.ResponseWriter, r *http.Request) error {
	o, err := s.duesOrg(r)
	if err != nil {
		return err
	}
	if o.Kind != huoshui.OrgBranch {
		return fmt.Errorf("dues ledger of org %d, not a branch: %w", o.ID, huoshui.ErrNotFound)
	}
	month, err := parseMonth(r.URL.Query().Get("month"), rules.LastDueMonth(s.today()))
	if err != nil {
		return err
	}
	lines, err := s.store.FindDuesLedger(r.Context(), auth.DuesScope(userFrom(r.Context())), o.ID, month, rules.LastDueMonth(s.today()))
	if err != nil {
		return err
	}
	out := struct {
		Org     int64           `json:"org"`
		Month   string          `json:"month"`
		Members []apiDuesMember `json:"members"`
	}{Org: o.ID, Month: month.String(), Members: []apiDuesMember{}}
	for _, l := range lines {
		m := apiDuesMember{ID: l.MemberID, Name: l.Name, Paid: "0.00", ArrearsMonths: l.Unpaid}
		if l.HasDue {
			d := huoshui.FormatYuan(l.Due)
			m.Due = &d
		}
		if l.Payment != nil {
			m.Paid = huoshui.FormatYuan(l.Payment.AmountFen)
		}
		out.Members = append(out.Members, m)
	}
	s.writeJSON(w, http.StatusOK, out)
	return nil
}
