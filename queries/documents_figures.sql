-- name: documents_figures
-- Figures confirmed from documents, one row each, attributed: the document (number, file), the
-- sentence the figure came from, what the extractor read, who confirmed it and when. The unit is
-- the document's issuing unit, its province in the $units system.
-- Columns: document_id, number, file_name, province_code, province_name, unit_code, year,
--   period_kind, indicator, value, denominator, qualifier, qualifier_word (as the document wrote it),
--   sentence, extracted_value, review, confirmed_by, confirmed_at.
-- Parameters: $year, $units (a unit system, antq/vocab/unit_systems.py), $provinces (list; empty = all),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction).
SELECT f.document_id, d.number, d.file_name, up.province_code, p.short_name AS province_name, f.unit_code,
       f.year, f.period_kind, f.indicator, f.value, f.denominator, f.qualifier, f.qualifier_word, f.sentence,
       f.extracted_value,
       f.review, f.confirmed_by, f.confirmed_at
FROM document_figure AS f
JOIN document AS d USING (document_id)
LEFT JOIN unit_in_system($units) AS up ON up.units_system = d.units_system AND up.unit_code = d.province_code
LEFT JOIN admin_unit AS p ON p.units_system = $units AND p.unit_code = up.province_code
WHERE f.year = $year
  AND (len($provinces) = 0 OR list_contains($provinces, up.province_code))
  AND in_communes(d.units_system, f.unit_code, $communes)
ORDER BY f.document_id, f.seq;
