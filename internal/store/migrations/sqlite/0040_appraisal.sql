-- +goose Up
-- The annual appraisal of members (民主评议党员, docs/domain.md
-- "Appraisal"): one round a year per branch with the dates of its
-- self-review, mutual review and vote, then each member's grade. At most
-- a third of the branch's members are rated 优秀; the store counts them
-- with the round's row locked, so two officers grading at once cannot
-- pass the cap together.
CREATE TABLE appraisal_rounds (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    year          INTEGER NOT NULL CHECK (year BETWEEN 1921 AND 2100),
    self_review_on TEXT,
    mutual_review_on TEXT,
    vote_on       TEXT,
    note          TEXT NOT NULL DEFAULT '',
    created_by    INTEGER,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (org_id, year)
);

CREATE TABLE appraisals (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES appraisal_rounds(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    member_id   INTEGER NOT NULL REFERENCES members(id),
    year        INTEGER NOT NULL,
    grade       TEXT NOT NULL CHECK (grade IN ('excellent', 'qualified', 'basically_qualified', 'unqualified')),
    note        TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER,
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (round_id, member_id)
);
CREATE INDEX appraisals_member ON appraisals(member_id, year);

-- +goose Down
DROP TABLE appraisals;
DROP TABLE appraisal_rounds;
