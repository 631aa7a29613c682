package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
)

// The channel (一号): an org's articles, every version kept
// (article_versions), the review trail (article_reviews) and the
// article's photos (article_attachments). Every change is audited as an
// "article" at the article's org.

const articleColumns = `a.id, a.org_id, COALESCE(a.meeting_id, 0), a.status, a.published_at, COALESCE(a.created_by, 0),
	a.created_at, a.updated_at, o.name, o.path, COALESCE(o.slug, ''), COALESCE(m.title, ''),
	v.id, v.n, v.title, v.authors, v.summary, v.body, v.cover, COALESCE(v.created_by, 0), v.created_at,
	COALESCE(p.id, 0), COALESCE(p.n, 0), COALESCE(p.title, ''), COALESCE(p.authors, ''), COALESCE(p.summary, ''),
	COALESCE(p.body, ''), COALESCE(p.cover, ''), p.created_at`

const articleFrom = ` FROM articles a JOIN orgs o ON o.id = a.org_id
	JOIN article_versions v ON v.id = a.version_id
	LEFT JOIN article_versions p ON p.id = a.published_version_id
	LEFT JOIN meetings m ON m.id = a.meeting_id`

func scanArticle(row interface{ Scan(...any) error }) (*huoshui.Article, error) {
	var x huoshui.Article
	var p huoshui.ArticleVersion
	var pAt *time.Time
	err := row.Scan(&x.ID, &x.OrgID, &x.MeetingID, &x.Status, &x.PublishedAt, &x.CreatedBy, &x.CreatedAt, &x.UpdatedAt,
		&x.OrgName, &x.OrgPath, &x.OrgSlug, &x.MeetingTitle,
		&x.Version.ID, &x.Version.N, &x.Version.Title, &x.Version.Authors, &x.Version.Summary, &x.Version.Body,
		&x.Version.Cover, &x.Version.CreatedBy, &x.Version.CreatedAt,
		&p.ID, &p.N, &p.Title, &p.Authors, &p.Summary, &p.Body, &p.Cover, &pAt)
	if err != nil {
		return nil, err
	}
	x.CreatedAt, x.UpdatedAt, x.Version.CreatedAt = x.CreatedAt.UTC(), x.UpdatedAt.UTC(), x.Version.CreatedAt.UTC()
	if x.PublishedAt != nil {
		t := x.PublishedAt.UTC()
		x.PublishedAt = &t
	}
	if p.ID != 0 {
		if pAt != nil {
			p.CreatedAt = pAt.UTC()
		}
		x.Published = &p
	}
	return &x, nil
}

