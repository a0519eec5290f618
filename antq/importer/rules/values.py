"""Cell values that are not numbers: text length, categorical and yes/no values, dates."""

from __future__ import annotations

import datetime as dt

import polars as pl

from antq.db import festival_periods
from antq.importer import spec
from antq.importer.problems import ERROR, WARNING
from antq.importer.rules.base import RowCheck
from antq.vocab.bounds import latest_date, text_max
from antq.vocab.categories import BY_COLUMN


def check_required(rc: RowCheck) -> None:
    for c in rc.cols.values():
        if c.required:
            rc.flag(
                pl.col(c.key).is_null(),
                ERROR,
                "required",
                c.key,
                f"Thiếu giá trị '{c.label}'.",
                f"Điền '{c.label}' cho dòng này ({c.note})" if c.note else f"Điền '{c.label}'.",
            )


def check_length(rc: RowCheck) -> None:
    """Free text up to bounds.FREE_TEXT_MAX characters, codes and list values far less. A longer
    value is refused and blanked, so that no later rule repeats it."""
    for c in rc.cols.values():
        top = text_max(c.type)
        too_long = pl.col(c.key).str.len_chars() > top
        rc.flag(
            too_long,
            ERROR,
            "length",
            c.key,
            f"'{c.label}' dài quá {top:,} ký tự.".replace(",", "."),
            "Rút gọn nội dung ô (chỉ ghi tên hoặc mã, không dán văn bản vào ô).",
        )
        rc.df = rc.df.with_columns(pl.when(too_long).then(None).otherwise(pl.col(c.key)).alias(c.key))


def _vocab_expr(col: str) -> pl.Expr:
    return pl.col(f"_f_{col}").replace_strict(spec.vocab(col), default=None, return_dtype=pl.String)


def check_vocab(rc: RowCheck) -> None:
    """Categorical values: the code, the Vietnamese or the English label, case and accents ignored."""
    for c in rc.of_type("vocab"):
        uniq = rc.df.select(pl.col(c.key).unique()).to_series().drop_nulls().to_list()
        rc.df = rc.df.with_columns(
            pl.col(c.key)
            .replace_strict({u: spec.fold(u) for u in uniq}, default=None, return_dtype=pl.String)
            .alias(f"_f_{c.key}")
        )
        rc.df = rc.df.with_columns(_vocab_expr(c.key).alias(f"_c_{c.key}"))
        choices = "; ".join(vi for vi, _ in BY_COLUMN[c.key].labels.values())
        rc.flag(
            pl.col(c.key).is_not_null() & pl.col(f"_c_{c.key}").is_null(),
            ERROR,
            "value",
            c.key,
            f"'{c.label}' không có giá trị này.",
            f"Chọn một trong: {choices}.",
        )
        rc.typed[c.key] = pl.col(f"_c_{c.key}")


def check_bools(rc: RowCheck) -> None:
    for c in rc.of_type("bool"):
        uniq = rc.df.select(pl.col(c.key).unique()).to_series().drop_nulls().to_list()
        mapping = {u: spec.BOOL_WORDS.get(spec.fold(u)) for u in uniq}
        rc.df = rc.df.with_columns(
            pl.col(c.key).replace_strict(mapping, default=None, return_dtype=pl.Boolean).alias(f"_b_{c.key}")
        )
        rc.flag(
            pl.col(c.key).is_not_null() & pl.col(f"_b_{c.key}").is_null(),
            ERROR,
            "value",
            c.key,
            f"'{c.label}' chỉ nhận Có hoặc Không.",
            "Ghi 'Có' hoặc 'Không' (bỏ trống = Không).",
        )
        rc.typed[c.key] = pl.col(f"_b_{c.key}").fill_null(bool(c.default))


def parse_date(col: str) -> pl.Expr:
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


