-- +goose Up
-- The link ledger (党建+业务关联台账): a party activity — a meeting, a
-- micro lecture or a collective discussion — joined to a supervision task
-- or an output it led to, with a note of what changed. The ends are named
-- by kind and id (no foreign key can point at three tables); the store
-- checks both exist and are visible. A removal sets removed_at, so that
-- it can be undone; at most one live link joins the same pair.
CREATE TABLE work_links (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    activity_kind TEXT NOT NULL CHECK (activity_kind IN ('meeting', 'lecture', 'discussion')),
    activity_id   INTEGER NOT NULL,
    target_kind   TEXT NOT NULL CHECK (target_kind IN ('task', 'output')),
    target_id     INTEGER NOT NULL,
    note          TEXT NOT NULL,
    created_by    INTEGER,
    created_at    TIMESTAMP NOT NULL,
    removed_at    TIMESTAMP
);
CREATE INDEX work_links_activity ON work_links(activity_kind, activity_id);
CREATE INDEX work_links_target ON work_links(target_kind, target_id);
CREATE UNIQUE INDEX work_links_live ON work_links(activity_kind, activity_id, target_kind, target_id)
    WHERE removed_at IS NULL;

-- The summary the dashboard reads: per org and month (Asia/Shanghai,
-- "2026-11"), how many party activities were held — meetings not
-- cancelled with someone present, lectures and discussions as recorded —
-- and how many of those have at least one live link. The store moves it
-- in the transaction of every write that changes either.
CREATE TABLE activity_counts (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    month  TEXT NOT NULL,
    held   INTEGER NOT NULL DEFAULT 0,
    linked INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, month)
) WITHOUT ROWID;

INSERT INTO activity_counts (org_id, month, held, linked)
SELECT org_id, month, COUNT(*), 0 FROM (
    SELECT org_id, strftime('%Y-%m', starts_at, '+8 hours') AS month FROM meetings
        WHERE cancelled_at IS NULL AND present > 0
    UNION ALL SELECT org_id, substr(held_on, 1, 7) FROM lectures
    UNION ALL SELECT org_id, substr(held_on, 1, 7) FROM discussions
) a GROUP BY org_id, month;

-- +goose Down
SELECT 'forward-only';
