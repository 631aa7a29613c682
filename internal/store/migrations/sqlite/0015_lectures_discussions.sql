-- +goose Up
-- Study that is applied (docs: PRODUCT.md, module 4): micro party lectures
-- (微党课) with a fair rota per branch, and collective discussions
-- (集体研讨: 书记领、大家议、相互促) with their speakers and agreed actions.
CREATE TABLE lectures (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    lecturer_id INTEGER NOT NULL REFERENCES members(id),
    topic       TEXT NOT NULL,
    held_on     TEXT NOT NULL,
    minutes     INTEGER NOT NULL DEFAULT 30 CHECK (minutes BETWEEN 5 AND 480),
    notes       TEXT NOT NULL DEFAULT '',
    meeting_id  INTEGER REFERENCES meetings(id),
    created_by  INTEGER,
    -- Optional slides, in the blob store under their SHA-256.
    slides_name TEXT NOT NULL DEFAULT '',
    slides_type TEXT NOT NULL DEFAULT '',
    slides_size INTEGER NOT NULL DEFAULT 0,
    slides_blob TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX lectures_org_held ON lectures(org_id, held_on);
CREATE INDEX lectures_lecturer ON lectures(lecturer_id, held_on);
CREATE INDEX lectures_meeting ON lectures(meeting_id) WHERE meeting_id IS NOT NULL;

-- One short word per attendee, edited by its author; no score.
CREATE TABLE lecture_feedback (
    lecture_id INTEGER NOT NULL REFERENCES lectures(id),
    member_id  INTEGER NOT NULL REFERENCES members(id),
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (lecture_id, member_id)
);
CREATE INDEX lecture_feedback_member ON lecture_feedback(member_id);

-- A member away from the rota for a period; ends_on NULL while it lasts.
CREATE TABLE lecture_aways (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    member_id  INTEGER NOT NULL REFERENCES members(id),
    starts_on  TEXT NOT NULL,
    ends_on    TEXT,
    reason     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX lecture_aways_org ON lecture_aways(org_id);

-- Two members of a rota exchanged their places, in this order.
CREATE TABLE lecture_swaps (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    member_a   INTEGER NOT NULL REFERENCES members(id),
    member_b   INTEGER NOT NULL REFERENCES members(id),
    created_by INTEGER,
    created_at TIMESTAMP NOT NULL,
    CHECK (member_a <> member_b)
);
CREATE INDEX lecture_swaps_org ON lecture_swaps(org_id, id);

CREATE TABLE discussions (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    topic      TEXT NOT NULL,
    held_on    TEXT NOT NULL,
    place      TEXT NOT NULL DEFAULT '',
    minutes    INTEGER NOT NULL DEFAULT 120 CHECK (minutes BETWEEN 5 AND 480),
    host_id    INTEGER REFERENCES members(id),
    lead_in    TEXT NOT NULL DEFAULT '',
    consensus  TEXT NOT NULL DEFAULT '',
    meeting_id INTEGER REFERENCES meetings(id),
    created_by INTEGER,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX discussions_org_held ON discussions(org_id, held_on);
CREATE INDEX discussions_host ON discussions(host_id) WHERE host_id IS NOT NULL;

CREATE TABLE discussion_speakers (
    id            INTEGER PRIMARY KEY,
    discussion_id INTEGER NOT NULL REFERENCES discussions(id),
    member_id     INTEGER NOT NULL REFERENCES members(id),
    text          TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX discussion_speakers_discussion ON discussion_speakers(discussion_id);
CREATE INDEX discussion_speakers_member ON discussion_speakers(member_id);

CREATE TABLE discussion_actions (
    id            INTEGER PRIMARY KEY,
    discussion_id INTEGER NOT NULL REFERENCES discussions(id),
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    text          TEXT NOT NULL,
    owner_id      INTEGER REFERENCES members(id),
    due           TEXT,
    closed_at     TIMESTAMP,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX discussion_actions_discussion ON discussion_actions(discussion_id);
CREATE INDEX discussion_actions_open ON discussion_actions(org_id) WHERE closed_at IS NULL;

-- +goose Down
SELECT 'forward-only';
