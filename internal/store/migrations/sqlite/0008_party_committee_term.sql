-- +goose Up
-- A 基层党委 serves five years (docs/domain.md, "Committee terms"). Until
-- this release the forms gave every committee three, so a 党委 saved then
-- carries a term end of exactly its election date plus three years and
-- warns that its term has ended two years early. Those ends, and only
-- those, become the election date plus five years; a date someone typed
-- that is not the old default stays as it is. Each change leaves an audit
-- record by nobody (the upgrade), with the end before and after.
INSERT INTO audit_log (at, username, action, object_type, object_id, org_id, before_json, after_json)
SELECT strftime('%Y-%m-%d %H:%M:%f', 'now') || '+00:00', '', 'update', 'org', id, id,
    '{"committee_term_ends":"' || committee_term_ends || '"}',
    '{"committee_term_ends":"' || date(committee_elected_on, '+5 years') || '"}'
FROM orgs
WHERE kind = 'committee' AND committee_elected_on IS NOT NULL
    AND committee_term_ends = date(committee_elected_on, '+3 years');

UPDATE orgs SET committee_term_ends = date(committee_elected_on, '+5 years')
WHERE kind = 'committee' AND committee_elected_on IS NOT NULL
    AND committee_term_ends = date(committee_elected_on, '+3 years');

-- +goose Down
SELECT 'forward-only';
