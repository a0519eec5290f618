-- Rebuild unit_year_summary from the fact tables (run inside the writer's transaction).
DELETE FROM unit_year_summary;
INSERT INTO unit_year_summary
WITH keys AS (
    SELECT year, units_system, unit_code FROM festival_point
    UNION SELECT year, units_system, unit_code FROM commendation
    UNION SELECT year, units_system, unit_code FROM model_year
    UNION SELECT year, units_system, unit_code FROM exemplar
),
fest AS (
    SELECT year, units_system, unit_code,
           count(*) AS festival_points, count(*) FILTER (WHERE is_pilot) AS pilot_points,
           sum(participants) AS participants, sum(households) AS households,
           sum(gift_packages) AS gift_packages, sum(gift_value_vnd) AS gift_value_vnd, sum(budget_vnd) AS budget_vnd
    FROM festival_point GROUP BY ALL
),
comm AS (
    SELECT year, units_system, unit_code, sum(recipients) AS commendations FROM commendation GROUP BY ALL
),
mdl AS (
    SELECT m.year, m.units_system, m.unit_code,
           count(*) FILTER (WHERE m.status IN ('active', 'effective')) AS models_active,
           count(*) FILTER (WHERE m.status = 'effective')              AS models_effective,
           count(*) FILTER (WHERE md.established_year = m.year)        AS models_new,
           count(*) FILTER (WHERE m.status = 'dissolved')              AS models_dissolved,
           sum(m.sites)                                                AS model_sites
    FROM model_year AS m JOIN model AS md USING (model_id) GROUP BY ALL
),
ex AS (
    SELECT year, units_system, unit_code, sum(exemplars) AS exemplars FROM exemplar GROUP BY ALL
)
SELECT k.year, k.units_system, k.unit_code,
       coalesce(fest.festival_points, 0), coalesce(fest.pilot_points, 0), coalesce(fest.participants, 0),
       coalesce(fest.households, 0), coalesce(fest.gift_packages, 0), coalesce(fest.gift_value_vnd, 0),
       coalesce(fest.budget_vnd, 0), coalesce(comm.commendations, 0), coalesce(mdl.models_active, 0),
       coalesce(mdl.models_effective, 0), coalesce(mdl.models_new, 0), coalesce(mdl.models_dissolved, 0),
       coalesce(mdl.model_sites, 0), coalesce(ex.exemplars, 0)
FROM keys AS k
LEFT JOIN fest USING (year, units_system, unit_code)
LEFT JOIN comm USING (year, units_system, unit_code)
LEFT JOIN mdl  USING (year, units_system, unit_code)
LEFT JOIN ex   USING (year, units_system, unit_code);

-- The same totals per province of each unit's own system (schema.sql: province_year_summary).
DELETE FROM province_year_summary;
INSERT INTO province_year_summary BY NAME
SELECT s.year, s.units_system, p.own_province_code AS province_code,
       sum(COLUMNS(s.* EXCLUDE (year, units_system, unit_code))),
       count(*) FILTER (WHERE p.is_base AND s.festival_points > 0) AS communes_covered
FROM unit_year_summary AS s
JOIN unit_province AS p USING (units_system, unit_code)
GROUP BY ALL;

-- Which province-years reported detail data of each kind (schema.sql: province_year_reported).
DELETE FROM province_year_reported;
INSERT INTO province_year_reported
WITH facts AS (
    SELECT DISTINCT 'festivals' AS kind, year, units_system, unit_code FROM festival_point
    UNION SELECT DISTINCT 'commendations', year, units_system, unit_code FROM commendation
    UNION SELECT DISTINCT 'models', year, units_system, unit_code FROM model_year
    UNION SELECT DISTINCT 'exemplars', year, units_system, unit_code FROM exemplar
)
SELECT DISTINCT f.kind, f.year, f.units_system, u.province_code
FROM facts AS f
JOIN admin_unit AS u USING (units_system, unit_code);

-- The detail rows as indicator values (schema.sql: unit_indicator_detail).
DELETE FROM unit_indicator_detail;
INSERT INTO unit_indicator_detail
WITH reported AS (
    SELECT r.kind, r.year, r.units_system, u.unit_code, u.is_base
    FROM province_year_reported AS r
    JOIN admin_unit AS u ON u.units_system = r.units_system AND u.province_code = r.province_code
),
summary_rows AS (
    UNPIVOT (SELECT * FROM unit_year_summary)
    ON COLUMNS(* EXCLUDE (year, units_system, unit_code)) INTO NAME measure VALUE amount
)
SELECT s.year, s.units_system, s.unit_code, m.indicator, sum(s.amount)::DOUBLE, NULL::DOUBLE
FROM summary_rows AS s
JOIN detail_measure_indicators() AS m USING (measure)
JOIN reported AS r ON r.kind = m.kind AND r.year = s.year AND r.units_system = s.units_system
                  AND r.unit_code = s.unit_code
GROUP BY ALL
UNION ALL
SELECT c.year, c.units_system, c.unit_code, a.indicator, sum(c.recipients)::DOUBLE, NULL
FROM commendation AS c JOIN award_indicators() AS a USING (award, recipient_kind)
GROUP BY ALL
UNION ALL
SELECT e.year, e.units_system, e.unit_code, x.indicator, sum(e.exemplars)::DOUBLE, NULL
FROM exemplar AS e JOIN exemplar_indicators() AS x USING (recipient_kind)
GROUP BY ALL
UNION ALL  -- each base unit of a province that reported festivals: held it (1) or not (0), of 1
SELECT r.year, r.units_system, r.unit_code, held_indicator(),
       (coalesce(s.festival_points, 0) > 0)::INTEGER::DOUBLE, 1.0
FROM reported AS r
LEFT JOIN unit_year_summary AS s USING (year, units_system, unit_code)
WHERE r.kind = 'festivals' AND r.is_base
UNION ALL  -- the year's evaluation: each commune's rows counted by grade, and all its rows as assessed
SELECT e.year, e.units_system, e.unit_code, m.indicator,
       count(*) FILTER (WHERE m.grade = evaluation_assessed() OR e.grade = m.grade)::DOUBLE, NULL
FROM evaluation_unit AS e JOIN evaluation_class_indicators() AS m USING (eval_subject)
GROUP BY ALL
UNION ALL  -- recognised "An toàn về ANTT" of all its rows (x of y)
SELECT e.year, e.units_system, e.unit_code, s.indicator,
       count(*) FILTER (WHERE e.recognised_safe)::DOUBLE, count(*)::DOUBLE
FROM evaluation_unit AS e JOIN evaluation_safe_indicators() AS s USING (eval_subject)
GROUP BY ALL;
