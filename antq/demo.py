"""The illustrative national dataset ("Dữ liệu minh họa"), deterministic from a seed.

It covers every real base unit of the matching system for 2019-2026 and is calibrated to figures
reported publicly (see README "Illustrative data"): in 2022 more than 5,800 communes held the
festival and gifts came to nearly 35 billion VND; in 2025 the country counted more than 2,500
models at about 124,000 replication sites and about 1,100 exemplars; Hà Nội reported 175 models
at more than 8,800 sites, Ho Chi Minh City 18 kinds of model at 1,080 sites; Thanh Hóa held the
2025 festival at 4,517 points. None of its rows is a real report.

One builder serves the demo database, the tests (same seed, scale 1) and the benchmark (`scale`
multiplies village-level festival points and models).

Longer than ~350 lines on purpose: one seeded builder whose streams (festival points,
commendations, exemplars, models) are read next to the calibration figures above; split into files,
the calibration and the draws it governs would drift apart.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import polars as pl

from antq.units import registry
from antq.vocab import categories, report_years
from antq.vocab.unit_systems import FIRST_NEW_SYSTEM_YEAR, SYSTEM_NEW, SYSTEM_OLD, system_for_year

YEARS = tuple(range(2019, 2027))
SOURCE_ID = 1
SOURCE_KIND = "illustrative"
DEMO_LABEL = categories.SOURCE_KINDS.label(SOURCE_KIND)

# Share of base units holding at least one festival point, nationally. 2020-2021: the pandemic
# years; 2025: the new, larger communes almost all hold it.
COVERAGE_TARGET = {2019: 0.56, 2020: 0.36, 2021: 0.29, 2022: 0.615, 2023: 0.64, 2024: 0.67, 2025: 0.86, 2026: 0.9}
# Village-level points per covered commune (mean): the old communes had ~9 villages, the new ~27.
VILLAGE_POINTS_MEAN = {SYSTEM_OLD: 4.2, SYSTEM_NEW: 15.0}
PANDEMIC_DAMPING = {2020: 0.55, 2021: 0.45}
# How the provinces' figures reach the store (issue 24), by unit system: most provinces send both
# detail rows and an aggregated report, a few only the report, a few only detail rows, and before the
# reform one neither, so that every path of the one reading rule is on the demo's pages (the 2025
# totals keep the published scale above). Codes of the system.
REPORT_ONLY = {SYSTEM_OLD: ("02",), SYSTEM_NEW: ("04",)}
DETAIL_ONLY = {SYSTEM_OLD: ("04",), SYSTEM_NEW: ("11",)}
NEITHER = {SYSTEM_OLD: ("06",), SYSTEM_NEW: ()}
# Village-level points by venue kind (the commune-level point is residential, the province's own agency).
VENUE_SHARES = {"residential": 0.8, "agency": 0.07, "enterprise": 0.05, "school": 0.08}
VENUE_CODES = np.array(categories.VENUE_KINDS.codes)
# The year's evaluation (illustrative): the 2025 provinces it is drawn for (with, before the reform,
# the old provinces merged into them), the years, and the grades' shares (excellent, good, average, weak).
EVALUATION_PROVINCES = ("01", "04", "08", "11")
EVALUATION_YEARS = (2023, 2024, 2025, 2026)
EVALUATION_GRADE_SHARES = (("excellent", 0.15), ("good", 0.55), ("average", 0.25), ("weak", 0.05))
_RES, _AGENCY, _ENTERPRISE, _SCHOOL = (categories.VENUE_KINDS.codes.index(c) for c in VENUE_SHARES)
# Mean recipients per covered commune and year, (collective, individual): lower levels dominate.
# Drawn in this order (lowest award first), which the seeded data depends on.
AWARD_RATES = {
    "bieu_duong": (0.4, 0.9),
    "mat_tran_doan_the": (0.15, 0.3),
    "giay_khen_xa": (0.75, 1.6),
    "giay_khen_huyen": (0.35, 0.8),
    "giay_khen_cong_an_tinh": (0.25, 0.55),
    "bang_khen_tinh": (0.07, 0.14),
    "bang_khen_bo": (0.012, 0.025),
    "ky_niem_chuong": (0.0, 0.06),
}
# Name stems of illustrative models by category (a category without one uses its label).
MODEL_NAME_STEMS = {
    "self_management": "Tổ tự quản an ninh trật tự",
    "self_defence": "Tổ tự phòng, tự bảo vệ",
    "reconciliation": "Tổ hòa giải ở cơ sở",
    "security_camera": "Camera an ninh",
    "inter_household": "Tổ liên gia an toàn",
    "fire_safety": "Tổ an toàn phòng cháy, chữa cháy",
    "online_group": "Nhóm Zalo an ninh",
    "school": "Trường học an toàn, không tội phạm",
    "enterprise": "Doanh nghiệp an toàn về an ninh trật tự",
    "religious_ethnic": "Khu dân cư tôn giáo, dân tộc bình yên",
    "other": "Mô hình tự quản khác",
}
MODEL_CATEGORY_WEIGHTS = {
    "self_management": 0.22,
    "self_defence": 0.14,
    "reconciliation": 0.09,
    "security_camera": 0.13,
    "inter_household": 0.12,
    "fire_safety": 0.07,
    "online_group": 0.08,
    "school": 0.05,
    "enterprise": 0.04,
    "religious_ethnic": 0.03,
    "other": 0.03,
}
MODELS_BEFORE_2019 = 1800
NEW_MODELS = {2019: 130, 2020: 60, 2021: 50, 2022: 180, 2023: 200, 2024: 220, 2025: 370, 2026: 200}
DISSOLVE_RATE = 0.03
# Provinces (2025 codes) whose 2025 model counts were reported: Hà Nội 175, HCM City 18; the
# quotas are set ~10% higher because some models dissolve before 2025.
MODEL_QUOTA_2025 = {"01": 192, "79": 20}
# Thanh Hóa (38) reported 4,517 festival points in 2025: it went down to nearly every village.
REPORTED_POINTS = {(2025, "38"): 4517}
EXEMPLARS_PER_YEAR = {2019: 880, 2020: 640, 2021: 600, 2022: 930, 2023: 990, 2024: 1040, 2025: 1100, 2026: 1120}
EXEMPLAR_FIELD_WEIGHTS = {
    "residential": 0.42,
    "agency": 0.12,
    "enterprise": 0.1,
    "school": 0.1,
    "religious_ethnic": 0.06,
    "core_force": 0.15,
    "other": 0.05,
}
GIFT_PACKAGE_VND_MEDIAN = 555_000


def _logit(p):
    return np.log(p / (1 - p))


def _expit(x):
    return 1 / (1 + np.exp(-x))


class _Builder:
    def __init__(self, seed: int, scale: int):
        if scale < 1:
            raise ValueError("scale must be >= 1")
        self.seed, self.scale = seed, scale
        self.ss = np.random.SeedSequence(seed)
        self.reg = registry()
        u = self.reg.units
        self.base = {
            s: u.filter((pl.col("units_system") == s) & pl.col("is_base")).sort("unit_code")
            for s in (SYSTEM_OLD, SYSTEM_NEW)
        }
        self.provinces = {
            s: u.filter((pl.col("units_system") == s) & (pl.col("level") == "province")).sort("unit_code")
            for s in (SYSTEM_OLD, SYSTEM_NEW)
        }
        rng = self._rng("province_effects")
        # Each old province's propensity to hold the festival widely; regions differ (latitude).
        old_p = self.provinces[SYSTEM_OLD]
        lat = old_p["lat"].to_numpy()
        region = np.where(lat > 19.5, 0.25, np.where(lat > 14.0, -0.1, 0.05))
        self.old_effect = dict(zip(old_p["unit_code"], rng.normal(0, 0.55, old_p.height) + region))
        pcw = self.reg.province_crosswalk
        self.new_effect = {
            code: float(np.mean([self.old_effect[o] for o in grp["old_province_code"]]))
            for (code,), grp in pcw.group_by("new_province_code")
        }
        self.new_of_old = dict(zip(pcw["old_province_code"], pcw["new_province_code"]))
        self.periods = {y: report_years.festival_period(y)[:2] for y in YEARS}

    def _rng(self, name: str, *extra: int) -> np.random.Generator:
        # A stream per concern, keyed by name, so adding a draw in one place leaves the others' data unchanged.
        key = [int.from_bytes(name.encode()[:8].ljust(8, b"\0"), "little") % (2**32), *extra]
        return np.random.default_rng(np.random.SeedSequence(entropy=self.seed, spawn_key=tuple(key)))

    # ---------------------------------------------------------------- festival points
    def festival_points(self) -> pl.DataFrame:
        frames = []
        next_id = 1
        for year in YEARS:
            system = system_for_year(year)
            rng = self._rng("festival", year)
            base = self.base[system]
            effect_map = self.old_effect if system == SYSTEM_OLD else self.new_effect
            eff = np.array([effect_map[p] for p in base["province_code"]])
            prov_year = {p: rng.normal(0, 0.25) for p in self.provinces[system]["unit_code"]}
            eff = eff + np.array([prov_year[p] for p in base["province_code"]])
            p_hold = _expit(_logit(COVERAGE_TARGET[year]) + eff)
            p_hold[base["is_archipelago"].to_numpy()] = 0.9  # the island units hold it every year, small
            held = rng.random(base.height) < p_hold
            codes = base["unit_code"].to_numpy()[held]
            prov = base["province_code"].to_numpy()[held]
            is_phuong = base["unit_type"].to_numpy()[held] == "Phường"
            n_held = held.sum()
            damp = PANDEMIC_DAMPING.get(year, 1.0)
            # Village-level points per covered commune; provinces differ in how far down they go.
            vmean = VILLAGE_POINTS_MEAN[system] * damp * np.exp(0.5 * np.array([effect_map[p] for p in prov]))
            for (y, code), reported in REPORTED_POINTS.items():
                here = prov == code
                if y == year and here.any():
                    vmean[here] = max(0.0, reported / here.sum() - 1)
            n_village = rng.poisson(vmean * self.scale)
            # Each covered commune holds one commune-level point plus its village-level ones.
            unit = np.concatenate([codes, np.repeat(codes, n_village)])
            unit_prov = np.concatenate([prov, np.repeat(prov, n_village)])
            level = np.concatenate([np.zeros(n_held, np.int8), np.ones(n_village.sum(), np.int8)])
            village_no = np.concatenate([np.zeros(n_held, np.int64), _seq_within(n_village)])
            phuong = np.concatenate([is_phuong, np.repeat(is_phuong, n_village)])
            n = unit.size
            # Pilot points: the province's showcase communes (1 in ~40 covered communes).
            is_pilot = (level == 0) & (rng.random(n) < 0.025)
            shares = [VENUE_SHARES.get(c, 0.0) for c in VENUE_CODES]
            venue = np.where(level == 0, _RES, rng.choice(VENUE_CODES.size, size=n, p=np.divide(shares, sum(shares))))
            # Higher-level festivals: each province's own ceremony, organised at province level.
            provs = self.provinces[system]["unit_code"].to_numpy()
            unit = np.concatenate([unit, provs])
            unit_prov = np.concatenate([unit_prov, provs])
            level = np.concatenate([level, np.full(provs.size, -1, np.int8)])
            village_no = np.concatenate([village_no, np.zeros(provs.size, np.int64)])
            phuong = np.concatenate([phuong, np.zeros(provs.size, bool)])
            is_pilot = np.concatenate([is_pilot, np.ones(provs.size, bool)])
            venue = np.concatenate([venue, np.full(provs.size, _AGENCY, np.int64)])
            n = unit.size

            # Participants: lognormal by kind of point.
            median = np.select(
                [level == -1, is_pilot, level == 0, venue == _AGENCY, venue == _ENTERPRISE, venue == _SCHOOL],
                [900.0, 650.0, 320.0, 70.0, 110.0, 260.0],
                default=140.0,
            )
            participants = np.round(median * damp**0.5 * rng.lognormal(0, 0.45, n)).astype(np.int64) + 10
            households = np.where(
                venue == _RES, np.floor(participants * rng.uniform(0.35, 0.8, n)).astype(np.int64), -1
            )
            # Activities
            has_ceremony = rng.random(n) < 0.96
            has_culture = rng.random(n) < np.where(damp < 1, 0.45, 0.82)
            forum_p = 0.38 if system == SYSTEM_OLD else 0.62
            has_forum = rng.random(n) < np.where(level <= 0, forum_p + 0.2, forum_p)
            has_visits = rng.random(n) < 0.58
            gift_lambda = np.select([level == -1, is_pilot, level == 0], [40.0, 18.0, 5.5], default=1.05)
            gift_packages = np.where(has_visits | (level <= 0), rng.poisson(gift_lambda), 0)
            pkg_value = np.round(GIFT_PACKAGE_VND_MEDIAN * rng.lognormal(0, 0.3, n), -4)
            gift_value = (gift_packages * pkg_value).astype(np.int64)
            budget = np.round(
                np.select([level == -1, is_pilot, level == 0], [180e6, 60e6, 22e6], default=5e6)
                * rng.lognormal(0, 0.4, n),
                -5,
            ).astype(np.int64)
            # Dates: most points in the last weeks before the period's end; a few fall outside it
            # (late reports, local plans), which the dashboard's import warns about.
            start, end = self.periods[year]
            span = (end - start).days
            offset = np.minimum(span, np.floor(rng.beta(3.0, 1.6, n) * (span + 1))).astype(np.int64)
            late = rng.random(n) < 0.004
            offset = np.where(late, span + rng.integers(1, 25, n), offset)
            held_on = np.datetime64(start) + offset.astype("timedelta64[D]")

            venue_kind = VENUE_CODES[venue]
            venue_name = _venue_names(level, venue, village_no, phuong)
            ids = np.arange(next_id, next_id + n, dtype=np.int64)
            next_id += n
            frames.append(
                pl.DataFrame(
                    {
                        "point_id": ids,
                        "year": np.full(n, year, np.int16),
                        "units_system": np.full(n, system, np.int16),
                        "unit_code": unit,
                        "held_on": held_on,
                        "venue_kind": venue_kind,
                        "venue_name": venue_name,
                        "is_pilot": is_pilot,
                        "participants": participants.astype(np.int32),
                        "households": households.astype(np.int32),
                        "has_ceremony": has_ceremony,
                        "has_culture_sports": has_culture,
                        "has_police_forum": has_forum,
                        "has_policy_visits": has_visits,
                        "gift_packages": gift_packages.astype(np.int32),
                        "gift_value_vnd": gift_value,
                        "budget_vnd": budget,
                        "source_id": np.full(n, SOURCE_ID, np.int32),
                    }
                ).with_columns(
                    pl.col("held_on").cast(pl.Date),
                    pl.when(pl.col("households") < 0).then(None).otherwise(pl.col("households")).alias("households"),
                )
            )
        return pl.concat(frames)

    # ---------------------------------------------------------------- commendations & exemplars
    def commendations(self, points: pl.DataFrame) -> pl.DataFrame:
        covered = (
            points.filter(pl.col("unit_code").str.len_chars() == 5)
            .select("year", "units_system", "unit_code")
            .unique()
            .sort("year", "unit_code")
        )
        frames = []
        for (year,), grp in covered.group_by("year", maintain_order=True):
            rng = self._rng("commendation", year)
            damp = PANDEMIC_DAMPING.get(year, 1.0) ** 0.5
            for award, rates in AWARD_RATES.items():
                if year > categories.AWARD_ISSUER_LAST_YEAR.get(award, year):
                    continue  # the issuer no longer exists (district awards after 2025)
                for kind_i, kind in enumerate(("collective", "individual")):
                    lam = rates[kind_i] * damp * (1.6 if year >= FIRST_NEW_SYSTEM_YEAR else 1.0)
                    if lam == 0:
                        continue
                    k = rng.poisson(lam, grp.height)
                    sel = k > 0
                    frames.append(
                        grp.filter(pl.Series(sel)).with_columns(
                            award=pl.lit(award),
                            recipient_kind=pl.lit(kind),
                            recipients=pl.Series(k[sel].astype(np.int32)),
                        )
                    )
        return (
            pl.concat(frames)
            .with_columns(source_id=pl.lit(SOURCE_ID, pl.Int32))
            .select("year", "units_system", "unit_code", "award", "recipient_kind", "recipients", "source_id")
        )

    def exemplars(self) -> pl.DataFrame:
        frames = []
        for year in YEARS:
            system = system_for_year(year)
            rng = self._rng("exemplar", year)
            base = self.base[system]
            n_total = EXEMPLARS_PER_YEAR[year]
            pick = rng.integers(0, base.height, n_total)
            kind = np.where(rng.random(n_total) < 0.45, "collective", "individual")
            fields = np.array(categories.EXEMPLAR_FIELDS.codes)
            weights = np.array([EXEMPLAR_FIELD_WEIGHTS.get(f, 0.0) for f in fields])
            field = fields[rng.choice(fields.size, n_total, p=weights / weights.sum())]
            df = pl.DataFrame({"unit_code": base["unit_code"].to_numpy()[pick], "recipient_kind": kind, "field": field})
            frames.append(
                df.group_by("unit_code", "recipient_kind", "field")
                .agg(exemplars=pl.len().cast(pl.Int32))
                .with_columns(year=pl.lit(year, pl.Int16), units_system=pl.lit(system, pl.Int16))
            )
        return (
            pl.concat(frames)
            .with_columns(source_id=pl.lit(SOURCE_ID, pl.Int32))
            .select("year", "units_system", "unit_code", "recipient_kind", "field", "exemplars", "source_id")
            .sort("year", "unit_code", "recipient_kind", "field")
        )

    # ---------------------------------------------------------------- the year's evaluation
    def evaluations(self) -> pl.DataFrame:
        """Illustrative classification and "safe" recognition (Quyết định 510, Thông tư 124): for the
        provinces of EVALUATION_PROVINCES (and, before the reform, the old provinces merged into them),
        a few residential areas, the commune itself, an agency, an enterprise and a school per commune,
        for EVALUATION_YEARS (both sides of the 2025 reform, to compare across it)."""
        frames = []
        grade_codes = np.array([g for g, _ in EVALUATION_GRADE_SHARES])
        grade_shares = np.array([p for _, p in EVALUATION_GRADE_SHARES])
        subjects = np.array(categories.EVAL_SUBJECTS.codes)
        for year in EVALUATION_YEARS:
            system = system_for_year(year)
            rng = self._rng("evaluation", year)
            wanted = set(EVALUATION_PROVINCES)
            if system == SYSTEM_OLD:
                wanted = {o for o, n in self.new_of_old.items() if n in wanted}
            base = self.base[system].filter(pl.col("province_code").is_in(sorted(wanted)))
            codes = base["unit_code"].to_numpy()
            # per commune: 2–6 residential areas, itself, and 0–1 agency, enterprise and school
            n_res = rng.integers(2, 7, codes.size)
            extra = rng.random((codes.size, 3)) < 0.6
            unit = np.concatenate([np.repeat(codes, n_res), codes, *(codes[extra[:, i]] for i in range(3))])
            subject = np.concatenate(
                [
                    np.repeat("residential", n_res.sum()),
                    np.repeat("commune", codes.size),
                    *(np.repeat(subjects[2 + i], extra[:, i].sum()) for i in range(3)),
                ]
            )
            number = _seq_within(np.concatenate([n_res, np.ones(codes.size, int), *(extra[:, i] for i in range(3))]))
            names = np.where(
                subject == "residential",
                np.char.add("Khu dân cư số ", number.astype(str)),
                np.where(
                    subject == "commune",
                    "Xã (tự đánh giá)",
                    np.char.add(
                        np.select(
                            [subject == "agency", subject == "enterprise"], ["Cơ quan ", "Doanh nghiệp "], "Trường "
                        ),
                        "trên địa bàn",
                    ),
                ),
            )
            shift = (year - EVALUATION_YEARS[0]) * 0.05  # a little better every year
            p = grade_shares * np.array([1 + shift, 1 + shift, 1 - shift, 1 - shift])
            grade = grade_codes[rng.choice(grade_codes.size, unit.size, p=p / p.sum())]
            self_grade = np.where(rng.random(unit.size) < 0.8, grade, grade_codes[rng.integers(0, 2, unit.size)])
            safe = rng.random(unit.size) < np.where(np.isin(grade, ["excellent", "good"]), 0.85, 0.25)
            frames.append(
                pl.DataFrame(
                    {
                        "unit_code": unit,
                        "eval_subject": subject,
                        "evaluated_name": names,
                        "self_grade": self_grade,
                        "grade": grade,
                        "recognised_safe": safe,
                    }
                )
                .unique(["unit_code", "eval_subject", "evaluated_name"], keep="first", maintain_order=True)
                .with_columns(year=pl.lit(year, pl.Int16), units_system=pl.lit(system, pl.Int16))
            )
        return (
            pl.concat(frames)
            .with_columns(source_id=pl.lit(SOURCE_ID, pl.Int32))
            .select(
                "year",
                "units_system",
                "unit_code",
                "eval_subject",
                "evaluated_name",
                "self_grade",
                "grade",
                "recognised_safe",
                "source_id",
            )
        )

    # ---------------------------------------------------------------- models
    def models(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        rng = self._rng("models")
        old_base = self.base[SYSTEM_OLD]
        ccw = self.reg.commune_crosswalk.sort("old_unit_code", pl.col("share"), descending=[False, True])
        # A model's owner after the reorganisation: the new commune that received most of its old one.
        new_owner = dict(
            ccw.unique("old_unit_code", keep="first", maintain_order=True)
            .select("old_unit_code", "new_unit_code")
            .iter_rows()
        )
        old_prov = old_base["province_code"].to_numpy()
        new_prov_of_base = np.array([self.new_of_old[p] for p in old_prov])
        # Weights by new province: its communes, its propensity, and the reported quotas.
        new_codes = self.provinces[SYSTEM_NEW]["unit_code"].to_list()
        n_base = {c: int((new_prov_of_base == c).sum()) for c in new_codes}
        w = np.array([n_base[c] * np.exp(self.new_effect[c]) for c in new_codes])
        total_models_2025 = 2525
        quota = {c: v for c, v in MODEL_QUOTA_2025.items()}
        rest = total_models_2025 - sum(quota.values())
        free = [c for c in new_codes if c not in quota]
        wf = np.array([w[new_codes.index(c)] for c in free])
        share = {c: q / total_models_2025 for c, q in quota.items()}
        share.update({c: rest * wf[i] / wf.sum() / total_models_2025 for i, c in enumerate(free)})
        p_prov = np.array([share[c] for c in new_codes])

        n_initial = MODELS_BEFORE_2019 * self.scale
        established = [rng.integers(2005, 2019, n_initial)]
        for y in YEARS:
            established.append(np.full(NEW_MODELS[y] * self.scale, y))
        established = np.concatenate(established)
        n = established.size
        prov_idx = rng.choice(len(new_codes), size=n, p=p_prov)
        # Owner: an old base unit inside that new province.
        base_by_prov = {c: np.flatnonzero(new_prov_of_base == c) for c in new_codes}
        owner_idx = np.array(
            [base_by_prov[new_codes[i]][rng.integers(0, len(base_by_prov[new_codes[i]]))] for i in prov_idx]
        )
        owner_old = old_base["unit_code"].to_numpy()[owner_idx]
        cat_codes = categories.MODEL_CATEGORIES.codes
        weights = np.array([MODEL_CATEGORY_WEIGHTS.get(c, 0.0) for c in cat_codes])
        category_i = rng.choice(len(cat_codes), size=n, p=weights / weights.sum())
        cats = np.array(cat_codes)[category_i]
        stems = [MODEL_NAME_STEMS.get(c) or categories.MODEL_CATEGORIES.label(c) for c in cat_codes]
        labels = np.array(stems)[category_i]
        short = dict(zip(old_base["unit_code"], old_base["short_name"]))
        model_id = np.array([f"MH-{new_codes[p]}-{i + 1:06d}" for i, p in enumerate(prov_idx)])
        names = np.array([f"{lab} {short[o]}" for lab, o in zip(labels, owner_old)])
        # Sites per model: most run at a few dozen sites; HCM City's few models run at ~60 each.
        sites0 = np.maximum(1, np.round(rng.lognormal(np.log(20), 0.85, n))).astype(np.int64)
        hcm = np.array([new_codes[p] == "79" for p in prov_idx])
        sites0 = np.where(hcm, np.maximum(15, np.round(rng.normal(33, 8, n))).astype(np.int64), sites0)
        growth = rng.uniform(1.03, 1.11, n)
        effective_bias = rng.normal(0, 1, n)

        model = pl.DataFrame(
            {"model_id": model_id, "name": names, "category": cats, "established_year": established.astype(np.int16)}
        ).with_columns(source_id=pl.lit(SOURCE_ID, pl.Int32))

        rows_frames = []
        alive = np.ones(n, bool)
        for y in YEARS:
            yr = self._rng("model_year", y)
            exists = (established <= y) & alive
            dissolve = (
                exists & (established < y) & (yr.random(n) < DISSOLVE_RATE * (1.6 if y in PANDEMIC_DAMPING else 1.0))
            )
            age = np.maximum(0, y - np.maximum(established, 2012))
            sites = np.round(sites0 * growth ** np.minimum(age, 12)).astype(np.int64)
            eff_p = _expit(effective_bias + 0.15 * age - 0.6)
            status = np.where(dissolve, "dissolved", np.where(yr.random(n) < eff_p, "effective", "active"))
            sites = np.where(dissolve, 0, sites)
            system = system_for_year(y)
            owner = owner_old if system == SYSTEM_OLD else np.array([new_owner[o] for o in owner_old])
            idx = np.flatnonzero(exists)
            rows_frames.append(
                pl.DataFrame(
                    {
                        "model_id": model_id[idx],
                        "year": np.full(idx.size, y, np.int16),
                        "units_system": np.full(idx.size, system, np.int16),
                        "unit_code": owner[idx],
                        "status": status[idx],
                        "sites": sites[idx].astype(np.int32),
                        "source_id": np.full(idx.size, SOURCE_ID, np.int32),
                    }
                )
            )
            alive &= ~dissolve
        # The archipelagos' own models keep their owners on the islands.
        return model, pl.concat(rows_frames)


def _seq_within(counts: np.ndarray) -> np.ndarray:
    """1..k for each group of size k, concatenated."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, np.int64)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(total, dtype=np.int64) - starts + 1


