-- name: report_figures_by_province
-- The reported figures in force for one year and period, one row per (province of the $units
-- system, indicator), every indicator of $indicators for every selected province: a province no
-- report speaks for has a NULL value (not reported, never zero).
-- Per unit and indicator the value in force is that of the latest report among the in-force
-- reports (report_in_force()) of the period kinds $kinds (and half $half; 0 = any) — the same
-- order as supersession: reported_on, entered_at, report_id.
-- Two figures are kept apart: `value` is the official one, the sum of the province-level reports
-- (of the old provinces merged into a province when an older year is viewed in today's system;
-- provinces_reported of provinces_total spoke); `commune_value` is the sum of the communes' own
-- reports (communes_reported of communes_total base units). Indicators in $max_indicators combine
-- by maximum, the others by sum (a ratio's denominators are summed apart). `qualifiers` lists the
-- distinct qualifiers of the parts (antq.vocab.report_rules.combine_qualifiers makes one of them).
-- Columns: province_code, province_name, indicator, value, denominator, qualifiers,
--   provinces_reported, provinces_total, commune_value, commune_denominator, commune_qualifiers,
--   communes_reported, communes_total.
-- Parameters: $year, $units (unit system shown), $provinces (codes of $units; empty = all),
--   $kinds (period kinds), $half (1, 2, or 0 = any), $indicators (codes, in display order),
--   $max_indicators (codes that combine by maximum),
--   $communes (a commune scope's communes: non-empty, this province-level question has no rows for it).
WITH prov AS (
    SELECT unit_code AS province_code, name AS province_name
    FROM admin_unit
    WHERE units_system = $units AND level = 'province'
      AND (len($provinces) = 0 OR list_contains($provinces, unit_code))
      AND len($communes) = 0  -- a province's reports are not a commune's to see
),
ind AS (
    SELECT indicator, ord FROM unnest($indicators) WITH ORDINALITY AS t(indicator, ord)
),
up AS (
    SELECT * FROM unit_in_system($units) WHERE units_system = units_system_of($year)
),
own AS (
    SELECT province_code, count(*) FILTER (WHERE level = 'province') AS provinces_total,
           count(*) FILTER (WHERE is_base) AS communes_total
    FROM up GROUP BY ALL
),
vals AS (
    SELECT r.units_system, r.unit_code, v.indicator, v.value, v.denominator, v.qualifier
    FROM report AS r
    JOIN report_value AS v USING (report_id)
    WHERE r.report_id IN (SELECT report_id FROM report_in_force())
      AND r.year = $year AND list_contains($kinds, r.period_kind) AND ($half = 0 OR r.half = $half)
    QUALIFY row_number() OVER (PARTITION BY r.units_system, r.unit_code, v.indicator
                               ORDER BY r.reported_on DESC NULLS LAST, r.entered_at DESC, r.report_id DESC) = 1
),
placed AS (
    SELECT up.province_code, up.level, up.is_base, vals.*
    FROM vals JOIN up USING (units_system, unit_code)
),
parts AS (  -- the provinces' own reports, and apart from them the base units' (communes') own reports
    SELECT province_code, indicator, is_base AS of_communes,
           CASE WHEN list_contains($max_indicators, indicator) THEN max(value) ELSE sum(value) END AS value,
           sum(denominator) AS denominator,
           list_sort(list_distinct(list(qualifier))) AS qualifiers,
           count(*) AS units_reported
    FROM placed WHERE level = 'province' OR is_base
    GROUP BY province_code, indicator, is_base
)
SELECT p.province_code, p.province_name, i.indicator,
       o.value, o.denominator, coalesce(o.qualifiers, []::VARCHAR[]) AS qualifiers,
       coalesce(o.units_reported, 0)::BIGINT AS provinces_reported,
       coalesce(own.provinces_total, 0)::BIGINT AS provinces_total,
       c.value AS commune_value, c.denominator AS commune_denominator,
       coalesce(c.qualifiers, []::VARCHAR[]) AS commune_qualifiers,
       coalesce(c.units_reported, 0)::BIGINT AS communes_reported,
       coalesce(own.communes_total, 0)::BIGINT AS communes_total
FROM prov AS p
CROSS JOIN ind AS i
LEFT JOIN own USING (province_code)
LEFT JOIN parts AS o ON o.province_code = p.province_code AND o.indicator = i.indicator AND NOT o.of_communes
LEFT JOIN parts AS c ON c.province_code = p.province_code AND c.indicator = i.indicator AND c.of_communes
ORDER BY p.province_code, i.ord;
