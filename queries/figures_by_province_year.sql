-- name: figures_by_province_year
-- The one reading path (issue 24): one figure per (year, province of the $units system, indicator),
-- made by the one in-force rule of docs/importing.md ("Một số liệu cho mỗi đơn vị") from every source
-- of values a unit has:
--   own     a unit's own reported value in force (the macro unit_values_in_force of antq/schema.sql:
--           its latest report among the period kinds $kinds and half $half, or a figure a reviewer
--           confirmed from its document; later over earlier);
--   detail  the unit's detail rows rolled up to the indicator (unit_year_summary, commendation,
--           exemplar: $detail_indicators ← $detail_measures, $award_keys → $award_indicators);
--           a province's detail share of communes that held the festival is the province's own.
--           Detail rows are the festival's and the year's: only when $with_detail.
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
--   report | document | detail), own_value, own_denominator, own_qualifier, own_source, lower_value,
--   lower_denominator, lower_qualifiers, lower_units (lower units with a value), lower_total (lower
--   units), detail_value (the province's detail rows alone), source_provinces (the year's own
--   provinces it is made of), provinces_with_value (of them, those with a value).
-- Parameters: $year_from, $year_to, $units, $provinces (codes of $units; empty = all), $communes,
--   $kinds (period kinds), $half (1, 2, 0 = any), $with_detail, $indicators, $max_indicators, $detail_indicators,
--   $detail_measures, $detail_kinds,
--   $award_keys ('award|recipient_kind'), $award_indicators, $exemplar_kinds, $exemplar_indicators,
--   $held_indicator (the ratio of communes
--   that held the festival).
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
    SELECT y.year, a.units_system, a.unit_code, a.level, a.is_base, a.parent_code,
           a.province_code AS own_province_code, u.province_code,
           in_communes(a.units_system, a.unit_code, $communes) AS in_scope
    FROM years AS y
    JOIN admin_unit AS a ON a.units_system = units_system_of(y.year)
    JOIN unit_in_system($units) AS u ON u.units_system = a.units_system AND u.unit_code = a.unit_code
    WHERE a.level IN ('province', 'district', 'commune')
      AND u.province_code IN (SELECT province_code FROM sel)
),
ind AS (SELECT unnest($indicators) AS indicator),
own AS (
    SELECT * FROM unit_values_in_force($year_from, $year_to, $kinds, $half, $indicators)
),
measures AS (
    SELECT unnest($detail_indicators) AS indicator, unnest($detail_measures) AS measure,
           unnest($detail_kinds) AS kind
),
awards AS (
    SELECT unnest($award_keys) AS award_key, unnest($award_indicators) AS indicator
),
exemplar_kinds AS (
    SELECT unnest($exemplar_kinds) AS recipient_kind, unnest($exemplar_indicators) AS indicator
),
summary_rows AS (
    UNPIVOT (
        SELECT s.* FROM unit_year_summary AS s
        WHERE s.year BETWEEN $year_from AND $year_to
    ) ON COLUMNS(* EXCLUDE (year, units_system, unit_code)) INTO NAME measure VALUE amount
),
reported_kind AS (  -- the detail kinds each province of a year's own system reported
    SELECT year, units_system, province_code, kind FROM province_year_reported
    WHERE year BETWEEN $year_from AND $year_to
),
detail AS (  -- a unit's totals count for a kind only where its province reported that kind (else 0 would read as reported)
    SELECT s.year, s.units_system, s.unit_code, m.indicator, sum(s.amount)::DOUBLE AS value,
           NULL::DOUBLE AS denominator
    FROM summary_rows AS s JOIN measures AS m USING (measure)
    JOIN units AS u ON u.year = s.year AND u.units_system = s.units_system AND u.unit_code = s.unit_code
    JOIN reported_kind AS k ON k.year = s.year AND k.units_system = s.units_system
                           AND k.province_code = u.own_province_code AND k.kind = m.kind
    WHERE $with_detail AND list_contains($indicators, m.indicator)
    GROUP BY ALL
    UNION ALL
    SELECT c.year, c.units_system, c.unit_code, a.indicator, sum(c.recipients)::DOUBLE, NULL
    FROM commendation AS c JOIN awards AS a ON a.award_key = c.award || '|' || c.recipient_kind
    WHERE $with_detail AND c.year BETWEEN $year_from AND $year_to AND list_contains($indicators, a.indicator)
    GROUP BY ALL
    UNION ALL
    SELECT e.year, e.units_system, e.unit_code, x.indicator, sum(e.exemplars)::DOUBLE, NULL
    FROM exemplar AS e JOIN exemplar_kinds AS x USING (recipient_kind)
    WHERE $with_detail AND e.year BETWEEN $year_from AND $year_to AND list_contains($indicators, x.indicator)
    GROUP BY ALL
    UNION ALL  -- communes that held the festival, of the communes of a province that reported festivals
    SELECT u.year, u.units_system, p.unit_code, $held_indicator,
           count(*) FILTER (WHERE s.festival_points > 0)::DOUBLE, count(*)::DOUBLE
    FROM units AS u
    JOIN reported_kind AS k ON k.year = u.year AND k.units_system = u.units_system
                           AND k.province_code = u.own_province_code AND k.kind = 'festivals'
    JOIN units AS p ON p.year = u.year AND p.units_system = u.units_system
                   AND p.unit_code = u.own_province_code
    LEFT JOIN unit_year_summary AS s ON s.year = u.year AND s.units_system = u.units_system
                                    AND s.unit_code = u.unit_code
    WHERE $with_detail AND u.is_base AND list_contains($indicators, $held_indicator)
      AND (len($communes) = 0 OR u.in_scope)
    GROUP BY ALL
),
keys AS (  -- the (unit, indicator) pairs that have a value, and every province and district
    SELECT year, units_system, unit_code, indicator FROM own
    UNION
    SELECT year, units_system, unit_code, indicator FROM detail
    UNION
    SELECT u.year, u.units_system, u.unit_code, i.indicator
    FROM units AS u CROSS JOIN ind AS i
    WHERE u.level = 'province' OR NOT u.is_base
),
parts AS (  -- per unit and indicator: its own value and its detail
    SELECT u.year, u.units_system, u.unit_code, u.level, u.is_base, u.parent_code, u.own_province_code,
           u.province_code, u.in_scope, k.indicator,
           o.value AS own_value, o.denominator AS own_denominator, o.qualifier AS own_qualifier,
           o.source AS own_source,
           d.value AS detail_value, d.denominator AS detail_denominator
    FROM keys AS k
    JOIN units AS u USING (year, units_system, unit_code)
    LEFT JOIN own AS o ON o.year = k.year AND o.units_system = k.units_system AND o.unit_code = k.unit_code
                      AND o.indicator = k.indicator
    LEFT JOIN detail AS d ON d.year = k.year AND d.units_system = k.units_system AND d.unit_code = k.unit_code
                         AND d.indicator = k.indicator
),
base AS (  -- a base unit: its own value, else its detail rows
    SELECT year, units_system, unit_code, parent_code, own_province_code, indicator,
           coalesce(own_value, detail_value) AS value,
           CASE WHEN own_value IS NOT NULL THEN own_denominator ELSE detail_denominator END AS denominator,
           CASE WHEN own_value IS NOT NULL THEN own_qualifier ELSE 'exact' END AS qualifier,
           CASE WHEN own_value IS NOT NULL THEN own_source ELSE 'detail' END AS source
    FROM parts
    WHERE is_base AND (own_value IS NOT NULL OR detail_value IS NOT NULL)
      AND (len($communes) = 0 OR in_scope)
),
mid_lower AS (
    SELECT b.year, b.units_system, b.parent_code AS unit_code, b.indicator,
           CASE WHEN list_contains($max_indicators, b.indicator) THEN max(b.value) ELSE sum(b.value) END AS value,
           sum(b.denominator) AS denominator,
           list(b.qualifier) AS qualifiers, list_distinct(list(b.source)) AS sources
    FROM base AS b
    JOIN parts AS p ON p.year = b.year AND p.units_system = b.units_system AND p.unit_code = b.parent_code
                   AND p.indicator = b.indicator AND p.level = 'district'
    GROUP BY b.year, b.units_system, b.parent_code, b.indicator
),
mid AS (  -- a district (old system): its own report, else its communes plus its own detail rows
    SELECT p.year, p.units_system, p.unit_code, p.parent_code, p.own_province_code, p.indicator,
           CASE WHEN p.own_value IS NOT NULL THEN p.own_value
                WHEN l.value IS NOT NULL OR p.detail_value IS NOT NULL
                THEN CASE WHEN list_contains($max_indicators, p.indicator)
                          THEN greatest(l.value, p.detail_value)
                          ELSE coalesce(l.value, 0) + coalesce(p.detail_value, 0) END
           END AS value,
           CASE WHEN p.own_value IS NOT NULL THEN p.own_denominator
                ELSE nullif(coalesce(l.denominator, 0) + coalesce(p.detail_denominator, 0), 0) END AS denominator,
           CASE WHEN p.own_value IS NOT NULL THEN [p.own_qualifier]
                ELSE list_concat(coalesce(l.qualifiers, []),
                                 CASE WHEN p.detail_value IS NOT NULL THEN ['exact'] ELSE [] END) END AS qualifiers,
           CASE WHEN p.own_value IS NOT NULL THEN [p.own_source]
                ELSE list_distinct(list_concat(coalesce(l.sources, []),
                                   CASE WHEN p.detail_value IS NOT NULL THEN ['detail'] ELSE [] END)) END AS sources
    FROM (  -- inside a commune scope a district's own report and own detail rows are not the commune's
        SELECT * REPLACE (CASE WHEN len($communes) = 0 THEN own_value END AS own_value,
                          CASE WHEN len($communes) = 0 THEN detail_value END AS detail_value)
        FROM parts
    ) AS p
    LEFT JOIN mid_lower AS l USING (year, units_system, unit_code, indicator)
    WHERE p.level = 'district' AND NOT p.is_base
),
children AS (  -- the units directly under a province: its districts (old system) or its communes
    SELECT year, units_system, own_province_code, indicator, value, denominator, [qualifier] AS qualifiers,
           [source] AS sources
    FROM base WHERE parent_code = own_province_code
    UNION ALL
    SELECT year, units_system, own_province_code, indicator, value, denominator, qualifiers, sources
    FROM mid WHERE value IS NOT NULL
),
child_counts AS (
    SELECT year, units_system, own_province_code, count(*) AS n
    FROM units
    WHERE parent_code = own_province_code AND level <> 'province' AND (len($communes) = 0 OR in_scope)
    GROUP BY ALL
),
prov_lower AS (
    SELECT year, units_system, own_province_code, indicator,
           CASE WHEN list_contains($max_indicators, indicator) THEN max(value) ELSE sum(value) END AS value,
           sum(denominator) AS denominator,
           flatten(list(qualifiers)) AS qualifiers, list_distinct(flatten(list(sources))) AS sources,
           count(*) AS units_with_value
    FROM children
    GROUP BY year, units_system, own_province_code, indicator
),
prov AS (  -- a province of the year's own system
    SELECT p.year, p.units_system, p.unit_code AS own_province_code, p.province_code, p.indicator,
           CASE WHEN len($communes) = 0 THEN p.own_value END AS own_value,
           CASE WHEN len($communes) = 0 THEN p.own_denominator END AS own_denominator,
           CASE WHEN len($communes) = 0 THEN p.own_qualifier END AS own_qualifier,
           CASE WHEN len($communes) = 0 THEN p.own_source END AS own_source,
           CASE WHEN len($communes) = 0 THEN p.detail_value END AS own_detail,
           CASE WHEN len($communes) = 0 THEN p.detail_denominator END AS own_detail_denominator,
           l.value AS lower_value, l.denominator AS lower_denominator, l.qualifiers AS lower_qualifiers,
           l.sources AS lower_sources, coalesce(l.units_with_value, 0) AS lower_units,
           coalesce(c.n, 0) AS lower_total
    FROM parts AS p
    LEFT JOIN prov_lower AS l ON l.year = p.year AND l.units_system = p.units_system
                             AND l.own_province_code = p.unit_code AND l.indicator = p.indicator
    LEFT JOIN child_counts AS c ON c.year = p.year AND c.units_system = p.units_system
                               AND c.own_province_code = p.unit_code
    WHERE p.level = 'province'
),
prov_figure AS (
    SELECT *,
           -- everything below the province, its own detail rows included (never its own report)
           CASE WHEN lower_value IS NOT NULL OR own_detail IS NOT NULL
                THEN CASE WHEN list_contains($max_indicators, indicator) THEN greatest(lower_value, own_detail)
                          ELSE coalesce(lower_value, 0) + coalesce(own_detail, 0) END END AS below_value,
           nullif(coalesce(lower_denominator, 0) + coalesce(own_detail_denominator, 0), 0) AS below_denominator,
           list_concat(coalesce(lower_qualifiers, []), CASE WHEN own_detail IS NOT NULL THEN ['exact'] ELSE [] END)
               AS below_qualifiers,
           list_distinct(list_concat(coalesce(lower_sources, []),
                                     CASE WHEN own_detail IS NOT NULL THEN ['detail'] ELSE [] END)) AS below_sources
    FROM prov
),
detail_total AS (  -- the province's detail rows alone, whatever else it has (for the note on disagreement)
    SELECT u.year, u.own_province_code, d.indicator,
           CASE WHEN list_contains($max_indicators, d.indicator) THEN max(d.value) ELSE sum(d.value) END AS value
    FROM detail AS d
    JOIN units AS u USING (year, units_system, unit_code)
    WHERE len($communes) = 0 OR u.in_scope
    GROUP BY u.year, u.own_province_code, d.indicator
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
       CASE WHEN count(*) = 1 THEN any_value(f.own_source) END AS own_source,
       CASE WHEN list_contains($max_indicators, f.indicator) THEN max(f.below_value) ELSE sum(f.below_value) END
           AS lower_value,
       sum(f.below_denominator) AS lower_denominator,
       flatten(list(f.below_qualifiers)) AS lower_qualifiers,
       sum(f.lower_units)::BIGINT AS lower_units,
       sum(f.lower_total)::BIGINT AS lower_total,
       CASE WHEN list_contains($max_indicators, f.indicator) THEN max(t.value) ELSE sum(t.value) END AS detail_value,
       count(*)::BIGINT AS source_provinces,
       count(*) FILTER (WHERE coalesce(f.own_value, f.below_value) IS NOT NULL)::BIGINT AS provinces_with_value
FROM prov_figure AS f
JOIN sel AS s USING (province_code)
LEFT JOIN detail_total AS t ON t.year = f.year AND t.own_province_code = f.own_province_code
                           AND t.indicator = f.indicator
GROUP BY f.year, f.province_code, s.province_name, f.indicator
ORDER BY f.year, f.province_code, f.indicator;
