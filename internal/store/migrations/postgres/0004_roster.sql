-- +goose Up
-- name_key is the member's name as a pinyin collation key (hex of
-- golang.org/x/text/collate for zh), so lists sort 陈 黄 李 刘 the way a
-- Chinese reader expects instead of by code point. The store fills it on
-- every write, and after migrating for rows written before. "C" collation:
-- the key is compared byte by byte, as on SQLite.
ALTER TABLE members ADD COLUMN name_key TEXT COLLATE "C" NOT NULL DEFAULT '';
DROP INDEX members_org_name;
CREATE INDEX members_org_name_key ON members (org_id, name_key);

-- roster_version counts the changes to what a branch's member list shows
-- (its members, their groups' names, its own name), in the same transaction
-- as each change, so a rendered list can be kept until the count moves.
ALTER TABLE orgs ADD COLUMN roster_version BIGINT NOT NULL DEFAULT 0;

-- +goose Down
SELECT 'forward-only';
