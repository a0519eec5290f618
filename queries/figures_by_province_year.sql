-- name: figures_by_province_year
-- The one reading path (issue 24): one figure per (year, province of the $units system, indicator),
-- made by the one in-force rule of docs/importing.md ("Một số liệu cho mỗi đơn vị") from every source
-- of values a unit has:
--   own     a unit's own reported value in force (the macro unit_values_in_force of antq/schema.sql:
--           its latest report among the period kinds $kinds and half $half, or a figure a reviewer
--           confirmed from its document; later over earlier);
--   detail  the unit's detail rows as indicator values (the derived table unit_indicator_detail:
--           what each detail table counts; a base unit's festival held or not, of 1); only when
--           $with_detail (detail rows are the festival's and the year's figures).
-- Per unit, bottom up through the year's own system: a base unit (commune or equivalent) has its own
-- value, else its detail; a district (old system) its own, else the sum of its communes plus its own detail
-- rows; a province its own report — the official figure — else the sum of its lower units plus its
-- own detail rows. The sum of the lower units is kept beside an own report (lower_*), never added to
-- it. Indicators of $max_indicators combine by maximum, the others by sum (a ratio's denominators
-- apart). Older years viewed in today's system add the old provinces merged into a new one.
-- Inside a commune scope ($communes non-empty) only the scope's base units count: no province's or
-- district's own figure (they are not the commune's to see).
-- Columns: year, province_code, province_name, indicator, value, denominator, qualifiers (parts'
--   qualifiers, for antq.transforms.combined_qualifier), sources (distinct sources of the parts:
--   report | document | detail), own_value, own_denominator, own_qualifier, own_qualifier_word (the
--   word the source wrote, "hơn"), own_source, lower_value,
--   lower_denominator, lower_qualifiers, lower_units (lower units with a value), lower_total (lower
--   units), detail_value (the province's detail rows alone), source_provinces (the year's own
--   provinces it is made of), provinces_with_value (of them, those with a value).
-- Parameters: $year_from, $year_to, $units, $provinces (codes of $units; empty = all), $communes,
--   $kinds (period kinds), $half (1, 2, 0 = any), $with_detail, $indicators, $max_indicators,
--   $approved_only (the "approved only" view: own values from reports the level above approved alone,
--   the macro's parameter; antq.service sets $with_detail false with it, detail rows being unreviewed).
WITH years AS (
    SELECT y::SMALLINT AS year FROM range($year_from, $year_to + 1) AS t(y) WHERE year_in_view(y, $units)
),
sel AS (
    SELECT unit_code AS province_code, name AS province_name
    FROM admin_unit
    WHERE units_system = $units AND level = 'province'
      AND (len($provinces) = 0 OR list_contains($provinces, unit_code))
),
units AS MATERIALIZED (  -- every unit of each year's own system under a selected province
    SELECT y.year, a.units_system, a.unit_code, a.level, a.is_base,
           a.province_code AS own_province_code, u.province_code,
           -- the unit directly under the province it lies in: its district (old system) or itself
           coalesce(a.district_code, a.unit_code) AS child_code,
           in_communes(a.units_system, a.unit_code, $communes) AS in_scope
    FROM years AS y
    JOIN admin_unit AS a ON a.units_system = units_system_of(y.year)
    JOIN unit_in_system($units) AS u ON u.units_system = a.units_system AND u.unit_code = a.unit_code
    WHERE a.level IN ('province', 'district', 'commune')
      AND u.province_code IN (SELECT province_code FROM sel)
),
lower_units AS (  -- the units below the provinces that count: inside a commune scope its base units only
    SELECT * FROM units
    WHERE level <> 'province' AND (len($communes) = 0 OR (is_base AND in_scope))
),
ind AS (SELECT unnest($indicators) AS indicator),
own AS (
    SELECT * FROM unit_values_in_force($year_from, $year_to, $kinds, $half, $indicators,
                                       approved_only := $approved_only)
),
detail AS (  -- the detail rows as indicator values (unit_indicator_detail, rebuilt on every write)
    SELECT d.year, d.units_system, d.unit_code, d.indicator, d.value, d.denominator
    FROM unit_indicator_detail AS d
    WHERE $with_detail AND d.year BETWEEN $year_from AND $year_to AND list_contains($indicators, d.indicator)
),
det AS MATERIALIZED (  -- detail rows of the lower units
    SELECT u.year, u.units_system, u.own_province_code, u.unit_code, u.child_code, u.is_base, u.level,
           d.indicator, d.value, d.denominator
    FROM detail AS d JOIN lower_units AS u USING (year, units_system, unit_code)
),
own_lower AS (  -- own values of lower units (a district's or commune's report or document figure)
    SELECT u.year, u.units_system, u.own_province_code, u.unit_code, u.child_code, u.is_base, u.level,
           o.indicator, o.value, o.denominator, o.qualifier, o.source
    FROM own AS o JOIN lower_units AS u USING (year, units_system, unit_code)
),
district_own AS (  -- a district's own report stands for its whole subtree (old system)
    SELECT * FROM own_lower WHERE level = 'district' AND NOT is_base
),
used_own AS (  -- the lower units' own values in force: districts', and communes' outside them
    SELECT * FROM district_own
    UNION ALL
    SELECT o.* FROM own_lower AS o
    WHERE o.is_base AND NOT EXISTS (
        SELECT 1 FROM district_own AS d
        WHERE d.year = o.year AND d.units_system = o.units_system AND d.unit_code = o.child_code
          AND d.indicator = o.indicator)
),
replaced AS (  -- the detail rows an own value stands in for (never counted twice): the unit's own rows,
               -- and under a district's own report every row of its subtree
    SELECT d.year, d.units_system, d.unit_code, d.indicator, d.value, d.denominator, d.own_province_code
    FROM det AS d
    JOIN used_own AS o ON o.year = d.year AND o.units_system = d.units_system AND o.indicator = d.indicator
                      AND o.unit_code = d.unit_code
    UNION
    SELECT d.year, d.units_system, d.unit_code, d.indicator, d.value, d.denominator, d.own_province_code
    FROM det AS d
    JOIN district_own AS o ON o.year = d.year AND o.units_system = d.units_system AND o.indicator = d.indicator
                          AND o.unit_code = d.child_code
),
det_agg AS (
    SELECT year, units_system, own_province_code, indicator,
           sum(value) AS value, max(value) AS max_value, sum(denominator) AS denominator, count(*) AS n
    FROM det GROUP BY year, units_system, own_province_code, indicator
),
replaced_agg AS (
    SELECT year, units_system, own_province_code, indicator,
           sum(value) AS value, sum(denominator) AS denominator, count(*) AS n
    FROM replaced GROUP BY year, units_system, own_province_code, indicator
),
own_agg AS (
    SELECT year, units_system, own_province_code, indicator,
           sum(value) AS value, max(value) AS max_value, sum(denominator) AS denominator,
           list(qualifier) AS qualifiers, list_distinct(list(source)) AS sources
    FROM used_own GROUP BY year, units_system, own_province_code, indicator
),
children_with_value AS (  -- lower units directly under the province that have a figure (an own value
                          -- stands in for detail rows of the same unit or subtree: its child has one too)
    SELECT year, units_system, own_province_code, indicator, count(DISTINCT child_code) AS n
    FROM (SELECT year, units_system, own_province_code, indicator, child_code FROM det
          UNION ALL
          SELECT year, units_system, own_province_code, indicator, child_code FROM used_own)
    GROUP BY year, units_system, own_province_code, indicator
),
child_counts AS (
    SELECT year, units_system, own_province_code, count(DISTINCT child_code) AS n
    FROM lower_units GROUP BY year, units_system, own_province_code
),
prov AS (  -- a province of the year's own system: its own value, its own detail rows, and below it
    SELECT u.year, u.units_system, u.unit_code AS own_province_code, u.province_code, i.indicator,
           CASE WHEN len($communes) = 0 THEN o.value END AS own_value,
           CASE WHEN len($communes) = 0 THEN o.denominator END AS own_denominator,
           CASE WHEN len($communes) = 0 THEN o.qualifier END AS own_qualifier,
           CASE WHEN len($communes) = 0 THEN o.qualifier_word END AS own_qualifier_word,
           CASE WHEN len($communes) = 0 THEN o.source END AS own_source,
           CASE WHEN len($communes) = 0 THEN pd.value END AS own_detail,
           CASE WHEN len($communes) = 0 THEN pd.denominator END AS own_detail_denominator,
           da.value AS det_value, da.max_value AS det_max, da.denominator AS det_denominator,
           coalesce(da.n, 0) - coalesce(ra.n, 0) AS det_kept,
           ra.value AS replaced_value, ra.denominator AS replaced_denominator,
           oa.value AS own_lower_value, oa.max_value AS own_lower_max, oa.denominator AS own_lower_denominator,
           oa.qualifiers AS own_lower_qualifiers, oa.sources AS own_lower_sources,
           coalesce(cv.n, 0) AS lower_units, coalesce(cc.n, 0) AS lower_total
    FROM units AS u
    CROSS JOIN ind AS i
    LEFT JOIN own AS o ON o.year = u.year AND o.units_system = u.units_system AND o.unit_code = u.unit_code
                      AND o.indicator = i.indicator
    LEFT JOIN detail AS pd ON pd.year = u.year AND pd.units_system = u.units_system AND pd.unit_code = u.unit_code
                          AND pd.indicator = i.indicator
    LEFT JOIN det_agg AS da ON da.year = u.year AND da.units_system = u.units_system
                           AND da.own_province_code = u.unit_code AND da.indicator = i.indicator
    LEFT JOIN replaced_agg AS ra ON ra.year = u.year AND ra.units_system = u.units_system
                                AND ra.own_province_code = u.unit_code AND ra.indicator = i.indicator
    LEFT JOIN own_agg AS oa ON oa.year = u.year AND oa.units_system = u.units_system
                           AND oa.own_province_code = u.unit_code AND oa.indicator = i.indicator
    LEFT JOIN children_with_value AS cv ON cv.year = u.year AND cv.units_system = u.units_system
                                       AND cv.own_province_code = u.unit_code AND cv.indicator = i.indicator
    LEFT JOIN child_counts AS cc ON cc.year = u.year AND cc.units_system = u.units_system
                                AND cc.own_province_code = u.unit_code
    WHERE u.level = 'province'
),
prov_figure AS (
    SELECT *,
           -- everything below the province, its own detail rows included (never its own report): the
           -- detail rows, less those an own value of a lower unit stands in for, plus those own values
           CASE WHEN det_kept > 0 OR own_lower_value IS NOT NULL OR own_detail IS NOT NULL
                THEN CASE WHEN list_contains($max_indicators, indicator)
                          THEN greatest(CASE WHEN det_kept > 0 THEN det_max END, own_lower_max, own_detail)
                          ELSE coalesce(det_value, 0) - coalesce(replaced_value, 0)
                               + coalesce(own_lower_value, 0) + coalesce(own_detail, 0) END
           END AS below_value,
           nullif(coalesce(det_denominator, 0) - coalesce(replaced_denominator, 0)
                  + coalesce(own_lower_denominator, 0) + coalesce(own_detail_denominator, 0), 0) AS below_denominator,
           list_concat(CASE WHEN det_kept > 0 OR own_detail IS NOT NULL THEN ['exact'] ELSE [] END,
                       coalesce(own_lower_qualifiers, [])) AS below_qualifiers,
           list_distinct(list_concat(CASE WHEN det_kept > 0 OR own_detail IS NOT NULL THEN ['detail'] ELSE [] END,
                                     coalesce(own_lower_sources, []))) AS below_sources,
           -- the province's detail rows alone, whatever else it has (for the note on disagreement)
           CASE WHEN det_value IS NOT NULL OR own_detail IS NOT NULL
                THEN coalesce(det_value, 0) + coalesce(own_detail, 0) END AS detail_only
    FROM prov
)
SELECT f.year, f.province_code, s.province_name, f.indicator,
       CASE WHEN list_contains($max_indicators, f.indicator)
            THEN max(coalesce(f.own_value, f.below_value))
            ELSE sum(coalesce(f.own_value, f.below_value)) END AS value,
       sum(CASE WHEN f.own_value IS NOT NULL THEN f.own_denominator ELSE f.below_denominator END) AS denominator,
       flatten(list(CASE WHEN f.own_value IS NOT NULL THEN [f.own_qualifier] ELSE f.below_qualifiers END))
           AS qualifiers,
       list_distinct(flatten(list(CASE WHEN f.own_value IS NOT NULL THEN [f.own_source] ELSE f.below_sources END)))
           AS sources,
       CASE WHEN count(*) = 1 THEN any_value(f.own_value) END AS own_value,
       CASE WHEN count(*) = 1 THEN any_value(f.own_denominator) END AS own_denominator,
       CASE WHEN count(*) = 1 THEN any_value(f.own_qualifier) END AS own_qualifier,
       CASE WHEN count(*) = 1 THEN any_value(f.own_qualifier_word) END AS own_qualifier_word,
       CASE WHEN count(*) = 1 THEN any_value(f.own_source) END AS own_source,
       CASE WHEN list_contains($max_indicators, f.indicator) THEN max(f.below_value) ELSE sum(f.below_value) END
           AS lower_value,
       sum(f.below_denominator) AS lower_denominator,
       flatten(list(f.below_qualifiers)) AS lower_qualifiers,
       sum(f.lower_units)::BIGINT AS lower_units,
       sum(f.lower_total)::BIGINT AS lower_total,
       sum(f.detail_only) AS detail_value,
       count(*)::BIGINT AS source_provinces,
       count(*) FILTER (WHERE coalesce(f.own_value, f.below_value) IS NOT NULL)::BIGINT AS provinces_with_value
FROM prov_figure AS f
JOIN sel AS s USING (province_code)
GROUP BY f.year, f.province_code, s.province_name, f.indicator
ORDER BY f.year, f.province_code, f.indicator;
