-- +goose Up
-- The title's own index: a search for a word found in nearly every
-- material ranks the newest matches and the materials with the word in
-- their title (store/material_search.go); the title's lexemes are those
-- weighted A in the search vector.
ALTER TABLE materials ADD COLUMN title_search TSVECTOR NOT NULL DEFAULT ''::tsvector;
UPDATE materials SET title_search = ts_filter(search, '{a}');
CREATE INDEX materials_title_search ON materials USING GIN (title_search);

-- +goose Down
SELECT 'forward-only';
