-- +goose Up
-- The question bank (题库) and members' self-tests. A question belongs to
-- an org and is for its whole subtree. A self-test is its member's alone:
-- officers read only counts from selftests and selftest_answers, never
-- rows (internal/store/selftest.go).
CREATE TABLE questions (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    kind        TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'truefalse')),
    stem        TEXT NOT NULL,
    options     TEXT NOT NULL DEFAULT '[]',
    answer      TEXT NOT NULL,
    explanation TEXT NOT NULL DEFAULT '',
    tags        TEXT NOT NULL DEFAULT '[]',
    created_by  INTEGER,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    archived_at TIMESTAMP
);
CREATE INDEX questions_org ON questions(org_id, id);

-- One row per tag of a question, for the tag filter and the draw.
CREATE TABLE question_tags (
    question_id INTEGER NOT NULL REFERENCES questions(id),
    tag         TEXT NOT NULL,
    PRIMARY KEY (question_id, tag)
);
CREATE INDEX question_tags_tag ON question_tags(tag, question_id);

-- Question sheets read and waiting for their uploader to confirm.
CREATE TABLE question_batches (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    file_name  TEXT NOT NULL DEFAULT '',
    rows_json  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX question_batches_user ON question_batches(user_id);
CREATE INDEX question_batches_created ON question_batches(created_at);

CREATE TABLE selftests (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members(id),
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    tags         TEXT NOT NULL DEFAULT '[]',
    question_ids TEXT NOT NULL,
    answers      TEXT NOT NULL DEFAULT '[]',
    correct      INTEGER NOT NULL DEFAULT 0,
    started_at   TIMESTAMP NOT NULL,
    taken_at     TIMESTAMP
);
CREATE INDEX selftests_member ON selftests(member_id, id);
CREATE INDEX selftests_org_taken ON selftests(org_id, taken_at);

-- Each graded answer, without the member: what the per-question shares
-- are counted from.
CREATE TABLE selftest_answers (
    selftest_id INTEGER NOT NULL REFERENCES selftests(id),
    question_id INTEGER NOT NULL REFERENCES questions(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    taken_at    TIMESTAMP NOT NULL,
    correct     BOOLEAN NOT NULL,
    PRIMARY KEY (selftest_id, question_id)
);
CREATE INDEX selftest_answers_question ON selftest_answers(question_id, taken_at);
CREATE INDEX selftest_answers_org ON selftest_answers(org_id, taken_at);

-- +goose Down
SELECT 'forward-only';
