"""The importer against a real database file: every problem class gives its own located message and
leaves the data untouched; good files load atomically, once, and replace slices only when asked."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import shutil

import duckdb
import polars as pl
import pytest

from antq import db, service
from antq.importer import load, problems, spec
from antq.selection import check
from antq.units import registry

from .import_helpers import (
    audit_rows,
    checksums,
    communes,
    cp1258,
    csv_text,
    festival_row,
    labels,
    tcvn3,
    xlsx,
)

KH = "56"  # Khánh Hòa: the same code in both systems
FEST = labels("festivals")
COMM = labels("commendations")
MODELS = labels("models")


@pytest.fixture(scope="module")
def kh2008():
    return communes(KH, 2008)


@pytest.fixture(scope="module")
def kh2025():
    return communes(KH, 2025)


@pytest.fixture
def env(tmp_path, monkeypatch):
    path = db.build(tmp_path / "antq.duckdb", empty=True)
    monkeypatch.setenv("ANTQ_DB", str(path))
    monkeypatch.setenv("ANTQ_ARCHIVE_DIR", str(tmp_path / "archive"))
    return path


@pytest.fixture
def demo_copy(demo_db, tmp_path, monkeypatch):
    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, path)
    monkeypatch.setenv("ANTQ_DB", str(path))
    monkeypatch.setenv("ANTQ_ARCHIVE_DIR", str(tmp_path / "archive"))
    return path


def run(data: bytes, name: str, **kw) -> load.Result:
    return load.import_bytes(data, name, **kw)


def find(res: load.Result, group: str) -> list[dict]:
    return res.problems.filter(pl.col("group") == group).to_dicts()


def reused_commune(province: str) -> dict:
    """A 2025 commune of the province whose code was a 2008 commune of another name (independent SQL
    over the registry the database is built from)."""
    con = duckdb.connect()
    con.register("u", registry().units)
    rows = con.sql(
        """SELECT n.unit_code AS code, o.name AS old_name, n.name AS new_name
           FROM u AS n JOIN u AS o ON o.units_system = 2008 AND o.unit_code = n.unit_code AND o.is_base
           WHERE n.units_system = 2025 AND n.is_base AND n.province_code = $p
             AND lower(o.short_name) <> lower(n.short_name)
           ORDER BY n.unit_code LIMIT 1""",
        params={"p": province},
    ).pl()
    return rows.row(0, named=True)


def good_rows(kh2008, n=3):
    return [festival_row(kh2008["Mã đơn vị"][i], kh2008["Tên đơn vị"][i], venue_name=f"Thôn {i}") for i in range(n)]


# ------------------------------------------------------------------------ every problem class
def _cases(kh2008, kh2025):
    c0, n0 = kh2008["Mã đơn vị"][0], kh2008["Tên đơn vị"][0]
    # 2025 communes keep the code of one of their predecessors, so a wrong-system code is an old
    # commune that no 2025 commune carries on, used in a 2025 row
    all_2025 = set(registry().units.filter(pl.col("units_system") == 2025)["unit_code"])
    old_only = next(c for c in kh2008["Mã đơn vị"] if c not in all_2025)
    typo = spec.fold(n0).replace("xa ", "xa  ")[:-1]  # no diacritics, last letter lost
    ok = festival_row(c0, n0)
    comm_hdr = COMM
    reused = reused_commune(KH)
    return {
        "reused_2008_code": (
            xlsx(
                [
                    festival_row(kh2025["Mã đơn vị"][0], kh2025["Tên đơn vị"][0], year=2025, day=dt.date(2025, 8, 1)),
                    festival_row(reused["code"], reused["old_name"], year=2025, day=dt.date(2025, 8, 1)),
                ],
                FEST,
            ),
            "a.xlsx",
            "unit_code_reused",
            "error",
            3,
            "Mã đơn vị",
            [reused["code"], reused["old_name"], reused["new_name"], "từ 01/7/2025"],
        ),
        "swapped_day_month": (
            xlsx([festival_row(c0, year=2022, day="8/11/2022", venue_name="X")], FEST),
            "a.xlsx",
            "date_swapped",
            "error",
            2,
            "Ngày tổ chức",
            ["08/11/2022", "11/08/2022", "01/08/2022 – 20/08/2022"],
        ),
        "sum_row_differs": (
            xlsx(good_rows(kh2008, 3) + [["Tổng cộng", None, None, None, None, None, None, 599]], FEST),
            "a.xlsx",
            "sum_row",
            "error",
            5,
            "Số người tham gia",
            ["599", "600"],
        ),
        "district_award_after_2025": (
            xlsx([[2026, kh2025["Mã đơn vị"][0], None, "Giấy khen của Chủ tịch UBND cấp huyện", "Tập thể", 2]], COMM),
            "k.xlsx",
            "contradiction",
            "error",
            2,
            "Hình thức khen thưởng",
            ["năm 2026", "cấp huyện không còn"],
        ),
        # name: (bytes, file name, group, severity, row, column, words in message or fix)
        "unknown_unit_code": (
            xlsx([ok, festival_row("99999", n0)], FEST),
            "a.xlsx",
            "unit_unknown",
            "error",
            3,
            "Mã đơn vị",
            [n0, "Có phải"],
        ),
        "unknown_unit_name": (
            xlsx([ok, festival_row(None, typo)], FEST),
            "a.xlsx",
            "unit_unknown",
            "error",
            3,
            "Tên đơn vị",
            [n0],
        ),
        "wrong_system": (
            xlsx(
                [
                    festival_row(kh2025["Mã đơn vị"][0], year=2025, day=dt.date(2025, 8, 1)),
                    festival_row(old_only, year=2025, day=dt.date(2025, 8, 1)),
                ],
                FEST,
            ),
            "a.xlsx",
            "unit_system",
            "error",
            3,
            "Mã đơn vị",
            ["của danh mục hệ 2008", "năm này dùng danh mục hệ 2025"],
        ),
        "year_outside": (
            xlsx([ok, festival_row(c0, year=2031, day=dt.date(2031, 8, 1))], FEST),
            "a.xlsx",
            "year",
            "error",
            3,
            "Năm",
            ["2031", "phạm vi"],
        ),
        "year_before": (
            xlsx([festival_row(c0, year=2003, day=dt.date(2003, 8, 1))], FEST),
            "a.xlsx",
            "year",
            "error",
            2,
            "Năm",
            ["2003"],
        ),
        "date_outside_year": (
            xlsx([ok, festival_row(c0, day=dt.date(2023, 8, 1), venue_name="X")], FEST),
            "a.xlsx",
            "date",
            "error",
            3,
            "Ngày tổ chức",
            ["năm báo cáo 2024"],
        ),
        "date_unreadable": (
            xlsx([ok, festival_row(c0, day="32/13/2024", venue_name="X")], FEST),
            "a.xlsx",
            "date",
            "error",
            3,
            "Ngày tổ chức",
            ["không đọc được"],
        ),
        "negative": (
            xlsx([ok, festival_row(c0, participants=-5, households=None, venue_name="X")], FEST),
            "a.xlsx",
            "number",
            "error",
            3,
            "Số người tham gia",
            ["Số âm"],
        ),
        "non_numeric": (
            xlsx([ok, festival_row(c0, participants="khoảng 200", venue_name="X")], FEST),
            "a.xlsx",
            "number",
            "error",
            3,
            "Số người tham gia",
            ["Không phải là số"],
        ),
        "fractional": (
            xlsx([ok, festival_row(c0, gifts=2.5, venue_name="X")], FEST),
            "a.xlsx",
            "number",
            "error",
            3,
            "Số suất quà",
            ["Số lẻ"],
        ),
        "households_gt_participants": (
            xlsx([ok, festival_row(c0, participants=10, households=50, venue_name="X")], FEST),
            "a.xlsx",
            "contradiction",
            "error",
            3,
            "Số hộ gia đình",
            ["lớn hơn"],
        ),
        "medal_collective": (
            xlsx([[2024, c0, None, "Kỷ niệm chương Bảo vệ an ninh Tổ quốc", "Tập thể", 2]], comm_hdr),
            "k.xlsx",
            "contradiction",
            "error",
            2,
            "Đối tượng",
            ["chỉ tặng cá nhân"],
        ),
        "bad_vocab": (
            xlsx([ok, festival_row(c0, venue="Chợ", venue_name="X")], FEST),
            "a.xlsx",
            "value",
            "error",
            3,
            "Loại địa bàn",
            ["Chọn một trong", "Cơ quan"],
        ),
        "duplicate_rows": (
            xlsx([ok, festival_row(c0, venue_name="X"), ok], FEST),
            "a.xlsx",
            "duplicate_row",
            "error",
            4,
            None,
            ["dòng 2"],
        ),
        "missing_required_column": (
            xlsx([r[:7] + r[8:] for r in [ok]], FEST[:7] + FEST[8:]),
            "a.xlsx",
            "missing_column",
            "error",
            1,
            "Số người tham gia",
            ["Thiếu cột"],
        ),
        "merged_header": (
            xlsx([ok], FEST, above=[[]], merges=[(0, 0, 0, 3, "Điểm tổ chức")]),
            "a.xlsx",
            "header_merged",
            "error",
            1,
            "A",
            ["Ô gộp A1:D1"],
        ),
        "multirow_header": (
            xlsx([[None] * 7 + ["Số người tham gia", "Số hộ gia đình"], ok], FEST),
            "a.xlsx",
            "header_multirow",
            "error",
            2,
            None,
            ["nhiều dòng"],
        ),
        "empty_file": (b"", "a.csv", "empty", "error", None, None, ["rỗng"]),
        "header_only": (xlsx([], FEST), "a.xlsx", "empty", "error", 1, None, ["không có dòng số liệu"]),
        "wrong_sheet_names": (
            xlsx([ok], FEST, sheet="Sheet1", extra_sheets=("Sheet2",)),
            "a.xlsx",
            "sheet",
            "error",
            None,
            None,
            ["'Dữ liệu'", "Sheet1", "Sheet2"],
        ),
        "corrupt_xlsx": (xlsx([ok], FEST)[:3000], "a.xlsx", "file", "error", None, None, ["hỏng"]),
        "not_really_xlsx": (b"hello, this is text", "a.xlsx", "file", "error", None, None, ["không phải là tệp Excel"]),
        "legacy_xls": (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "a.xls",
            "file",
            "error",
            None,
            None,
            [".xls"],
        ),
        "utf16_csv": (
            codecs.BOM_UTF16_LE + csv_text([ok], FEST).encode("utf-16-le"),
            "a.csv",
            "encoding",
            "error",
            None,
            None,
            ["UTF-16"],
        ),
        "cp1258_csv": (cp1258(csv_text([ok], FEST)), "a.csv", "encoding", "error", None, None, ["Windows-1258"]),
        "tcvn3_csv": (tcvn3(csv_text([ok], FEST)), "a.csv", "encoding", "error", None, None, ["TCVN3"]),
        "template_other_year": (
            xlsx([ok], FEST, info={"Loại số liệu": "festivals", "Mã tỉnh": KH, "Năm": "2023"}),
            "a.xlsx",
            "template",
            "error",
            2,
            "Năm",
            ["năm 2023"],
        ),
        "ambiguous_name": (
            xlsx([festival_row(None, "Xã Tân Lập")], FEST),
            "a.xlsx",
            "unit_ambiguous",
            "error",
            2,
            "Tên đơn vị",
            ["đơn vị tên 'Xã Tân Lập'"],
        ),
        "duplicate_column": (
            xlsx([ok], FEST + [FEST[-1]]),
            "a.xlsx",
            "duplicate_column",
            "error",
            1,
            FEST[-1],
            ["hai lần"],
        ),
        "implausible_participants": (
            xlsx([ok, festival_row(c0, participants=300_000, households=10, venue_name="Y")], FEST),
            "a.xlsx",
            "bound",
            "error",
            3,
            None,
            ["vượt ngưỡng 200.000 người"],
        ),
        "overlong_cell": (
            xlsx([ok, festival_row(c0, venue_name="x" * 5_000)], FEST),
            "a.xlsx",
            "length",
            "error",
            3,
            None,
            ["1.000 ký tự"],
        ),
        "missing_value": (
            xlsx([ok, festival_row(c0, venue=None, venue_name="X")], FEST),
            "a.xlsx",
            "required",
            "error",
            3,
            "Loại địa bàn",
            ["Thiếu giá trị"],
        ),
    }


def pytest_generate_tests(metafunc):
    # the case list is the table above itself (no hand-copied list to drift from it)
    if "case" in metafunc.fixturenames:
        metafunc.parametrize("case", list(_cases(communes(KH, 2008), communes(KH, 2025))))


# Problem classes exercised by a dedicated test rather than a row of the table above.
TESTED_ELSEWHERE = {
    "too_large": "test_file_over_the_size_limit; tests/test_hardening.py (bombs, rows)",
    "header_offset": "test_a_report_title_above_the_header_is_skipped",
    "extra_column": "test_all_problems_are_listed_at_once",
    "unit_name_mismatch": "test_warnings_load_with_the_file",
    "date_period": "test_warnings_load_with_the_file, test_2022_festival_period_differs",
    "exists": "test_rows_already_in_the_store_need_replace",
    "database": "a row the schema refuses after validation: no file reaches it while the rules hold",
    "scope": "tests/test_access.py (a reporter's rows outside their scope) and test_access_browser.py",
    "outlier": "tests/test_reports.py test_far_from_previous_years_is_a_warning_not_a_refusal (report forms only)",
    "locked": "tests/test_review.py and tests/test_review_browser.py (an approved unit and period, report forms only)",
}


def test_every_problem_class_has_a_case():
    """Generated from the importer's own list of problem classes: a new class without a case fails."""
    covered = {c[2] for c in _cases(communes(KH, 2008), communes(KH, 2025)).values()}
    assert set(problems.GROUPS) - covered - set(TESTED_ELSEWHERE) == set()
    assert not covered & set(TESTED_ELSEWHERE)


