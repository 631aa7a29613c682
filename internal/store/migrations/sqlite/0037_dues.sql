-- +goose Up
-- Dues (党费, docs/domain.md "Dues"): each member's declared income
-- after tax (or pension) from the month it is first paid, the months
-- paid, and each org's paid total per month. Months are integers,
-- year*12 + month - 1, so that they compare and subtract; money is in
-- fen.
CREATE TABLE dues_salaries (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    from_month  INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('salary', 'retired', 'farmer', 'student', 'no_income')),
    income_fen  INTEGER NOT NULL CHECK (income_fen >= 0),
    note        TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER,
    recorded_at TIMESTAMP NOT NULL
);
-- The salary of a month is the latest first paid by then: one probe.
CREATE INDEX dues_salaries_member ON dues_salaries(member_id, from_month, id);

-- One payment per member and month, held by the index when two officers
-- record the same month at once. org_id is the branch that collected it.
CREATE TABLE dues_payments (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    month       INTEGER NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    method      TEXT NOT NULL,
    paid_on     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER,
    recorded_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX dues_payments_member_month ON dues_payments(member_id, month);
CREATE INDEX dues_payments_org_month ON dues_payments(org_id, month);

-- What each org collected for each month, kept in the transaction of
-- every payment recorded or withdrawn (store/dues_payment.go): the
-- organiser's roll-up and the statistics return sum these rows.
CREATE TABLE dues_org_months (
    org_id   INTEGER NOT NULL REFERENCES orgs(id),
    month    INTEGER NOT NULL,
    paid_fen INTEGER NOT NULL,
    payments INTEGER NOT NULL,
    PRIMARY KEY (org_id, month)
);

-- +goose Down
DROP TABLE dues_org_months;
DROP TABLE dues_payments;
DROP TABLE dues_salaries;
