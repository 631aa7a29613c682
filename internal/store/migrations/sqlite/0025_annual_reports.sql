-- +goose Up
-- The annual report (年度支部工作总结) as the branch edited it before
-- exporting: one row per org and year, its sections (heading and text) as
-- JSON, when its numbers were generated from the records, who last saved
-- it by hand and when, and a version that every save moves on by one.
CREATE TABLE annual_reports (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    year         INTEGER NOT NULL,
    sections     TEXT NOT NULL,
    generated_at TIMESTAMP NOT NULL,
    edited_by    INTEGER,
    edited_at    TIMESTAMP,
    version      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (org_id, year)
);

-- +goose Down
SELECT 'forward-only';
