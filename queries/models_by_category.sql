-- name: models_by_category
-- Models of exemplary practice by year and category: active (including those rated effective),
-- effective, new (established that year), dissolved that year, and replication sites.
-- Columns: year, category, models_active, models_effective, models_new, models_dissolved, model_sites.
-- Parameters: $year_from, $year_to, $units (a unit system, antq/vocab/unit_systems.py), $provinces (list; empty = all),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction).
SELECT m.year, md.category,
       count(*) FILTER (WHERE m.status IN ('active', 'effective'))::BIGINT AS models_active,
       count(*) FILTER (WHERE m.status = 'effective')::BIGINT              AS models_effective,
       count(*) FILTER (WHERE md.established_year = m.year)::BIGINT        AS models_new,
       count(*) FILTER (WHERE m.status = 'dissolved')::BIGINT              AS models_dissolved,
       sum(m.sites)::BIGINT                                                AS model_sites
FROM model_year AS m
JOIN model AS md USING (model_id)
JOIN unit_in_system($units) AS up USING (units_system, unit_code)
WHERE m.year BETWEEN $year_from AND $year_to
  AND year_in_view(m.year, $units)
  AND (len($provinces) = 0 OR list_contains($provinces, up.province_code))
  AND in_communes(m.units_system, m.unit_code, $communes)
GROUP BY ALL
ORDER BY m.year, md.category;
