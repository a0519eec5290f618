-- name: participation_by_commune
-- Every base unit (commune or equivalent) of the selection in a year, whether or not it held the
-- festival, with its festival points and participants; both null when its province (of the year's
-- own system) has not reported festival data that year (province_year_reported: "chưa báo cáo").
-- Columns: province_code, unit_code, unit_name, festival_points, participants.
-- Parameters: $year, $units (a unit system, antq/vocab/unit_systems.py), $provinces (list; empty = all),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction).
WITH pts AS (
    SELECT units_system, unit_code, count(*) AS festival_points, sum(participants) AS participants
    FROM festival_point
    WHERE year = $year
    GROUP BY ALL
)
SELECT up.province_code, u.unit_code, u.name AS unit_name,
       CASE WHEN r.kind IS NOT NULL THEN coalesce(pts.festival_points, 0) END::BIGINT AS festival_points,
       CASE WHEN r.kind IS NOT NULL THEN coalesce(pts.participants, 0) END::BIGINT    AS participants
FROM admin_unit AS u
JOIN unit_in_system($units) AS up USING (units_system, unit_code)
LEFT JOIN pts USING (units_system, unit_code)
LEFT JOIN province_year_reported AS r
       ON r.kind = 'festivals' AND r.year = $year AND r.units_system = u.units_system
      AND r.province_code = u.province_code
WHERE u.is_base
  AND u.units_system = units_system_of($year)
  AND year_in_view($year, $units)
  AND (len($provinces) = 0 OR list_contains($provinces, up.province_code))
  AND in_communes(u.units_system, u.unit_code, $communes)
ORDER BY up.province_code, u.unit_code;
