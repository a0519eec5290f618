-- name: participation_by_commune
-- Every base unit (commune or equivalent) of the selection in a year, whether or not it held the
-- festival, with its festival points and participants.
-- Columns: province_code, unit_code, unit_name, festival_points, participants.
-- Parameters: $year, $units (a unit system, antq/vocab/unit_systems.py), $provinces (list; empty = all).
WITH pts AS (
    SELECT units_system, unit_code, count(*) AS festival_points, sum(participants) AS participants
    FROM festival_point
    WHERE year = $year
    GROUP BY ALL
)
SELECT up.province_code, u.unit_code, u.name AS unit_name,
       coalesce(pts.festival_points, 0)::BIGINT AS festival_points,
       coalesce(pts.participants, 0)::BIGINT    AS participants
FROM admin_unit AS u
JOIN unit_in_system($units) AS up USING (units_system, unit_code)
LEFT JOIN pts USING (units_system, unit_code)
WHERE u.is_base
  AND u.units_system = units_system_of($year)
  AND year_in_view($year, $units)
  AND (len($provinces) = 0 OR list_contains($provinces, up.province_code))
ORDER BY up.province_code, u.unit_code;
