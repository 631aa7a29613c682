-- +goose Up
-- The title's own index, for a search of a word found in nearly every
-- material (store/material_search.go). SQLite's FTS5 table already
-- matches one column ("title : word"): nothing to add here.
SELECT 1;

-- +goose Down
SELECT 'forward-only';
