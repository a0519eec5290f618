-- name: access_commune_lineage
-- The old-system base units whose area lies, wholly or in part, in one of the given communes of
-- today's system: what a commune-level grant covers for the years before the reform (antq/access/scope.py).
-- Columns: old_unit_code (one row each, sorted).
-- Parameters: $communes (list of commune codes of today's system).
SELECT DISTINCT old_unit_code
FROM commune_crosswalk
WHERE list_contains($communes, new_unit_code)
ORDER BY old_unit_code;
