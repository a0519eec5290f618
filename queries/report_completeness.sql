-- name: report_completeness
-- Who has reported for one period: one row per province of the year's own system inside the
-- selection (the units that file the reports), with its report in force for ($kind, $half) if
-- any. submitted_on is the report's own date (`reported_on`); status: 'on_time' (dated on or
-- before $deadline), 'late' (after it), 'undated' (a report without its date: when it was entered
-- says nothing of when the unit reported), 'pending' (no report, deadline not yet passed on
-- $today) or 'missing' (no report, deadline passed). communes_reported counts the base
-- units of the province with a report of their own for the period.
-- Columns: view_province_code, province_code, province_name, report_id, submitted_on, entered_at,
--   entered_by, values_reported, status, days_late, communes_reported, communes_total.
-- Parameters: $year, $units, $provinces (codes of $units; empty = all), $kind (a period kind),
--   $half (1, 2, or 0 = any), $deadline, $today,
--   $communes (a commune scope's communes: non-empty, this province-level question has no rows for it).
WITH up AS (
    SELECT * FROM unit_in_system($units) WHERE units_system = units_system_of($year)
),
prov AS (
    SELECT up.unit_code AS province_code, a.name AS province_name, up.province_code AS view_province_code
    FROM up JOIN admin_unit AS a USING (units_system, unit_code)
    WHERE up.level = 'province' AND (len($provinces) = 0 OR list_contains($provinces, up.province_code))
      AND len($communes) = 0  -- a province's reports are not a commune's to see
),
inforce AS (
    SELECT r.*
    FROM report AS r
    WHERE r.report_id IN (SELECT report_id FROM report_in_force())
      AND r.year = $year AND r.period_kind = $kind AND ($half = 0 OR r.half = $half)
),
own AS (
    SELECT i.unit_code AS province_code, i.report_id,
           i.reported_on AS submitted_on, i.entered_at, i.entered_by,
           (SELECT count(*) FROM report_value AS v WHERE v.report_id = i.report_id) AS values_reported
    FROM inforce AS i
    JOIN admin_unit AS a ON a.units_system = i.units_system AND a.unit_code = i.unit_code AND a.level = 'province'
    QUALIFY row_number() OVER (PARTITION BY i.unit_code
                               ORDER BY i.reported_on DESC NULLS LAST, i.entered_at DESC, i.report_id DESC) = 1
),
base AS (
    SELECT a.province_code,
           count(*) AS communes_total,
           count(*) FILTER (WHERE up.unit_code IN (SELECT unit_code FROM inforce)) AS communes_reported
    FROM up JOIN admin_unit AS a USING (units_system, unit_code)
    WHERE up.is_base
    GROUP BY ALL
)
SELECT p.view_province_code, p.province_code, p.province_name, o.report_id, o.submitted_on, o.entered_at,
       o.entered_by, coalesce(o.values_reported, 0)::BIGINT AS values_reported,
       CASE WHEN o.report_id IS NULL AND $today <= $deadline THEN 'pending'
            WHEN o.report_id IS NULL THEN 'missing'
            WHEN o.submitted_on IS NULL THEN 'undated'
            WHEN o.submitted_on <= $deadline THEN 'on_time'
            ELSE 'late' END AS status,
       CASE WHEN o.submitted_on > $deadline THEN date_diff('day', $deadline::DATE, o.submitted_on) END AS days_late,
       coalesce(b.communes_reported, 0)::BIGINT AS communes_reported,
       coalesce(b.communes_total, 0)::BIGINT AS communes_total
FROM prov AS p
LEFT JOIN own AS o USING (province_code)
LEFT JOIN base AS b USING (province_code)
ORDER BY p.view_province_code, p.province_code;
