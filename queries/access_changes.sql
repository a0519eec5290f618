-- name: access_changes
-- The history of grant changes, newest first: every grant and revoke, by whom, with the grant as
-- it stood before the change.
-- Columns: change_id, changed_at, changed_by, action, principal_kind, principal, role, scope_kind,
--          scope_codes, previous.
-- Parameters: $limit.
SELECT change_id, changed_at, changed_by, action, principal_kind, principal, role, scope_kind, scope_codes, previous
FROM access_change
ORDER BY change_id DESC
LIMIT $limit;
