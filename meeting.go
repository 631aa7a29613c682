package huoshui

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// MeetingType is a kind of organisational life (docs/domain.md,
// "Organisational life"): 三会一课, the themed party day, the annual review
// meeting and appraisal, and heart-to-heart talks.
type MeetingType string

const (
	MeetingGeneral   MeetingType = "general_meeting"   // 支部党员大会
	MeetingCommittee MeetingType = "committee_meeting" // 支部委员会会议
	MeetingGroup     MeetingType = "group_meeting"     // 党小组会
	MeetingLecture   MeetingType = "lecture"           // 党课
	MeetingThemeDay  MeetingType = "theme_day"         // 主题党日
	MeetingReview    MeetingType = "review_meeting"    // 组织生活会
	MeetingAppraisal MeetingType = "member_appraisal"  // 民主评议党员
	MeetingTalk      MeetingType = "talk"              // 谈心谈话
)

// MeetingTypes lists every type, 三会一课 first.
var MeetingTypes = []MeetingType{MeetingGeneral, MeetingCommittee, MeetingGroup, MeetingLecture,
	MeetingThemeDay, MeetingReview, MeetingAppraisal, MeetingTalk}

// Valid reports whether t is one of MeetingTypes.
func (t MeetingType) Valid() bool { return slices.Contains(MeetingTypes, t) }

// alsoCounts says which other types a meeting of a type may count as too,
// entered once and counted for each: a theme day that is also the quarter's
// general meeting or lecture; a general meeting at which a lecture is given
// or the year's review and appraisal are held; a review meeting held as a
// general meeting together with the appraisal.
var alsoCounts = map[MeetingType][]MeetingType{
	MeetingThemeDay:  {MeetingGeneral, MeetingLecture},
	MeetingGeneral:   {MeetingLecture, MeetingReview, MeetingAppraisal},
	MeetingReview:    {MeetingGeneral, MeetingAppraisal},
	MeetingAppraisal: {MeetingGeneral, MeetingReview},
	MeetingGroup:     {MeetingLecture},
}

// MayAlsoCount lists the types a meeting of type t may count as besides t.
func (t MeetingType) MayAlsoCount() []MeetingType { return alsoCounts[t] }

// Quorate reports whether a meeting of type t needs a quorum: a general
// meeting more than half of the members with a vote, a committee meeting
// more than half of the committee.
func (t MeetingType) Quorate() bool { return t == MeetingGeneral || t == MeetingCommittee }

// Visit is where a 四走进 theme day goes.
type Visit string

const (
	VisitEducationBase Visit = "education_base" // 走进党性教育基地
	VisitFrontLine     Visit = "front_line"     // 走进基层一线
	VisitModelBranch   Visit = "model_branch"   // 走进先进党支部
	VisitModelDeeds    Visit = "model_deeds"    // 走进模范典型事迹
)

// Visits lists the four visits in their usual order.
var Visits = []Visit{VisitEducationBase, VisitFrontLine, VisitModelBranch, VisitModelDeeds}

// Gain is what a 四提升 theme day aims to raise.
type Gain string

const (
	GainTheory      Gain = "theory"       // 提升理论素养
	GainPartySpirit Gain = "party_spirit" // 提升党性修养
	GainAbility     Gain = "ability"      // 提升能力素质
	GainWorkLevel   Gain = "work_level"   // 提升工作水平
)

// Gains lists the four gains in their usual order.
var Gains = []Gain{GainTheory, GainPartySpirit, GainAbility, GainWorkLevel}

// SuggestedTopics are the work topics offered first on a theme day; any
// other tag may be typed.
var SuggestedTopics = []string{"党性教育", "办文办事", "服务群众", "廉政建设"}

// Attendance is what became of one invitee.
type Attendance string

const (
	AttendanceUnknown Attendance = ""        // not yet taken
	AttendancePresent Attendance = "present" // 出席 / 已签到
	AttendanceLeave   Attendance = "leave"   // 请假, with a reason
	AttendanceAbsent  Attendance = "absent"  // 缺席
)

// Attendances lists the states an officer may set by hand.
var Attendances = []Attendance{AttendancePresent, AttendanceLeave, AttendanceAbsent}

// Valid reports whether a is a state an officer may set.
func (a Attendance) Valid() bool { return slices.Contains(Attendances, a) }

