-- +goose Up
-- Each node keeps the counts of its whole subtree, itself included, beside
-- its own (orgs.member_count …): an organiser's pages read a city's or the
-- province's totals as one row instead of summing thousands of nodes.
-- Kept in the same transaction as the member rows (store/tree_counts.go);
-- a node with no row counts nobody. roster_version moves whenever the
-- member list of any node in the subtree changes, so a rendered list of a
-- whole city is kept until something in the city changes.
CREATE TABLE org_tree_counts (
    org_id          BIGINT PRIMARY KEY REFERENCES orgs(id),
    member_count    INTEGER NOT NULL DEFAULT 0,
    full_count      INTEGER NOT NULL DEFAULT 0,
    party_count     INTEGER NOT NULL DEFAULT 0,
    applicant_count INTEGER NOT NULL DEFAULT 0,
    activist_count  INTEGER NOT NULL DEFAULT 0,
    candidate_count INTEGER NOT NULL DEFAULT 0,
    roster_version  BIGINT NOT NULL DEFAULT 0
);
-- Each node's subtree is one range of the path index: ['/1/7/', '/1/70').
INSERT INTO org_tree_counts (org_id, member_count, full_count, party_count, applicant_count, activist_count, candidate_count)
SELECT a.id, SUM(d.member_count), SUM(d.full_count), SUM(d.party_count), SUM(d.applicant_count),
    SUM(d.activist_count), SUM(d.candidate_count)
FROM orgs a JOIN orgs d ON d.path >= a.path AND d.path < substr(a.path, 1, length(a.path) - 1) || '0'
GROUP BY a.id
HAVING SUM(d.member_count) > 0;
-- Subtrees are no longer summed at read time.
DROP INDEX orgs_path_status_counts;
-- The member list's filter bar asks whether a part of the tree has more
-- branches than its select offers: a range of this index, in path order.
CREATE INDEX orgs_current_kind_path ON orgs (kind, path) WHERE archived_at IS NULL;

-- +goose Down
DROP INDEX orgs_current_kind_path;
CREATE INDEX orgs_path_status_counts ON orgs (path, member_count, full_count, party_count,
    applicant_count, activist_count, candidate_count);
DROP TABLE org_tree_counts;
