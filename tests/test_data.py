"""The store: registries, crosswalk, schema constraints, the illustrative dataset, the queries."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil

import duckdb
import polars as pl
import pytest

from antq import db, demo, queries, service, transforms
from antq.selection import check
from antq.units import ARCHIPELAGOS, registry


def sel(conn, year, units=2025, provinces=()):
    return check(year, units, provinces, years=service.available_years(conn))


# ------------------------------------------------------------------ registries and crosswalk
def test_province_counts_per_system(conn):
    n = dict(conn.execute("SELECT units_system, count(*) FROM admin_unit WHERE level='province' GROUP BY 1").fetchall())
    assert n == {2008: 63, 2025: 34}
    assert service.summary(conn, sel(conn, 2024, 2008))["provinces"] == 63
    assert service.summary(conn, sel(conn, 2025, 2025))["provinces"] == 34
    assert service.summary(conn, sel(conn, 2024, 2025))["provinces"] == 34


def test_base_unit_counts(conn):
    n = dict(conn.execute("SELECT units_system, count(*) FROM admin_unit WHERE is_base GROUP BY 1").fetchall())
    assert n[2025] == 3321
    # 10,035 communes plus the five island districts that had no communes
    assert n[2008] == 10040


def test_province_crosswalk_is_whole_province_merges(conn):
    rows = conn.execute("SELECT old_province_code, new_province_code FROM province_crosswalk").fetchall()
    old = [r[0] for r in rows]
    assert len(old) == len(set(old)) == 63
    assert len({r[1] for r in rows}) == 34
    # every commune of an old province lands in a new commune of that province's new province
    bad = conn.execute(
        """SELECT count(*) FROM commune_crosswalk c
           JOIN admin_unit o ON o.units_system = 2008 AND o.unit_code = c.old_unit_code
           JOIN admin_unit n ON n.units_system = 2025 AND n.unit_code = c.new_unit_code
           JOIN province_crosswalk p ON p.old_province_code = o.province_code
           WHERE p.new_province_code <> n.province_code"""
    ).fetchall()[0][0]
    assert bad == 0


def test_commune_crosswalk_keeps_splits_and_shares_sum_to_one(conn):
    cw = pl.from_arrow(conn.sql("SELECT * FROM commune_crosswalk").to_arrow_table())
    sums = cw.group_by("old_unit_code").agg(pl.col("share").sum())
    assert sums.height == 10040
    assert (sums["share"] - 1).abs().max() < 1e-9
    assert cw["new_unit_code"].n_unique() == 3321
    divided = cw.filter(pl.col("is_divided"))["old_unit_code"].n_unique()
    assert divided > 400  # the package records ~470 divided communes


def test_archipelagos_belong_to_da_nang_and_khanh_hoa(conn):
    for arch in ARCHIPELAGOS.values():
        for system, codes in arch["units"].items():
            for code in codes:
                prov, is_arch, lat, lon = conn.execute(
                    "SELECT province_code, is_archipelago, lat, lon FROM admin_unit"
                    " WHERE units_system=? AND unit_code=?",
                    [system, code],
                ).fetchall()[0]
                assert prov == arch["province"], (arch["name"], system, code)
                assert is_arch
                assert lon > 111  # on the islands, not on the mainland (the package's legacy rows)
    names = dict(
        conn.execute("SELECT unit_code, name FROM admin_unit WHERE units_system=2025 AND level='province'").fetchall()
    )
    assert names["48"] == "Thành phố Đà Nẵng" and names["56"] == "Tỉnh Khánh Hòa"
    # Hoàng Sa has a base unit in both systems and crosswalks to the new special zone
    assert conn.execute("SELECT new_unit_code FROM commune_crosswalk WHERE old_unit_code='498'").fetchall() == [
        ("20333",)
    ]
    tsa = conn.execute(
        "SELECT DISTINCT new_unit_code FROM commune_crosswalk WHERE old_unit_code IN ('22736','22737','22739')"
    ).fetchall()
    assert tsa == [("22736",)]


# ------------------------------------------------------------------ the two systems agree
@pytest.mark.parametrize("year", [2019, 2020, 2021, 2022, 2023, 2024])
def test_old_years_total_the_same_in_both_systems(conn, year):
    old = service.summary(conn, sel(conn, year, 2008))
    new = service.summary(conn, sel(conn, year, 2025))
    for k in service.SUMMARY_FIELDS:
        if k != "provinces":
            assert old[k] == new[k], k
    h_old = service.headline(conn, sel(conn, year, 2008))
    h_new = service.headline(conn, sel(conn, year, 2025))
    for c in transforms.ADDITIVE:
        assert h_old[c].sum() == h_new[c].sum(), c


def test_selection_of_merged_provinces_matches_their_old_parts(conn):
    # Khánh Hòa (56) today = old Khánh Hòa (56) + Ninh Thuận (58)
    new = service.summary(conn, sel(conn, 2023, 2025, ["56"]))
    old = service.summary(conn, sel(conn, 2023, 2008, ["56", "58"]))
    assert {k: new[k] for k in ("communes_total", "festival_points", "participants", "commendations")} == {
        k: old[k] for k in ("communes_total", "festival_points", "participants", "commendations")
    }


# ------------------------------------------------------------------ the illustrative dataset
def test_2022_national_coverage_matches_reported_scale(conn):
    s = service.summary(conn, sel(conn, 2022))
    assert s["communes_covered"] > 5800
    assert 9500 <= s["communes_total"] <= 11000
    gifts = conn.execute("SELECT sum(gift_value_vnd) FROM festival_point WHERE year = 2022").fetchall()[0][0]
    assert 30e9 <= gifts <= 35e9  # "nearly 35 billion VND"


def test_2025_models_and_sites_match_reported_scale(conn):
    s = service.summary(conn, sel(conn, 2025))
    assert s["models_active"] > 2500
    sites = conn.execute("SELECT sum(sites) FROM model_year WHERE year = 2025").fetchall()[0][0]
    assert 100_000 <= sites <= 150_000  # "about 124,000 replication sites"
    ex = conn.execute("SELECT sum(exemplars) FROM exemplar WHERE year = 2025").fetchall()[0][0]
    assert 1000 <= ex <= 1200
    thanh_hoa = service.summary(conn, sel(conn, 2025, 2025, ["38"]))["festival_points"]
    assert 4000 <= thanh_hoa <= 5000  # reported: 4,517 points


def test_pandemic_dip_and_reorganisation_visible(conn):
    h = transforms.totals_by_year(service.headline(conn, sel(conn, 2024), 2019, 2026))
    cov = dict(zip(h["year"], h["coverage_pct"]))
    assert cov[2020] < cov[2019] * 0.8 and cov[2021] < cov[2019] * 0.8
    tot = dict(zip(h["year"], h["communes_total"]))
    assert tot[2024] == 10040 and tot[2025] == 3321
    models = dict(zip(h["year"], h["models_active"]))
    assert models[2026] > models[2023] > models[2019]
    dissolved = dict(zip(h["year"], h["models_dissolved"]))
    assert all(dissolved[y] > 0 for y in range(2019, 2027))


def test_commendations_dominated_by_lower_level_awards(conn):
    by = dict(conn.execute("SELECT award, sum(recipients) FROM commendation GROUP BY 1").fetchall())
    assert by["giay_khen_xa"] > by["giay_khen_cong_an_tinh"] > by["bang_khen_tinh"] > by["bang_khen_bo"]
    # district and commune awards are kept apart, and no district award after the district level ended
    assert by["giay_khen_huyen"] > 0 and by["bieu_duong"] > 0 and by["mat_tran_doan_the"] > 0
    late = conn.execute("SELECT count(*) FROM commendation WHERE award = 'giay_khen_huyen' AND year > 2025").fetchone()
    assert late == (0,)


def test_coverage_differs_by_province(conn):
    h = service.headline(conn, sel(conn, 2024, 2008))
    assert h["coverage_pct"].max() - h["coverage_pct"].min() > 25


def _fingerprint(frames: dict[str, pl.DataFrame]) -> dict[str, int]:
    return {k: int(v.hash_rows().sum()) for k, v in frames.items()}


def test_same_seed_same_data_other_seed_other_data():
    a = demo.build_frames(seed=7)
    b = demo.build_frames(seed=7)
    c = demo.build_frames(seed=8)
    for k in a:
        assert a[k].equals(b[k]), k
    fa, fc = _fingerprint(a), _fingerprint(c)
    assert all(fa[k] != fc[k] for k in fa)


def test_scale_multiplies_village_points_and_models():
    one = demo.build_frames(seed=3, scale=1)
    three = demo.build_frames(seed=3, scale=3)
    v1 = one["festival_point"].filter(pl.col("venue_name").str.starts_with("Thôn")).height
    v3 = three["festival_point"].filter(pl.col("venue_name").str.starts_with("Thôn")).height
    assert 2.5 < v3 / v1 < 3.5
    assert three["model"].height == 3 * one["model"].height


# ------------------------------------------------------------------ the schema rejects bad rows
GOOD_POINT = dict(
    point_id=1,
    year=2024,
    units_system=2008,
    unit_code="00001",
    held_on=dt.date(2024, 8, 10),
    venue_kind="residential",
    venue_name="Thôn 1",
    is_pilot=False,
    participants=120,
    households=60,
    has_ceremony=True,
    has_culture_sports=True,
    has_police_forum=False,
    has_policy_visits=True,
    gift_packages=3,
    gift_value_vnd=1_500_000,
    budget_vnd=5_000_000,
    source_id=9,
)


@pytest.fixture
def wconn(writable_db):
    c = duckdb.connect(str(writable_db))
    c.execute("INSERT INTO data_source (source_id, kind, label, loaded_at) VALUES (9, 'imported', 't', now())")
    yield c
    c.close()


def _insert_point(c, **over):
    row = GOOD_POINT | over
    cols = ", ".join(row)
    c.execute(f"INSERT INTO festival_point ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values()))


def test_schema_accepts_a_good_row(wconn):
    _insert_point(wconn)
    assert wconn.execute("SELECT count(*) FROM festival_point").fetchall()[0][0] == 1


@pytest.mark.parametrize(
    "over, pattern",
    [
        (dict(participants=-5), "CHECK"),
        (dict(gift_value_vnd=-1), "CHECK"),
        (dict(held_on=dt.date(2023, 8, 10)), "CHECK"),  # date outside its own year
        (dict(unit_code="99999"), "foreign key|Foreign Key|FOREIGN KEY"),  # unknown unit
        (dict(units_system=2025, unit_code="22736"), "CHECK"),  # 2025-system unit for a 2024 festival
        (dict(households=500), "CHECK"),  # more households than participants
        (dict(venue_kind="market"), "CHECK"),
        (dict(year=1990, held_on=dt.date(1990, 8, 1)), "CHECK"),
    ],
)
def test_schema_rejects(wconn, over, pattern):
    with pytest.raises(duckdb.ConstraintException, match=pattern):
        _insert_point(wconn, **over)
    assert wconn.execute("SELECT count(*) FROM festival_point").fetchall()[0][0] == 0


def test_schema_rejects_bad_commendations_and_models(wconn):
    ins = "INSERT INTO commendation VALUES (2024, 2008, '00001', ?, ?, ?, 9)"
    with pytest.raises(duckdb.ConstraintException):
        wconn.execute(ins, ["giay_khen_xa", "collective", -1])
    with pytest.raises(duckdb.ConstraintException):
        wconn.execute(ins, ["ky_niem_chuong", "collective", 2])  # the medal is for individuals
    wconn.execute("INSERT INTO model VALUES ('M1', 'Camera an ninh', 'security_camera', 2020, 9)")
    with pytest.raises(duckdb.ConstraintException):
        wconn.execute("INSERT INTO model_year VALUES ('M1', 2024, 2008, '00001', 'active', -3, 9)")
    with pytest.raises(duckdb.ConstraintException):
        wconn.execute("INSERT INTO model_year VALUES ('M2', 2024, 2008, '00001', 'active', 3, 9)")  # unknown model


def test_festival_periods_are_data(conn):
    periods = {
        r[0]: (r[1], r[2]) for r in conn.execute("SELECT year, start_date, end_date FROM festival_period").fetchall()
    }
    assert periods[2024] == (dt.date(2024, 7, 1), dt.date(2024, 8, 19))
    assert periods[2022] == (dt.date(2022, 8, 1), dt.date(2022, 8, 20))
    # a few illustrative points fall outside the period (the importer warns about such dates)
    outside = conn.execute(
        "SELECT count(*) FROM festival_point f JOIN festival_period p USING (year) "
        "WHERE f.held_on NOT BETWEEN p.start_date AND p.end_date"
    ).fetchall()[0][0]
    assert outside > 0


# ------------------------------------------------------------------ every query runs
SAMPLE_PARAMS = dict(year=2024, year_from=2019, year_to=2026, units=2025, provinces=["56", "01"], approved_only=False)
# The report pages' questions (queries/report_*.sql): a period, indicators and their detail columns.
SAMPLE_PARAMS |= dict(
    kinds=["festival_year", "year"],
    kind="festival_year",
    half=0,
    indicators=["fest_participants", "fest_points_total"],
    measures=["participants", "festival_points"],
    max_indicators=["model_kinds"],
    indicator="fest_participants",
    province="56",
    about_tolerance=0.1,
    deadline=dt.date(2024, 8, 31),
    today=dt.date(2024, 9, 1),
    # the unit page's questions (queries/unit_*.sql): one unit, here today's Hà Nội
    units_system=2025,
    unit_code="01",
)
# The only real plan in the demo that names a site with its date is one of 2023.
SAMPLE_PARAMS_BY_QUERY = {
    "documents_planned_sites": {"year": 2023},
    "report_values": {"period_kind": None, "all_levels": True, "unit_code": None},
    # the store's vocabulary parameters, as the service binds them
    "figures_by_province_year": service._store_params(list(service.HEADLINE_STORE_INDICATORS)),
    "figures_of_units": {"unit_codes": ["VN", "01"], "kinds": ["festival_year", "year"], "half": 0}
    | {"indicators": list(service.REPORT_INDICATORS)},
    # the review of reports (antq/cycle/review.py): the demo's reports were never reviewed ('legacy')
    "review_reports": {"levels": ["province"], "provinces": [], "states": ["legacy"]},
    "review_file_reports": {"sha": "0" * 64},
    "review_lock": {
        "s": 2008,
        "u": "01",
        "lk": None,
        "ln": None,
        "k": "festival_year",
        "f": 2024,
        "y": 2024,
        "h": None,
    },
    "local_report_values": {"period_kind": None, "unit_code": None},
    # the progress of an obligation (antq/cycle/progress.py binds them from the obligation in force)
    "cycle_progress": {"kind": "festival_year", "half": 0, "level": "commune", "limit": []}
    | {"commune_deadline": dt.date(2024, 8, 31), "province_deadline": dt.date(2024, 9, 15)}
    | {"today": dt.date(2024, 12, 1)},
}
# The demo holds no accounts: these answer with no rows there (their columns are still checked);
# tests/test_access.py runs them on a database with grants (tests/test_scope_threads.py the ends).
EMPTY_ON_DEMO = {"access_grants", "access_changes", "access_import_actors", "access_session_ends"}
# nothing of the demo was ever reviewed, so nothing is locked
EMPTY_ON_DEMO |= {"review_history", "review_lock", "review_file_reports"}
EMPTY_ON_DEMO |= {"local_report_values"}  # the demo names no place below a commune (tests/test_local_units.py)
EMPTY_ON_DEMO |= {"cycle_obligations"}  # an administrator sets obligations; the demo sets none (tests/test_cycle.py)


@pytest.mark.parametrize("name", sorted(queries.load_all()))
def test_every_query_runs_and_returns_its_declared_columns(conn, name):
    q = queries.get(name)
    communes = conn.execute(
        "SELECT list(unit_code ORDER BY unit_code)[1:3] FROM admin_unit WHERE units_system = 2025 AND level = 'commune'"
    ).fetchall()[0][0]
    report_id = conn.execute(  # a report of the sample's year and provinces (the demo has one a year)
        "SELECT min(report_id) FROM report WHERE year = $y AND unit_code = '01'", {"y": SAMPLE_PARAMS["year"]}
    ).fetchall()[0][0]
    # the figure queries' $communes is a scope (empty = none: the demo's rows); the access queries' a lookup
    scoped = communes if name.startswith("access_") else []
    params = SAMPLE_PARAMS | {"limit": 100, "communes": scoped, "report_id": report_id}
    params |= SAMPLE_PARAMS_BY_QUERY.get(name, {})
    df = queries.run(conn, name, **{k: params[k] for k in q.params})
    assert df.height > 0 or name in EMPTY_ON_DEMO, f"{name} returned no rows on the demo database"
    m = re.search(r"Columns:(.*?)(?:\n\S*Parameters:|\Z)", q.doc, re.S)
    assert m, f"{name}: its header must list its columns"
    listed = re.sub(r"\([^)]*\)", "", m.group(1).replace("\n", " "))  # drop parenthetical notes
    declared = [c.strip(" .") for c in re.split(r",\s*", listed) if c.strip(" .")]
    assert df.columns == declared


def test_queries_bind_parameters_never_format_them():
    for q in queries.load_all().values():
        assert "{" not in queries._strip_comments(q.sql), f"{q.name}: looks like Python formatting"
        assert "?" not in queries._strip_comments(q.sql), f"{q.name}: use named $parameters"


def test_hostile_province_values_are_data_not_sql(conn):
    df = queries.run(conn, "provinces", units=2025)
    assert df.height == 34
    out = queries.run(
        conn,
        "headline_by_province_year",
        year_from=2024,
        year_to=2024,
        units=2025,
        provinces=["56'); DROP TABLE admin_unit; --"],
        communes=["00004'); DROP TABLE admin_unit; --"],
    )
    assert out.height == 0
    assert conn.execute("SELECT count(*) FROM admin_unit").fetchall()[0][0] > 0


def test_build_is_atomic_and_ensure_builds_once(tmp_path):
    path = tmp_path / "x.duckdb"
    db.ensure_database(path)
    first = path.stat().st_mtime_ns
    db.ensure_database(path)
    assert path.stat().st_mtime_ns == first
    assert not list(tmp_path.glob("*.tmp*"))


def test_out_of_date_demo_database_is_rebuilt_and_entered_data_is_migrated(tmp_path):
    path = tmp_path / "old.duckdb"
    db.build(path, empty=True)
    with duckdb.connect(str(path)) as c:
        c.execute("UPDATE db_meta SET value = 'old' WHERE key = 'schema_version'")
    reader = db.SnapshotReader(path)
    conn, _ = reader.current()
    assert conn.execute("SELECT value FROM db_meta WHERE key='schema_version'").fetchall()[0][0] != "old"
    reader.close()
    # Entered data: a report with its values and an import audit row. An older schema's file is
    # migrated with every row, the old file kept beside it.
    with duckdb.connect(str(path)) as c:
        c.execute("UPDATE db_meta SET value = 'old' WHERE key = 'schema_version'")
        c.execute("INSERT INTO data_source (source_id, kind, label, loaded_at) VALUES (90005, 'imported', 'x', now())")
        c.execute(
            "INSERT INTO report (report_id, units_system, unit_code, period_kind, year, year_from, source_id, "
            "entered_by, entered_at, via) "
            "VALUES (900001, 2008, '56', 'year', 2022, 2022, 90005, 'a@b.vn', now(), 'cli')"
        )
        c.execute(
            "INSERT INTO report_value (report_id, indicator, value, qualifier) "
            "VALUES (900001, 'fest_participants', 4321, 'at_least')"
        )
        before = c.execute("SELECT count(*) FROM admin_unit").fetchall()[0][0]
        values = c.execute("SELECT count(*) FROM report_value").fetchall()[0][0]
    with db.connect_read_only(path) as c:
        assert c.execute("SELECT value, qualifier FROM report_value WHERE report_id = 900001").fetchall() == [
            (4321.0, "at_least")
        ]
        assert c.execute("SELECT entered_by FROM report WHERE report_id = 900001").fetchall() == [("a@b.vn",)]
        assert c.execute("SELECT count(*) FROM report_value").fetchall()[0][0] == values
        assert c.execute("SELECT value FROM db_meta WHERE key = 'migrated_from'").fetchall() == [("old",)]
        assert c.execute("SELECT count(*) FROM admin_unit").fetchall()[0][0] == before
    assert (tmp_path / "old.duckdb.before-old").exists()
    # A column the new schema no longer has is refused, and the file is left as it was.
    with duckdb.connect(str(path)) as c:
        c.execute("UPDATE db_meta SET value = 'older' WHERE key = 'schema_version'")
        c.execute("ALTER TABLE report ADD COLUMN gone VARCHAR")
    with pytest.raises(db.SchemaMismatch, match="gone"):
        db.check_schema(path)
    with duckdb.connect(str(path), read_only=True) as c:
        assert c.execute("SELECT value FROM db_meta WHERE key = 'schema_version'").fetchall() == [("older",)]


def test_light_province_lookups_agree_with_the_registry():
    from antq.units import province_names, province_successor

    reg = registry()
    assert province_successor() == dict(
        zip(reg.province_crosswalk["old_province_code"], reg.province_crosswalk["new_province_code"])
    )
    for system in (2008, 2025):
        p = reg.units.filter((pl.col("units_system") == system) & (pl.col("level") == "province")).sort("unit_code")
        assert province_names(system) == dict(zip(p["unit_code"], p["name"]))


def test_writes_keep_the_derived_summary_in_step(writable_db):
    with db.write_transaction(writable_db) as c:
        c.execute("INSERT INTO data_source (source_id, kind, label, loaded_at) VALUES (9, 'imported', 't', now())")
        row = GOOD_POINT | dict(participants=321, households=100)
        c.execute(
            f"INSERT INTO festival_point ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values())
        )
    with duckdb.connect(str(writable_db), read_only=True) as c:
        s = service.summary(c, check(2024, 2025, [], years=service.available_years(c)))
        assert (s["festival_points"], s["participants"], s["communes_covered"]) == (1, 321, 1)
        direct = c.execute("SELECT sum(participants) FROM festival_point").fetchall()[0][0]
        derived = c.execute("SELECT sum(participants) FROM unit_year_summary").fetchall()[0][0]
        assert direct == derived == 321


def test_readers_follow_published_versions_and_old_versions_are_pruned(tmp_path):
    path = tmp_path / "s.duckdb"
    db.build(path, empty=True)
    reader = db.SnapshotReader(path)
    first, v1 = reader.current()
    for i in range(4):
        with db.write_transaction(path) as c:
            c.execute("INSERT OR REPLACE INTO db_meta VALUES ('touched', ?)", [str(i)])
        assert db.read_publication(path).version == v1 + i + 1  # published by the writer, before any reader looks
        conn, version = reader.current()
        assert conn.execute("SELECT value FROM db_meta WHERE key = 'touched'").fetchall() == [(str(i),)]
    assert version == v1 + 4
    published = sorted(p.name for p in db.published_dir(path).glob("*.duckdb"))
    assert published == [f"v{n:08d}.duckdb" for n in range(version - db.PUBLISH_KEEP + 1, version + 1)]
    assert {os.stat(db.published_dir(path) / p).st_mode & 0o777 for p in published} == {0o444}  # immutable
    # the reader never opened the writer's file: DuckDB would list it among attached databases
    files = {r[0] for r in conn.execute("SELECT path FROM duckdb_databases() WHERE path IS NOT NULL").fetchall()}
    assert files == {str(db.published_dir(path) / published[-1])}
    # a change made without publishing (by hand) is published on the next read
    with duckdb.connect(str(path)) as c:
        c.execute("INSERT OR REPLACE INTO db_meta VALUES ('touched', 'by hand')")
    conn, v = reader.current()
    assert v == version + 1 and conn.execute("SELECT value FROM db_meta WHERE key = 'touched'").fetchall()[0][0] == (
        "by hand"
    )
    reader.close()


def test_a_replica_with_only_a_copy_of_the_publications_follows_them(tmp_path):
    """The several-machines form (docs/deployment.md): the writer's versions copied to a replica's
    own directory, version file first, pointer last; the replica has no writer's file."""
    writer = tmp_path / "writer" / "antq.duckdb"
    db.build(writer, empty=True)
    replica = tmp_path / "replica" / "antq.duckdb"
    replica.parent.mkdir()

    def copy_step():
        src, dst = db.published_dir(writer), db.published_dir(replica)
        dst.mkdir(exist_ok=True)
        for f in sorted(src.glob("v*.duckdb")):
            if not (dst / f.name).exists():
                shutil.copyfile(f, dst / f.name)
        shutil.copyfile(src / db.POINTER, dst / ".current.tmp")
        os.replace(dst / ".current.tmp", dst / db.POINTER)

    copy_step()
    reader = db.SnapshotReader(replica)
    _, v1 = reader.current()
    with db.write_transaction(writer) as c:
        c.execute("INSERT OR REPLACE INTO db_meta VALUES ('touched', 'yes')")
    assert reader.current()[1] == v1  # not copied yet: the replica keeps its version
    copy_step()
    conn, v2 = reader.current()
    assert v2 == v1 + 1 and conn.execute("SELECT value FROM db_meta WHERE key = 'touched'").fetchall() == [("yes",)]
    assert not replica.exists()  # the replica never built or opened a database of its own
    reader.close()