// Meeting is one session of organisational life held by an org (a branch,
// a 党小组, or a higher committee for its own committee meetings). Times are
// instants (stored in UTC, shown in the org's zone, Asia/Shanghai). A
// meeting recorded after it ended is a late entry (补录): its dates stay as
// they were, and EnteredAt says when it was written down.
type Meeting struct {
	ID         int64         `json:"id"`
	OrgID      int64         `json:"-"`
	Type       MeetingType   `json:"type"`
	AlsoCounts []MeetingType `json:"also_counts,omitempty"`
	Title      string        `json:"title"`
	StartsAt   time.Time     `json:"starts_at"`
	EndsAt     time.Time     `json:"ends_at"`
	Place      string        `json:"place,omitempty"`
	HostID     int64         `json:"host_id,omitempty"`     // a member
	RecorderID int64         `json:"recorder_id,omitempty"` // a member
	Agenda     string        `json:"agenda,omitempty"`      // 议题, one per line
	Minutes    string        `json:"minutes,omitempty"`
	// Theme days: 四走进四提升 and work topics.
	Visits []Visit  `json:"visits"`
	Gains  []Gain   `json:"gains"`
	Topics []string `json:"topics"`

	NoticeSentAt *time.Time `json:"notice_sent_at,omitempty"`
	// CancelledAt marks a meeting called off; it counts for nothing and
	// can be restored.
	CancelledAt *time.Time `json:"cancelled_at,omitempty"`
	// LateEntry is set when the record was entered after the meeting ended.
	LateEntry bool      `json:"late_entry"`
	EnteredAt time.Time `json:"entered_at"`
	CreatedBy int64     `json:"-"`
	UpdatedAt time.Time `json:"-"`

	// Kept by the store with every attendance change.
	Tally AttendanceTally `json:"attendance"`

	// Read with the meeting, never written through it.
	OrgName      string `json:"-"`
	OrgPath      string `json:"-"`
	HostName     string `json:"-"`
	RecorderName string `json:"-"`
}

// AttendanceTally counts a meeting's invitees by attendance. Voting counts
// the invitees with a vote at the meeting (full members for a general
// meeting, the committee for a committee meeting) and VotingPresent those
// of them present: the quorum is more than half.
type AttendanceTally struct {
	Present       int `json:"present"`
	Leave         int `json:"leave"`
	Absent        int `json:"absent"`
	Invited       int `json:"-"`
	Voting        int `json:"-"`
	VotingPresent int `json:"-"`
}

// Counts reports every type the meeting counts as: its own first.
func (m *Meeting) Counts() []MeetingType {
	return append([]MeetingType{m.Type}, m.AlsoCounts...)
}

// CountsAs reports whether the meeting counts as t.
func (m *Meeting) CountsAs(t MeetingType) bool {
	return m.Type == t || slices.Contains(m.AlsoCounts, t)
}

// NeedsQuorum reports whether the meeting is, or also counts as, a type
// whose decisions need a quorum.
func (m *Meeting) NeedsQuorum() bool {
	return m.Type.Quorate() || slices.ContainsFunc(m.AlsoCounts, MeetingType.Quorate)
}

// HasQuorum reports whether more than half of those with a vote were
// present. A meeting that needs no quorum always has it.
func (m *Meeting) HasQuorum() bool {
	if !m.NeedsQuorum() {
		return true
	}
	return m.Tally.Voting > 0 && 2*m.Tally.VotingPresent > m.Tally.Voting
}

// IsLateEntry reports whether a meeting entered at `entered` is a 补录: it
// was written down after it ended.
func IsLateEntry(endsAt, entered time.Time) bool { return entered.After(endsAt) }

// MeetingMaxDuration bounds one meeting: a themed day out, at most.
const MeetingMaxDuration = 24 * time.Hour

// Normalize tidies what a person typed: spaces, full-width letters and
// digits in the title and place, duplicate and blank tags.
func (m *Meeting) Normalize() {
	m.Title = strings.Join(strings.Fields(FoldWidth(m.Title)), " ")
	m.Place = strings.Join(strings.Fields(FoldWidth(m.Place)), " ")
	m.Agenda = strings.TrimSpace(m.Agenda)
	m.Minutes = strings.TrimSpace(m.Minutes)
	var topics []string
	for _, t := range m.Topics {
		t = strings.Join(strings.Fields(FoldWidth(t)), " ")
		if t != "" && !slices.Contains(topics, t) {
			topics = append(topics, t)
		}
	}
	m.Topics = topics
	m.AlsoCounts = dedupe(m.AlsoCounts)
	m.Visits = dedupe(m.Visits)
	m.Gains = dedupe(m.Gains)
}

