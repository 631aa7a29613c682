package huoshui

import (
	"strings"
	"time"
	"unicode/utf8"
)

// A TransferCase is one 组织关系转接 as a branch handles it
// (docs/domain.md, "Transfers"): a move inside the platform that waits
// for the receiving branch's acceptance, a transfer letter (介绍信) out
// of the platform waiting for its receipt (回执), or a member entered
// from a letter brought in from outside. A completed move between
// branches is also kept as a Transfer, the member's history.
type TransferCase struct {
	ID       int64          `json:"id"`
	Kind     TransferKind   `json:"kind"`
	Status   TransferStatus `json:"status"`
	MemberID int64          `json:"member_id"`
	// MemberName is the member's name when the case was read.
	MemberName string `json:"member_name"`
	// FromOrgID is the sending branch (inside, letter); zero for a
	// letter brought in.
	FromOrgID   int64  `json:"from_org_id,omitempty"`
	FromOrgName string `json:"from_org_name,omitempty"`
	// ToOrgID is the receiving branch (inside, letter_in); zero for a
	// letter out of the platform.
	ToOrgID   int64  `json:"to_org_id,omitempty"`
	ToOrgName string `json:"to_org_name,omitempty"`
	// Destination is where a letter out goes, as typed (转往单位);
	// Origin the org that issued a letter brought in.
	Destination string `json:"destination,omitempty"`
	Origin      string `json:"origin,omitempty"`
	// The letter: its number (rules.LetterNumber for ours, as written on
	// it for one brought in), when issued, the last day valid, and when
	// its receipt came back (zero while it has not).
	LetterNumber string `json:"letter_number,omitempty"`
	IssuedOn     Date   `json:"issued_on,omitzero"`
	ValidUntil   Date   `json:"valid_until,omitzero"`
	ReceiptOn    Date   `json:"receipt_on,omitzero"`
	// On is the day the transfer was asked (inside) or the letter issued.
	On     Date   `json:"on"`
	Reason string `json:"reason,omitempty"`
	// Decided: who accepted or declined an inside transfer, when, and why
	// it was declined.
	DecidedOn     Date      `json:"decided_on,omitzero"`
	DecidedBy     int64     `json:"-"`
	DeclineReason string    `json:"decline_reason,omitempty"`
	CreatedBy     int64     `json:"-"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"-"`
}

// TransferKind is which way a transfer goes.
type TransferKind string

const (
	TransferInside    TransferKind = "inside"     // between two branches of the platform
	TransferLetterOut TransferKind = "letter_out" // out of the platform with a letter
	TransferLetterIn  TransferKind = "letter_in"  // into the platform with a letter
)

// TransferStatus is where a transfer stands.
type TransferStatus string

const (
	TransferPending  TransferStatus = "pending"  // inside: waiting for the receiving branch
	TransferAccepted TransferStatus = "accepted" // inside: the member moved
	TransferDeclined TransferStatus = "declined" // inside: the receiving branch said no
	TransferIssued   TransferStatus = "issued"   // letter out: waiting for its receipt
	TransferReceived TransferStatus = "received" // letter out: the receipt is back
	TransferEntered  TransferStatus = "entered"  // letter in: the member is entered
	// TransferWithdrawn: the sending branch took it back, an inside move
	// before it was answered, or a letter out whose member was restored
	// to the roster before its receipt came back.
	TransferWithdrawn TransferStatus = "withdrawn"
)

// Limits of a transfer's free text.
const (
	MaxTransferPlace  = 100 // destination, origin
	MaxTransferReason = 200
	MaxLetterNumber   = 40
)

// TransferArchiveReason is the archive reason of a member who left with a
// letter: the roster shows them 已转出.
const TransferArchiveReason = "transfer-out"

// Normalize folds what input methods type into the case's text.
func (c *TransferCase) Normalize() {
	c.Destination = strings.TrimSpace(FoldWidth(c.Destination))
	c.Origin = strings.TrimSpace(FoldWidth(c.Origin))
	c.Reason = strings.TrimSpace(c.Reason)
	c.DeclineReason = strings.TrimSpace(c.DeclineReason)
	c.LetterNumber = strings.TrimSpace(FoldWidth(c.LetterNumber))
	if c.Kind == TransferLetterOut && c.On.IsZero() {
		c.On = c.IssuedOn
	}
}

// Validate checks what a person typed for the case; the rules of the
// letter (rules.CheckLetter) and the branches are checked by the store.
func (c *TransferCase) Validate() error {
	v := &ValidationError{}
	text := func(field, s string, max int, required bool) {
		switch {
		case required && s == "":
			v.Add(field, "required")
		case utf8.RuneCountInString(s) > max:
			v.Add(field, "too_long", "Max", max)
		case CheckText(s, false) != "":
			v.Add(field, CheckText(s, false))
		}
	}
	switch c.Kind {
	case TransferInside:
		if c.ToOrgID <= 0 {
			v.Add("to_org_id", "required")
		}
	case TransferLetterOut:
		text("destination", c.Destination, MaxTransferPlace, true)
	case TransferLetterIn:
		text("origin", c.Origin, MaxTransferPlace, true)
		text("letter_number", c.LetterNumber, MaxLetterNumber, true)
		if c.IssuedOn.IsZero() {
			v.Add("issued_on", "required")
		}
	default:
		v.Add("kind", "required")
	}
	if c.On.IsZero() && c.Kind != TransferLetterIn {
		v.Add("on", "required")
	}
	text("reason", c.Reason, MaxTransferReason, false)
	return v.Err()
}

// TransferFilter selects the transfers a branch handles: those it sends
// or receives. The zero filter lists nothing.
type TransferFilter struct {
	Scope  Scope
	OrgID  int64 // the branch, sending or receiving; 0 for all in Scope
	Status []TransferStatus
	Limit  int
}
