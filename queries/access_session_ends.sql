-- name: access_session_ends
-- When the server last ended the sign-ins of each subject or e-mail (a sign-out, a revoke).
-- Columns: principal_kind ('email' | 'subject'), principal, ended_at (seconds since 1970, UTC).
SELECT principal_kind, principal, max(ended_at) AS ended_at
FROM access_session_end
GROUP BY principal_kind, principal;
