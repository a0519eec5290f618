-- name: documents_planned_sites
-- Planned sites against festival points: one row per site a registered plan of the year names,
-- with the issuing unit's festival points that year (any venue), those held on the planned date,
-- and the first date one was held. held_as_planned: a point of the unit on the planned date (NULL
-- when the plan gave no date).
-- Columns: document_id, number, province_code, unit_code, unit_name, site, planned_on,
--   points_in_year, points_on_planned_date, first_held_on, held_as_planned.
-- Parameters: $year, $units (a unit system, antq/vocab/unit_systems.py).
SELECT d.document_id, d.number, up.province_code, d.unit_code, u.name AS unit_name, s.name AS site, s.planned_on,
       count(f.point_id) AS points_in_year,
       count(f.point_id) FILTER (WHERE f.held_on = s.planned_on) AS points_on_planned_date,
       min(f.held_on) AS first_held_on,
       CASE WHEN s.planned_on IS NULL THEN NULL
            ELSE count(f.point_id) FILTER (WHERE f.held_on = s.planned_on) > 0 END AS held_as_planned
FROM document_site AS s
JOIN document AS d USING (document_id)
LEFT JOIN unit_in_system($units) AS up ON up.units_system = d.units_system AND up.unit_code = d.province_code
LEFT JOIN admin_unit AS u ON u.units_system = d.units_system AND u.unit_code = d.unit_code
LEFT JOIN admin_unit AS inside ON inside.units_system = d.units_system
     AND (inside.unit_code = d.unit_code OR inside.parent_code = d.unit_code OR inside.district_code = d.unit_code)
LEFT JOIN festival_point AS f ON f.year = d.year AND f.units_system = d.units_system AND f.unit_code = inside.unit_code
WHERE d.year = $year
GROUP BY d.document_id, d.number, up.province_code, d.unit_code, u.name, s.seq, s.name, s.planned_on
ORDER BY d.document_id, s.seq;
