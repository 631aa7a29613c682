-- +goose Up
-- A one-time sign-in code is a password reset of its own kind: a branch
-- secretary opens a member's account and hands them a code (only its
-- hash is kept) that signs in once, within seven days, and then asks
-- for a password. 'two_person' is the administrators' reset.
ALTER TABLE password_resets ADD COLUMN kind TEXT NOT NULL DEFAULT 'two_person';

-- +goose Down
SELECT 'forward-only';
