-- +goose Up
-- The member list at province scale (docs/domain.md, "The member list").
-- An organiser over a city reads 50 of 100,000 members in name order
-- without sorting them: the list walks one of these indexes in the order
-- asked for and keeps the rows inside the reader's part of the tree
-- (org_id is in each index, so a row outside costs no table read).
CREATE INDEX members_current_name ON members (name_key, id, org_id) WHERE archived_at IS NULL;
CREATE INDEX members_current_birth ON members (birth_date, id, org_id) WHERE archived_at IS NULL;
CREATE INDEX members_current_status ON members (status, name_key, id, org_id) WHERE archived_at IS NULL;
CREATE INDEX members_current_joined ON members (probation_on, id, org_id) WHERE archived_at IS NULL;

-- member_keys: the pinyin a name is searched by, written with the member
-- (store/member_keys.go): the full pinyin (kind f: limingyuan) and the
-- initials (kind i: lmy) of each reading of the surname. A search for a
-- prefix is one range of the primary key, in name order within each key. Names in characters
-- are searched by the prefix of members.name_key (the pinyin collation
-- key), which needs no table of its own. The store fills the rows written
-- before this migration when an upgrade crosses it.
CREATE TABLE member_keys (
    current   INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    key       TEXT NOT NULL,
    name_key  TEXT NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members(id),
    org_id    INTEGER NOT NULL,
    PRIMARY KEY (current, kind, key, name_key, member_id)
) WITHOUT ROWID;
CREATE INDEX member_keys_member ON member_keys (member_id);

-- +goose Down
SELECT 'forward-only';
