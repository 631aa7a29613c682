-- +goose Up
-- Supervision tasks (督查督办, docs/domain.md "Supervision tasks"): what a
-- document, a meeting's resolution or a leader's instruction asks of an
-- org, its lead and co-members, progress reports with photos and files,
-- and the day it was done. Overdue is never stored: it is an open task
-- past its deadline, read through tasks_open.
CREATE TABLE tasks (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    source          TEXT NOT NULL CHECK (source IN ('document', 'resolution', 'instruction')),
    source_ref      TEXT NOT NULL DEFAULT '',
    meeting_id      INTEGER REFERENCES meetings(id),
    content         TEXT NOT NULL,
    lead_id         INTEGER NOT NULL REFERENCES members(id),
    assigned_on     TEXT NOT NULL,
    deadline        TEXT NOT NULL,
    late_entry      BOOLEAN NOT NULL DEFAULT FALSE,
    done_on         TEXT,
    done_late_entry BOOLEAN NOT NULL DEFAULT FALSE,
    done_by         INTEGER,
    done_at         TIMESTAMP,
    created_by      INTEGER,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    archived_at     TIMESTAMP,
    CHECK (deadline >= assigned_on),
    CHECK (done_on IS NULL OR done_on >= assigned_on)
);
CREATE INDEX tasks_org_deadline ON tasks(org_id, deadline);
-- Open tasks by org and deadline: the overdue list and counts, the
-- warnings before a deadline and the officers' home cards read these
-- entries only.
CREATE INDEX tasks_open ON tasks(org_id, deadline) WHERE done_on IS NULL AND archived_at IS NULL;
CREATE INDEX tasks_meeting ON tasks(meeting_id) WHERE meeting_id IS NOT NULL;

-- The lead and the co-members of each task: a member's tasks are read
-- from their side.
CREATE TABLE task_people (
    task_id   INTEGER NOT NULL REFERENCES tasks(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    lead      BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (task_id, member_id)
);
CREATE INDEX task_people_member ON task_people(member_id, task_id);

CREATE TABLE task_progress (
    id          INTEGER PRIMARY KEY,
    task_id     INTEGER NOT NULL REFERENCES tasks(id),
    reported_on TEXT NOT NULL,
    text        TEXT NOT NULL,
    member_id   INTEGER REFERENCES members(id),
    user_id     INTEGER,
    late_entry  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX task_progress_task ON task_progress(task_id, reported_on);

-- A progress report's photos and files, kept as a meeting's are (see
-- meeting_attachments in 0009); a removal sets removed_at.
CREATE TABLE task_attachments (
    id           INTEGER PRIMARY KEY,
    task_id      INTEGER NOT NULL REFERENCES tasks(id),
    progress_id  INTEGER NOT NULL REFERENCES task_progress(id),
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
CREATE INDEX task_attachments_task ON task_attachments(task_id);

-- Each org's tasks by the year of their deadline: how many, how many done
-- on time and how many done late, kept in the transaction of every write
-- that changes them (store/task_summary.go), so that a committee's year
-- is one sum over its subtree's rows.
CREATE TABLE task_year_counts (
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    year         INTEGER NOT NULL,
    total        INTEGER NOT NULL DEFAULT 0,
    done_on_time INTEGER NOT NULL DEFAULT 0,
    done_late    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, year)
);

-- +goose Down
SELECT 'forward-only';
