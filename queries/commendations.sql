-- name: commendations
-- Commendations of a year and selection, one row per (unit, award, recipient kind).
-- Columns: year, province_code, province_name, unit_code, unit_name, award, recipient_kind,
--   recipients, source_kind.
-- Parameters: $year, $units (a unit system, antq/vocab/unit_systems.py), $provinces (list; empty = all),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction).
SELECT c.year, up.province_code, p.name AS province_name, c.unit_code, u.name AS unit_name,
       c.award, c.recipient_kind, c.recipients, ds.kind AS source_kind
FROM commendation AS c
JOIN unit_in_system($units) AS up USING (units_system, unit_code)
JOIN admin_unit AS u USING (units_system, unit_code)
JOIN admin_unit AS p ON p.units_system = $units AND p.unit_code = up.province_code
JOIN data_source AS ds USING (source_id)
WHERE c.year = $year
  AND year_in_view(c.year, $units)
  AND (len($provinces) = 0 OR list_contains($provinces, up.province_code))
  AND in_communes(c.units_system, c.unit_code, $communes)
ORDER BY up.province_code, c.unit_code, c.award, c.recipient_kind;
