-- name: access_commune_provinces
-- The province of each given commune of today's system that the registry knows (a grant's communes
-- are checked against it: an unknown code is refused).
-- Columns: unit_code, province_code, unit_name (the commune's name, for the user's scope label).
-- Parameters: $communes (list of commune codes of today's system).
SELECT unit_code, province_code, name AS unit_name
FROM admin_unit
WHERE units_system = latest_units_system() AND level = 'commune' AND list_contains($communes, unit_code)
ORDER BY unit_code;
