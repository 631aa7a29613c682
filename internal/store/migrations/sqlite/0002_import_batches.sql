-- +goose Up
-- Roster files read and waiting for their uploader to confirm (导入预览).
-- Nothing here is a record yet; rows move to members on confirmation.
CREATE TABLE import_batches (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    file_name  TEXT NOT NULL DEFAULT '',
    rows_json  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX import_batches_user ON import_batches(user_id);
CREATE INDEX import_batches_created ON import_batches(created_at);

-- +goose Down
SELECT 'forward-only';
