"""`python -m antq` as a user runs it: a real process against a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.support import expected

from .conftest import REPO


def run_cli(*args, db):
    env = os.environ | {"ANTQ_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "antq", *args], capture_output=True, text=True, env=env, cwd=REPO, timeout=120
    )


def test_summary_json_matches_the_database(demo_db, conn):
    r = run_cli("summary", "--year", "2022", "--json", db=demo_db)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    want = expected.overview(conn, 2022, 2025)
    assert (got["year"], got["units"], got["provinces"], got["province_codes"]) == (2022, 2025, 34, [])
    assert got["communes_covered"] == want["Xã tổ chức Ngày hội"]
    assert got["communes_total"] == expected.communes(conn, 2022, 2025)[1]
    assert abs(got["coverage_pct"] - want["Tỷ lệ xã tổ chức"]) <= 0.005 + 1e-9
    assert got["festival_points"] == want["Điểm tổ chức Ngày hội"]
    assert got["participants"] == want["Lượt người tham gia"]
    assert got["commendations"] == want["Lượt khen thưởng (tập thể + cá nhân)"]
    assert got["models_active"] == want["Mô hình đang hoạt động"]


def test_summary_several_provinces_old_system(demo_db, conn):
    r = run_cli("summary", "--year", "2024", "--units", "2008", "--province", "56", "58", "--json", db=demo_db)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["provinces"] == 2 and got["province_codes"] == ["56", "58"]
    # the store's figure: each province's own report (or confirmed document figure) where it has one
    assert got["festival_points"] == expected.total(conn, "festival_points", 2024, 2008, ["56", "58"])


@pytest.mark.parametrize(
    "args, words",
    [
        (["summary", "--year", "2031"], "Năm 2031"),
        (["summary", "--year", "2024", "--province", "77"], "Mã tỉnh '77'"),  # Bà Rịa - Vũng Tàu: 2008 only
        (["summary", "--year", "2025", "--units", "2008"], "hệ 63 tỉnh"),
        (["summary", "--year", "2024", "--units", "1999"], "Hệ thống đơn vị"),
        (["export", "khong_co", "--year", "2024", "--out", "x.csv"], "Bảng 'khong_co'"),
    ],
)
def test_user_errors_are_one_line_exit_2(demo_db, args, words):
    r = run_cli(*args, db=demo_db)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi:") and words in lines[0], r.stderr
    assert "Traceback" not in r.stderr


def test_export_writes_filtered_rows(demo_db, conn, tmp_path):
    out = tmp_path / "f.csv"
    r = run_cli("export", "festival_points", "--year", "2024", "--province", "56", "--out", str(out), db=demo_db)
    assert r.returncode == 0, r.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    n = conn.execute(
        "SELECT count(*) FROM festival_point f JOIN unit_province u USING (units_system, unit_code) "
        "WHERE f.year = 2024 AND u.province_2025_code = '56'"
    ).fetchall()[0][0]
    assert len(lines) == n + 1
    assert lines[0].startswith("Năm,Mã tỉnh,")


def test_database_built_on_first_use(tmp_path):
    db = tmp_path / "new" / "antq.duckdb"
    r = run_cli("summary", "--year", "2025", "--json", db=db)
    assert r.returncode == 0, r.stderr
    assert db.exists() and json.loads(r.stdout)["provinces"] == 34
