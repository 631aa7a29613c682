-- +goose Up
-- Member development (发展党员): a person's file is the steps recorded
-- (rules.Steps: 25 in five stages), each with its day, who acted, the
-- facts its rule needs and its papers; dev_files keeps where each file
-- stands (last step, next step, by when), written with every step, so
-- that a subtree's list of people in development reads one row a person.
CREATE TABLE dev_steps (
    id             INTEGER PRIMARY KEY,
    member_id      INTEGER NOT NULL REFERENCES members(id),
    step           INTEGER NOT NULL CHECK (step BETWEEN 1 AND 25),
    taken_on       TEXT NOT NULL,
    acted_by       TEXT NOT NULL DEFAULT '',
    meeting_id     INTEGER REFERENCES meetings(id),
    vote_eligible  INTEGER,
    vote_present   INTEGER,
    vote_for       INTEGER,
    vote_against   INTEGER,
    vote_abstain   INTEGER,
    people         TEXT NOT NULL DEFAULT '',
    training_days  INTEGER NOT NULL DEFAULT 0,
    class_hours    INTEGER NOT NULL DEFAULT 0,
    outcome        TEXT NOT NULL DEFAULT '',
    extend_months  INTEGER NOT NULL DEFAULT 0,
    late           BOOLEAN NOT NULL DEFAULT FALSE,
    beyond         BOOLEAN NOT NULL DEFAULT FALSE,
    late_entry     BOOLEAN NOT NULL DEFAULT FALSE,
    note           TEXT NOT NULL DEFAULT '',
    recorded_by    INTEGER REFERENCES users(id),
    recorded_at    TIMESTAMP NOT NULL
);
CREATE INDEX dev_steps_member ON dev_steps(member_id, taken_on);

CREATE TABLE dev_files (
    member_id      INTEGER PRIMARY KEY REFERENCES members(id),
    last_step      INTEGER NOT NULL,
    stage          TEXT NOT NULL,
    next_step      INTEGER NOT NULL,
    next_earliest  TEXT,
    next_due       TEXT,
    assess_due     TEXT,
    closed         BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at     TIMESTAMP NOT NULL
);
-- The people of a branch on the way in, whose list the secretary opens.
CREATE INDEX members_in_development ON members (org_id, status) WHERE archived_at IS NULL AND status <> 'full';
CREATE INDEX dev_files_next_due ON dev_files(next_due) WHERE NOT closed;
CREATE INDEX dev_files_assess_due ON dev_files(assess_due) WHERE NOT closed;

-- A step's papers, kept as a task's files are (0021).
CREATE TABLE dev_attachments (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members(id),
    step_id      INTEGER NOT NULL REFERENCES dev_steps(id),
    kind         TEXT NOT NULL CHECK (kind IN ('photo', 'file')),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    blob         TEXT NOT NULL,
    thumb        TEXT NOT NULL DEFAULT '',
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    uploaded_by  INTEGER,
    created_at   TIMESTAMP NOT NULL,
    removed_at   TIMESTAMP
);
CREATE INDEX dev_attachments_member ON dev_attachments(member_id);

-- +goose Down
SELECT 'forward-only';
