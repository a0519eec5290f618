-- name: review_file_reports
-- The reports saved from one file (by its hash) that are in force, with their review state: what a
-- unit may still submit when it uploads a file it saved as a draft (antq/ui/report_form.py).
-- Columns: report_id, unit_code, review_state.
-- Parameters: $sha (the file's SHA-256).
SELECT r.report_id, r.unit_code, s.review_state
FROM report_in_force() AS r
JOIN data_source AS d USING (source_id)
JOIN report_review_state() AS s USING (report_id)
WHERE d.file_sha256 = $sha
ORDER BY r.report_id;
