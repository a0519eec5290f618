-- name: headline_by_province_year
-- The movement's headline figures, one row per (year, province) of the selection.
-- Provinces are those of the $units system: 2008 = the 63 old provinces (only for years <= 2024),
-- 2025 = today's 34. Figures of years <= 2024 reach the 34 through the whole-province crosswalk,
-- which is exact. Communes are base units (commune or equivalent) of the year's own system;
-- a commune is covered when it organised at least one festival point that year.
-- Columns: year, province_code, province_name, communes_total, communes_covered, coverage_pct,
--   festival_points, pilot_points, participants, households, gift_packages, gift_value_vnd,
--   budget_vnd, commendations, models_active, models_effective, models_new, models_dissolved,
--   model_sites, exemplars.
-- Parameters: $year_from, $year_to (inclusive), $units (2008 | 2025),
--   $provinces (list of province codes of the $units system; empty list = the whole country).
WITH years AS (
    SELECT y::SMALLINT AS year
    FROM range($year_from, $year_to + 1) AS t(y)
    WHERE $units = 2025 OR y <= 2024
),
up AS (
    SELECT * FROM unit_in_system($units)
),
sel AS (
    SELECT unit_code AS province_code, name AS province_name
    FROM admin_unit
    WHERE units_system = $units AND level = 'province'
      AND (len($provinces) = 0 OR list_contains($provinces, unit_code))
),
base AS (
    SELECT y.year, up.province_code, count(*) AS communes_total
    FROM years AS y
    JOIN up ON up.is_base AND up.units_system = CASE WHEN y.year >= 2025 THEN 2025 ELSE 2008 END
    GROUP BY ALL
),
fest AS (
    SELECT f.year, up.province_code,
           count(DISTINCT f.unit_code) FILTER (WHERE up.is_base) AS communes_covered,
           count(*)                                  AS festival_points,
           count(*) FILTER (WHERE f.is_pilot)        AS pilot_points,
           sum(f.participants)                       AS participants,
           sum(f.households)                         AS households,
           sum(f.gift_packages)                      AS gift_packages,
           sum(f.gift_value_vnd)                     AS gift_value_vnd,
           sum(f.budget_vnd)                         AS budget_vnd
    FROM festival_point AS f
    JOIN up USING (units_system, unit_code)
    WHERE f.year BETWEEN $year_from AND $year_to
    GROUP BY ALL
),
comm AS (
    SELECT c.year, up.province_code, sum(c.recipients) AS commendations
    FROM commendation AS c
    JOIN up USING (units_system, unit_code)
    WHERE c.year BETWEEN $year_from AND $year_to
    GROUP BY ALL
),
mdl AS (
    SELECT m.year, up.province_code,
           count(*) FILTER (WHERE m.status IN ('active', 'effective'))   AS models_active,
           count(*) FILTER (WHERE m.status = 'effective')                AS models_effective,
           count(*) FILTER (WHERE md.established_year = m.year)          AS models_new,
           count(*) FILTER (WHERE m.status = 'dissolved')                AS models_dissolved,
           sum(m.sites)                                                  AS model_sites
    FROM model_year AS m
    JOIN model AS md USING (model_id)
    JOIN up USING (units_system, unit_code)
    WHERE m.year BETWEEN $year_from AND $year_to
    GROUP BY ALL
),
ex AS (
    SELECT e.year, up.province_code, sum(e.exemplars) AS exemplars
    FROM exemplar AS e
    JOIN up USING (units_system, unit_code)
    WHERE e.year BETWEEN $year_from AND $year_to
    GROUP BY ALL
)
SELECT y.year,
       s.province_code,
       s.province_name,
       coalesce(base.communes_total, 0)::BIGINT      AS communes_total,
       coalesce(fest.communes_covered, 0)::BIGINT    AS communes_covered,
       round(100.0 * coalesce(fest.communes_covered, 0) / nullif(base.communes_total, 0), 2) AS coverage_pct,
       coalesce(fest.festival_points, 0)::BIGINT     AS festival_points,
       coalesce(fest.pilot_points, 0)::BIGINT        AS pilot_points,
       coalesce(fest.participants, 0)::BIGINT        AS participants,
       coalesce(fest.households, 0)::BIGINT          AS households,
       coalesce(fest.gift_packages, 0)::BIGINT       AS gift_packages,
       coalesce(fest.gift_value_vnd, 0)::BIGINT      AS gift_value_vnd,
       coalesce(fest.budget_vnd, 0)::BIGINT          AS budget_vnd,
       coalesce(comm.commendations, 0)::BIGINT       AS commendations,
       coalesce(mdl.models_active, 0)::BIGINT        AS models_active,
       coalesce(mdl.models_effective, 0)::BIGINT     AS models_effective,
       coalesce(mdl.models_new, 0)::BIGINT           AS models_new,
       coalesce(mdl.models_dissolved, 0)::BIGINT     AS models_dissolved,
       coalesce(mdl.model_sites, 0)::BIGINT          AS model_sites,
       coalesce(ex.exemplars, 0)::BIGINT             AS exemplars
FROM years AS y
CROSS JOIN sel AS s
LEFT JOIN base USING (year, province_code)
LEFT JOIN fest USING (year, province_code)
LEFT JOIN comm USING (year, province_code)
LEFT JOIN mdl  USING (year, province_code)
LEFT JOIN ex   USING (year, province_code)
ORDER BY y.year, s.province_code;
