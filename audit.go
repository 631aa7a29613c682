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
	// OrgID is the node the record belongs to (0: none, such as a failed
	// sign-in of an unknown username). OrgPath is that node's path as it is
	// now, read through a join, so the record follows the node when it
	// moves; the trail never keeps a copy of a path.
	OrgID   int64  `json:"-"`
	OrgPath string `json:"-"`
	Before  string `json:"before,omitempty"`
	After   string `json:"after,omitempty"`
	IP      string `json:"ip"`
}

// AuditPage says where the pages beside one page of the trail begin.
type AuditPage struct {
	Older int64 // AuditFilter.Before for the next older page; 0 when there is none
	Newer int64 // AuditFilter.After for the next newer page; 0 when there is none
}

// AuditFilter selects audit records, newest first.
type AuditFilter struct {
	Scope      Scope
	Username   string
	Action     string
	ObjectType string
	ObjectID   int64
	From, To   Date
	// Before lists the entries older than the one with this id, and After
	// those newer (a page turned back towards the newest); zero: from the
	// newest. The trail pages by id, so no page counts the whole trail.
	Before, After int64
	Limit         int
	// Unplaced adds the entries that sit nowhere in the tree (no node:
	// failed sign-ins of unknown usernames, sign-outs, accounts
	// with no role) to what Scope selects. Auditors at a root node see them.
	Unplaced bool
	// Since and Until bound the time of the entries exactly (Until
	// excluded), for readers in a zone other than UTC; zero leaves it open.
	Since, Until time.Time
}
