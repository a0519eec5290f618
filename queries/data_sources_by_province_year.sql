-- name: data_sources_by_province_year
-- Where the figures of each (year, province) come from: one row per (year, province, kind of
-- source), with the latest load time: detail rows and result reports in force alike (the one store's
-- sources). Pages use it for the "Dữ liệu minh họa" / imported label and the briefing for completeness.
-- Columns: year, province_code, source_kind, loaded_at, rows.
-- Parameters: $year_from, $year_to, $units (a unit system, antq/vocab/unit_systems.py), $provinces (list; empty = all),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction).
WITH facts AS (
    SELECT year, units_system, unit_code, source_id FROM festival_point
    UNION ALL SELECT year, units_system, unit_code, source_id FROM commendation
    UNION ALL SELECT year, units_system, unit_code, source_id FROM model_year
    UNION ALL SELECT year, units_system, unit_code, source_id FROM exemplar
    UNION ALL SELECT year, units_system, unit_code, source_id FROM report_in_force()
)
SELECT f.year, up.province_code, ds.kind AS source_kind, max(ds.loaded_at) AS loaded_at, count(*) AS rows
FROM facts AS f
JOIN unit_in_system($units) AS up USING (units_system, unit_code)
JOIN data_source AS ds USING (source_id)
WHERE f.year BETWEEN $year_from AND $year_to
  AND year_in_view(f.year, $units)
  AND (len($provinces) = 0 OR list_contains($provinces, up.province_code))
  AND in_communes(f.units_system, f.unit_code, $communes)
GROUP BY ALL
ORDER BY f.year, up.province_code, ds.kind;
