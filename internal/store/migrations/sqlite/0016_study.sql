-- +goose Up
-- Study hours: the yearly target an org sets for its members (32 class
-- hours unless set; the nearest org above a member that sets one wins),
-- and training outside the branch that a member enters with its evidence
-- and an officer confirms before it counts. Hours are kept in halves
-- (1 class hour = 2) so that sums are exact.
CREATE TABLE study_targets (
    org_id     INTEGER NOT NULL PRIMARY KEY REFERENCES orgs(id),
    hours      INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 500),
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE trainings (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    title       TEXT NOT NULL,
    organiser   TEXT NOT NULL DEFAULT '',
    held_on     TEXT NOT NULL,
    halves      INTEGER NOT NULL CHECK (halves > 0),
    evidence    TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected')),
    reason      TEXT NOT NULL DEFAULT '',
    decided_by  INTEGER REFERENCES users(id),
    decided_at  TIMESTAMP,
    entered_by  INTEGER REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX trainings_member ON trainings(member_id, held_on);
CREATE INDEX trainings_pending ON trainings(org_id) WHERE status = 'pending';

-- +goose Down
SELECT 'forward-only';
