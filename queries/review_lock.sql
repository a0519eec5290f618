-- name: review_lock
-- The approvals that lock a unit and period (antq/cycle/review.py): reports of unit ($s, $u) — or of
-- the named place ($lk, $ln) below it (local_unit; both NULL: the unit's own reports) — for period
-- ($k, $f, $y, half $h) whose review state is 'approved', with who approved and when. Empty: the unit
-- and period is open to a new report.
-- Columns: report_id, approved_by, approved_at, unit_name.
-- Parameters: $s (units system), $u (unit code), $lk (venue kind of a named place or NULL), $ln (its
--   folded name or NULL), $k (period kind), $f (first year), $y (year), $h (half or NULL).
SELECT r.report_id, s.last_by AS approved_by, s.last_at AS approved_at,
       CASE WHEN l.name IS NULL THEN a.name ELSE l.name || ', ' || a.name END AS unit_name
FROM report AS r
JOIN report_review_state() AS s USING (report_id)
JOIN admin_unit AS a USING (units_system, unit_code)
LEFT JOIN local_unit AS l ON l.local_unit_id = r.local_unit_id
WHERE r.units_system = $s AND r.unit_code = $u AND r.period_kind = $k AND r.year_from = $f AND r.year = $y
  AND r.half IS NOT DISTINCT FROM $h AND s.review_state = 'approved'
  AND l.venue_kind IS NOT DISTINCT FROM $lk AND l.name_key IS NOT DISTINCT FROM $ln
ORDER BY s.last_at DESC;
