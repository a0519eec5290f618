-- name: reporting_status
-- Who has reported what: one row per (year, province of that year's own unit system, kind of
-- figures). The denominator follows each year's own system (units_system_of(year)). status:
-- imported (some rows of the slice came from an imported file), illustrative (only demo rows), missing
-- (not reported: for detail data, no row in province_year_reported, the one home of that rule; for
-- kind 'report', no result report filed by the province or any of its units (antq/reports)).
-- loaded_at / file_name: the latest imported file of the slice.
-- Columns: year, units_system, province_code, province_name, kind, status, loaded_at, file_name, rows.
-- Parameters: $year_from, $year_to (inclusive).
WITH years AS (
    SELECT y::SMALLINT AS year, units_system_of(y)::SMALLINT AS units_system
    FROM range($year_from, $year_to + 1) AS t(y)
),
prov AS (
    SELECT y.year, y.units_system, a.unit_code AS province_code, a.name AS province_name
    FROM years AS y
    JOIN admin_unit AS a ON a.units_system = y.units_system AND a.level = 'province'
),
kinds AS (
    SELECT kind, ord FROM unnest(import_kind_codes()) WITH ORDINALITY AS k(kind, ord)
),
facts AS (
    SELECT 'festivals' AS kind, year, units_system, unit_code, source_id FROM festival_point
    UNION ALL SELECT 'commendations', year, units_system, unit_code, source_id FROM commendation
    UNION ALL SELECT 'models', year, units_system, unit_code, source_id FROM model_year
    UNION ALL SELECT 'report', year, units_system, unit_code, source_id FROM report WHERE local_unit_id IS NULL  -- any unit's own result report
),
agg AS (
    SELECT f.kind, f.year, u.province_code,
           count(*)                                                   AS rows,
           bool_or(d.kind = 'imported')                               AS any_imported,
           max(d.loaded_at) FILTER (WHERE d.kind = 'imported')        AS loaded_at,
           arg_max(d.file_name, d.loaded_at) FILTER (WHERE d.kind = 'imported') AS file_name
    FROM facts AS f
    JOIN admin_unit AS u USING (units_system, unit_code)
    JOIN data_source AS d USING (source_id)
    WHERE f.year BETWEEN $year_from AND $year_to
    GROUP BY ALL
)
SELECT p.year, p.units_system, p.province_code, p.province_name, k.kind,
       CASE WHEN (k.kind = 'report' AND a.rows IS NULL) OR (k.kind <> 'report' AND r.kind IS NULL) THEN 'missing'
            WHEN a.any_imported THEN 'imported' ELSE 'illustrative' END AS status,
       a.loaded_at, a.file_name, coalesce(a.rows, 0)::BIGINT AS rows
FROM prov AS p
CROSS JOIN kinds AS k
LEFT JOIN agg AS a ON a.kind = k.kind AND a.year = p.year AND a.province_code = p.province_code
LEFT JOIN province_year_reported AS r
       ON r.kind = k.kind AND r.year = p.year AND r.units_system = p.units_system AND r.province_code = p.province_code
ORDER BY p.year, p.province_code, k.ord;
