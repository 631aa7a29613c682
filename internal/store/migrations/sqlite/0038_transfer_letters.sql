-- +goose Up
-- Transfers (组织关系转接) as a branch handles them: a move inside the
-- platform waiting for the receiving branch, a transfer letter out of the
-- platform waiting for its receipt, a member entered from a letter brought
-- in. A completed move is still a row of transfers, the member's history.
CREATE TABLE transfer_cases (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL,
    member_id      INTEGER NOT NULL REFERENCES members(id),
    from_org_id    INTEGER REFERENCES orgs(id),
    to_org_id      INTEGER REFERENCES orgs(id),
    destination    TEXT NOT NULL DEFAULT '',
    origin         TEXT NOT NULL DEFAULT '',
    letter_number  TEXT NOT NULL DEFAULT '',
    letter_year    INTEGER,
    letter_seq     INTEGER,
    issued_on      TEXT,
    valid_until    TEXT,
    receipt_on     TEXT,
    started_on     TEXT,
    reason         TEXT NOT NULL DEFAULT '',
    decided_on     TEXT,
    decided_by     INTEGER,
    decline_reason TEXT NOT NULL DEFAULT '',
    move_id        INTEGER REFERENCES transfers(id),
    created_by     INTEGER,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX transfer_cases_from ON transfer_cases(from_org_id, status);
CREATE INDEX transfer_cases_to ON transfer_cases(to_org_id, status);
CREATE INDEX transfer_cases_member ON transfer_cases(member_id);
CREATE INDEX transfer_cases_number ON transfer_cases(letter_number);
-- One open move per member; one number per letter of an org and year.
CREATE UNIQUE INDEX transfer_cases_pending ON transfer_cases(member_id) WHERE status = 'pending';
CREATE UNIQUE INDEX transfer_cases_letter ON transfer_cases(from_org_id, letter_year, letter_seq) WHERE kind = 'letter_out';

-- The last letter number each org used in each year: n = n + 1 … RETURNING.
CREATE TABLE transfer_letter_counters (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    year   INTEGER NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (org_id, year)
);

-- +goose Down
DROP TABLE transfer_letter_counters;
DROP TABLE transfer_cases;
