"""The official briefing as an officer receives it: PDF and DOCX made by `python -m antq briefing`
(and by the sidebar's "Tải báo cáo" in a real browser), read back with pypdf, poppler and
python-docx, with every number checked against independent SQL over the DuckDB file.

Cases: the country 2024 in the 63 provinces, one province 2025, a province without figures for the
year (a copy of the demo database with that province's 2025 rows removed), and the English version.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from docx import Document
from pypdf import PdfReader

from antq import db
from tests.support import e2e
from tests.support import expected as figures

from .conftest import REPO, unavailable

MM = 72 / 25.4  # points per mm
A4_PT = (595.28, 841.89)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
DAY = "2026-02-05"  # a fixed signing date: Decree 30/2020 writes it "ngày 05 tháng 02 năm 2026"
PROVINCE_2025 = "56"  # Khánh Hòa (with Ninh Thuận since 1 July 2025)
EMPTY_PROVINCE = "01"  # Hà Nội: its 2025 rows are removed from a copy of the demo database


@pytest.fixture(scope="module", autouse=True)
def tools():
    """The briefing draws its charts in Debian's chromium; the tests read PDFs with poppler."""
    why = e2e.chromium_missing()
    if why is None and shutil.which("pdftoppm") is None:
        why = "poppler-utils is not installed (apt-get install poppler-utils)"
    if why:
        unavailable(why)


# ---------------------------------------------------------------- independent expectations
def expected(conn, year: int, units: int, provinces: list[str]) -> dict[str, int]:
    """Headline figures by the store's rule, from independent SQL (tests/support/expected.py): each
    province's own report where it has one, else its detail rows; the nation's own report first."""
    facts = ("festival_points", "participants", "commendations", "models_active", "model_sites")
    return {name: figures.total(conn, name, year, units, provinces) for name in facts}


def written(conn, fact: str, year: int, units: int, provinces: list[str]) -> str:
    """A figure as the briefing writes it: its qualifier word, then the number."""
    value, qualifier = figures.figure_total(conn, fact, year, units, provinces)
    word = {"at_least": "trên ", "just_under": "gần ", "about": "khoảng "}.get(qualifier, "")
    return word + vn(value)


def province_points(conn, year: int, province: str) -> int:
    """Festival points of one 2008 province in a year <= 2024."""
    return conn.execute(
        "SELECT count(*) FROM festival_point f JOIN admin_unit u USING (units_system, unit_code) "
        "WHERE f.year = $year AND f.units_system = 2008 AND u.province_code = $p",
        {"year": year, "p": province},
    ).fetchone()[0]


def vn(n: int) -> str:
    return f"{int(n):,}".replace(",", ".")


