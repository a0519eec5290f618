"""Every class of bad report form is refused whole, with a Vietnamese message naming its sheet, row
and column, and leaves the database file byte for byte as it was (data tables and audit alike);
the refusal is recorded beside the archive."""

from __future__ import annotations

import json

import polars as pl
import pytest

from antq.reports import load
from antq.units import registry
from antq.vocab import unit_systems

from .report_forms import checksums, cli, csv_form, file_sha, writable_copy, xlsx_form

Y_OLD = unit_systems.LAST_OLD_SYSTEM_YEAR
Y_NEW = unit_systems.FIRST_NEW_SYSTEM_YEAR
# The header block's rows in the form (CSV lines; the same rows in the XLSX sheet).
UNIT_ROW, NAME_ROW, YEAR_ROW, PERIOD_ROW, HALF_ROW, FROM_ROW, DATE_ROW = 4, 5, 6, 7, 8, 9, 10


def _units(system, province, level):
    u = registry().units
    return u.filter(
        (pl.col("units_system") == system) & (pl.col("province_code") == province) & (pl.col("level") == level)
    )


def old_district_only():
    """A 2008 district of Khánh Hòa whose code is no 2025 unit's."""
    new = set(registry().units.filter(pl.col("units_system") == unit_systems.SYSTEM_NEW)["unit_code"])
    return next(c for c in _units(unit_systems.SYSTEM_OLD, "56", "district")["unit_code"] if c not in new)


def a_commune(system, province):
    return _units(system, province, "commune")["unit_code"].sort()[0]


# name -> (year, province, values, fields, codes, the indicator or header row named, column, words of the message)
KH, UNIT, M5 = "56", "Mã đơn vị báo cáo", {"mob_sessions": "5"}
CASES = {
    "text value": (Y_OLD, KH, {"fest_participants": "nhiều"}, {}, {}, "fest_participants", "E", "không phải là số"),
    "negative": (Y_OLD, KH, {"mob_sessions": "-5"}, {}, {}, "mob_sessions", "E", "không được âm"),
    "ratio x > y": (Y_OLD, KH, {"fest_communes_held": "150/140"}, {}, {}, "fest_communes_held", "E", "Tử số lớn hơn"),
    "percentage": (Y_OLD, KH, {"fest_participants": "96%"}, {}, {}, "fest_participants", "E", "phần trăm"),
    "fraction of a count": (Y_OLD, KH, {"mob_sessions": "12,5"}, {}, {}, "mob_sessions", "E", "số nguyên"),
    "x/y for a count": (Y_OLD, KH, {"mob_sessions": "3/4"}, {}, {}, "mob_sessions", "E", "không phải tỷ số"),
    "unknown indicator": (
        Y_OLD, KH, {"fest_participants": "100"}, {}, {"fest_participants": "fest_participantz"},
        "fest_participants", "A", "không có trong danh mục chỉ tiêu",
    ),
    "same indicator twice": (
        Y_OLD, KH, {"fest_points_agency": "1", "fest_points_school": "2"}, {},
        {"fest_points_school": "fest_points_agency"}, "fest_points_school", "A", "ghi hai lần",
    ),
    "unit of another province": (
        Y_OLD, KH, M5, {UNIT: "00001"}, {}, UNIT_ROW, "B", "không thuộc tỉnh mã 56",
    ),
    "unknown unit": (Y_OLD, KH, M5, {UNIT: "99999"}, {}, UNIT_ROW, "B", "không có trong danh mục"),
    "unit of the other system for the year": (
        Y_NEW, KH, M5, {UNIT: old_district_only()}, {}, UNIT_ROW, "B", "không khớp hệ thống",
    ),
    "indicator not reported at the unit's level": (
        Y_OLD, KH, {"fest_communes_held": "3/4"}, {UNIT: a_commune(unit_systems.SYSTEM_OLD, "56")}, {},
        "fest_communes_held", "E", "không phải cấp xã",
    ),
    "unit name not matching the code": (
        Y_OLD, KH, M5, {"Tên đơn vị báo cáo": "Tỉnh Ninh Thuận"}, {}, NAME_ROW, "B", "không khớp với mã 56",
    ),
    "year outside the reports": (Y_OLD, KH, M5, {"Năm": "1999"}, {}, YEAR_ROW, "B", "Năm báo cáo phải"),
    "unknown period": (Y_OLD, KH, M5, {"Kỳ báo cáo": "Quý"}, {}, PERIOD_ROW, "B", "Kỳ báo cáo không hợp lệ"),
    "six months without which half": (
        Y_OLD, KH, M5, {"Kỳ báo cáo": "Sáu tháng"}, {}, HALF_ROW, "B", "sáu tháng đầu (1) hay cuối",
    ),
    "phase starting after it ends": (
        Y_OLD, KH, M5, {"Kỳ báo cáo": "Giai đoạn", "Từ năm": str(Y_OLD + 1)}, {}, FROM_ROW, "B",
        "không sau năm báo cáo",
    ),
    "report date outside the period": (
        Y_OLD, KH, M5, {"Ngày báo cáo": "01/01/2019"}, {}, DATE_ROW, "B", "nằm ngoài kỳ báo cáo",
    ),
    "no value at all": (Y_OLD, KH, {}, {}, {}, None, None, "chưa có số liệu nào"),
}  # fmt: skip


