-- name: report_values_before
-- The figures in force that units of $provinces reported for years before $year, in the unit
-- system of $year (the same unit codes): what a new report's figures are compared with (a
-- figure far from the unit's previous years is a warning, antq/reports/load.py).
-- Columns: unit_code, period_kind, indicator, year, value.
-- Parameters: $year, $provinces (list of province codes of the system of $year).
SELECT r.unit_code, r.period_kind, v.indicator, r.year, v.value
FROM report_in_force() AS r
JOIN report_value AS v ON v.report_id = r.report_id
JOIN admin_unit AS a ON a.units_system = r.units_system AND a.unit_code = r.unit_code
WHERE r.year < $year
  AND r.units_system = units_system_of($year)
  AND list_contains($provinces, a.province_code)
ORDER BY r.unit_code, r.period_kind, v.indicator, r.year;
