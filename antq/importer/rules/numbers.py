"""Integers: parsing the ways a number is written, the store's column limits (INTEGER, or BIGINT
for amounts in đồng) and the plausibility bounds of antq.vocab.bounds."""

from __future__ import annotations

import polars as pl

from antq.importer.problems import ERROR, WARNING
from antq.importer.rules.base import RowCheck
from antq.vocab.bounds import BOUNDS, INT32_MAX, INT64_MAX, latest_year
from antq.vocab.report_years import FIRST_MODEL_YEAR, FIRST_REPORT_YEAR
from antq.vocab.unit_systems import system_for_year


def store_max(key: str) -> int:
    """The largest value the store's column holds: amounts in đồng are BIGINT, counts INTEGER."""
    return INT64_MAX if key.endswith("_vnd") else INT32_MAX


def fmt(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def parse_int(df: pl.DataFrame, col: str, value: str, status: str, top: int = INT32_MAX) -> pl.DataFrame:
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
        .when(v.is_not_null() & (v > top))
        .then(pl.lit("big"))
        .when(v.is_not_null())
        .then(pl.lit("ok"))
        .when(f.is_not_null() & f.is_finite())
        .then(pl.when(f < 0).then(pl.lit("negative")).otherwise(pl.lit("fraction")))
        .otherwise(pl.lit("nan"))
        .alias(status)
    ).drop("_f_tmp")


_INT_MESSAGES = {
    "negative": ("Số âm: '{col}' phải là số không âm.", "Sửa thành số không âm (0 nếu không có)."),
    "fraction": ("Số lẻ: '{col}' phải là số nguyên.", "Ghi số nguyên (không có phần thập phân)."),
    "nan": (
        "Không phải là số: '{col}' phải là số nguyên.",
        "Chỉ ghi chữ số, ví dụ 1250 hoặc 1.250; không ghi chữ hay đơn vị.",
    ),
    "big": ("Số quá lớn cho '{col}'.", "Kiểm tra lại số liệu (có thể thừa chữ số)."),
}


def check_integers(rc: RowCheck) -> None:
    """Each integer column: parsed, refused when not a whole non-negative number the store holds."""
    for c in rc.of_type("int"):
        top = store_max(c.key)
        rc.df = parse_int(rc.df, c.key, f"_v_{c.key}", f"_s_{c.key}", top)
        for status, (msg, fix) in _INT_MESSAGES.items():
            if status == "big":
                msg = msg.removesuffix(".") + f" (tối đa {fmt(top)})."
            rc.flag(pl.col(f"_s_{c.key}") == status, ERROR, "number", c.key, msg.format(col=c.label), fix)
        ok = pl.col(f"_s_{c.key}") == "ok"
        default = pl.lit(c.default, pl.Int64) if c.default is not None else pl.lit(None, pl.Int64)
        rc.typed[c.key] = pl.when(ok).then(pl.col(f"_v_{c.key}")).otherwise(default)


def check_bounds(rc: RowCheck) -> None:
    """Plausibility: above `error_above` refused, above `warn_above` loaded with a warning; both name the bound."""
    for key, b in BOUNDS.items():
        if key not in rc.typed:
            continue
        v = rc.typed[key]
        label = rc.cols[key].label
        rc.flag(
            v.is_not_null() & (v > b.error_above),
            ERROR,
            "bound",
            key,
            pl.format(f"'{label}' = {{}} vượt ngưỡng {fmt(b.error_above)} {b.unit} ({b.why}).", v),
            "Kiểm tra lại số liệu (có thể thừa chữ số, hoặc là tổng của nhiều điểm: mỗi điểm tổ chức ghi một dòng).",
        )
        if b.warn_above is not None:
            rc.flag(
                v.is_not_null() & (v > b.warn_above) & (v <= b.error_above),
                WARNING,
                "bound",
                key,
                pl.format(f"'{label}' = {{}} lớn hơn {fmt(b.warn_above)} {b.unit}; vẫn được nhập ({b.why}).", v),
                "Kiểm tra lại; nếu đúng là số liệu thật thì giữ nguyên.",
            )
    if "established_year" in rc.typed:
        last = latest_year()
        v = rc.typed["established_year"]
        rc.flag(
            v.is_not_null() & ~v.is_between(FIRST_MODEL_YEAR, last),
            ERROR,
            "number",
            "established_year",
            f"Năm thành lập phải trong khoảng {FIRST_MODEL_YEAR}–{last}.",
            "Ghi năm thành lập bằng 4 chữ số.",
        )


def check_year(rc: RowCheck) -> None:
    """The report year: a whole number from 2005 to the current year; it decides the unit system."""
    first, last = FIRST_REPORT_YEAR, latest_year()
    rc.df = parse_int(rc.df, "year", "_year", "_year_s")
    rc.flag(
        pl.col("_year_s").is_in(["nan", "fraction", "negative", "big"]),
        ERROR,
        "year",
        "year",
        "Năm không hợp lệ.",
        "Ghi năm bằng 4 chữ số, ví dụ 2024.",
    )
    rc.flag(
        (pl.col("_year_s") == "ok") & ~pl.col("_year").is_between(first, last),
        ERROR,
        "year",
        "year",
        pl.format(
            "Năm {} nằm ngoài phạm vi của bảng điều khiển ({}–{}).", pl.col("_year"), pl.lit(first), pl.lit(last)
        ),
        f"Chỉ nhập số liệu các năm từ {first} đến {last}.",
    )
    ok = (pl.col("_year_s") == "ok") & pl.col("_year").is_between(first, last)
    rc.df = rc.df.with_columns(year_ok=pl.when(ok).then(pl.col("_year")).otherwise(None))
    systems = {y: system_for_year(y) for y in range(first, last + 1)}  # the one rule, antq.vocab
    rc.df = rc.df.with_columns(
        units_system=pl.col("year_ok").replace_strict(systems, default=None, return_dtype=pl.Int16)
    )
