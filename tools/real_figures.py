"""How many really published figures enter the store as published (issue 24, "Done when").

`python -m tools.real_figures [--csv PATH] [--write]` reads the 180 published figures of
../shared/real-figures/real_figures.csv (year, province, level, metric, value, unit, source URL, the
sentence quoted), maps each by rules over the row — the figure as the quote writes it, the indicator
from the metric's words, the unit text and the quote, the unit from the level text through the unit
registry, the period from the words that say one — then ENTERS every mapped figure: an empty
database (ANTQ_EMPTY=1, a temporary ANTQ_DB), one report form per unit, period and source written by
the project's own template writer, imported through the real importer, read back by SQL over the
DuckDB file and compared with the quote (value, qualifier and its word, denominator, percent).

Each figure ends in one class: `faithful` (entered and read back as published), `invention` (it
could only enter by inventing something: a year, a unit, a split the source does not make),
`no_place` (nothing in the catalogue or the periods says what it is, or it is not a result: a plan,
a rate, a context count), `refused` (mapped, but the importer refused the form: the message is
kept). With --write, docs/real-figures.md is generated. Never a table of the 180 answers: every rule
reads words that recur across reports; the CSV stays outside the repository (measurement material).

Longer than ~350 lines on purpose: the mapping rules, the unit resolution and the entering are
one measurement; split apart, the rules would be read without the check that proves them.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import os
import re
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from antq import vietnamese_numbers as numbers
from antq.settings import PROJECT_ROOT
from antq.text import fold
from antq.vocab import categories, indicators, national_units
from antq.vocab.report_rules import as_published
from antq.vocab.unit_systems import system_for_year

DOC = PROJECT_ROOT / "docs" / "real-figures.md"
CANDIDATES = (
    Path(os.environ.get("ANTQ_REAL_FIGURES", "/nonexistent")),
    PROJECT_ROOT.parent / "shared" / "real-figures" / "real_figures.csv",
    Path("/work/shared/real-figures/real_figures.csv"),
)
STATUSES = {
    "faithful": "enters as published",
    "invention": "needs invention",
    "no_place": "no place",
    "refused": "refused by the importer",
}


def csv_path() -> Path | None:
    return next((p for p in CANDIDATES if p.is_file()), None)


class Reason(Exception):
    """Why a figure cannot enter faithfully; `status` is 'invention' or 'no_place'."""

    def __init__(self, status: str, why: str):
        super().__init__(why)
        self.status, self.why = status, why


@dataclass
class Mapped:
    row: int
    year: int | None
    level_text: str
    metric: str
    quote: str
    source: str
    status: str = "candidate"
    reason: str = ""
    indicator: str | None = None
    units_system: int | None = None
    unit_code: str | None = None
    unit_name: str = ""
    unit_level: str = ""
    period_kind: str | None = None
    year_from: int | None = None
    as_of: dt.date | None = None
    written: str = ""  # the cell as typed into the form: the quote's own words for the figure
    value: float | None = None
    denominator: float | None = None
    qualifier: str = "exact"
    word: str | None = None
    percent: bool = False
    note: str | None = None
    read_back: str = ""  # as the store gives it back (as_published of the row read by SQL)
    extra: dict = field(default_factory=dict)


# ------------------------------------------------------------------ the figure in the quote
NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
EN_GROUPED = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d,])")
QUALIFIER_IN_UNIT = re.compile(r"'(hơn|trên|gần|khoảng|ước)'")


def _float(x) -> float:
    return float(x)


def figure_in_quote(quote: str, value: float) -> dict | None:
    """The place in the quote that writes `value`: its text, qualifier and word, x/y, percent."""
    for m in numbers.RATIO.finditer(quote):
        try:
            num, den = numbers.parse_ratio(m.group(0).split("(")[0])
        except ValueError:
            continue
        if _float(num.value) == value:
            text = quote[m.start() : m.end()].split("(")[0].strip()
            return dict(text=text, qualifier=num.qualifier, word=num.word, denominator=float(den.value), percent=False)
    for m in numbers.NUMBER.finditer(quote):
        try:
            n = numbers.parse(m.group(0))
        except ValueError:
            continue
        if _float(n.value) == value:
            return dict(
                text=m.group(0).strip(), qualifier=n.qualifier, word=n.word, denominator=None, percent=n.percent
            )
    for m in EN_GROUPED.finditer(quote):  # a translation: "2,241 public security groups"
        if float(m.group(0).replace(",", "")) == value:
            return dict(text=None, qualifier="exact", word=None, denominator=None, percent=False, translated=True)
    for w, n in NUMBER_WORDS.items():  # "hai ngôi nhà"
        if n == value and re.search(rf"(?<!\w){w}(?!\w)", quote.lower()):
            return dict(text=None, qualifier="exact", word=None, denominator=None, percent=False, spelled=w)
    return None


# ------------------------------------------------------------------ what is not a result
# (words of the row's metric, unit or level text; why it has no place)
# Each pattern is a kind of statement, not a row: anything else that no indicator counts falls to
# the last rule of indicator_for ("no indicator of the catalogue counts this").
NOT_RESULTS = (
    # ("launch_plans" submitted is a result: plans_issued)
    (r"plan(?!s\b)|expected|required|directive", "a plan, target or requirement, not a result"),
    (r"allowance|/month", "a rate (an allowance per month), not a figure of the movement"),
    (r"police_units|communes_wards", "a count of administrative units (context), not a result"),
    # (exemplars honoured at a conference: exemplar_delegates)
    (r"(?<!exemplars_)attending|(?<!advanced )delegates", "attendance at a conference, not a result"),
    (
        r"communes_with(?!_models)|(?<!launch)_areas\b",
        "a count of places where something exists; no indicator counts it",
    ),
)


# ------------------------------------------------------------------ the indicator
def _has(text: str, *words) -> bool:
    return any(w in text for w in words)


MODEL_KINDS = (  # words of the quote or the unit text -> a kind of model (antq/vocab/indicators.py)
    ("camera", ("camera an ninh", "camera")),
    ("self_managed", ("tự quản", "tự phòng", "self-management")),
    ("dan_van_kheo", ("dân vận khéo",)),
    ("crime_prevention", ("phòng, chống tội phạm",)),
)


def _model_kind(text: str) -> str | None:
    for kind, words in MODEL_KINDS:
        if _has(text, *words):
            return kind
    return None


ISSUERS = (  # who gave a Giấy khen / Bằng khen, read from the quote or the unit text
    ("commune", r"ubnd (xã|phường)|chủ tịch ubnd (xã|phường)|ủy ban nhân dân (xã|phường)"),
    ("district", r"ubnd huyện|ubnd (thị xã|quận)"),
    ("police_director", r"công an tỉnh|công an thành phố|giấy khen ca|ca_tinh"),
    ("province", r"chủ tịch ubnd (tp|thành phố|tỉnh)|ubnd (tỉnh|thành phố)"),
    ("moc", r"bộ công an|bộ trưởng"),
)


def _issuers(text: str) -> list[str]:
    return [code for code, pat in ISSUERS if re.search(pat, text)]


def indicator_for(m: Mapped, unit_text: str, fig: dict, context: str = "") -> str:
    """The catalogue's indicator for a figure; Reason when none fits without inventing. `context`:
    the other rows quoting the same sentence (their quotes and unit words: who gave an award)."""
    metric, q = m.metric.lower(), m.quote.lower()
    text = f"{metric} {unit_text.lower()} {q} {context.lower()}"
    kind = "individual" if _has(metric, "individual") or _has(unit_text.lower(), "individual") else "collective"
    if fig["percent"] or metric.startswith("pct_"):
        if _has(q, "khu dân cư, cơ quan"):
            if _has(q, "tổ chức"):
                return "fest_local_units_held_pct"
            raise Reason("invention", "one percentage over residential areas, agencies and schools together")
        if _has(q, "camera") and _has(q, "chia sẻ"):
            return "camera_sharing_pct"
        if _has(q, "an toàn về an ninh", "antt_standard") or "antt_standard" in metric:
            return "safe_agency_pct" if _has(q, "cơ quan") else "safe_residential_pct"
        if _has(q, "ngày hội") and _has(q, "xã"):
            return "fest_communes_held_pct"
        raise Reason("no_place", "a percentage with no x-of-y indicator behind it")
    if fig["denominator"] is not None:
        if _has(q, "tổ hòa giải"):
            return "mediation_villages"
        if _has(q, "khu dân cư") and _has(q, "ngày hội"):
            return "fest_residential_held"
        if _has(q, "xã") and _has(q, "ngày hội"):
            return "fest_communes_held"
        if _has(q, "kế hoạch"):
            return "plans_issued"
        raise Reason("no_place", "an x-of-y with no indicator for what it counts")
    # ---- models
    if "model" in metric:
        if _has(metric, "communes_with"):
            return "communes_with_models"
        is_points = _has(metric, "points")
        if _has(metric, "replicat", "recognised") and not is_points:
            return "model_replicated"
        if _has(metric, "new_models", "models_launched"):
            return "model_new"
        if _has(metric, "model_types"):
            return "model_kinds"
        if _has(metric, "members"):
            return "model_members"
        if not is_points and re.search(r"mô hình,\s*điển hình", q):
            return "models_and_exemplars"
        if not is_points and re.search(r"mô hình,\s*chuyên đề", q):
            return "models_and_topics"
        # the kind: the metric's words or the words right after the figure ("471 mô hình tự quản");
        # points belong to the one kind of model their sentence names ("12 mô hình tự quản với 356 …")
        k = _model_kind(metric) or _model_kind(_after(q, fig))
        if is_points and not k:
            named = {kind for kind, words in MODEL_KINDS if _has(q, *(f"mô hình {w}" for w in words))}
            named |= {kind for kind, words in MODEL_KINDS if _has(q, *(f"mô hình “{w}" for w in words))}
            k = next(iter(named)) if len(named) == 1 else None
        if is_points and "_and_" in metric:
            k = None  # the points of two kinds together
        if k:
            return f"model_{k}_points" if is_points else f"model_{k}"
        return "model_sites" if is_points else "models_active"
    if _has(metric, "exemplars"):
        return "exemplar_delegates" if _has(metric, "attending") else "exemplar_total"
    # ---- festival
    if metric.startswith("festival_points"):
        return {"commune": "fest_points_commune", "village": "fest_points_village", "total": "fest_points_total"}.get(
            metric.rsplit("_", 1)[-1], "fest_points_total"
        )
    if _has(metric, "pilot"):
        return "fest_pilot_sites"
    if _has(metric, "villages_participating"):
        return "fest_villages_taking_part"
    if _has(metric, "forum"):
        if _has(metric, "participants"):
            return "fest_forum_participants"
        return "fest_forum_opinions" if _has(metric, "opinions") else "fest_forums"
    if metric == "participants":
        return "fest_participants"
    if _has(metric, "gifts_count"):
        return "fest_gift_packages"
    if _has(metric, "gifts_value"):
        return "funding_vnd" if _has(q, "trị giá các hoạt động") else "fest_gift_value"
    # ---- mobilisation
    if _has(q, "phát động phong trào, ngày hội") or _has(metric, "launch_events"):
        return "mob_launch_events"
    if _has(metric, "launch_areas"):
        return "mob_launch_areas"
    if _has(metric, "residential_quarters"):
        return "mob_emulation_pacts" if _has(q, "giao ước") else "residential_areas"
    if _has(metric, "reintegration", "released_prisoners"):
        return "reintegration_supported"
    if _has(metric, "participants"):
        return "mob_participants"
    if _has(metric, "sessions", "campaigns", "conferences", "meetings"):
        return "mob_sessions"
    if _has(metric, "news_items", "reportages"):
        return "mob_media_items"
    if _has(metric, "leaflets", "materials"):
        return "mob_leaflets"
    # ---- commendations
    if _has(metric, "commend", "khen") and "_and_" in metric:
        return "award_total"  # several forms of award counted together ("gần 180 Kỷ niệm chương, bằng khen")
    if _has(metric, "ky_niem_chuong"):
        return "award_medal_individual"
    if _has(metric, "commend", "khen", "bang_khen"):
        who = _issuers(text)
        if "[" in q and not _has(q, "khen", "dương"):  # an excerpt cut before the award
            raise Reason("invention", "the excerpt stops before saying what the collectives and individuals received")
        if _has(q, "tuyên dương", "biểu dương") and not _has(q, "khen thưởng"):
            return f"praise_{kind}"
        if _has(text, "giấy khen", "giay_khen", "bằng khen", "bang_khen"):
            if len(who) > 1 and _has(text, " và ubnd", " và ủy ban", " & ubnd"):
                raise Reason("invention", "one count of awards of two issuers: no split by issuer")
            if who:
                return f"award_{who[0]}_{kind}"
        m.note = "; ".join(filter(None, [m.note, _issuer_phrase(m.quote)]))
        return f"award_unnamed_{kind}"
    # ---- public contribution
    if _has(metric, "via_camera"):
        return "cases_solved_camera"
    if _has(metric, "cases_solved", "cases_resolved"):
        return "cases_solved_public"
    if _has(metric, "tips"):
        return "tips_valuable" if _has(text, "có giá trị", "valuable") else "tips_received"
    if _has(metric, "guns"):
        return "weapons_handed_in"
    # ---- grassroots
    if _has(metric, "patrol"):
        return "patrol_shifts"
    if _has(metric, "club"):
        return "crime_club_members" if _has(metric, "members") else "crime_clubs"
    if _has(metric, "lien_gia_tu_quan"):
        return "liaison_groups"
    if _has(metric, "pccc"):
        return "fire_teams"
    if _has(metric, "mass_organisations"):
        return "mass_security_organisations"
    if _has(metric, "security_team", "security_group", "grassroots_security"):
        return "security_team_members" if _has(metric, "members") else "security_teams"
    if _has(metric, "camera"):
        return (
            "camera_eyes" if _has(text, "mắt camera", "camera eyes", "camera được lắp", "cameras") else "camera_points"
        )
    # ---- "An toàn về ANTT"
    if _has(metric, "registered_antt_standard"):
        subject = "residential" if "residential" in metric else "school" if "school" in metric else "agency"
        return f"safe_{subject}_registered"
    # ---- support
    if _has(metric, "houses"):
        return "houses_charity" if _has(metric, "tinh_thuong") else "houses_great_unity"
    if _has(metric, "funding"):
        return "funding_raised_vnd" if _has(q, "vận động", "đóng góp", "ủng hộ") else "funding_vnd"
    raise Reason("no_place", "no indicator of the catalogue counts this")


def _after(q: str, fig: dict) -> str:
    """The words right after the figure in the quote (what it counts), up to a bracket or a list's
    next item ("7 mô hình (trong đó có 1 mô hình tự quản …)" names no kind of its own)."""
    if fig.get("text") and fig["text"].lower() in q:
        rest = q[q.index(fig["text"].lower()) + len(fig["text"]) :]
        return re.split(r"[(,;]", rest, maxsplit=1)[0][:40]
    return ""


def _issuer_phrase(quote: str) -> str | None:
    m = re.search(r"((?:UBND|Ủy ban|Công an|Chủ tịch)[^,;.]{0,40}?)\s+(?:đã\s+)?(?:khen thưởng|tặng|trao)", quote)
    return f"khen thưởng của {m.group(1).strip()}" if m else None


# ------------------------------------------------------------------ the unit
# type words before a unit's name, accent-folded as the names they strip
_TYPES = r"^(thanh pho|tp\.?|tinh|huyen|quan|thi xa|thi tran|xa|phuong|dac khu|vung)\s+"


def _bare(name: str) -> str:
    return fold(re.sub(_TYPES, "", fold(name).strip()).strip())


class Units:
    def __init__(self):
        from antq.units import registry

        self.rows = list(registry().units.iter_rows(named=True))
        self.by = defaultdict(list)
        for r in self.rows:
            self.by[(r["units_system"], r["level"])].append(r)

    def province(self, name: str, system: int) -> dict | None:
        want = _bare(name.replace("TP.", "").replace("TP ", ""))
        for r in self.by[(system, "province")]:
            if want in (_bare(r["name"]), _bare(r["short_name"])):
                return r
        return None

    def nation(self) -> dict | None:
        return next((r for (s, lv), rs in self.by.items() if lv == "nation" for r in rs), None)

    def region(self, text: str) -> dict | None:
        t = fold(text)
        return next((r for (s, lv), rs in self.by.items() if lv == "region" for r in rs if _bare(r["name"]) in t), None)

    def below(self, name: str, hint: str | None, province: dict, level: str, system: int) -> list[dict]:
        want = _bare(name)
        kind = fold(name).split()[0] if fold(name).split() else ""
        out = [
            r
            for r in self.by[(system, level)]
            if r["province_code"] == province["unit_code"] and _bare(r["name"]) == want
        ]
        if len(out) > 1 and kind:
            typed = [r for r in out if fold(r["name"]).startswith(kind)]
            out = typed or out
        districts = {r["unit_code"]: _bare(r["name"]) for r in self.by[(system, "district")]}
        if len(out) > 1 and hint:
            out = [r for r in out if districts.get(r["district_code"]) == _bare(hint)] or out
        if not out and hint:
            # Ethnic-minority names are spelled several ways ("Hà Ra", "H'Ra", "Hra"): inside the one
            # district the source names, the single name that differs only by spaces, an apostrophe
            # or an elided vowel (similarity >= 0.8 with spaces removed)
            squash = want.replace(" ", "").replace("'", "")
            near = [
                r
                for r in self.by[(system, level)]
                if r["province_code"] == province["unit_code"]
                and districts.get(r["district_code"]) == _bare(hint)
                and difflib.SequenceMatcher(None, squash, _bare(r["name"]).replace(" ", "")).ratio() >= 0.8
            ]
            out = near if len(near) == 1 else out
        return out


def resolve_unit(m: Mapped, province_name: str, units: Units) -> None:
    level = m.level_text.lower()
    system = system_for_year(m.year)
    m.units_system = system
    if level.startswith("national"):
        if "khu vực" in level:
            raise Reason("invention", "an event of one part of the country (khu vực), not the nation's figure")
        n = units.nation()
        if n is None:
            raise Reason("no_place", "no unit for the nation (VN) in the registry")
        m.unit_code, m.unit_name, m.unit_level = n["unit_code"], n["name"], national_units.CATALOGUE_LEVEL["nation"]
        return
    if level.startswith("region"):
        r = units.region(m.level_text)
        if r is None:
            raise Reason("no_place", "no unit for this region in the registry")
        m.unit_code, m.unit_name, m.unit_level = r["unit_code"], r["name"], national_units.CATALOGUE_LEVEL["region"]
        return
    local = re.match(r"(enterprise|agency|school|village)\s*\(([^)]+)\)\s*at\s+(.*)$", m.level_text.strip(), re.I)
    if local:
        # a named place below a commune ("enterprise (Cảng hàng không Phù Cát) at làng Suối Đá, xã
        # Canh Hiệp"): its own report under its commune (local_unit), beside the commune's figures
        kind, name, where = local.group(1).lower(), local.group(2).strip(), local.group(3)
        commune = re.search(r"(?:xã|phường|thị trấn)\s+[^,;()]+", where, re.I)
        if commune is None:
            raise Reason("invention", f"a {kind} below a commune the source does not name")
        m.level_text = f"commune ({commune.group(0).strip()})"
        m.extra["local"] = ({"village": "residential"}.get(kind, kind), name)
    prov = units.province(province_name, system)
    if prov is None:
        raise Reason("invention", f"province '{province_name}' is not a province of the {system} system")
    if level.startswith("province"):
        m.unit_code, m.unit_name, m.unit_level = prov["unit_code"], prov["name"], "province"
        return
    inner = re.search(r"\(([^)]*)\)", m.level_text)
    parts = [p.strip() for p in (inner.group(1).split(";")[0] if inner else "").split(",")]
    parts = [re.sub(r"^ex-.*$", "", p).strip() for p in parts]
    name, hint = parts[0], (parts[1] if len(parts) > 1 and parts[1] else None)
    lv = "district" if level.startswith("district") else "commune"
    if lv == "district" and system != 2008:
        raise Reason("invention", "a district after the 2025 reform: no such unit")
    found = units.below(name, hint, prov, lv, system)
    if len(found) != 1:
        why = "not found" if not found else f"{len(found)} units of that name"
        raise Reason("invention", f"{lv} '{name}' of {prov['name']} ({system}): {why} in the registry")
    u = found[0]
    m.unit_code, m.unit_name, m.unit_level = u["unit_code"], u["name"], lv


# ------------------------------------------------------------------ the period
RANGE = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})")
AS_OF_DAY = re.compile(r"(?:tính\s+)?đến\s+(?:ngày\s+)?(\d{1,2}/\d{1,2}/\d{4})", re.I)


def resolve_period(m: Mapped, unit_text: str, context: str = "") -> None:
    meta = f"{m.level_text} {unit_text} {context}".lower()
    q = m.quote.lower()
    if re.search(r"cumulative|to date", f"{m.level_text} {unit_text}".lower()):
        # the row's own words beat a neighbouring figure's period ("Riêng năm 2024 …")
        m.period_kind = "to_date"
        day = AS_OF_DAY.search(m.quote)
        m.as_of = dt.datetime.strptime(day.group(1), "%d/%m/%Y").date() if day else None
        return
    if re.search(r"\+\s*h[12]|\bh[12]\b|\d+\s*months", meta):
        raise Reason("invention", "a period that is neither a year, a half year nor a phase of whole years")
    r = RANGE.search(meta)
    if r:
        start, end = int(r.group(1)), int(r.group(2))
        if end != m.year:
            raise Reason("invention", f"a phase {start}–{end} that does not end in the row's year {m.year}")
        m.period_kind, m.year_from = "phase", start
        return
    day = AS_OF_DAY.search(m.quote)
    if day:
        m.period_kind = "to_date"
        m.as_of = dt.datetime.strptime(day.group(1), "%d/%m/%Y").date()
        return
    if "đến nay" in q or re.search(r"as of \d|cumulative|to date", meta):
        m.period_kind = "to_date"
        return
    group = indicators.get(m.indicator).group
    m.period_kind = "festival_year" if group == "festival" else "year"


# ------------------------------------------------------------------ one row
def same_sentence(i: int, rows: list[dict]) -> str:
    """The unit words and quotes of the other rows quoting the same sentence of the same source (a
    common stretch of 25 characters or more): a sentence's period and issuer hold for each of its
    figures ("55 mô hình … với 910 điểm", 2019–2024)."""
    mine = rows[i]
    out = []
    for j, r in enumerate(rows):
        if j == i or r["source_url"] != mine["source_url"]:
            continue
        a, b = mine["quote"], r["quote"]
        match = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
        if match.size >= 25:
            out.append(f"{r['unit']} {r['quote']}")
    return " ".join(out)


def map_row(i: int, row: dict, units: Units, context: str = "") -> Mapped:
    year = int(row["year"]) if row["year"].strip() else None
    m = Mapped(i, year, row["level"], row["metric"], row["quote"], row["source_url"])
    try:
        meta = f"{row['metric']} {row['unit']} {row['level']}".lower()
        for pat, why in NOT_RESULTS:
            if re.search(pat, meta):
                raise Reason("no_place", why)
        fig = figure_in_quote(row["quote"], float(row["value"]))
        if fig is None:
            raise Reason("no_place", "the figure is not written in the quote")
        m.indicator = indicator_for(m, row["unit"], fig, context)
        if year is None:
            raise Reason("invention", "no year in the source")
        m.value, m.denominator, m.percent = float(row["value"]), fig["denominator"], fig["percent"]
        m.qualifier, m.word = fig["qualifier"], fig["word"]
        if fig.get("text"):
            m.written = fig["text"]
        else:  # a translated quote or a number spelled out: the figure is typed as digits
            q = QUALIFIER_IN_UNIT.search(row["unit"])
            m.word = q.group(1) if q else None
            m.qualifier = numbers.qualifier_of(m.word) if m.word else "exact"
            if m.qualifier == "exact" and "lower bound" in row["unit"]:
                m.qualifier = "at_least"
            digits = as_published(m.value, "exact", None, "vi")
            m.written = f"{m.word} {digits}" if m.word else digits
            if m.qualifier == "at_least" and not m.word:
                m.written = f"trên {digits}"
                m.word = None
            m.note = "; ".join(filter(None, [m.note, "số liệu từ bản dịch" if fig.get("translated") else None]))
        ind = indicators.get(m.indicator)
        if ind.unit == "percent" and not m.written.endswith("%"):
            m.written += "%"
        resolve_unit(m, row["province"], units)
        if m.unit_level not in ind.levels:
            raise Reason("no_place", f"{m.indicator} is not reported at the {m.unit_level} level")
        resolve_period(m, row["unit"], " ".join(re.findall(r"\([^)]*\)", context)))
    except Reason as r:
        m.status, m.reason = r.status, r.why
    return m


# ------------------------------------------------------------------ entering
def _fill(form_bytes: bytes, ms: list[Mapped]) -> bytes:
    from antq.reports import form

    rows = list(csv.reader(io.StringIO(form_bytes.decode("utf-8-sig"))))
    first = ms[0]
    period_cell = categories.PERIOD_KINDS.label(first.period_kind)
    if first.period_kind == "to_date" and first.as_of:
        period_cell = f"đến {first.as_of:%d/%m/%Y}"
    fields = {
        form.FIELDS["unit_code"]: first.unit_code,
        form.FIELDS["period_kind"]: period_cell,
        form.FIELDS["year_from"]: str(first.year_from) if first.period_kind == "phase" else "",
        form.FIELDS["reference"]: first.source[:1000],
    }
    if "local" in first.extra:
        kind, name = first.extra["local"]
        fields[form.FIELDS["local_unit_name"]] = name
        fields[form.FIELDS["local_unit_kind"]] = categories.VENUE_KINDS.label(kind)
    head = next(i for i, r in enumerate(rows) if form.COLUMNS["indicator"] in r and form.COLUMNS["value"] in r)
    for r in rows[:head]:
        if r and r[0] in fields:
            r[1] = fields[r[0]]
    code, value, note = (rows[head].index(form.COLUMNS[k]) for k in ("indicator", "value", "note"))
    by = {m.indicator: m for m in ms}
    for r in rows[head + 1 :]:
        if r and r[code] in by:
            r[value] = by[r[code]].written
            r[note] = by[r[code]].note or ""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _form_bytes(m: Mapped) -> bytes:
    """The unit's own blank form, as `template --kind report --unit CODE` writes it."""
    from antq.reports import template

    return template.csv_bytes(m.year, m.unit_code)


