"""Extraction on real published documents (issue 26): every field at or above the figure recorded in
docs/documents.md on the hand-labelled corpus of tests/fixtures/documents/real/, never below the
plain regular-expression baseline (tests/doc_measure.py) on the fields it reads, and the figures of
the 180 real-figures sentences (../shared/real-figures, read in place) with the right indicator.
The labels are a reader's, each from the text alone; the measure is in tests/doc_measure.py."""

from __future__ import annotations

import pytest

from antq.documents.extract import extract
from tests import doc_measure as measure
from tests.conftest import unavailable

# (found, stated, at most this many wrong or extra values) as measured on 2026-12-07; a change that
# loses one fails here. Development corpus (36 texts), the held-out fifth (9) and the blind sets (14).
RECORDED = {
    "dev": {
        "number": (7, 7, 0),
        "kind": (36, 36, 0),
        "issuer": (12, 13, 0),
        "level": (22, 31, 0),
        "province": (13, 13, 0),
        "date": (8, 8, 0),
        "year": (28, 30, 0),
        "parents": (2, 2, 0),
        "festival_window": (12, 12, 0),
    },
    "holdout": {
        "number": (3, 3, 0),
        "kind": (9, 9, 0),
        "issuer": (4, 4, 0),
        "level": (9, 9, 0),
        "province": (4, 4, 1),
        "date": (2, 2, 0),
        "year": (7, 7, 0),
        "parents": (2, 2, 0),
        "festival_window": (2, 2, 0),
    },
    # labelled before the extractor first ran on them (docs/documents.md gives that first run)
    "blind": {
        "number": (3, 3, 0),
        "kind": (14, 14, 0),
        "issuer": (4, 4, 0),
        "level": (13, 14, 0),
        "province": (4, 4, 1),
        "date": (3, 3, 0),
        "year": (7, 7, 0),
        "parents": (1, 1, 0),
        "festival_window": (3, 3, 0),
    },
}
# Real-figures sentences: found with the right indicator and value / labelled, right / given.
RECORDED_FIGURES = {"found": 105, "labelled": 112, "correct": 105, "extracted": 109}


@pytest.fixture(scope="module")
def corpus():
    return {split: measure.corpus_scores(split) for split in RECORDED}


@pytest.mark.parametrize("split", sorted(RECORDED))
def test_every_field_at_its_recorded_figure(corpus, split):
    ext, _ = corpus[split]
    for f, (found, stated, false) in RECORDED[split].items():
        s = ext[f]
        assert s.stated == stated, f"{split} {f}: the labels changed ({s.stated} stated, {stated} recorded)"
        assert s.found >= found, f"{split} {f}: {s.found}/{stated} < {found}/{stated}; misses: {s.misses}"
        assert s.false <= false, f"{split} {f}: {s.false} wrong or extra values > {false}; {s.misses}"


def test_targets_of_issue_26_on_the_development_corpus(corpus):
    ext, _ = corpus["dev"]
    assert ext["number"].pct() >= 95
    assert ext["parents"].pct() >= 90


@pytest.mark.parametrize("split", ["dev", "holdout", "blind", "seeds"])
def test_never_worse_than_the_regex_baseline(corpus, split):
    ext, base = measure.seed_scores() if split == "seeds" else corpus[split]
    for f in ("number", "parents"):
        assert ext[f].found >= base[f].found, f"{split} {f}: extractor {ext[f].found} < baseline {base[f].found}"
        assert ext[f].false <= base[f].false, f"{split} {f}: extractor gives more wrong values than the baseline"


def test_the_baseline_is_what_issue_26_describes():
    b = measure.baseline("Thực hiện Kế hoạch số 178/KH-BCĐ, UBND tỉnh ban hành Kế hoạch số 45/KH-UBND.")
    assert b["number"] == "178/KH-BCĐ" and b["parents"] == ["45/KH-UBND"]  # first token is "own": its flaw


