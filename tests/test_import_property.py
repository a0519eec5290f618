"""Random cells and shapes thrown at the importer: it never raises, and a rejected file never
changes the data."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antq import db, i18n
from antq.importer import load, spec

from .import_helpers import audit_rows, checksums, communes, csv_text, xlsx

_KH = communes("56", 2008)
_CODES = _KH["Mã đơn vị"].head(20).to_list() + ["99999", "01", "0", "", " 26734 "]
_NAMES = _KH["Tên đơn vị"].head(10).to_list() + ["Xã Tân Lập", "xa khong co"]
_VOCAB = [
    v
    for col in ("venue_kind", "award", "recipient_kind", "category", "status")
    for v in i18n.value_labels(col).values()
]
_HEADERS = sorted({c.label for k in spec.KINDS for c in spec.COLUMNS[k]}) + ["Ghi chú", "Year", "năm", ""]

cells = st.one_of(
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.integers(min_value=2000, max_value=2030),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)),
    st.sampled_from(_CODES + _NAMES + _VOCAB + ["Có", "Không", "x", "1.250", "2,5", "=1+1", "-", "31/02/2024"]),
    st.text(max_size=12),
)


@st.composite
def files(draw):
    kind = draw(st.sampled_from(spec.KINDS))
    labels = [c.label for c in spec.COLUMNS[kind]]
    header = draw(
        st.one_of(
            st.just(labels),
            st.permutations(labels),
            st.lists(st.sampled_from(_HEADERS), max_size=10),
            st.none(),
        )
    )
    width = draw(st.integers(0, 18))
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=width), max_size=6))
    fmt = draw(st.sampled_from(["xlsx", "csv", "csv;", "bytes"]))
    if fmt == "bytes":
        return draw(st.binary(max_size=300)), draw(st.sampled_from(["x.xlsx", "x.csv", "x"]))
    above = draw(st.lists(st.lists(cells, max_size=4), max_size=2))
    if fmt == "xlsx":
        sheet = draw(st.sampled_from([spec.DATA_SHEET, "Sheet1"]))
        return xlsx(rows, header, sheet=sheet, above=above, start_col=draw(st.integers(0, 2))), "x.xlsx"
    text = csv_text(above + rows, header, ";" if fmt == "csv;" else ",")
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig"]))), "x.csv"


_DB: dict[str, Path] = {}


def _store() -> tuple[Path, Path]:
    """One empty database per test process (hypothesis calls the test many times)."""
    if "path" not in _DB:
        d = Path(tempfile.mkdtemp(prefix="antq-prop-"))
        _DB["path"] = db.build(d / "p.duckdb", empty=True)
        _DB["archive"] = d / "archive"
    return _DB["path"], _DB["archive"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files(), st.booleans())
def test_random_files_never_crash_and_rejections_change_nothing(f, replace):
    data, name = f
    path, archive = _store()
    before = checksums(path)
    n_audit = len(audit_rows(path))
    res = load.import_bytes(data, name, db_path=path, archive=archive, replace=replace)
    assert res.outcome in ("loaded", "replaced", "unchanged", "rejected")
    audit = audit_rows(path)
    assert len(audit) == n_audit + 1 and audit[-1]["outcome"] == res.outcome
    if res.outcome in ("rejected", "unchanged"):
        assert checksums(path) == before
    if res.outcome == "rejected":
        assert res.problems.filter(res.problems["severity"] == "error").height >= 1
        assert all(res.problems["message"].is_not_null()) and all(res.problems["fix"].is_not_null())
    else:
        assert (archive / f"{load.sha256(data)}{Path(name).suffix.lower() or '.bin'}").read_bytes() == data
