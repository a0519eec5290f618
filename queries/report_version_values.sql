-- name: report_version_values
-- The values of one report exactly as it was filed (any version, in force or superseded), if that
-- report belongs to the year and the selected provinces: an id outside them gives no row.
-- Columns: indicator, value, denominator, qualifier, note.
-- Parameters: $report_id, $year, $units (a unit system), $provinces (codes of $units; empty = all),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction).
SELECT v.indicator, v.value, v.denominator, v.qualifier, v.note
FROM report_value AS v
JOIN report AS r USING (report_id)
JOIN unit_in_system($units) AS u USING (units_system, unit_code)
WHERE v.report_id = $report_id AND r.year = $year
  AND (len($provinces) = 0 OR list_contains($provinces, u.province_code))
  AND in_communes(r.units_system, r.unit_code, $communes)
ORDER BY v.indicator;
