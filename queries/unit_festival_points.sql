-- name: unit_festival_points
-- The festival points of one year held by a unit or the units inside it (for a unit of today's
-- system and a year before the reorganisation: by the older units it took in, each point whole,
-- under the old unit's name), one row per point.
-- Columns: held_on, unit_name, venue_kind, venue_name, is_pilot, participants, gift_packages,
--   gift_value_vnd, source_kind.
-- Parameters: $year, $units_system, $unit_code (the unit), $provinces (province codes of today's system a
--   scope allows; empty = all), $communes (communes of today's system a commune scope allows; empty = none).
WITH target AS (
    SELECT * FROM admin_unit WHERE units_system = $units_system AND unit_code = $unit_code
),
members AS (
    -- the unit and the units inside it, in its own system, whole
    SELECT a.units_system, a.unit_code, 1.0::DOUBLE AS share, false AS carried
    FROM admin_unit AS a, target AS t
    WHERE a.units_system = t.units_system
      AND (a.unit_code = t.unit_code
           OR (t.level = 'province' AND a.province_code = t.unit_code)
           OR (t.level = 'district' AND a.district_code = t.unit_code))
    UNION ALL
    -- a province of today's system: every unit of the old provinces merged whole into it
    SELECT up.units_system, up.unit_code, 1.0, true
    FROM unit_province AS up, target AS t
    WHERE t.level = 'province' AND t.units_system = latest_units_system()
      AND up.units_system <> t.units_system AND up.province_2025_code = t.unit_code
    UNION ALL
    -- a commune of today's system: the old base units the crosswalk maps into it, with their share
    SELECT o.units_system, cw.old_unit_code, cw.share, true
    FROM commune_crosswalk AS cw
    JOIN target AS t ON t.level = 'commune' AND t.units_system = latest_units_system()
                    AND cw.new_unit_code = t.unit_code
    JOIN admin_unit AS o ON o.units_system <> latest_units_system() AND o.unit_code = cw.old_unit_code
),
scoped AS (
    SELECT m.* FROM members AS m
    JOIN unit_province AS up USING (units_system, unit_code)
    WHERE (len($provinces) = 0 OR list_contains($provinces, up.province_2025_code))
      AND in_communes(m.units_system, m.unit_code, $communes)
)
SELECT f.held_on, u.name AS unit_name, f.venue_kind, f.venue_name, f.is_pilot, f.participants,
       f.gift_packages, f.gift_value_vnd, ds.kind AS source_kind
FROM festival_point AS f
JOIN (SELECT DISTINCT units_system, unit_code FROM scoped) AS m USING (units_system, unit_code)
JOIN admin_unit AS u USING (units_system, unit_code)
JOIN data_source AS ds USING (source_id)
WHERE f.year = $year
ORDER BY f.held_on, u.name, f.venue_name, f.point_id;
