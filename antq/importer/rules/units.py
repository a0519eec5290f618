"""Resolving each row's unit: by its GSO code (leading zeros Excel dropped are restored) or, when
the code is blank, by its name, in the unit system of the row's year; with suggestions."""

from __future__ import annotations

from functools import lru_cache

import polars as pl
from rapidfuzz import fuzz, process

from antq.importer import spec
from antq.importer.problems import ERROR, WARNING
from antq.importer.rules.base import RowCheck, label
from antq.units import registry
from antq.vocab.bounds import short
from antq.vocab.unit_systems import PROVINCE_COUNT, SYSTEM_NEW, SYSTEM_OLD

MAX_SUGGESTED = 300  # distinct unknown names that get "did you mean" suggestions (each costs a fuzzy search)
SYSTEM_WORDS = {s: f"hệ {s} ({n} tỉnh)" for s, n in PROVINCE_COUNT.items()}
RESOLVED_SCHEMA = {
    "units_system": pl.Int16,
    "unit_code": pl.String,
    "unit_name": pl.String,
    "code_ok": pl.String,
    "province_code": pl.String,
    "problem": pl.String,
    "message": pl.String,
    "fix": pl.String,
}


@lru_cache(maxsize=1)
def _units() -> dict:
    u = registry().units
    by_code = {(r["units_system"], r["unit_code"]): r for r in u.iter_rows(named=True)}
    by_name: dict[tuple[int, str], list[dict]] = {}
    for r in u.iter_rows(named=True):
        for n in {spec.fold(r["name"]), spec.fold(r["short_name"])}:
            by_name.setdefault((r["units_system"], n), []).append(r)
    successors: dict[str, list[str]] = {}
    for old, new in registry().commune_crosswalk.select("old_unit_code", "new_unit_code").iter_rows():
        successors.setdefault(old, []).append(new)
    return {"by_code": by_code, "by_name": by_name, "frame": u, "successors": successors}


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


def _by_code(rec: dict, code: str, name: str | None, system: int, hint) -> None:
    units = _units()
    other = SYSTEM_NEW if system == SYSTEM_OLD else SYSTEM_OLD
    raw = code[:-2] if code.endswith(".0") else code
    cands = [raw] + ([raw.zfill(5), raw.zfill(3), raw.zfill(2)] if raw.isdigit() else [])
    hit = next((units["by_code"][(system, c)] for c in cands if (system, c) in units["by_code"]), None)
    elsewhere = next((units["by_code"][(other, c)] for c in cands if (other, c) in units["by_code"]), None)
    if hit is not None:
        rec.update(code_ok=hit["unit_code"], province_code=hit["province_code"])
        if _reused_code(rec, hit, name):
            return
        if name and spec.fold(name) not in {spec.fold(hit["name"]), spec.fold(hit["short_name"])}:
            rec.update(
                problem="unit_name_mismatch",
                message=f"Mã {hit['unit_code']} là {_unit_label(hit)}, khác tên '{short(name)}' ghi trong tệp; "
                "số liệu được ghi cho đơn vị theo mã.",
                fix="Kiểm tra lại mã đơn vị (trang 'Đơn vị' của tệp mẫu) hoặc sửa tên cho khớp.",
            )
    elif elsewhere is not None:
        rec.update(
            problem="unit_system",
            message=f"Mã {short(code)} là {elsewhere['name']} của danh mục {SYSTEM_WORDS[other]}; "
            f"năm này dùng danh mục {SYSTEM_WORDS[system]}.",
            fix="Dùng mã trong trang 'Đơn vị' của tệp mẫu đúng năm báo cáo "
            "(năm đến 2024: 63 tỉnh, có cấp huyện; từ 2025: 34 tỉnh, xã trực thuộc tỉnh).",
        )
    else:
        s = hint(name) if name else []
        rec.update(
            problem="unit_unknown",
            message=f"Mã đơn vị '{short(code)}' không có trong danh mục {SYSTEM_WORDS[system]}.",
            fix=(f"Có phải: {'; '.join(s)}? " if s else "") + "Tra mã đúng trong trang 'Đơn vị' của tệp mẫu.",
        )


def _names(r: dict) -> set[str]:
    return {spec.fold(r["name"]), spec.fold(r["short_name"])}


def _reused_code(rec: dict, hit: dict, name: str | None) -> bool:
    """A 2025 commune code that was also a 2008 commune's code (3,316 of the 10,035 old codes were
    given to a new commune): a file of a year >= 2025 may be using the old commune's code. Accepted
    only when the row's name is the 2025 unit's; without a name, only when both carried the same name."""
    if hit["units_system"] != SYSTEM_NEW or not hit["is_base"]:
        return False
    units = _units()
    old = units["by_code"].get((SYSTEM_OLD, hit["unit_code"]))
    if old is None or not old["is_base"]:
        return False
    if name and spec.fold(name) in _names(hit):
        return False
    if not name and spec.fold(old["short_name"]) == spec.fold(hit["short_name"]):
        return False
    code = hit["unit_code"]
    said = f"tên '{short(name)}' ghi trong tệp không phải tên đơn vị mới" if name else "dòng này không ghi Tên đơn vị"
    if name and spec.fold(name) in _names(old):
        new = [units["by_code"][(SYSTEM_NEW, c)] for c in units["successors"].get(code, [])]
        new = [r for r in new if r is not None] or [hit]
        fix = (
            f"'{short(name)}' là đơn vị cũ; từ 01/7/2025 thuộc {'; '.join(_unit_label(r) for r in new)}. "
            "Ghi mã và tên đơn vị mới theo trang 'Đơn vị' của tệp mẫu."
        )
    else:
        fix = (
            f"Nếu đúng là {hit['name']}, ghi Tên đơn vị '{hit['name']}' để xác nhận; nếu không, tra mã đúng "
            "trong trang 'Đơn vị' của tệp mẫu năm báo cáo."
        )
    rec.update(
        problem="unit_code_reused",
        message=f"Mã {code} từ 01/7/2025 là {_unit_label(hit)}, nhưng trước đó là mã của {_unit_label(old)} "
        f"(danh mục 2008); {said}, nên không biết số liệu thuộc đơn vị nào.",
        fix=fix,
    )
    return True


