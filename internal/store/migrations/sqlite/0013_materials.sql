-- +goose Up
-- Study materials (学习资料): the text, its assignments to orgs with a due
-- date, each member's reading time, and the full-text index of title and
-- body. The index holds the text pre-tokenised by internal/search (Han
-- characters and overlapping pairs, lower-cased words), kept by the store
-- in the same transaction as the material.
CREATE TABLE materials (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    source       TEXT NOT NULL DEFAULT '',
    published_on TEXT,
    tags         TEXT NOT NULL DEFAULT '[]',
    created_by   INTEGER,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    archived_at  TIMESTAMP
);
CREATE INDEX materials_org ON materials(org_id, id);

-- rowid = materials.id
CREATE VIRTUAL TABLE material_search USING fts5(title, body, tokenize = 'unicode61');

CREATE TABLE material_assignments (
    id          INTEGER PRIMARY KEY,
    material_id INTEGER NOT NULL REFERENCES materials(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    due         TEXT,
    assigned_by INTEGER,
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (material_id, org_id)
);
CREATE INDEX material_assignments_org ON material_assignments(org_id, material_id);

-- Reading time: seconds counted from the page's heartbeats, capped per
-- member and material; done once half the estimated reading time is read.
CREATE TABLE material_reads (
    member_id     INTEGER NOT NULL REFERENCES members(id),
    material_id   INTEGER NOT NULL REFERENCES materials(id),
    seconds       INTEGER NOT NULL DEFAULT 0 CHECK (seconds >= 0),
    first_read_at TIMESTAMP NOT NULL,
    last_beat_at  TIMESTAMP NOT NULL,
    done          BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (member_id, material_id)
);
-- The same seconds by day (Asia/Shanghai), for study hours.
CREATE TABLE material_read_days (
    member_id   INTEGER NOT NULL REFERENCES members(id),
    day         TEXT NOT NULL,
    material_id INTEGER NOT NULL REFERENCES materials(id),
    seconds     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (member_id, day, material_id)
);

-- +goose Down
SELECT 'forward-only';
