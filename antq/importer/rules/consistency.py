"""Rows that contradict the template they were written in, each other, or themselves."""

from __future__ import annotations

import hashlib

import polars as pl

from antq.importer import spec
from antq.importer.problems import ERROR
from antq.importer.rules.base import RowCheck
from antq.vocab.categories import AWARD_ISSUER_LAST_YEAR, AWARDS, INDIVIDUAL_ONLY_AWARDS


def template_province(info: dict[str, str]) -> str | None:
    prov = info.get(spec.fold("Mã tỉnh"))
    return prov.zfill(2) if prov and prov.isdigit() else prov


def check_template_year(rc: RowCheck) -> None:
    """A template made for one year holds only that year (the unit list changes with the year)."""
    info_year = rc.info.get(spec.fold("Năm"))
    if not (info_year and info_year.isdigit()):
        return
    rc.flag(
        pl.col("year_ok").is_not_null() & (pl.col("year_ok") != int(info_year)),
        ERROR,
        "template",
        "year",
        f"Tệp mẫu lập cho năm {info_year} nhưng dòng này ghi năm khác.",
        f"Sửa năm thành {info_year}, hoặc tải tệp mẫu của đúng năm báo cáo (danh mục đơn vị thay đổi theo năm).",
    )


def check_template_province(rc: RowCheck) -> None:
    prov = template_province(rc.info)
    if not prov:
        return
    rc.flag(
        pl.col("province_code").is_not_null() & (pl.col("province_code") != prov),
        ERROR,
        "template",
        "unit_code",
        f"Tệp mẫu lập cho tỉnh mã {prov} nhưng đơn vị ở dòng này thuộc tỉnh khác.",
        "Kiểm tra mã đơn vị, hoặc dùng tệp mẫu của đúng tỉnh.",
        value=pl.coalesce("unit_code", "unit_name"),
    )


def check_contradictions(rc: RowCheck) -> None:
    t = rc.typed
    if rc.kind == "festivals":
        rc.flag(
            t["households"].is_not_null() & t["participants"].is_not_null() & (t["households"] > t["participants"]),
            ERROR,
            "contradiction",
            "households",
            pl.format("Số hộ gia đình ({}) lớn hơn số người tham gia ({}).", t["households"], t["participants"]),
            "Kiểm tra lại hai cột: mỗi hộ có ít nhất một người tham gia.",
        )
    if rc.kind == "commendations":
        rc.flag(
            t["award"].is_in(INDIVIDUAL_ONLY_AWARDS) & (t["recipient_kind"] == "collective"),
            ERROR,
            "contradiction",
            "recipient_kind",
            "Kỷ niệm chương Bảo vệ an ninh Tổ quốc chỉ tặng cá nhân, không tặng tập thể.",
            "Sửa Đối tượng thành 'Cá nhân', hoặc sửa hình thức khen thưởng.",
        )
        check_award_issuer(rc)
    if rc.kind == "evaluations":
        check_evaluation_units(rc)
    if rc.kind == "models":
        est = t["established_year"]
        rc.flag(
            est.is_not_null() & pl.col("year_ok").is_not_null() & (est > pl.col("year_ok")),
            ERROR,
            "contradiction",
            "established_year",
            "Năm thành lập sau năm báo cáo.",
            "Sửa năm thành lập hoặc năm báo cáo.",
        )


def check_evaluation_units(rc: RowCheck) -> None:
    """An evaluated unit is entered under its commune (a base unit), never a district or province:
    its counts roll up from the commune."""
    from antq.units import registry

    base = (
        registry()
        .units.filter(pl.col("is_base"))
        .select(pl.col("units_system").cast(pl.Int64), pl.col("unit_code").alias("_base_code"))
    )
    codes = rc.df.select("_row", pl.col("units_system").cast(pl.Int64), "code_ok").join(
        base, left_on=["units_system", "code_ok"], right_on=["units_system", "_base_code"], how="semi"
    )
    rc.flag(
        pl.col("code_ok").is_not_null() & ~pl.col("_row").is_in(codes["_row"].implode()),
        ERROR,
        "contradiction",
        "unit_code",
        "Đơn vị được phân loại phải ghi theo xã, phường, đặc khu nơi nó ở, không theo huyện hay tỉnh.",
        "Ghi mã xã (trang 'Đơn vị') của khu dân cư, cơ quan, doanh nghiệp, nhà trường; với xã: mã của chính xã.",
        value=pl.coalesce("unit_code", "unit_name"),
    )


