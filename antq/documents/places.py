"""Place names in a document resolved to units of the registry of the document's year.

"Khánh Hòa" (the place line), "tỉnh Thừa Thiên Huế", "xã Vạn Linh … huyện Chi Lăng": a name is
looked up among provinces first, then communes, a commune disambiguated by the districts the
document names. Names are compared without case and spacing differences, with diacritics kept
(Vietnamese place names differ only by them).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from antq.units import registry, system_for_year


@dataclass(frozen=True)
class Place:
    units_system: int
    unit_code: str
    level: str
    name: str
    province_code: str
    province_name: str


def key(name: str) -> str:
    # "Bà Rịa-Vũng Tàu" and "Bà Rịa - Vũng Tàu" are one name
    return re.sub(r"\s*-\s*", " - ", " ".join(unicodedata.normalize("NFC", name).lower().split()))


@lru_cache(maxsize=4)
def _units(system: int) -> pl.DataFrame:
    u = registry().units.filter(pl.col("units_system") == system)
    prov = u.filter(pl.col("level") == "province").select("province_code", province_name="short_name")
    return u.join(prov, on="province_code", how="left").with_columns(
        # key() as a native expression (no Python callback inside Polars on the server)
        k=pl.col("short_name")
        .str.normalize("NFC")
        .str.to_lowercase()
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.replace_all(r"\s*-\s*", " - ")
    )


def _place(r: dict) -> Place:
    return Place(r["units_system"], r["unit_code"], r["level"], r["name"], r["province_code"], r["province_name"])


def province(name: str, year: int) -> Place | None:
    u = _units(system_for_year(year))
    hit = u.filter(pl.col("level") == "province", pl.col("k") == key(name))
    return _place(hit.row(0, named=True)) if hit.height else None


def province_by_code(code: str, year: int) -> Place | None:
    u = _units(system_for_year(year))
    hit = u.filter(pl.col("level") == "province", pl.col("unit_code") == code)
    return _place(hit.row(0, named=True)) if hit.height else None


def unit(name: str, level: str, year: int, within: list[str] | None = None) -> Place | None:
    """A district or commune by short name; `within` names districts/provinces the text mentions,
    used to choose between namesakes. None when the name is unknown or still ambiguous."""
    u = _units(system_for_year(year))
    hit = u.filter(pl.col("level") == level, pl.col("k") == key(name))
    if hit.height > 1 and within:
        ks = {key(w) for w in within}
        parents = u.filter(pl.col("k").is_in(list(ks)), pl.col("level").is_in(["district", "province"]))
        codes = set(parents["unit_code"].to_list())
        hit = hit.filter(pl.col("district_code").is_in(list(codes)) | pl.col("province_code").is_in(list(codes)))
    return _place(hit.row(0, named=True)) if hit.height == 1 else None


NAME = r"[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:[ -][A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3}"
NAMED = {
    "province": re.compile(rf"\b(?:tỉnh|thành phố|Thành phố|Tỉnh)\s+({NAME})"),
    "district": re.compile(rf"\b(?:huyện|quận|thị xã|Huyện|Quận|Thị xã)\s+({NAME})"),
    "commune": re.compile(rf"\b(?:xã|phường|thị trấn|Xã|Phường|Thị trấn)\s+({NAME})"),
}


def named(text: str, level: str) -> list[str]:
    """Names written after a unit word ("tỉnh Khánh Hòa", "huyện Chi Lăng"), in order, distinct."""
    seen: list[str] = []
    for m in NAMED[level].finditer(text):
        if m[1] not in seen:
            seen.append(m[1])
    return seen


def all_province_names(year: int) -> list[str]:
    """Short names of the year's provinces, longest first (so "Thừa Thiên Huế" before "Huế")."""
    u = _units(system_for_year(year))
    return sorted(u.filter(pl.col("level") == "province")["short_name"].to_list(), key=len, reverse=True)
