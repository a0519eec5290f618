"""Both administrative-unit registries and the 2025 crosswalk, built from `vietnamadminunits`.

Systems:
- ``2008``: 63 provinces, their districts and communes (the registry in force for years <= 2024;
  the name follows the GSO code list the package's legacy rows use).
- ``2025``: 34 provinces with their 3,321 communes directly under them (years >= 2025).

Codes are GSO codes. Within one system a code is unique across levels (provinces have 2 digits,
districts 3, communes 5), so ``(units_system, unit_code)`` identifies a unit.

The base unit -- where coverage is counted -- is the commune (xã, phường, thị trấn, đặc khu). Five
island districts of the 2008 system had no communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn
Đảo); each counts as its own base unit there, as the GSO list does.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

import polars as pl

from antq.vocab import national_units

# The rule and the system codes live in antq/vocab/unit_systems.py; re-exported here because the
# registries are keyed by them and the importer and boundaries import them from this module.
from antq.vocab.unit_systems import (  # noqa: F401 -- re-exports, see above
    FIRST_NEW_SYSTEM_YEAR,
    SYSTEM_NEW,
    SYSTEM_OLD,
    SYSTEMS,
    system_for_year,
)

# The package's legacy rows put Trường Sa's communes at Nha Trang and Hoàng Sa (no commune row) at
# Đà Nẵng's city hall; these are the islands' own positions (the main island of each commune).
ARCHIPELAGO_POSITIONS: dict[tuple[int, str], tuple[float, float]] = {
    (SYSTEM_OLD, "498"): (16.53, 111.61),  # Huyện Hoàng Sa (Đà Nẵng): Phú Lâm island, Hoàng Sa
    (SYSTEM_OLD, "576"): (8.645, 111.92),  # Huyện Trường Sa (Khánh Hòa): Trường Sa Lớn island
    (SYSTEM_OLD, "22736"): (8.645, 111.92),  # Thị trấn Trường Sa: Trường Sa Lớn island
    (SYSTEM_OLD, "22737"): (11.43, 114.33),  # Xã Song Tử Tây
    (SYSTEM_OLD, "22739"): (10.38, 114.48),  # Xã Sinh Tồn
    (SYSTEM_NEW, "20333"): (16.53, 111.61),  # Đặc khu Hoàng Sa (Đà Nẵng)
    (SYSTEM_NEW, "22736"): (8.645, 111.92),  # Đặc khu Trường Sa (Khánh Hòa)
}
# Archipelago district / special-zone codes and the province each belongs to, in both systems.
ARCHIPELAGOS = {
    "hoang_sa": {"name": "Quần đảo Hoàng Sa", "province": "48", "units": {SYSTEM_OLD: ["498"], SYSTEM_NEW: ["20333"]}},
    "truong_sa": {
        "name": "Quần đảo Trường Sa",
        "province": "56",
        "units": {SYSTEM_OLD: ["576", "22736", "22737", "22739"], SYSTEM_NEW: ["22736"]},
    },
}
ARCHIPELAGO_UNIT_CODES = {
    (system, code) for a in ARCHIPELAGOS.values() for system, codes in a["units"].items() for code in codes
}

UNIT_COLUMNS = {
    "units_system": pl.Int16,
    "unit_code": pl.String,
    "level": pl.String,  # province | district | commune
    "name": pl.String,  # full name, e.g. "Tỉnh Khánh Hòa"
    "short_name": pl.String,  # e.g. "Khánh Hòa"
    "unit_type": pl.String,  # Tỉnh, Thành phố, Huyện, Quận, Xã, Phường, Thị trấn, Đặc khu ...
    "parent_code": pl.String,
    "province_code": pl.String,
    "district_code": pl.String,
    "is_base": pl.Boolean,  # the level where coverage is counted
    "is_archipelago": pl.Boolean,
    "lat": pl.Float64,
    "lon": pl.Float64,
    "area_km2": pl.Float64,
}


def _package_data(name: str) -> Path:
    """A data file of `vietnamadminunits`, found without importing the package: its __init__ loads
    its address parsers' dictionaries (some 17 MB of Python objects a server would keep for good),
    and only its data files are used here."""
    spec = find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("vietnamadminunits (requirements.txt) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / name


def _package_db() -> sqlite3.Connection:
    path = _package_data("dataset.db")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def _province_type(full: str) -> str:
    return "Thành phố" if full.startswith("Thành phố") else "Tỉnh"


def _fix_position(system: int, code: str, lat: float | None, lon: float | None):
    return ARCHIPELAGO_POSITIONS.get((system, code), (lat, lon))


@dataclass(frozen=True)
class Registry:
    units: pl.DataFrame  # both systems, all levels, UNIT_COLUMNS
    province_crosswalk: pl.DataFrame  # old_province_code -> new_province_code
    commune_crosswalk: pl.DataFrame  # old_unit_code -> new_unit_code, share (sums to 1 per old unit)


def _unit(system, code, name, short, kind, level, parent, province, district, is_base, lat, lon, area=None) -> dict:
    """One row of admin_unit from the package's columns (positions of a few units corrected)."""
    lat, lon = _fix_position(system, code, lat, lon)
    return dict(
        units_system=system,
        unit_code=code,
        level=level,
        name=name,
        short_name=short,
        unit_type=kind,
        parent_code=parent,
        province_code=province,
        district_code=district,
        is_base=is_base,
        is_archipelago=(system, code) in ARCHIPELAGO_UNIT_CODES,
        lat=lat,
        lon=lon,
        area_km2=area,
    )


