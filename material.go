package huoshui

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Material is a study material (学习资料) kept by an org: a speech, a
// document, an article to read. Its body is plain text with a little
// markup, never HTML: paragraphs are separated by blank lines, a line
// starting with "## " is a heading, one starting with "- " a list item,
// [text](https://…) a link, and a line ![说明](name.jpg) places the
// material's own photo of that file name (see ImageLine). The web layer
// renders it safely.
//
// Whoever sees the org's records sees its materials, and so do the
// members of the orgs below it (a committee's material reaches its
// branches), and the members of an org it is assigned to.
type Material struct {
	ID          int64      `json:"id"`
	OrgID       int64      `json:"-"`
	Title       string     `json:"title"`
	Body        string     `json:"body"`
	Source      string     `json:"source,omitempty"`
	PublishedOn Date       `json:"published_on,omitzero"`
	Tags        []string   `json:"tags"`
	CreatedBy   int64      `json:"-"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	ArchivedAt  *time.Time `json:"archived_at,omitempty"`

	// Read with the material, never written through it.
	OrgName string `json:"-"`
	OrgPath string `json:"-"`
}

// Limits of a material's fields.
const (
	MaterialTitleMax  = 200
	MaterialBodyMax   = 200000
	MaterialSourceMax = 200
	MaterialTagsMax   = 10
	MaterialTagMax    = 20
)

// Normalize tidies what a person typed.
func (m *Material) Normalize() {
	m.Title = strings.Join(strings.Fields(FoldWidth(m.Title)), " ")
	m.Source = strings.Join(strings.Fields(FoldWidth(m.Source)), " ")
	m.Body = strings.TrimSpace(strings.ReplaceAll(m.Body, "\r\n", "\n"))
	var tags []string
	for _, t := range m.Tags {
		t = strings.Join(strings.Fields(FoldWidth(t)), " ")
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	m.Tags = tags
}

// Validate checks a material as a whole, so a form shows every problem at
// once. It normalises the material first.
func (m *Material) Validate() error {
	m.Normalize()
	v := &ValidationError{}
	if m.OrgID == 0 {
		v.Add("org_id", "required")
	}
	switch n := utf8.RuneCountInString(m.Title); {
	case n == 0:
		v.Add("title", "required")
	case n > MaterialTitleMax:
		v.Add("title", "too_long", "Max", MaterialTitleMax)
	}
	switch n := utf8.RuneCountInString(m.Body); {
	case n == 0:
		v.Add("body", "required")
	case n > MaterialBodyMax:
		v.Add("body", "too_long", "Max", MaterialBodyMax)
	}
	if utf8.RuneCountInString(m.Source) > MaterialSourceMax {
		v.Add("source", "too_long", "Max", MaterialSourceMax)
	}
	for field, text := range map[string]string{"title": m.Title, "source": m.Source, "body": m.Body} {
		if !utf8.ValidString(text) {
			v.Add(field, "text.invalid")
		} else if code := CheckText(text, field == "body"); code != "" {
			v.Add(field, code)
		}
	}
	if !m.PublishedOn.IsZero() && (m.PublishedOn.Year() < 1921 || m.PublishedOn.Year() > 2100) {
		v.Add("published_on", "material.date_out_of_range")
	}
	if len(m.Tags) > MaterialTagsMax {
		v.Add("tags", "material.too_many_tags", "Max", MaterialTagsMax)
	}
	for _, t := range m.Tags {
		if utf8.RuneCountInString(t) > MaterialTagMax {
			v.Add("tags", "too_long", "Max", MaterialTagMax)
			break
		}
		if code := CheckText(t, false); code != "" {
			v.Add("tags", code)
			break
		}
	}
	return v.Err()
}

// Reading speeds and caps. A reader of Chinese reads about 400 characters
// a minute; the time counted for one material is at most twice its
// estimated reading time, and never more than an hour.
const (
	ReadingRunesPerMinute = 400
	ReadingBeatMax        = 60 * time.Second // the most one heartbeat adds
	ReadingMaterialMax    = 60 * time.Minute
	readingMin            = 5 * time.Minute
)

// ReadingEstimate is how long the material takes to read, at least a
// minute.
func (m *Material) ReadingEstimate() time.Duration {
	n := utf8.RuneCountInString(m.Title) + utf8.RuneCountInString(m.Body)
	return max(time.Minute, time.Duration(n)*time.Minute/ReadingRunesPerMinute)
}

// ReadingCap is the most reading time counted for one member on the
// material: twice the estimate, at least five minutes, at most an hour.
func (m *Material) ReadingCap() time.Duration {
	return min(ReadingMaterialMax, max(readingMin, 2*m.ReadingEstimate()))
}

// ReadingDone is the time after which a material counts as read: half
// its estimated reading time.
func (m *Material) ReadingDone() time.Duration { return m.ReadingEstimate() / 2 }

// MaterialRead is how long one member has read one material.
type MaterialRead struct {
	MemberID    int64     `json:"-"`
	MaterialID  int64     `json:"material_id"`
	Seconds     int       `json:"seconds"`
	FirstReadAt time.Time `json:"first_read_at"`
	LastBeatAt  time.Time `json:"last_beat_at"`
	Done        bool      `json:"done"`
}

// ReadingDay is one day's reading time of a member (Asia/Shanghai days),
// the input of the study-hours count, which applies its own daily cap.
type ReadingDay struct {
	Day     Date `json:"day"`
	Seconds int  `json:"seconds"`
}

// MaterialAssignment is a material an officer gave an org to study by a
// date: every member of the org (a committee's whole subtree, a branch, a
// 党小组) sees it as assigned to them.
type MaterialAssignment struct {
	ID         int64     `json:"id"`
	MaterialID int64     `json:"material_id"`
	OrgID      int64     `json:"-"`
	Due        Date      `json:"due,omitzero"`
	AssignedBy int64     `json:"-"`
	CreatedAt  time.Time `json:"created_at"`

	OrgName string `json:"-"`
}

// AssignedMaterial is one material assigned to a member, with the earliest
// due date of its assignments and how far the member has read it.
type AssignedMaterial struct {
	Material Material
	Due      Date
	Seconds  int
	Done     bool
}

// MaterialFilter selects materials for a list. The zero filter lists
// nothing: Scope must be set (see Scope).
type MaterialFilter struct {
	Scope Scope
	// Query searches title and body (Chinese full-text search); results
	// are ranked by relevance instead of newest first.
	Query string
	Tag   string
	// AssignedTo lists only what is assigned to this member.
	AssignedTo int64
	Archived   bool
	Limit      int
	Offset     int
	// CountUpTo, when set, spares a search counting more matches than
	// that: a total above it is answered as CountUpTo+1, "more than". A
	// list page sets it; the API counts them all.
	CountUpTo int
}

// MaterialSearchWindow is how many matches of a search are ranked by
// relevance: the newest that many, and as many of the newest with the
// words in their title; any more follow newest first. Ranking reads each
// candidate's text: 200 of 3,000 characters cost PostgreSQL about 5 ms.
const MaterialSearchWindow = 200

// MaterialHit is a material found by a search, with its snippet: HTML,
// escaped, with the matches marked.
type MaterialHit struct {
	Material *Material
	Snippet  string
}

var markupLink = regexp.MustCompile(`\[([^\]\n]+)\]\([^)\s]+\)`)

// PlainText is the body without its markup: headings and list items as
// plain lines, links as their text, a placed photo as its caption.
// Snippets are cut from it.
func (m *Material) PlainText() string {
	lines := strings.Split(m.Body, "\n")
	for i, l := range lines {
		if caption, _, ok := ImageLine(l); ok {
			lines[i] = caption
			continue
		}
		l = strings.TrimPrefix(strings.TrimPrefix(l, "## "), "- ")
		if strings.Contains(l, "](") { // a link, maybe: the expression only then
			l = markupLink.ReplaceAllString(l, "$1")
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// ImageLine reads a line of a material's body that places a photo:
// ![说明](name.jpg), the whole line, the caption (which may be empty)
// before the first "](", the target up to the last ")". The target is
// the file name of one of the material's photos, which may hold spaces
// and brackets ("IMG_0412 (1).jpg"); it is never fetched from elsewhere.
func ImageLine(line string) (caption, target string, ok bool) {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "![") || !strings.HasSuffix(line, ")") {
		return "", "", false
	}
	i := strings.Index(line, "](")
	if i < 0 {
		return "", "", false
	}
	target = strings.TrimSpace(line[i+2 : len(line)-1])
	if target == "" {
		return "", "", false
	}
	return strings.TrimSpace(line[2:i]), target, true
}

// SafeLink reports whether a link in a material's body may be followed:
// http, https and mailto addresses, and paths on this site.
func SafeLink(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return true
	case "":
		return strings.HasPrefix(raw, "/") && !strings.HasPrefix(raw, "//") && !strings.Contains(raw, "\\")
	}
	return false
}
