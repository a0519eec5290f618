"""Finding the header row and the kind of data, checking the table's structure, mapping columns."""

from __future__ import annotations

import polars as pl

from antq.importer import spec
from antq.importer.problems import ERROR, WARNING, Problems
from antq.importer.reader import Grid, col_letter
from antq.vocab.bounds import short

HEADER_SCAN_ROWS = 12


def kind_from_info(info: dict[str, str]) -> str | None:
    """The kind the template's "Thông tin" sheet names, if any."""
    raw = info.get(spec.fold("Loại số liệu")) or info.get("kind")
    if not raw:
        return None
    f = spec.fold(raw)
    for k in spec.KINDS:
        if f in (k, spec.fold(spec.KIND_LABELS[k])):
            return k
    return None


def _own_columns(kind: str, keys: set[str]) -> int:
    """How many of the kind's own required columns (not the common year and unit) are present."""
    return sum(
        1 for c in spec.COLUMNS[kind] if c.must_have_column and c.key in keys and c.key not in ("year", "unit_code")
    )


def detect_header(grid: Grid, kind_hint: str | None) -> tuple[int | None, str | None]:
    """(grid row of the header, kind): the first of the first rows naming at least two columns."""
    aliases = {k: spec.header_aliases(k) for k in spec.KINDS}
    for i, row in enumerate(grid.cells.head(HEADER_SCAN_ROWS).iter_rows()):
        folded = [spec.fold(v) for v in row if v]
        scores = {k: sum(1 for v in folded if v in aliases[k]) for k in spec.KINDS}
        if max(scores.values()) < 2:
            continue
        if kind_hint in spec.KINDS:
            return i, kind_hint
        keys = {k: {aliases[k][v] for v in folded if v in aliases[k]} for k in spec.KINDS}
        # the kind whose own required columns match best; ties: more matches overall
        return i, max(spec.KINDS, key=lambda k: (_own_columns(k, keys[k]), scores[k]))
    return None, kind_hint if kind_hint in spec.KINDS else None


def no_header(grid: Grid, problems: Problems) -> None:
    wanted = "; ".join(
        f"{spec.KIND_LABELS[k]}: " + ", ".join(c.label for c in spec.COLUMNS[k] if c.must_have_column)
        for k in spec.KINDS
    )
    problems.add(
        ERROR,
        "missing_column",
        f"Không tìm thấy dòng tiêu đề trong {HEADER_SCAN_ROWS} dòng đầu, nên không xác định được loại số liệu.",
        f"Dòng đầu tiên phải là dòng tiêu đề với đúng tên cột như tệp mẫu ({wanted}).",
        sheet=grid.sheet,
        row=grid.rows[0],
    )


def merged_header(grid: Grid, h: int, problems: Problems) -> bool:
    """Merged cells in the header area make column positions ambiguous: an error each."""
    header_row = grid.rows[h]
    header_cells = [j for j, v in enumerate(grid.cells.row(h)) if v]
    width = (header_cells[-1] - header_cells[0] + 1) if header_cells else 1
    found = False
    for r1, c1, r2, c2 in grid.merges:
        if r2 < header_row and (c2 - c1 + 1) >= 0.8 * width:
            continue  # a report title across the whole table, above the header: skipped with the rows above
        if r1 <= header_row + 1:
            problems.add(
                ERROR,
                "header_merged",
                f"Ô gộp {col_letter(c1)}{r1}:{col_letter(c2)}{r2} ở vùng tiêu đề: mỗi cột phải có tiêu đề riêng "
                "trong một ô.",
                "Bỏ gộp ô (Merge & Center > Unmerge Cells) và để tiêu đề trên một dòng duy nhất như tệp mẫu.",
                sheet=grid.sheet,
                row=r1,
                column=col_letter(c1),
            )
            found = True
    return found


def multirow_header(grid: Grid, h: int, problems: Problems) -> bool:
    """Column names in the rows above the header or just below it: the header spans several rows."""
    all_aliases = spec.all_header_aliases()
    found = False
    for i in [*range(h), h + 1]:
        if i >= grid.cells.height:
            continue
        hits = [short(v, 40) for v in grid.cells.row(i) if v and spec.fold(v) in all_aliases]
        if hits:
            problems.add(
                ERROR,
                "header_multirow",
                f"Tiêu đề nằm trên nhiều dòng (dòng {grid.rows[i]} cũng có tên cột: {', '.join(hits[:4])}).",
                "Để toàn bộ tiêu đề trên một dòng duy nhất, mỗi cột một ô, như tệp mẫu.",
                sheet=grid.sheet,
                row=grid.rows[i],
                value=hits[0],
            )
            found = True
    return found


