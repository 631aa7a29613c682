-- +goose Up
-- One staging table for every kind of sheet read and waiting for its
-- uploader to confirm (导入预览): the imports differ only in their rows,
-- so each batch says which kind it is (store/staged_sheet.go). The
-- batches already here are rosters; the store names the kind of every
-- batch it writes. Staged question sheets move in, under new ids (a
-- preview left open across the upgrade asks for its file again, as it
-- would a day later), and their own table goes.
ALTER TABLE import_batches ADD COLUMN kind TEXT NOT NULL DEFAULT 'members';
INSERT INTO import_batches (kind, user_id, org_id, file_name, rows_json, created_at)
    SELECT 'questions', user_id, org_id, file_name, rows_json, created_at FROM question_batches ORDER BY id;
DROP TABLE question_batches;

-- +goose Down
SELECT 'forward-only';