def _province_row(system: int, r) -> dict:
    pc, name = r["provinceCode"], r["province"]
    lat, lon = r["provinceLat"], r["provinceLon"]
    row = _unit(system, pc, name, r["provinceShort"], _province_type(name), "province", None, pc, None, False, lat, lon)
    # a province keeps the package's point as it is; archipelago marks are for districts and communes
    return row | dict(is_archipelago=False, lat=lat, lon=lon)


@lru_cache(maxsize=1)
def registry() -> Registry:
    conn = _package_db()
    rows: list[dict] = []

    # 2025 system
    seen_prov: set[str] = set()
    for r in conn.execute("SELECT * FROM admin_units ORDER BY provinceCode, wardCode"):
        pc = r["provinceCode"]
        if pc not in seen_prov:
            seen_prov.add(pc)
            rows.append(_province_row(SYSTEM_NEW, r))
        ward = (r["wardCode"], r["ward"], r["wardShort"], r["wardType"])
        rows.append(
            _unit(SYSTEM_NEW, *ward, "commune", pc, pc, None, True, r["wardLat"], r["wardLon"], r["wardAreaKm2"])
        )

    # 2008 system
    seen_prov.clear()
    seen_dist: set[str] = set()
    for r in conn.execute("SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"):
        pc, dc = r["provinceCode"], r["districtCode"]
        if pc not in seen_prov:
            seen_prov.add(pc)
            rows.append(_province_row(SYSTEM_OLD, r))
        if dc not in seen_dist:
            seen_dist.add(dc)
            district = (dc, r["district"], r["districtShort"], r["districtType"])
            # a district without communes (an island district) is itself the base unit
            no_communes = r["wardCode"] is None
            rows.append(
                _unit(SYSTEM_OLD, *district, "district", pc, pc, dc, no_communes, r["districtLat"], r["districtLon"])
            )
        if r["wardCode"] is not None:
            ward = (r["wardCode"], r["ward"], r["wardShort"], r["wardType"])
            rows.append(_unit(SYSTEM_OLD, *ward, "commune", dc, pc, dc, True, r["wardLat"], r["wardLon"]))
    # The nation and the regions report like any unit (antq/vocab/national_units.py); each is its own
    # "province" so that no province filter ever takes them in by accident.
    for system in (SYSTEM_NEW, SYSTEM_OLD):
        for nu in national_units.ALL:
            rows.append(
                _unit(
                    system,
                    nu.code,
                    nu.name_vi,
                    nu.name_vi,
                    nu.name_vi,
                    nu.level,
                    None,
                    nu.code,
                    None,
                    False,
                    None,
                    None,
                )
            )
    units = pl.DataFrame(rows, schema=UNIT_COLUMNS)

    # Crosswalk. The package keys old communes as "<province>_<district>_<ward>" and new ones as
    # ward keys within a new province key.
    old_key_to_code: dict[str, str] = {}
    old_key_to_prov: dict[str, str] = {}
    for r in conn.execute(
        "SELECT provinceKey, districtKey, wardKey, wardCode, districtCode, provinceCode FROM admin_units_legacy"
    ):
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        old_key_to_code[key] = r["wardCode"] or r["districtCode"]
        old_key_to_prov[key] = r["provinceCode"]
    new_key_to_code: dict[tuple[str, str], str] = {}
    new_prov_key_to_code: dict[str, str] = {}
    for r in conn.execute("SELECT provinceKey, wardKey, wardCode, provinceCode, wardAreaKm2 FROM admin_units"):
        new_key_to_code[(r["provinceKey"], r["wardKey"])] = r["wardCode"]
        new_prov_key_to_code[r["provinceKey"]] = r["provinceCode"]
    conn.close()

    data = json.loads(_package_data("converter_2025.json").read_text("utf-8"))
    cw_rows: list[dict] = []
    prov_pairs: set[tuple[str, str]] = set()
    for new_pkey, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_keys in wards.items():
            for ok in old_keys:
                cw_rows.append(
                    dict(
                        old_unit_code=old_key_to_code[ok],
                        new_unit_code=new_key_to_code[(new_pkey, new_wkey)],
                        share=1.0,
                        is_default=True,
                        is_divided=False,
                    )
                )
                prov_pairs.add((old_key_to_prov[ok], new_prov_key_to_code[new_pkey]))
    for new_pkey, olds in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for ok, targets in olds.items():
            # How a divided commune's figures are apportioned: in proportion to the area of the new
            # communes that received its parts -- the package records which communes received a
            # part, not how much of it, so area is the best proxy it offers. Province totals are
            # unaffected (a commune was never divided across provinces).
            # (Equal shares where the package lacks an area.)
            areas = [t["newWardAreaKm2"] or 0.0 for t in targets]
            total = sum(areas) if all(a > 0 for a in areas) else 0.0
            for t, area in zip(targets, areas):
                share = area / total if total else 1.0 / len(targets)
                cw_rows.append(
                    dict(
                        old_unit_code=old_key_to_code[ok],
                        new_unit_code=new_key_to_code[(new_pkey, t["newWardKey"])],
                        share=share,
                        is_default=bool(t["isDefaultNewWard"]),
                        is_divided=True,
                    )
                )
            prov_pairs.add((old_key_to_prov[ok], new_prov_key_to_code[new_pkey]))
    commune_cw = (
        pl.DataFrame(cw_rows)
        .group_by("old_unit_code", "new_unit_code")
        .agg(pl.col("share").sum(), pl.col("is_default").any(), pl.col("is_divided").any())
        .sort("old_unit_code", "new_unit_code")
    )

    province_cw = pl.DataFrame(
        sorted(prov_pairs), schema={"old_province_code": pl.String, "new_province_code": pl.String}, orient="row"
    )
    return Registry(units=units, province_crosswalk=province_cw, commune_crosswalk=commune_cw)


