-- name: data_years
-- The years for which the store holds any figure, one row each, ascending: detail rows, result
-- reports in force (a report-only year is a year like any other), and figures confirmed from
-- documents.
-- Columns: year.
SELECT DISTINCT year
FROM (SELECT year FROM festival_point
      UNION ALL SELECT year FROM commendation
      UNION ALL SELECT year FROM model_year
      UNION ALL SELECT year FROM exemplar
      UNION ALL SELECT year FROM report_in_force()
      UNION ALL SELECT year FROM document_figure)
ORDER BY year;
