-- name: review_history
-- Every review step of every report filed for the same unit and period as $report_id (a returned
-- report and the corrected one that followed it are one history), oldest first.
-- Columns: event_id, report_id, action, acted_by, acted_at, role, via, comment.
-- Parameters: $report_id.
WITH k AS (SELECT units_system, unit_code, period_kind, year_from, year, half FROM report WHERE report_id = $report_id)
SELECT e.event_id, e.report_id, e.action, e.acted_by, e.acted_at, e.role, e.via, e.comment
FROM report_review AS e
JOIN report AS r USING (report_id)
JOIN k ON k.units_system = r.units_system AND k.unit_code = r.unit_code AND k.period_kind = r.period_kind
      AND k.year_from = r.year_from AND k.year = r.year AND k.half IS NOT DISTINCT FROM r.half
ORDER BY e.event_id;
