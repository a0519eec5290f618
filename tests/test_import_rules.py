"""The validation real files need (issue 12, item 7), on a real database file: the accepting side of
each rule, checked with independent SQL; the refusing side is a row of test_import.py's table."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl
import pytest

from antq.importer import problems
from antq.importer.rules.totals import is_sum_label
from antq.vocab.categories import AWARDS

from . import test_import
from .import_helpers import checksums, communes, csv_text, festival_row, labels, xlsx
from .test_import import KH, find, good_rows, reused_commune, run

env = test_import.env  # the same fixture: an empty database file of the current schema
FEST = labels("festivals")
COMM = labels("commendations")


@pytest.fixture(scope="module")
def kh2008():
    return communes(KH, 2008)


def q(path, sql, params=None):
    with duckdb.connect(str(path), read_only=True) as c:
        return c.execute(sql, params or []).fetchall()


# ------------------------------------------------------------------ a. reused 2008 commune codes
def test_reused_code_with_the_2025_name_is_accepted(env):
    r = reused_commune(KH)
    res = run(xlsx([festival_row(r["code"], r["new_name"], year=2025, day=dt.date(2025, 8, 1))], FEST), "n.xlsx")
    assert res.outcome == "loaded", problems.as_text(res.problems)
    assert q(env, "SELECT units_system, unit_code FROM festival_point") == [(2025, r["code"])]


@pytest.mark.parametrize("name_kind", ["blank", "old_name", "other_name"])
def test_reused_code_without_the_2025_name_is_refused(env, name_kind):
    r = reused_commune(KH)
    name = {"blank": None, "old_name": r["old_name"], "other_name": "Xã Không Có Thật"}[name_kind]
    before = checksums(env)
    res = run(xlsx([festival_row(r["code"], name, year=2025, day=dt.date(2025, 8, 1))], FEST), "o.xlsx")
    assert res.outcome == "rejected"
    (p,) = find(res, "unit_code_reused")
    assert p["row"] == 2 and p["column"] == "Mã đơn vị" and p["value"] == r["code"]
    assert r["old_name"] in p["message"] and r["new_name"] in p["message"]
    if name_kind == "old_name":
        # the old commune's successor is named, so the user can write the new code
        succ = q(
            env,
            "SELECT a.name FROM commune_crosswalk c JOIN admin_unit a ON a.units_system = 2025 "
            "AND a.unit_code = c.new_unit_code WHERE c.old_unit_code = ?",
            [r["code"]],
        )
        assert all(n in p["fix"] for (n,) in succ)
    assert checksums(env) == before


def test_the_same_code_in_a_2024_file_is_the_2008_commune(env):
    r = reused_commune(KH)
    res = run(xlsx([festival_row(r["code"], r["old_name"])], FEST), "old.xlsx")
    assert res.outcome == "loaded", problems.as_text(res.problems)
    assert q(env, "SELECT units_system, unit_code FROM festival_point") == [(2008, r["code"])]


def test_a_code_kept_with_its_name_needs_no_name(env):
    """A 2025 commune that carries on both the code and the name of a 2008 commune is unambiguous."""
    (code,) = q(
        env,
        "SELECT min(n.unit_code) FROM admin_unit n JOIN admin_unit o ON o.units_system = 2008 AND o.is_base "
        "AND o.unit_code = n.unit_code WHERE n.units_system = 2025 AND n.is_base AND n.province_code = ? "
        "AND lower(o.short_name) = lower(n.short_name)",
        [KH],
    )[0]
    res = run(xlsx([festival_row(code, None, year=2025, day=dt.date(2025, 8, 1))], FEST), "k.xlsx")
    assert res.outcome == "loaded", problems.as_text(res.problems)


# ------------------------------------------------------------------ b. day and month swapped
def test_swapped_date_in_a_csv_is_refused_with_both_readings(env, kh2008):
    rows = [festival_row(kh2008["Mã đơn vị"][0], year=2022, day="8/11/2022")]
    before = checksums(env)
    res = run(csv_text(rows, FEST).encode(), "d.csv")
    assert res.outcome == "rejected"
    (p,) = find(res, "date_swapped")
    assert "08/11/2022" in p["message"] and "11/08/2022" in p["message"] and p["value"] == "8/11/2022"
    assert not find(res, "date_period")  # said once, as the error
    assert checksums(env) == before


@pytest.mark.parametrize(
    "day",
    [
        "30/09/2024",  # no month 30: no swapped reading
        dt.date(2024, 9, 5),  # swapped: 9 May, outside the window too
        "13/08/2024",  # inside the window: nothing to say
    ],
)
def test_dates_without_an_inside_swap_keep_todays_rule(env, kh2008, day):
    res = run(xlsx([festival_row(kh2008["Mã đơn vị"][0], day=day)], FEST), "w.xlsx")
    assert res.outcome == "loaded", problems.as_text(res.problems)
    assert not find(res, "date_swapped")
    stored = q(env, "SELECT held_on FROM festival_point")[0][0]
    inside = dt.date(2024, 7, 1) <= stored <= dt.date(2024, 8, 19)
    assert bool(find(res, "date_period")) == (not inside)


# ------------------------------------------------------------------ c. trailing sum row
@pytest.mark.parametrize("word", ["Tổng cộng", "Cộng", "Tổng", "TỔNG CỘNG:", "Cộng toàn tỉnh"])
def test_matching_sum_row_is_checked_and_not_stored(env, kh2008, word):
    rows = good_rows(kh2008, 3)
    total = [word, None, None, None, None, None, None, 600, 240, None, None, None, None, 9, 4_500_000, 30_000_000]
    res = run(xlsx(rows + [total], FEST), "s.xlsx")
    assert res.outcome == "loaded", problems.as_text(res.problems)
    (p,) = find(res, "sum_row")
    assert p["severity"] == "warning" and p["row"] == 5 and "Số người tham gia" in p["message"]
    assert q(env, "SELECT count(*), sum(participants), sum(households) FROM festival_point") == [(3, 600, 240)]


def test_sum_row_in_a_commendations_file(env, kh2008):
    c = kh2008["Mã đơn vị"]
    rows = [
        [2024, c[0], None, AWARDS.label("giay_khen_xa"), "Tập thể", 4],
        [2024, c[1], None, "Biểu dương", "Cá nhân", 6],
    ]
    bad = run(xlsx(rows + [[None, None, "Tổng cộng", None, None, 11]], COMM), "c.xlsx")
    assert bad.outcome == "rejected"
    (p,) = find(bad, "sum_row")
    assert p["severity"] == "error" and "11" in p["message"] and "10" in p["message"] and p["column"] == "Số lượng"
    good = run(xlsx(rows + [[None, None, "Tổng cộng", None, None, 10]], COMM), "c2.xlsx")
    assert good.outcome == "loaded", problems.as_text(good.problems)
    assert q(env, "SELECT award, recipients FROM commendation ORDER BY 1") == [("bieu_duong", 6), ("giay_khen_xa", 4)]


def test_sum_words_do_not_catch_unit_names():
    assert is_sum_label("Tổng cộng") and is_sum_label("cộng:") and is_sum_label("Tổng số")
    assert not is_sum_label("Xã Cộng Hòa") and not is_sum_label("Cộng Hòa") and not is_sum_label("Tổng đội")


def test_a_commune_named_cong_hoa_in_the_last_row_is_data(env):
    units = pl.concat([communes(p, 2008) for p in ("30", "31", "33")])
    cong = units.filter(pl.col("Tên đơn vị").str.starts_with("Xã Cộng"))
    if cong.is_empty():
        pytest.skip("no commune named Cộng … in these provinces")
    row = festival_row(None, cong["Tên đơn vị"][0])
    row[1] = cong["Mã đơn vị"][0]
    res = run(xlsx([row], FEST), "c.xlsx")
    assert res.outcome == "loaded", problems.as_text(res.problems)
    assert not find(res, "sum_row")


# ------------------------------------------------------------------ d. the issuer chain
def test_every_issuer_of_the_chain_loads_apart(env, kh2008):
    c = kh2008["Mã đơn vị"][0]
    rows = [[2024, c, None, AWARDS.label(a), "Cá nhân", i + 1] for i, a in enumerate(AWARDS.codes)]
    res = run(xlsx(rows, COMM), "all.xlsx")
    assert res.outcome == "loaded", problems.as_text(res.problems)
    got = dict(q(env, "SELECT award, recipients FROM commendation"))
    assert got == {a: i + 1 for i, a in enumerate(AWARDS.codes)}
    for words in (
        "Bộ Công an",
        "UBND tỉnh",
        "Giám đốc Công an tỉnh",
        "UBND cấp huyện",
        "UBND cấp xã",
        "Mặt trận",
        "Biểu dương",
    ):
        assert any(words in AWARDS.label(a) for a in AWARDS.codes), words
