-- name: validation_flags
-- What the level above should follow up for $year, for the units under the viewer (every unit of a
-- selected province of the $units system; inside a commune scope its base units only):
--   rule     a unit's figures in force that break a rule between figures (validation_rules() and
--            validation_rule_terms(), rendered from antq/vocab/validation_rules.py): an error is a
--            hard contradiction, a warning a soft one or one between approximate figures;
--   outlier  a figure a unit reported that is far from its own last history_years() years of the
--            same period kind (history_outlier: robust z of ln(1 + value) on the median and MAD, or
--            the ratio to the median without a spread) — flagged, never refused.
-- Columns: kind (rule | outlier), severity, province_code (of $units), unit_code, unit_name, rule,
--   indicator (outlier), left_value, right_value (rule), value, n, med, z (outlier).
-- Parameters: $year, $units, $provinces, $communes, $kinds (period kinds), $half (0 = any),
--   $indicators (the catalogue's codes the rules read).
WITH units AS MATERIALIZED (
    SELECT a.units_system, a.unit_code, a.name AS unit_name, u.province_code
    FROM admin_unit AS a
    JOIN unit_in_system($units) AS u ON u.units_system = a.units_system AND u.unit_code = a.unit_code
    WHERE a.units_system = units_system_of($year)
      AND (len($provinces) = 0 OR list_contains($provinces, u.province_code))
      AND (len($communes) = 0 OR (a.is_base AND in_communes(a.units_system, a.unit_code, $communes)))
),
terms AS (
    SELECT o.units_system, o.unit_code, t.rule, t.side,
           CASE WHEN t.part = 'value' THEN o.value ELSE o.denominator END AS x,
           o.qualifier = 'exact' AS exact
    FROM unit_values_in_force($year, $year, $kinds, $half, $indicators) AS o
    JOIN validation_rule_terms() AS t USING (indicator)
),
sides AS (
    SELECT units_system, unit_code, rule,
           sum(x) FILTER (WHERE side = 'left') AS left_value,
           count(*) FILTER (WHERE side = 'left') AS left_terms,
           max(x) FILTER (WHERE side = 'right') AS right_value,
           bool_and(exact) AS exact
    FROM terms WHERE x IS NOT NULL
    GROUP BY ALL
),
rule_flags AS (
    SELECT 'rule' AS kind, CASE WHEN s.exact THEN r.severity ELSE 'warning' END AS severity,
           u.province_code, u.unit_code, u.unit_name, s.rule, NULL::VARCHAR AS indicator,
           s.left_value, s.right_value, NULL::DOUBLE AS value, NULL::BIGINT AS n, NULL::DOUBLE AS med,
           NULL::DOUBLE AS z
    FROM sides AS s
    JOIN validation_rules() AS r USING (rule)
    JOIN units AS u USING (units_system, unit_code)
    WHERE s.right_value IS NOT NULL AND s.left_terms > 0 AND (r.op <> 'eq' OR s.left_terms = r.n_left)
      AND CASE WHEN r.op = 'le' THEN s.left_value > s.right_value + 1e-9
               ELSE abs(s.left_value - s.right_value) > 1e-9 END
),
reported AS (  -- every figure a unit reported in force, with its period
    SELECT r.units_system, r.unit_code, r.year, r.period_kind, coalesce(r.half, 0) AS half, v.indicator, v.value
    FROM report_in_force() AS r
    JOIN report_value AS v USING (report_id)
    WHERE r.year BETWEEN $year - history_years() AND $year AND r.year_from = r.year
      AND r.units_system = units_system_of($year)
      AND list_contains($kinds, r.period_kind) AND ($half = 0 OR r.half = $half)
),
history AS (
    SELECT units_system, unit_code, period_kind, half, indicator, count(*) AS n, median(value) AS med,
           median(ln(1 + value)) AS median_log, mad(ln(1 + value)) AS mad_log
    FROM reported WHERE year < $year
    GROUP BY ALL
),
outliers AS (
    SELECT 'outlier' AS kind, 'warning' AS severity, u.province_code, u.unit_code, u.unit_name,
           NULL::VARCHAR AS rule, c.indicator, NULL::DOUBLE AS left_value, NULL::DOUBLE AS right_value,
           c.value, h.n, h.med, robust_z(c.value, h.median_log, h.mad_log) AS z
    FROM reported AS c
    JOIN history AS h USING (units_system, unit_code, period_kind, half, indicator)
    JOIN units AS u USING (units_system, unit_code)
    WHERE c.year = $year AND history_outlier(c.value, h.n, h.med, h.median_log, h.mad_log)
)
SELECT * FROM rule_flags
UNION ALL
SELECT * FROM outliers
ORDER BY severity, province_code, unit_code, kind, rule, indicator;
