-- name: documents_province_plans
-- Plan versus result per province for a year: every province of the $units system, whether a plan
-- of the year is registered for it (issued by the province or by a unit inside it), whether a news
-- item reports one, the plans' festival-share target (highest, in %) and the share of its base units
-- (communes) that held a festival that year, from the detail rows. A province with no plan is a gap:
-- plan_status 'missing'. target_met is NULL where there is no target.
-- Columns: province_code, province_name, plans, news, plan_status, target_pct, communes_total,
--   communes_held, coverage_pct, target_met.
-- Parameters: $year, $units (a unit system, antq/vocab/unit_systems.py).
WITH provs AS (
    SELECT unit_code AS province_code, short_name AS province_name
    FROM admin_unit WHERE units_system = $units AND level = 'province'
),
docs AS (
    SELECT up.province_code,
           count(*) FILTER (WHERE d.kind = 'plan') AS plans,
           count(*) FILTER (WHERE d.kind = 'news') AS news,
           max(t.value) FILTER (WHERE t.per = 'percent') AS target_pct
    FROM document AS d
    JOIN unit_in_system($units) AS up ON up.units_system = d.units_system AND up.unit_code = d.province_code
    LEFT JOIN document_target AS t ON t.document_id = d.document_id
    WHERE d.year = $year
    GROUP BY up.province_code
),
base AS (
    SELECT up.province_code, count(*) AS communes_total,
           count(*) FILTER (WHERE s.festival_points > 0) AS communes_held
    FROM admin_unit AS u
    JOIN unit_in_system($units) AS up USING (units_system, unit_code)
    LEFT JOIN unit_year_summary AS s ON s.year = $year AND s.units_system = u.units_system AND s.unit_code = u.unit_code
    WHERE u.is_base AND u.units_system = units_system_of($year)
    GROUP BY up.province_code
)
SELECT p.province_code, p.province_name,
       coalesce(d.plans, 0)::BIGINT AS plans, coalesce(d.news, 0)::BIGINT AS news,
       CASE WHEN d.plans > 0 THEN 'plan' WHEN d.news > 0 THEN 'news_only' ELSE 'missing' END AS plan_status,
       d.target_pct, b.communes_total, b.communes_held,
       round(100.0 * b.communes_held / nullif(b.communes_total, 0), 1) AS coverage_pct,
       CASE WHEN d.target_pct IS NULL THEN NULL
            ELSE 100.0 * b.communes_held / nullif(b.communes_total, 0) >= d.target_pct END AS target_met
FROM provs AS p
LEFT JOIN docs AS d USING (province_code)
LEFT JOIN base AS b USING (province_code)
ORDER BY p.province_code;
