-- name: access_grants
-- Every grant in force: who (an e-mail, a token subject or a group), the role, the scope.
-- Columns: principal_kind, principal, role, scope_kind, scope_codes (NULL = the whole country),
--          granted_at, granted_by.
SELECT principal_kind, principal, role, scope_kind, scope_codes, granted_at, granted_by
FROM access_grant
ORDER BY principal_kind, principal;
