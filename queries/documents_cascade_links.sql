-- name: documents_cascade_links
-- The links of the plan cascade for a year: one row per (registered document, document it cites
-- as its parent). parent_document_id is the registered document with that number (any year: a
-- plan may implement one issued the year before), NULL when the cited document is not registered.
-- Columns: document_id, number, kind, level, province_code, cited_number, parent_document_id,
--   parent_level, parent_registered.
-- Parameters: $year, $units (a unit system, antq/vocab/unit_systems.py).
SELECT d.document_id, d.number, d.kind, d.level, up.province_code, c.cited_number,
       p.document_id AS parent_document_id, p.level AS parent_level,
       p.document_id IS NOT NULL AS parent_registered
FROM document AS d
JOIN document_citation AS c ON c.document_id = d.document_id AND c.is_parent
LEFT JOIN unit_in_system($units) AS up ON up.units_system = d.units_system AND up.unit_code = d.province_code
LEFT JOIN document AS p ON p.number = c.cited_number AND p.document_id <> d.document_id
WHERE d.year = $year
ORDER BY d.document_id, c.cited_number;