// FindArticleByID returns one article when scope covers its org; any
// other id answers huoshui.ErrNotFound. Whether the reader may see a
// draft is the caller's question (auth).
func (s *Store) FindArticleByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.Article, error) {
	w := &where{}
	w.add("a.id = ?", id)
	w.addScope(huoshui.Scope{All: scope.All, Paths: scope.Paths}, "o.path", "")
	x, err := scanArticle(s.r.QueryRowContext(ctx, "SELECT "+articleColumns+articleFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find article %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find article %d: %w", id, err)
	}
	return x, nil
}

// FindArticles lists an org's articles, newest first. The zero filter
// lists nothing.
func (s *Store) FindArticles(ctx context.Context, f huoshui.ArticleFilter) ([]*huoshui.Article, error) {
	if f.OrgID == 0 {
		return []*huoshui.Article{}, nil
	}
	w := &where{}
	w.add("a.org_id = ?", f.OrgID)
	w.addScope(huoshui.Scope{All: f.Scope.All, Paths: f.Scope.Paths}, "o.path", "")
	if len(f.Statuses) > 0 {
		var ph []string
		for _, st := range f.Statuses {
			ph = append(ph, w.arg(string(st)))
		}
		w.conds = append(w.conds, "a.status IN ("+strings.Join(ph, ", ")+")")
	}
	var ors []string
	if f.PublishedOr {
		ors = append(ors, "a.published_version_id IS NOT NULL")
	}
	if f.CreatedBy != 0 {
		ors = append(ors, "a.created_by = "+w.arg(f.CreatedBy))
	}
	if len(ors) > 0 {
		w.conds = append(w.conds, "("+strings.Join(ors, " OR ")+")")
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	return s.queryArticles(ctx, "SELECT "+articleColumns+articleFrom+w.String()+
		fmt.Sprintf(" ORDER BY a.id DESC LIMIT %d", limit), w.args...)
}

func (s *Store) queryArticles(ctx context.Context, q string, args ...any) ([]*huoshui.Article, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: find articles: %w", err)
	}
	defer rows.Close()
	out := []*huoshui.Article{}
	for rows.Next() {
		x, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("store: find articles: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// FindOrgBySlug returns the org whose public channel is /p/{slug}; an
// archived org, or a slug nobody has, is not found. It takes no scope:
// the slug is the public page's address, and what that page shows is
// only published versions.
func (s *Store) FindOrgBySlug(ctx context.Context, slug string) (*huoshui.Org, error) {
	o, err := scanOrg(s.r.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM orgs WHERE slug = $1 AND archived_at IS NULL", slug))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: org /p/%s: %w", slug, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: org /p/%s: %w", slug, err)
	}
	return o, nil
}

// FindPublishedArticles lists the articles of an org that have a
// published version, the latest published first. Callers show only
// Published, never Version.
func (s *Store) FindPublishedArticles(ctx context.Context, orgID int64, limit int) ([]*huoshui.Article, error) {
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	return s.queryArticles(ctx, "SELECT "+articleColumns+articleFrom+
		fmt.Sprintf(" WHERE a.org_id = $1 AND a.published_version_id IS NOT NULL ORDER BY a.published_at DESC, a.id DESC LIMIT %d", limit), orgID)
}

// FindPublishedArticle returns an org's article that has a published
// version; any other is not found.
func (s *Store) FindPublishedArticle(ctx context.Context, orgID, id int64) (*huoshui.Article, error) {
	x, err := scanArticle(s.r.QueryRowContext(ctx, "SELECT "+articleColumns+articleFrom+
		" WHERE a.id = $1 AND a.org_id = $2 AND a.published_version_id IS NOT NULL", id, orgID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: published article %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: published article %d: %w", id, err)
	}
	return x, nil
}

// FindMeetingArticles lists the articles that report on a meeting (the
// caller has read the meeting with the reader's scope), newest first.
func (s *Store) FindMeetingArticles(ctx context.Context, meetingID int64) ([]*huoshui.Article, error) {
	return s.queryArticles(ctx, "SELECT "+articleColumns+articleFrom+" WHERE a.meeting_id = $1 ORDER BY a.id DESC", meetingID)
}

// FindArticleVersions lists every saved version of an article, newest
// first.
func (s *Store) FindArticleVersions(ctx context.Context, articleID int64) ([]huoshui.ArticleVersion, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, n, title, authors, summary, body, cover, COALESCE(created_by, 0), created_at
		FROM article_versions WHERE article_id = $1 ORDER BY n DESC`, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: article %d versions: %w", articleID, err)
	}
	defer rows.Close()
	out := []huoshui.ArticleVersion{}
	for rows.Next() {
		var v huoshui.ArticleVersion
		if err := rows.Scan(&v.ID, &v.N, &v.Title, &v.Authors, &v.Summary, &v.Body, &v.Cover, &v.CreatedBy, &v.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: article %d versions: %w", articleID, err)
		}
		v.CreatedAt = v.CreatedAt.UTC()
		out = append(out, v)
	}
	return out, rows.Err()
}

// FindArticleReviews lists an article's review trail, oldest first.
func (s *Store) FindArticleReviews(ctx context.Context, articleID int64) ([]huoshui.ArticleReview, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT r.id, r.version_id, v.n, r.action, r.comment, COALESCE(r.user_id, 0),
		COALESCE(u.display_name, ''), r.created_at
		FROM article_reviews r JOIN article_versions v ON v.id = r.version_id LEFT JOIN users u ON u.id = r.user_id
		WHERE r.article_id = $1 ORDER BY r.id`, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: article %d reviews: %w", articleID, err)
	}
	defer rows.Close()
	out := []huoshui.ArticleReview{}
	for rows.Next() {
		var r huoshui.ArticleReview
		if err := rows.Scan(&r.ID, &r.VersionID, &r.VersionN, &r.Action, &r.Comment, &r.UserID, &r.UserName, &r.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: article %d reviews: %w", articleID, err)
		}
		r.CreatedAt = r.CreatedAt.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// lockArticle reads an article inside a write transaction and holds it
// until the transaction ends, so that changes to one article take turns.
func (s *Store) lockArticle(ctx context.Context, tx *sql.Tx, id int64) (*huoshui.Article, error) {
	x, err := scanArticle(tx.QueryRowContext(ctx, "SELECT "+articleColumns+articleFrom+" WHERE a.id = $1"+s.d.forUpdate("a"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: article %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: lock article %d: %w", id, err)
	}
	return x, nil
}

// checkArticleMeeting makes sure a linked meeting belongs to the
// article's org or one of its groups.
func (s *Store) checkArticleMeeting(ctx context.Context, tx *sql.Tx, orgID, meetingID int64) error {
	if meetingID == 0 {
		return nil
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM meetings m JOIN orgs o ON o.id = m.org_id
		WHERE m.id = $1 AND (m.org_id = $2 OR o.parent_id = $2)`, meetingID, orgID).Scan(&n)
	if err != nil {
		return fmt.Errorf("store: article meeting %d: %w", meetingID, err)
	}
	if n == 0 {
		v := &huoshui.ValidationError{}
		v.Add("meeting_id", "article.meeting_unknown")
		return v
	}
	return nil
}

// insertArticleVersion saves the next version of an article.
func (s *Store) insertArticleVersion(ctx context.Context, tx *sql.Tx, a huoshui.Actor, articleID int64, v *huoshui.ArticleVersion) error {
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(n), 0) + 1 FROM article_versions WHERE article_id = $1",
		articleID).Scan(&v.N); err != nil {
		return fmt.Errorf("store: article %d next version: %w", articleID, err)
	}
	v.CreatedBy, v.CreatedAt = a.UserID, s.now()
	err := tx.QueryRowContext(ctx, `INSERT INTO article_versions (article_id, n, title, authors, summary, body, cover,
		created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		articleID, v.N, v.Title, v.Authors, v.Summary, v.Body, v.Cover, nullInt(a.UserID), v.CreatedAt).Scan(&v.ID)
	if err != nil {
		return fmt.Errorf("store: article %d version: %w", articleID, err)
	}
	return nil
}

// CreateArticle saves a new article of x.OrgID as a draft with its first
// version (x.Version), and its link to a meeting of the org when given.
func (s *Store) CreateArticle(ctx context.Context, a huoshui.Actor, x *huoshui.Article) error {
	if err := x.Version.Validate(); err != nil {
		return err
	}
	if x.OrgID == 0 {
		v := &huoshui.ValidationError{}
		v.Add("org_id", "required")
		return v
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkArticleMeeting(ctx, tx, x.OrgID, x.MeetingID); err != nil {
			return err
		}
		now := s.now()
		x.Status, x.CreatedBy, x.CreatedAt, x.UpdatedAt = huoshui.ArticleDraft, a.UserID, now, now
		err := tx.QueryRowContext(ctx, `INSERT INTO articles (org_id, meeting_id, status, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			x.OrgID, nullInt(x.MeetingID), x.Status, nullInt(a.UserID), now, now).Scan(&x.ID)
		if err != nil {
			return fmt.Errorf("store: create article: %w", err)
		}
		if err := s.insertArticleVersion(ctx, tx, a, x.ID, &x.Version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE articles SET version_id = $1 WHERE id = $2", x.Version.ID, x.ID); err != nil {
			return fmt.Errorf("store: create article: %w", err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditCreate, "article", x.ID, x.OrgID, nil, articleAudit(x))
	})
}

// articleAudit is what the audit trail keeps of an article.
func articleAudit(x *huoshui.Article) map[string]any {
	out := map[string]any{"status": x.Status, "meeting_id": x.MeetingID, "version": x.Version.N,
		"title": x.Version.Title, "authors": x.Version.Authors, "summary": x.Version.Summary,
		"body": x.Version.Body, "cover": x.Version.Cover}
	if x.Published != nil {
		out["published_version"] = x.Published.N
	}
	return out
}

// UpdateArticle saves v as the article's next version and its link to a
// meeting; the earlier versions stay. An article in review cannot be
// changed (its reviewer is reading it); a published one becomes a draft
// again while its published version stays on the public page until the
// new one is approved.
func (s *Store) UpdateArticle(ctx context.Context, a huoshui.Actor, id int64, v huoshui.ArticleVersion, meetingID int64) (*huoshui.Article, error) {
	if err := v.Validate(); err != nil {
		return nil, err
	}
	var out *huoshui.Article
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockArticle(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Status == huoshui.ArticleInReview {
			ve := &huoshui.ValidationError{}
			ve.Add("status", "article.locked_in_review")
			return ve
		}
		if err := s.checkArticleMeeting(ctx, tx, before.OrgID, meetingID); err != nil {
			return err
		}
		x := *before
		x.Version, x.MeetingID, x.Status, x.UpdatedAt = v, meetingID, huoshui.ArticleDraft, s.now()
		if err := s.insertArticleVersion(ctx, tx, a, id, &x.Version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET version_id = $1, meeting_id = $2, status = $3, updated_at = $4
			WHERE id = $5`, x.Version.ID, nullInt(meetingID), x.Status, x.UpdatedAt, id); err != nil {
			return fmt.Errorf("store: update article %d: %w", id, err)
		}
		out = &x
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "article", id, x.OrgID, articleAudit(before), articleAudit(&x))
	})
	return out, err
}

// ReviewArticle moves an article along its review: submit (draft → in
// review), approve (in review → published: its newest version becomes
// the one the public page shows) or reject (in review → draft, with the
// comment saying what to change). A step from the wrong status answers a
// validation error on "status"; who may take it is the caller's question.
func (s *Store) ReviewArticle(ctx context.Context, a huoshui.Actor, id int64, action, comment string) (*huoshui.Article, error) {
	comment = strings.TrimSpace(comment)
	if err := huoshui.CheckArticleComment(action, comment); err != nil {
		return nil, err
	}
	from, to := map[string]huoshui.ArticleStatus{
		huoshui.ArticleSubmit: huoshui.ArticleDraft, huoshui.ArticleApprove: huoshui.ArticleInReview,
		huoshui.ArticleReject: huoshui.ArticleInReview,
	}, map[string]huoshui.ArticleStatus{
		huoshui.ArticleSubmit: huoshui.ArticleInReview, huoshui.ArticleApprove: huoshui.ArticlePublished,
		huoshui.ArticleReject: huoshui.ArticleDraft,
	}
	if _, ok := from[action]; !ok {
		return nil, fmt.Errorf("store: review article %d: unknown action %q", id, action)
	}
	var out *huoshui.Article
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockArticle(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Status != from[action] {
			ve := &huoshui.ValidationError{}
			ve.Add("status", "article.cannot_"+action)
			return ve
		}
		now := s.now()
		x := *before
		x.Status, x.UpdatedAt = to[action], now
		if action == huoshui.ArticleApprove {
			pv := x.Version
			x.Published, x.PublishedAt = &pv, &now
			_, err = tx.ExecContext(ctx, `UPDATE articles SET status = $1, published_version_id = version_id, published_at = $2,
				updated_at = $2 WHERE id = $3`, x.Status, now, id)
		} else {
			_, err = tx.ExecContext(ctx, "UPDATE articles SET status = $1, updated_at = $2 WHERE id = $3", x.Status, now, id)
		}
		if err != nil {
			return fmt.Errorf("store: review article %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_reviews (article_id, version_id, action, comment, user_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, x.Version.ID, action, comment, nullInt(a.UserID), now); err != nil {
			return fmt.Errorf("store: review article %d: %w", id, err)
		}
		out = &x
		after := articleAudit(&x)
		after["review"], after["comment"] = action, comment
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "article", id, x.OrgID, articleAudit(before), after)
	})
	return out, err
}

// ArticleReviewer is who reviews an org's articles: the member named for
// it (Named), or else the member of the branch holding the publicity
// post (宣传委员); MemberID 0 when there is neither.
type ArticleReviewer struct {
	MemberID int64
	Name     string
	Named    bool
}

// FindArticleReviewer reads who reviews the articles of an org.
func (s *Store) FindArticleReviewer(ctx context.Context, orgID int64) (ArticleReviewer, error) {
	var r ArticleReviewer
	err := s.r.QueryRowContext(ctx, `SELECT m.id, m.name FROM article_reviewers ar JOIN members m ON m.id = ar.member_id
		WHERE ar.org_id = $1`, orgID).Scan(&r.MemberID, &r.Name)
	if err == nil {
		r.Named = true
		return r, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("store: article reviewer of %d: %w", orgID, err)
	}
	err = s.r.QueryRowContext(ctx, `SELECT id, name FROM members WHERE org_id = $1 AND committee_post = $2
		AND archived_at IS NULL ORDER BY id LIMIT 1`, orgID, huoshui.PostPublicity).Scan(&r.MemberID, &r.Name)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("store: article reviewer of %d: %w", orgID, err)
	}
	return r, nil
}

// SetArticleReviewer names a member of the org to review its articles;
// memberID 0 goes back to the publicity member.
func (s *Store) SetArticleReviewer(ctx context.Context, a huoshui.Actor, orgID, memberID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var before any
		var was int64
		if err := tx.QueryRowContext(ctx, "SELECT member_id FROM article_reviewers WHERE org_id = $1", orgID).Scan(&was); err == nil {
			before = map[string]any{"reviewer_member_id": was}
		} else if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: article reviewer of %d: %w", orgID, err)
		}
		if memberID == 0 {
			if _, err := tx.ExecContext(ctx, "DELETE FROM article_reviewers WHERE org_id = $1", orgID); err != nil {
				return fmt.Errorf("store: article reviewer of %d: %w", orgID, err)
			}
			return s.audit(ctx, tx, a, huoshui.AuditUpdate, "article_reviewer", orgID, orgID, before, map[string]any{"reviewer_member_id": 0})
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM members WHERE id = $1 AND org_id = $2 AND archived_at IS NULL",
			memberID, orgID).Scan(&n); err != nil {
			return fmt.Errorf("store: article reviewer of %d: %w", orgID, err)
		}
		if n == 0 {
			v := &huoshui.ValidationError{}
			v.Add("reviewer", "article.reviewer_unknown")
			return v
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_reviewers (org_id, member_id, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (org_id) DO UPDATE SET member_id = excluded.member_id, updated_at = excluded.updated_at`,
			orgID, memberID, s.now()); err != nil {
			return fmt.Errorf("store: article reviewer of %d: %w", orgID, err)
		}
		return s.audit(ctx, tx, a, huoshui.AuditUpdate, "article_reviewer", orgID, orgID, before, map[string]any{"reviewer_member_id": memberID})
	})
}

// checkSlugFree answers a validation error when another org has slug.
func (s *Store) checkSlugFree(ctx context.Context, tx *sql.Tx, slug string, orgID int64) error {
	if slug == "" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM orgs WHERE slug = $1 AND id <> $2", slug, orgID).Scan(&n); err != nil {
		return fmt.Errorf("store: slug %q: %w", slug, err)
	}
	if n > 0 {
		v := &huoshui.ValidationError{}
		v.Add("slug", "org.slug_taken")
		return v
	}
	return nil
}

// FindArticleAttachments lists an article's photos and files, oldest
// first.
func (s *Store) FindArticleAttachments(ctx context.Context, articleID int64) ([]huoshui.Attachment, error) {
	return articleAttachments.list(ctx, s.r, articleID)
}

// FindArticleAttachment returns one photo or file of an article (the
// caller has read the article); a removed one, or one of another
// article, is not found.
func (s *Store) FindArticleAttachment(ctx context.Context, articleID, id int64) (*huoshui.Attachment, error) {
	return articleAttachments.find(ctx, s.r, articleID, id, false)
}

// AddArticleAttachments records photos of one article already in the
// blob store, in one transaction: all of them or none.
func (s *Store) AddArticleAttachments(ctx context.Context, a huoshui.Actor, xs []*huoshui.Attachment) error {
	if len(xs) == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		art, err := s.lockArticle(ctx, tx, xs[0].ArticleID)
		if err != nil {
			return err
		}
		now := s.now()
		for _, x := range xs {
			if x.ArticleID != art.ID {
				return fmt.Errorf("store: add article attachments: article %d, then %d in one batch", art.ID, x.ArticleID)
			}
			if err := articleAttachments.insert(ctx, s, tx, a, art.OrgID, now, x); err != nil {
				return err
			}
		}
		return nil
	})
}

// RemoveArticleAttachment takes a photo off an article (restore: false)
// or puts it back. The bytes stay in the blob store; a removed photo is
// no longer listed, found or served, on the article's page or its
// public page, even where a published version places it or names it
// its cover. Removing what is already removed, or restoring what is
// there, changes nothing and writes no audit record.
func (s *Store) RemoveArticleAttachment(ctx context.Context, a huoshui.Actor, articleID, id int64, restore bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		art, err := s.lockArticle(ctx, tx, articleID)
		if err != nil {
			return err
		}
		return articleAttachments.setRemoved(ctx, s, tx, a, art.ID, art.OrgID, id, restore)
	})
}

// FindPublishedCovers answers, for the articles of an org that have a
// published version naming a cover, the cover photo's id by article:
// the photo of that name not removed. One query for the whole public
// page.
func (s *Store) FindPublishedCovers(ctx context.Context, orgID int64) (map[int64]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, MIN(x.id) FROM articles a
		JOIN article_versions p ON p.id = a.published_version_id
		JOIN article_attachments x ON x.article_id = a.id AND x.name = p.cover AND x.kind = 'photo' AND x.removed_at IS NULL
		WHERE a.org_id = $1 AND p.cover <> '' GROUP BY a.id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: covers of org %d: %w", orgID, err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var a, x int64
		if err := rows.Scan(&a, &x); err != nil {
			return nil, fmt.Errorf("store: covers of org %d: %w", orgID, err)
		}
		out[a] = x
	}
	return out, rows.Err()
}
