-- name: exemplars
-- Exemplars ("điển hình tiên tiến") of a year and selection, one row per (unit, recipient kind, field).
-- Columns: year, province_code, province_name, unit_code, unit_name, recipient_kind, field,
--   exemplars, source_kind.
-- Parameters: $year, $units (a unit system, antq/vocab/unit_systems.py), $provinces (list; empty = all),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction).
SELECT e.year, up.province_code, p.name AS province_name, e.unit_code, u.name AS unit_name,
       e.recipient_kind, e.field, e.exemplars, ds.kind AS source_kind
FROM exemplar AS e
JOIN unit_in_system($units) AS up USING (units_system, unit_code)
JOIN admin_unit AS u USING (units_system, unit_code)
JOIN admin_unit AS p ON p.units_system = $units AND p.unit_code = up.province_code
JOIN data_source AS ds USING (source_id)
WHERE e.year = $year
  AND year_in_view(e.year, $units)
  AND (len($provinces) = 0 OR list_contains($provinces, up.province_code))
  AND in_communes(e.units_system, e.unit_code, $communes)
ORDER BY up.province_code, e.unit_code, e.recipient_kind, e.field;
