"""The reporting units above the provinces: the nation and the regions the steering committees
report for. They are units like any other (rows of admin_unit in both unit systems, level
'nation' or 'region'), so a national or regional figure ("Toàn quốc có trên 5.800 điểm") is a
report of its own unit, never a sum invented from the provinces.

A region's provinces are listed in the 2008 system (the steering committees' own lists); in the
2025 system a region holds the new provinces its old ones were merged into (through the
whole-province crosswalk), so a region's sum of provinces is computed in either system.
Tây Bắc's steering committee also covers western districts of Thanh Hóa and Nghệ An; only whole
provinces are listed here, so its sum of provinces is a partial one and shown as such.
"""

from __future__ import annotations

from dataclasses import dataclass

NATION_CODE = "VN"
# Unit level of the units above provinces -> the catalogue's reporting level (indicators.LEVELS).
CATALOGUE_LEVEL = {"nation": "central", "region": "central"}


@dataclass(frozen=True)
class NationalUnit:
    code: str
    level: str  # 'nation' | 'region'
    name_vi: str
    name_en: str
    provinces_2008: tuple[str, ...]  # empty for the nation: every province


NATION = NationalUnit(NATION_CODE, "nation", "Toàn quốc", "Nationwide", ())
REGIONS: tuple[NationalUnit, ...] = (
    NationalUnit(
        "TB",
        "region",
        "Vùng Tây Bắc",
        "North-west region",
        ("02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "20", "25"),
    ),
    NationalUnit("TN", "region", "Vùng Tây Nguyên", "Central Highlands", ("62", "64", "66", "67", "68")),
    NationalUnit(
        "TNB",
        "region",
        "Vùng Tây Nam Bộ",
        "Mekong Delta region",
        ("80", "82", "83", "84", "86", "87", "89", "91", "92", "93", "94", "95", "96"),
    ),
)
ALL: tuple[NationalUnit, ...] = (NATION, *REGIONS)
BY_CODE = {u.code: u for u in ALL}


def is_national(code: str | None) -> bool:
    return code in BY_CODE