def _venue_names(level, venue, village_no, phuong) -> np.ndarray:
    out = np.empty(level.size, dtype=object)
    out[level == -1] = "Lễ phát động cấp tỉnh"
    out[level == 0] = "Ngày hội cấp xã"
    res = (level == 1) & (venue == _RES)
    out[res] = np.where(phuong[res], "Tổ dân phố ", "Thôn ") + village_no[res].astype(str)
    out[(level == 1) & (venue == _AGENCY)] = "Cơ quan trên địa bàn"
    out[(level == 1) & (venue == _ENTERPRISE)] = "Doanh nghiệp trên địa bàn"
    out[(level == 1) & (venue == _SCHOOL)] = "Trường học trên địa bàn"
    return out.astype(str)


def build_frames(seed: int, scale: int = 1) -> dict[str, pl.DataFrame]:
    b = _Builder(seed, scale)
    points = b.festival_points()
    model, model_year = b.models()
    return {
        "festival_point": points,
        "commendation": b.commendations(points),
        "exemplar": b.exemplars(),
        "model": model,
        "model_year": model_year,
        "evaluation_unit": b.evaluations(),
    }


def _without_detail(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The frames less the detail rows of the provinces that send only a report, or nothing."""
    pairs = [(system, code) for system in REPORT_ONLY for code in (*REPORT_ONLY[system], *NEITHER[system])]
    units = registry().units
    gone = units.filter(
        pl.any_horizontal(
            (pl.col("units_system") == system) & (pl.col("province_code") == code) for system, code in pairs
        )
    ).select("units_system", "unit_code")
    out = dict(frames)
    for table in ("festival_point", "commendation", "exemplar", "model_year", "evaluation_unit"):
        df = frames[table]
        key = gone.with_columns(pl.col("units_system").cast(df.schema["units_system"]))
        out[table] = df.join(key, on=["units_system", "unit_code"], how="anti")
    return out


def load(conn: duckdb.DuckDBPyConnection, *, seed: int, scale: int = 1) -> None:
    every = build_frames(seed, scale)
    frames = _without_detail(every)
    conn.execute(
        "INSERT INTO data_source (source_id, kind, label, loaded_at, seed, scale) VALUES (?, ?, ?, ?, ?, ?)",
        [SOURCE_ID, SOURCE_KIND, DEMO_LABEL, dt.datetime.now().replace(microsecond=0), seed, scale],
    )
    for table in ("festival_point", "commendation", "exemplar", "model", "model_year", "evaluation_unit"):
        df = frames[table]  # noqa: F841 -- read by DuckDB's replacement scan
        cols = ", ".join(frames[table].columns)
        conn.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM df")  # table names are ours, not input
    conn.execute("INSERT OR REPLACE INTO db_meta VALUES ('demo_seed', ?), ('demo_scale', ?)", [str(seed), str(scale)])
    from antq.reports import demo as reports_demo  # illustrative result reports (issue 12)

    # reports are drawn from every detail row (a report-only province reports what it did), and are
    # not filed by the provinces that send only detail rows, or nothing
    silent = {system: (*DETAIL_ONLY[system], *NEITHER[system]) for system in DETAIL_ONLY}
    reports_demo.load(conn, every, YEARS, seed=seed, source_id=SOURCE_ID, silent=silent)
    from antq.documents import seeds  # the five real plans of the document registry (issue 14)

    seeds.load(conn)
