package huoshui

import (
	"sort"
	"strconv"
)

// The annual 党内统计 return of a node on a date (docs/domain.md,
// "Statistics"): its people by status, gender, age band, education,
// ethnicity and years in the party; the people admitted (发展党员) and
// turned full (转正) in the year; the transfers in and out in the year; the
// dues collected. Everything is counted from the member records.

// Statistics dimensions: each current person has exactly one value in each.
const (
	StatGender    = "gender"
	StatEducation = "education"
	StatEthnicity = "ethnicity"
	StatBorn      = "born"   // birth year, "" when not recorded
	StatJoined    = "joined" // year of 入党 (admission as probationary), "" when not recorded
)

// StatDims lists the dimensions in the order the return shows them.
var StatDims = []string{StatGender, StatEducation, StatEthnicity, StatBorn, StatJoined}

// StatCell is how many people of one status have one value in one
// dimension: the unit the summaries keep and a scan of the members counts.
type StatCell struct {
	Dim    string
	Status MemberStatus
	Value  string
	N      int
}

// MemberStatValues are the values a member has in each dimension, in the
// order of StatDims.
func MemberStatValues(m *Member) [5]string {
	year := func(d Date) string {
		if d.IsZero() {
			return ""
		}
		return strconv.Itoa(d.Year())
	}
	return [5]string{string(m.Gender), m.Education, m.Ethnicity, year(m.BirthDate), year(m.ProbationOn)}
}

// StatLine is one line of a table of the return: the people with one
// value (an age band, a level of education…) by status. Party is 党员,
// full and probationary together; candidates, activists and applicants
// are on their own, never counted as 党员.
type StatLine struct {
	Key          string `json:"key"`
	Party        int    `json:"party"`
	Full         int    `json:"full"`
	Probationary int    `json:"probationary"`
	Candidates   int    `json:"candidates"`
	Activists    int    `json:"activists"`
	Applicants   int    `json:"applicants"`
}

func (l *StatLine) add(st MemberStatus, n int) {
	switch st {
	case StatusFull:
		l.Full += n
		l.Party += n
	case StatusProbationary:
		l.Probationary += n
		l.Party += n
	case StatusCandidate:
		l.Candidates += n
	case StatusActivist:
		l.Activists += n
	case StatusApplicant:
		l.Applicants += n
	}
}

// Empty reports whether nobody is on the line.
func (l StatLine) Empty() bool {
	return l.Party == 0 && l.Candidates == 0 && l.Activists == 0 && l.Applicants == 0
}

// StatFlows are the year's movements up to the date: 1 January of the
// date's year to the date, both included.
type StatFlows struct {
	From         Date `json:"from"`
	Admitted     int  `json:"admitted"`      // 发展党员: admitted as probationary (probation_on in the period)
	TurnedFull   int  `json:"turned_full"`   // 转正 (full_on in the period)
	TransfersIn  int  `json:"transfers_in"`  // moved into the node's subtree from outside it
	TransfersOut int  `json:"transfers_out"` // moved out of it
}

// StatDues is the dues figure of the return: what the node's branches
// collected in the period, from the dues ledger. Available is false when
// there is nothing to count it from.
type StatDues struct {
	Available    bool  `json:"available"`
	CollectedFen int64 `json:"collected_fen"` // in fen (0.01 yuan)
}

// Statistics is the return of one node on one date.
type Statistics struct {
	OrgID   int64  `json:"org_id"`
	OrgName string `json:"org_name"`
	Date    Date   `json:"date"`
	// Source says where the people figures come from: "summaries" (the
	// kept per-node counts of the current records, for today) or
	// "records" (the member records read as of the date: their stage
	// dates, transfers and archive dates).
	Source     string     `json:"source"`
	Total      StatLine   `json:"total"`
	Gender     []StatLine `json:"gender"`
	Age        []StatLine `json:"age"`
	Education  []StatLine `json:"education"`
	Ethnicity  []StatLine `json:"ethnicity"` // han, minority, unknown
	Nations    []StatLine `json:"nations"`   // each minority nation recorded
	PartyYears []StatLine `json:"party_years"`
	Flows      StatFlows  `json:"flows"`
	Dues       StatDues   `json:"dues"`
}

// StatBand is a band of whole years, Min to Max included (Max 0: and
// above).
type StatBand struct {
	Key      string
	Min, Max int
}

// AgeBands are the age bands of the return.
var AgeBands = []StatBand{
	{"30-", 0, 30}, {"31-35", 31, 35}, {"36-40", 36, 40}, {"41-45", 41, 45}, {"46-50", 46, 50},
	{"51-55", 51, 55}, {"56-60", 56, 60}, {"61-70", 61, 70}, {"71+", 71, 0},
}

