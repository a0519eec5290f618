"""Illustrative result reports for the demo build ("Dữ liệu minh họa": source kind 'illustrative',
entered by 'demo', via 'demo'); none is a real report.

For every demo year, every province of that year's system files a festival_year report: its festival
figures are the totals of the demo's own detail rows (so reported and detailed figures agree where
both exist), written now and then as an approximate value ("trên 5.800" from 5.871, "gần 35 tỷ"); the movement's
other results (mobilisation, tips from the public, grassroots teams) are drawn from the number of
communes; some provinces leave the public-contribution figures unreported (not reported is not
zero). In a few provinces a year, about half of the communes file their own report and the rest do
not. Province 01's report for the last year of the 2008 system is filed twice: a first report with
an approximate participant count, then a dated correction that supersedes it (both kept).

Built from the demo's frames with Polars (antq.demo calls `load` after inserting them), so the
demo builder and these reports cannot drift apart; only the INSERT is SQL.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from antq.units import registry
from antq.vocab.report_rules import AWARD_INDICATORS
from antq.vocab.unit_systems import LAST_OLD_SYSTEM_YEAR, system_for_year

# The detail rows' awards as the catalogue's commendation indicators (one map: report_rules).
AWARD_KEYS = {f"{award}|{kind}": ind for (award, kind), ind in AWARD_INDICATORS.items()}
# Per commune and year (mean): the drawn indicators, and for derived ones a share of another.
PER_COMMUNE = {"mob_sessions": 9.0, "tips_received": 3.5, "security_teams": 4.5, "weapons_handed_in": 0.15}
SHARE_OF = {
    "mob_participants": ("mob_sessions", 32.0),
    "tips_valuable": ("tips_received", 0.17),
    "security_team_members": ("security_teams", 3.4),
}
PUBLIC_CONTRIBUTION = ("tips_received", "tips_valuable", "weapons_handed_in")
APPROXIMATE_SHARE = 0.3  # of province participant counts written "trên ..." (rounded down to hundreds)
COMMUNE_REPORTING_PROVINCES = 4  # provinces a year whose communes file reports
COMMUNE_REPORTING_SHARE = 0.5
SUPERSEDED_PROVINCE = "01"
SUPERSEDED_DATES = (dt.date(LAST_OLD_SYSTEM_YEAR, 8, 25), dt.date(LAST_OLD_SYSTEM_YEAR, 9, 10))


def _units() -> pl.DataFrame:
    return registry().units.select("units_system", "unit_code", "level", "province_code", "is_base")


def _festival(points: pl.DataFrame, units: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    p = points.join(units, on=["units_system", "unit_code"])
    return p.group_by(["year", *by]).agg(
        fest_points_total=pl.len(),
        fest_points_agency=(pl.col("venue_kind") == "agency").sum(),
        fest_points_school=(pl.col("venue_kind") == "school").sum(),
        fest_points_enterprise=(pl.col("venue_kind") == "enterprise").sum(),
        fest_participants=pl.col("participants").sum(),
        fest_gift_packages=pl.col("gift_packages").sum(),
        fest_gift_value=pl.col("gift_value_vnd").sum(),
        covered=pl.col("unit_code").filter(pl.col("is_base")).n_unique(),
    )


def _values(rows: list[dict], report_id: int, figures: dict, approx: set[str]) -> None:
    """`approx`: indicators written approximately, participants as "trên" (rounded down to
    hundreds), gift values as "gần" (rounded up to a hundred million)."""
    for ind, v in figures.items():
        if v is None:
            continue
        den = None
        if isinstance(v, tuple):
            v, den = v
        q = "exact"
        if ind in approx and ind == "fest_gift_value" and v >= 100_000_000:
            v, q = -(-v // 100_000_000) * 100_000_000, "just_under"
        elif ind in approx and v >= 1_000:
            v, q = (v // 100) * 100, "at_least"
        rows.append(dict(report_id=report_id, indicator=ind, value=float(v), denominator=den, qualifier=q))


def frames(points: pl.DataFrame, commendations: pl.DataFrame, model_years: pl.DataFrame, years, seed: int, silent=None):
    """(report rows, report_value rows) of the illustrative reports; the provinces of `silent`
    (system -> codes) file none, nor do their communes."""
    silent = silent or {}
    rng = np.random.default_rng(seed + 1212)
    units = _units()
    base = units.filter(pl.col("is_base")).group_by("units_system", "province_code").agg(communes=pl.len())
    prov_fest = _festival(points, units, ["province_code"])
    awards = (
        commendations.join(units, on=["units_system", "unit_code"])
        .with_columns(key=pl.concat_str("award", "recipient_kind", separator="|"))
        .filter(pl.col("key").is_in(list(AWARD_KEYS)))
        .with_columns(indicator=pl.col("key").replace_strict(AWARD_KEYS))
        .group_by("year", "province_code", "indicator")
        .agg(v=pl.col("recipients").sum())
    )
    by_province: dict[tuple, dict] = {}
    for year, code, ind, v in awards.iter_rows():
        by_province.setdefault((year, code), {})[ind] = v
    sites = (
        model_years.filter(pl.col("status") != "dissolved")
        .join(units, on=["units_system", "unit_code"])
        .group_by("year", "province_code")
        .agg(model_sites=pl.col("sites").sum(), models_active=pl.col("status").is_in(["active", "effective"]).sum())
    )
    commune_fest = _festival(points, units, ["unit_code"])
    reports, values = [], []
    entered = dt.datetime.now().replace(microsecond=0)

    def add(system, unit, year, figures, approx=frozenset(), reported_on=None):
        rid = len(reports) + 1
        reports.append(
            dict(report_id=rid, units_system=system, unit_code=unit, period_kind="festival_year", year=year,
                 year_from=year, half=None, reported_on=reported_on, reference="Dữ liệu minh họa", document_id=None,
                 source_id=None, entered_by="demo", entered_at=entered, via="demo")
        )  # fmt: skip
        _values(values, rid, figures, approx)

    for year in years:
        system = system_for_year(year)
        provs = units.filter((pl.col("units_system") == system) & (pl.col("level") == "province"))["unit_code"]
        fest = {r["province_code"]: r for r in prov_fest.filter(pl.col("year") == year).iter_rows(named=True)}
        n_base = dict(base.filter(pl.col("units_system") == system).select("province_code", "communes").iter_rows())
        st = {r["province_code"]: r for r in sites.filter(pl.col("year") == year).iter_rows(named=True)}
        for code in provs.sort():
            f, n = fest.get(code, {}), n_base.get(code, 0)
            figures = {k: f.get(k) for k in f if k.startswith("fest_")}
            figures["fest_communes_held"] = (f.get("covered", 0), n) if n else None
            figures |= by_province.get((year, code), {})
            figures["model_sites"] = st.get(code, {}).get("model_sites")
            figures["models_active"] = st.get(code, {}).get("models_active")
            drawn = {k: int(rng.poisson(m * n)) for k, m in PER_COMMUNE.items()}
            drawn |= {k: int(drawn[src] * share * rng.uniform(0.8, 1.2)) for k, (src, share) in SHARE_OF.items()}
            if rng.random() < 0.2:
                drawn = {k: v for k, v in drawn.items() if k not in PUBLIC_CONTRIBUTION}
            approx = {"fest_participants"} if rng.random() < APPROXIMATE_SHARE else set()
            approx |= {"fest_gift_value"} if rng.random() < APPROXIMATE_SHARE / 2 else set()
            if code in silent.get(system, ()):  # after its draws: the other provinces' figures stay as seeded
                continue
            if code == SUPERSEDED_PROVINCE and year == LAST_OLD_SYSTEM_YEAR:
                add(system, code, year, figures | drawn, {"fest_participants"}, SUPERSEDED_DATES[0])
                add(system, code, year, figures | drawn, set(), SUPERSEDED_DATES[1])
                continue
            add(system, code, year, figures | drawn, approx)
        chosen = rng.choice(provs.sort().to_numpy(), COMMUNE_REPORTING_PROVINCES, replace=False)
        chosen = np.array([c for c in chosen if c not in silent.get(system, ())])
        cf = commune_fest.filter(pl.col("year") == year)
        communes = units.filter(
            (pl.col("units_system") == system) & pl.col("is_base") & pl.col("province_code").is_in(chosen.tolist())
        ).join(cf, on="unit_code", how="left")
        for r in communes.sort("unit_code").iter_rows(named=True):
            if rng.random() >= COMMUNE_REPORTING_SHARE:
                continue  # this commune has not reported
            figures = {k: r[k] for k in ("fest_points_total", "fest_participants") if r[k] is not None}
            figures["security_teams"] = int(rng.poisson(PER_COMMUNE["security_teams"]))
            figures["tips_received"] = int(rng.poisson(PER_COMMUNE["tips_received"]))
            add(system, r["unit_code"], year, figures)
    return pl.DataFrame(reports, infer_schema_length=None), pl.DataFrame(values, infer_schema_length=None)


def load(conn, built: dict[str, pl.DataFrame], years, *, seed: int, source_id: int, silent=None) -> None:
    """Insert the illustrative reports, attributed to the demo's data_source row."""
    rep, val = frames(built["festival_point"], built["commendation"], built["model_year"], years, seed, silent)
    rep = rep.with_columns(source_id=pl.lit(source_id, pl.Int32))  # noqa: F841 -- read by DuckDB
    val = val.with_columns(note=pl.lit(None, pl.String))  # noqa: F841
    conn.execute(
        "INSERT INTO report BY NAME SELECT report_id, units_system, unit_code, period_kind, year, year_from, half,"
        " reported_on, reference, document_id, source_id, entered_by, entered_at, via FROM rep"
    )
    conn.execute(
        "INSERT INTO report_value BY NAME SELECT report_id, indicator, value, denominator, qualifier, note FROM val"
    )
