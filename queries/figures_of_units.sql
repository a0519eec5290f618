-- name: figures_of_units
-- The own values in force of a few named units (the nation, a region, or any unit's own page), per
-- (year, unit, indicator): the rule of unit_values_in_force (antq/schema.sql), each unit in the
-- system of the year. Lower units are not summed here (figures_by_province_year does that).
-- Columns: year, units_system, unit_code, unit_name, level, indicator, value, denominator,
--   qualifier, qualifier_word (the word the source wrote), source.
-- Parameters: $year_from, $year_to, $unit_codes (codes of the years' own systems), $kinds,
--   $half (0 = any), $indicators, $approved_only (the "approved only" view: the macro's parameter).
SELECT v.year, v.units_system, v.unit_code, a.name AS unit_name, a.level, v.indicator, v.value,
       v.denominator, v.qualifier, v.qualifier_word, v.source
FROM unit_values_in_force($year_from, $year_to, $kinds, $half, $indicators, approved_only := $approved_only) AS v
JOIN admin_unit AS a USING (units_system, unit_code)
WHERE list_contains($unit_codes, v.unit_code)
  AND v.units_system = units_system_of(v.year)
ORDER BY v.year, v.unit_code, v.indicator;
