"""Importing reported figures (festivals, commendations, models) from XLSX and CSV files.

Decisions (documented for the provinces' data officers in the template's instructions sheet):

- **Kind** comes from the template's "Thông tin" sheet when present, otherwise from the headers
  (each kind has its own set of required columns).
- **Year** comes from each row's "Năm" column; **province** from each row's unit (its GSO code, or
  its name when the code is left blank). A file may hold several provinces and years (a national
  file); it is loaded as slices of (kind, province, year). When the template's "Thông tin" sheet
  names a province and year, rows of any other province or year are errors (the wrong template).
- A file is loaded entirely or not at all, in one transaction (`db.write_transaction`).
- A slice holding only illustrative ("Dữ liệu minh họa") rows is replaced by the imported rows
  without asking: illustrative rows only stand in until real figures arrive. A slice that already
  holds imported rows is replaced only with `--replace` (CLI) or an explicit confirmation (page).
- Re-importing a file whose content hash is already loaded (and still in use) changes nothing.
- Every accepted file is archived unchanged as ANTQ_ARCHIVE_DIR/<sha256>.<ext>; every attempt,
  accepted or not, gets a row in `import_audit`.
"""
