-- name: access_import_actors
-- Who made each import attempt (the signed-in user on the web, the --as identity on the command
-- line); attempts made before accounts existed have no row.
-- Columns: attempt_id, actor_email, actor_subject, actor_role.
SELECT attempt_id, email AS actor_email, subject AS actor_subject, role AS actor_role
FROM import_actor
ORDER BY attempt_id;
