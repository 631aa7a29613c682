-- +goose Up
-- The kept summaries of the 党内统计 return (docs/domain.md, "Statistics"):
-- for every node above the branches (committees and general branches),
-- how many of the current people in its subtree have each value of each
-- dimension (gender, education, ethnicity, birth year, year of 入党), by
-- status. A branch's figures are counted from its own few members. Every
-- member write moves these in its own transaction (store/statistics.go).
CREATE TABLE org_stats (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    dim    TEXT NOT NULL,
    status TEXT NOT NULL,
    value  TEXT NOT NULL,
    n      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, dim, status, value)
) WITHOUT ROWID;
-- Filled from the members there are: each branch's people counted once,
-- then added to every node above it.
WITH RECURSIVE up(branch_id, org_id) AS (
    SELECT id, parent_id FROM orgs WHERE kind = 'branch' AND parent_id IS NOT NULL
    UNION ALL
    SELECT up.branch_id, o.parent_id FROM up JOIN orgs o ON o.id = up.org_id WHERE o.parent_id IS NOT NULL
), cells AS (
    SELECT org_id, status, gender, education, ethnicity,
        COALESCE(substr(birth_date, 1, 4), '') AS born, COALESCE(substr(probation_on, 1, 4), '') AS joined,
        COUNT(*) AS n
    FROM members WHERE archived_at IS NULL
    GROUP BY org_id, status, gender, education, ethnicity, COALESCE(substr(birth_date, 1, 4), ''),
        COALESCE(substr(probation_on, 1, 4), '')
), dims AS (
    SELECT org_id, 'gender' AS dim, status, gender AS value, n FROM cells
    UNION ALL SELECT org_id, 'education', status, education, n FROM cells
    UNION ALL SELECT org_id, 'ethnicity', status, ethnicity, n FROM cells
    UNION ALL SELECT org_id, 'born', status, born, n FROM cells
    UNION ALL SELECT org_id, 'joined', status, joined, n FROM cells
)
INSERT INTO org_stats (org_id, dim, status, value, n)
SELECT up.org_id, d.dim, d.status, d.value, SUM(d.n) FROM dims d JOIN up ON up.branch_id = d.org_id
GROUP BY up.org_id, d.dim, d.status, d.value;
-- The year's flows are read from the dated records: admissions, 转正 and
-- transfers in a year are one index range each.
CREATE INDEX members_probation_on ON members (probation_on, org_id);
CREATE INDEX members_full_on ON members (full_on, org_id);
CREATE INDEX transfers_on ON transfers (transferred_on);

-- +goose Down
DROP INDEX transfers_on;
DROP INDEX members_full_on;
DROP INDEX members_probation_on;
DROP TABLE org_stats;