def test_real_figures_with_the_right_indicator():
    if not measure.real_figures_available():
        unavailable(f"Không có {measure.REAL_FIGURES} (đặt ANTQ_REAL_FIGURES)")
    s = measure.score_figures(measure.figure_labels(), measure.extractor_figures)
    assert s.labelled == RECORDED_FIGURES["labelled"]
    assert s.found >= RECORDED_FIGURES["found"], s.misses
    assert s.extracted - s.correct <= RECORDED_FIGURES["extracted"] - RECORDED_FIGURES["correct"], s.wrong
    assert s.recall() >= 85 and s.precision() >= 85
    assert s.qualifier_right == s.found  # "hơn" stays "hơn", "trên" stays "trên"


# ---------------------------------------------------------------- the shapes issue 26 names
def test_news_item_announcing_a_plan():
    x = extract(
        "UBND tỉnh Thanh Hóa vừa ban hành Kế hoạch số 128/KH-UBND về tổ chức “Ngày hội toàn dân bảo vệ "
        "an ninh Tổ quốc” năm 2024 trên địa bàn tỉnh."
    )
    assert (x.kind, x.number, x.issuer, x.level, x.province, x.year) == (
        "plan",
        "128/KH-UBND",
        "UBND tỉnh Thanh Hóa",
        "province",
        "Thanh Hóa",
        2024,
    )


@pytest.mark.parametrize("number", ["45/KH-BCĐ799", "124/2021/TT-BCA", "6519/UBND-NC", "12/HD-BCA-V05"])
def test_numbers_with_unusual_suffixes_kept_whole(number):
    x = extract(f"Ngày 7/8/2023, UBND tỉnh Nghệ An ban hành Công văn số {number} về việc tổ chức điểm Ngày hội.")
    assert x.number == number and x.date.isoformat() == "2023-08-07"


def test_several_parents_in_one_sentence():
    x = extract(
        "KẾ HOẠCH\nTổ chức Ngày hội năm 2024\n"
        "Thực hiện Kế hoạch số 178/KH-BCĐ ngày 05/4/2024 của Ban Chỉ đạo Trung ương và Hướng dẫn số "
        "12/HD-BCA-V05 của Cục V05; xét Tờ trình số 99/TTr-CAH, Ban Chỉ đạo huyện ban hành kế hoạch.\n"
    )
    assert x.parents == ["178/KH-BCĐ", "12/HD-BCA-V05"]  # not the submission after "xét"
    news = extract(
        "Công an tỉnh hướng dẫn tổ chức Ngày hội theo Kế hoạch số 178/KH-BCĐ ngày 05/4/2023 của Ban chỉ đạo "
        "Trung ương và Kế hoạch số 221/KH-UBND ngày 31/3/2023 của UBND tỉnh."
    )
    assert news.parents == ["178/KH-BCĐ", "221/KH-UBND"]


def test_a_field_not_in_the_text_stays_empty():
    x = extract("Tối 17-8, huyện Thuận Bắc tổ chức Ngày hội “Toàn dân bảo vệ an ninh Tổ quốc”.")
    # no year anywhere: the day cannot be dated, the year is not guessed
    assert x.year is None and x.festival_window is None and x.number is None and x.issuer is None
    assert x.kind == "news" and x.level == "district"


def test_ambiguous_readings_are_marked_for_review():
    x = extract("UBND thành phố vừa ban hành Kế hoạch 45/KH-BCĐ799 về việc tổ chức Ngày hội năm 2024.")
    assert x.level == "province" and [f for f, _ in x.review] == ["level"]
    # "lượt người tham gia" is both a festival and a propaganda figure: the first-named activity decides
    j = extract(
        "Công an tổ chức tuyên truyền trước và trong dịp Ngày hội với hơn 12.000.000 lượt người tham gia."
    ).as_json()
    assert [(f["indicator"], f["qualifier_text"], f["review"]) for f in j["figures"]] == [
        ("mob_participants", "hơn", None)
    ]
    # two issuers in one commendation sentence: no figure rather than a guess
    assert extract("Công an TPHCM và UBND xã Kim Long trao giấy khen cho 3 tập thể và 9 cá nhân.").figures == []


