package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// maxJSONBytes bounds a JSON request body.
const maxJSONBytes = 1 << 20

// apiOrg is a node as the API names it.
type apiOrg struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// apiMember is a member in the API. The list gives id, name, status, org
// (and group, committee_post when set); a single member adds every field.
// ID numbers and phones come masked unless the reader may see them.
type apiMember struct {
	ID            int64         `json:"id"`
	Name          string        `json:"name"`
	Status        string        `json:"status"`
	Org           apiOrg        `json:"org"`
	Group         *apiOrg       `json:"group,omitempty"`
	CommitteePost string        `json:"committee_post,omitempty"`
	Gender        string        `json:"gender,omitempty"`
	Ethnicity     string        `json:"ethnicity,omitempty"`
	BirthDate     huoshui.Date  `json:"birth_date,omitzero"`
	Education     string        `json:"education,omitempty"`
	IDNumber      string        `json:"id_number,omitempty"`
	Phone         string        `json:"phone,omitempty"`
	Workplace     string        `json:"workplace,omitempty"`
	Post          string        `json:"post,omitempty"`
	AppliedOn     huoshui.Date  `json:"applied_on,omitzero"`
	ActivistOn    huoshui.Date  `json:"activist_on,omitzero"`
	CandidateOn   huoshui.Date  `json:"candidate_on,omitzero"`
	ProbationOn   huoshui.Date  `json:"probation_on,omitzero"`
	FullOn        huoshui.Date  `json:"full_on,omitzero"`
	ArchivedAt    *time.Time    `json:"archived_at,omitempty"`
	ArchiveReason string        `json:"archive_reason,omitempty"`
	Transfers     []apiTransfer `json:"transfers,omitempty"`
}

type apiTransfer struct {
	From   apiOrg       `json:"from"`
	To     apiOrg       `json:"to"`
	On     huoshui.Date `json:"on"`
	Reason string       `json:"reason,omitempty"`
}

func apiSummary(m *huoshui.Member) apiMember {
	a := apiMember{ID: m.ID, Name: m.Name, Status: string(m.Status), Org: apiOrg{m.OrgID, m.OrgName},
		CommitteePost: string(m.CommitteePost)}
	if m.GroupID != 0 {
		a.Group = &apiOrg{m.GroupID, m.GroupName}
	}
	return a
}

func apiDetail(m *huoshui.Member, sensitive bool) apiMember {
	a := apiSummary(m)
	a.Gender, a.Ethnicity, a.BirthDate, a.Education = string(m.Gender), m.Ethnicity, m.BirthDate, m.Education
	a.IDNumber, a.Phone = m.IDNumber, m.Phone
	if !sensitive {
		a.IDNumber, a.Phone = huoshui.MaskIDNumber(m.IDNumber), huoshui.MaskPhone(m.Phone)
	}
	a.Workplace, a.Post = m.Workplace, m.Post
	a.AppliedOn, a.ActivistOn, a.CandidateOn, a.ProbationOn, a.FullOn = m.AppliedOn, m.ActivistOn, m.CandidateOn, m.ProbationOn, m.FullOn
	a.ArchivedAt, a.ArchiveReason = m.ArchivedAt, m.ArchiveReason
	return a
}

// apiMembersList answers GET /api/v1/members with the same filter as the
// list page (?q=&status=&org=&group=&archived=1&sort=&page=), 50 a page.
func (s *Server) apiMembersList(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if auth.Scope(u, auth.ViewMember).Empty() {
		return huoshui.ErrForbidden // no member record anywhere, not even one's own
	}
	q := parseMemberQuery(r.URL.Query())
	f := q.filter(u, memberPageSize)
	if err := s.narrowToOrg(r.Context(), &f, statOf(q.Stat)); err != nil {
		return err
	}
	f.CountCap = 0 // the API counts every match
	ms, total, err := s.store.FindMembers(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]apiMember, len(ms))
	for i, m := range ms {
		out[i] = apiSummary(m)
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"members": out, "total": total})
	return nil
}

