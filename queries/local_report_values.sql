-- name: local_report_values
-- The figures in force of one year's reports of named places below a commune (villages, agencies,
-- schools, enterprises: local_unit), one row per (report, indicator), as written. They stand beside
-- their commune's figures and are never added to them (antq/schema.sql local_unit).
-- Columns: report_id, units_system, unit_code, unit_name, level, province_code, period_kind, year_from,
--   year, half, indicator, value, denominator, qualifier, qualifier_word, note, as_of, reported_on,
--   reference, entered_by, entered_at, via, versions, source_kind (those of report_values), local_kind
--   (categories.VENUE_KINDS), local_name.
-- Parameters: $year, $units (a unit system), $provinces (list of province codes of $units; empty =
--   all), $period_kind (NULL = every kind), $communes (communes of today's system a commune scope
--   allows; empty = no restriction), $unit_code (the commune's code of the year's own system, NULL = every commune).
SELECT r.report_id, r.units_system, r.unit_code, a.name AS unit_name, a.level, u.province_code,
       r.period_kind, r.year_from, r.year, r.half,
       v.indicator, v.value, v.denominator, v.qualifier, v.qualifier_word, v.note, r.as_of,
       r.reported_on, r.reference, r.entered_by, r.entered_at, r.via, r.versions,
       d.kind AS source_kind, r.local_kind, r.local_name
FROM local_reports_in_force() AS r
JOIN report_value AS v ON v.report_id = r.report_id
JOIN admin_unit AS a ON a.units_system = r.units_system AND a.unit_code = r.unit_code
JOIN unit_in_system($units) AS u ON u.units_system = r.units_system AND u.unit_code = r.unit_code
LEFT JOIN data_source AS d ON d.source_id = r.source_id
WHERE r.year = $year
  AND year_in_view(r.year, $units)
  AND (len($provinces) = 0 OR list_contains($provinces, u.province_code))
  AND in_communes(r.units_system, r.unit_code, $communes)
  AND ($period_kind IS NULL OR r.period_kind = $period_kind)
  AND ($unit_code IS NULL OR r.unit_code = $unit_code)
ORDER BY u.province_code, r.unit_code, r.local_name, r.period_kind, r.year_from, r.half, v.indicator;
