"""Named places below a commune (issue 24: "below a commune, named villages, agencies, schools and
enterprises where a report names them"): a commune's form names the place; its report is kept under
the commune as its own unit, read back by `report-values --below`, shown beside the commune's
figures and never added to them. Checked by independent SQL over a real DuckDB file."""

from __future__ import annotations

import csv
import io
import json

import pytest

from antq import db
from antq.reports import form

from .report_forms import checksums, cli, csv_form, sql

YEAR = 2023  # the 63-province system
PROVINCE, COMMUNE = "52", "22000"  # Bình Định, Xã Canh Hiệp
NAME, KIND = form.FIELDS["local_unit_name"], form.FIELDS["local_unit_kind"]
AIRPORT = "Cảng hàng không Phù Cát"


@pytest.fixture
def empty(tmp_path):
    path = tmp_path / "antq.duckdb"
    db.build(path, empty=True)
    return path, tmp_path / "archive"


def _import(tmp_path, empty, name, values, fields=None, unit=COMMUNE):
    data, _ = csv_form(YEAR, unit, values, fields or {})
    f = tmp_path / name
    f.write_bytes(data)
    path, archive = empty
    return cli("import", str(f), db_path=path, archive=archive)


def _figures(tmp_path, empty) -> dict[str, str]:
    """The store's figures of the province as `export figures` writes them (indicator -> as published)."""
    path, archive = empty
    out = tmp_path / "figures.csv"
    r = cli(
        "export",
        "figures",
        "--year",
        str(YEAR),
        "--units",
        "2008",
        "--province",
        PROVINCE,
        "--out",
        str(out),
        db_path=path,
        archive=archive,
    )
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    return {row["Mã chỉ tiêu"]: row["Số liệu"] for row in rows}


def test_a_named_place_reports_beside_its_commune_never_added(tmp_path, empty):
    path, archive = empty
    # the commune first: a later report of the airport must not be taken for the commune's newer one
    r = _import(tmp_path, empty, "xa.csv", {"fest_gift_packages": "40", "fest_participants": "trên 500"})
    assert r.returncode == 0, r.stderr
    r = _import(tmp_path, empty, "cang.csv", {"fest_gift_packages": "10"}, {NAME: AIRPORT, KIND: "Doanh nghiệp"})
    assert r.returncode == 0, r.stderr
    assert AIRPORT in r.stdout and "doanh nghiệp" in r.stdout

    places = sql(path, "SELECT units_system, commune_code, venue_kind, name, created_by FROM local_unit")
    assert [p[:4] for p in places] == [(2008, COMMUNE, "enterprise", AIRPORT)]
    assert places[0][4]  # who registered it
    in_force = sql(
        path,
        "SELECT r.local_unit_id IS NULL, v.rank_in_period FROM report r JOIN report_version v USING (report_id) "
        "ORDER BY r.report_id",
    )
    assert in_force == [(True, 1), (False, 1)]  # the airport's report does not supersede the commune's

    # the commune's own report alone is the commune's (and the province's) figure: 40, not 50
    own = sql(
        path,
        "SELECT v.value FROM report r JOIN report_value v USING (report_id) "
        "WHERE r.unit_code = $u AND r.local_unit_id IS NULL AND v.indicator = 'fest_gift_packages'",
        {"u": COMMUNE},
    )
    assert own == [(40.0,)]
    assert _figures(tmp_path, empty) == {"fest_gift_packages": "40", "fest_participants": "trên 500"}

    # report-values: the commune's own figures; with --below, the airport's beside them under its name
    r = cli("report-values", "--year", str(YEAR), "--unit", COMMUNE, "--json", db_path=path, archive=archive)
    assert {(x["indicator"], x["value"]) for x in json.loads(r.stdout)} == {
        ("fest_gift_packages", 40),
        ("fest_participants", 500),
    }
    r = cli("report-values", "--year", str(YEAR), "--unit", COMMUNE, "--below", "--json", db_path=path, archive=archive)
    rows = json.loads(r.stdout)
    below = [x for x in rows if x["local_name"]]
    assert [(x["local_name"], x["local_kind"], x["indicator"], x["value"]) for x in below] == [
        (AIRPORT, "enterprise", "fest_gift_packages", 10)
    ]
    r = cli("report-values", "--year", str(YEAR), "--unit", COMMUNE, "--below", db_path=path, archive=archive)
    assert f"{COMMUNE} / {AIRPORT}\tNgày hội của năm {YEAR}\tfest_gift_packages\t10" in r.stdout


