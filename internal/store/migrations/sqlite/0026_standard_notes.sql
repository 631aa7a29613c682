-- +goose Up
-- The branch's notes on its standardisation self-check (支部标准化自查,
-- docs/domain.md "The self-check"): one note (说明 or 整改措施) per org,
-- year and item of the checklist. The items themselves are judged from
-- the records every time and never stored.
CREATE TABLE standard_notes (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    year       INTEGER NOT NULL CHECK (year BETWEEN 1921 AND 2100),
    item       TEXT NOT NULL,
    note       TEXT NOT NULL,
    updated_by INTEGER,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, year, item)
);

-- +goose Down
SELECT 'forward-only';
