-- +goose Up
-- The life version of an org moves in the same transaction as every change
-- to what its meeting list and compliance calendar show (its meetings and
-- those of its groups, their attendance and monthly counts, the names and
-- kinds of the org and its groups), so that a page rendered under a
-- version is never older than the database. It lives in a table of its
-- own rather than on orgs: a writer takes its row as the last lock of its
-- transaction, and a row of orgs is locked at the start of others.
CREATE TABLE org_life_versions (
    org_id  BIGINT NOT NULL PRIMARY KEY REFERENCES orgs(id),
    version BIGINT NOT NULL
);

-- +goose Down
SELECT 'forward-only';
