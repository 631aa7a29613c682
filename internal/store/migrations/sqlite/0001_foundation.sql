-- +goose Up
CREATE TABLE orgs (
    id                   INTEGER PRIMARY KEY,
    parent_id            INTEGER REFERENCES orgs(id),
    kind                 TEXT NOT NULL CHECK (kind IN ('committee', 'general_branch', 'branch', 'group')),
    name                 TEXT NOT NULL,
    path                 TEXT NOT NULL UNIQUE,
    committee_elected_on TEXT,
    committee_term_ends  TEXT,
    member_count         INTEGER NOT NULL DEFAULT 0,
    full_count           INTEGER NOT NULL DEFAULT 0,
    archived_at          TIMESTAMP,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE INDEX orgs_parent ON orgs(parent_id);

CREATE TABLE members (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    group_id       INTEGER REFERENCES orgs(id),
    name           TEXT NOT NULL,
    gender         TEXT NOT NULL DEFAULT '',
    ethnicity      TEXT NOT NULL DEFAULT '',
    birth_date     TEXT,
    education      TEXT NOT NULL DEFAULT '',
    id_number      TEXT,
    phone          TEXT NOT NULL DEFAULT '',
    workplace      TEXT NOT NULL DEFAULT '',
    post           TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('applicant', 'activist', 'candidate', 'probationary', 'full')),
    applied_on     TEXT,
    activist_on    TEXT,
    candidate_on   TEXT,
    probation_on   TEXT,
    full_on        TEXT,
    committee_post TEXT NOT NULL DEFAULT '',
    archived_at    TIMESTAMP,
    archive_reason TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX members_org_name ON members(org_id, name);
CREATE INDEX members_group ON members(group_id);
CREATE UNIQUE INDEX members_id_number ON members(id_number) WHERE id_number IS NOT NULL;

CREATE TABLE transfers (
    id            INTEGER PRIMARY KEY,
    member_id     INTEGER NOT NULL REFERENCES members(id),
    from_org_id   INTEGER NOT NULL REFERENCES orgs(id),
    to_org_id     INTEGER NOT NULL REFERENCES orgs(id),
    transferred_on TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    created_by    INTEGER,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX transfers_member ON transfers(member_id);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    member_id            INTEGER REFERENCES members(id),
    locale               TEXT NOT NULL DEFAULT '',
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    first_failed_at      TIMESTAMP,
    locked_until         TIMESTAMP,
    disabled_at          TIMESTAMP,
    created_at           TIMESTAMP NOT NULL
);

CREATE TABLE roles (
    id      INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    org_id  INTEGER NOT NULL REFERENCES orgs(id),
    kind    TEXT NOT NULL,
    UNIQUE (user_id, org_id, kind)
);
CREATE INDEX roles_org ON roles(org_id);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    user_id     INTEGER,
    username    TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   INTEGER NOT NULL DEFAULT 0,
    org_path    TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id);

-- The audit trail only grows.
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose Down
SELECT 'forward-only';
