package huoshui

import (
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The output registry (成果登记): what the branch's party work led to in the
// office's own work, one typed record each, so that the results are
// counted, not claimed. Every record has its owners (members of the org's
// subtree), a date and its evidence (scans, PDFs, .docx attached to it).

// OutputKind is the kind of an output record.
type OutputKind string

const (
	OutputPublication OutputKind = "publication" // 发表文章: an article in a journal or the press
	OutputAward       OutputKind = "award"       // 获奖: a prize or commendation
	OutputDocument    OutputKind = "document"    // 起草文稿: a document drafted (speech, report …)
	OutputInnovation  OutputKind = "innovation"  // 工作创新: a change to how the office works
)

// OutputKinds lists the kinds in the order the registry shows them.
var OutputKinds = []OutputKind{OutputPublication, OutputAward, OutputDocument, OutputInnovation}

// Valid reports whether k is one of OutputKinds.
func (k OutputKind) Valid() bool { return slices.Contains(OutputKinds, k) }

// HasLevel reports whether records of kind k carry a level: publications
// and awards do.
func (k OutputKind) HasLevel() bool { return k == OutputPublication || k == OutputAward }

// OutputLevel is the level of a publication's outlet or of an award's
// awarding body.
type OutputLevel string

const (
	LevelNational   OutputLevel = "national"   // 国家级
	LevelProvincial OutputLevel = "provincial" // 省级
	LevelCity       OutputLevel = "city"       // 市级
	LevelOther      OutputLevel = "other"      // 其他
)

// OutputLevels lists the levels from the highest.
var OutputLevels = []OutputLevel{LevelNational, LevelProvincial, LevelCity, LevelOther}

// Valid reports whether l is one of OutputLevels.
func (l OutputLevel) Valid() bool { return slices.Contains(OutputLevels, l) }

// DocumentKind is what sort of text a drafted document is: a fixed list,
// so that the branch's drafting can be counted by sort.
type DocumentKind string

const (
	DocSpeech         DocumentKind = "speech"          // 讲话稿
	DocWorkReport     DocumentKind = "work_report"     // 工作报告
	DocResearchReport DocumentKind = "research_report" // 调研报告
	DocBriefing       DocumentKind = "briefing"        // 信息简报
	DocRegulation     DocumentKind = "regulation"      // 规范性文件
	DocOther          DocumentKind = "other"           // 其他
)

// DocumentKinds lists the sorts of document in the order forms offer them.
var DocumentKinds = []DocumentKind{DocSpeech, DocWorkReport, DocResearchReport, DocBriefing, DocRegulation, DocOther}

// Valid reports whether k is one of DocumentKinds.
func (k DocumentKind) Valid() bool { return slices.Contains(DocumentKinds, k) }

// InnovationStatus is how far a work innovation has come.
type InnovationStatus string

const (
	InnovationTrial     InnovationStatus = "trial"     // 试行中
	InnovationPromoted  InnovationStatus = "promoted"  // 已推广
	InnovationInstitute InnovationStatus = "institute" // 已固化为制度
)

// InnovationStatuses lists the statuses in the order an innovation passes
// them.
var InnovationStatuses = []InnovationStatus{InnovationTrial, InnovationPromoted, InnovationInstitute}

// Valid reports whether s is one of InnovationStatuses.
func (s InnovationStatus) Valid() bool { return slices.Contains(InnovationStatuses, s) }

// CharSource says where a drafted document's character count came from,
// so that a reader knows whether it was counted or typed.
type CharSource string

const (
	CharsFromDocx  CharSource = "docx"    // counted from an uploaded .docx
	CharsFromText  CharSource = "text"    // counted from pasted text
	CharsEntered   CharSource = "entered" // typed by hand (an import's too)
	charsNoneGiven CharSource = ""
)

// CharSources lists the sources.
var CharSources = []CharSource{CharsFromDocx, CharsFromText, CharsEntered}

// Valid reports whether c is one of CharSources.
func (c CharSource) Valid() bool { return slices.Contains(CharSources, c) }

// OutputOwner is one owner of an output: a member, by id, with the name
// read with the record.
type OutputOwner struct {
	MemberID int64  `json:"id"`
	Name     string `json:"name"`
}

// Output is one record of the output registry, kept at an org (a branch,
// usually). Which fields it uses depends on its kind:
//
//   - publication: Title, Outlet (刊物/媒体), Level, Link (http or https) or a
//     scan among its evidence;
//   - award: Title (the award's name), Level, Issuer (颁奖单位);
//   - document: Title, DocKind, Characters and CharSource;
//   - innovation: Title, Problem, Change, Before, After, Status.
//
// Validate clears the fields its kind does not use, so a record whose
// kind changes keeps nothing of the old kind. Whoever sees the org's
// records sees its outputs; the org's officers keep them; an owner may add
// evidence to their own.
type Output struct {
	ID         int64            `json:"id"`
	OrgID      int64            `json:"-"`
	Kind       OutputKind       `json:"kind"`
	Title      string           `json:"title"`
	Date       Date             `json:"date"`
	Level      OutputLevel      `json:"level,omitempty"`
	Outlet     string           `json:"outlet,omitempty"`
	Link       string           `json:"link,omitempty"`
	Issuer     string           `json:"issuer,omitempty"`
	DocKind    DocumentKind     `json:"doc_kind,omitempty"`
	Characters int              `json:"characters,omitempty"`
	CharSource CharSource       `json:"char_source,omitempty"`
	Problem    string           `json:"problem,omitempty"`
	Change     string           `json:"change,omitempty"`
	Before     string           `json:"before,omitempty"`
	After      string           `json:"after,omitempty"`
	Status     InnovationStatus `json:"status,omitempty"`
	Owners     []OutputOwner    `json:"owners"`
	CreatedBy  int64            `json:"-"`
	CreatedAt  time.Time        `json:"created_at"`
	UpdatedAt  time.Time        `json:"updated_at"`
	ArchivedAt *time.Time       `json:"archived_at,omitempty"`

	// Read with the output, never written through it.
	OrgName string `json:"-"`
	OrgPath string `json:"-"`
}

// Limits of an output's fields.
const (
	OutputTitleMax      = 200
	OutputOutletMax     = 100
	OutputLinkMax       = 500
	OutputTextMax       = 2000 // each of an innovation's problem, change, before and after
	OutputOwnersMax     = 20
	OutputCharactersMax = 5_000_000 // far above any document a branch drafts
	outputEarliestYear  = 1921
)

// OwnerIDs lists the owners' member ids in order.
func (o *Output) OwnerIDs() []int64 {
	out := make([]int64, len(o.Owners))
	for i, w := range o.Owners {
		out[i] = w.MemberID
	}
	return out
}

// Owns reports whether member id is one of the owners.
func (o *Output) Owns(memberID int64) bool {
	if memberID == 0 {
		return false
	}
	for _, w := range o.Owners {
		if w.MemberID == memberID {
			return true
		}
	}
	return false
}

// oneLine tidies a field of one line: runs of spaces (U+3000 too) become
// one. Chinese punctuation stays as it was typed: a title keeps its （）
// and ：, which FoldWidth would turn into ASCII.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Normalize tidies what a person typed and clears the fields the kind
// does not use.
func (o *Output) Normalize() {
	o.Title = oneLine(o.Title)
	o.Outlet = oneLine(o.Outlet)
	o.Issuer = oneLine(o.Issuer)
	o.Link = strings.TrimSpace(FoldWidth(o.Link))
	for _, p := range []*string{&o.Problem, &o.Change, &o.Before, &o.After} {
		*p = strings.TrimSpace(strings.ReplaceAll(*p, "\r\n", "\n"))
	}
	var owners []OutputOwner
	seen := map[int64]bool{}
	for _, w := range o.Owners {
		if w.MemberID != 0 && !seen[w.MemberID] {
			seen[w.MemberID] = true
			owners = append(owners, w)
		}
	}
	o.Owners = owners
	if !o.Kind.HasLevel() {
		o.Level = ""
	}
	if o.Kind != OutputPublication {
		o.Outlet, o.Link = "", ""
	}
	if o.Kind != OutputAward {
		o.Issuer = ""
	}
	if o.Kind != OutputDocument {
		o.DocKind, o.Characters, o.CharSource = "", 0, charsNoneGiven
	}
	if o.Kind != OutputInnovation {
		o.Problem, o.Change, o.Before, o.After, o.Status = "", "", "", "", ""
	}
}

// Validate checks an output as a whole, so a form shows every problem at
// once; today (in Beijing) is the latest date an output may carry, since
// a record says what has happened. It normalises the output first.
func (o *Output) Validate(today Date) error {
	o.Normalize()
	v := &ValidationError{}
	if o.OrgID == 0 {
		v.Add("org_id", "required")
	}
	if !o.Kind.Valid() {
		v.Add("output_kind", "output.kind_unknown")
		return v.Err()
	}
	text := func(field, s string, required bool, maxRunes int, multiline bool) {
		switch n := utf8.RuneCountInString(s); {
		case n == 0 && required:
			v.Add(field, "required")
		case n > maxRunes:
			v.Add(field, "too_long", "Max", maxRunes)
		case !utf8.ValidString(s):
			v.Add(field, "text.invalid")
		default:
			if code := CheckText(s, multiline); code != "" {
				v.Add(field, code)
			}
		}
	}
	text("title", o.Title, true, OutputTitleMax, false)
	switch {
	case o.Date.IsZero():
		v.Add("dated_on", "required")
	case o.Date.Year() < outputEarliestYear:
		v.Add("dated_on", "output.date_too_early", "Year", outputEarliestYear)
	case !today.IsZero() && o.Date.After(today):
		v.Add("dated_on", "output.date_future", "Today", today.String())
	}
	if o.Kind.HasLevel() {
		switch {
		case o.Level == "":
			v.Add("level", "required")
		case !o.Level.Valid():
			v.Add("level", "output.level_unknown")
		}
	}
	switch o.Kind {
	case OutputPublication:
		text("outlet", o.Outlet, true, OutputOutletMax, false)
		if o.Link != "" {
			if code := checkLink(o.Link); code != "" {
				v.Add("link", code)
			}
		}
	case OutputAward:
		text("issuer", o.Issuer, true, OutputOutletMax, false)
	case OutputDocument:
		switch {
		case o.DocKind == "":
			v.Add("doc_kind", "required")
		case !o.DocKind.Valid():
			v.Add("doc_kind", "output.doc_kind_unknown")
		}
		switch {
		case o.Characters < 0:
			v.Add("characters", "output.characters_negative")
		case o.Characters > OutputCharactersMax:
			v.Add("characters", "output.characters_too_many", "Max", OutputCharactersMax)
		}
		if o.CharSource == charsNoneGiven {
			o.CharSource = CharsEntered
		}
		if !o.CharSource.Valid() {
			v.Add("char_source", "output.char_source_unknown")
		}
	case OutputInnovation:
		text("problem", o.Problem, true, OutputTextMax, true)
		text("change", o.Change, true, OutputTextMax, true)
		text("before", o.Before, false, OutputTextMax, true)
		text("after", o.After, false, OutputTextMax, true)
		switch {
		case o.Status == "":
			v.Add("innovation_status", "required")
		case !o.Status.Valid():
			v.Add("innovation_status", "output.status_unknown")
		}
	}
	switch n := len(o.Owners); {
	case n == 0:
		v.Add("owners", "output.owners_required")
	case n > OutputOwnersMax:
		v.Add("owners", "output.too_many_owners", "Max", OutputOwnersMax)
	}
	return v.Err()
}

// checkLink says what is wrong with a publication's link: it must be an
// http or https address with a host (a javascript: or file: link would
// run or open something on the reader's machine).
func checkLink(raw string) string {
	if utf8.RuneCountInString(raw) > OutputLinkMax {
		return "output.link_too_long"
	}
	if CheckText(raw, false) != "" || strings.ContainsAny(raw, " \\") {
		return "output.link_invalid"
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "output.link_invalid"
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" || u.User != nil {
			return "output.link_invalid"
		}
		return ""
	}
	return "output.link_scheme"
}

