package huoshui

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The branch standardisation self-check (支部标准化自查, docs/domain.md
// "The self-check"): a checklist of what a standard branch has and does in
// a year — its organisation set up, its organisational life held, its
// members' study, its records complete, its supervision tasks done, its
// work outputs registered — each judged from the records the platform
// already keeps, with the records as evidence. Nothing on it is typed in
// except the branch's own note on an item (说明 or 整改措施).

// StandardKey names one item of the checklist: "setup.committee",
// "life.theme_day", "study.hours".
type StandardKey string

const (
	StandardCommittee StandardKey = "setup.committee"    // 支部委员会按期换届 (or not needed)
	StandardSecretary StandardKey = "setup.secretary"    // 书记已配备
	StandardMembers   StandardKey = "setup.members"      // 3 名以上正式党员
	StandardGroupLife StandardKey = "life.group_meeting" // 党小组会 each month, every group
	StandardStudy     StandardKey = "study.hours"        // members reached the year's study target
	StandardRecords   StandardKey = "records.complete"   // every meeting held has minutes and attendance
	StandardTasks     StandardKey = "tasks.overdue"      // no supervision task overdue
	StandardOutputs   StandardKey = "outputs.registered" // work outputs registered
)

// StandardLifeKey is the item of a meeting type of organisational life:
// "life.general_meeting".
func StandardLifeKey(t MeetingType) StandardKey { return StandardKey("life." + string(t)) }

// StandardKeys lists every item the checklist can hold, in its order.
func StandardKeys() []StandardKey {
	keys := []StandardKey{StandardCommittee, StandardSecretary, StandardMembers}
	for _, t := range MeetingTypes {
		keys = append(keys, StandardLifeKey(t))
	}
	return append(keys, StandardStudy, StandardRecords, StandardTasks, StandardOutputs)
}

// Valid reports whether k is an item of the checklist.
func (k StandardKey) Valid() bool { return slices.Contains(StandardKeys(), k) }

// Area is the part of the checklist the item belongs to: "setup", "life",
// "study", "records", "tasks", "outputs".
func (k StandardKey) Area() string {
	a, _, _ := strings.Cut(string(k), ".")
	return a
}

// StandardStatus is the conclusion on one item.
type StandardStatus string

const (
	StandardMet     StandardStatus = "met"     // 达标
	StandardUnmet   StandardStatus = "unmet"   // 未达标
	StandardPending StandardStatus = "pending" // 待确认: no records yet, or the period still under way
)

// StandardCheck is one item judged: its conclusion and the evidence it
// rests on, every figure counted from the records.
type StandardCheck struct {
	Key      StandardKey
	Status   StandardStatus
	Evidence []StandardFact
	// Href is the list of the records the item counts, for the year;
	// Records names the records that keep it from being met (a meeting
	// without minutes), at most a few.
	Href    string
	Records []StandardRecord
	// Note is the branch's own note on the item, if any.
	Note *StandardNote
}

// StandardFact is one line of evidence: a message (Code) and the figures
// that fill it (Args, name and value in turn).
type StandardFact struct {
	Code string
	Args []any
}

// StandardRecord is one record an item points at.
type StandardRecord struct {
	Label string
	Href  string
}

// StandardTally counts the checks by conclusion.
type StandardTally struct {
	Met, Unmet, Pending int
}

// TallyStandard counts checks by conclusion.
func TallyStandard(cs []StandardCheck) StandardTally {
	var t StandardTally
	for _, c := range cs {
		switch c.Status {
		case StandardMet:
			t.Met++
		case StandardUnmet:
			t.Unmet++
		default:
			t.Pending++
		}
	}
	return t
}

// StandardNoteMax is the longest note, in characters.
const StandardNoteMax = 500

// StandardNote is what the branch says about one item of one year: why it
// is not met, what it is doing about it (整改措施), or anything the
// evidence does not show.
type StandardNote struct {
	ID            int64       `json:"id"`
	OrgID         int64       `json:"org_id"`
	Year          int         `json:"year"`
	Key           StandardKey `json:"item"`
	Note          string      `json:"note"`
	UpdatedBy     int64       `json:"updated_by"`
	UpdatedAt     time.Time   `json:"updated_at"`
	UpdatedByName string      `json:"-"`
}

// Validate checks a note before it is stored: a known item and year, and
// a note that is there, not too long, and clean text.
func (n *StandardNote) Validate() error {
	v := &ValidationError{}
	n.Note = strings.TrimSpace(n.Note)
	if !n.Key.Valid() {
		v.Add("item", "invalid_choice")
	}
	if n.Year < 1921 || n.Year > 2100 {
		v.Add("year", "meeting.year_out_of_range")
	}
	switch k := utf8.RuneCountInString(n.Note); {
	case !utf8.ValidString(n.Note):
		v.Add("note", "text.invalid")
	case k == 0:
		v.Add("note", "standard.note_required")
	case k > StandardNoteMax:
		v.Add("note", "too_long", "Max", StandardNoteMax)
	case CheckText(n.Note, true) != "":
		v.Add("note", CheckText(n.Note, true))
	}
	return v.Err()
}