def test_each_problem_is_located_and_rejected_without_changing_data(env, kh2008, kh2025, case):
    data, name, group, severity, row, column, words = _cases(kh2008, kh2025)[case]
    before = checksums(env)
    res = run(data, name)
    assert res.outcome == "rejected", res.problems
    hits = find(res, group)
    assert hits, f"no '{group}' problem in:\n{problems.as_text(res.problems)}"
    p = hits[0]
    assert p["severity"] == severity
    if row is not None:
        assert p["row"] == row, hits
    if column is not None:
        assert column in (p["column"] or ""), hits
    text = p["message"] + " " + (p["fix"] or "")
    for w in words:
        assert w in text, (w, text)
    assert p["fix"], "every problem says how to fix it"
    if name.endswith(".xlsx") and group not in ("file", "sheet"):
        assert p["sheet"] == spec.DATA_SHEET
    assert checksums(env) == before
    audit = audit_rows(env)
    assert audit[-1]["outcome"] == "rejected" and audit[-1]["errors"] >= 1 and audit[-1]["file_name"] == name


def test_all_problems_are_listed_at_once(env, kh2008):
    c0 = kh2008["Mã đơn vị"][0]
    rows = [
        festival_row(c0, participants=-1, households=None, venue_name="A"),
        festival_row("99999", venue_name="B"),
        festival_row(c0, day=dt.date(2023, 1, 1), venue_name="C"),
        festival_row(c0, venue="Chợ", venue_name="D"),
    ]
    res = run(xlsx(rows, FEST + ["Ghi chú"]), "many.xlsx")
    groups = set(res.problems["group"])
    assert {"number", "unit_unknown", "date", "value", "extra_column"} <= groups
    assert sorted(res.problems.filter(pl.col("severity") == "error")["row"].to_list()) == [2, 3, 4, 5]
    report = problems.report_csv(res.problems)
    assert report.startswith(b"\xef\xbb\xbf")
    lines = report.decode("utf-8-sig").splitlines()
    assert lines[0] == "Mức độ,Nhóm,Trang tính,Dòng,Cột,Giá trị,Vấn đề,Cách sửa"
    assert len(lines) == 1 + res.problems.height
    assert audit_rows(env)[-1]["rows"] == 4


