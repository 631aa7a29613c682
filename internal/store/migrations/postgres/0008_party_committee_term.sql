-- +goose Up
-- A 基层党委 serves five years (docs/domain.md, "Committee terms"). Until
-- this release the forms gave every committee three, so a 党委 saved then
-- carries a term end of exactly its election date plus three years and
-- warns that its term has ended two years early. Those ends, and only
-- those, become the election date plus five years; a date someone typed
-- that is not the old default stays as it is. Each change leaves an audit
-- record by nobody (the upgrade), with the end before and after.
--
-- The old default came from Go's AddDate, which carries 29 February to
-- 1 March; PostgreSQL's interval stops at 28 February, so a leap-day
-- election adds the day back (three and five years from a leap year never
-- land on one).
-- +goose StatementBegin
CREATE FUNCTION pg_temp.huoshui_add_years(d TEXT, n INTEGER) RETURNS TEXT LANGUAGE SQL AS $$
    SELECT to_char(CAST(d AS DATE) + make_interval(years => n)
        + CASE WHEN to_char(CAST(d AS DATE), 'MM-DD') = '02-29' THEN INTERVAL '1 day' ELSE INTERVAL '0' END,
        'YYYY-MM-DD')
$$;
-- +goose StatementEnd

INSERT INTO audit_log (at, username, action, object_type, object_id, org_id, before_json, after_json)
SELECT now(), '', 'update', 'org', id, id,
    '{"committee_term_ends":"' || committee_term_ends || '"}',
    '{"committee_term_ends":"' || pg_temp.huoshui_add_years(committee_elected_on, 5) || '"}'
FROM orgs
WHERE kind = 'committee' AND committee_elected_on IS NOT NULL
    AND committee_term_ends = pg_temp.huoshui_add_years(committee_elected_on, 3);

UPDATE orgs SET committee_term_ends = pg_temp.huoshui_add_years(committee_elected_on, 5)
WHERE kind = 'committee' AND committee_elected_on IS NOT NULL
    AND committee_term_ends = pg_temp.huoshui_add_years(committee_elected_on, 3);

DROP FUNCTION pg_temp.huoshui_add_years(TEXT, INTEGER);

-- +goose Down
SELECT 'forward-only';
