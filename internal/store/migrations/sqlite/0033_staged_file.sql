-- +goose Up
-- A staged sheet keeps the file it was read from, so the preview can hand
-- the problems back beside the original cells (问题 column). Staged
-- sheets live a day; those staged before this have none.
ALTER TABLE import_batches ADD COLUMN file_data BLOB;

-- +goose Down
SELECT 'forward-only';
