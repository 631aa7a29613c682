-- +goose Up
-- The group chat (一群, docs/domain.md "The group chat"): a room is its
-- org's (a branch or a 党小组), so rooms are keyed by org_id and a row is
-- written only when a room first gets a message or an announcement.
CREATE TABLE rooms (
    org_id      INTEGER PRIMARY KEY REFERENCES orgs(id),
    pinned      TEXT NOT NULL DEFAULT '',
    pinned_at   TIMESTAMP,
    pinned_by   INTEGER,
    created_at  TIMESTAMP NOT NULL
);

-- Messages: the id grows across all rooms, so a stream that reconnects
-- asks for what came after the last id it saw. A removed message keeps
-- its text (the audit administrator reads it in the audit trail).
CREATE TABLE room_messages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES rooms(org_id),
    author_id   INTEGER NOT NULL,
    text        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    removed_at  TIMESTAMP,
    removed_by  INTEGER
);
CREATE INDEX room_messages_room ON room_messages(org_id, id);

CREATE TABLE room_mentions (
    message_id  INTEGER NOT NULL REFERENCES room_messages(id),
    member_id   INTEGER NOT NULL REFERENCES members(id),
    PRIMARY KEY (message_id, member_id)
);

-- Who has read the pinned announcement: cleared when another is pinned.
CREATE TABLE room_reads (
    org_id      INTEGER NOT NULL REFERENCES rooms(org_id),
    member_id   INTEGER NOT NULL REFERENCES members(id),
    read_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, member_id)
);

-- +goose Down
SELECT 'forward-only';
