-- name: headline_by_province_year
-- The movement's headline figures, one row per (year, province) of the selection.
-- Provinces are those of the $units system; a year is shown when year_in_view(year, $units): in
-- its own system, or carried to today's provinces through the whole-province crosswalk (exact). Communes are base units (commune or equivalent) of the year's own system;
-- a commune is covered when it organised at least one festival point that year.
-- Read from province_year_summary, the fact tables totalled per (year, province of the unit's own
-- system), or inside a commune scope from unit_year_summary (per year and unit). Figures are summed as
-- stored (0 where nothing was stored); whether they were reported at all is said by the counts of
-- province_year_reported: source_provinces (the provinces of the year's own system this row is made
-- of: 1, or the 2-3 old provinces merged into a new one), <kind>_reported (how many of them reported
-- that kind), communes_reported / communes_models_reported (base units of the provinces that
-- reported festivals / models: the denominators of the shares). antq.transforms turns the figures
-- of a kind nobody reported into nulls ("chưa báo cáo").
-- Columns: year, province_code, province_name, communes_total, communes_covered, coverage_pct,
--   festival_points, pilot_points, participants, households, gift_packages, gift_value_vnd,
--   budget_vnd, commendations, models_active, models_effective, models_new, models_dissolved,
--   model_sites, exemplars, source_provinces, festivals_reported, commendations_reported,
--   models_reported, exemplars_reported, communes_reported, communes_models_reported.
-- Parameters: $year_from, $year_to (inclusive), $units (a unit system, antq/vocab/unit_systems.py),
--   $provinces (list of province codes of the $units system; empty list = the whole country),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction:
--   with one, the figures and the commune counts are those of its communes alone; whether their
--   province reported stays the province's).
WITH years AS (
    SELECT y::SMALLINT AS year
    FROM range($year_from, $year_to + 1) AS t(y)
    WHERE year_in_view(y, $units)
),
up AS MATERIALIZED (  -- read once: every CTE below joins it
    SELECT * FROM unit_in_system($units)
),
sel AS (
    SELECT unit_code AS province_code, name AS province_name
    FROM admin_unit
    WHERE units_system = $units AND level = 'province'
      AND (len($provinces) = 0 OR list_contains($provinces, unit_code))
),
own AS (
    -- each province of a year's own system, with the province it is shown under
    SELECT y.year, up.units_system, up.unit_code AS own_province_code, up.province_code
    FROM years AS y
    JOIN up ON up.level = 'province' AND up.units_system = units_system_of(y.year)
),
reported AS (  -- per (year, own province): which kinds it reported
    SELECT o.year, o.units_system, o.own_province_code, o.province_code,
           bool_or(r.kind = 'festivals')     AS festivals,
           bool_or(r.kind = 'commendations') AS commendations,
           bool_or(r.kind = 'models')        AS models,
           bool_or(r.kind = 'exemplars')     AS exemplars
    FROM own AS o
    LEFT JOIN province_year_reported AS r
           ON r.year = o.year AND r.units_system = o.units_system AND r.province_code = o.own_province_code
    GROUP BY ALL
),
rep AS (
    SELECT year, province_code,
           count(*) AS source_provinces,
           count(*) FILTER (WHERE festivals)     AS festivals_reported,
           count(*) FILTER (WHERE commendations) AS commendations_reported,
           count(*) FILTER (WHERE models)        AS models_reported,
           count(*) FILTER (WHERE exemplars)     AS exemplars_reported
    FROM reported
    GROUP BY ALL
),
units_per_province AS (  -- base units per province of their own system (inside a commune scope, if any)
    SELECT up.units_system, a.province_code AS own_province_code, count(*) AS n
    FROM up
    JOIN admin_unit AS a USING (units_system, unit_code)
    WHERE up.is_base AND in_communes(up.units_system, up.unit_code, $communes)
    GROUP BY ALL
),
base AS (  -- counted per province, then per year: the reported status is a province's
    SELECT r.year, r.province_code, sum(u.n) AS communes_total,
           coalesce(sum(u.n) FILTER (WHERE r.festivals), 0) AS communes_reported,
           coalesce(sum(u.n) FILTER (WHERE r.models), 0)    AS communes_models_reported
    FROM reported AS r
    JOIN units_per_province AS u USING (units_system, own_province_code)
    GROUP BY ALL
),
unit_figures AS (  -- per (year, unit shown under a province); inside a commune scope only
    SELECT s.*, up.province_code AS shown_province_code,
           (up.is_base AND s.festival_points > 0)::BIGINT AS communes_covered
    FROM unit_year_summary AS s
    JOIN up USING (units_system, unit_code)
    WHERE len($communes) > 0
      AND s.year BETWEEN $year_from AND $year_to
      AND in_communes(s.units_system, s.unit_code, $communes)
),
figures AS (  -- per (year, own province, shown province); without a commune scope, the province totals
    SELECT s.* EXCLUDE (province_code), up.province_code AS shown_province_code
    FROM province_year_summary AS s
    JOIN up ON up.units_system = s.units_system AND up.unit_code = s.province_code
    WHERE len($communes) = 0
      AND s.year BETWEEN $year_from AND $year_to
    UNION ALL BY NAME
    SELECT * EXCLUDE (unit_code) FROM unit_figures
),
agg AS (
    SELECT year, shown_province_code AS province_code,
           sum(communes_covered) AS communes_covered,
           sum(festival_points) AS festival_points, sum(pilot_points) AS pilot_points,
           sum(participants) AS participants, sum(households) AS households,
           sum(gift_packages) AS gift_packages, sum(gift_value_vnd) AS gift_value_vnd,
           sum(budget_vnd) AS budget_vnd, sum(commendations) AS commendations,
           sum(models_active) AS models_active, sum(models_effective) AS models_effective,
           sum(models_new) AS models_new, sum(models_dissolved) AS models_dissolved,
           sum(model_sites) AS model_sites, sum(exemplars) AS exemplars
    FROM figures
    GROUP BY ALL
)
SELECT y.year,
       s.province_code,
       s.province_name,
       coalesce(base.communes_total, 0)::BIGINT      AS communes_total,
       coalesce(agg.communes_covered, 0)::BIGINT    AS communes_covered,
       round(100.0 * coalesce(agg.communes_covered, 0) / nullif(base.communes_reported, 0), 2) AS coverage_pct,
       coalesce(agg.festival_points, 0)::BIGINT     AS festival_points,
       coalesce(agg.pilot_points, 0)::BIGINT        AS pilot_points,
       coalesce(agg.participants, 0)::BIGINT        AS participants,
       coalesce(agg.households, 0)::BIGINT          AS households,
       coalesce(agg.gift_packages, 0)::BIGINT       AS gift_packages,
       coalesce(agg.gift_value_vnd, 0)::BIGINT      AS gift_value_vnd,
       coalesce(agg.budget_vnd, 0)::BIGINT          AS budget_vnd,
       coalesce(agg.commendations, 0)::BIGINT       AS commendations,
       coalesce(agg.models_active, 0)::BIGINT        AS models_active,
       coalesce(agg.models_effective, 0)::BIGINT     AS models_effective,
       coalesce(agg.models_new, 0)::BIGINT           AS models_new,
       coalesce(agg.models_dissolved, 0)::BIGINT     AS models_dissolved,
       coalesce(agg.model_sites, 0)::BIGINT          AS model_sites,
       coalesce(agg.exemplars, 0)::BIGINT             AS exemplars,
       coalesce(rep.source_provinces, 0)::BIGINT      AS source_provinces,
       coalesce(rep.festivals_reported, 0)::BIGINT    AS festivals_reported,
       coalesce(rep.commendations_reported, 0)::BIGINT AS commendations_reported,
       coalesce(rep.models_reported, 0)::BIGINT       AS models_reported,
       coalesce(rep.exemplars_reported, 0)::BIGINT    AS exemplars_reported,
       coalesce(base.communes_reported, 0)::BIGINT    AS communes_reported,
       coalesce(base.communes_models_reported, 0)::BIGINT AS communes_models_reported
FROM years AS y
CROSS JOIN sel AS s
LEFT JOIN rep  USING (year, province_code)
LEFT JOIN base USING (year, province_code)
LEFT JOIN agg  USING (year, province_code)
ORDER BY y.year, s.province_code;