// PartyYearBands are the bands of years in the party.
var PartyYearBands = []StatBand{
	{"5-", 0, 5}, {"6-10", 6, 10}, {"11-20", 11, 20}, {"21-30", 21, 30}, {"31-40", 31, 40},
	{"41-50", 41, 50}, {"51+", 51, 0},
}

// StatUnknown is the key of the line of people whose value is not recorded.
const StatUnknown = "unknown"

// YearBand places a year (of birth, of 入党) in bands as of date: the
// whole years date.Year() − year, as the annual return counts them (the
// age reached in the year; exact on 31 December). An empty or unreadable
// year, or one after the date's, is StatUnknown.
func YearBand(bands []StatBand, year string, date Date) string {
	y, err := strconv.Atoi(year)
	if err != nil || y > date.Year() {
		return StatUnknown
	}
	n := date.Year() - y
	for _, b := range bands {
		if n >= b.Min && (b.Max == 0 || n <= b.Max) {
			return b.Key
		}
	}
	return StatUnknown
}

// Han is whether an ethnicity as recorded is 汉族.
func Han(ethnicity string) bool { return ethnicity == "汉族" || ethnicity == "汉" }

// BuildStatistics turns cells counted as of date into the return's tables.
// Flows and dues are the caller's.
func BuildStatistics(cells []StatCell, date Date) Statistics {
	st := Statistics{Date: date}
	lines := map[string]map[string]*StatLine{}
	line := func(table, key string) *StatLine {
		if lines[table] == nil {
			lines[table] = map[string]*StatLine{}
		}
		l := lines[table][key]
		if l == nil {
			l = &StatLine{Key: key}
			lines[table][key] = l
		}
		return l
	}
	for _, c := range cells {
		if c.N == 0 {
			continue
		}
		switch c.Dim {
		case StatGender:
			st.Total.add(c.Status, c.N)
			line("gender", orUnknown(c.Value)).add(c.Status, c.N)
		case StatEducation:
			line("education", orUnknown(c.Value)).add(c.Status, c.N)
		case StatEthnicity:
			switch {
			case c.Value == "":
				line("ethnicity", StatUnknown).add(c.Status, c.N)
			case Han(c.Value):
				line("ethnicity", "han").add(c.Status, c.N)
			default:
				line("ethnicity", "minority").add(c.Status, c.N)
				line("nations", c.Value).add(c.Status, c.N)
			}
		case StatBorn:
			line("age", YearBand(AgeBands, c.Value, date)).add(c.Status, c.N)
		case StatJoined:
			if c.Status == StatusFull || c.Status == StatusProbationary {
				line("party_years", YearBand(PartyYearBands, c.Value, date)).add(c.Status, c.N)
			}
		}
	}
	ordered := func(table string, keys []string) []StatLine {
		out := make([]StatLine, 0, len(keys)+1)
		for _, k := range append(keys, StatUnknown) {
			if l := lines[table][k]; l != nil {
				out = append(out, *l)
			} else if k != StatUnknown {
				out = append(out, StatLine{Key: k})
			}
		}
		return out
	}
	bandKeys := func(bands []StatBand) []string {
		var keys []string
		for _, b := range bands {
			keys = append(keys, b.Key)
		}
		return keys
	}
	st.Gender = ordered("gender", []string{string(Male), string(Female)})
	st.Age = ordered("age", bandKeys(AgeBands))
	st.Education = ordered("education", Educations)
	st.Ethnicity = ordered("ethnicity", []string{"han", "minority"})
	st.PartyYears = ordered("party_years", bandKeys(PartyYearBands))
	for _, l := range lines["nations"] {
		st.Nations = append(st.Nations, *l)
	}
	sort.Slice(st.Nations, func(i, j int) bool {
		a, b := st.Nations[i], st.Nations[j]
		if a.Party+a.Candidates+a.Activists+a.Applicants != b.Party+b.Candidates+b.Activists+b.Applicants {
			return a.Party+a.Candidates+a.Activists+a.Applicants > b.Party+b.Candidates+b.Activists+b.Applicants
		}
		return a.Key < b.Key
	})
	if st.Nations == nil {
		st.Nations = []StatLine{}
	}
	return st
}

func orUnknown(v string) string {
	if v == "" {
		return StatUnknown
	}
	return v
}

// StatusOn is the stage a person had reached on date by the dates in
// their record: the furthest stage whose date is on or before it. ok is
// false when no stage date is (they were not yet on the way in).
func (m *Member) StatusOn(date Date) (MemberStatus, bool) {
	var out MemberStatus
	for _, st := range m.StageDates() {
		if !st.Date.IsZero() && !st.Date.After(date) {
			out = st.Status
		}
	}
	return out, out != ""
}
