package huoshui

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// ArticleStatus is where an article of the channel (一号) stands: its
// newest version is a draft, in review, or published. An article sent
// back by its reviewer is a draft again, with the reviewer's comment in
// its review trail.
type ArticleStatus string

const (
	ArticleDraft     ArticleStatus = "draft"     // 草稿
	ArticleInReview  ArticleStatus = "review"    // 待审核
	ArticlePublished ArticleStatus = "published" // 已发布
)

// ArticleStatuses lists the statuses in the order of an article's life.
var ArticleStatuses = []ArticleStatus{ArticleDraft, ArticleInReview, ArticlePublished}

// Valid reports whether s is one of the statuses.
func (s ArticleStatus) Valid() bool {
	for _, x := range ArticleStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Article is one article of an org's channel (一号), written in the
// platform. Its text lives in versions, every one kept: Version is the
// newest (what its editors see), Published the one the public page shows,
// which stays while a newer draft is being edited or reviewed. The body
// has the format of a study material's (see Material): paragraphs, "## "
// headings, "- " items, safe links, and lines ![说明](name.jpg) placing
// the article's own photos; Cover names one of those photos.
//
// The org's officers write; the reviewer named for the org (by default
// the member holding the publicity post, 宣传委员), or an officer of an
// org above, approves or sends back with a comment. Members of the
// branch read what is published and the articles they wrote.
type Article struct {
	ID        int64          `json:"id"`
	OrgID     int64          `json:"org_id"`
	MeetingID int64          `json:"meeting_id,omitempty"`
	Status    ArticleStatus  `json:"status"`
	Version   ArticleVersion `json:"version"`
	// Published is the version the public page shows; nil until the
	// first approval.
	Published   *ArticleVersion `json:"published,omitempty"`
	PublishedAt *time.Time      `json:"published_at,omitempty"`
	CreatedBy   int64           `json:"-"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`

	// Read with the article, never written through it.
	OrgName      string `json:"-"`
	OrgPath      string `json:"-"`
	OrgSlug      string `json:"-"`
	MeetingTitle string `json:"meeting_title,omitempty"`
}

// ArticleVersion is one saved text of an article.
type ArticleVersion struct {
	ID        int64     `json:"id"`
	N         int       `json:"n"`
	Title     string    `json:"title"`
	Authors   string    `json:"authors"`
	Summary   string    `json:"summary,omitempty"`
	Body      string    `json:"body"`
	Cover     string    `json:"cover,omitempty"`
	CreatedBy int64     `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// ArticleReview is one step of an article's review trail: submitted,
// approved, or sent back with the reviewer's comment.
type ArticleReview struct {
	ID        int64     `json:"id"`
	VersionID int64     `json:"version_id"`
	VersionN  int       `json:"version"`
	Action    string    `json:"action"` // submit, approve, reject
	Comment   string    `json:"comment,omitempty"`
	UserID    int64     `json:"-"`
	UserName  string    `json:"by"`
	CreatedAt time.Time `json:"at"`
}

// Review actions.
const (
	ArticleSubmit  = "submit"
	ArticleApprove = "approve"
	ArticleReject  = "reject"
)

// Limits of an article's fields.
const (
	ArticleTitleMax   = 100
	ArticleAuthorsMax = 100
	ArticleSummaryMax = 200
	ArticleBodyMax    = 50000
	ArticleCommentMax = 1000
)

// Normalize tidies what a person typed.
func (v *ArticleVersion) Normalize() {
	v.Title = strings.Join(strings.Fields(FoldWidth(v.Title)), " ")
	v.Authors = strings.Join(strings.Fields(FoldWidth(v.Authors)), " ")
	v.Summary = strings.Join(strings.Fields(FoldWidth(v.Summary)), " ")
	v.Cover = strings.TrimSpace(v.Cover)
	v.Body = strings.TrimSpace(strings.ReplaceAll(v.Body, "\r\n", "\n"))
}

// Validate checks a version as a whole, so a form shows every problem at
// once. It normalises the version first.
func (v *ArticleVersion) Validate() error {
	v.Normalize()
	ve := &ValidationError{}
	for _, f := range []struct {
		field, text string
		max         int
		required    bool
	}{
		{"title", v.Title, ArticleTitleMax, true},
		{"authors", v.Authors, ArticleAuthorsMax, true},
		{"summary", v.Summary, ArticleSummaryMax, false},
		{"body", v.Body, ArticleBodyMax, true},
		{"cover", v.Cover, 200, false},
	} {
		switch n := utf8.RuneCountInString(f.text); {
		case !utf8.ValidString(f.text):
			ve.Add(f.field, "text.invalid")
		case n == 0 && f.required:
			ve.Add(f.field, "required")
		case n > f.max:
			ve.Add(f.field, "too_long", "Max", f.max)
		default:
			if code := CheckText(f.text, f.field == "body"); code != "" {
				ve.Add(f.field, code)
			}
		}
	}
	return ve.Err()
}

// CheckArticleComment checks a reviewer's comment: sending back needs
// one, saying what to change.
func CheckArticleComment(action, comment string) error {
	ve := &ValidationError{}
	comment = strings.TrimSpace(comment)
	switch n := utf8.RuneCountInString(comment); {
	case !utf8.ValidString(comment):
		ve.Add("comment", "text.invalid")
	case n == 0 && action == ArticleReject:
		ve.Add("comment", "article.comment_required")
	case n > ArticleCommentMax:
		ve.Add("comment", "too_long", "Max", ArticleCommentMax)
	default:
		if code := CheckText(comment, true); code != "" {
			ve.Add("comment", code)
		}
	}
	return ve.Err()
}

// ArticleFilter selects an org's articles for a list. The zero filter
// lists nothing: Scope and OrgID must be set. Statuses (empty: any)
// narrows by the newest version's status; PublishedOr and CreatedBy,
// when set, narrow further to the articles that have a published
// version or (either) that user created.
type ArticleFilter struct {
	Scope       Scope
	OrgID       int64
	Statuses    []ArticleStatus
	PublishedOr bool
	CreatedBy   int64
	Limit       int
}

var slugRE = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$`)

// SlugMax is the longest public slug of an org.
const SlugMax = 40

// CheckSlug checks an org's public slug (its page /p/{slug}): lower-case
// latin letters, digits and hyphens, not starting or ending with a
// hyphen, at most 40; "" (no public page) is fine. It returns the
// message code, or "".
func CheckSlug(slug string) string {
	switch {
	case slug == "":
		return ""
	case len(slug) > SlugMax:
		return "org.slug_too_long"
	case !slugRE.MatchString(slug):
		return "org.slug_invalid"
	}
	return ""
}

// NormalizeSlug lower-cases and trims a typed slug.
func NormalizeSlug(s string) string { return strings.ToLower(strings.TrimSpace(FoldWidth(s))) }
