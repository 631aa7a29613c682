-- +goose Up
-- Each branch keeps how many of its current people stand at each stage
-- before admission, beside member_count, full_count and party_count: a
-- count of 党员 (full and probationary) never includes applicants,
-- activists and candidates, and pages show those as their own line
-- ("入党申请人 2 · 积极分子 1 · 发展对象 1") read from the kept counts.
ALTER TABLE orgs ADD COLUMN applicant_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orgs ADD COLUMN activist_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orgs ADD COLUMN candidate_count INTEGER NOT NULL DEFAULT 0;
UPDATE orgs SET
    applicant_count = (SELECT COUNT(*) FROM members m WHERE m.org_id = orgs.id AND m.archived_at IS NULL AND m.status = 'applicant'),
    activist_count = (SELECT COUNT(*) FROM members m WHERE m.org_id = orgs.id AND m.archived_at IS NULL AND m.status = 'activist'),
    candidate_count = (SELECT COUNT(*) FROM members m WHERE m.org_id = orgs.id AND m.archived_at IS NULL AND m.status = 'candidate');
-- A subtree's counts are summed inside one covering index.
CREATE INDEX orgs_path_status_counts ON orgs (path, member_count, full_count, party_count,
    applicant_count, activist_count, candidate_count);
DROP INDEX orgs_path_counts;

-- +goose Down
CREATE INDEX orgs_path_counts ON orgs (path, member_count, full_count);
DROP INDEX orgs_path_status_counts;
ALTER TABLE orgs DROP COLUMN candidate_count;
ALTER TABLE orgs DROP COLUMN activist_count;
ALTER TABLE orgs DROP COLUMN applicant_count;
