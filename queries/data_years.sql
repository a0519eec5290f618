-- name: data_years
-- The years for which the store holds any figure, one row each, ascending.
-- Columns: year.
SELECT DISTINCT year
FROM (SELECT year FROM festival_point
      UNION ALL SELECT year FROM commendation
      UNION ALL SELECT year FROM model_year
      UNION ALL SELECT year FROM exemplar)
ORDER BY year;
