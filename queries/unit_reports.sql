-- name: unit_reports
-- Every result report one unit has filed, every year and period, in force or superseded: when it
-- was reported and entered, how, how many values it holds, how many versions its period has, and
-- whether it is the one in force (report_in_force(), antq/schema.sql).
-- A commune's list holds the reports of the named places below it too (local_kind, local_name: a
-- village, agency, school or enterprise; NULL for the unit's own report), each its own period.
-- Columns: report_id, period_kind, year_from, year, half, reported_on, reference, entered_at, via,
--   n_values, versions, in_force, source_kind, local_kind, local_name.
-- Parameters: $units_system, $unit_code (the unit), $provinces (province codes of today's system a scope
--   allows; empty = all), $communes (communes of today's system a commune scope allows; empty = none).
SELECT r.report_id, r.period_kind, r.year_from, r.year, r.half, r.reported_on, r.reference, r.entered_at, r.via,
       (SELECT count(*) FROM report_value AS v WHERE v.report_id = r.report_id)::BIGINT AS n_values,
       rv.versions, rv.rank_in_period = 1 AS in_force, d.kind AS source_kind,
       l.venue_kind AS local_kind, l.name AS local_name
FROM report AS r
JOIN report_version AS rv USING (report_id)
JOIN unit_province AS up USING (units_system, unit_code)
LEFT JOIN data_source AS d ON d.source_id = r.source_id
LEFT JOIN local_unit AS l ON l.local_unit_id = r.local_unit_id
WHERE r.units_system = $units_system AND r.unit_code = $unit_code
  AND (len($provinces) = 0 OR list_contains($provinces, up.province_2025_code))
  AND in_communes(r.units_system, r.unit_code, $communes)
ORDER BY r.year DESC, l.name NULLS FIRST, r.period_kind, r.half DESC NULLS LAST, rv.rank_in_period;
