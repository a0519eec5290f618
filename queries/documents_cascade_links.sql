-- name: documents_cascade_links
-- The links of the plan cascade for a year: one row per (registered document, document it cites
-- as its parent), for the documents a scope may see (the same filter as documents_registered, so
-- the cascade's links and its documents always agree). parent_document_id is the registered
-- document with that number (any year: a plan may implement one issued the year before), NULL
-- when the cited document is not registered; parent_visible says whether that document is inside
-- the scope too (outside it, only the number the child cites is shown, never its level).
-- Columns: document_id, number, kind, level, province_code, cited_number, parent_document_id,
--   parent_level, parent_registered, parent_visible.
-- Parameters: $year, $units (a unit system, antq/vocab/unit_systems.py), $provinces (list; empty = all),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction).
SELECT d.document_id, d.number, d.kind, d.level, up.province_code, c.cited_number,
       p.document_id AS parent_document_id, p.level AS parent_level,
       p.document_id IS NOT NULL AS parent_registered,
       p.document_id IS NOT NULL
           AND (len($provinces) = 0 OR coalesce(list_contains($provinces, pp.province_code), false))
           AND coalesce(in_communes(p.units_system, p.unit_code, $communes), false) AS parent_visible
FROM document AS d
JOIN document_citation AS c ON c.document_id = d.document_id AND c.is_parent
LEFT JOIN unit_in_system($units) AS up ON up.units_system = d.units_system AND up.unit_code = d.province_code
LEFT JOIN document AS p ON p.number = c.cited_number AND p.document_id <> d.document_id
LEFT JOIN unit_in_system($units) AS pp ON pp.units_system = p.units_system AND pp.unit_code = p.province_code
WHERE d.year = $year
  AND (len($provinces) = 0 OR list_contains($provinces, up.province_code))
  AND in_communes(d.units_system, d.unit_code, $communes)
ORDER BY d.document_id, c.cited_number;
