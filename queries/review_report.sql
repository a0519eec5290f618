-- name: review_report
-- One report with what a review step is decided on (antq/cycle/review.py): its unit (level, its
-- province in its own system and in today's), its period, whether it is the one in force for its unit
-- and period, its review state (report_review_state() of antq/schema.sql) and who submitted it last.
-- Columns: report_id, units_system, unit_code, unit_name, level, is_base, own_province_code,
--   province_2025_code, period_kind, year_from, year, half, entered_by, entered_at, in_force,
--   review_state, last_action, last_by, last_at, last_comment, submitted_by, submitted_at.
-- Parameters: $report_id.
SELECT r.report_id, r.units_system, r.unit_code, a.name AS unit_name, a.level, a.is_base,
       up.own_province_code, up.province_2025_code, r.period_kind, r.year_from, r.year, r.half,
       r.entered_by, r.entered_at, rv.rank_in_period = 1 AS in_force,
       s.review_state, s.last_action, s.last_by, s.last_at, s.last_comment, s.submitted_by, s.submitted_at
FROM report AS r
JOIN admin_unit AS a USING (units_system, unit_code)
JOIN unit_province AS up USING (units_system, unit_code)
JOIN report_version AS rv USING (report_id)
JOIN report_review_state() AS s USING (report_id)
WHERE r.report_id = $report_id;
