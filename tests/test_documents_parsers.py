"""Property tests of the Vietnamese number and date parsers (antq/vietnamese_numbers.py, antq/documents/dates.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from antq import vietnamese_numbers as numbers
from antq.documents import dates


def vi_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_dots(n):
    assert numbers.parse(vi_int(n)) == numbers.Number(n, "exact")


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_decimal_comma(n, frac):
    text = f"{vi_int(n)},{frac:02d}"
    assert numbers.parse(text).value == pytest.approx(n + frac / 100)


@given(
    st.sampled_from([("hơn", "at_least"), ("trên", "at_least"), ("gần", "just_under"), ("khoảng", "about")]),
    st.integers(min_value=1, max_value=10**7),
)
def test_approximations(word_code, n):
    word, code = word_code
    assert numbers.parse(f"{word} {vi_int(n)}") == numbers.Number(n, code)
    assert numbers.parse(f"{word.capitalize()} {vi_int(n)}").qualifier == code


@given(st.integers(min_value=1, max_value=999), st.sampled_from([("nghìn", 10**3), ("triệu", 10**6), ("tỷ", 10**9)]))
def test_scale_words(n, scale):
    word, mult = scale
    assert numbers.parse(f"gần {n} {word}") == numbers.Number(n * mult, "just_under")


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6), st.integers(1, 100))
def test_ratio_with_percent(a, b, pct):
    x, y = min(a, b), max(a, b)
    num, den = numbers.parse_ratio(f"{vi_int(x)}/{vi_int(y)} (trên {pct}%)")
    assert (num.value, den.value) == (x, y)
    if x < y:
        with pytest.raises(ValueError):
            numbers.parse_ratio(f"{vi_int(y)}/{vi_int(x)}")


def test_ratio_example_of_the_issue():
    assert numbers.parse_ratio("845/879 (trên 96%)") == (numbers.Number(845, "exact"), numbers.Number(879, "exact"))


@given(st.text(alphabet="abcdefghiklmnopqrstuvxyàáạảãđêôơư ", min_size=1, max_size=20))
def test_words_are_not_numbers(text):
    with pytest.raises(ValueError):
        numbers.parse(text)


@pytest.mark.parametrize("text", ["1.23", "12.3456", "1,234,567", "1..000", "nhiều", "", "-5", "5 người", "hơn"])
def test_malformed_numbers_refused(text):
    with pytest.raises(ValueError):
        numbers.parse(text)


@given(st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_written_and_numeric_dates(d):
    assert dates.parse(f"ngày {d.day} tháng {d.month} năm {d.year}") == d
    assert dates.parse(f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}") == d
    assert dates.parse(f"{d.day}/{d.month}/{d.year}") == d
    assert dates.parse(f"{d.day:02d}-{d.month:02d}-{d.year}") == d
    assert dates.parse(f"ngày {d.day}/{d.month}", year=d.year) == d


def test_the_issue_example_and_finding_dates():
    assert dates.parse("ngày 11 tháng 8 năm 2023") == dt.date(2023, 8, 11)
    found = list(dates.find("Khánh Hòa, ngày 13 tháng 5 năm 2024 ... Kế hoạch số 172/KH-BCĐ ngày 01/4/2024"))
    assert [f.date for f in found] == [dt.date(2024, 5, 13), dt.date(2024, 4, 1)]
    assert list(dates.find("Quốc khánh 2/9")) == []


@pytest.mark.parametrize("text", ["ngày 31 tháng 2 năm 2023", "32/1/2024", "11/13/2023", "ngày 11/8", "tháng 8", "abc"])
def test_impossible_or_incomplete_dates_refused(text):
    with pytest.raises(ValueError):
        dates.parse(text)
