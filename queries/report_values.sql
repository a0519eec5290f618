-- name: report_values
-- The figures in force of one year's result reports, one row per (report, indicator), as written:
-- the value with its qualifier ('at_least' for "trên 5.800") and, for a ratio x/y, its denominator.
-- In force: per unit and period the latest report (report_in_force(), antq/schema.sql); earlier
-- versions stay in `report` and are counted in `versions`. Reports of units of $provinces (codes of
-- the $units system; empty list = every province): of a year before $units' reform, those of the
-- old provinces merged into them (year_in_view), each under its own unit code. Only the
-- provinces' own reports (and the nation's and regions', which lie in no province) unless
-- $all_levels (then also their districts' and communes'); one unit's only when $unit_code is given.
-- Columns: report_id, units_system, unit_code, unit_name, level, province_code, period_kind, year_from, year,
--   half, indicator, value, denominator, qualifier, qualifier_word (the word as written), note, as_of (a
--   "to date" report's day), reported_on, reference, entered_by, entered_at,
--   via, versions, source_kind.
-- Parameters: $year, $units (a unit system), $provinces (list of province codes of $units),
--   $period_kind (a period kind, NULL = every kind), $all_levels (boolean),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction),
--   $unit_code (one unit's code of the year's own system, NULL = every unit).
SELECT r.report_id, r.units_system, r.unit_code, a.name AS unit_name, a.level, u.province_code,
       r.period_kind, r.year_from, r.year, r.half,
       v.indicator, v.value, v.denominator, v.qualifier, v.qualifier_word, v.note, r.as_of,
       r.reported_on, r.reference, r.entered_by, r.entered_at, r.via, r.versions,
       d.kind AS source_kind
FROM report_in_force() AS r
JOIN report_value AS v ON v.report_id = r.report_id
JOIN admin_unit AS a ON a.units_system = r.units_system AND a.unit_code = r.unit_code
JOIN unit_in_system($units) AS u ON u.units_system = r.units_system AND u.unit_code = r.unit_code
LEFT JOIN data_source AS d ON d.source_id = r.source_id
WHERE r.year = $year
  AND year_in_view(r.year, $units)
  AND (len($provinces) = 0 OR list_contains($provinces, u.province_code))
  AND in_communes(r.units_system, r.unit_code, $communes)
  AND ($period_kind IS NULL OR r.period_kind = $period_kind)
  AND ($all_levels OR $unit_code IS NOT NULL OR a.level IN ('province', 'nation', 'region'))
  AND ($unit_code IS NULL OR r.unit_code = $unit_code)
ORDER BY u.province_code, a.level <> 'province', r.unit_code, r.period_kind, r.year_from, r.half, v.indicator;