def test_the_same_place_named_again_is_the_same_unit_and_supersedes_only_itself(tmp_path, empty):
    path, _ = empty
    for i, (name, value) in enumerate(((AIRPORT, "10"), ("CẢNG HÀNG KHÔNG PHÙ CÁT", "12"))):
        r = _import(tmp_path, empty, f"cang{i}.csv", {"fest_gift_packages": value}, {NAME: name, KIND: "doanh nghiep"})
        assert r.returncode == 0, r.stderr
    r = _import(tmp_path, empty, "xa.csv", {"fest_gift_packages": "40"})
    assert r.returncode == 0, r.stderr
    assert sql(path, "SELECT count(*) FROM local_unit") == [(1,)]
    ranks = sql(
        path,
        "SELECT r.local_unit_id IS NULL, v.value, rv.rank_in_period FROM report r "
        "JOIN report_value v USING (report_id) JOIN report_version rv USING (report_id) ORDER BY r.report_id",
    )
    assert ranks == [(False, 10.0, 2), (False, 12.0, 1), (True, 40.0, 1)]


@pytest.mark.parametrize(
    "unit, fields, message",
    [
        (PROVINCE, {NAME: AIRPORT, KIND: "Doanh nghiệp"}, "Chỉ báo cáo của một xã mới ghi được"),
        (COMMUNE, {NAME: AIRPORT, KIND: "Bệnh viện"}, "'Bệnh viện' không phải một loại đơn vị dưới xã"),
        (COMMUNE, {NAME: AIRPORT}, f"Thiếu '{KIND}' của '{AIRPORT}'"),
        (COMMUNE, {KIND: "Doanh nghiệp"}, f"Ô '{KIND}' đã ghi nhưng thiếu"),
    ],
)
def test_a_wrong_named_place_is_refused_and_nothing_changes(tmp_path, empty, unit, fields, message):
    path, _ = empty
    if unit == PROVINCE:  # the province's own form has no such rows: a hand-made one adds them
        data, _ = csv_form(YEAR, unit, {"fest_gift_packages": "10"})
        text = data.decode("utf-8-sig").replace(
            f"{form.FIELDS['year']},",
            f'"{NAME}",{fields[NAME]},\r\n{KIND},{fields[KIND]},\r\n{form.FIELDS["year"]},',
            1,
        )
        f = tmp_path / "tinh.csv"
        f.write_bytes(text.encode("utf-8-sig"))
        before = checksums(path)
        r = cli("import", str(f), db_path=path, archive=empty[1])
    else:
        before = checksums(path)
        r = _import(tmp_path, empty, "sai.csv", {"fest_gift_packages": "10"}, fields)
    assert r.returncode == 2
    assert message in r.stderr, r.stderr
    assert checksums(path) == before
    assert sql(path, "SELECT count(*) FROM local_unit") == [(0,)]


def test_the_communes_page_shows_the_place_beside_its_own_report(tmp_path, empty, app_script, monkeypatch):
    """The unit page (AppTest): the commune's reports say whose each is, and the airport's figure is
    listed under its own name, apart from the commune's."""
    from antq.ui import state

    from .test_unit_page import _open

    path, _ = empty
    assert _import(tmp_path, empty, "xa.csv", {"fest_gift_packages": "40"}).returncode == 0
    r = _import(tmp_path, empty, "cang.csv", {"fest_gift_packages": "10"}, {NAME: AIRPORT, KIND: "Doanh nghiệp"})
    assert r.returncode == 0, r.stderr
    try:
        at = _open(app_script, path, monkeypatch, {"year": str(YEAR), "unit": f"2008-{COMMUNE}"})
        reports = next(df.value for df in at.dataframe if "Báo cáo của" in df.value.columns)
        assert sorted(reports["Báo cáo của"]) == sorted(["đơn vị này", f"{AIRPORT} (doanh nghiệp)"])
        values = next(df.value for df in at.dataframe if "Chỉ tiêu" in df.value.columns)
        shown = sorted(zip(values["Kỳ"], values["Số liệu"]))
        assert shown == [("Ngày hội của năm", "40"), (f"Ngày hội của năm — {AIRPORT} (doanh nghiệp)", "10")], shown
        own = sql(path, "SELECT count(*) FROM report WHERE local_unit_id IS NULL")[0][0]
        assert own == 1
    finally:
        state.reader.clear()
