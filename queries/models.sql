-- name: models
-- Models of exemplary practice in a year and selection, one row per model, with its state that
-- year (including models dissolved that year).
-- Columns: year, province_code, province_name, unit_code, unit_name, model_id, model_name,
--   category, established_year, status, sites, source_kind.
-- Parameters: $year, $units (a unit system, antq/vocab/unit_systems.py), $provinces (list; empty = all),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction).
SELECT m.year, up.province_code, p.name AS province_name, m.unit_code, u.name AS unit_name,
       m.model_id, md.name AS model_name, md.category, md.established_year, m.status, m.sites,
       ds.kind AS source_kind
FROM model_year AS m
JOIN model AS md USING (model_id)
JOIN unit_in_system($units) AS up USING (units_system, unit_code)
JOIN admin_unit AS u USING (units_system, unit_code)
JOIN admin_unit AS p ON p.units_system = $units AND p.unit_code = up.province_code
JOIN data_source AS ds ON ds.source_id = m.source_id
WHERE m.year = $year
  AND year_in_view(m.year, $units)
  AND (len($provinces) = 0 OR list_contains($provinces, up.province_code))
  AND in_communes(m.units_system, m.unit_code, $communes)
ORDER BY up.province_code, m.unit_code, m.model_id;