def test_an_ambiguous_figure_is_not_saved_unseen(writable_db, tmp_path):
    """`documents add --yes` saves what was read but leaves out a figure whose sentence allows two
    readings ("500 tin": tips the people gave, or news items the press ran?), saying so; checked
    against the database file with its own SQL."""
    import subprocess
    import sys

    import duckdb

    text = (
        "CÔNG AN TỈNH KHÁNH HÒA\nSố: 77/BC-CAT\nKhánh Hòa, ngày 20 tháng 8 năm 2024\nBÁO CÁO\n"
        "Kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2024\n"
        "Toàn tỉnh có 4.351 tổ bảo vệ ANTT ở cơ sở.\n"
        "Người dân cung cấp và báo chí đăng 500 tin.\n"
    )
    x = extract(text)
    (teams, tips) = x.figures
    assert (teams.indicator, teams.value, teams.review) == ("security_teams", 4351, "")
    assert tips.value == 500 and tips.indicator in ("tips_received", "mob_media_items") and tips.review
    path = tmp_path / "bao-cao.txt"
    path.write_text(text, encoding="utf-8")
    env = {"ANTQ_DB": str(writable_db), "ANTQ_ARCHIVE_DIR": str(tmp_path / "arch")}
    import os

    r = subprocess.run(
        [sys.executable, "-m", "antq", "documents", "add", str(path), "--yes"],
        capture_output=True,
        text=True,
        cwd=measure.REPO,
        env={**os.environ, **env},
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert "cần xem lại" in r.stderr and "500 tin" in r.stderr
    with duckdb.connect(str(writable_db), read_only=True) as c:
        rows = c.execute(
            "SELECT f.indicator, f.value FROM document_figure f JOIN document d USING (document_id) "
            "WHERE d.number = '77/BC-CAT' ORDER BY 1"
        ).fetchall()
    assert rows == [("security_teams", 4351)]


@pytest.mark.parametrize(
    ("header", "want"),
    [
        # both columns of the header read as one line (a PDF's text layer, a DOCX table flattened)
        (
            "UBND TỈNH THANH HÓA          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "BAN CHỈ ĐẠO 138                    Độc lập - Tự do - Hạnh phúc\n"
            "Số: 128/KH-BCĐ                     Thanh Hóa, ngày 10 tháng 6 năm 2024\n",
            ("128/KH-BCĐ", "BAN CHỈ ĐẠO 138", "province", "Thanh Hóa", "2024-06-10"),
        ),
        # a web portal's table ("| … |"), the body's name on two lines
        (
            "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nTỈNH BẾN TRE | Độc lập - Tự do - Hạnh phúc |\n"
            "Số: 7822/KH-UBND | Bến Tre, ngày 26 tháng 11 năm 2021 |\n",
            ("7822/KH-UBND", "ỦY BAN NHÂN DÂN TỈNH BẾN TRE", "province", "Bến Tre", "2021-11-26"),
        ),
        # a district police plan under its People's Committee: the district found from the header
        (
            "UBND HUYỆN CHI LĂNG\nCÔNG AN HUYỆN\nSố: 12/KH-CAH\nChi Lăng, ngày 01 tháng 8 năm 2023\n",
            ("12/KH-CAH", "CÔNG AN HUYỆN", "district", "Lạng Sơn", "2023-08-01"),
        ),
    ],
)
def test_header_block_variants(header, want):
    x = extract(header + "KẾ HOẠCH\nTổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc\n")
    got = (x.number, x.issuer, x.level, x.province, x.date.isoformat() if x.date else None)
    assert (x.kind, got) == ("plan", want)


def test_other_announcing_verbs_and_window_forms():
    x = extract(
        "UBND tỉnh Quảng Ninh vừa có Công văn số 1234/UBND-NC ngày 5/6/2024 về việc tổ chức Ngày hội toàn dân "
        "bảo vệ an ninh Tổ quốc năm 2024."
    )
    assert (x.kind, x.number, x.issuer, x.date.isoformat()) == (
        "directive",
        "1234/UBND-NC",
        "UBND tỉnh Quảng Ninh",
        "2024-06-05",
    )
    plan = "KẾ HOẠCH\nTổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2024\n"
    written = extract(plan + "III. THỜI GIAN\nTừ ngày 01 tháng 7 đến ngày 19 tháng 8 năm 2024.\n")
    assert written.festival_window == {"start": "2024-07-01", "end": "2024-08-19"}
    # a reporting period is not the festival's window
    period = "Số liệu tính từ ngày 15/12/2023 đến ngày 14/6/2024.\n"
    dashed = extract(plan + period + "Ngày hội diễn ra từ 15/7 - 19/8/2024.\n")
    assert dashed.festival_window == {"start": "2024-07-15", "end": "2024-08-19"}


def test_the_review_shows_the_qualifier_as_written():
    from antq.documents import registry
    from antq.documents.service import as_written

    x = extract("Toàn quốc có trên 5.800 điểm cấp cơ sở xã, phường, thị trấn tổ chức ngày hội.")
    (f,) = registry.Review.from_extraction(x).figures
    assert (f["qualifier"], f["qualifier_text"]) == ("at_least", "trên")
    # the value the reviewer sees and may correct: "trên 5.800", not "hơn 5.800"
    assert as_written(f["value"], f["qualifier"], "vi", f["qualifier_text"]) == "trên 5.800"


def test_each_figure_carries_the_unit_level_and_period_its_sentence_gives():
    j = extract(
        "Toàn quốc có trên 5.800 điểm cấp cơ sở xã, phường, thị trấn tổ chức ngày hội năm 2022. "
        "Từ đầu năm đến nay, Công an huyện Đăk Hà đã tổ chức 188 buổi tuyên truyền. "
        "Nhân Ngày hội, 100 phần quà được trao cho người dân."
    ).as_json()
    assert [(f["indicator"], f["unit_level"], f["period"]) for f in j["figures"]] == [
        ("fest_points_commune", "central", "năm 2022"),
        ("mob_sessions", "district", "Từ đầu năm đến nay"),
        ("fest_gift_packages", None, None),  # not in the sentence: left to the document's own
    ]


def test_a_share_reported_as_done_is_not_a_target():
    done = "Thành phố Bắc Kạn: 100% xã, phường trên địa bàn tổ chức “Ngày hội toàn dân bảo vệ ANTQ”."
    assert extract(done).kind == "news" and extract(done).targets == []
    plan = "KẾ HOẠCH\nTổ chức Ngày hội năm 2025\nPhấn đấu 100% xã, phường tổ chức “Ngày hội toàn dân bảo vệ ANTQ”.\n"
    assert [(t["indicator"], t["value"]) for t in extract(plan).targets] == [("fest_communes_held", 100)]


def test_a_tight_hyphen_names_the_same_province():
    from antq.documents import places

    for written in ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu", "bà rịa  -vũng tàu"):
        assert places.province(written, 2024).province_code == "77"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Công an phường An Tường đã tiếp nhận 04 khẩu súng do người dân giao nộp.", "commune"),
        ("Lực lượng Công an thành phố Bắc Kạn đã chủ động tham mưu cấp ủy.", "district"),  # a provincial town
        ("UBND thành phố Hà Nội đã khen thưởng các tập thể.", "province"),  # a central city
        ("Lãnh đạo Công an tỉnh đã trao Bằng khen cho xã Hồng Quang.", None),  # no named body: not guessed
    ],
)
def test_a_news_item_level_from_the_body_whose_results_it_reports(text, level):
    assert extract(text).level == level
