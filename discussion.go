package huoshui

import (
	"strings"
	"time"
)

// Discussion is one collective discussion (集体研讨) of an org, held as
// docs/domain.md describes it: 书记领、大家议、相互促 — the
// secretary leads in, everyone speaks, and what was agreed is followed up.
// Its ledger page (台账) shows 时间, 地点, 主持, 议题, 领学, 发言 and
// 形成的共识/措施.
type Discussion struct {
	ID     int64  `json:"id"`
	OrgID  int64  `json:"-"`
	Topic  string `json:"topic"` // 议题
	HeldOn Date   `json:"held_on"`
	Place  string `json:"place,omitempty"`
	// Minutes is how long it lasted, for study hours.
	Minutes int   `json:"minutes"`
	HostID  int64 `json:"host_id,omitempty"` // 主持, a member
	// LeadIn is the secretary's lead-in (领学).
	LeadIn string `json:"lead_in,omitempty"`
	// Consensus is what was agreed, in words (形成的共识); the actions
	// with owners and dates are DiscussionActions.
	Consensus string    `json:"consensus,omitempty"`
	MeetingID int64     `json:"meeting_id,omitempty"`
	CreatedBy int64     `json:"-"`
	CreatedAt time.Time `json:"-"`
	UpdatedAt time.Time `json:"-"`

	OrgName      string `json:"-"`
	OrgPath      string `json:"-"`
	HostName     string `json:"-"`
	MeetingTitle string `json:"-"`
}

// DiscussionDefaultMinutes is a discussion's usual length: half a day's
// study is 4 class hours, a discussion is usually two.
const DiscussionDefaultMinutes = 120

// Validate checks a discussion as a whole, after tidying what was typed.
func (d *Discussion) Validate() error {
	d.Topic = strings.Join(strings.Fields(FoldWidth(d.Topic)), " ")
	d.Place = strings.Join(strings.Fields(FoldWidth(d.Place)), " ")
	d.LeadIn = strings.TrimSpace(d.LeadIn)
	d.Consensus = strings.TrimSpace(d.Consensus)
	v := &ValidationError{}
	if d.OrgID == 0 {
		v.Add("org_id", "required")
	}
	checkLine(v, "topic", d.Topic, 100, true)
	checkLine(v, "place", d.Place, 100, false)
	checkBody(v, "lead_in", d.LeadIn, 20000)
	checkBody(v, "consensus", d.Consensus, 20000)
	switch {
	case d.HeldOn.IsZero():
		v.Add("held_on", "required")
	case d.HeldOn.Year() < 1921 || d.HeldOn.Year() > 2100:
		v.Add("held_on", "meeting.year_out_of_range")
	}
	if d.Minutes < 5 || d.Minutes > 480 {
		v.Add("minutes", "study.minutes_range", "Min", 5, "Max", 480)
	}
	return v.Err()
}

// DiscussionSpeaker is what one member said at a discussion (发言). A
// member may speak more than once.
type DiscussionSpeaker struct {
	ID           int64  `json:"id"`
	DiscussionID int64  `json:"-"`
	MemberID     int64  `json:"member_id"`
	Text         string `json:"text"`
	MemberName   string `json:"-"`
}

// Validate checks a speaker's points.
func (s *DiscussionSpeaker) Validate() error {
	s.Text = strings.TrimSpace(s.Text)
	v := &ValidationError{}
	if s.MemberID == 0 {
		v.Add("member_id", "required")
	}
	if s.Text == "" {
		v.Add("text", "required")
	} else {
		checkBody(v, "text", s.Text, 5000)
	}
	return v.Err()
}

// DiscussionAction is a measure a discussion agreed on: what, who, by
// when. An open action appears on the org's later discussions until it is
// closed, as a meeting's follow-ups do.
type DiscussionAction struct {
	ID           int64      `json:"id"`
	DiscussionID int64      `json:"discussion_id"`
	OrgID        int64      `json:"-"`
	Text         string     `json:"text"`
	OwnerID      int64      `json:"owner_id,omitempty"`
	Due          Date       `json:"due,omitzero"`
	ClosedAt     *time.Time `json:"closed_at,omitempty"`
	CreatedAt    time.Time  `json:"-"`

	OwnerName       string `json:"-"`
	DiscussionTopic string `json:"-"`
}

// Validate checks an action.
func (a *DiscussionAction) Validate() error {
	a.Text = strings.TrimSpace(a.Text)
	v := &ValidationError{}
	checkLine(v, "text", strings.ReplaceAll(a.Text, "\n", " "), 500, true)
	return v.Err()
}
