-- name: festival_points
-- The festival points of a year and selection, one row per point, with their organising unit and
-- its province in the $units system.
-- Columns: year, province_code, province_name, unit_code, unit_name, held_on, venue_kind,
--   venue_name, is_pilot, participants, households, has_ceremony, has_culture_sports,
--   has_police_forum, has_policy_visits, gift_packages, gift_value_vnd, budget_vnd, source_kind.
-- Parameters: $year, $units (a unit system, antq/vocab/unit_systems.py), $provinces (list; empty = all),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction).
SELECT f.year, up.province_code, p.name AS province_name, f.unit_code, u.name AS unit_name,
       f.held_on, f.venue_kind, f.venue_name, f.is_pilot, f.participants, f.households,
       f.has_ceremony, f.has_culture_sports, f.has_police_forum, f.has_policy_visits,
       f.gift_packages, f.gift_value_vnd, f.budget_vnd, ds.kind AS source_kind
FROM festival_point AS f
JOIN unit_in_system($units) AS up USING (units_system, unit_code)
JOIN admin_unit AS u USING (units_system, unit_code)
JOIN admin_unit AS p ON p.units_system = $units AND p.unit_code = up.province_code
JOIN data_source AS ds USING (source_id)
WHERE f.year = $year
  AND year_in_view(f.year, $units)
  AND (len($provinces) = 0 OR list_contains($provinces, up.province_code))
  AND in_communes(f.units_system, f.unit_code, $communes)
ORDER BY up.province_code, f.unit_code, f.held_on, f.point_id;