func dedupe[T comparable](in []T) []T {
	var out []T
	for _, x := range in {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// Validate checks a meeting as a whole, so a form shows every problem at
// once. It normalises the meeting first.
func (m *Meeting) Validate() error {
	m.Normalize()
	v := &ValidationError{}
	if m.OrgID == 0 {
		v.Add("org_id", "required")
	}
	if !m.Type.Valid() {
		v.Add("type", "invalid_choice")
	}
	for _, t := range m.AlsoCounts {
		if t == m.Type || !slices.Contains(m.Type.MayAlsoCount(), t) {
			v.Add("also_counts", "meeting.cannot_count_as")
			break
		}
	}
	switch n := utf8.RuneCountInString(m.Title); {
	case n == 0:
		v.Add("title", "required")
	case n > 100:
		v.Add("title", "too_long", "Max", 100)
	}
	if utf8.RuneCountInString(m.Place) > 100 {
		v.Add("place", "too_long", "Max", 100)
	}
	if utf8.RuneCountInString(m.Agenda) > 2000 {
		v.Add("agenda", "too_long", "Max", 2000)
	}
	if utf8.RuneCountInString(m.Minutes) > 50000 {
		v.Add("minutes", "too_long", "Max", 50000)
	}
	for field, text := range map[string]string{"title": m.Title, "place": m.Place} {
		if !utf8.ValidString(text) {
			v.Add(field, "text.invalid")
		} else if code := CheckText(text, false); code != "" {
			v.Add(field, code)
		}
	}
	for field, text := range map[string]string{"agenda": m.Agenda, "minutes": m.Minutes} {
		if !utf8.ValidString(text) {
			v.Add(field, "text.invalid")
		} else if code := CheckText(text, true); code != "" {
			v.Add(field, code)
		}
	}
	switch {
	case m.StartsAt.IsZero():
		v.Add("starts_at", "required")
	case m.EndsAt.IsZero():
		v.Add("ends_at", "required")
	case !m.EndsAt.After(m.StartsAt):
		v.Add("ends_at", "meeting.ends_before_start")
	case m.EndsAt.Sub(m.StartsAt) > MeetingMaxDuration:
		v.Add("ends_at", "meeting.too_long")
	}
	if m.StartsAt.Year() < 1921 || m.StartsAt.Year() > 2100 {
		if !m.StartsAt.IsZero() {
			v.Add("starts_at", "meeting.year_out_of_range")
		}
	}
	for _, x := range m.Visits {
		if !slices.Contains(Visits, x) {
			v.Add("visits", "invalid_choice")
			break
		}
	}
	for _, x := range m.Gains {
		if !slices.Contains(Gains, x) {
			v.Add("gains", "invalid_choice")
			break
		}
	}
	if !m.CountsAs(MeetingThemeDay) && (len(m.Visits) > 0 || len(m.Gains) > 0) {
		v.Add("visits", "meeting.visits_theme_day_only")
	}
	if len(m.Topics) > 10 {
		v.Add("topics", "meeting.too_many_topics", "Max", 10)
	}
	for _, t := range m.Topics {
		if utf8.RuneCountInString(t) > 20 {
			v.Add("topics", "too_long", "Max", 20)
			break
		}
		if code := CheckText(t, false); code != "" {
			v.Add("topics", code)
			break
		}
	}
	return v.Err()
}

// DefaultInvitees picks, from an org's members, those a meeting of type t
// concerns by default: the committee for a committee meeting, nobody for a
// talk (the officer names the two people), everyone else with a place in
// the branch's life — full and probationary members — for the rest.
// Archived members are never invited.
func DefaultInvitees(t MeetingType, members []Member) []Member {
	var out []Member
	for _, m := range members {
		if m.ArchivedAt != nil {
			continue
		}
		switch t {
		case MeetingTalk:
			continue
		case MeetingCommittee:
			if m.CommitteePost == PostNone {
				continue
			}
		default:
			if m.Status != StatusFull && m.Status != StatusProbationary {
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// Votes reports whether a member has a vote at a meeting of type t: the
// committee at a committee meeting, full members at a general meeting
// (probationary members have no vote).
func Votes(t MeetingType, also []MeetingType, m Member) bool {
	if t == MeetingCommittee {
		return m.CommitteePost != PostNone
	}
	if t == MeetingGeneral || slices.Contains(also, MeetingGeneral) {
		return m.Status == StatusFull
	}
	return false
}

// Invitee is one person invited to a meeting and what became of them.
type Invitee struct {
	MeetingID   int64      `json:"-"`
	MemberID    int64      `json:"member_id"`
	Name        string     `json:"name"`
	Voting      bool       `json:"voting"`
	Attendance  Attendance `json:"attendance,omitempty"`
	LeaveReason string     `json:"leave_reason,omitempty"`
	// CheckedInAt is when the member scanned the meeting's code; zero for
	// attendance ticked by hand.
	CheckedInAt *time.Time `json:"checked_in_at,omitempty"`
}

// Resolution is one decision recorded at a meeting. A resolution of a
// meeting without its quorum is shown marked.
type Resolution struct {
	ID        int64     `json:"id"`
	MeetingID int64     `json:"-"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"-"`
}

// FollowUp is an action a meeting decided on: who does what by when. An
// open follow-up appears on the org's next meetings until it is closed.
type FollowUp struct {
	ID        int64      `json:"id"`
	MeetingID int64      `json:"meeting_id"`
	OrgID     int64      `json:"-"`
	Text      string     `json:"text"`
	OwnerID   int64      `json:"owner_id,omitempty"`
	Due       Date       `json:"due,omitzero"`
	ClosedAt  *time.Time `json:"closed_at,omitempty"`
	CreatedAt time.Time  `json:"-"`

	OwnerName    string `json:"-"`
	MeetingTitle string `json:"-"`
}

// Reflection is what a member handed in after a meeting (心得体会). The
// member sees their own; officers see their branch's and may comment. It
// carries no score and no word count.
type Reflection struct {
	ID        int64     `json:"id"`
	MeetingID int64     `json:"meeting_id"`
	MemberID  int64     `json:"member_id"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// LateEntry: handed in after the meeting's week was out is fine; it is
	// simply dated.
	Comments []ReflectionComment `json:"comments,omitempty"`

	MemberName string `json:"-"`
}

// ReflectionComment is an officer's remark on a reflection.
type ReflectionComment struct {
	ID           int64     `json:"id"`
	ReflectionID int64     `json:"-"`
	AuthorID     int64     `json:"-"` // a user
	AuthorName   string    `json:"author"`
	Body         string    `json:"body"`
	CreatedAt    time.Time `json:"created_at"`
}

// AttachmentKind says whether an attachment is a photo (shown with a
// thumbnail) or a file.
type AttachmentKind string

const (
	AttachmentPhoto AttachmentKind = "photo"
	AttachmentFile  AttachmentKind = "file"
)

// Attachment is a photo or a file kept with a meeting, a study material,
// an output's evidence or a supervision task's progress report:
// MeetingID, MaterialID, OutputID or TaskID (with ProgressID) says which,
// the others are zero. The
// bytes live in the blob store under their SHA-256; photos are re-encoded
// without EXIF.
type Attachment struct {
	ID          int64          `json:"id"`
	MeetingID   int64          `json:"-"`
	MaterialID  int64          `json:"-"`
	OutputID    int64          `json:"-"`
	TaskID      int64          `json:"-"`
	ProgressID  int64          `json:"-"`
	ArticleID   int64          `json:"-"`
	MessageID   int64          `json:"-"` // a chat message's
	DevMemberID int64          `json:"-"` // a development file's paper: its person
	DevStepID   int64          `json:"-"` // … and its step
	Kind        AttachmentKind `json:"kind"`
	Name        string         `json:"name"`
	ContentType string         `json:"content_type"`
	Size        int64          `json:"size"`
	Blob        string         `json:"-"`
	Thumb       string         `json:"-"`
	Width       int            `json:"width,omitempty"`
	Height      int            `json:"height,omitempty"`
	UploadedBy  int64          `json:"-"`
	CreatedAt   time.Time      `json:"created_at"`
}

// MaxAttachmentSize bounds one photo or file.
const MaxAttachmentSize = 10 << 20

// MeetingFilter selects meetings for a list. The zero filter lists nothing:
// Scope must be set (see Scope).
type MeetingFilter struct {
	Scope Scope
	// OrgID narrows to one org and, with Subtree, everything below it.
	OrgID   int64
	Subtree bool
	// From and To bound the start, To exclusive; zero means open.
	From, To time.Time
	Types    []MeetingType // counted as any of these (AlsoCounts included)
	// Cancelled lists the called-off meetings instead of the others.
	Cancelled bool
	Query     string
	Limit     int
	Offset    int
}

// ThemePlan is one entry of a branch's programme of theme days for a
// year: a visit and a gain planned for a month, with a working title.
type ThemePlan struct {
	ID     int64  `json:"id"`
	OrgID  int64  `json:"-"`
	Year   int    `json:"year"`
	Month  int    `json:"month"`
	Visit  Visit  `json:"visit"`
	Gain   Gain   `json:"gain"`
	Title  string `json:"title"`
	Topics string `json:"topics,omitempty"`
}

// Validate checks a plan entry.
func (p *ThemePlan) Validate() error {
	p.Title = strings.Join(strings.Fields(FoldWidth(p.Title)), " ")
	v := &ValidationError{}
	if p.Year < 1921 || p.Year > 2100 {
		v.Add("year", "meeting.year_out_of_range")
	}
	if p.Month < 1 || p.Month > 12 {
		v.Add("month", "invalid_choice")
	}
	if !slices.Contains(Visits, p.Visit) {
		v.Add("visit", "invalid_choice")
	}
	if !slices.Contains(Gains, p.Gain) {
		v.Add("gain", "invalid_choice")
	}
	if utf8.RuneCountInString(p.Title) > 100 {
		v.Add("title", "too_long", "Max", 100)
	} else if code := CheckText(p.Title, false); code != "" {
		v.Add("title", code)
	}
	return v.Err()
}
