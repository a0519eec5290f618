-- name: report_figures_by_commune
-- One indicator's reported figures in force for the base units (communes or equivalent) of one
-- province, one row per base unit of the year's own system inside $province (a province of the
-- $units system): a commune without a report of it has a NULL value (not reported, never zero).
-- The value in force is chosen as in report_figures_by_province (latest report among the in-force
-- reports of $kinds, half $half).
-- Columns: unit_code, unit_name, value, denominator, qualifier.
-- Parameters: $year, $units, $province (a province code of $units), $kinds, $half (1, 2, or 0 = any),
--   $indicator, $approved_only (the "approved only" view: reports the level above approved alone),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction).
WITH units AS (
    SELECT u.unit_code, a.name AS unit_name, u.units_system
    FROM unit_in_system($units) AS u
    JOIN admin_unit AS a USING (units_system, unit_code)
    WHERE u.units_system = units_system_of($year) AND u.is_base AND u.province_code = $province
      AND in_communes(u.units_system, u.unit_code, $communes)
),
vals AS (
    SELECT r.units_system, r.unit_code, v.value, v.denominator, v.qualifier
    FROM report AS r
    JOIN report_value AS v USING (report_id)
    WHERE r.report_id IN (SELECT report_id FROM report_in_force())
      AND (NOT $approved_only
           OR r.report_id IN (SELECT report_id FROM report_review_state() WHERE review_state = 'approved'))
      AND r.year = $year AND list_contains($kinds, r.period_kind) AND ($half = 0 OR r.half = $half)
      AND v.indicator = $indicator
    QUALIFY row_number() OVER (PARTITION BY r.units_system, r.unit_code
                               ORDER BY r.reported_on DESC NULLS LAST, r.entered_at DESC, r.report_id DESC) = 1
)
SELECT u.unit_code, u.unit_name, v.value, v.denominator, v.qualifier
FROM units AS u
LEFT JOIN vals AS v USING (units_system, unit_code)
ORDER BY u.unit_code;
