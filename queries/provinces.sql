-- name: provinces
-- The provinces of one unit system, one row each.
-- Columns: province_code, province_name (full, e.g. "Tỉnh Khánh Hòa"), short_name, lat, lon.
-- Parameters: $units (a unit system, antq/vocab/unit_systems.py).
SELECT unit_code AS province_code, name AS province_name, short_name, lat, lon
FROM admin_unit
WHERE units_system = $units AND level = 'province'
ORDER BY unit_code;
