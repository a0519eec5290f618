-- name: cycle_progress
-- Who must report for one period and whether they have (issue 27): one row per unit an obligation
-- expects a report from, inside the selection. Expected: at level 'commune', the base units
-- (communes or equivalent) of the year's own system and the provinces; at 'province', the
-- provinces; at 'nation', the national unit alone; limited to the units inside today's provinces
-- $limit (empty = every province). A unit has reported when the store holds a report of its own for
-- ($kind, $year, $half); received_at is when the first one was entered (`entered_at`: the day it
-- reached the system; `reported_on` is the document's own date, shown beside it). Its deadline is
-- $commune_deadline for a commune, $province_deadline for a province or the nation. status:
-- 'on_time' (received on or before the deadline's day), 'late' (after it), 'pending' (none yet,
-- deadline not passed on $today), 'missing' (none, deadline passed).
-- Columns: level, province_code, province_name, unit_code, unit_name, deadline, received_at,
--   reported_on, reports, status, days_late.
-- Parameters: $year, $kind, $half (1, 2, or 0), $level, $limit (today's province codes), $commune_deadline,
--   $province_deadline, $today, $units, $provinces (codes of $units; empty = all), $communes (a
--   commune scope's communes; empty = none).
WITH up AS (
    SELECT u.*, p.province_2025_code
    FROM unit_in_system($units) AS u
    JOIN unit_province AS p USING (units_system, unit_code)
    WHERE u.units_system = units_system_of($year)
),
expected AS (
    SELECT CASE WHEN up.is_base THEN 'commune' WHEN up.level = 'province' THEN 'province' ELSE 'nation' END AS level,
           up.units_system, up.unit_code, a.name AS unit_name, up.province_code
    FROM up JOIN admin_unit AS a USING (units_system, unit_code)
    WHERE ((up.is_base AND $level = 'commune')
           OR (up.level = 'province' AND $level IN ('commune', 'province'))
           OR (up.level = 'nation' AND $level = 'nation'))
      AND (up.level = 'nation' OR len($limit) = 0 OR list_contains($limit, up.province_2025_code))
      AND (len($provinces) = 0 OR list_contains($provinces, up.province_code))
      AND in_communes(up.units_system, up.unit_code, $communes)
      -- the national summary is the whole country's: a province or commune scope does not see it
      AND (up.level <> 'nation' OR (len($provinces) = 0 AND len($communes) = 0))
),
received AS (
    SELECT units_system, unit_code, min(entered_at) AS received_at, max(reported_on) AS reported_on,
           count(*) AS reports
    FROM report
    WHERE year = $year AND period_kind = $kind AND ($half = 0 OR half = $half)
    GROUP BY ALL
),
due AS (
    SELECT e.*, p.name AS province_name, r.received_at, r.reported_on, coalesce(r.reports, 0)::BIGINT AS reports,
           CASE WHEN e.level = 'commune' THEN $commune_deadline::DATE ELSE $province_deadline::DATE END AS deadline
    FROM expected AS e
    LEFT JOIN received AS r USING (units_system, unit_code)
    LEFT JOIN admin_unit AS p ON p.units_system = $units AND p.unit_code = e.province_code
)
SELECT level, province_code, coalesce(province_name, unit_name) AS province_name, unit_code, unit_name, deadline,
       received_at, reported_on, reports,
       CASE WHEN received_at IS NULL AND $today::DATE <= deadline THEN 'pending'
            WHEN received_at IS NULL THEN 'missing'
            WHEN received_at::DATE <= deadline THEN 'on_time'
            ELSE 'late' END AS status,
       CASE WHEN received_at::DATE > deadline THEN date_diff('day', deadline, received_at::DATE) END AS days_late
FROM due
ORDER BY CASE level WHEN 'nation' THEN 0 WHEN 'province' THEN 1 ELSE 2 END, province_code, unit_code;