def test_file_over_the_size_limit(env, kh2008, monkeypatch, tmp_path):
    monkeypatch.setenv("ANTQ_IMPORT_MAX_MB", "0.001")  # about 1 kB
    before = checksums(env)
    path = tmp_path / "big.xlsx"
    path.write_bytes(xlsx(good_rows(kh2008, 40), FEST))
    res = load.import_path(path)
    assert res.outcome == "rejected"
    (p,) = find(res, "too_large")
    assert "vượt giới hạn" in p["message"] and p["value"] == "big.xlsx"
    assert checksums(env) == before
    assert audit_rows(env)[-1]["file_bytes"] == path.stat().st_size


def test_password_protected_xlsx(env, kh2008):
    msoffcrypto = pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(xlsx(good_rows(kh2008), FEST))).encrypt("matkhau", out)
    before = checksums(env)
    res = run(out.getvalue(), "locked.xlsx")
    (p,) = find(res, "file")
    assert "mật khẩu" in p["message"] and "xóa mật khẩu" in p["fix"]
    assert checksums(env) == before
    assert msoffcrypto


def test_rows_already_in_the_store_need_replace(env, kh2008):
    first = xlsx(good_rows(kh2008, 3), FEST)
    assert run(first, "v1.xlsx").outcome == "loaded"
    before = checksums(env)
    second = xlsx(good_rows(kh2008, 2) + [festival_row(kh2008["Mã đơn vị"][5], venue_name="Mới")], FEST)
    res = run(second, "v2.xlsx")
    assert res.outcome == "rejected"
    slice_msgs = [p for p in find(res, "exists") if p["row"] is None]
    row_msgs = [p for p in find(res, "exists") if p["row"] is not None]
    assert len(slice_msgs) == 1 and "v1.xlsx" in slice_msgs[0]["message"] and "--replace" in slice_msgs[0]["fix"]
    assert [p["row"] for p in row_msgs] == [2, 3]
    assert checksums(env) == before


