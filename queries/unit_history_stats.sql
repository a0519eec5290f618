-- name: unit_history_stats
-- What the outlier rule (antq/vocab/validation_rules.py) compares a unit's figure with: per unit of
-- $provinces, period kind, half and indicator, the figures in force of its last history_years()
-- years before $year, in the unit system of $year (the same unit codes): how many years (n), their
-- median (med), and the median and median absolute deviation of ln(1 + value) (median_log, mad_log:
-- counts are skewed, so the spread is read on a log scale and never as a standard deviation).
-- Columns: unit_code, period_kind, half (0 = none), indicator, n, med, median_log, mad_log.
-- Parameters: $year, $provinces (list of province codes of the system of $year).
SELECT r.unit_code, r.period_kind, coalesce(r.half, 0) AS half, v.indicator,
       count(*) AS n, median(v.value) AS med,
       median(ln(1 + v.value)) AS median_log, mad(ln(1 + v.value)) AS mad_log
FROM report_in_force() AS r
JOIN report_value AS v ON v.report_id = r.report_id
JOIN admin_unit AS a ON a.units_system = r.units_system AND a.unit_code = r.unit_code
WHERE r.year < $year AND r.year >= $year - history_years()
  AND r.units_system = units_system_of($year)
  AND list_contains($provinces, a.province_code)
GROUP BY ALL
ORDER BY r.unit_code, r.period_kind, half, v.indicator;
