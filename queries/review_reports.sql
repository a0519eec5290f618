-- name: review_reports
-- The reports in force of the units a reviewer reviews (antq/cycle/review.py `reach`): units of the
-- levels $levels whose province of today's system is in $provinces (empty = every province), in the
-- review states $states; newest submission first. A superseded report is not reviewed: the one in
-- force for its unit and period is.
-- Columns: report_id, units_system, unit_code, unit_name, level, province_code, province_name,
--   period_kind, year_from, year, half, reported_on, entered_by, entered_at, n_values, review_state,
--   last_by, last_at, last_comment, submitted_by, submitted_at.
-- Parameters: $levels (unit levels), $provinces (province codes of today's system; empty = all), $states.
SELECT r.report_id, r.units_system, r.unit_code, a.name AS unit_name, a.level,
       up.province_2025_code AS province_code, p.name AS province_name,
       r.period_kind, r.year_from, r.year, r.half, r.reported_on, r.entered_by, r.entered_at,
       (SELECT count(*) FROM report_value AS v WHERE v.report_id = r.report_id)::BIGINT AS n_values,
       s.review_state, s.last_by, s.last_at, s.last_comment, s.submitted_by, s.submitted_at
FROM report_in_force() AS r
JOIN admin_unit AS a USING (units_system, unit_code)
JOIN unit_province AS up USING (units_system, unit_code)
LEFT JOIN admin_unit AS p ON p.units_system = latest_units_system() AND p.unit_code = up.province_2025_code
JOIN report_review_state() AS s USING (report_id)
WHERE list_contains($levels, a.level)
  AND (len($provinces) = 0 OR list_contains($provinces, up.province_2025_code))
  AND list_contains($states, s.review_state)
ORDER BY s.submitted_at DESC NULLS LAST, r.entered_at DESC, r.report_id DESC;
