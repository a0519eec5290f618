-- name: data_source_kinds
-- The kinds of source the store holds (illustrative demo data, imported reports), one row each,
-- with the latest load. When there is one kind, every figure on every page comes from it.
-- Columns: source_kind, loaded_at, sources.
SELECT kind AS source_kind, max(loaded_at) AS loaded_at, count(*) AS sources
FROM data_source
GROUP BY kind
ORDER BY kind;
