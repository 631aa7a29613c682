-- +goose Up
-- A study material's photos and files, kept as a meeting's are (see
-- meeting_attachments in 0009): the bytes in the blob store under their
-- SHA-256, a photo with its thumbnail and size. A photo's name is what
-- the material's body places it by (a line ![说明](name.jpg)). A removal
-- sets removed_at, so that it can be undone.
CREATE TABLE material_attachments (
    id           INTEGER PRIMARY KEY,
    material_id  INTEGER NOT NULL REFERENCES materials(id),
    kind         TEXT NOT NULL CHECK (kind IN ('photo', 'file')),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    blob         TEXT NOT NULL,
    thumb        TEXT NOT NULL DEFAULT '',
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    uploaded_by  INTEGER,
    created_at   TIMESTAMP NOT NULL,
    removed_at   TIMESTAMP
);
CREATE INDEX material_attachments_material ON material_attachments(material_id);

-- +goose Down
SELECT 'forward-only';