def _by_name(rec: dict, name: str, system: int, info_province: str | None, hint) -> None:
    units = _units()
    other = SYSTEM_NEW if system == SYSTEM_OLD else SYSTEM_OLD
    f = spec.fold(name)
    hits = units["by_name"].get((system, f), [])
    if info_province:
        hits = [r for r in hits if r["province_code"] == info_province] or hits
    if len(hits) == 1:
        rec.update(code_ok=hits[0]["unit_code"], province_code=hits[0]["province_code"])
    elif len(hits) > 1:
        rec.update(
            problem="unit_ambiguous",
            message=f"Có {len(hits)} đơn vị tên '{short(name)}': "
            + "; ".join(_unit_label(r) for r in hits[:5])
            + ("..." if len(hits) > 5 else ""),
            fix="Ghi Mã đơn vị để chỉ rõ đơn vị nào.",
        )
    elif units["by_name"].get((other, f)):
        r = units["by_name"][(other, f)][0]
        rec.update(
            problem="unit_system",
            message=f"'{short(name)}' là đơn vị của danh mục {SYSTEM_WORDS[other]} ({_unit_label(r)}); "
            f"năm này dùng danh mục {SYSTEM_WORDS[system]}.",
            fix="Dùng tên hoặc mã trong trang 'Đơn vị' của tệp mẫu đúng năm báo cáo.",
        )
    else:
        s = hint(name)
        rec.update(
            problem="unit_unknown",
            message=f"Không có đơn vị tên '{short(name)}' trong danh mục {SYSTEM_WORDS[system]}.",
            fix=(f"Có phải: {'; '.join(s)}? " if s else "") + "Sửa tên hoặc ghi Mã đơn vị theo trang 'Đơn vị'.",
        )


def resolve(df: pl.DataFrame, info_province: str | None) -> pl.DataFrame:
    """Per distinct (units_system, unit_code, unit_name): the unit, or why not."""
    out = []
    budget = [MAX_SUGGESTED]

    def hint(system):
        def suggest_some(name: str) -> list[str]:
            budget[0] -= 1
            return suggest(name, system, info_province) if budget[0] >= 0 else []

        return suggest_some

    for system, code, name in df.select("units_system", "unit_code", "unit_name").unique().iter_rows():
        rec = dict.fromkeys(RESOLVED_SCHEMA) | dict(units_system=system, unit_code=code, unit_name=name)
        if system is None:
            pass
        elif code:
            _by_code(rec, code, name, system, hint(system))
        elif name:
            _by_name(rec, name, system, info_province, hint(system))
        else:
            rec.update(
                problem="required",
                message="Thiếu Mã đơn vị và Tên đơn vị.",
                fix="Ghi Mã đơn vị (trang 'Đơn vị' của tệp mẫu) hoặc tên đúng của đơn vị.",
            )
        out.append(rec)
    return pl.DataFrame(out, schema=RESOLVED_SCHEMA)


def check_units(rc: RowCheck, info_province: str | None) -> None:
    """Join each row to its unit; report unknown, other-system, ambiguous and mismatched units."""
    rc.df = rc.df.join(
        resolve(rc.df, info_province), on=["units_system", "unit_code", "unit_name"], how="left", nulls_equal=True
    )
    for group in ("unit_unknown", "unit_system"):
        # said on the column the user filled: the code, or the name when the code is blank
        f = rc.df.filter(pl.col("problem") == group).with_columns(
            _by_code=pl.col("unit_code").is_not_null(), _val=pl.coalesce("unit_code", "unit_name")
        )
        for by_code, key in ((True, "unit_code"), (False, "unit_name")):
            rc.problems.add_rows(
                f.filter(pl.col("_by_code") == by_code),
                ERROR,
                group,
                sheet=rc.sheet,
                column=label(key),
                value=pl.col("_val"),
                message=pl.col("message"),
                fix=pl.col("fix"),
            )
    for group, key, severity in (
        ("unit_ambiguous", "unit_name", ERROR),
        ("unit_code_reused", "unit_code", ERROR),
        ("required", "unit_code", ERROR),
        ("unit_name_mismatch", "unit_name", WARNING),
    ):
        rc.flag(pl.col("problem") == group, severity, group, key, pl.col("message"), pl.col("fix"))
