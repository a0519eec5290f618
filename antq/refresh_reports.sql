-- Rebuild report_version (schema.sql) from `report`: run after reports are written, in the writer's
-- transaction, and with the other derived tables (antq/refresh_summary.sql).
DELETE FROM report_version;
INSERT INTO report_version
SELECT report_id,
       count(*) OVER w AS versions,
       row_number() OVER (w ORDER BY reported_on DESC NULLS LAST, entered_at DESC, report_id DESC) AS rank_in_period
FROM report
WINDOW w AS (PARTITION BY units_system, unit_code, local_unit_id, period_kind, year_from, year, half);
