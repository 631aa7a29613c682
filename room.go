package huoshui

import (
	"strings"
	"time"
)

// Room is the group chat (一群) of one branch or 党小组. A room has no id
// of its own: it is its org's, so every branch and group has one from the
// start and nothing is written when a room is only looked at. Who may
// read it is the permission check's ViewRecord over the org (auth.Scope);
// who may pin an announcement or remove a message, EditRecord.
type Room struct {
	ID      int64   `json:"id"` // the org's id
	Name    string  `json:"name"`
	OrgName string  `json:"-"`
	OrgPath string  `json:"-"`
	OrgKind OrgKind `json:"-"`
	// Pinned is the announcement an officer pinned, or "".
	Pinned   string     `json:"pinned,omitempty"`
	PinnedAt *time.Time `json:"pinned_at,omitempty"`
	PinnedBy string     `json:"-"`
}

// RoomName is how a room is called: its org's name.
func RoomName(orgName string) string { return orgName }

// AnnouncementMax is the longest announcement, in characters.
const AnnouncementMax = 1000

// CheckAnnouncement tidies and checks an announcement's text.
func CheckAnnouncement(s string) (string, error) {
	s = strings.TrimSpace(s)
	v := &ValidationError{}
	if s == "" {
		v.Add("pinned", "required")
	} else {
		checkBody(v, "pinned", s, AnnouncementMax)
	}
	return s, v.Err()
}

// RoomPerson is a member of a room, as a pinned announcement's read
// receipts list them.
type RoomPerson struct {
	MemberID int64      `json:"member_id"`
	Name     string     `json:"name"`
	ReadAt   *time.Time `json:"read_at,omitempty"`
}