@lru_cache(maxsize=2)
def _codes(system: int) -> frozenset[str]:
    return frozenset(registry().units.filter(pl.col("units_system") == system)["unit_code"].to_list())


def unit_code_as_registered(text: str, system: int | None = None) -> str:
    """The unit code someone wrote, as a code of the registry where one matches. A spreadsheet drops
    leading zeros (commune 00571 written 571, province 01 written 1), so a code not in `system`'s
    registry as written is tried padded to a province's 2, a district's 3 and a commune's 5 digits;
    the code as written wins (district 571 stays a district). The nation and the regions are letters
    (vn = VN). Without a system only a province's two digits are restored."""
    s = text.strip()
    if not s.isdigit():
        return s.upper() if national_units.is_national(s.upper()) else s
    if system is None:
        return s.zfill(2) if len(s) <= 2 else s
    codes = _codes(system)
    if s in codes:
        return s
    padded = [s.zfill(n) for n in (2, 3, 5) if len(s) < n and s.zfill(n) in codes]
    return padded[0] if padded else s


def unit_row(system: int, code: str) -> dict | None:
    """The registry's row of one unit, or None."""
    hit = registry().units.filter((pl.col("units_system") == system) & (pl.col("unit_code") == code))
    return hit.row(0, named=True) if hit.height else None


@lru_cache(maxsize=1)
def _province_rows() -> dict[int, dict[str, str]]:
    # Read apart from registry(): the pages need province names on their first run, and the whole
    # registry takes most of a second to build.
    conn = _package_db()
    out = {
        SYSTEM_NEW: dict(conn.execute("SELECT DISTINCT provinceCode, province FROM admin_units ORDER BY 1").fetchall()),
        SYSTEM_OLD: dict(
            conn.execute("SELECT DISTINCT provinceCode, province FROM admin_units_legacy ORDER BY 1").fetchall()
        ),
    }
    conn.close()
    return out


def province_names(system: int) -> dict[str, str]:
    """Province code -> full name, in code order."""
    return dict(_province_rows()[system])


@lru_cache(maxsize=1)
def province_successor() -> dict[str, str]:
    """Old (2008) province code -> the 2025 province it was merged into (whole-province merges)."""
    conn = _package_db()
    key_to_code = {
        **dict(conn.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units_legacy").fetchall()),
    }
    new_key_to_code = dict(conn.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units").fetchall())
    conn.close()
    data = json.loads(_package_data("converter_2025.json").read_text("utf-8"))
    return {key_to_code[old]: new_key_to_code[new] for new, olds in data["DICT_PROVINCE"].items() for old in olds}