def check_dates(rc: RowCheck) -> None:
    """The festival's date: readable, in the report year, not after today; outside that year's
    festival period is a warning."""
    if "held_on" not in rc.cols:
        return
    rc.df = rc.df.with_columns(_d=parse_date("held_on"))
    rc.flag(
        pl.col("held_on").is_not_null() & pl.col("_d").is_null(),
        ERROR,
        "date",
        "held_on",
        "Ngày không hợp lệ hoặc không đọc được.",
        "Ghi ngày dạng ngày/tháng/năm, ví dụ 15/08/2024 (hoặc định dạng ô kiểu Ngày).",
    )
    rc.flag(
        pl.col("_d").is_not_null() & pl.col("year_ok").is_not_null() & (pl.col("_d").dt.year() != pl.col("year_ok")),
        ERROR,
        "date",
        "held_on",
        pl.format("Ngày tổ chức không thuộc năm báo cáo {}.", pl.col("year_ok")),
        "Sửa ngày cho đúng năm, hoặc sửa cột Năm.",
    )
    today = latest_date()
    rc.flag(
        pl.col("_d").is_not_null() & (pl.col("_d") > today),
        ERROR,
        "date",
        "held_on",
        pl.format(
            "Ngày tổ chức {} sau ngày hôm nay ({}): chỉ nhập số liệu của Ngày hội đã diễn ra.",
            pl.col("_d").dt.strftime("%d/%m/%Y"),
            pl.lit(today.strftime("%d/%m/%Y")),
        ),
        "Sửa ngày cho đúng; Ngày hội chưa tổ chức thì nhập sau khi tổ chức xong.",
    )
    _check_period(rc)
    rc.typed["held_on"] = pl.col("_d")


def _check_period(rc: RowCheck) -> None:
    yrs = rc.df["year_ok"].drop_nulls().unique().to_list()
    if not yrs:
        return
    per = rc.periods
    if per is None:
        per = {r["year"]: (r["start_date"], r["end_date"]) for r in festival_periods(yrs).iter_rows(named=True)}
    pf = pl.DataFrame(
        [(y, *per[y]) for y in yrs if y in per],
        schema={"year_ok": pl.Int64, "_p0": pl.Date, "_p1": pl.Date},
        orient="row",
    )
    rc.df = rc.df.with_columns(pl.col("year_ok").cast(pl.Int64)).join(pf, on="year_ok", how="left")
    checked = (
        pl.col("_d").is_not_null()
        & (pl.col("_d").dt.year() == pl.col("year_ok"))
        & (pl.col("_d") <= latest_date())
        & pl.col("_p0").is_not_null()
        & ~pl.col("_d").is_between(pl.col("_p0"), pl.col("_p1"))
    )
    swapped = _swapped_into_period(rc, checked)
    window = pl.format("{} – {}", pl.col("_p0").dt.strftime("%d/%m/%Y"), pl.col("_p1").dt.strftime("%d/%m/%Y"))
    rc.flag(
        checked & ~swapped,
        WARNING,
        "date_period",
        "held_on",
        pl.format(
            "Ngày {} ngoài thời gian tổ chức Ngày hội năm {} ({}); vẫn được nhập.",
            pl.col("_d").dt.strftime("%d/%m/%Y"),
            pl.col("year_ok"),
            window,
        ),
        "Kiểm tra lại ngày; nếu kế hoạch của địa phương quy định khác thì giữ nguyên.",
    )


def _swapped_into_period(rc: RowCheck, outside: pl.Expr) -> pl.Expr:
    """A date outside the festival window whose day/month swap falls inside it ("8/11/2022" read as
    8 November when 11 August was meant, or a date cell typed in a month-first Excel): refused with
    both readings, since storing either would be a guess. Returns the mask of those rows."""
    d = pl.col("_d")
    swap = pl.when((d.dt.day() <= 12) & (d.dt.day() != d.dt.month())).then(
        pl.date(d.dt.year(), d.dt.day(), d.dt.month())
    )
    rc.df = rc.df.with_columns(_swap=swap)
    mask = outside & pl.col("_swap").is_between(pl.col("_p0"), pl.col("_p1")).fill_null(False)
    rc.flag(
        mask,
        ERROR,
        "date_swapped",
        "held_on",
        pl.format(
            "Ngày '{}' đọc theo ngày/tháng là {}, ngoài thời gian tổ chức Ngày hội năm {} ({} – {}); "
            "đảo ngày và tháng thì là {}, nằm trong thời gian đó. Không rõ ngày nào đúng nên dòng này không được nhập.",
            pl.col("held_on"),
            d.dt.strftime("%d/%m/%Y"),
            pl.col("year_ok"),
            pl.col("_p0").dt.strftime("%d/%m/%Y"),
            pl.col("_p1").dt.strftime("%d/%m/%Y"),
            pl.col("_swap").dt.strftime("%d/%m/%Y"),
        ),
        pl.format(
            "Ghi lại ngày dạng ngày/tháng/năm có 4 chữ số năm ({} nếu Ngày hội tổ chức ngày {} tháng {}), "
            "hoặc định dạng ô kiểu Ngày theo tiếng Việt.",
            pl.col("_swap").dt.strftime("%d/%m/%Y"),
            pl.col("_swap").dt.day(),
            pl.col("_swap").dt.month(),
        ),
    )
    return mask
