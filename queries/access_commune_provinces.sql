-- name: access_commune_provinces
-- The 2025 province of each given 2025 commune the registry knows (a grant's communes are checked
-- against it: an unknown code is refused).
-- Columns: unit_code, province_code.
-- Parameters: $communes (list of 2025 commune codes).
SELECT unit_code, province_code
FROM admin_unit
WHERE units_system = 2025 AND level = 'commune' AND list_contains($communes, unit_code)
ORDER BY unit_code;
