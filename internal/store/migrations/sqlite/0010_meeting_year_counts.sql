-- +goose Up
-- The monthly counts of meetings again, one row per org, year and type
-- with the twelve months side by side: the compliance calendar of a
-- committee reads a year of its subtree, and a row per month and type made
-- that some 40,000 rows for 1,000 branches. The store keeps both tables in
-- the same transaction as the meeting (retally, and the bulk loader).
CREATE TABLE meeting_year_counts (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    year   INTEGER NOT NULL,
    type   TEXT NOT NULL,
    m01   INTEGER NOT NULL DEFAULT 0,
    m02   INTEGER NOT NULL DEFAULT 0,
    m03   INTEGER NOT NULL DEFAULT 0,
    m04   INTEGER NOT NULL DEFAULT 0,
    m05   INTEGER NOT NULL DEFAULT 0,
    m06   INTEGER NOT NULL DEFAULT 0,
    m07   INTEGER NOT NULL DEFAULT 0,
    m08   INTEGER NOT NULL DEFAULT 0,
    m09   INTEGER NOT NULL DEFAULT 0,
    m10   INTEGER NOT NULL DEFAULT 0,
    m11   INTEGER NOT NULL DEFAULT 0,
    m12   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, year, type)
) WITHOUT ROWID;

INSERT INTO meeting_year_counts (org_id, year, type, m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12)
SELECT org_id, CAST(substr(month, 1, 4) AS INTEGER), type,
    SUM(CASE WHEN substr(month, 6, 2) = '01' THEN n ELSE 0 END),
    SUM(CASE WHEN substr(month, 6, 2) = '02' THEN n ELSE 0 END),
    SUM(CASE WHEN substr(month, 6, 2) = '03' THEN n ELSE 0 END),
    SUM(CASE WHEN substr(month, 6, 2) = '04' THEN n ELSE 0 END),
    SUM(CASE WHEN substr(month, 6, 2) = '05' THEN n ELSE 0 END),
    SUM(CASE WHEN substr(month, 6, 2) = '06' THEN n ELSE 0 END),
    SUM(CASE WHEN substr(month, 6, 2) = '07' THEN n ELSE 0 END),
    SUM(CASE WHEN substr(month, 6, 2) = '08' THEN n ELSE 0 END),
    SUM(CASE WHEN substr(month, 6, 2) = '09' THEN n ELSE 0 END),
    SUM(CASE WHEN substr(month, 6, 2) = '10' THEN n ELSE 0 END),
    SUM(CASE WHEN substr(month, 6, 2) = '11' THEN n ELSE 0 END),
    SUM(CASE WHEN substr(month, 6, 2) = '12' THEN n ELSE 0 END)
FROM meeting_counts
GROUP BY org_id, CAST(substr(month, 1, 4) AS INTEGER), type;

-- +goose Down
SELECT 'forward-only';
