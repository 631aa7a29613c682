-- +goose Up
-- The output registry (成果登记): publications, awards, drafted documents
-- and work innovations, one typed record each with its owners (members)
-- and its evidence (attachments kept as a material's are, 0017). Columns
-- a kind does not use stay empty. A record is archived, never deleted.
CREATE TABLE outputs (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    kind         TEXT NOT NULL CHECK (kind IN ('publication', 'award', 'document', 'innovation')),
    title        TEXT NOT NULL,
    dated_on     TEXT NOT NULL,
    level        TEXT NOT NULL DEFAULT '',
    outlet       TEXT NOT NULL DEFAULT '',
    link         TEXT NOT NULL DEFAULT '',
    issuer       TEXT NOT NULL DEFAULT '',
    doc_kind     TEXT NOT NULL DEFAULT '',
    characters   INTEGER NOT NULL DEFAULT 0 CHECK (characters >= 0),
    char_source  TEXT NOT NULL DEFAULT '',
    problem      TEXT NOT NULL DEFAULT '',
    change       TEXT NOT NULL DEFAULT '',
    situation_before TEXT NOT NULL DEFAULT '',
    situation_after  TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT '',
    created_by   INTEGER,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    archived_at  TIMESTAMP
);
CREATE INDEX outputs_org ON outputs(org_id, dated_on);

-- The owners of an output, in the order they were named.
CREATE TABLE output_owners (
    output_id INTEGER NOT NULL REFERENCES outputs(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    position  INTEGER NOT NULL,
    PRIMARY KEY (output_id, member_id)
);
CREATE INDEX output_owners_member ON output_owners(member_id, output_id);

-- The evidence: scans, PDFs, .docx, photos. A removal sets removed_at, so
-- that it can be undone.
CREATE TABLE output_attachments (
    id           INTEGER PRIMARY KEY,
    output_id    INTEGER NOT NULL REFERENCES outputs(id),
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
CREATE INDEX output_attachments_output ON output_attachments(output_id);

-- The summary the dashboard reads: per org, month, kind and level (''
-- for kinds without one), how many current outputs and, for documents,
-- how many characters. The store moves it by the difference between a
-- record before and after, in the transaction of every write; a
-- committee's numbers are a sum over its subtree's rows.
CREATE TABLE output_counts (
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    year       INTEGER NOT NULL,
    month      INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    level      TEXT NOT NULL,
    n          INTEGER NOT NULL DEFAULT 0,
    characters INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, year, month, kind, level)
) WITHOUT ROWID;

-- +goose Down
SELECT 'forward-only';
