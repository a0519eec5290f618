-- name: documents_registered
-- The documents registered for a year (plans, reports, directives, news items), one row each, with
-- the province of the issuing unit in the $units system (NULL for central documents) and how many
-- confirmed figures each holds. origin: seed (a real plan shipped with the demo) |
-- illustrative (an invented report shipped with the demo) | uploaded.
-- Columns: document_id, kind, number, issuer, level, province_code, province_name, unit_code,
--   issued_on, year, subject, festival_start, festival_end, parents, figures, origin, file_name,
--   file_sha256, registered_by, registered_at.
-- Parameters: $year, $units (a unit system, antq/vocab/unit_systems.py), $provinces (list; empty = all),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction).
WITH prov AS (
    SELECT d.document_id, up.province_code
    FROM document AS d
    JOIN unit_in_system($units) AS up ON up.units_system = d.units_system AND up.unit_code = d.province_code
)
SELECT d.document_id, d.kind, d.number, d.issuer, d.level, pv.province_code, p.short_name AS province_name,
       d.unit_code, d.issued_on, d.year, d.subject, d.festival_start, d.festival_end,
       (SELECT string_agg(c.cited_number, ', ' ORDER BY c.cited_number) FROM document_citation AS c
        WHERE c.document_id = d.document_id AND c.is_parent) AS parents,
       (SELECT count(*) FROM document_figure AS f WHERE f.document_id = d.document_id) AS figures,
       d.origin, d.file_name, d.file_sha256, d.registered_by, d.registered_at
FROM document AS d
LEFT JOIN prov AS pv USING (document_id)
LEFT JOIN admin_unit AS p ON p.units_system = $units AND p.unit_code = pv.province_code
WHERE d.year = $year
  AND (len($provinces) = 0 OR list_contains($provinces, pv.province_code))
  AND in_communes(d.units_system, d.unit_code, $communes)
ORDER BY CASE d.level WHEN 'central' THEN 0 WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END,
         pv.province_code, d.issued_on, d.document_id;