// OutputFilter selects outputs for a list. The zero filter lists nothing:
// Scope must be set (see Scope).
type OutputFilter struct {
	Scope Scope
	// OrgID narrows to one org's subtree.
	OrgID int64
	Kind  OutputKind
	Level OutputLevel
	// From and To bound the date, both included; zero leaves it open.
	From, To Date
	// OwnerID lists the outputs this member owns.
	OwnerID int64
	// Query finds text in the title, outlet or awarding body.
	Query    string
	Archived bool
	// Sort is a key of OutputSorts, "-" before it for the reverse; the
	// default is the newest first.
	Sort   string
	Limit  int
	Offset int
}

// OutputSorts are the keys an output list sorts by.
var OutputSorts = []string{"date", "title", "level", "characters"}

// OutputSortValid reports whether s is a sort of OutputSorts or its
// reverse.
func OutputSortValid(s string) bool {
	return slices.Contains(OutputSorts, strings.TrimPrefix(s, "-"))
}

// OutputTally is one row of the output summary: how many outputs of a
// kind and level an org has in a month, and for documents how many
// characters they hold. Kinds without a level have Level "".
type OutputTally struct {
	OrgID      int64       `json:"-"`
	Year       int         `json:"year"`
	Month      int         `json:"month"`
	Kind       OutputKind  `json:"kind"`
	Level      OutputLevel `json:"level,omitempty"`
	Count      int         `json:"count"`
	Characters int64       `json:"characters"`
}

