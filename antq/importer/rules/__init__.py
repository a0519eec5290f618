"""The importer's checks, as small rule functions grouped by concern (one module per family):

- `header`: finding the header row and the kind, the table's structure, the columns;
- `units`: resolving each row's unit (code or name) in the year's unit system;
- `numbers`: integers, the store's column limits and the plausibility bounds (antq.vocab.bounds);
- `values`: text length, categorical and yes/no values, dates;
- `totals`: a trailing sum row ("Tổng cộng"), checked against the rows above and left out;
- `consistency`: the template's own year and province, contradictions, duplicate rows.

Each row rule takes a `RowCheck` (the frame, the problems, the typed columns so far), reports
what it finds through `RowCheck.flag`, and returns nothing; antq.importer.validate runs them in order.
"""
