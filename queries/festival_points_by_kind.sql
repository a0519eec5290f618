-- name: festival_points_by_kind
-- Festival points and participants by year, venue kind and pilot status.
-- Columns: year, venue_kind, is_pilot, festival_points, participants.
-- Parameters: $year_from, $year_to, $units (a unit system, antq/vocab/unit_systems.py), $provinces (list; empty = all),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction).
SELECT f.year, f.venue_kind, f.is_pilot,
       count(*)::BIGINT            AS festival_points,
       sum(f.participants)::BIGINT AS participants
FROM festival_point AS f
JOIN unit_in_system($units) AS up USING (units_system, unit_code)
WHERE f.year BETWEEN $year_from AND $year_to
  AND year_in_view(f.year, $units)
  AND (len($provinces) = 0 OR list_contains($provinces, up.province_code))
  AND in_communes(f.units_system, f.unit_code, $communes)
GROUP BY ALL
ORDER BY f.year, f.venue_kind, f.is_pilot;
