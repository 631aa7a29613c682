package huoshui

import "time"

// Two-person password resets. The password of an account that holds any
// role above member is never set by one administrator: the system
// administrator asks for a reset and receives the first half of a
// one-time sign-in code; the security administrator approves it and
// receives the second half. The approval ends the account's password and
// sessions; the officer, given both halves, signs in once with them and
// must choose a new password at once. Neither administrator alone can
// sign in as the officer.

// Audit actions of a two-person reset (its use is AuditPasswordReset).
const (
	AuditResetRequest = "password_reset_request"
	AuditResetApprove = "password_reset_approve"
	AuditResetCancel  = "password_reset_cancel"
)

// Limits of a two-person reset.
const (
	ResetRequestTTL = 24 * time.Hour // a request not approved by then lapses
	ResetCodeTTL    = 72 * time.Hour // an approved code not used by then lapses
)

// First sign-in codes. A branch secretary opens member-role accounts for
// their branch's members; each account starts without a password and with
// a one-time sign-in code, printed on a slip for its member. The code is
// kept as a PasswordReset of kind ResetFirstSignIn (its hash in
// CodeAHash, approved when issued), signs in once within SignInCodeTTL,
// and the member must then choose a password. The audit trail records
// that a code was issued, never the code.
const (
	ResetTwoPerson   = "two_person"    // the administrators' reset
	ResetFirstSignIn = "first_sign_in" // a secretary's code for a new member account

	SignInCodeTTL = 7 * 24 * time.Hour

	AuditSignInCode = "sign_in_code" // a first sign-in code was issued
)

// PasswordReset is an open request to reset an account's password.
type PasswordReset struct {
	ID            int64
	UserID        int64
	RequestedBy   int64
	RequestedName string // the requester's username
	RequestedAt   time.Time
	CodeAHash     string
	ApprovedBy    int64
	ApprovedName  string
	ApprovedAt    *time.Time
	CodeBHash     string
	Kind          string // ResetTwoPerson or ResetFirstSignIn
}

// Approved reports whether the security administrator has approved it.
func (p *PasswordReset) Approved() bool { return p.ApprovedAt != nil }

// ApprovedTime is when it was approved (zero when it is not).
func (p *PasswordReset) ApprovedTime() time.Time {
	if p.ApprovedAt == nil {
		return time.Time{}
	}
	return *p.ApprovedAt
}

// Lapsed reports whether the request or its code has passed its time.
func (p *PasswordReset) Lapsed(now time.Time) bool {
	if p.Kind == ResetFirstSignIn {
		return now.Sub(p.RequestedAt) > SignInCodeTTL
	}
	if p.ApprovedAt != nil {
		return now.Sub(*p.ApprovedAt) > ResetCodeTTL
	}
	return now.Sub(p.RequestedAt) > ResetRequestTTL
}

// Expires is when a first sign-in code stops working.
func (p *PasswordReset) Expires() time.Time { return p.RequestedAt.Add(SignInCodeTTL) }

// NeedsTwoPeople reports whether resetting u's password needs the security
// administrator's approval: u holds a role above member.
func (u *User) NeedsTwoPeople() bool {
	for _, r := range u.Roles {
		if r.Kind != RoleMember {
			return true
		}
	}
	return false
}