# ------------------------------------------------------------------------ warnings do not block
def test_warnings_load_with_the_file(env, kh2008):
    c0 = kh2008["Mã đơn vị"][0]
    rows = [
        festival_row(c0, day=dt.date(2024, 9, 30), venue_name="Muộn"),  # after 19/8: warning only
        festival_row(c0, "Tên khác hẳn", venue_name="B"),
    ]
    res = run(xlsx(rows, FEST + ["Ghi chú"], sheet="Sheet1"), "w.xlsx")
    assert res.outcome == "loaded", problems.as_text(res.problems)
    groups = set(res.problems.filter(pl.col("severity") == "warning")["group"])
    assert {"date_period", "extra_column", "sheet", "unit_name_mismatch"} <= groups
    (p,) = find(res, "date_period")
    assert p["row"] == 2 and "01/07/2024 – 19/08/2024" in p["message"]


def test_a_report_title_above_the_header_is_skipped(env, kh2008):
    title = "BÁO CÁO KẾT QUẢ NGÀY HỘI TOÀN DÂN BẢO VỆ ANTQ NĂM 2024"
    data = xlsx(good_rows(kh2008, 2), FEST, above=[[], []], merges=[(0, 0, 0, len(FEST) - 1, title)])
    res = run(data, "title.xlsx")
    assert res.outcome == "loaded", problems.as_text(res.problems)
    (p,) = find(res, "header_offset")
    assert p["severity"] == "warning" and "dòng 3" in p["message"]


