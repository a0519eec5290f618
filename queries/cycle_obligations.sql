-- name: cycle_obligations
-- Every setting of the reporting obligations of one year, newest first: the rows of
-- report_obligation (each 'set' or 'withdraw', by whom and when), with in_force marking the latest
-- row of each (form, period kind, half) when it is a 'set' (a later 'withdraw' ends it).
-- Columns: obligation_id, form, period_kind, half, year, action, level, province_codes, cutoff,
--   commune_deadline, province_deadline, note, set_at, set_by, via, in_force.
-- Parameters: $year.
SELECT o.*,
       o.action = 'set'
       AND row_number() OVER (PARTITION BY o.form, o.period_kind, o.half ORDER BY o.set_at DESC, o.obligation_id DESC) = 1
           AS in_force
FROM report_obligation AS o
WHERE o.year = $year
ORDER BY o.set_at DESC, o.obligation_id DESC;
