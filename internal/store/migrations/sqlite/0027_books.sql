-- +goose Up
-- The book corner (图书角, docs/domain.md "The book corner"): each
-- branch's books, their copies with labels, loans and reading notes.
-- A book's ISBN is kept as ISBN-13 and is unique within its org.
CREATE TABLE books (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    isbn           TEXT NOT NULL,
    title          TEXT NOT NULL,
    author         TEXT NOT NULL,
    publisher      TEXT NOT NULL DEFAULT '',
    year           INTEGER NOT NULL DEFAULT 0,
    -- tags as |理论|党史|, so that one tag is one LIKE '%|tag|%'
    tags           TEXT NOT NULL DEFAULT '',
    cover          TEXT NOT NULL DEFAULT '',
    cover_thumb    TEXT NOT NULL DEFAULT '',
    -- loans ever made of its copies, kept in the transaction of each
    -- borrowing (store/loan.go): the catalogue's "most borrowed".
    times_borrowed INTEGER NOT NULL DEFAULT 0,
    created_by     INTEGER,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    archived_at    TIMESTAMP
);
CREATE UNIQUE INDEX books_org_isbn ON books(org_id, isbn);
CREATE INDEX books_org_title ON books(org_id, title);

-- The last copy number given in each org: a new copy takes n = n + 1, so
-- that two copies added at once never share a label.
CREATE TABLE book_copy_counters (
    org_id INTEGER PRIMARY KEY REFERENCES orgs(id),
    n      INTEGER NOT NULL
);

CREATE TABLE book_copies (
    id          INTEGER PRIMARY KEY,
    book_id     INTEGER NOT NULL REFERENCES books(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    label       TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    archived_at TIMESTAMP
);
CREATE UNIQUE INDEX book_copies_label ON book_copies(org_id, label);
CREATE INDEX book_copies_book ON book_copies(book_id);

-- A copy is lent to one member at a time: at most one open loan (not
-- yet returned) per copy, held by the index under any concurrency.
CREATE TABLE loans (
    id          INTEGER PRIMARY KEY,
    copy_id     INTEGER NOT NULL REFERENCES book_copies(id),
    book_id     INTEGER NOT NULL REFERENCES books(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    member_id   INTEGER NOT NULL REFERENCES members(id),
    borrowed_on TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    renewed     BOOLEAN NOT NULL DEFAULT FALSE,
    returned_on TEXT,
    created_by  INTEGER,
    created_at  TIMESTAMP NOT NULL,
    CHECK (due_on > borrowed_on)
);
CREATE UNIQUE INDEX loans_open ON loans(copy_id) WHERE returned_on IS NULL;
CREATE INDEX loans_member ON loans(member_id, borrowed_on);
CREATE INDEX loans_book ON loans(book_id, borrowed_on);
-- Open loans by org and due day: the keeper's overdue list.
CREATE INDEX loans_org_due ON loans(org_id, due_on) WHERE returned_on IS NULL;

-- A member's note on a book they borrowed, waiting as a training entry
-- (trainings, 0016) that an officer confirms as study time.
CREATE TABLE reading_notes (
    id          INTEGER PRIMARY KEY,
    book_id     INTEGER NOT NULL REFERENCES books(id),
    member_id   INTEGER NOT NULL REFERENCES members(id),
    text        TEXT NOT NULL,
    minutes     INTEGER NOT NULL CHECK (minutes > 0),
    training_id INTEGER NOT NULL REFERENCES trainings(id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX reading_notes_book ON reading_notes(book_id, created_at);
CREATE INDEX reading_notes_member ON reading_notes(member_id);

-- +goose Down
SELECT 'forward-only';