def test_2022_festival_period_differs(env, kh2008):
    c0 = kh2008["Mã đơn vị"][0]
    rows = [
        festival_row(c0, year=2022, day=dt.date(2022, 7, 15), venue_name="A"),  # inside the default, not 2022's
        festival_row(c0, year=2022, day=dt.date(2022, 8, 20), venue_name="B"),
    ]  # 2022 ran 1-20/8
    res = run(xlsx(rows, FEST), "p.xlsx")
    assert res.outcome == "loaded"
    assert [p["row"] for p in find(res, "date_period")] == [2]


# ------------------------------------------------------------------------ CSV variants
@pytest.mark.parametrize("encoding, delimiter", [("utf-8-sig", ","), ("utf-8", ","), ("utf-8-sig", ";")])
def test_csv_utf8_with_or_without_bom(env, kh2008, encoding, delimiter):
    rows = good_rows(kh2008, 3)
    rows[0][7] = "1.250"  # Vietnamese thousands separator
    res = run(csv_text(rows, FEST, delimiter).encode(encoding), "kh.csv")
    assert res.outcome == "loaded", problems.as_text(res.problems)
    with duckdb.connect(str(env), read_only=True) as c:
        assert c.execute("SELECT sum(participants) FROM festival_point").fetchall()[0][0] == 1250 + 400


