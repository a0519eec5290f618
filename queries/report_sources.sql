-- name: report_sources
-- Where the reports in force of one year come from: one row per kind of data source (imported,
-- illustrative, ...) of the reports of units inside the selection, with how many there are and
-- when the latest was entered (every source kind of the store, with 0 where it has none).
-- Columns: source_kind, reports, latest_entered_at.
-- Parameters: $year, $units, $provinces (codes of $units; empty = all),
--   $communes (communes of today's system a commune scope allows; empty = no commune restriction).
WITH inforce AS (
    SELECT r.report_id, r.entered_at, d.kind AS source_kind
    FROM report AS r
    JOIN data_source AS d USING (source_id)
    JOIN unit_in_system($units) AS u USING (units_system, unit_code)
    WHERE r.report_id IN (SELECT report_id FROM report_in_force())
      AND r.year = $year AND (len($provinces) = 0 OR list_contains($provinces, u.province_code))
      AND in_communes(r.units_system, r.unit_code, $communes)
)
SELECT k.source_kind, count(i.report_id)::BIGINT AS reports, max(i.entered_at) AS latest_entered_at
FROM unnest(source_kind_codes()) AS k(source_kind)
LEFT JOIN inforce AS i USING (source_kind)
GROUP BY k.source_kind
ORDER BY k.source_kind;
