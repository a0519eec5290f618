-- name: review_values
-- The values of report $report_id beside the same unit's previous ones: its value in force for the
-- same period kind (and half) a year earlier, and the value of the report it follows for the same
-- unit and period (the version before it: a returned report, when this one corrects it).
-- Columns: indicator, value, denominator, qualifier, qualifier_word, note, previous_year_value,
--   previous_year_denominator, previous_year_qualifier, earlier_version_value, earlier_version_qualifier.
-- Parameters: $report_id.
WITH me AS (SELECT * FROM report WHERE report_id = $report_id),
last_year AS (
    SELECT v.indicator, v.value, v.denominator, v.qualifier
    FROM report_in_force() AS r JOIN report_value AS v USING (report_id), me
    WHERE r.units_system = me.units_system AND r.unit_code = me.unit_code AND r.period_kind = me.period_kind
      AND r.year = me.year - 1 AND r.half IS NOT DISTINCT FROM me.half
),
earlier AS (
    SELECT max(r.report_id) AS report_id
    FROM report AS r, me
    WHERE r.units_system = me.units_system AND r.unit_code = me.unit_code AND r.period_kind = me.period_kind
      AND r.year_from = me.year_from AND r.year = me.year AND r.half IS NOT DISTINCT FROM me.half
      AND r.report_id < me.report_id
),
earlier_values AS (
    SELECT v.indicator, v.value, v.qualifier FROM report_value AS v JOIN earlier USING (report_id)
)
SELECT v.indicator, v.value, v.denominator, v.qualifier, v.qualifier_word, v.note,
       ly.value AS previous_year_value, ly.denominator AS previous_year_denominator,
       ly.qualifier AS previous_year_qualifier,
       ev.value AS earlier_version_value, ev.qualifier AS earlier_version_qualifier
FROM report_value AS v
LEFT JOIN last_year AS ly USING (indicator)
LEFT JOIN earlier_values AS ev USING (indicator)
WHERE v.report_id = $report_id
ORDER BY v.indicator;
