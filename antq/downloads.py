"""Download builders: the bytes a user gets, the same from a page and from `python -m antq export`.

CSV: UTF-8 with BOM (Excel then reads Vietnamese correctly), Vietnamese headers, no `sep=` line
(it makes Excel ignore the BOM). Text cells that a spreadsheet would run as a formula (starting
with = + - @, tab or carriage return) get a leading apostrophe; numbers are left alone, so a
negative count stays a number.
XLSX: the same extract, written with XlsxWriter's string-to-formula and string-to-URL conversion
off, so text stays text without any prefix.
"""

from __future__ import annotations

import io
import re

import polars as pl
import xlsxwriter

from antq import i18n
from antq.text import slug
from antq.vocab import report_rules
from antq.vocab.unit_systems import PROVINCE_COUNT

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_START = "^[" + "".join(re.escape(c) for c in FORMULA_TRIGGERS) + "]"


def neutralise(text: str | None) -> str | None:
    """The rule for one cell (csv_bytes applies it to whole columns; a test checks they agree)."""
    if text is not None and text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def labelled(df: pl.DataFrame, lang: str = i18n.DEFAULT_LANG) -> pl.DataFrame:
    """Categorical codes and booleans as words, columns under their labels."""
    exprs = []
    for name, dtype in df.schema.items():
        col = pl.col(name)
        if dtype == pl.Boolean:
            exprs.append(
                pl.when(col)
                .then(pl.lit(i18n.value("", True, lang)))
                .when(~col)
                .then(pl.lit(i18n.value("", False, lang)))
                .otherwise(None)
                .alias(name)
            )
        elif (
            name == "qualifier" or name.endswith("_qualifier")
        ) and dtype == pl.String:  # how a figure was written: its word
            words = {
                c: report_rules.qualifier_word(c, lang) or i18n.EXACT_WORDS[lang == "en"]
                for c in report_rules.QUALIFIER_WORDS
            }
            exprs.append(col.replace_strict(words, default=col).alias(name))
        elif name in i18n.VALUES and dtype == pl.String:
            exprs.append(col.replace_strict(i18n.value_labels(name, lang), default=col).alias(name))
        else:
            exprs.append(col)
    out = df.select(exprs)
    return out.rename({c: i18n.column(c, lang) for c in out.columns})


def csv_bytes(df: pl.DataFrame, lang: str = i18n.DEFAULT_LANG) -> bytes:
    out = labelled(df, lang)
    trigger = pl.col(pl.String).str.contains(_FORMULA_START)
    out = out.with_columns(
        pl.when(trigger).then(pl.lit("'") + pl.col(pl.String)).otherwise(pl.col(pl.String)).name.keep()
    )
    buf = io.BytesIO()
    out.write_csv(buf, include_bom=True, date_format="%Y-%m-%d", datetime_format="%Y-%m-%d %H:%M:%S")
    return buf.getvalue()


def xlsx_bytes(df: pl.DataFrame, lang: str = i18n.DEFAULT_LANG, sheet: str = "Dữ liệu") -> bytes:
    out = labelled(df, lang)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf, {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "in_memory": True}
    )
    ws = wb.add_worksheet(sheet[:31])
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    start = 0
    for j, name in enumerate(out.columns):
        ws.write_string(start, j, name, head)
        ws.set_column(j, j, min(40, max(10, len(name) + 2)))
    dtypes = out.dtypes
    for i, row in enumerate(out.iter_rows(), start=start + 1):
        for j, v in enumerate(row):
            if v is None:
                continue
            if dtypes[j] == pl.Date:
                ws.write_datetime(i, j, v, date_fmt)
            elif isinstance(v, str):
                ws.write_string(i, j, v)
            elif dtypes[j].is_numeric():
                ws.write_number(i, j, v)
            else:
                ws.write(i, j, v)
    ws.freeze_panes(start + 1, 0)
    wb.close()
    return buf.getvalue()


def filename(table: str, years: str | int, provinces: list[str] | tuple[str, ...], units: int, ext: str = "csv") -> str:
    """e.g. antq_festival-points_2024_56-01_34-tinh.csv: table, year(s), province(s), unit system."""
    where = "-".join(provinces) if provinces else "toan-quoc"
    system = f"{PROVINCE_COUNT[units]}-tinh"
    return f"antq_{slug(table)}_{years}_{where}_{system}.{ext}"