def rows_above(grid: Grid, h: int, problems: Problems) -> None:
    if h > 0 and any(any(v for v in grid.cells.row(i)) for i in range(h)):
        problems.add(
            WARNING,
            "header_offset",
            f"Bỏ qua {h} dòng phía trên dòng tiêu đề (dòng {grid.rows[h]}).",
            "Nên để dòng tiêu đề là dòng đầu tiên như tệp mẫu.",
            sheet=grid.sheet,
            row=grid.rows[0],
        )


def map_columns(grid: Grid, h: int, kind: str, problems: Problems) -> tuple[dict[str, str], dict[str, str]]:
    """({grid column: key}, {key: header as written}); unknown, unnamed and doubled columns reported."""
    aliases = spec.header_aliases(kind)
    header_row, sheet = grid.rows[h], grid.sheet
    mapping: dict[str, str] = {}
    written: dict[str, str] = {}
    for j, text in enumerate(grid.cells.row(h)):
        letter = grid.col_letters[j]
        shown = short(text, 60) if text else ""
        key = aliases.get(spec.fold(text)) if text else None
        if not text:
            if grid.cells[f"c{j}"].slice(h + 1).drop_nulls().len():
                problems.add(
                    WARNING,
                    "extra_column",
                    "Cột có số liệu nhưng không có tiêu đề; cột này bị bỏ qua.",
                    "Xóa cột hoặc ghi tiêu đề đúng như tệp mẫu.",
                    sheet=sheet,
                    row=header_row,
                    column=letter,
                )
        elif key is None:
            problems.add(
                WARNING,
                "extra_column",
                f"Cột '{shown}' không có trong mẫu {spec.KIND_LABELS[kind]}; cột này bị bỏ qua.",
                "Xóa cột, hoặc sửa tiêu đề cho đúng tên cột trong tệp mẫu nếu đó là cột cần nhập.",
                sheet=sheet,
                row=header_row,
                column=f"{letter} ({shown})",
                value=text,
            )
        elif key in mapping.values():
            problems.add(
                ERROR,
                "duplicate_column",
                f"Cột '{shown}' xuất hiện hai lần.",
                "Giữ lại một cột, xóa cột kia.",
                sheet=sheet,
                row=header_row,
                column=f"{letter} ({shown})",
                value=text,
            )
        else:
            mapping[f"c{j}"] = key
            written[key] = text
    return mapping, written


def missing_columns(grid: Grid, h: int, kind: str, mapping: dict[str, str], problems: Problems) -> None:
    for c in spec.COLUMNS[kind]:
        if c.must_have_column and c.key not in mapping.values():
            problems.add(
                ERROR,
                "missing_column",
                f"Thiếu cột bắt buộc '{c.label}'.",
                f"Thêm cột '{c.label}' vào dòng tiêu đề (dòng {grid.rows[h]}) như tệp mẫu.",
                sheet=grid.sheet,
                row=grid.rows[h],
                column=c.label,
            )


def body(grid: Grid, h: int, kind: str, mapping: dict[str, str]) -> pl.DataFrame:
    """The non-empty rows below the header, one column per key (blank cells null), `_row` their number."""
    frame = grid.cells.slice(h + 1).with_columns(_row=pl.Series(grid.rows[h + 1 :], dtype=pl.Int64))
    frame = frame.filter(pl.any_horizontal([pl.col(c).is_not_null() for c in grid.cells.columns]))
    frame = frame.select([pl.col(g).alias(k) for g, k in mapping.items()] + [pl.col("_row")])
    missing = [pl.lit(None, pl.String).alias(c.key) for c in spec.COLUMNS[kind] if c.key not in frame.columns]
    if missing:
        frame = frame.with_columns(missing)
    return frame.with_columns(pl.col(c.key).str.strip_chars().replace("", None) for c in spec.COLUMNS[kind])
