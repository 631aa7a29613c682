package huoshui

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// MemberStatus is where a person stands on the way into the party: the
// five stages of member development (docs/domain.md, "Member development").
type MemberStatus string

const (
	StatusApplicant    MemberStatus = "applicant"    // 入党申请人
	StatusActivist     MemberStatus = "activist"     // 入党积极分子
	StatusCandidate    MemberStatus = "candidate"    // 发展对象
	StatusProbationary MemberStatus = "probationary" // 预备党员
	StatusFull         MemberStatus = "full"         // 正式党员
)

// MemberStatuses lists the statuses in the order a person passes them.
var MemberStatuses = []MemberStatus{StatusApplicant, StatusActivist, StatusCandidate, StatusProbationary, StatusFull}

func (s MemberStatus) Valid() bool {
	for _, x := range MemberStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Gender of a member.
type Gender string

const (
	Male   Gender = "male"
	Female Gender = "female"
)

// CommitteePost is a seat on the branch committee (支委会), or none.
type CommitteePost string

const (
	PostNone            CommitteePost = ""
	PostSecretary       CommitteePost = "secretary"        // 书记
	PostDeputy          CommitteePost = "deputy"           // 副书记
	PostOrganiser       CommitteePost = "organiser"        // 组织委员
	PostPublicity       CommitteePost = "publicity"        // 宣传委员
	PostDiscipline      CommitteePost = "discipline"       // 纪检委员
	PostCommitteeMember CommitteePost = "committee_member" // 委员
)

// CommitteePosts lists the seats, the secretary first.
var CommitteePosts = []CommitteePost{PostSecretary, PostDeputy, PostOrganiser, PostPublicity, PostDiscipline, PostCommitteeMember}

func (p CommitteePost) Valid() bool {
	if p == PostNone {
		return true
	}
	for _, x := range CommitteePosts {
		if p == x {
			return true
		}
	}
	return false
}

// Educations are the levels a member's highest education may take.
var Educations = []string{"primary", "junior_high", "senior_high", "vocational", "college", "bachelor", "master", "doctor"}

// Member is a person on a branch's roster: a member or someone on the way.
// People are never deleted; ArchivedAt marks those who left.
type Member struct {
	ID            int64         `json:"id"`
	OrgID         int64         `json:"-"` // the branch
	GroupID       int64         `json:"-"` // the 党小组 inside it, or 0
	Name          string        `json:"name"`
	Gender        Gender        `json:"gender,omitempty"`
	Ethnicity     string        `json:"ethnicity,omitempty"`
	BirthDate     Date          `json:"birth_date,omitzero"`
	Education     string        `json:"education,omitempty"`
	IDNumber      string        `json:"id_number,omitempty"`
	Phone         string        `json:"phone,omitempty"`
	Workplace     string        `json:"workplace,omitempty"`
	Post          string        `json:"post,omitempty"`
	Status        MemberStatus  `json:"status"`
	AppliedOn     Date          `json:"applied_on,omitzero"`
	ActivistOn    Date          `json:"activist_on,omitzero"`
	CandidateOn   Date          `json:"candidate_on,omitzero"`
	ProbationOn   Date          `json:"probation_on,omitzero"`
	FullOn        Date          `json:"full_on,omitzero"`
	CommitteePost CommitteePost `json:"committee_post,omitempty"`
	ArchivedAt    *time.Time    `json:"archived_at,omitempty"`
	ArchiveReason string        `json:"archive_reason,omitempty"`
	CreatedAt     time.Time     `json:"-"`
	UpdatedAt     time.Time     `json:"-"`

	// Read with the member, never written through it.
	OrgName   string `json:"-"`
	OrgPath   string `json:"-"`
	GroupName string `json:"-"`
}

var phoneRE = regexp.MustCompile(`^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$`)

// Normalize cleans what a person typed so that every input path stores
// one spelling (see normalize.go): full-width letters and digits folded,
// names without the spaces inside Chinese names, ID numbers and phones
// without spaces, dashes or a leading apostrophe, an upper-case X.
func (m *Member) Normalize() {
	m.Name = NormalizeName(m.Name)
	m.Ethnicity = NormalizeName(m.Ethnicity)
	m.IDNumber = NormalizeIDNumber(m.IDNumber)
	m.Phone = NormalizePhone(m.Phone)
	m.Workplace = strings.Join(strings.Fields(FoldWidth(m.Workplace)), " ")
	m.Post = strings.Join(strings.Fields(FoldWidth(m.Post)), " ")
}

// Validate checks a member record as a whole, so a form can show every
// problem at once. It normalises the record first.
func (m *Member) Validate() error {
	m.Normalize()
	v := &ValidationError{}
	switch n := utf8.RuneCountInString(m.Name); {
	case n == 0:
		v.Add("name", "required")
	case n > 40:
		v.Add("name", "too_long", "Max", 40)
	}
	if m.OrgID == 0 {
		v.Add("org_id", "required")
	}
	for field, text := range map[string]string{"name": m.Name, "ethnicity": m.Ethnicity, "id_number": m.IDNumber,
		"phone": m.Phone, "workplace": m.Workplace, "post": m.Post} {
		if !utf8.ValidString(text) {
			v.Add(field, "text.invalid")
		} else if code := CheckText(text, false); code != "" {
			v.Add(field, code)
		}
	}
	if utf8.RuneCountInString(m.Ethnicity) > 20 {
		v.Add("ethnicity", "too_long", "Max", 20)
	}
	if m.Gender != "" && m.Gender != Male && m.Gender != Female {
		v.Add("gender", "invalid_choice")
	}
	if !m.Status.Valid() {
		v.Add("status", "invalid_choice")
	}
	if m.Education != "" && !contains(Educations, m.Education) {
		v.Add("education", "invalid_choice")
	}
	if !m.CommitteePost.Valid() {
		v.Add("committee_post", "invalid_choice")
	}
	if m.CommitteePost != PostNone && m.Status != StatusFull {
		v.Add("committee_post", "member.post_needs_full")
	}
	if m.IDNumber != "" {
		if code := CheckIDNumber(m.IDNumber); code != "" {
			v.Add("id_number", code)
		} else {
			// The number says the birth date and the gender: an empty
			// field takes them, a field that says otherwise is refused
			// with what the number says.
			birth, gender := IDNumberBirthDate(m.IDNumber), IDNumberGender(m.IDNumber)
			if m.BirthDate.IsZero() {
				m.BirthDate = birth
			} else if !m.BirthDate.Equal(birth) {
				v.Add("birth_date", "member.birth_mismatch", "Date", birth.String())
			}
			if m.Gender == "" {
				m.Gender = gender
			} else if m.Gender != gender && (m.Gender == Male || m.Gender == Female) {
				v.Add("gender", "member.gender_mismatch_"+string(gender))
			}
		}
	}
	if m.Phone != "" && !phoneRE.MatchString(m.Phone) {
		v.Add("phone", "phone.invalid")
	}
	if utf8.RuneCountInString(m.Workplace) > 100 {
		v.Add("workplace", "too_long", "Max", 100)
	}
	if utf8.RuneCountInString(m.Post) > 60 {
		v.Add("post", "too_long", "Max", 60)
	}
	// The date the member reached the current status is required; earlier
	// dates may be missing from old paper records; later stages must be
	// empty. The dates present run in order, none before birth and none
	// before the 18th birthday (applying needs age 18, and every later stage
	// follows the application); full membership comes when the one-year
	// probation ends, or after it was extended once, by 6 to 12 months.
	reached := m.Status.Rank()
	var prev Date
	for i, st := range m.StageDates() {
		if reached == 0 {
			break // the status itself is wrong; its dates cannot be judged
		}
		rank := statusRank(i + 1)
		switch {
		case rank == reached && st.Date.IsZero():
			// Required because of the status: the message says so.
			v.Add(st.Field, "member.required_by_status."+string(m.Status))
		case rank > reached && !st.Date.IsZero():
			v.Add(st.Field, "member.date_beyond_status")
		}
		if st.Date.IsZero() {
			continue
		}
		switch {
		case !m.BirthDate.IsZero() && st.Date.Before(m.BirthDate):
			v.Add(st.Field, "member.date_before_birth")
		case !m.BirthDate.IsZero() && st.Date.Before(m.BirthDate.AddYears(18)) && rank == 1:
			v.Add(st.Field, "member.under_18")
		case !m.BirthDate.IsZero() && st.Date.Before(m.BirthDate.AddYears(18)):
			v.Add(st.Field, "member.stage_under_18")
		case !prev.IsZero() && st.Date.Before(prev):
			v.Add(st.Field, "date_order")
		case rank == StatusFull.Rank() && !m.ProbationOn.IsZero() && st.Date.Before(m.ProbationOn.AddYears(1)):
			v.Add(st.Field, "member.full_before_year")
		case rank == StatusFull.Rank() && !m.ProbationOn.IsZero() && st.Date.After(m.ProbationOn.AddYears(2)):
			v.Add(st.Field, "member.full_too_late")
		}
		prev = st.Date
	}
	return v.Err()
}

// statusRank orders the statuses: applicant 1 … full 5.
type statusRank int

// Rank places s on the way into the party: applicant 1 … full 5, 0 unknown.
func (s MemberStatus) Rank() statusRank {
	for i, x := range MemberStatuses {
		if s == x {
			return statusRank(i + 1)
		}
	}
	return 0
}

// StageDate is the day a member reached one status.
type StageDate struct {
	Status MemberStatus
	Field  string
	Date   Date
}

// StageDates lists the member's five stage dates in order.
// PartyYears is a full member's 党龄 on today: whole years since 转正
// (full_on), the date the party counts it from. ok is false for those who
// are not full members or whose date is not recorded.
func (m *Member) PartyYears(today Date) (years int, ok bool) {
	if m.Status != StatusFull || m.FullOn.IsZero() || today.Before(m.FullOn) {
		return 0, false
	}
	y := today.Year() - m.FullOn.Year()
	if today.Before(m.FullOn.AddDate(y, 0, 0)) {
		y--
	}
	return y, true
}

func (m *Member) StageDates() []StageDate {
	return []StageDate{
		{StatusApplicant, "applied_on", m.AppliedOn},
		{StatusActivist, "activist_on", m.ActivistOn},
		{StatusCandidate, "candidate_on", m.CandidateOn},
		{StatusProbationary, "probation_on", m.ProbationOn},
		{StatusFull, "full_on", m.FullOn},
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// MemberFilter selects members for a list. The store applies Scope first:
// a list never reaches past what its reader may see.
type MemberFilter struct {
	Scope   Scope
	ID      int64
	OrgID   int64 // the branch, and the groups inside it
	GroupID int64
	Status  MemberStatus
	// Query is the start of the name in characters, its full pinyin or
	// its initials, or at least 4 digits of a phone or ID number, which
	// match only members inside NumberScope (those the reader may edit).
	Query       string
	NumberScope Scope
	Archived    bool   // archived people instead of current ones
	Sort        string // "name", "-name", "status", "birth_date", "-birth_date", "joined", "org" …
	Offset      int
	Limit       int
	// CountCap, when set, stops the count of a search past it: the total
	// is then CountCap+1 ("more than CountCap").
	CountCap int
	// The figures of the 党内统计 return link to the people behind them
	// (statistics.go): Party selects full and probationary members; Gender,
	// Education and Ethnicity a value ("unknown": not recorded; Ethnicity
	// also "han" and "minority"); BornFrom…JoinedTo ranges of the years of
	// birth and of 入党 (0: open); ProbationFrom…FullTo ranges of the dates
	// of admission and of 转正.
	Party                        bool
	Gender, Education, Ethnicity string
	BornFrom, BornTo             int
	JoinedFrom, JoinedTo         int
	ProbationFrom, ProbationTo   Date
	FullFrom, FullTo             Date
}

// StatFiltered reports whether f has any of the return's filters.
func (f MemberFilter) StatFiltered() bool {
	return f.Party || f.Gender != "" || f.Education != "" || f.Ethnicity != "" || f.BornFrom != 0 || f.BornTo != 0 ||
		f.JoinedFrom != 0 || f.JoinedTo != 0 || !f.ProbationFrom.IsZero() || !f.ProbationTo.IsZero() ||
		!f.FullFrom.IsZero() || !f.FullTo.IsZero()
}

// MemberUpdate changes a member's fields; nil fields stay as they are.
// Moving to another branch is a transfer, not an update.
type MemberUpdate struct {
	Name          *string
	Gender        *Gender
	Ethnicity     *string
	BirthDate     *Date
	Education     *string
	IDNumber      *string
	Phone         *string
	Workplace     *string
	Post          *string
	Status        *MemberStatus
	AppliedOn     *Date
	ActivistOn    *Date
	CandidateOn   *Date
	ProbationOn   *Date
	FullOn        *Date
	GroupID       *int64
	CommitteePost *CommitteePost
}

// Apply writes the set fields of u into m.
func (u MemberUpdate) Apply(m *Member) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	setDate := func(dst *Date, src *Date) {
		if src != nil {
			*dst = *src
		}
	}
	set(&m.Name, u.Name)
	if u.Gender != nil {
		m.Gender = *u.Gender
	}
	set(&m.Ethnicity, u.Ethnicity)
	setDate(&m.BirthDate, u.BirthDate)
	set(&m.Education, u.Education)
	set(&m.IDNumber, u.IDNumber)
	set(&m.Phone, u.Phone)
	set(&m.Workplace, u.Workplace)
	set(&m.Post, u.Post)
	if u.Status != nil {
		m.Status = *u.Status
	}
	setDate(&m.AppliedOn, u.AppliedOn)
	setDate(&m.ActivistOn, u.ActivistOn)
	setDate(&m.CandidateOn, u.CandidateOn)
	setDate(&m.ProbationOn, u.ProbationOn)
	setDate(&m.FullOn, u.FullOn)
	if u.GroupID != nil {
		m.GroupID = *u.GroupID
	}
	if u.CommitteePost != nil {
		m.CommitteePost = *u.CommitteePost
	}
}

// Transfer records a member's move from one branch to another
// (组织关系转接). The member's history stays with the person.
type Transfer struct {
	ID          int64     `json:"id"`
	MemberID    int64     `json:"member_id"`
	FromOrgID   int64     `json:"from_org_id"`
	ToOrgID     int64     `json:"to_org_id"`
	FromOrgName string    `json:"from_org_name"`
	ToOrgName   string    `json:"to_org_name"`
	On          Date      `json:"on"`
	Reason      string    `json:"reason"`
	CreatedBy   int64     `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
}