// apiMemberGet answers one member the user may see, with its transfers.
func (s *Server) apiMemberGet(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findVisibleMember(r, auth.ViewMember)
	if err != nil {
		return err
	}
	ts, err := s.store.FindTransfers(r.Context(), auth.Scope(userFrom(r.Context()), auth.ViewMember), m.ID)
	if err != nil {
		return err
	}
	sensitive := auth.Can(userFrom(r.Context()), auth.ViewSensitive, memberObject(m))
	if sensitive {
		if err := s.store.RecordRead(r.Context(), s.actor(r), "api", "member", m.ID, m.OrgID, 1); err != nil {
			return err
		}
	}
	a := apiDetail(m, sensitive)
	for _, t := range ts {
		a.Transfers = append(a.Transfers, apiTransfer{From: apiOrg{t.FromOrgID, t.FromOrgName},
			To: apiOrg{t.ToOrgID, t.ToOrgName}, On: t.On, Reason: t.Reason})
	}
	s.writeJSON(w, http.StatusOK, a)
	return nil
}

// apiMemberCreate adds a member from a JSON body. Bad input is a 422 that
// names each field's problem in the user's language; unknown fields are
// refused, so a typo never silently drops a value.
func (s *Server) apiMemberCreate(w http.ResponseWriter, r *http.Request) error {
	if !auth.CanAnywhere(userFrom(r.Context()), auth.EditMember) {
		return huoshui.ErrForbidden // asked before the body is read
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBytes))
	if err != nil {
		return err
	}
	// JSON is UTF-8: a body in GBK would be decoded with every Chinese
	// character replaced by U+FFFD, and stored so.
	if !utf8.Valid(body) {
		ve := &huoshui.ValidationError{}
		ve.Add("body", "text.invalid")
		return ve
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var in memberInput
	if err := dec.Decode(&in); err != nil {
		return s.jsonInputError(w, r, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return s.jsonMalformed(w, r)
	}
	if ve := checkJSONText(in); ve != nil {
		return ve
	}
	m, err := s.createMember(r, in, &huoshui.ValidationError{})
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusCreated, apiDetail(m, auth.Can(userFrom(r.Context()), auth.ViewSensitive, memberObject(m))))
	return nil
}

// checkJSONText is checkText for a decoded JSON body: every string field
// of the struct in, named by its JSON key, must be free of control
// characters and bidi overrides (JSON can carry NUL as \u0000, which
// PostgreSQL refuses). It returns nil when all is well.
func checkJSONText(in any) *huoshui.ValidationError {
	ve := &huoshui.ValidationError{}
	v := reflect.ValueOf(in)
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		if f.Type.Kind() != reflect.String {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		if code := huoshui.CheckText(v.Field(i).String(), false); code != "" {
			ve.Add(name, code)
		}
	}
	if len(ve.Fields) == 0 {
		return nil
	}
	return ve
}

// jsonInputError turns a decoding failure into what the client should fix:
// a field of the wrong type or unknown names the field; anything else
// is malformed JSON; a body over the limit is 413.
func (s *Server) jsonInputError(w http.ResponseWriter, r *http.Request, err error) error {
	var mbe *http.MaxBytesError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.As(err, &te) && te.Field != "":
		ve := &huoshui.ValidationError{}
		code := "json.want_text"
		if te.Type != nil && te.Type.Kind() != reflect.String {
			code = "json.want_number"
		}
		ve.Add(te.Field, code)
		return ve
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		ve := &huoshui.ValidationError{}
		ve.Add(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), "json.unknown_field")
		return ve
	}
	return s.jsonMalformed(w, r)
}

// jsonMalformed answers a body that is not one JSON object.
func (s *Server) jsonMalformed(w http.ResponseWriter, r *http.Request) error {
	s.writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": s.msgs.T(langFrom(r), "error.json.malformed")})
	return nil
}
