-- +goose Up
-- A discussion held as part of a meeting counts for the members present
-- at that meeting (study hours read it from the member's side, through
-- meeting_id): the same partial index as lectures_meeting.
CREATE INDEX discussions_meeting ON discussions(meeting_id) WHERE meeting_id IS NOT NULL;

-- +goose Down
SELECT 'forward-only';
