-- +goose Up
-- The channel (一号, docs/domain.md "The channel"): an org's articles,
-- every version of each kept, the review trail, and the article's own
-- photos. An org that publishes has a public slug: its page is
-- /p/{slug}. The reviewer of an org's articles is the member named in
-- article_reviewers, or else whoever holds the publicity post.
ALTER TABLE orgs ADD COLUMN slug TEXT;
CREATE UNIQUE INDEX orgs_slug ON orgs(slug) WHERE slug IS NOT NULL;

CREATE TABLE article_reviewers (
    org_id     INTEGER PRIMARY KEY REFERENCES orgs(id),
    member_id  INTEGER NOT NULL REFERENCES members(id),
    updated_at TIMESTAMP NOT NULL
);

-- status is the newest version's: draft, review (in review) or
-- published. published_version_id is the version the public page shows,
-- which stays while a newer draft is edited.
CREATE TABLE articles (
    id                   INTEGER PRIMARY KEY,
    org_id               INTEGER NOT NULL REFERENCES orgs(id),
    meeting_id           INTEGER REFERENCES meetings(id),
    status               TEXT NOT NULL CHECK (status IN ('draft', 'review', 'published')),
    version_id           INTEGER,
    published_version_id INTEGER,
    published_at         TIMESTAMP,
    created_by           INTEGER,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE INDEX articles_org ON articles(org_id, status, id);
CREATE INDEX articles_public ON articles(org_id, published_at) WHERE published_version_id IS NOT NULL;
CREATE INDEX articles_meeting ON articles(meeting_id) WHERE meeting_id IS NOT NULL;

CREATE TABLE article_versions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    n          INTEGER NOT NULL,
    title      TEXT NOT NULL,
    authors    TEXT NOT NULL,
    summary    TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL,
    cover      TEXT NOT NULL DEFAULT '',
    created_by INTEGER,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (article_id, n)
);

-- What happened to an article: submitted, approved, sent back (with the
-- reviewer's comment).
CREATE TABLE article_reviews (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    version_id INTEGER NOT NULL REFERENCES article_versions(id),
    action     TEXT NOT NULL CHECK (action IN ('submit', 'approve', 'reject')),
    comment    TEXT NOT NULL DEFAULT '',
    user_id    INTEGER,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX article_reviews_article ON article_reviews(article_id, id);

-- An article's photos, kept as a material's are (0017).
CREATE TABLE article_attachments (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id),
    kind         TEXT NOT NULL CHECK (kind IN ('photo', 'file')),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    blob         TEXT NOT NULL,
    thumb        TEXT NOT NULL DEFAULT '',
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    uploaded_by  INTEGER,
    created_at   TIMESTAMP NOT NULL,
    removed_at   TIMESTAMP
);
CREATE INDEX article_attachments_article ON article_attachments(article_id);

-- +goose Down
SELECT 'forward-only';