# ---------------------------------------------------------------- making the documents
def briefing(db_path: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {"ANTQ_DB": str(db_path)}
    return subprocess.run(
        [sys.executable, "-m", "antq", "briefing", "--date", DAY, "--out", str(out), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )


@pytest.fixture(scope="module")
def docs(demo_db, tmp_path_factory) -> dict[str, Path]:
    """Every document the tests read, made once."""
    d = tmp_path_factory.mktemp("briefing")
    cases = {
        "national.pdf": ("--year", "2024", "--units", "2008", "--format", "pdf"),
        "national.docx": ("--year", "2024", "--units", "2008", "--format", "docx"),
        "province.pdf": ("--year", "2025", "--province", PROVINCE_2025, "--format", "pdf"),
        "province.docx": ("--year", "2025", "--province", PROVINCE_2025, "--format", "docx"),
        "province_en.docx": ("--year", "2025", "--province", PROVINCE_2025, "--format", "docx", "--lang", "en"),
    }
    out = {}
    for name, args in cases.items():
        r = briefing(demo_db, d / name, *args)
        assert r.returncode == 0, r.stderr
        out[name] = d / name
    return out


@pytest.fixture(scope="module")
def gap_db(demo_db, tmp_path_factory) -> Path:
    """The demo database without any 2025 figure of one province (it has not reported)."""
    path = tmp_path_factory.mktemp("gap") / "antq.duckdb"
    shutil.copy(demo_db, path)
    with duckdb.connect(str(path)) as c:
        for table in ("festival_point", "commendation", "model_year", "exemplar"):
            c.execute(
                f"""DELETE FROM {table} WHERE year = 2025 AND units_system = 2025 AND unit_code IN
                    (SELECT unit_code FROM admin_unit WHERE units_system = 2025 AND province_code = $p)""",
                {"p": EMPTY_PROVINCE},
            )
        gone = """SELECT report_id FROM report WHERE year = 2025 AND unit_code IN
                  (SELECT unit_code FROM admin_unit WHERE units_system = 2025 AND province_code = $p)"""
        c.execute(f"DELETE FROM report_value WHERE report_id IN ({gone})", {"p": EMPTY_PROVINCE})
    with duckdb.connect(str(path)) as c:  # a second transaction: DuckDB checks the foreign key at its start
        c.execute(f"DELETE FROM report WHERE report_id IN ({gone})", {"p": EMPTY_PROVINCE})
        c.execute("DELETE FROM document_figure WHERE year = 2025 AND unit_code = $p", {"p": EMPTY_PROVINCE})
        db.refresh_summary(c)
    return path


@pytest.fixture(scope="module")
def gap_docs(gap_db, tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("gap-docs")
    cases = {
        "empty.pdf": ("--year", "2025", "--province", EMPTY_PROVINCE, "--format", "pdf"),
        "empty.docx": ("--year", "2025", "--province", EMPTY_PROVINCE, "--format", "docx"),
        "national.docx": ("--year", "2025", "--format", "docx"),
    }
    for name, args in cases.items():
        r = briefing(gap_db, d / name, *args)
        assert r.returncode == 0, r.stderr
    return {name: d / name for name in cases}


# ---------------------------------------------------------------- reading them back
def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", out)


def pdf_words(path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, every word with its box in points from the top-left corner (poppler's -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        words = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page
        )
        pages.append([(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in words])
    return pages


def docx_text(path: Path) -> tuple[str, list[list[list[str]]]]:
    d = Document(str(path))
    text = "\n".join(p.text for p in d.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]
    return text, tables


def table_titled(path: Path, title_start: str) -> list[list[str]]:
    """The table that follows the paragraph starting with `title_start`."""
    d = Document(str(path))
    body = d.element.body
    seen = False
    for el in body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p" and "".join(el.itertext()).startswith(title_start):
            seen = True
        elif tag == "tbl" and seen:
            from docx.table import Table

            return [[c.text for c in row.cells] for row in Table(el, d).rows]
    raise AssertionError(f"no table after '{title_start}'")


def row(table: list[list[str]], label: str) -> list[str]:
    for r in table:
        if r[0] == label or (len(r) > 1 and r[1] == label):
            return r
    raise AssertionError(f"no row '{label}' in {[r[0] for r in table]}")


# ---------------------------------------------------------------- PDF
@pytest.mark.parametrize("name", ["national.pdf", "province.pdf"])
def test_pdf_is_a4_with_the_decree_margins(docs, name):
    path = docs[name]
    reader = PdfReader(str(path))
    assert len(reader.pages) >= 2
    for p in reader.pages:
        assert abs(float(p.mediabox.width) - A4_PT[0]) < 1 and abs(float(p.mediabox.height) - A4_PT[1]) < 1
    left, right = MARGINS_MM["left"] * MM, A4_PT[0] - MARGINS_MM["right"] * MM
    top, bottom = MARGINS_MM["top"] * MM, A4_PT[1] - MARGINS_MM["bottom"] * MM
    pages = pdf_words(path)
    for i, words in enumerate(pages, start=1):
        inside = [w for w in words if top - 1 <= w[1] and w[3] <= bottom + 1]
        outside = [w for w in words if w not in inside]
        # The margins hold only the page number (top, from page 2) and the illustrative-data label (bottom).
        heads = [w[4] for w in outside if w[3] < top]
        assert heads == ([] if i == 1 else [str(i)]), (i, heads)
        foot = " ".join(w[4] for w in outside if w[1] > bottom)
        assert foot in ("", "DỮ LIỆU MINH HỌA — không phải số liệu báo cáo"), (i, foot)
        for w in inside:
            assert left - 0.5 <= w[0] and w[2] <= right + 0.5, (i, w)
    # Justified body text runs from the left margin to the right one.
    xs = [w[0] for words in pages for w in words]
    x_ends = [w[2] for words in pages for w in words]
    assert abs(min(xs) - left) < 1.0, min(xs) / MM
    assert right - 3 < max(x_ends) <= right + 0.5, max(x_ends) / MM


@pytest.mark.parametrize("name", ["national.pdf", "province.pdf"])
def test_pdf_fonts_are_embedded_and_every_page_renders(docs, name, tmp_path):
    path = docs[name]
    reader = PdfReader(str(path))
    fonts = {}
    for p in reader.pages:
        for f in p["/Resources"]["/Font"].values():
            f = f.get_object()
            fonts[f["/BaseFont"]] = f
    assert fonts
    for base, f in fonts.items():
        assert "LiberationSerif" in base, base
        assert "/FontFile2" in f["/FontDescriptor"], f"{base} is not embedded"
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "p")], check=True, timeout=120)
    from PIL import Image

    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == len(reader.pages)
    for png in pngs:
        lo, hi = Image.open(png).convert("L").getextrema()
        assert lo < 100 and hi > 200, f"{png.name} is blank"


def test_national_pdf_says_what_the_store_holds(docs, conn):
    text = pdf_text(docs["national.pdf"])
    for want in (*MOTTO, "BÁO CÁO", "Số: …/BC-V05", "Hà Nội, ngày 05 tháng 02 năm 2026", "Nơi nhận:"):
        assert want in text, want
    assert "Kết quả phong trào “Toàn dân bảo vệ an ninh Tổ quốc” năm 2024 trên toàn quốc" in text
    want = expected(conn, 2024, 2008, [])
    for k in ("festival_points", "participants", "commendations", "models_active", "model_sites"):
        assert vn(want[k]) in text, (k, vn(want[k]))
    having = conn.execute(  # provinces with any figure of 2024: detail rows or a report (independent SQL)
        """SELECT count(DISTINCT u.province_code) FROM admin_unit u WHERE u.units_system = 2008 AND EXISTS (
               SELECT 1 FROM (SELECT year, units_system, unit_code FROM festival_point
                              UNION ALL SELECT year, units_system, unit_code FROM commendation
                              UNION ALL SELECT year, units_system, unit_code FROM model_year
                              UNION ALL SELECT year, units_system, unit_code FROM exemplar
                              UNION ALL SELECT year, units_system, unit_code FROM report) f
               JOIN admin_unit a USING (units_system, unit_code)
               WHERE f.year = 2024 AND a.province_code = u.province_code AND a.units_system = 2008)"""
    ).fetchone()[0]
    assert 0 < having < 63  # the demo holds a province that sent nothing that year
    assert f"{having}/63 tỉnh, thành phố có số liệu năm 2024" in text
    assert "DỮ LIỆU MINH HỌA" in text


def test_province_pdf_says_what_the_store_holds(docs, conn):
    text = pdf_text(docs["province.pdf"])
    assert MOTTO[0] in text and MOTTO[1] in text
    assert "CÔNG AN TỈNH KHÁNH HÒA" in text and "Khánh Hòa, ngày 05 tháng 02 năm 2026" in text
    want = expected(conn, 2025, 2025, [PROVINCE_2025])
    assert f"tại {vn(want['festival_points'])} điểm" in text
    assert f"thu hút {vn(want['participants'])} lượt người tham gia" in text
    assert f"Có {vn(want['commendations'])} lượt tập thể, cá nhân được khen thưởng" in text
    assert "XẾP HẠNG XÃ, PHƯỜNG" in text


# ---------------------------------------------------------------- DOCX
@pytest.mark.parametrize("name", ["national.docx", "province.docx"])
def test_docx_layout(docs, name):
    d = Document(str(docs[name]))
    sec = d.sections[0]
    assert abs(sec.page_width.mm - 210) < 0.1 and abs(sec.page_height.mm - 297) < 0.1
    for side, mm in MARGINS_MM.items():
        assert abs(getattr(sec, f"{side}_margin").mm - mm) < 0.1, side
    assert sec.different_first_page_header_footer  # no number on page 1
    assert 'w:instrText xml:space="preserve">PAGE<' in sec.header._element.xml
    header = d.tables[0].rows[0].cells
    assert header[1].text.splitlines()[:2] == list(MOTTO)
    assert header[0].text.splitlines()[-1].startswith("Số: ")
    normal = d.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 13
    assert {p.style.name for p in d.paragraphs} >= {"Normal", "Heading 1", "Heading 2", "Caption"}
    assert len(d.inline_shapes) == 4  # three charts and the map


def test_national_docx_tables_hold_the_stores_numbers(docs, conn):
    path = docs["national.docx"]
    want = expected(conn, 2024, 2008, [])
    headline = table_titled(path, "Bảng 1.")
    assert headline[0] == ["Chỉ tiêu", "Năm 2023", "Năm 2024", "Tăng, giảm"]
    before = expected(conn, 2023, 2008, [])
    assert row(headline, "Số điểm tổ chức Ngày hội")[1:3] == [
        vn(before["festival_points"]),
        vn(want["festival_points"]),
    ]
    assert row(headline, "Số người tham gia")[2] == written(conn, "participants", 2024, 2008, [])
    assert row(headline, "Số lượt khen thưởng (tập thể + cá nhân)")[2] == vn(want["commendations"])
    assert row(headline, "Số mô hình đang hoạt động")[2] == vn(want["models_active"])
    assert row(table_titled(path, "Bảng 3."), "Cộng")[3] == vn(want["commendations"])
    ranking = table_titled(path, "Bảng 5.")
    points = figures.by_province(conn, "festival_points", 2024, 2008)
    assert len(ranking) == 1 + sum(v is not None for v in points.values())  # a province with no figure is not ranked
    assert [r[0] for r in ranking[1:4]] == ["1", "2", "3"]
    hanoi = row(ranking, "Thành phố Hà Nội")
    assert hanoi[4] == vn(points["01"])


def test_province_docx_tables_hold_the_stores_numbers(docs, conn):
    text, _ = docx_text(docs["province.docx"])
    want = expected(conn, 2025, 2025, [PROVINCE_2025])
    headline = table_titled(docs["province.docx"], "Bảng 1.")
    assert row(headline, "Số điểm tổ chức Ngày hội")[2] == vn(want["festival_points"])
    # Communes were merged on 1 July 2025: their counts are not compared with 2024.
    assert row(headline, "Số xã tổ chức Ngày hội")[1] == "–"
    communes = table_titled(docs["province.docx"], "Bảng 5.")
    assert communes[0][:2] == ["Hạng", "Đơn vị"] and 1 < len(communes) <= 16
    top = communes[1]
    got = conn.execute(
        """SELECT sum(participants) FROM festival_point f JOIN admin_unit u USING (units_system, unit_code)
           WHERE f.year = 2025 AND u.name = $n AND u.province_code = $p""",
        {"n": top[1], "p": PROVINCE_2025},
    ).fetchone()[0]
    assert top[3] == vn(got)


def test_english_version(docs, conn):
    text, tables = docx_text(docs["province_en.docx"])
    header = tables[0][0]
    assert header[1].splitlines()[:2] == ["SOCIALIST REPUBLIC OF VIETNAM", "Independence - Freedom - Happiness"]
    assert header[1].splitlines()[2] == "Khánh Hòa, 5 February 2026"
    assert "REPORT" in text and "ILLUSTRATIVE DATA" in text
    want = expected(conn, 2025, 2025, [PROVINCE_2025])
    assert f"held the festival at {want['festival_points']:,} points" in text


# ---------------------------------------------------------------- a province without figures
def test_a_province_without_figures_says_so(gap_docs, gap_db):
    with duckdb.connect(str(gap_db), read_only=True) as c:
        assert expected(c, 2025, 2025, [EMPTY_PROVINCE])["festival_points"] == 0
    text = pdf_text(gap_docs["empty.pdf"])
    assert MOTTO[0] in text and "BÁO CÁO" in text
    assert "Chưa có số liệu năm 2025 của Hà Nội" in text
    assert "chưa có số liệu: Thành phố Hà Nội" in text
    # No table of results, no chart, and no zero printed as a result.
    assert not re.search(r"Bảng \d|Biểu đồ \d|Bản đồ\.", text), text
    results = text.split("như sau:")[1].split("GHI CHÚ")[0]
    assert set(re.findall(r"\d+", results)) == {"2025"}, results
    d = Document(str(gap_docs["empty.docx"]))
    assert len(d.tables) == 2  # the header and the closing block only
    assert len(d.inline_shapes) == 0
    assert "Chưa có số liệu năm 2025 của Hà Nội" in "\n".join(p.text for p in d.paragraphs)


def test_national_completeness_note_names_the_missing_province(gap_docs, gap_db):
    text, _ = docx_text(gap_docs["national.docx"])
    assert "Mức độ đầy đủ: 33/34 tỉnh, thành phố có số liệu năm 2025; chưa có số liệu: Thành phố Hà Nội." in text
    ranking = table_titled(gap_docs["national.docx"], "Bảng 5.")
    assert len(ranking) == 1 + 33 and all(r[1] != "Thành phố Hà Nội" for r in ranking)


# ---------------------------------------------------------------- command line
def test_bad_input_ends_with_one_line(demo_db, tmp_path):
    out = tmp_path / "x.pdf"
    for args, want in (
        (("--year", "2030", "--format", "pdf"), "Năm 2030 nằm ngoài dữ liệu"),
        (("--year", "2025", "--units", "2008", "--format", "pdf"), "chỉ dùng cho các năm đến 2024"),
        (("--year", "2024", "--province", "99", "--format", "docx"), "Mã tỉnh '99'"),
    ):
        r = briefing(demo_db, out, *args)
        assert r.returncode == 2, r
        assert r.stderr.startswith("Lỗi: ") and want in r.stderr and "Traceback" not in r.stderr, r.stderr
        assert not out.exists()


def test_date_line_pads_as_the_decree_says():
    from antq.briefing.content import date_line

    assert date_line("Hà Nội", dt.date(2026, 2, 5), "vi") == "Hà Nội, ngày 05 tháng 02 năm 2026"
    assert date_line("Hà Nội", dt.date(2026, 12, 25), "vi") == "Hà Nội, ngày 25 tháng 12 năm 2026"
    assert date_line("Hà Nội", dt.date(2026, 3, 9), "vi") == "Hà Nội, ngày 09 tháng 3 năm 2026"


# ---------------------------------------------------------------- the button, in a real browser
@pytest.mark.browser
def test_download_from_the_sidebar_follows_the_filters(demo_db, conn, browser, tmp_path):
    want = expected(conn, 2024, 2008, ["01"])
    outside: list[str] = []
    errors: list[str] = []
    with e2e.Server("app.py", db=demo_db, log=tmp_path / "streamlit.log") as srv:
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
        try:
            context.on("request", lambda r: None if e2e.is_local_url(r.url) else outside.append(r.url))
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"{srv.url}/?year=2024&units=2008&province=01")
            page.wait_for_function(e2e.JS_IDLE, timeout=90_000, polling=100)
            sidebar = page.get_by_test_id("stSidebar")
            assert "Tải báo cáo" in sidebar.inner_text()
            with page.expect_download(timeout=180_000) as dl:
                sidebar.get_by_role("button", name=re.compile("PDF")).click()
            d = dl.value
            assert d.suggested_filename == "antq_bao-cao_2024_01_63-tinh.pdf"
            path = tmp_path / d.suggested_filename
            d.save_as(path)
        finally:
            context.close()
    assert path.read_bytes()[:5] == b"%PDF-"
    text = pdf_text(path)
    assert MOTTO[0] in text and "CÔNG AN THÀNH PHỐ HÀ NỘI" in text
    assert "năm 2024 trên địa bàn Hà Nội" in text
    assert f"tại {vn(want['festival_points'])} điểm" in text
    assert f"thu hút {vn(want['participants'])} lượt người tham gia" in text
    assert not outside, outside
    assert not errors, errors
