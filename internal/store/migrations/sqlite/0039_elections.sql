-- +goose Up
-- Committee elections (换届, docs/domain.md "Committee terms and
-- elections"): each election a branch (or 党总支, 党委) holds, its votes and
-- the posts it filled, the higher committee's approval of an early or late
-- election and of the secretary and deputy elected. The org keeps the
-- committee in office (committee_elected_on, committee_term_ends and the
-- members' committee_post); the elections are its history.
-- village marks a node in a village (村) or an urban community (社区),
-- whose committees serve five years.
ALTER TABLE orgs ADD COLUMN village BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE elections (
    id                  INTEGER PRIMARY KEY,
    org_id              INTEGER NOT NULL REFERENCES orgs(id),
    held_on             TEXT NOT NULL,
    eligible            INTEGER NOT NULL CHECK (eligible > 0),
    present             INTEGER NOT NULL CHECK (present > 0 AND present <= eligible),
    village             BOOLEAN NOT NULL DEFAULT FALSE,
    timing              TEXT NOT NULL CHECK (timing IN ('on_time', 'early', 'late')),
    prev_term_ends      TEXT,
    term_ends           TEXT NOT NULL,
    timing_approved_on  TEXT,
    timing_approval_doc TEXT NOT NULL DEFAULT '',
    approved_on         TEXT,
    approval_doc        TEXT NOT NULL DEFAULT '',
    approved_by         INTEGER,
    note                TEXT NOT NULL DEFAULT '',
    late_entry          BOOLEAN NOT NULL DEFAULT FALSE,
    recorded_by         INTEGER,
    recorded_at         TIMESTAMP NOT NULL
);
CREATE INDEX elections_org_held ON elections(org_id, held_on);

CREATE TABLE election_candidates (
    election_id INTEGER NOT NULL REFERENCES elections(id),
    member_id   INTEGER NOT NULL REFERENCES members(id),
    name        TEXT NOT NULL,
    votes       INTEGER NOT NULL CHECK (votes >= 0),
    post        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (election_id, member_id)
);

-- +goose Down
DROP TABLE election_candidates;
DROP TABLE elections;
ALTER TABLE orgs DROP COLUMN village;