def test_codes_that_lost_leading_zeros_and_names_without_diacritics(env):
    hn = communes("01", 2008)
    code, name = hn["Mã đơn vị"][0], hn["Tên đơn vị"][0]
    assert code.startswith("000")
    rows = [
        festival_row(str(int(code)), None, venue_name="A"),  # Excel turned 00001 into 1
        festival_row(None, spec.fold(name), venue_name="B"),
    ]  # typed without diacritics
    res = run(xlsx(rows, FEST), "hn.xlsx")
    assert res.outcome == "loaded", problems.as_text(res.problems)
    with duckdb.connect(str(env), read_only=True) as c:
        assert c.execute("SELECT DISTINCT unit_code FROM festival_point").fetchall() == [(code,)]


# ------------------------------------------------------------------------ idempotence, replace, archive, audit
def test_identical_reimport_is_a_no_op(env, kh2008, tmp_path):
    data = xlsx(good_rows(kh2008), FEST)
    first = run(data, "kh.xlsx")
    assert first.outcome == "loaded"
    before = checksums(env)
    again = run(data, "kh-copy.xlsx")
    assert again.outcome == "unchanged"
    assert checksums(env) == before
    archived = list((tmp_path / "archive").iterdir())
    assert [p.name for p in archived] == [f"{load.sha256(data)}.xlsx"] and archived[0].read_bytes() == data
    assert [a["outcome"] for a in audit_rows(env)] == ["loaded", "unchanged"]


def test_replace_swaps_the_slice(env, kh2008, tmp_path):
    v1 = xlsx(good_rows(kh2008, 4), FEST)
    v2_rows = good_rows(kh2008, 2)
    v2_rows[0][7] = 999
    v2 = xlsx(v2_rows, FEST)
    assert run(v1, "v1.xlsx").outcome == "loaded"
    assert run(v2, "v2.xlsx").outcome == "rejected"
    res = run(v2, "v2.xlsx", replace=True)
    assert res.outcome == "replaced" and res.replaced_slices == [(KH, 2024)]
    with duckdb.connect(str(env), read_only=True) as c:
        got = c.execute("SELECT count(*), sum(participants) FROM festival_point").fetchall()[0]
        assert got == (2, 999 + 200)
        src = c.execute(
            "SELECT DISTINCT d.file_name, d.kind FROM festival_point JOIN data_source d USING (source_id)"
        ).fetchall()
        assert src == [("v2.xlsx", "imported")]
    names = sorted(p.name for p in (tmp_path / "archive").iterdir())
    assert names == sorted(f"{load.sha256(d)}.xlsx" for d in (v1, v2))
    audit = audit_rows(env)
    assert [a["outcome"] for a in audit] == ["loaded", "rejected", "replaced"]
    assert audit[1]["rows"] == 2 and audit[1]["errors"] >= 1  # a rejected attempt records the rows it read
    last = audit[-1]
    assert last["kind"] == "festivals" and last["province_codes"] == [KH] and last["years"] == [2024]
    assert last["rows"] == 2 and last["errors"] == 0 and last["file_sha256"] == load.sha256(v2)


