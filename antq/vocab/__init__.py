"""The project's one vocabulary: every rule and category list that schema, queries, importer,
demo, i18n and charts share lives in a module of this package, and nowhere else.

- `unit_systems`: which unit system a year is recorded in (<= 2024: 2008, >= 2025: 2025), the
  system codes and labels;
- `categories`: venue kinds, awards, recipient kinds, model categories and statuses, exemplar
  fields, source kinds, unit levels, import kinds and outcomes, each code with its labels;
- `report_years`: the years a report may cover, each year's festival period;
- `sql`: the same rules as DuckDB macros, created in every database before `schema.sql`;
- (`bounds`: plausibility bounds of the importer; `indicators`: the indicator catalogue.)

Each module names what it holds; tests/test_vocab.py checks that the schema and SQL agree with it.
"""
