package huoshui

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// RoleKind is what a person may do at a node of the tree. A role reaches the
// node's whole subtree.
type RoleKind string

const (
	RoleMember          RoleKind = "member"           // 党员: their own record
	RoleSecretary       RoleKind = "secretary"        // 支部书记
	RoleDeputy          RoleKind = "deputy"           // 副书记
	RoleCommitteeMember RoleKind = "committee_member" // 支委
	RoleOrganiser       RoleKind = "organiser"        // 上级党委组织工作人员
	RoleSysAdmin        RoleKind = "sysadmin"         // 系统管理员
	RoleSecAdmin        RoleKind = "secadmin"         // 安全管理员
	RoleAuditor         RoleKind = "auditor"          // 审计管理员
)

// RoleKinds lists every kind, the everyday ones first.
var RoleKinds = []RoleKind{RoleMember, RoleSecretary, RoleDeputy, RoleCommitteeMember, RoleOrganiser, RoleSysAdmin, RoleSecAdmin, RoleAuditor}

func (k RoleKind) Valid() bool {
	for _, x := range RoleKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Officer reports whether k is one of the branch officers.
func (k RoleKind) Officer() bool {
	return k == RoleSecretary || k == RoleDeputy || k == RoleCommitteeMember
}

// Admin reports whether k is one of the three separated administrators
// (三权分立): one person may hold only one of them, and no other role.
func (k RoleKind) Admin() bool {
	return k == RoleSysAdmin || k == RoleSecAdmin || k == RoleAuditor
}

// Role is one role held by a user at one node.
type Role struct {
	ID      int64    `json:"id"`
	UserID  int64    `json:"-"`
	OrgID   int64    `json:"org_id"`
	Kind    RoleKind `json:"kind"`
	OrgPath string   `json:"-"`
	OrgName string   `json:"org_name"`
	OrgKind OrgKind  `json:"-"`
}

// User is an account. PasswordHash is an argon2id PHC string.
type User struct {
	ID                 int64
	Username           string
	DisplayName        string
	PasswordHash       string
	MemberID           int64 // the member record of this person, or 0
	Locale             string
	MustChangePassword bool
	FailedLogins       int
	FirstFailedAt      *time.Time
	LockedUntil        *time.Time
	DisabledAt         *time.Time
	CreatedAt          time.Time
	Roles              []Role
}

// Locked reports whether the account is locked at now.
func (u *User) Locked(now time.Time) bool {
	return u.LockedUntil != nil && now.Before(*u.LockedUntil)
}

// HasRole reports whether the user holds a role of kind k anywhere.
func (u *User) HasRole(k RoleKind) bool {
	for _, r := range u.Roles {
		if r.Kind == k {
			return true
		}
	}
	return false
}

// CheckRoles enforces the separation of the administrators: whoever holds
// one administrator role holds no other role at all.
func CheckRoles(roles []Role) error {
	v := &ValidationError{}
	admins := 0
	for _, r := range roles {
		if !r.Kind.Valid() {
			v.Add("role", "invalid_choice")
		}
		if r.Kind.Admin() {
			admins++
		}
	}
	if admins > 0 && len(roles) > 1 {
		v.Add("role", "role.admin_separate")
	}
	return v.Err()
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,31}$`)

// Validate checks a new account's fields (not its password: see
// CheckPassword).
func (u *User) Validate() error {
	v := &ValidationError{}
	u.Username = strings.ToLower(strings.TrimSpace(u.Username))
	u.DisplayName = strings.TrimSpace(u.DisplayName)
	if !usernameRE.MatchString(u.Username) {
		v.Add("username", "user.username_format")
	}
	if !utf8.ValidString(u.DisplayName) {
		v.Add("display_name", "text.invalid")
	} else if code := CheckText(u.DisplayName, false); code != "" {
		v.Add("display_name", code)
	} else if u.DisplayName == "" {
		v.Add("display_name", "required")
	} else if utf8.RuneCountInString(u.DisplayName) > 40 {
		v.Add("display_name", "too_long", "Max", 40)
	}
	if u.Locale != "" && u.Locale != "zh" && u.Locale != "en" {
		v.Add("locale", "invalid_choice")
	}
	return v.Err()
}

// CheckPassword applies the password rules whenever a password is set: at
// least 8 characters, at least 3 of the 4 kinds (lower, upper, digit,
// symbol), and not containing the username.
func CheckPassword(password, username string) error {
	v := &ValidationError{}
	if utf8.RuneCountInString(password) < 8 {
		v.Add("password", "password.short")
	}
	var lower, upper, digit, other bool
	for _, r := range password {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	kinds := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			kinds++
		}
	}
	if kinds < 3 {
		v.Add("password", "password.kinds")
	}
	if username != "" && strings.Contains(strings.ToLower(password), strings.ToLower(username)) {
		v.Add("password", "password.has_username")
	}
	return v.Err()
}

// UserFilter selects accounts.
type UserFilter struct {
	ID       int64
	Username string
	Query    string
	Limit    int
	Offset   int
	// Scope limits the list to the accounts that an administrator with
	// this scope manages (see User.Within). Its zero value lists nothing;
	// huoshui.Everything() lists every account (command-line tools).
	Scope Scope
	// Status is "" (all), "active" or "disabled".
	Status string
	// Sort is "username" (default), "-username", "created" or "-created".
	Sort string
}

// Within reports whether an administrator with scope s manages u: u holds
// at least one role and every one lies inside s. An account with no role
// (just created, or every role revoked) sits nowhere in the tree: it lies
// within a scope that reaches a whole tree (Scope.AtRoot) and no other.
// The store's account reads (FindUserByID, FindUsers) apply the same rule.
func (u *User) Within(s Scope) bool {
	if s.All {
		return true
	}
	if len(u.Roles) == 0 {
		return s.AtRoot()
	}
	for _, r := range u.Roles {
		if !s.Covers(r.OrgPath, 0) {
			return false
		}
	}
	return true
}

// Session is a signed-in browser. Only the hash of its token is stored.
type Session struct {
	TokenHash  string
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	IP         string
	UserAgent  string
}

// Session limits.
const (
	SessionIdle     = 30 * time.Minute
	SessionAbsolute = 12 * time.Hour
	LockAttempts    = 5
	LockWindow      = 15 * time.Minute
	LockDuration    = 30 * time.Minute
)

// Expired reports whether the session has passed its idle or absolute limit.
func (s *Session) Expired(now time.Time) bool {
	return now.Sub(s.LastSeenAt) > SessionIdle || now.Sub(s.CreatedAt) > SessionAbsolute
}