def test_illustrative_slice_is_replaced_without_asking(demo_copy, kh2008):
    def outside(c):
        return c.execute(
            "SELECT count(*), sum(hash(f)) FROM festival_point f JOIN admin_unit u USING (units_system, unit_code) "
            "WHERE NOT (f.year = 2024 AND u.province_code = '56')"
        ).fetchall()[0]

    with duckdb.connect(str(demo_copy), read_only=True) as c:
        before_outside = outside(c)
        assert (
            c.execute(
                "SELECT count(*) FROM festival_point f JOIN admin_unit u USING (units_system, unit_code) "
                "WHERE f.year = 2024 AND u.province_code = '56'"
            ).fetchall()[0][0]
            > 10
        )
    res = run(xlsx(good_rows(kh2008, 3), FEST), "kh.xlsx")
    assert res.outcome == "loaded", problems.as_text(res.problems)
    with duckdb.connect(str(demo_copy), read_only=True) as c:
        kinds = c.execute(
            "SELECT d.kind, count(*) FROM festival_point f JOIN admin_unit u USING (units_system, unit_code) "
            "JOIN data_source d USING (source_id) WHERE f.year = 2024 AND u.province_code = '56' "
            "GROUP BY 1"
        ).fetchall()
        assert kinds == [("imported", 3)]
        assert outside(c) == before_outside


def test_models_update_existing_models_and_keep_history(demo_copy):
    with duckdb.connect(str(demo_copy), read_only=True) as c:
        mid, unit = c.execute(
            "SELECT m.model_id, m.unit_code FROM model_year m JOIN admin_unit u USING (units_system, unit_code) "
            "WHERE m.year = 2024 AND u.province_code = '56' ORDER BY m.model_id LIMIT 1"
        ).fetchall()[0]
        years_before = c.execute("SELECT count(*) FROM model_year WHERE model_id = ?", [mid]).fetchall()[0][0]
    rows = [
        [2024, unit, None, mid, "Tổ tự quản mới tên", "Camera an ninh", 2015, "Hoạt động hiệu quả", 12],
        [2024, unit, None, None, "Mô hình chưa có mã", "Khác", 2024, "Đang hoạt động", 1],
    ]
    res = run(xlsx(rows, MODELS), "mh.xlsx")
    assert res.outcome == "loaded", problems.as_text(res.problems)
    with duckdb.connect(str(demo_copy), read_only=True) as c:
        assert c.execute("SELECT name, category FROM model WHERE model_id = ?", [mid]).fetchall() == [
            ("Tổ tự quản mới tên", "security_camera")
        ]
        # the model's other years (illustrative) are untouched; 2024 for province 56 is the file's two rows
        assert c.execute("SELECT count(*) FROM model_year WHERE model_id = ?", [mid]).fetchall()[0][0] == years_before
        assert (
            c.execute(
                "SELECT count(*) FROM model_year m JOIN admin_unit u USING (units_system, unit_code) "
                "WHERE m.year = 2024 AND u.province_code = '56'"
            ).fetchall()[0][0]
            == 2
        )


