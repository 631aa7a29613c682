-- +goose Up
-- Study completion kept as the records change (docs/domain.md, "Study
-- hours"), so that a committee's year is read from a few rows per node,
-- never counted from every member's meetings and reading:
--   - orgs.party_count: a branch's current full and probationary members
--     (党员), the members study hours are asked of, kept with member_count;
--   - study_years: a member's year in whole minutes as the rules count
--     them: class hours of meetings, lectures, discussions and confirmed
--     training, and reading capped per day;
--   - study_org_years: how many of a branch's party members have reached
--     the branch's target in a year.
-- The store fills study_years and study_org_years from the records when
-- an upgrade crosses this migration (RebuildStudyYears).
ALTER TABLE orgs ADD COLUMN party_count INTEGER NOT NULL DEFAULT 0;
UPDATE orgs SET party_count = (SELECT COUNT(*) FROM members m WHERE m.org_id = orgs.id
    AND m.archived_at IS NULL AND m.status IN ('full', 'probationary'));
CREATE INDEX orgs_path_party ON orgs (path, party_count);

CREATE TABLE study_years (
    member_id       INTEGER NOT NULL REFERENCES members(id),
    year            INTEGER NOT NULL,
    class_minutes   INTEGER NOT NULL DEFAULT 0 CHECK (class_minutes >= 0),
    reading_minutes INTEGER NOT NULL DEFAULT 0 CHECK (reading_minutes >= 0),
    PRIMARY KEY (member_id, year)
) WITHOUT ROWID;

CREATE TABLE study_org_years (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    year   INTEGER NOT NULL,
    met    INTEGER NOT NULL DEFAULT 0 CHECK (met >= 0),
    PRIMARY KEY (org_id, year)
) WITHOUT ROWID;

-- +goose Down
SELECT 'forward-only';