def enter(mapped: list[Mapped], units: Units, workdir: Path) -> None:
    """Write, import and read back every candidate; set each one's final status."""

    # The importer reads its database and archive from the settings: set them for this measurement
    # only, and put back what was there (a test process runs other tests after this one).
    saved = {k: os.environ.get(k) for k in ("ANTQ_DB", "ANTQ_EMPTY", "ANTQ_ARCHIVE_DIR")}
    os.environ |= {"ANTQ_DB": str(workdir / "antq.duckdb"), "ANTQ_EMPTY": "1"}
    os.environ["ANTQ_ARCHIVE_DIR"] = str(workdir / "archive")
    try:
        _enter(mapped, workdir)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _enter(mapped: list[Mapped], workdir: Path) -> None:
    import duckdb

    from antq import db
    from antq.reports import load

    db.build(workdir / "antq.duckdb", empty=True)
    groups: dict[tuple, list[Mapped]] = defaultdict(list)
    for m in mapped:
        if m.status == "candidate":
            key = (m.units_system, m.unit_code, m.extra.get("local"), m.period_kind, m.year_from, m.year, m.as_of)
            key += (m.source,)
            if any(o.indicator == m.indicator for o in groups[key]):
                other = next(o for o in groups[key] if o.indicator == m.indicator)
                m.status = "invention"
                m.reason = f"a second figure for {m.indicator} in the same report (row {other.row}): no separate place"
                continue
            groups[key].append(m)
    for n, ms in enumerate(groups.values()):
        try:
            data = _fill(_form_bytes(ms[0]), ms)
        except Exception as exc:  # the template writer cannot write this unit's form
            for m in ms:
                m.status, m.reason = "refused", f"no form for unit {m.unit_code}: {exc}"
            continue
        path = workdir / f"form-{n:03d}.csv"
        path.write_bytes(data)
        res = load.import_path(path, via="cli")
        if res.outcome != "loaded":
            msgs = "; ".join(str(x) for x in res.problems["message"].to_list()[:2]) if res.problems.height else ""
            for m in ms:
                m.status, m.reason = "refused", msgs or res.outcome
            continue
        rid = res.report_ids[0]
        with duckdb.connect(str(workdir / "antq.duckdb"), read_only=True) as c:
            got = {
                r[0]: r[1:]
                for r in c.execute(
                    "SELECT v.indicator, v.value, v.denominator, v.qualifier, v.qualifier_word, r.period_kind, "
                    "r.year_from, r.year, r.as_of FROM report r JOIN report_value v USING (report_id) "
                    "WHERE r.report_id = ?",
                    [rid],
                ).fetchall()
            }
        for m in ms:
            m.extra["report_id"] = rid
            check(m, got.get(m.indicator))
    _PRINTED.clear()
    for m in mapped:
        if m.status == "faithful":
            m.extra["report_values"] = _report_values(m)