@pytest.fixture(scope="module")
def own_db(demo_db, tmp_path_factory):
    return writable_copy(demo_db, tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("case", list(CASES))
def test_bad_form_is_refused_with_its_cell_named_and_nothing_changes(own_db, tmp_path, case):
    year, province, values, fields, codes, named, column, words = CASES[case]
    data, where = csv_form(year, province, values, fields, codes)
    before, before_sha = checksums(own_db), file_sha(own_db)
    arch = tmp_path / "archive"
    res = load.import_bytes(data, "bao-cao.csv", db_path=own_db, archive=arch)
    assert res.outcome == "rejected"
    errors = res.problems.filter(pl.col("severity") == "error").to_dicts()
    row = where.get(named) if isinstance(named, str) else named
    hits = [e for e in errors if words in e["message"] and (e["row"], e["column"]) == (row, column)]
    assert hits, errors
    assert hits[0]["sheet"] == "CSV"
    assert checksums(own_db) == before and file_sha(own_db) == before_sha
    (logged,) = [json.loads(line) for line in (arch / load.REFUSED_LOG).read_text("utf-8").splitlines()]
    assert logged["file_sha256"] == res.plan.sha256 and logged["errors"] == len(errors) >= 1


def test_xlsx_messages_name_the_sheet(own_db, tmp_path):
    data = xlsx_form(Y_OLD, "56", [({}, {"mob_sessions": 5}), ({"Mã đơn vị báo cáo": "00001"}, {"mob_sessions": "x"})])
    before = file_sha(own_db)
    res = load.import_bytes(data, "bao-cao.xlsx", db_path=own_db, archive=tmp_path / "a")
    assert res.outcome == "rejected"
    found = {(e["sheet"], e["row"], e["column"]) for e in res.problems.to_dicts()}
    assert ("Báo cáo 2", UNIT_ROW, "B") in found
    assert file_sha(own_db) == before


def test_cli_refusal_exits_2_with_located_messages(own_db, tmp_path):
    data, where = csv_form(Y_OLD, "56", {"fest_participants": "nhiều"})
    f = tmp_path / "x.csv"
    f.write_bytes(data)
    before = file_sha(own_db)
    r = cli("import", str(f), db_path=own_db, archive=tmp_path / "a")
    assert r.returncode == 2
    assert f"dòng {where['fest_participants']}, cột 'E', giá trị 'nhiều'" in r.stderr
    assert "cơ sở dữ liệu không thay đổi" in r.stderr and "Traceback" not in r.stderr
    assert file_sha(own_db) == before