# ------------------------------------------------------------------------ template round trip
def test_template_filled_in_imports_and_summary_shows_exactly_it(env, tmp_path, kh2008):
    import openpyxl

    from antq.importer import template

    def fill(kind, rows):
        wb = openpyxl.load_workbook(io.BytesIO(template.xlsx_bytes(kind, 2024, KH)))
        units = [r[0].value for r in wb[spec.UNITS_SHEET].iter_rows(min_row=2)]
        ws = wb[spec.DATA_SHEET]
        for i, r in enumerate(rows(units), start=2):
            for j, v in enumerate(r, start=1):
                ws.cell(i, j, v)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    communes_ = kh2008["Mã đơn vị"].to_list()
    fest = fill(
        "festivals",
        lambda u: [
            festival_row(communes_[0], venue_name="Thôn 1", participants=300, households=100),
            festival_row(communes_[0], venue_name="Thôn 2", participants=150, households=None),
            festival_row(communes_[1], venue_name="Tổ dân phố 3", participants=420, households=200),
            festival_row(KH, venue="Cơ quan", venue_name="Lễ phát động cấp tỉnh", participants=900, households=None),
        ],
    )
    comm = fill(
        "commendations",
        lambda u: [
            [2024, communes_[0], None, "Kỷ niệm chương Bảo vệ an ninh Tổ quốc", "Cá nhân", 3],
            [2024, communes_[1], None, "Giấy khen của Chủ tịch UBND cấp huyện", "Tập thể", 5],
            [2024, communes_[1], None, "giay_khen_xa", "individual", 7],
        ],
    )
    models = fill(
        "models",
        lambda u: [
            [2024, communes_[0], None, None, "Camera an ninh thôn 1", "Camera an ninh", 2020, "Đang hoạt động", 4],
            [2024, communes_[1], None, "KH-01", "Tổ tự quản", "Tự quản", 2018, "Hoạt động hiệu quả", 9],
            [2024, communes_[1], None, "KH-02", "Tổ hòa giải", "Tự hòa giải", 2010, "Giải thể", 0],
        ],
    )
    for name, data in (("f.xlsx", fest), ("c.xlsx", comm), ("m.xlsx", models)):
        res = run(data, name)
        assert res.outcome == "loaded", problems.as_text(res.problems)
        assert res.problems.filter(pl.col("severity") == "error").is_empty()
    with duckdb.connect(str(env), read_only=True) as c:
        sel = check(2024, 2008, [KH], years=service.available_years(c))
        s = service.summary(c, sel)
        base = c.execute(
            "SELECT count(*) FROM admin_unit WHERE units_system = 2008 AND is_base AND province_code = ?", [KH]
        ).fetchall()[0][0]
    assert s["provinces"] == 1 and s["communes_total"] == base
    assert s["festival_points"] == 4 and s["participants"] == 300 + 150 + 420 + 900
    assert s["communes_covered"] == 2
    assert s["commendations"] == 3 + 5 + 7
    assert s["models_active"] == 2
    assert s["coverage_pct"] == round(100 * 2 / base, 2)


def test_csv_template_has_the_same_columns(tmp_path):
    from antq.importer import template

    for kind in spec.KINDS:
        data = template.csv_bytes(kind, 2025, "01")
        assert data.startswith(b"\xef\xbb\xbf")
        import csv as _csv

        header = next(_csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert header == labels(kind)


def test_template_lists_units_of_the_years_system():
    import openpyxl

    from antq.importer import template

    old = openpyxl.load_workbook(io.BytesIO(template.xlsx_bytes("festivals", 2024, KH)))
    new = openpyxl.load_workbook(io.BytesIO(template.xlsx_bytes("models", 2025, KH)))
    levels_old = {r[2].value for r in old[spec.UNITS_SHEET].iter_rows(min_row=2)}
    levels_new = {r[2].value for r in new[spec.UNITS_SHEET].iter_rows(min_row=2)}
    assert levels_old == {"Tỉnh", "Huyện", "Xã"} and levels_new == {"Tỉnh", "Xã"}
    assert old.sheetnames[:1] == [spec.DATA_SHEET] and spec.HELP_SHEET in old.sheetnames
    dv = {str(d.sqref).split(":")[0][:1]: d.formula1 for d in old[spec.DATA_SHEET].data_validations.dataValidation}
    assert spec.LISTS_SHEET in dv["E"]  # venue kind drop-down
    lists = old[spec.LISTS_SHEET]
    assert [c.value for c in lists["A"]][1:] == list(
        __import__("antq.i18n", fromlist=["x"]).value_labels("venue_kind").values()
    )
    help_text = " ".join(str(c.value) for c in old[spec.HELP_SHEET]["A"])
    assert "--replace" in help_text and "minh họa" in help_text


@pytest.mark.parametrize(
    "kind, year, province, words",
    [
        ("festivals", 2024, "99", "Mã tỉnh '99'"),
        ("festivals", 2025, "77", "hệ 2008"),
        ("festivals", 1999, "01", "phạm vi"),
    ],
)
def test_template_refuses_bad_requests(kind, year, province, words):
    from antq.importer import template
    from antq.selection import SelectionError

    with pytest.raises(SelectionError, match=words):
        template.xlsx_bytes(kind, year, province)
