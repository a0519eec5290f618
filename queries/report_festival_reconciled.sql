-- name: report_festival_reconciled
-- One figure per province and festival indicator, without double counting (docs/importing.md,
-- "Một số liệu cho mỗi đơn vị"): for each province of the year's own system (the unit that
-- reports) the province's own report in force where there is one — the official figure — and the
-- total of the detail rows (festival points) where there is none. Where both exist, `differs`
-- says whether they disagree: an exact value differs from any other detail total, "trên" from a
-- smaller one, "gần" from a larger one, "khoảng" from one further than $about_tolerance (relative).
-- Commune reports are not part of this figure (report_figures_by_province keeps them apart).
-- One row per (province of the year's own system inside the selection, indicator); view_province_code
-- is its province in the $units system. source: 'report', 'detail' or NULL (neither: not reported).
-- Columns: view_province_code, province_code, province_name, indicator, value, qualifier, source,
--   reported_value, reported_qualifier, detail_value, differs.
-- Parameters: $year, $units, $provinces (codes of $units; empty = all), $kinds, $indicators
--   (festival indicators) and $measures (the unit_year_summary column each counts, same order),
--   $about_tolerance,
--   $communes (a commune scope's communes: non-empty, this province-level question has no rows for it).
WITH pairs AS (
    SELECT unnest($indicators) AS indicator, unnest($measures) AS measure,
           generate_subscripts($indicators, 1) AS ord
),
prov AS (
    SELECT u.unit_code AS province_code, a.name AS province_name, u.province_code AS view_province_code
    FROM unit_in_system($units) AS u
    JOIN admin_unit AS a USING (units_system, unit_code)
    WHERE u.units_system = units_system_of($year) AND u.level = 'province'
      AND (len($provinces) = 0 OR list_contains($provinces, u.province_code))
      AND len($communes) = 0  -- a province's reports are not a commune's to see
),
detail AS (  -- the province's detail totals (province_year_summary), turned into rows: a few hundred at most
    UNPIVOT (
        SELECT * EXCLUDE (year, units_system)
        FROM province_year_summary
        WHERE year = $year AND province_code IN (SELECT province_code FROM prov)
    ) ON COLUMNS(* EXCLUDE (province_code)) INTO NAME measure VALUE detail
),
present AS (  -- detail rows exist for a province when it holds at least one festival point that year
    SELECT province_code FROM detail WHERE measure = 'festival_points' AND detail > 0
),
reported AS (
    SELECT r.unit_code AS province_code, v.indicator, v.value, v.qualifier
    FROM report AS r
    JOIN report_value AS v USING (report_id)
    JOIN admin_unit AS a ON a.units_system = r.units_system AND a.unit_code = r.unit_code AND a.level = 'province'
    WHERE r.report_id IN (SELECT report_id FROM report_in_force())
      AND r.year = $year AND list_contains($kinds, r.period_kind)
      AND list_contains($indicators, v.indicator)
      AND r.unit_code IN (SELECT province_code FROM prov)
    QUALIFY row_number() OVER (PARTITION BY r.unit_code, v.indicator
                               ORDER BY r.reported_on DESC NULLS LAST, r.entered_at DESC, r.report_id DESC) = 1
),
joined AS (
    SELECT p.view_province_code, p.province_code, p.province_name, k.indicator, k.ord,
           r.value AS reported_value, r.qualifier AS reported_qualifier,
           CASE WHEN p.province_code IN (SELECT province_code FROM present) THEN coalesce(d.detail, 0)::DOUBLE END AS detail_value
    FROM prov AS p
    CROSS JOIN pairs AS k
    LEFT JOIN reported AS r ON r.province_code = p.province_code AND r.indicator = k.indicator
    LEFT JOIN detail AS d ON d.province_code = p.province_code AND d.measure = k.measure
)
SELECT view_province_code, province_code, province_name, indicator,
       coalesce(reported_value, detail_value) AS value,
       CASE WHEN reported_value IS NOT NULL THEN reported_qualifier WHEN detail_value IS NOT NULL THEN 'exact' END
           AS qualifier,
       CASE WHEN reported_value IS NOT NULL THEN 'report' WHEN detail_value IS NOT NULL THEN 'detail' END AS source,
       reported_value, reported_qualifier, detail_value,
       coalesce(CASE reported_qualifier
           WHEN 'exact' THEN detail_value <> reported_value
           WHEN 'at_least' THEN detail_value < reported_value
           WHEN 'just_under' THEN detail_value > reported_value
           ELSE abs(detail_value - reported_value) > $about_tolerance * reported_value
       END, false) AS differs
FROM joined
ORDER BY view_province_code, province_code, ord;
