-- name: report_versions
-- Every report, in force or superseded, filed for one year by the units of the selected provinces
-- (the province itself, its districts and communes): who entered it, when and how, its source, how
-- many values it holds, and whether it is the one in force for its unit and period. A later report
-- for the same unit and period supersedes an earlier one; both are kept (docs/importing.md).
-- Columns: report_id, unit_code, unit_name, level, period_kind, year_from, year, half, reported_on,
--   reference, entered_by, entered_at, via, n_values, in_force, review_state (legacy, draft, submitted,
--   returned, approved, unlocked: the macro report_review_state), reviewed_by, reviewed_at (its last step).
-- Parameters: $year, $units (a unit system), $provinces (codes of $units; empty = all),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction).
SELECT r.report_id, r.unit_code, a.name AS unit_name, a.level, r.period_kind, r.year_from, r.year, r.half,
       r.reported_on, r.reference, r.entered_by, r.entered_at, r.via,
       (SELECT count(*) FROM report_value AS v WHERE v.report_id = r.report_id)::BIGINT AS n_values,
       r.report_id IN (SELECT report_id FROM report_in_force()) AS in_force,
       s.review_state, s.last_by AS reviewed_by, s.last_at AS reviewed_at
FROM report AS r
JOIN report_review_state() AS s USING (report_id)
JOIN unit_in_system($units) AS u USING (units_system, unit_code)
JOIN admin_unit AS a USING (units_system, unit_code)
WHERE r.year = $year
  AND (len($provinces) = 0 OR list_contains($provinces, u.province_code))
  AND in_communes(r.units_system, r.unit_code, $communes)
ORDER BY a.level <> 'province', r.unit_code, r.period_kind, r.year_from, r.half,
         r.reported_on DESC NULLS LAST, r.entered_at DESC, r.report_id DESC;
