-- name: unit_directory
-- Every administrative unit a search may find, of both unit systems (provinces, the old system's
-- districts, communes and their equivalents), inside a scope, one row per unit, with the names of
-- the units linked to it across the reorganisation of 1 July: for a unit of an older system the
-- unit(s) of today's system it went into, for a unit of today's system the older units it took in
-- (commune_crosswalk, province_crosswalk), and the places registered inside it: the sites (villages,
-- agencies) that a registered plan of the unit names (document_site). Accent folding and ranking
-- happen in the caller (antq.text.fold over the names, antq/unitview.py).
-- Columns: units_system, unit_code, level, name, short_name, province_code, province_name,
--   district_name, province_2025_code, linked_names, place_names.
-- Parameters: $provinces (province codes of today's system a scope allows; empty = all),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction).
WITH linked AS (
    SELECT latest_units_system() AS units_system, cw.new_unit_code AS unit_code, o.name AS other_name
    FROM commune_crosswalk AS cw
    JOIN admin_unit AS o ON o.units_system <> latest_units_system() AND o.unit_code = cw.old_unit_code
    UNION ALL
    SELECT o.units_system, cw.old_unit_code, n.name
    FROM commune_crosswalk AS cw
    JOIN admin_unit AS o ON o.units_system <> latest_units_system() AND o.unit_code = cw.old_unit_code
    JOIN admin_unit AS n ON n.units_system = latest_units_system() AND n.unit_code = cw.new_unit_code
    UNION ALL
    SELECT latest_units_system(), pc.new_province_code, o.name
    FROM province_crosswalk AS pc
    JOIN admin_unit AS o ON o.units_system <> latest_units_system() AND o.unit_code = pc.old_province_code
    JOIN admin_unit AS n ON n.units_system = latest_units_system() AND n.unit_code = pc.new_province_code
    WHERE o.name <> n.name
    UNION ALL
    SELECT o.units_system, pc.old_province_code, n.name
    FROM province_crosswalk AS pc
    JOIN admin_unit AS o ON o.units_system <> latest_units_system() AND o.unit_code = pc.old_province_code
    JOIN admin_unit AS n ON n.units_system = latest_units_system() AND n.unit_code = pc.new_province_code
    WHERE o.name <> n.name
),
places AS (
    SELECT d.units_system, d.unit_code, list(DISTINCT s.name ORDER BY s.name) AS place_names
    FROM document_site AS s
    JOIN document AS d USING (document_id)
    WHERE d.unit_code IS NOT NULL
    GROUP BY ALL
)
SELECT a.units_system, a.unit_code, a.level, a.name, a.short_name, a.province_code, p.name AS province_name,
       d.name AS district_name, up.province_2025_code,
       list(DISTINCT l.other_name ORDER BY l.other_name) FILTER (WHERE l.other_name IS NOT NULL) AS linked_names,
       any_value(pl.place_names) AS place_names
FROM admin_unit AS a
JOIN unit_province AS up USING (units_system, unit_code)
JOIN admin_unit AS p ON p.units_system = a.units_system AND p.unit_code = a.province_code
LEFT JOIN admin_unit AS d ON d.units_system = a.units_system AND d.unit_code = a.district_code
     AND a.level <> 'district' AND a.level <> 'province'
LEFT JOIN linked AS l ON l.units_system = a.units_system AND l.unit_code = a.unit_code
LEFT JOIN places AS pl ON pl.units_system = a.units_system AND pl.unit_code = a.unit_code
WHERE (len($provinces) = 0 OR list_contains($provinces, up.province_2025_code))
  AND in_communes(a.units_system, a.unit_code, $communes)
GROUP BY ALL;
