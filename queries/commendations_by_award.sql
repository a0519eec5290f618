-- name: commendations_by_award
-- Commendations by year, award level and recipient kind (collective / individual).
-- Columns: year, award, recipient_kind, recipients.
-- Parameters: $year_from, $year_to, $units (a unit system, antq/vocab/unit_systems.py), $provinces (list; empty = all),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction).
SELECT c.year, c.award, c.recipient_kind, sum(c.recipients)::BIGINT AS recipients
FROM commendation AS c
JOIN unit_in_system($units) AS up USING (units_system, unit_code)
WHERE c.year BETWEEN $year_from AND $year_to
  AND year_in_view(c.year, $units)
  AND (len($provinces) = 0 OR list_contains($provinces, up.province_code))
  AND in_communes(c.units_system, c.unit_code, $communes)
GROUP BY ALL
ORDER BY c.year, c.award, c.recipient_kind;