_PRINTED: dict[tuple, list[dict]] = {}


def _report_values(m: Mapped) -> str:
    """The same figure through `report-values --year Y --unit CODE --period P --all-levels --json`:
    'same' when the command gives back the value, qualifier and denominator stored; 'superseded'
    when a later report of the unit and period is in force (the earlier one stays in the store)."""
    import contextlib
    import json

    from antq import cli

    argv = ("report-values", "--year", str(m.year), "--unit", m.unit_code, "--period", m.period_kind)
    if argv not in _PRINTED:  # one run per unit and period, shared by its figures
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            cli.main([*argv, "--all-levels", "--below", "--json"])
        _PRINTED[argv] = json.loads(out.getvalue() or "[]")
    rows = [r for r in _PRINTED[argv] if r["indicator"] == m.indicator and r["report_id"] == m.extra["report_id"]]
    if not rows:
        return "superseded"
    r = rows[0]
    same = float(r["value"]) == m.value and r["qualifier"] == m.qualifier
    same = same and (r["denominator"] if r["denominator"] is None else float(r["denominator"])) == m.denominator
    return "same" if same else f"differs: {r['value']} {r['qualifier']}"


def check(m: Mapped, got) -> None:
    """Faithful when the store gives back the value, the denominator, the qualifier with the word as
    written, the percent and the period of the source."""
    if got is None:
        m.status, m.reason = "refused", "not stored"
        return
    value, den, qual, word, kind, year_from, year, as_of = got
    unit = indicators.get(m.indicator).unit
    m.read_back = as_published(value, qual, word, "vi", unit, den)
    problems = []
    if value != m.value:
        problems.append(f"value {value} ≠ {m.value}")
    if den != m.denominator:
        problems.append(f"denominator {den} ≠ {m.denominator}")
    if qual != m.qualifier or (m.word and word != m.word):
        problems.append(f"qualifier {qual}/{word} ≠ {m.qualifier}/{m.word}")
    if (kind, year, as_of) != (m.period_kind, m.year, m.as_of) or (kind == "phase" and year_from != m.year_from):
        problems.append(f"period {kind} {year_from}–{year} {as_of}")
    words = m.read_back.split(" ")[0]
    if m.word and words != m.word:
        problems.append(f"shown as '{m.read_back}'")
    if problems:
        m.status, m.reason = "refused", "read back differs: " + ", ".join(problems)
    else:
        m.status = "faithful"


