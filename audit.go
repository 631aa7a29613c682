package huoshui

import "time"

// Actor is who makes a change and from where; every store method that
// changes a record takes one and writes the audit record in the same
// transaction.
type Actor struct {
	UserID   int64
	Username string
	IP       string
}

// Audit actions.
const (
	AuditCreate         = "create"
	AuditUpdate         = "update"
	AuditArchive        = "archive"
	AuditRestore        = "restore"
	AuditDelete         = "delete"
	AuditMove           = "move"
	AuditTransfer       = "transfer"
	AuditImport         = "import"
	AuditLogin          = "login"
	AuditLoginFailed    = "login_failed"
	AuditLogout         = "logout"
	AuditPasswordChange = "password_change"
	AuditPasswordReset  = "password_reset"
	AuditLock           = "lock"
	AuditUnlock         = "unlock"
	// AuditRead records that someone saw personal data in the clear: a
	// profile with its ID number, a roster downloaded unmasked.
	AuditRead = "read"
)

// AuditEntry is one record of the audit trail. Before and After hold the
// object as JSON; the trail can only grow.
type AuditEntry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	UserID     int64     `json:"user_id"`
	Username   string    `json:"username"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   int64     `json:"object_id"`
	OrgPath    string    `json:"-"`
	Before     string    `json:"before,omitempty"`
	After      string    `json:"after,omitempty"`
	IP         string    `json:"ip"`
}

// AuditFilter selects audit records, newest first.
type AuditFilter struct {
	Scope      Scope
	Username   string
	Action     string
	ObjectType string
	ObjectID   int64
	From, To   Date
	Offset     int
	Limit      int
	// Unplaced adds the entries that sit nowhere in the tree (empty
	// org_path: failed sign-ins of unknown usernames, sign-outs, accounts
	// with no role) to what Scope selects. Auditors at a root node see them.
	Unplaced bool
	// Since and Until bound the time of the entries exactly (Until
	// excluded), for readers in a zone other than UTC; zero leaves it open.
	Since, Until time.Time
}
