-- +goose Up
-- A member's agenda (the meetings they are invited to in the coming two
-- weeks) is read from their invitations by start time, not by visiting
-- every meeting they were ever invited to: the start is kept beside each
-- invitation, written with it and moved with the meeting.
ALTER TABLE meeting_invitees ADD COLUMN starts_at TIMESTAMPTZ;
UPDATE meeting_invitees vi SET starts_at = mt.starts_at FROM meetings mt WHERE mt.id = vi.meeting_id;
CREATE INDEX meeting_invitees_agenda ON meeting_invitees(member_id, starts_at);
-- A member's open follow-ups, on their home page.
CREATE INDEX follow_ups_owner_open ON follow_ups(owner_id) WHERE closed_at IS NULL;

-- +goose Down
SELECT 'forward-only';
