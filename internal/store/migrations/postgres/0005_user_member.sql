-- +goose Up
-- One account per person: a member record is linked to at most one account.
CREATE UNIQUE INDEX users_member ON users (member_id) WHERE member_id IS NOT NULL;

-- +goose Down
SELECT 'forward-only';
