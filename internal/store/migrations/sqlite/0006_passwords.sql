-- +goose Up
-- The hashes of an account's recent passwords, so that none of the last
-- five is set again (the store keeps only the newest few).
CREATE TABLE password_history (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    password_hash TEXT NOT NULL,
    set_at        TIMESTAMP NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, id);

-- Two-person password resets of officers' accounts: the system
-- administrator asks (and receives the first half of a one-time sign-in
-- code), the security administrator approves (and receives the second
-- half). Only hashes of the halves are kept. One open request per account.
CREATE TABLE password_resets (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    requested_by  INTEGER NOT NULL REFERENCES users(id),
    requested_at  TIMESTAMP NOT NULL,
    code_a_hash   TEXT NOT NULL,
    approved_by   INTEGER REFERENCES users(id),
    approved_at   TIMESTAMP,
    code_b_hash   TEXT NOT NULL DEFAULT '',
    closed_at     TIMESTAMP,
    closed_why    TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX password_resets_open ON password_resets (user_id) WHERE closed_at IS NULL;

-- +goose Down
SELECT 'forward-only';