# ------------------------------------------------------------------ baseline and report
def baseline(rows: list[dict]) -> int:
    """The plain reading: the first number of the quote, with the word before it, taken as the
    figure. Counted right when its value and qualifier are the row's (it names no indicator, unit
    or period, so it is an upper bound of what it could enter)."""
    right = 0
    for row in rows:
        m = numbers.NUMBER.search(row["quote"])
        if not m:
            continue
        try:
            n = numbers.parse(m.group(0))
        except ValueError:
            continue
        want = QUALIFIER_IN_UNIT.search(row["unit"])
        if float(n.value) == float(row["value"]) and (n.word or None) == (want.group(1) if want else n.word):
            right += 1
    return right


def measure(path: Path) -> tuple[list[Mapped], list[dict]]:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    units = Units()
    mapped = [map_row(i, r, units, same_sentence(i, rows)) for i, r in enumerate(rows)]
    with tempfile.TemporaryDirectory(prefix="antq-real-figures-") as tmp:
        enter(mapped, units, Path(tmp))
    return mapped, rows


def totals(mapped: list[Mapped]) -> Counter:
    return Counter(m.status for m in mapped)


def markdown(mapped: list[Mapped], rows: list[dict]) -> str:
    t = totals(mapped)
    n = len(mapped)
    base = baseline(rows)
    lines = [
        "# Real published figures: what enters as published",
        "",
        "Generated by `python -m tools.real_figures --write` (do not edit) from "
        "`../shared/real-figures/real_figures.csv` (kept outside the repository). Each figure is mapped by rules "
        "over its row (tools/real_figures.py), entered through a report form written by the template writer and "
        "imported by the real importer into an empty database, then read back by SQL and compared with the quote.",
        "",
        "- **enters as published**: stored with the quote's value, qualifier and its word ('hơn' stays 'hơn'), "
        "denominator (x/y) or percent sign, for a unit of the registry and a period the source states "
        "(a phase's years, 'Đến nay' with its day where written); the cell typed is the quote's own words, "
        "or — for a translated quote or a number spelled out — its digits (noted 'số liệu từ bản dịch').",
        "- **needs invention**: it could only enter by making up what the source does not say (a year, a "
        "unit the registry does not know by that name, a split of a joint count, a period of odd months).",
        "- **no place**: not a result of the movement (a plan, a target, a rate, a count of administrative "
        "units) or nothing in the catalogue counts it.",
        "- **refused by the importer**: mapped, but the form was refused (the importer's message is shown).",
        "",
        "Whether each page then shows these figures exactly as published is measured by the pages' own "
        "tests (the one reading path); this table measures the entry into the store.",
        "",
        "| class | figures | share |",
        "| --- | --- | --- |",
    ]
    for k, label in STATUSES.items():
        lines.append(f"| {label} | {t.get(k, 0)} | {100 * t.get(k, 0) / n:.1f} % |")
    via_cli = Counter(m.extra.get("report_values") for m in mapped if m.status == "faithful")
    lines += [
        f"| all | {n} | |",
        "",
        f"Of the {t.get('faithful', 0)} that enter, {via_cli.get('same', 0)} come back identical through "
        "`python -m antq report-values --year Y --unit CODE --period P --all-levels --json` (value, qualifier, "
        f"denominator); {via_cli.get('superseded', 0)} belong to a report superseded by a later one of the same "
        "unit and period (kept in the store, read back by its id)"
        + "".join(f"; {k}: {v}" for k, v in via_cli.items() if k not in ("same", "superseded"))
        + ".",
        "",
        f"Baseline (one regex: the first number of the quote with the word before it): {base} of {n} "
        f"({100 * base / n:.1f} %) have the right value and qualifier word — it names no indicator, unit or "
        "period, so none of them could enter a report by itself.",
        "",
        "Why the others do not enter:",
        "",
    ]
    for (status, reason), k in Counter(
        (m.status, re.sub(r"\(row \d+\)|'[^']*'|\d{4}", "…", m.reason)) for m in mapped if m.status != "faithful"
    ).most_common():
        lines.append(f"- {STATUSES[status]} ({k}): {reason}")
    lines += [
        "",
        "| row | year | unit | indicator | period | as published (stored, read back) | class | why |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for m in mapped:
        period = ""
        if m.period_kind:
            period = m.period_kind + (f" {m.year_from}–{m.year}" if m.period_kind == "phase" else "")
            period += f" {m.as_of:%d/%m/%Y}" if m.as_of else ""
        unit = f"{m.unit_name} ({m.unit_code})" if m.unit_code else m.level_text
        if m.unit_code and "local" in m.extra:
            unit = f"{m.extra['local'][1]} ({m.extra['local'][0]}), {unit}"
        cell = m.read_back or m.written
        lines.append(
            f"| {m.row} | {m.year or '–'} | {_md(unit)} | {m.indicator or '–'} | {period or '–'} | {_md(cell)} "
            f"| {STATUSES.get(m.status, m.status)} | {_md(m.reason)} |"
        )
    return "\n".join(lines) + "\n"


def _md(s) -> str:
    return str(s or "").replace("|", "\\|").replace("\n", " ")


def main(argv: list[str]) -> int:
    path = Path(argv[argv.index("--csv") + 1]) if "--csv" in argv else csv_path()
    if path is None:
        print("Lỗi: không có tệp real_figures.csv (đặt ANTQ_REAL_FIGURES).", file=sys.stderr)
        return 2
    mapped, rows = measure(path)
    t = totals(mapped)
    print(" ".join(f"{k}={t.get(k, 0)}" for k in STATUSES), f"of {len(mapped)}; baseline {baseline(rows)}")
    if "--write" in argv:
        DOC.write_text(markdown(mapped, rows), "utf-8")
        print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