def check_award_issuer(rc: RowCheck) -> None:
    """An award of an issuer that no longer existed in the row's year (UBND cấp huyện after 2025)."""
    for award, last in AWARD_ISSUER_LAST_YEAR.items():
        rc.flag(
            (rc.typed["award"] == award) & pl.col("year_ok").is_not_null() & (pl.col("year_ok") > last),
            ERROR,
            "contradiction",
            "award",
            pl.format(
                "'{}' không thể có trong năm {}: cấp huyện không còn từ 01/7/2025.",
                pl.lit(AWARDS.label(award)),
                pl.col("year_ok"),
            ),
            "Ghi đúng cấp đã khen: UBND cấp xã, UBND tỉnh, Giám đốc Công an tỉnh...",
        )


def typed_rows(rc: RowCheck) -> pl.DataFrame:
    """The rows as the store takes them (models get a stable id when the province gave none)."""
    out = rc.df.select(
        pl.col("_row"),
        pl.col("year_ok").cast(pl.Int16).alias("year"),
        pl.col("units_system"),
        pl.col("code_ok").alias("unit_code"),
        pl.col("province_code"),
        *[e.alias(k) for k, e in rc.typed.items()],
        *[pl.col(c.key) for c in rc.of_type("text") if c.key != "unit_name"],
    )
    if rc.kind == "models":
        out = out.with_columns(model_id=pl.coalesce(pl.col("model_id"), model_ids(out)))
    return out


DUPLICATE_KEYS = {
    "festivals": None,  # every column: the same gathering written twice
    "commendations": ["year", "unit_code", "award", "recipient_kind"],
    "models": ["model_id", "year"],
    "evaluations": ["year", "unit_code", "eval_subject", "evaluated_name"],
}
DUPLICATE_WORDS = {
    "festivals": "trùng hoàn toàn",
    "commendations": "trùng đơn vị, hình thức khen thưởng và đối tượng",
    "models": "trùng mã mô hình và năm",
    "evaluations": "trùng xã, loại đơn vị và tên đơn vị được phân loại",
}


def check_duplicates(rc: RowCheck, out: pl.DataFrame) -> None:
    """Rows that repeat an earlier row of the file (each pointed at the first)."""
    key = DUPLICATE_KEYS[rc.kind] or [c for c in out.columns if c != "_row"]
    comparable = out.filter(pl.all_horizontal(pl.col(k).is_not_null() for k in ("year", "unit_code")))
    dup = comparable.with_columns(_first=pl.col("_row").min().over(key)).filter(pl.col("_row") != pl.col("_first"))
    rc.problems.add_rows(
        dup,
        ERROR,
        "duplicate_row",
        sheet=rc.sheet,
        column=None,
        value=None,
        message=pl.format("Dòng {} với dòng {}.", pl.lit(DUPLICATE_WORDS[rc.kind]), pl.col("_first")),
        fix="Xóa dòng trùng, hoặc gộp số liệu vào một dòng.",
    )


def model_ids(df: pl.DataFrame) -> pl.Series:
    """A stable id for a model the province did not number: the same name and unit give the same id
    every year, so a model's yearly rows line up."""
    # Folded in Python over the column's values, not in a Polars callback (issue 23).
    folded = pl.Series("folded", [None if n is None else spec.fold(n) for n in df["model_name"].to_list()], pl.String)
    names = (
        df.with_columns(folded)
        .select(
            pl.concat_str(
                [pl.col("province_code"), pl.col("unit_code"), pl.col("folded")],
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
