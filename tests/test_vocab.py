"""One vocabulary: the unit-system rule and every category list live in antq/vocab, and the store's
CHECKs, the SQL macros the queries call and the Python code all agree with it.

The store is asked directly (its constraints, its macros, rows it accepts or refuses), never through
the Python code under test."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from antq import db, i18n
from antq.vocab import categories, report_years, unit_systems

from .conftest import REPO

YEARS = range(report_years.FIRST_REPORT_YEAR, report_years.FIRST_REPORT_YEAR + 60)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("vocab") / "v.duckdb"
    db.build(path, empty=True)
    c = duckdb.connect(str(path))
    c.execute("INSERT INTO data_source VALUES (1, 'imported', 'test', NULL, NULL, now(), NULL, NULL)")
    c.execute("INSERT INTO model VALUES ('M0', 'x', 'other', 2020, 1)")  # for model_year rows
    yield c
    c.close()


def accepts(conn, sql: str, params: list) -> bool:
    """Whether the store takes the row; nothing is kept either way."""
    conn.execute("BEGIN TRANSACTION")
    try:
        conn.execute(sql, params)
        return True
    except duckdb.ConstraintException:
        return False
    finally:
        conn.execute("ROLLBACK")


def base_unit(conn, system: int) -> str:
    return conn.execute(
        "SELECT min(unit_code) FROM admin_unit WHERE units_system = ? AND is_base", [system]
    ).fetchone()[0]


def test_sql_rule_equals_python_rule_for_every_year(store):
    rows = store.execute(
        "SELECT y, units_system_of(y), s, year_in_view(y, s) FROM range(?, ?) t(y), unnest(unit_systems()) u(s)",
        [YEARS.start, YEARS.stop],
    ).fetchall()
    assert len(rows) == len(YEARS) * len(unit_systems.SYSTEMS)
    for y, system, units, shown in rows:
        assert system == unit_systems.system_for_year(y), y
        assert shown == unit_systems.year_in_view(y, units), (y, units)
    # The rule as the issue states it, independently of the module's own constants.
    assert {y: s for y, s, _, _ in rows if y in (2024, 2025)} == {2024: 2008, 2025: 2025}
    assert store.execute("SELECT latest_units_system(), unit_systems()").fetchone() == (
        unit_systems.LATEST_SYSTEM,
        list(unit_systems.SYSTEMS),
    )


@pytest.mark.parametrize("name", list(categories.SCHEMA_CHECKED))
def test_sql_vocabulary_equals_python_vocabulary(store, name):
    assert store.execute(f"SELECT {name}_codes()").fetchone()[0] == list(categories.SCHEMA_CHECKED[name].codes)


def test_schema_checks_call_the_vocabulary_and_never_repeat_it(store):
    checks = store.execute(
        "SELECT table_name, expression FROM duckdb_constraints() WHERE constraint_type = 'CHECK'"
    ).fetchall()
    assert checks
    for table, expr in checks:
        assert not re.search(r"\b(2008|2024|2025)\b", expr), (table, expr)  # the rule is called, not written
        assert not re.search(r"IN \('", expr), (table, expr)  # no category list written out
    units_checks = [t for t, e in checks if "units_system_of" in e]
    # Every fact table, and every document table with a unit, checks its unit system by the rule.
    assert {"commendation", "exemplar", "festival_point", "model_year", "document", "document_figure"} <= set(
        units_checks
    )


@pytest.mark.parametrize("year", [unit_systems.LAST_OLD_SYSTEM_YEAR, unit_systems.FIRST_NEW_SYSTEM_YEAR])
@pytest.mark.parametrize("system", unit_systems.SYSTEMS)
def test_store_takes_a_fact_only_in_its_years_system(store, year, system):
    ok = accepts(
        store,
        "INSERT INTO commendation VALUES (?, ?, ?, 'bang_khen_tinh', 'collective', 1, 1)",
        [year, system, base_unit(store, system)],
    )
    assert ok == (unit_systems.system_for_year(year) == system)


def _rows(conn):
    """For each checked column, an INSERT with one placeholder for the code and the vocabulary."""
    y = unit_systems.FIRST_NEW_SYSTEM_YEAR
    s = unit_systems.system_for_year(y)
    unit = base_unit(conn, s)
    return {
        ("festival_point", "venue_kind"): (
            f"INSERT INTO festival_point VALUES (1, {y}, {s}, '{unit}', DATE '{y}-08-01', ?, NULL, false, 10, NULL,"
            " true, true, true, true, 0, 0, NULL, 1)",
            categories.VENUE_KINDS,
        ),
        ("commendation", "award"): (
            f"INSERT INTO commendation VALUES ({y}, {s}, '{unit}', ?, 'individual', 1, 1)",
            categories.AWARDS,
        ),
        ("commendation", "recipient_kind"): (
            f"INSERT INTO commendation VALUES ({y}, {s}, '{unit}', 'bang_khen_tinh', ?, 1, 1)",
            categories.RECIPIENT_KINDS,
        ),
        ("model", "category"): ("INSERT INTO model VALUES ('M1', 'x', ?, 2020, 1)", categories.MODEL_CATEGORIES),
        ("model_year", "status"): (
            f"INSERT INTO model_year VALUES ('M0', {y}, {s}, '{unit}', ?, 1, 1)",
            categories.MODEL_STATUSES,
        ),
        ("exemplar", "field"): (
            f"INSERT INTO exemplar VALUES ({y}, {s}, '{unit}', 'collective', ?, 1, 1)",
            categories.EXEMPLAR_FIELDS,
        ),
        ("data_source", "kind"): (
            "INSERT INTO data_source VALUES (9, ?, 'x', NULL, NULL, now(), NULL, NULL)",
            categories.SOURCE_KINDS,
        ),
        ("import_audit", "kind"): (
            "INSERT INTO import_audit VALUES (1, now(), 'f', 'h', 1, ?, NULL, NULL, 0, 'rejected', 0, 0, NULL, NULL,"
            " 'cli', NULL)",
            categories.IMPORT_KINDS,
        ),
        ("import_audit", "outcome"): (
            "INSERT INTO import_audit VALUES (1, now(), 'f', 'h', 1, NULL, NULL, NULL, 0, ?, 0, 0, NULL, NULL,"
            " 'cli', NULL)",
            categories.IMPORT_OUTCOMES,
        ),
    }


def test_store_takes_every_code_of_a_vocabulary_and_nothing_else(store):
    for (table, column), (sql, vocab) in _rows(store).items():
        for code in vocab.codes:
            assert accepts(store, sql, [code]), (table, column, code)
        assert not accepts(store, sql, ["not_a_code"]), (table, column)


def test_only_individuals_receive_an_individual_only_award(store):
    y = unit_systems.FIRST_NEW_SYSTEM_YEAR
    s = unit_systems.system_for_year(y)
    sql = f"INSERT INTO commendation VALUES ({y}, {s}, '{base_unit(store, s)}', ?, ?, 1, 1)"
    for award in categories.INDIVIDUAL_ONLY_AWARDS:
        assert accepts(store, sql, [award, "individual"])
        assert not accepts(store, sql, [award, "collective"])


def test_queries_call_the_rule_instead_of_writing_it():
    for path in sorted(Path(REPO, "queries").glob("*.sql")):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            assert not re.search(r"\b(2008|2024|2025)\b", line), f"{path.name}:{n}: {line}"


def test_labels_come_from_the_vocabulary():
    for column, vocab in categories.BY_COLUMN.items():
        for code, (vi, en) in vocab.labels.items():
            assert (i18n.value(column, code, "vi"), i18n.value(column, code, "en")) == (vi, en)
    for system, (vi, en) in unit_systems.SYSTEM_LABELS.items():
        assert i18n.value("units", system, "vi") == vi and i18n.value("units", system, "en") == en


def test_document_code_lists_agree_with_the_vocabulary():
    # Until antq/documents reads antq.vocab.categories directly, its own lists must not drift from it.
    from antq.documents import extract, registry, service

    assert tuple(extract.KINDS) == categories.DOCUMENT_KINDS.codes
    assert set(extract.DOC_LEVELS) == set(categories.DOCUMENT_LEVELS.codes)
    assert tuple(registry.REVIEWS) == categories.FIGURE_REVIEWS.codes
    assert service.KIND_LABELS == categories.DOCUMENT_KINDS.labels
    assert service.LEVEL_LABELS == categories.DOCUMENT_LEVELS.labels
    assert service.VALUE_LABELS["origin"] == categories.DOCUMENT_ORIGINS.labels
