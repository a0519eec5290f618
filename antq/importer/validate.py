"""Checking an import grid row by row and turning it into typed rows for the store.

Every check is vectorised over the whole file (a national file has tens of thousands of rows);
the few checks that need Python (unit look-ups, suggestions) run once per distinct value.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache

import polars as pl
from rapidfuzz import fuzz, process

from antq import i18n
from antq.db import YEAR_FIRST_ALLOWED, festival_periods
from antq.importer import spec
from antq.importer.problems import ERROR, WARNING, Problems
from antq.importer.reader import Grid
from antq.units import SYSTEM_NEW, SYSTEM_OLD, registry

HEADER_SCAN_ROWS = 12
MAX_SUGGESTED = 300  # distinct unknown names that get "did you mean" suggestions (each costs a fuzzy search)
INT32_MAX = 2**31 - 1
SYSTEM_WORDS = {SYSTEM_OLD: "hệ 2008 (63 tỉnh)", SYSTEM_NEW: "hệ 2025 (34 tỉnh)"}


def last_year() -> int:
    """The latest year the dashboard takes reports for: the current one."""
    return dt.date.today().year


@dataclass
class Validated:
    kind: str | None
    sheet: str
    rows: pl.DataFrame | None = None  # typed rows, with units_system, province_code and _row
    info: dict[str, str] = field(default_factory=dict)
    column_map: dict[str, str] = field(default_factory=dict)  # key -> header as written
    n_rows: int = 0  # data rows read (non-empty rows below the header), accepted or not

    @property
    def slices(self) -> pl.DataFrame:
        """(province_code, year, rows) covered by the file."""
        if self.rows is None or self.rows.is_empty():
            return pl.DataFrame(schema={"province_code": pl.String, "year": pl.Int16, "rows": pl.UInt32})
        return self.rows.group_by("province_code", "year").agg(rows=pl.len()).sort("year", "province_code")


# ------------------------------------------------------------------------------ header
def _detect_header(grid: Grid, kind_hint: str | None) -> tuple[int | None, str | None]:
    scan = grid.cells.head(HEADER_SCAN_ROWS)
    aliases = {k: spec.header_aliases(k) for k in spec.KINDS}
    for i, row in enumerate(scan.iter_rows()):
        folded = [spec.fold(v) for v in row if v]
        scores = {k: sum(1 for v in folded if v in aliases[k]) for k in spec.KINDS}
        best = max(scores.values())
        if best >= 2:
            if kind_hint in spec.KINDS:
                return i, kind_hint

            # the kind whose own (non-common) required columns match best; ties: more matches
            def own(k):
                keys = {aliases[k][v] for v in folded if v in aliases[k]}
                return (
                    sum(
                        1
                        for c in spec.COLUMNS[k]
                        if c.must_have_column and c.key in keys and c.key not in ("year", "unit_code")
                    ),
                    scores[k],
                )

            return i, max(spec.KINDS, key=own)
    return None, kind_hint if kind_hint in spec.KINDS else None


def _kind_from_info(info: dict[str, str]) -> str | None:
    raw = info.get(spec.fold("Loại số liệu")) or info.get("kind")
    if not raw:
        return None
    f = spec.fold(raw)
    for k in spec.KINDS:
        if f in (k, spec.fold(spec.KIND_LABELS[k])):
            return k
    return None


def validate(grid: Grid, problems: Problems, periods: dict[int, tuple[dt.date, dt.date]] | None = None) -> Validated:
    sheet = grid.sheet
    kind_hint = _kind_from_info(grid.info)
    h, kind = _detect_header(grid, kind_hint)
    out = Validated(kind=kind, sheet=sheet, info=grid.info)
    if grid.cells.is_empty() or all(grid.cells[c].null_count() == grid.cells.height for c in grid.cells.columns):
        problems.add(
            ERROR, "empty", "Tệp không có dòng nào có dữ liệu.", "Điền số liệu vào tệp mẫu rồi gửi lại.", sheet=sheet
        )
        return out
    if h is None or kind is None:
        wanted = "; ".join(
            f"{spec.KIND_LABELS[k]}: " + ", ".join(c.label for c in spec.COLUMNS[k] if c.must_have_column)
            for k in spec.KINDS
        )
        problems.add(
            ERROR,
            "missing_column",
            f"Không tìm thấy dòng tiêu đề trong {HEADER_SCAN_ROWS} dòng đầu, nên không xác định được loại số liệu.",
            f"Dòng đầu tiên phải là dòng tiêu đề với đúng tên cột như tệp mẫu ({wanted}).",
            sheet=sheet,
            row=grid.rows[0],
        )
        return out
    header_row = grid.rows[h]

    # Merged cells and multi-row headers make column positions ambiguous: stop at them.
    structural = False
    from antq.importer.reader import col_letter

    header_cells = [j for j, v in enumerate(grid.cells.row(h)) if v]
    width = (header_cells[-1] - header_cells[0] + 1) if header_cells else 1
    for r1, c1, r2, c2 in grid.merges:
        if r2 < header_row and (c2 - c1 + 1) >= 0.8 * width:
            continue  # a report title across the whole table, above the header: skipped with the rows above
        if r1 <= header_row + 1:
            rng = f"{col_letter(c1)}{r1}:{col_letter(c2)}{r2}"
            problems.add(
                ERROR,
                "header_merged",
                f"Ô gộp {rng} ở vùng tiêu đề: mỗi cột phải có tiêu đề riêng trong một ô.",
                "Bỏ gộp ô (Merge & Center > Unmerge Cells) và để tiêu đề trên một dòng duy nhất như tệp mẫu.",
                sheet=sheet,
                row=r1,
                column=col_letter(c1),
            )
            structural = True
    all_aliases = spec.all_header_aliases()
    for i in list(range(h)) + [h + 1]:
        if i >= grid.cells.height:
            continue
        vals = [v for v in grid.cells.row(i) if v]
        hits = [v for v in vals if spec.fold(v) in all_aliases]
        if hits:
            problems.add(
                ERROR,
                "header_multirow",
                f"Tiêu đề nằm trên nhiều dòng (dòng {grid.rows[i]} cũng có tên cột: {', '.join(hits[:4])}).",
                "Để toàn bộ tiêu đề trên một dòng duy nhất, mỗi cột một ô, như tệp mẫu.",
                sheet=sheet,
                row=grid.rows[i],
                value=hits[0],
            )
            structural = True
    if structural:
        return out
    if h > 0 and any(any(v for v in grid.cells.row(i)) for i in range(h)):
        problems.add(
            WARNING,
            "header_offset",
            f"Bỏ qua {h} dòng phía trên dòng tiêu đề (dòng {header_row}).",
            "Nên để dòng tiêu đề là dòng đầu tiên như tệp mẫu.",
            sheet=sheet,
            row=grid.rows[0],
        )

    # Columns
    aliases = spec.header_aliases(kind)
    header = grid.cells.row(h)
    mapping: dict[str, str] = {}  # grid column -> key
    for j, text in enumerate(header):
        letter = grid.col_letters[j]
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
            continue
        key = aliases.get(spec.fold(text))
        if key is None:
            problems.add(
                WARNING,
                "extra_column",
                f"Cột '{text}' không có trong mẫu {spec.KIND_LABELS[kind]}; cột này bị bỏ qua.",
                "Xóa cột, hoặc sửa tiêu đề cho đúng tên cột trong tệp mẫu nếu đó là cột cần nhập.",
                sheet=sheet,
                row=header_row,
                column=f"{letter} ({text})",
                value=text,
            )
        elif key in mapping.values():
            problems.add(
                ERROR,
                "duplicate_column",
                f"Cột '{text}' xuất hiện hai lần.",
                "Giữ lại một cột, xóa cột kia.",
                sheet=sheet,
                row=header_row,
                column=f"{letter} ({text})",
                value=text,
            )
        else:
            mapping[f"c{j}"] = key
            out.column_map[key] = text
    for c in spec.COLUMNS[kind]:
        if c.must_have_column and c.key not in mapping.values():
            problems.add(
                ERROR,
                "missing_column",
                f"Thiếu cột bắt buộc '{c.label}'.",
                f"Thêm cột '{c.label}' vào dòng tiêu đề (dòng {header_row}) như tệp mẫu.",
                sheet=sheet,
                row=header_row,
                column=c.label,
            )

    body = grid.cells.slice(h + 1).with_columns(_row=pl.Series(grid.rows[h + 1 :], dtype=pl.Int64))
    nonempty = pl.any_horizontal([pl.col(c).is_not_null() for c in grid.cells.columns])
    body = body.filter(nonempty)
    frame = body.select([pl.col(g).alias(k) for g, k in mapping.items()] + [pl.col("_row")])
    for c in spec.COLUMNS[kind]:
        if c.key not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.String).alias(c.key))
    frame = frame.with_columns(pl.col(c.key).str.strip_chars().replace("", None) for c in spec.COLUMNS[kind])
    out.n_rows = frame.height
    if frame.is_empty():
        problems.add(
            ERROR,
            "empty",
            "Tệp chỉ có dòng tiêu đề, không có dòng số liệu nào.",
            "Điền số liệu từ dòng ngay dưới dòng tiêu đề rồi gửi lại.",
            sheet=sheet,
            row=header_row,
        )
        return out
    if problems.n_errors:
        # Columns are missing or doubled: row checks would repeat the same problem on every row.
        return out
    out.rows = _check_rows(kind, frame, sheet, grid.info, problems, periods)
    return out


# ------------------------------------------------------------------------------ rows
def _label(key: str) -> str:
    for k in spec.KINDS:
        for c in spec.COLUMNS[k]:
            if c.key == key:
                return c.label
    return key


def _parse_int(df: pl.DataFrame, col: str, value: str, status: str) -> pl.DataFrame:
    """Add `value` (Int64) and `status`: ok, blank, negative, fraction, nan or big.

    Accepts 1250, "1.250" / "1,250" (thousands grouped by 3), "1250.0" (a number cell read as
    text), "1e3"; a fractional number is "fraction", not rounded. The value is materialised before
    the status is derived from it: referencing the expression several times costs ~10x more."""
    s = pl.col(col).str.replace_all(r"[\s\u00a0]", "")
    grouped = s.str.contains(r"^-?\d{1,3}([.,]\d{3})+$")
    float_int = s.str.contains(r"^-?\d+\.0+$")
    clean = (
        pl.when(grouped)
        .then(s.str.replace_all(r"[.,]", ""))
        .when(float_int)
        .then(s.str.replace(r"\.0+$", ""))
        .otherwise(s)
    )
    f = s.str.replace(",", ".").cast(pl.Float64, strict=False)
    fv = (
        pl.when(f.is_finite() & (f.abs() < 9e15) & (f == f.round(0)))
        .then(f)
        .otherwise(None)
        .cast(pl.Int64, strict=False)
    )
    df = df.with_columns(pl.coalesce(clean.cast(pl.Int64, strict=False), fv).alias(value), f.alias("_f_tmp"))
    v, f = pl.col(value), pl.col("_f_tmp")
    return df.with_columns(
        pl.when(pl.col(col).is_null())
        .then(pl.lit("blank"))
        .when(v.is_not_null() & (v < 0))
        .then(pl.lit("negative"))
        .when(v.is_not_null() & (v > INT32_MAX))
        .then(pl.lit("big"))
        .when(v.is_not_null())
        .then(pl.lit("ok"))
        .when(f.is_not_null() & f.is_finite())
        .then(pl.when(f < 0).then(pl.lit("negative")).otherwise(pl.lit("fraction")))
        .otherwise(pl.lit("nan"))
        .alias(status)
    ).drop("_f_tmp")


def _parse_date(col: str) -> pl.Expr:
    s = pl.col(col).str.strip_chars()
    iso = pl.when(s.str.contains(r"^\d{4}-\d{1,2}-\d{1,2}([ T][\d:.]+)?$")).then(
        s.str.extract(r"^(\d{4}-\d{1,2}-\d{1,2})").str.to_date("%Y-%m-%d", strict=False)
    )
    dmy = pl.when(s.str.contains(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}$")).then(
        s.str.replace_all(r"[.\-]", "/").str.to_date("%d/%m/%Y", strict=False)
    )
    # An Excel date serial that lost its date format (days since 1899-12-30).
    serial = pl.when(s.str.contains(r"^\d{5}(\.0+)?$")).then(
        (
            pl.lit(dt.date(1899, 12, 30)) + pl.duration(days=s.str.replace(r"\.0+$", "").cast(pl.Int64, strict=False))
        ).cast(pl.Date)
    )
    return pl.coalesce(iso, dmy, serial)


_INT_MESSAGES = {
    "negative": ("Số âm: '{col}' phải là số không âm.", "Sửa thành số không âm (0 nếu không có)."),
    "fraction": ("Số lẻ: '{col}' phải là số nguyên.", "Ghi số nguyên (không có phần thập phân)."),
    "nan": (
        "Không phải là số: '{col}' phải là số nguyên.",
        "Chỉ ghi chữ số, ví dụ 1250 hoặc 1.250; không ghi chữ hay đơn vị.",
    ),
    "big": ("Số quá lớn cho '{col}'.", "Kiểm tra lại số liệu (có thể thừa chữ số)."),
}


@lru_cache(maxsize=1)
def _units() -> dict:
    u = registry().units
    by_code = {(r["units_system"], r["unit_code"]): r for r in u.iter_rows(named=True)}
    by_name: dict[tuple[int, str], list[dict]] = {}
    for r in u.iter_rows(named=True):
        for n in {spec.fold(r["name"]), spec.fold(r["short_name"])}:
            by_name.setdefault((r["units_system"], n), []).append(r)
    return {"by_code": by_code, "by_name": by_name, "frame": u}


@lru_cache(maxsize=128)
def _choices(system: int, province: str | None) -> tuple[list[str], list[str], list[dict]]:
    u = _units()["frame"].filter(pl.col("units_system") == system)
    if province:
        u = u.filter(pl.col("province_code") == province)
    rows = u.to_dicts()
    return [spec.fold(r["name"]) for r in rows], [r["name"].casefold() for r in rows], rows


def _unit_label(r: dict) -> str:
    if r["level"] == "province":
        return f"{r['name']} (mã {r['unit_code']})"
    prov = _units()["by_code"].get((r["units_system"], r["province_code"]), {}).get("short_name", "")
    parent = ""
    if r["units_system"] == SYSTEM_OLD and r["level"] == "commune":
        parent = _units()["by_code"].get((SYSTEM_OLD, r["district_code"]), {}).get("name", "")
        parent = f", {parent}" if parent else ""
    return f"{r['name']}{parent}, {prov} (mã {r['unit_code']})"


def suggest(name: str, system: int, province: str | None, limit: int = 3) -> list[str]:
    """Closest unit names, matched both with and without diacritics."""
    folded, lowered, rows = _choices(system, province)
    if not rows:
        return []
    scores: dict[int, float] = {}
    for query, choices in ((spec.fold(name), folded), (name.casefold().strip(), lowered)):
        for _, score, idx in process.extract(query, choices, scorer=fuzz.WRatio, limit=limit * 2):
            scores[idx] = max(scores.get(idx, 0), score)
    best = sorted(scores, key=lambda i: -scores[i])[:limit]
    return [_unit_label(rows[i]) for i in best if scores[i] >= 60]


def _resolve_units(df: pl.DataFrame, info_province: str | None) -> pl.DataFrame:
    """Per distinct (units_system, unit_code, unit_name): the unit, or why not."""
    units = _units()
    keys = df.select("units_system", "unit_code", "unit_name").unique()
    out = []
    suggested = 0
    for system, code, name in keys.iter_rows():
        rec = dict(
            units_system=system,
            unit_code=code,
            unit_name=name,
            code_ok=None,
            province_code=None,
            problem=None,
            message=None,
            fix=None,
        )
        other = SYSTEM_NEW if system == SYSTEM_OLD else SYSTEM_OLD
        if system is None:
            out.append(rec)
            continue
        if code:
            raw = code[:-2] if code.endswith(".0") else code
            cands = [raw] + ([raw.zfill(5), raw.zfill(3), raw.zfill(2)] if raw.isdigit() else [])
            hit = next((units["by_code"][(system, c)] for c in cands if (system, c) in units["by_code"]), None)
            if hit is not None:
                rec.update(code_ok=hit["unit_code"], province_code=hit["province_code"])
                if name and spec.fold(name) not in {spec.fold(hit["name"]), spec.fold(hit["short_name"])}:
                    rec.update(
                        problem="unit_name_mismatch",
                        message=f"Mã {hit['unit_code']} là {_unit_label(hit)}, khác tên '{name}' ghi trong tệp; "
                        "số liệu được ghi cho đơn vị theo mã.",
                        fix="Kiểm tra lại mã đơn vị (trang 'Đơn vị' của tệp mẫu) hoặc sửa tên cho khớp.",
                    )
            else:
                elsewhere = next((units["by_code"][(other, c)] for c in cands if (other, c) in units["by_code"]), None)
                if elsewhere is not None:
                    rec.update(
                        problem="unit_system",
                        message=f"Mã {code} là {elsewhere['name']} của danh mục {SYSTEM_WORDS[other]}; "
                        f"năm này dùng danh mục {SYSTEM_WORDS[system]}.",
                        fix="Dùng mã trong trang 'Đơn vị' của tệp mẫu đúng năm báo cáo "
                        "(năm đến 2024: 63 tỉnh, có cấp huyện; từ 2025: 34 tỉnh, xã trực thuộc tỉnh).",
                    )
                else:
                    hint = ""
                    if name and suggested < MAX_SUGGESTED:
                        suggested += 1
                        s = suggest(name, system, info_province)
                        hint = f"Có phải: {'; '.join(s)}?" if s else ""
                    rec.update(
                        problem="unit_unknown",
                        message=f"Mã đơn vị '{code}' không có trong danh mục {SYSTEM_WORDS[system]}.",
                        fix=(hint + " " if hint else "") + "Tra mã đúng trong trang 'Đơn vị' của tệp mẫu.",
                    )
        elif name:
            f = spec.fold(name)
            hits = units["by_name"].get((system, f), [])
            if info_province:
                hits = [r for r in hits if r["province_code"] == info_province] or hits
            if len(hits) == 1:
                rec.update(code_ok=hits[0]["unit_code"], province_code=hits[0]["province_code"])
            elif len(hits) > 1:
                rec.update(
                    problem="unit_ambiguous",
                    message=f"Có {len(hits)} đơn vị tên '{name}': "
                    + "; ".join(_unit_label(r) for r in hits[:5])
                    + ("..." if len(hits) > 5 else ""),
                    fix="Ghi Mã đơn vị để chỉ rõ đơn vị nào.",
                )
            elif units["by_name"].get((other, f)):
                r = units["by_name"][(other, f)][0]
                rec.update(
                    problem="unit_system",
                    message=f"'{name}' là đơn vị của danh mục {SYSTEM_WORDS[other]} ({_unit_label(r)}); "
                    f"năm này dùng danh mục {SYSTEM_WORDS[system]}.",
                    fix="Dùng tên hoặc mã trong trang 'Đơn vị' của tệp mẫu đúng năm báo cáo.",
                )
            else:
                s = suggest(name, system, info_province) if suggested < MAX_SUGGESTED else []
                suggested += 1
                rec.update(
                    problem="unit_unknown",
                    message=f"Không có đơn vị tên '{name}' trong danh mục {SYSTEM_WORDS[system]}.",
                    fix=(f"Có phải: {'; '.join(s)}? " if s else "") + "Sửa tên hoặc ghi Mã đơn vị theo trang 'Đơn vị'.",
                )
        else:
            rec.update(
                problem="required",
                message="Thiếu Mã đơn vị và Tên đơn vị.",
                fix="Ghi Mã đơn vị (trang 'Đơn vị' của tệp mẫu) hoặc tên đúng của đơn vị.",
            )
        out.append(rec)
    schema = {
        "units_system": pl.Int16,
        "unit_code": pl.String,
        "unit_name": pl.String,
        "code_ok": pl.String,
        "province_code": pl.String,
        "problem": pl.String,
        "message": pl.String,
        "fix": pl.String,
    }
    return pl.DataFrame(out, schema=schema)


def _vocab_expr(col: str) -> pl.Expr:
    return pl.col(f"_f_{col}").replace_strict(spec.vocab(col), default=None, return_dtype=pl.String)


def _check_rows(
    kind: str, df: pl.DataFrame, sheet: str, info: dict, problems: Problems, periods: dict | None
) -> pl.DataFrame | None:
    cols = {c.key: c for c in spec.COLUMNS[kind]}
    err0 = problems.n_errors
    first, last = YEAR_FIRST_ALLOWED, last_year()

    def rows_problem(mask: pl.Expr, severity: str, group: str, key: str | None, message, fix, value=None, frame=None):
        f = (frame if frame is not None else df).filter(mask)
        problems.add_rows(
            f,
            severity,
            group,
            sheet=sheet,
            column=_label(key) if key else None,
            value=value if value is not None else (pl.col(key) if key else None),
            message=message,
            fix=fix,
        )

    # Required values
    for c in cols.values():
        if c.required:
            rows_problem(
                pl.col(c.key).is_null(),
                ERROR,
                "required",
                c.key,
                f"Thiếu giá trị '{c.label}'.",
                f"Điền '{c.label}' cho dòng này ({c.note})" if c.note else f"Điền '{c.label}'.",
            )

    # Year
    df = _parse_int(df, "year", "_year", "_year_s")
    rows_problem(
        pl.col("_year_s").is_in(["nan", "fraction", "negative", "big"]),
        ERROR,
        "year",
        "year",
        "Năm không hợp lệ.",
        "Ghi năm bằng 4 chữ số, ví dụ 2024.",
    )
    rows_problem(
        (pl.col("_year_s") == "ok") & ~pl.col("_year").is_between(first, last),
        ERROR,
        "year",
        "year",
        pl.format(
            "Năm {} nằm ngoài phạm vi của bảng điều khiển ({}–{}).", pl.col("_year"), pl.lit(first), pl.lit(last)
        ),
        f"Chỉ nhập số liệu các năm từ {first} đến {last}.",
    )
    df = df.with_columns(year_ok=pl.when(pl.col("_year_s") == "ok").then(pl.col("_year")).otherwise(None))
    df = df.with_columns(
        year_ok=pl.when(pl.col("year_ok").is_between(first, last)).then(pl.col("year_ok")).otherwise(None)
    )
    df = df.with_columns(
        units_system=pl.when(pl.col("year_ok") >= 2025)
        .then(pl.lit(SYSTEM_NEW))
        .when(pl.col("year_ok").is_not_null())
        .then(pl.lit(SYSTEM_OLD))
        .otherwise(None)
        .cast(pl.Int16)
    )

    # The template's own year / province
    info_year = info.get(spec.fold("Năm"))
    info_prov = info.get(spec.fold("Mã tỉnh"))
    info_prov = info_prov.zfill(2) if info_prov and info_prov.isdigit() else info_prov
    if info_year and info_year.isdigit():
        rows_problem(
            pl.col("year_ok").is_not_null() & (pl.col("year_ok") != int(info_year)),
            ERROR,
            "template",
            "year",
            f"Tệp mẫu lập cho năm {info_year} nhưng dòng này ghi năm khác.",
            f"Sửa năm thành {info_year}, hoặc tải tệp mẫu của đúng năm báo cáo (danh mục đơn vị thay đổi theo năm).",
        )

    # Units
    res = _resolve_units(df, info_prov)
    df = df.join(res, on=["units_system", "unit_code", "unit_name"], how="left", nulls_equal=True)
    for group in ("unit_unknown", "unit_system", "unit_ambiguous", "required"):
        col = "unit_name" if group in ("unit_ambiguous",) else "unit_code"
        f = df.filter(pl.col("problem") == group)
        if group in ("unit_unknown", "unit_system"):
            f = f.with_columns(
                _col=pl.when(pl.col("unit_code").is_not_null())
                .then(pl.lit(_label("unit_code")))
                .otherwise(pl.lit(_label("unit_name"))),
                _val=pl.coalesce("unit_code", "unit_name"),
            )
            for colname in (_label("unit_code"), _label("unit_name")):
                g = f.filter(pl.col("_col") == colname)
                problems.add_rows(
                    g,
                    ERROR,
                    group,
                    sheet=sheet,
                    column=colname,
                    value=pl.col("_val"),
                    message=pl.col("message"),
                    fix=pl.col("fix"),
                )
        else:
            problems.add_rows(
                f,
                ERROR,
                group,
                sheet=sheet,
                column=_label(col),
                value=pl.col(col),
                message=pl.col("message"),
                fix=pl.col("fix"),
            )
    rows_problem(
        pl.col("problem") == "unit_name_mismatch",
        WARNING,
        "unit_name_mismatch",
        "unit_name",
        pl.col("message"),
        pl.col("fix"),
    )
    if info_prov:
        rows_problem(
            pl.col("province_code").is_not_null() & (pl.col("province_code") != info_prov),
            ERROR,
            "template",
            "unit_code",
            f"Tệp mẫu lập cho tỉnh mã {info_prov} nhưng đơn vị ở dòng này thuộc tỉnh khác.",
            "Kiểm tra mã đơn vị, hoặc dùng tệp mẫu của đúng tỉnh.",
            value=pl.coalesce("unit_code", "unit_name"),
        )

    # Integers
    typed = {}
    for c in cols.values():
        if c.type != "int":
            continue
        df = _parse_int(df, c.key, f"_v_{c.key}", f"_s_{c.key}")
        for status, (msg, fix) in _INT_MESSAGES.items():
            rows_problem(pl.col(f"_s_{c.key}") == status, ERROR, "number", c.key, msg.format(col=c.label), fix)
        ok = pl.col(f"_s_{c.key}") == "ok"
        default = pl.lit(c.default, pl.Int64) if c.default is not None else pl.lit(None, pl.Int64)
        typed[c.key] = pl.when(ok).then(pl.col(f"_v_{c.key}")).otherwise(default)

    # Categorical values
    for c in cols.values():
        if c.type != "vocab":
            continue
        uniq = df.select(pl.col(c.key).unique()).to_series().drop_nulls().to_list()
        df = df.with_columns(
            pl.col(c.key)
            .replace_strict({u: spec.fold(u) for u in uniq}, default=None, return_dtype=pl.String)
            .alias(f"_f_{c.key}")
        )
        df = df.with_columns(_vocab_expr(c.key).alias(f"_c_{c.key}"))
        choices = "; ".join(i18n.value_labels(c.key).values())
        rows_problem(
            pl.col(c.key).is_not_null() & pl.col(f"_c_{c.key}").is_null(),
            ERROR,
            "value",
            c.key,
            f"'{c.label}' không có giá trị này.",
            f"Chọn một trong: {choices}.",
        )
        typed[c.key] = pl.col(f"_c_{c.key}")

    # Yes/no
    for c in cols.values():
        if c.type != "bool":
            continue
        uniq = df.select(pl.col(c.key).unique()).to_series().drop_nulls().to_list()
        mapping = {u: spec.BOOL_WORDS.get(spec.fold(u)) for u in uniq}
        df = df.with_columns(
            pl.col(c.key).replace_strict(mapping, default=None, return_dtype=pl.Boolean).alias(f"_b_{c.key}")
        )
        rows_problem(
            pl.col(c.key).is_not_null() & pl.col(f"_b_{c.key}").is_null(),
            ERROR,
            "value",
            c.key,
            f"'{c.label}' chỉ nhận Có hoặc Không.",
            "Ghi 'Có' hoặc 'Không' (bỏ trống = Không).",
        )
        typed[c.key] = pl.col(f"_b_{c.key}").fill_null(bool(c.default))

    # Dates
    if "held_on" in cols:
        df = df.with_columns(_d=_parse_date("held_on"))
        rows_problem(
            pl.col("held_on").is_not_null() & pl.col("_d").is_null(),
            ERROR,
            "date",
            "held_on",
            "Ngày không hợp lệ hoặc không đọc được.",
            "Ghi ngày dạng ngày/tháng/năm, ví dụ 15/08/2024 (hoặc định dạng ô kiểu Ngày).",
        )
        rows_problem(
            pl.col("_d").is_not_null()
            & pl.col("year_ok").is_not_null()
            & (pl.col("_d").dt.year() != pl.col("year_ok")),
            ERROR,
            "date",
            "held_on",
            pl.format("Ngày tổ chức không thuộc năm báo cáo {}.", pl.col("year_ok")),
            "Sửa ngày cho đúng năm, hoặc sửa cột Năm.",
        )
        yrs = df["year_ok"].drop_nulls().unique().to_list()
        per = (
            periods
            if periods is not None
            else {r["year"]: (r["start_date"], r["end_date"]) for r in festival_periods(yrs).iter_rows(named=True)}
        )
        if yrs:
            pf = pl.DataFrame(
                [(y, *per[y]) for y in yrs if y in per],
                schema={"year_ok": pl.Int64, "_p0": pl.Date, "_p1": pl.Date},
                orient="row",
            )
            df = df.with_columns(pl.col("year_ok").cast(pl.Int64)).join(pf, on="year_ok", how="left")
            rows_problem(
                pl.col("_d").is_not_null()
                & (pl.col("_d").dt.year() == pl.col("year_ok"))
                & pl.col("_p0").is_not_null()
                & ~pl.col("_d").is_between(pl.col("_p0"), pl.col("_p1")),
                WARNING,
                "date_period",
                "held_on",
                pl.format(
                    "Ngày {} ngoài thời gian tổ chức Ngày hội năm {} ({} – {}); vẫn được nhập.",
                    pl.col("_d").dt.strftime("%d/%m/%Y"),
                    pl.col("year_ok"),
                    pl.col("_p0").dt.strftime("%d/%m/%Y"),
                    pl.col("_p1").dt.strftime("%d/%m/%Y"),
                ),
                "Kiểm tra lại ngày; nếu kế hoạch của địa phương quy định khác thì giữ nguyên.",
            )
        typed["held_on"] = pl.col("_d")

    # Contradictions
    if kind == "festivals":
        rows_problem(
            typed["households"].is_not_null()
            & typed["participants"].is_not_null()
            & (typed["households"] > typed["participants"]),
            ERROR,
            "contradiction",
            "households",
            pl.format(
                "Số hộ gia đình ({}) lớn hơn số người tham gia ({}).", typed["households"], typed["participants"]
            ),
            "Kiểm tra lại hai cột: mỗi hộ có ít nhất một người tham gia.",
        )
    if kind == "commendations":
        rows_problem(
            (typed["award"] == "ky_niem_chuong") & (typed["recipient_kind"] == "collective"),
            ERROR,
            "contradiction",
            "recipient_kind",
            "Kỷ niệm chương Bảo vệ an ninh Tổ quốc chỉ tặng cá nhân, không tặng tập thể.",
            "Sửa Đối tượng thành 'Cá nhân', hoặc sửa hình thức khen thưởng.",
        )
    if kind == "models":
        rows_problem(
            typed["established_year"].is_not_null()
            & pl.col("year_ok").is_not_null()
            & (typed["established_year"] > pl.col("year_ok")),
            ERROR,
            "contradiction",
            "established_year",
            "Năm thành lập sau năm báo cáo.",
            "Sửa năm thành lập hoặc năm báo cáo.",
        )
        rows_problem(
            typed["established_year"].is_not_null() & ~typed["established_year"].is_between(1990, last),
            ERROR,
            "number",
            "established_year",
            f"Năm thành lập phải trong khoảng 1990–{last}.",
            "Ghi năm thành lập bằng 4 chữ số.",
        )

    if problems.n_errors > err0:
        # Duplicates are still worth reporting on the rows that could be read.
        pass
    # Typed output
    out = df.select(
        pl.col("_row"),
        pl.col("year_ok").cast(pl.Int16).alias("year"),
        pl.col("units_system"),
        pl.col("code_ok").alias("unit_code"),
        pl.col("province_code"),
        *[e.alias(k) for k, e in typed.items()],
        *[pl.col(c.key) for c in cols.values() if c.type == "text" and c.key not in ("unit_name",)],
    )
    if kind == "models":
        out = out.with_columns(model_id=pl.coalesce(pl.col("model_id"), _model_ids(out)))

    # Duplicate rows within the file
    key = {
        "festivals": [c for c in out.columns if c != "_row"],
        "commendations": ["year", "unit_code", "award", "recipient_kind"],
        "models": ["model_id", "year"],
    }[kind]
    comparable = out.filter(pl.all_horizontal(pl.col(k).is_not_null() for k in ("year", "unit_code")))
    dup = comparable.with_columns(_first=pl.col("_row").min().over(key)).filter(pl.col("_row") != pl.col("_first"))
    what = {
        "festivals": "trùng hoàn toàn",
        "commendations": "trùng đơn vị, hình thức khen thưởng và đối tượng",
        "models": "trùng mã mô hình và năm",
    }[kind]
    problems.add_rows(
        dup,
        ERROR,
        "duplicate_row",
        sheet=sheet,
        column=None,
        value=None,
        message=pl.format("Dòng {} với dòng {}.", pl.lit(what), pl.col("_first")),
        fix="Xóa dòng trùng, hoặc gộp số liệu vào một dòng.",
    )
    if problems.n_errors > err0:
        return None
    return out


def _model_ids(df: pl.DataFrame) -> pl.Expr:
    """A stable id for a model the province did not number: the same name and unit give the same id
    every year, so a model's yearly rows line up."""
    names = (
        df.select(
            pl.concat_str(
                [
                    pl.col("province_code"),
                    pl.col("unit_code"),
                    pl.col("model_name").map_elements(spec.fold, return_dtype=pl.String),
                ],
                separator="|",
                ignore_nulls=True,
            )
        )
        .to_series()
        .to_list()
    )
    ids = [
        f"MH-{p}-{hashlib.sha1(n.encode()).hexdigest()[:10]}" if n else None
        for n, p in zip(names, df["province_code"].to_list())
    ]
    return pl.Series(ids, dtype=pl.String)
