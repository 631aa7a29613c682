-- +goose Up
-- Organisational life (docs/domain.md, "Organisational life"): meetings of
-- every type, their invitees and attendance, resolutions, follow-ups,
-- reflections, photos and files, the year's programme of theme days, and
-- the monthly counts the compliance calendar reads.
CREATE TABLE meetings (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    type           TEXT NOT NULL CHECK (type IN ('general_meeting', 'committee_meeting', 'group_meeting',
                       'lecture', 'theme_day', 'review_meeting', 'member_appraisal', 'talk')),
    also_counts    TEXT NOT NULL DEFAULT '',
    title          TEXT NOT NULL,
    starts_at      TIMESTAMP NOT NULL,
    ends_at        TIMESTAMP NOT NULL,
    place          TEXT NOT NULL DEFAULT '',
    host_id        INTEGER REFERENCES members(id),
    recorder_id    INTEGER REFERENCES members(id),
    agenda         TEXT NOT NULL DEFAULT '',
    minutes        TEXT NOT NULL DEFAULT '',
    visits         TEXT NOT NULL DEFAULT '',
    gains          TEXT NOT NULL DEFAULT '',
    topics         TEXT NOT NULL DEFAULT '[]',
    notice_sent_at TIMESTAMP,
    cancelled_at   TIMESTAMP,
    late_entry     BOOLEAN NOT NULL DEFAULT FALSE,
    entered_at     TIMESTAMP NOT NULL,
    created_by     INTEGER,
    updated_at     TIMESTAMP NOT NULL,
    invited        INTEGER NOT NULL DEFAULT 0,
    present        INTEGER NOT NULL DEFAULT 0,
    on_leave       INTEGER NOT NULL DEFAULT 0,
    absent         INTEGER NOT NULL DEFAULT 0,
    voting         INTEGER NOT NULL DEFAULT 0,
    voting_present INTEGER NOT NULL DEFAULT 0,
    CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_org_start ON meetings(org_id, starts_at);

CREATE TABLE meeting_invitees (
    meeting_id    INTEGER NOT NULL REFERENCES meetings(id),
    member_id     INTEGER NOT NULL REFERENCES members(id),
    voting        BOOLEAN NOT NULL DEFAULT FALSE,
    attendance    TEXT NOT NULL DEFAULT '' CHECK (attendance IN ('', 'present', 'leave', 'absent')),
    leave_reason  TEXT NOT NULL DEFAULT '',
    checked_in_at TIMESTAMP,
    PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX meeting_invitees_member ON meeting_invitees(member_id, meeting_id);

-- How many held meetings (not cancelled, someone present) counted as each
-- type started in each month, Asia/Shanghai: the compliance calendar's
-- input, kept by the store in the same transaction as the meeting.
CREATE TABLE meeting_counts (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    type   TEXT NOT NULL,
    month  TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (org_id, month, type)
);

CREATE TABLE resolutions (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    text       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX resolutions_meeting ON resolutions(meeting_id);

CREATE TABLE follow_ups (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    text       TEXT NOT NULL,
    owner_id   INTEGER REFERENCES members(id),
    due        TEXT,
    closed_at  TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX follow_ups_meeting ON follow_ups(meeting_id);
CREATE INDEX follow_ups_open ON follow_ups(org_id) WHERE closed_at IS NULL;

CREATE TABLE reflections (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    member_id  INTEGER NOT NULL REFERENCES members(id),
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (meeting_id, member_id)
);
CREATE INDEX reflections_member ON reflections(member_id);

CREATE TABLE reflection_comments (
    id            INTEGER PRIMARY KEY,
    reflection_id INTEGER NOT NULL REFERENCES reflections(id),
    author_id     INTEGER NOT NULL REFERENCES users(id),
    body          TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX reflection_comments_reflection ON reflection_comments(reflection_id);

CREATE TABLE meeting_attachments (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meetings(id),
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
CREATE INDEX meeting_attachments_meeting ON meeting_attachments(meeting_id);

CREATE TABLE theme_plans (
    id     INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    year   INTEGER NOT NULL,
    month  INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    visit  TEXT NOT NULL,
    gain   TEXT NOT NULL,
    title  TEXT NOT NULL DEFAULT '',
    topics TEXT NOT NULL DEFAULT ''
);
CREATE INDEX theme_plans_org_year ON theme_plans(org_id, year);

-- A member's private calendar feed: the hash of the token in its link.
CREATE TABLE calendar_links (
    user_id    INTEGER PRIMARY KEY REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

-- Keys the server signs with (the check-in codes), shared by replicas.
CREATE TABLE server_keys (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Reminders already sent, so each goes out once per org, item and period.
CREATE TABLE reminders_sent (
    org_id  INTEGER NOT NULL REFERENCES orgs(id),
    type    TEXT NOT NULL,
    period  TEXT NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, type, period)
);

-- An org's group robot (WeCom or DingTalk) for reminders; optional.
ALTER TABLE orgs ADD COLUMN webhook_url TEXT NOT NULL DEFAULT '';

-- +goose Down
SELECT 'forward-only';
