-- name: unit_year_figures
-- One unit's figures year by year (unit_year_summary): a province or an old-system district with every
-- unit inside it; a unit of today's system also in the years before the reorganisation of 1 July,
-- from the older units it took in -- a province's old provinces whole (exact: provinces merged
-- whole), a commune's old communes by their crosswalk share (a divided commune's figures are
-- apportioned by area: `apportioned` says so). One row per year with data; a year without a row
-- has no figure, which is not zero.
-- Columns: year, units_system, carried, apportioned, units, festival_points, participants,
--   gift_value_vnd, commendations, models_active, model_sites, exemplars.
-- Parameters: $units_system, $unit_code (the unit), $provinces (province codes of today's system a scope
--   allows; empty = all), $communes (communes of today's system a commune scope allows; empty = none).
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
SELECT s.year, min(s.units_system)::SMALLINT AS units_system, bool_or(m.carried) AS carried,
       bool_or(m.share < 1) AS apportioned, count(DISTINCT s.unit_code)::BIGINT AS units,
       sum(s.festival_points * m.share) AS festival_points,
       sum(s.participants * m.share) AS participants,
       sum(s.gift_value_vnd * m.share) AS gift_value_vnd,
       sum(s.commendations * m.share) AS commendations,
       sum(s.models_active * m.share) AS models_active,
       sum(s.model_sites * m.share) AS model_sites,
       sum(s.exemplars * m.share) AS exemplars
FROM unit_year_summary AS s
JOIN scoped AS m USING (units_system, unit_code)
GROUP BY s.year
ORDER BY s.year;
