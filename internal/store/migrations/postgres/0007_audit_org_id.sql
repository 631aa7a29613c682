-- +goose Up
-- The audit trail points at the tree by node id, not by a copy of the
-- node's path: moving a node rewrites orgs.path only, and its history
-- follows it to the new parent's auditor. An entry that sits nowhere in the
-- tree (failed sign-ins of unknown usernames, sign-outs) has no org_id.
ALTER TABLE audit_log ADD COLUMN org_id BIGINT REFERENCES orgs(id);

-- Backfill from the path each entry copied. A path ends in its node's id
-- ("/1/7/" → 7), which stays right even when the node has moved since.
-- The trail refuses changes by trigger: lift that for this one backfill.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change;
UPDATE audit_log SET org_id = (
    SELECT o.id FROM orgs o
    WHERE o.id = CAST(substr(rtrim(audit_log.org_path, '/'),
        length(rtrim(rtrim(audit_log.org_path, '/'), '0123456789')) + 1) AS BIGINT))
WHERE org_path <> '';
ALTER TABLE audit_log DROP COLUMN org_path;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change;

-- An auditor's page: the newest entries of the nodes in a subtree, paged
-- by id ("older than N"), with no count of the whole trail.
CREATE INDEX audit_log_org_id ON audit_log(org_id, id);

-- +goose Down
SELECT 'forward-only';
