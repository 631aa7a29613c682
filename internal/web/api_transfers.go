package web

import (
	"net/http"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
)

// apiTransferInput starts a transfer: {"member_id", "to_org_id"} for a
// move inside the platform, {"member_id", "destination", "kind":"letter"}
// for a letter out of it (issued today unless "issued_on", valid three
// months unless "valid_until").
type apiTransferInput struct {
	MemberID    int64  `json:"member_id"`
	Kind        string `json:"kind"`
	ToOrgID     int64  `json:"to_org_id"`
	Destination string `json:"destination"`
	On          string `json:"on"`
	IssuedOn    string `json:"issued_on"`
	ValidUntil  string `json:"valid_until"`
	Reason      string `json:"reason"`
}

// apiTransferCreate starts a transfer from JSON: 201 with the transfer,
// 422 in the reader's language with nothing written (one's own branch, a
// letter valid too long), 404 for a member outside the reader's branches.
func (s *Server) apiTransferCreate(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if !auth.CanAnywhere(u, auth.TransferMember) {
		return huoshui.ErrForbidden
	}
	var in apiTransferInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	if v := checkJSONText(in); v != nil {
		return v
	}
	m, err := s.store.FindMemberByID(r.Context(), auth.Scope(u, auth.TransferMember), in.MemberID)
	if err != nil {
		return err
	}
	if m.ArchivedAt != nil || !auth.CanSendTransfer(u, m.OrgPath) {
		return huoshui.ErrNotFound
	}
	ve := &huoshui.ValidationError{}
	date := func(field, raw string) huoshui.Date {
		d, err := huoshui.ParseDate(raw)
		if err != nil {
			ve.Add(field, "date_format")
		}
		return d
	}
	c := &huoshui.TransferCase{MemberID: m.ID, ToOrgID: in.ToOrgID, Destination: in.Destination, Reason: in.Reason}
	switch in.Kind {
	case "", string(huoshui.TransferInside):
		c.Kind, c.On = huoshui.TransferInside, date("on", in.On)
		if c.On.IsZero() && !ve.Has("on") {
			c.On = s.today()
		}
	case "letter", string(huoshui.TransferLetterOut):
		c.Kind = huoshui.TransferLetterOut
		c.IssuedOn, c.ValidUntil = date("issued_on", in.IssuedOn), date("valid_until", in.ValidUntil)
		c.On = c.IssuedOn
	default:
		ve.Add("kind", "invalid_choice")
	}
	s.checkTransfer(m, c, ve)
	if err := ve.Err(); err != nil {
		return err
	}
	if err := s.store.StartTransfer(r.Context(), s.actor(r), c); err != nil {
		return err
	}
	s.writeJSON(w, http.StatusCreated, c)
	return nil
}
