package huoshui

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The book corner (图书角, 一角; docs/domain.md "The book corner"): a
// branch's shelf of books, each with its copies on the shelf, lent to the
// branch's members for 30 days with one renewal, and the reading notes a
// member hands in, which an officer may confirm as study time. What is
// counted is how often a book is borrowed, never who reads most.

// NormalizeISBN tidies an ISBN as people type or scan it: full-width
// digits folded, hyphens and spaces dropped, a final x in capitals.
func NormalizeISBN(s string) string {
	s = FoldWidth(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '-' || r == ' ' || r == '\t' || r == '\u2010' || r == '\u2013':
		case r == 'x':
			b.WriteRune('X')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ParseISBN reads an ISBN-10 or ISBN-13 as typed and returns it as
// ISBN-13, the one spelling a book is stored and found under. code, when
// not "", names what is wrong: "isbn.length" (not 10 or 13 characters),
// "isbn.chars" (something other than digits, or an X not at the end of an
// ISBN-10), "isbn.check" (the check digit does not match), "isbn.prefix"
// (an ISBN-13 not starting 978 or 979).
func ParseISBN(s string) (isbn13 string, code string) {
	s = NormalizeISBN(s)
	switch utf8.RuneCountInString(s) {
	case 10:
		for i, r := range s {
			if (r < '0' || r > '9') && !(r == 'X' && i == 9) {
				return "", "isbn.chars"
			}
		}
		if isbn10Check(s[:9]) != s[9] {
			return "", "isbn.check"
		}
		return ISBN10To13(s), ""
	case 13:
		for _, r := range s {
			if r < '0' || r > '9' {
				return "", "isbn.chars"
			}
		}
		if !strings.HasPrefix(s, "978") && !strings.HasPrefix(s, "979") {
			return "", "isbn.prefix"
		}
		if isbn13Check(s[:12]) != s[12] {
			return "", "isbn.check"
		}
		return s, ""
	case 0:
		return "", "required"
	}
	return "", "isbn.length"
}

// isbn10Check is the check character of the first nine digits of an
// ISBN-10: weights 10 down to 2, modulo 11, 10 written X.
func isbn10Check(d9 string) byte {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(d9[i]-'0') * (10 - i)
	}
	c := (11 - sum%11) % 11
	if c == 10 {
		return 'X'
	}
	return byte('0' + c)
}

// isbn13Check is the check digit of the first twelve digits of an
// ISBN-13 (EAN-13): weights 1 and 3 alternating, modulo 10.
func isbn13Check(d12 string) byte {
	sum := 0
	for i := 0; i < 12; i++ {
		w := 1
		if i%2 == 1 {
			w = 3
		}
		sum += int(d12[i]-'0') * w
	}
	return byte('0' + (10-sum%10)%10)
}

// ISBN10To13 turns a valid, normalised ISBN-10 into its ISBN-13: 978, the
// first nine digits, and a new check digit.
func ISBN10To13(isbn10 string) string {
	d12 := "978" + isbn10[:9]
	return d12 + string(isbn13Check(d12))
}

// FormatISBN writes an ISBN-13 for reading: 978-7-01-012345-6 needs the
// registration groups, which vary; a plain 978-7012345678 split after the
// prefix is clear and never wrong.
func FormatISBN(isbn13 string) string {
	if len(isbn13) != 13 {
		return isbn13
	}
	return isbn13[:3] + "-" + isbn13[3:]
}

// MaxBookTags bounds the tags of one book.
const MaxBookTags = 8

// Book is a title on a branch's shelf. ISBN is unique within the org.
type Book struct {
	ID        int64    `json:"id"`
	OrgID     int64    `json:"org_id"`
	ISBN      string   `json:"isbn"` // ISBN-13, digits only
	Title     string   `json:"title"`
	Author    string   `json:"author"`
	Publisher string   `json:"publisher,omitempty"`
	Year      int      `json:"year,omitempty"`
	Tags      []string `json:"tags"`
	// Cover is the blob of the cover photo and CoverThumb its thumbnail,
	// "" when there is none.
	Cover      string     `json:"-"`
	CoverThumb string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	ArchivedAt *time.Time `json:"archived_at,omitempty"`

	// Read with the book, never written through it.
	OrgName   string `json:"-"`
	OrgPath   string `json:"-"`
	Copies    int    `json:"copies"`
	Available int    `json:"available"`
	Borrowed  int    `json:"times_borrowed"` // loans ever made, for "most borrowed"
}

// Normalize tidies a book as typed: the ISBN to ISBN-13 when it reads,
// spaces and full-width letters in the lines, tags split on commas,
// spaces or 、 and deduplicated.
func (b *Book) Normalize() {
	if isbn, code := ParseISBN(b.ISBN); code == "" {
		b.ISBN = isbn
	}
	// Titles and names keep their full-width punctuation: a Chinese
	// title writes （第四卷）, not (第四卷).
	b.Title = oneLine(b.Title)
	b.Author = oneLine(b.Author)
	b.Publisher = oneLine(b.Publisher)
	var tags []string
	for _, t := range b.Tags {
		for _, x := range strings.FieldsFunc(FoldWidth(t), func(r rune) bool {
			return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == ' '
		}) {
			if !slices.Contains(tags, x) {
				tags = append(tags, x)
			}
		}
	}
	b.Tags = tags
}

// Validate checks a book as a whole, normalising it first.
func (b *Book) Validate() error {
	v := &ValidationError{}
	if _, code := ParseISBN(b.ISBN); code != "" {
		v.Add("isbn", code)
	}
	b.Normalize()
	if b.OrgID == 0 {
		v.Add("org_id", "required")
	}
	checkLine(v, "title", b.Title, 200, true)
	checkLine(v, "author", b.Author, 100, true)
	checkLine(v, "publisher", b.Publisher, 100, false)
	if b.Year != 0 && (b.Year < 1900 || b.Year > 2100) {
		v.Add("year", "book.year_range")
	}
	if len(b.Tags) > MaxBookTags {
		v.Add("tags", "book.too_many_tags", "Max", MaxBookTags)
	}
	for _, t := range b.Tags {
		if utf8.RuneCountInString(t) > 20 {
			v.Add("tags", "too_long", "Max", 20)
			break
		}
	}
	return v.Err()
}

// Copy is one physical copy of a book, with the label stuck on it:
// the org's short name and a number (秘书处-0001), unique in the org.
type Copy struct {
	ID         int64      `json:"id"`
	BookID     int64      `json:"book_id"`
	OrgID      int64      `json:"-"`
	Label      string     `json:"label"`
	CreatedAt  time.Time  `json:"created_at"`
	ArchivedAt *time.Time `json:"archived_at,omitempty"`

	// Read with the copy.
	BookTitle string `json:"title"`
	OrgPath   string `json:"-"`
	OrgName   string `json:"-"`
	// Loan is the copy's open loan, nil while it is on the shelf.
	Loan *Loan `json:"loan,omitempty"`
}

// CopyLabel makes the label of an org's n-th copy from the org's short
// name (秘书处（督查处）党支部 → 秘书处).
func CopyLabel(orgName string, n int) string {
	short := orgName
	for _, cut := range []string{"（", "(", "党支部", "党总支", "党委"} {
		if i := strings.Index(short, cut); i > 0 {
			short = short[:i]
		}
	}
	return short + "-" + pad4(n)
}

func pad4(n int) string {
	s := ""
	for x := n; x > 0 || s == ""; x /= 10 {
		s = string(rune('0'+x%10)) + s
	}
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}

// Loan is one borrowing of a copy by a member: the day it was borrowed,
// the day it is due, whether it was renewed (once at most), and the day it
// came back (zero while out).
type Loan struct {
	ID         int64     `json:"id"`
	CopyID     int64     `json:"copy_id"`
	MemberID   int64     `json:"member_id"`
	BorrowedOn Date      `json:"borrowed_on"`
	DueOn      Date      `json:"due_on"`
	Renewed    bool      `json:"renewed"`
	ReturnedOn Date      `json:"returned_on,omitzero"`
	CreatedAt  time.Time `json:"-"`

	// Read with the loan.
	BookID     int64  `json:"book_id"`
	BookTitle  string `json:"title"`
	CopyLabel  string `json:"label"`
	MemberName string `json:"member,omitempty"`
	OrgID      int64  `json:"-"`
	OrgPath    string `json:"-"`
}

// Open reports whether the copy is still out.
func (l *Loan) Open() bool { return l.ReturnedOn.IsZero() }

// ReadingNote is what a member writes about a book they borrowed, with
// the minutes they spent reading. Handed in, it waits as a pending
// training entry (TrainingID) that an officer confirms as study time or
// rejects, as any training outside the branch.
type ReadingNote struct {
	ID         int64     `json:"id"`
	BookID     int64     `json:"book_id"`
	MemberID   int64     `json:"member_id"`
	Text       string    `json:"text"`
	Minutes    int       `json:"minutes"`
	TrainingID int64     `json:"training_id"`
	CreatedAt  time.Time `json:"created_at"`

	MemberName string         `json:"-"`
	Status     TrainingStatus `json:"status"`
}

// MaxReadingMinutes bounds one note's reading time: ten hours.
const MaxReadingMinutes = 600

// Validate checks a note as typed.
func (n *ReadingNote) Validate() error {
	n.Text = strings.TrimSpace(n.Text)
	v := &ValidationError{}
	if n.Text == "" {
		v.Add("text", "required")
	} else {
		checkBody(v, "text", n.Text, 1000)
	}
	switch {
	case n.Minutes <= 0:
		v.Add("minutes", "required")
	case n.Minutes > MaxReadingMinutes:
		v.Add("minutes", "book.minutes_too_many", "Max", MaxReadingMinutes)
	}
	return v.Err()
}

// Hours is the note's reading time in class hours as training counts
// them: rounded to the nearest half hour, at least half an hour.
func (n *ReadingNote) Hours() float64 {
	h := float64((n.Minutes+15)/30) / 2
	if h < 0.5 {
		h = 0.5
	}
	return h
}

// BookFilter selects books of a catalogue. The zero filter lists nothing:
// Scope must be set, and OrgID names the org whose shelf it is.
type BookFilter struct {
	Scope     Scope
	OrgID     int64
	Query     string // title, author, publisher or ISBN
	Tag       string
	Available bool // only books with a copy on the shelf
	// Sort: "title" (default), "author", "year", "borrowed", "added",
	// each reversed with a leading "-".
	Sort   string
	Limit  int
	Offset int
}

// BookRow is one data row of a catalogue sheet as it was read: the book
// (its org set on import), how many copies to put on the shelf, and its
// problems.
type BookRow struct {
	Line     int
	Book     Book
	Copies   int
	Problems []FieldError
}

func (r BookRow) SheetLine() int              { return r.Line }
func (r BookRow) SheetProblems() []FieldError { return r.Problems }

// BookBatch is a catalogue sheet staged for its uploader's look.
type BookBatch = StagedSheet[BookRow]
