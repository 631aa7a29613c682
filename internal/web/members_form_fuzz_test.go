package web

import (
	"net/url"
	"testing"

	"github.com/huoshui/huoshui"
)

// FuzzMemberForm feeds arbitrary form bodies to the member form's parser
// and the domain's validation: nothing panics, and whatever passes is a
// record the rules allow.
func FuzzMemberForm(f *testing.F) {
	f.Add("name=%E7%8E%8B%E6%99%93%E6%A2%85&status=full&org_id=2&applied_on=2005-03-01&probation_on=2007-07-01&full_on=2008-07-01&id_number=37010219850312002x")
	f.Add("name=a&status=applicant&org_id=-1&applied_on=2026-02-30")
	f.Add("org_id=99999999999999999999&group_id=x&birth_date=%00")
	f.Add("status=probationary&committee_post=secretary&probation_on=2025-01-01&name=%20")
	f.Fuzz(func(t *testing.T, body string) {
		v, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		ve := &huoshui.ValidationError{}
		m := memberInputFromForm(v, ve).member(ve)
		if err := m.Validate(); err != nil || ve.Err() != nil {
			return
		}
		if !m.Status.Valid() || m.Name == "" || m.OrgID <= 0 {
			t.Fatalf("accepted %+v", m)
		}
		if m.IDNumber != "" && huoshui.CheckIDNumber(m.IDNumber) != "" {
			t.Fatalf("accepted a bad ID number %q", m.IDNumber)
		}
		if m.CommitteePost != huoshui.PostNone && m.Status != huoshui.StatusFull {
			t.Fatalf("accepted a committee post for a %s", m.Status)
		}
	})
}