// OutputSummary is the outputs of an org (or a subtree) over a period,
// read from the summary the store keeps in the transaction of every
// change: counts by kind and level, characters drafted. Archived records
// are not counted.
type OutputSummary struct {
	Tallies []OutputTally
}

// Count is how many outputs of kind k there are.
func (s *OutputSummary) Count(k OutputKind) int {
	n := 0
	for _, t := range s.Tallies {
		if t.Kind == k {
			n += t.Count
		}
	}
	return n
}

// CountLevel is how many outputs of kind k and level l there are.
func (s *OutputSummary) CountLevel(k OutputKind, l OutputLevel) int {
	n := 0
	for _, t := range s.Tallies {
		if t.Kind == k && t.Level == l {
			n += t.Count
		}
	}
	return n
}

// ByLevel counts the outputs of kind k by level.
func (s *OutputSummary) ByLevel(k OutputKind) map[OutputLevel]int {
	out := map[OutputLevel]int{}
	for _, l := range OutputLevels {
		out[l] = s.CountLevel(k, l)
	}
	return out
}

// Characters is how many characters the drafted documents hold.
func (s *OutputSummary) Characters() int64 {
	var n int64
	for _, t := range s.Tallies {
		if t.Kind == OutputDocument {
			n += t.Characters
		}
	}
	return n
}

// OutputRow is one data row of an output sheet as it was read: the
// output (its org set on import), the owners' names as typed, matched to
// the org's members later, and its problems.
type OutputRow struct {
	Line       int
	Output     Output
	OwnerNames []string
	Problems   []FieldError
}

func (r OutputRow) SheetLine() int              { return r.Line }
func (r OutputRow) SheetProblems() []FieldError { return r.Problems }

// OutputBatch is an output sheet staged for its uploader's look: rows of
// one kind.
type OutputBatch = StagedSheet[OutputRow]
