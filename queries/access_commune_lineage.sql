-- name: access_commune_lineage
-- The old (2008) base units whose area lies, wholly or in part, in one of the given 2025 communes:
-- what a commune-level grant covers for the years <= 2024 (antq/access/scope.py).
-- Columns: old_unit_code (one row each, sorted).
-- Parameters: $communes (list of 2025 commune codes).
SELECT DISTINCT old_unit_code
FROM commune_crosswalk
WHERE list_contains($communes, new_unit_code)
ORDER BY old_unit_code;
