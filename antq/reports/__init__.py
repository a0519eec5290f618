"""Result reports (issue 12): aggregated figures as units file them, one value per indicator of the
catalogue (antq/vocab/indicators.py) for a unit and a period, each with its qualifier as written.

- `form`: the report form's layout (header block, table headers, sheet names) and how `import`
  recognises a filled form by its content;
- `template`: the blank form (XLSX or CSV) for a province and year (`python -m antq template --kind report`);
- `read`: bytes of a filled form -> the reports it holds, every cell with its sheet, row and column;
- `cells`: one "Số liệu" cell -> value, denominator and qualifier (Vietnamese numbers:
  antq.vietnamese_numbers, the parser the document extractor uses too);
- `validate`: the checks that need no database (catalogue, registry of units, periods);
- `load`: the checks against the store (previous years) and the one atomic write;
- `cli`: `import` of a form, `report-values`; `demo`: the illustrative reports of the demo build.

A later report for the same unit and period supersedes an earlier one; both are kept (the SQL macro
`report_in_force()` of antq/schema.sql picks the one in force). docs/importing.md describes the form.
"""
