-- The store's definition. Constraints live here, in the schema, so that no loader (demo builder,
-- importer, a hand-written INSERT) can put an impossible row in: a negative count, a festival date
-- outside its own year, a unit code the registry does not know, a unit of the wrong system for
-- the year.
--
-- Every rule and category list is called here, not written: `units_system_of(year)` (the unit
-- system a year is recorded in), `first_report_year()`, `venue_kind_codes()`... are DuckDB macros
-- rendered from antq/vocab (antq.vocab.sql) and created before this file runs. `units_system` is
-- stored on every fact row and checked against the year.

CREATE TABLE admin_unit (
    units_system   SMALLINT NOT NULL CHECK (list_contains(unit_systems(), units_system)),
    -- GSO codes; the nation and the regions (antq/vocab/national_units.py) by letters: VN, TB, TN, TNB
    unit_code      VARCHAR  NOT NULL CHECK (regexp_full_match(unit_code, '[0-9]{2,5}|[A-Z]{2,3}')),
    level          VARCHAR  NOT NULL CHECK (list_contains(unit_level_codes(), level)),
    name           VARCHAR  NOT NULL,
    short_name     VARCHAR  NOT NULL,
    unit_type      VARCHAR  NOT NULL,
    parent_code    VARCHAR,
    province_code  VARCHAR  NOT NULL,
    district_code  VARCHAR,
    is_base        BOOLEAN  NOT NULL,  -- the level where coverage is counted (commune or equivalent)
    is_archipelago BOOLEAN  NOT NULL,
    lat            DOUBLE,
    lon            DOUBLE,
    area_km2       DOUBLE,
    PRIMARY KEY (units_system, unit_code)
);

-- Whole-province merges of 1 July 2025: every old province lies in exactly one new one.
CREATE TABLE province_crosswalk (
    old_province_code VARCHAR NOT NULL PRIMARY KEY,
    new_province_code VARCHAR NOT NULL
);

-- Old base unit -> new commune(s). A divided commune has several rows whose shares sum to 1.
CREATE TABLE commune_crosswalk (
    old_unit_code VARCHAR NOT NULL,
    new_unit_code VARCHAR NOT NULL,
    share         DOUBLE  NOT NULL CHECK (share > 0 AND share <= 1),
    is_default    BOOLEAN NOT NULL,
    is_divided    BOOLEAN NOT NULL,
    PRIMARY KEY (old_unit_code, new_unit_code)
);

-- Each year's festival period as set by that year's plans (antq/vocab/report_years.py).
-- Used to warn about dates outside it, not as a hard constraint on festival dates.
CREATE TABLE festival_period (
    year        SMALLINT NOT NULL PRIMARY KEY CHECK (year BETWEEN first_report_year() AND last_report_year()),
    start_date  DATE     NOT NULL,
    end_date    DATE     NOT NULL,
    source_note VARCHAR,
    CHECK (year(start_date) = year AND year(end_date) = year AND start_date <= end_date)
);

CREATE TABLE data_source (
    source_id   INTEGER   NOT NULL PRIMARY KEY,
    kind        VARCHAR   NOT NULL CHECK (list_contains(source_kind_codes(), kind)),
    label       VARCHAR   NOT NULL,
    file_name   VARCHAR,
    file_sha256 VARCHAR,
    loaded_at   TIMESTAMP NOT NULL,
    seed        INTEGER,
    scale       INTEGER
);

-- One festival point ("điểm tổ chức Ngày hội"): a festival held by a unit at one venue on one day.
CREATE TABLE festival_point (
    point_id           BIGINT   NOT NULL PRIMARY KEY,
    year               SMALLINT NOT NULL CHECK (year BETWEEN first_report_year() AND last_report_year()),
    units_system       SMALLINT NOT NULL,
    unit_code          VARCHAR  NOT NULL,  -- organising unit: a commune, or a district/province
    held_on            DATE     NOT NULL,
    venue_kind         VARCHAR  NOT NULL CHECK (list_contains(venue_kind_codes(), venue_kind)),
    venue_name         VARCHAR,
    is_pilot           BOOLEAN  NOT NULL,  -- a pilot / showcase point ("điểm")
    participants       INTEGER  NOT NULL CHECK (participants >= 0),
    households         INTEGER  CHECK (households >= 0),
    has_ceremony       BOOLEAN  NOT NULL,
    has_culture_sports BOOLEAN  NOT NULL,
    has_police_forum   BOOLEAN  NOT NULL,  -- "Công an lắng nghe ý kiến Nhân dân"
    has_policy_visits  BOOLEAN  NOT NULL,  -- visits and gifts to policy families
    gift_packages      INTEGER  NOT NULL CHECK (gift_packages >= 0),
    gift_value_vnd     BIGINT   NOT NULL CHECK (gift_value_vnd >= 0),
    budget_vnd         BIGINT   CHECK (budget_vnd >= 0),
    source_id          INTEGER  NOT NULL,
    CHECK (year(held_on) = year),
    CHECK (households IS NULL OR households <= participants),
    CHECK (units_system = units_system_of(year)),
    FOREIGN KEY (units_system, unit_code) REFERENCES admin_unit (units_system, unit_code),
    FOREIGN KEY (source_id) REFERENCES data_source (source_id)
);

-- Commendations ("khen thưởng"): how many collectives / individuals of a unit received an award.
CREATE TABLE commendation (
    year           SMALLINT NOT NULL CHECK (year BETWEEN first_report_year() AND last_report_year()),
    units_system   SMALLINT NOT NULL,
    unit_code      VARCHAR  NOT NULL,
    award          VARCHAR  NOT NULL CHECK (list_contains(award_codes(), award)),
    recipient_kind VARCHAR  NOT NULL CHECK (list_contains(recipient_kind_codes(), recipient_kind)),
    recipients     INTEGER  NOT NULL CHECK (recipients >= 0),
    source_id      INTEGER  NOT NULL,
    PRIMARY KEY (year, units_system, unit_code, award, recipient_kind),
    -- The Kỷ niệm chương "Bảo vệ an ninh Tổ quốc" is awarded to individuals only.
    CHECK (NOT list_contains(individual_only_awards(), award) OR recipient_kind = 'individual'),
    CHECK (units_system = units_system_of(year)),
    FOREIGN KEY (units_system, unit_code) REFERENCES admin_unit (units_system, unit_code),
    FOREIGN KEY (source_id) REFERENCES data_source (source_id)
);

-- Models of exemplary practice ("mô hình"): one model usually runs at many sites.
CREATE TABLE model (
    model_id         VARCHAR  NOT NULL PRIMARY KEY,
    name             VARCHAR  NOT NULL,
    category         VARCHAR  NOT NULL CHECK (list_contains(model_category_codes(), category)),
    established_year SMALLINT NOT NULL CHECK (established_year BETWEEN first_model_year() AND last_report_year()),
    source_id        INTEGER  NOT NULL,
    FOREIGN KEY (source_id) REFERENCES data_source (source_id)
);

-- A model's state in one year, owned by a unit of that year's system (the owner moves across the
-- 2025 reorganisation with its commune).
CREATE TABLE model_year (
    model_id     VARCHAR  NOT NULL,
    year         SMALLINT NOT NULL CHECK (year BETWEEN first_report_year() AND last_report_year()),
    units_system SMALLINT NOT NULL,
    unit_code    VARCHAR  NOT NULL,
    status       VARCHAR  NOT NULL CHECK (list_contains(model_status_codes(), status)),
    sites        INTEGER  NOT NULL CHECK (sites >= 0),  -- replication sites ("điểm nhân rộng")
    source_id    INTEGER  NOT NULL,
    PRIMARY KEY (model_id, year),
    CHECK (units_system = units_system_of(year)),
    FOREIGN KEY (model_id) REFERENCES model (model_id),
    FOREIGN KEY (units_system, unit_code) REFERENCES admin_unit (units_system, unit_code),
    FOREIGN KEY (source_id) REFERENCES data_source (source_id)
);

-- Exemplars ("điển hình tiên tiến") recognised in a year, per unit, recipient kind and field.
CREATE TABLE exemplar (
    year           SMALLINT NOT NULL CHECK (year BETWEEN first_report_year() AND last_report_year()),
    units_system   SMALLINT NOT NULL,
    unit_code      VARCHAR  NOT NULL,
    recipient_kind VARCHAR  NOT NULL CHECK (list_contains(recipient_kind_codes(), recipient_kind)),
    field          VARCHAR  NOT NULL CHECK (list_contains(exemplar_field_codes(), field)),
    exemplars      INTEGER  NOT NULL CHECK (exemplars >= 0),
    source_id      INTEGER  NOT NULL,
    PRIMARY KEY (year, units_system, unit_code, recipient_kind, field),
    CHECK (units_system = units_system_of(year)),
    FOREIGN KEY (units_system, unit_code) REFERENCES admin_unit (units_system, unit_code),
    FOREIGN KEY (source_id) REFERENCES data_source (source_id)
);

-- Every fact table totalled per (year, unit): what the dashboard's headline figures are read from
-- (tens of thousands of rows instead of millions). Derived data: rebuilt by antq/refresh_summary.sql
-- after the demo build and inside every write transaction, never written otherwise.
CREATE TABLE unit_year_summary (
    year             SMALLINT NOT NULL,
    units_system     SMALLINT NOT NULL,
    unit_code        VARCHAR  NOT NULL,
    festival_points  BIGINT   NOT NULL,
    pilot_points     BIGINT   NOT NULL,
    participants     BIGINT   NOT NULL,
    households       BIGINT   NOT NULL,
    gift_packages    BIGINT   NOT NULL,
    gift_value_vnd   BIGINT   NOT NULL,
    budget_vnd       BIGINT   NOT NULL,
    commendations    BIGINT   NOT NULL,
    models_active    BIGINT   NOT NULL,
    models_effective BIGINT   NOT NULL,
    models_new       BIGINT   NOT NULL,
    models_dissolved BIGINT   NOT NULL,
    model_sites      BIGINT   NOT NULL,
    exemplars        BIGINT   NOT NULL,
    PRIMARY KEY (year, units_system, unit_code)
);

-- unit_year_summary totalled per province of the unit's own system (year, units_system,
-- province_code), with communes_covered: its base units that held at least one festival point. The
-- headline (queries/headline_by_province_year.sql) and the festival reconciliation
-- (queries/report_festival_reconciled.sql) read a few hundred rows here instead of every commune
-- and year. Derived data, rebuilt with unit_year_summary.
CREATE TABLE province_year_summary AS
SELECT * EXCLUDE (unit_code), ''::VARCHAR AS province_code, 0::BIGINT AS communes_covered
FROM unit_year_summary WITH NO DATA;

-- The one rule "this province-year has reported detail data of kind K" (issue 12: not reported is
-- not zero): a row per (kind, year, province of that year's own system) with at least one fact row
-- of that kind, of any source. A province without a row has not reported: pages show it as "chưa
-- báo cáo", never as 0, and shares are computed over the provinces that did. Derived data, rebuilt
-- with unit_year_summary by antq/refresh_summary.sql. Kinds: antq/vocab/reporting.py DETAIL_KINDS.
CREATE TABLE province_year_reported (
    kind          VARCHAR  NOT NULL,
    year          SMALLINT NOT NULL,
    units_system  SMALLINT NOT NULL,
    province_code VARCHAR  NOT NULL,
    PRIMARY KEY (kind, year, units_system, province_code)
);

-- The detail rows as indicator values of the catalogue (issue 24: detail is one source of the store),
-- per (year, unit): each unit's totals under the indicator that counts the same thing
-- (detail_measure_indicators(), award_indicators(), exemplar_indicators(), rendered from
-- antq/vocab/report_rules.py), a kind's totals only where the unit's province reported that kind (a
-- 0 is then a real 0); and for a base unit of such a province the festival's x-of-y held_indicator()
-- (1 or 0 of 1), so that communes held add up level by level. Derived data, rebuilt with
-- unit_year_summary by antq/refresh_summary.sql; read by queries/figures_by_province_year.sql.
CREATE TABLE unit_indicator_detail (
    year         SMALLINT NOT NULL,
    units_system SMALLINT NOT NULL,
    unit_code    VARCHAR  NOT NULL,
    indicator    VARCHAR  NOT NULL,
    value        DOUBLE   NOT NULL,
    denominator  DOUBLE,
    PRIMARY KEY (year, units_system, unit_code, indicator)
);

-- Key/value facts about the database as a whole (schema version, what built it).
CREATE TABLE db_meta (
    key   VARCHAR NOT NULL PRIMARY KEY,
    value VARCHAR NOT NULL
);

-- Every unit with the province it belongs to in its own system and in today's system
-- (latest_units_system(); exact: provinces merged whole). Queries pick one by their `units` parameter.
CREATE VIEW unit_province AS
SELECT u.units_system,
       u.unit_code,
       u.level,
       u.is_base,
       u.province_code                                  AS own_province_code,
       coalesce(cw.new_province_code, u.province_code) AS province_2025_code
FROM admin_unit AS u
LEFT JOIN province_crosswalk AS cw
       ON u.units_system <> latest_units_system() AND cw.old_province_code = u.province_code;

-- The same, with one province column in the system a query reports in:
-- FROM unit_in_system($units). Queries use it instead of repeating the CASE.
CREATE MACRO unit_in_system(target) AS TABLE
SELECT units_system, unit_code, level, is_base,
       CASE WHEN target = latest_units_system() THEN province_2025_code ELSE own_province_code END AS province_code
FROM unit_province;

-- Whether a unit lies inside a commune scope (antq/access: commune police see their commune).
-- `communes` holds communes of today's system; an empty list means no commune restriction (the
-- caller, antq.selection, never passes an empty list for a commune scope that covers nothing).
-- A unit of today's system is inside when it is one of them; a unit of an older system when the
-- commune crosswalk maps it, wholly or in part, into one of them (its whole figures count). A
-- province or district is never inside: their own figures are not a commune's.
CREATE MACRO in_communes(system, code, communes) AS
    len(communes) = 0
    OR (system = latest_units_system() AND list_contains(communes, code))
    OR (system <> latest_units_system()
        AND code IN (SELECT old_unit_code FROM commune_crosswalk WHERE list_contains(communes, new_unit_code)));

-- Every import attempt, accepted or not (the import page shows it). Written in the same atomic
-- write as the data it describes; a rejected attempt writes only its row here.
CREATE TABLE IF NOT EXISTS import_audit (
    attempt_id     INTEGER   NOT NULL PRIMARY KEY,
    attempted_at   TIMESTAMP NOT NULL,
    file_name      VARCHAR   NOT NULL,
    file_sha256    VARCHAR   NOT NULL,
    file_bytes     BIGINT    NOT NULL,
    kind           VARCHAR   CHECK (list_contains(import_kind_codes(), kind)),
    province_codes VARCHAR[],
    years          SMALLINT[],
    rows           INTEGER,
    outcome        VARCHAR   NOT NULL CHECK (list_contains(import_outcome_codes(), outcome)),
    errors         INTEGER   NOT NULL,
    warnings       INTEGER   NOT NULL,
    source_id      INTEGER,  -- the data_source row of an accepted file (no FK: history outlives data)
    archive_path   VARCHAR,
    via            VARCHAR   NOT NULL,  -- cli | app
    message        VARCHAR
);

-- ==================================================================================================
-- Documents (issue 14): plans, reports, directives and news items, with what a reviewer confirmed.
-- Owned by antq/documents/; the indicator codes are those of antq/vocab/indicators.py.
-- ==================================================================================================

-- One registered document. `number` is kept as written ("4955/KH-BCĐ", "/KH-BCĐ" when the number
-- was left blank) and is NULL when the document has none. The original file is archived unchanged,
-- named by its hash (archive_path); `origin` says whether it came with the demo build (one of the
-- five real seed plans: 'seed'; an invented report written like the published ones: 'illustrative')
-- or was uploaded.
CREATE TABLE IF NOT EXISTS document (
    document_id    INTEGER   NOT NULL PRIMARY KEY,
    kind           VARCHAR   NOT NULL CHECK (list_contains(document_kind_codes(), kind)),
    number         VARCHAR   CHECK (number IS NULL OR length(trim(number)) > 0),
    issuer         VARCHAR,
    level          VARCHAR   NOT NULL CHECK (list_contains(document_level_codes(), level)),
    units_system   SMALLINT,
    unit_code      VARCHAR,  -- the issuing unit (a province, district or commune of units_system)
    province_code  VARCHAR,  -- its province in units_system; NULL for central documents
    place          VARCHAR,  -- the place line as written ("Vạn Linh")
    issued_on      DATE,
    year           SMALLINT  NOT NULL CHECK (year BETWEEN first_report_year() AND last_report_year()),
    subject        VARCHAR,
    festival_start DATE,
    festival_end   DATE,
    file_name      VARCHAR   NOT NULL,
    file_sha256    VARCHAR   NOT NULL UNIQUE CHECK (regexp_full_match(file_sha256, '[0-9a-f]{64}')),
    archive_path   VARCHAR,
    origin         VARCHAR   NOT NULL CHECK (list_contains(document_origin_codes(), origin)),
    registered_by  VARCHAR   NOT NULL,
    registered_at  TIMESTAMP NOT NULL,
    via            VARCHAR   NOT NULL CHECK (list_contains(write_channel_codes(), via)),
    CHECK (festival_start IS NULL OR (festival_end IS NOT NULL AND festival_start <= festival_end
                                      AND year(festival_start) = year)),
    CHECK (issued_on IS NULL OR year(issued_on) BETWEEN year - 1 AND year + 1),
    CHECK (units_system IS NULL OR units_system = units_system_of(year)),
    CHECK ((unit_code IS NULL) = (units_system IS NULL)),
    CHECK (level = 'central' OR province_code IS NOT NULL OR unit_code IS NULL),
    FOREIGN KEY (units_system, unit_code) REFERENCES admin_unit (units_system, unit_code)
);

-- Documents a document cites, by number as written; `is_parent` for those its opening
-- "Thực hiện …" implements. A cited number need not be registered (the cascade shows it as such).
CREATE TABLE IF NOT EXISTS document_citation (
    document_id  INTEGER NOT NULL,
    cited_number VARCHAR NOT NULL CHECK (length(cited_number) > 0),
    is_parent    BOOLEAN NOT NULL,
    PRIMARY KEY (document_id, cited_number),
    FOREIGN KEY (document_id) REFERENCES document (document_id)
);

-- Sites a plan names ("01 điểm tại thôn Đông Thành ngày 11/8/2023"), with the date where given.
CREATE TABLE IF NOT EXISTS document_site (
    document_id INTEGER NOT NULL,
    seq         SMALLINT NOT NULL CHECK (seq >= 1),
    name        VARCHAR  NOT NULL CHECK (length(name) > 0),
    planned_on  DATE,
    PRIMARY KEY (document_id, seq),
    FOREIGN KEY (document_id) REFERENCES document (document_id)
);

-- Targets ("chỉ tiêu") and selection rules of a plan: 100% of communes hold the festival; each
-- commune chooses at least 01 village. `per` = 'percent' for a share, else the unit it applies to.
CREATE TABLE IF NOT EXISTS document_target (
    document_id INTEGER NOT NULL,
    seq         SMALLINT NOT NULL CHECK (seq >= 1),
    indicator   VARCHAR  NOT NULL,
    value       DOUBLE   NOT NULL CHECK (value >= 0),
    qualifier   VARCHAR  NOT NULL CHECK (list_contains(value_qualifier_codes(), qualifier)),
    per         VARCHAR  NOT NULL,
    sentence    VARCHAR  NOT NULL,
    CHECK (per <> 'percent' OR value <= 100),
    PRIMARY KEY (document_id, seq),
    FOREIGN KEY (document_id) REFERENCES document (document_id)
);

-- Figures of the indicator catalogue confirmed by a reviewer from a document's text, each with the
-- sentence it came from, what the extractor read (extracted_value) and who confirmed it when.
-- Shaped as a report value (unit, period, indicator, value, qualifier, source) so that the result
-- reports of issue 12 can adopt these rows as values whose source is a document.
CREATE TABLE IF NOT EXISTS document_figure (
    document_id     INTEGER   NOT NULL,
    seq             SMALLINT  NOT NULL CHECK (seq >= 1),
    units_system    SMALLINT,
    unit_code       VARCHAR,
    period_kind     VARCHAR   NOT NULL CHECK (list_contains(period_kind_codes(), period_kind)),
    year            SMALLINT  NOT NULL CHECK (year BETWEEN first_report_year() AND last_report_year()),
    indicator       VARCHAR   NOT NULL,
    value           DOUBLE    NOT NULL CHECK (value >= 0),
    denominator     DOUBLE    CHECK (denominator IS NULL OR denominator >= value),
    qualifier       VARCHAR   NOT NULL CHECK (list_contains(value_qualifier_codes(), qualifier)),
    sentence        VARCHAR   NOT NULL CHECK (length(sentence) > 0),
    extracted_value DOUBLE,   -- NULL when the reviewer added the figure by hand
    rule            VARCHAR,  -- the extraction rule that found it
    review          VARCHAR   NOT NULL CHECK (list_contains(figure_review_codes(), review)),
    confirmed_by    VARCHAR   NOT NULL,
    confirmed_at    TIMESTAMP NOT NULL,
    -- the qualifier's word as the document wrote it ("hơn"); NULL: none, or the qualifier's default
    qualifier_word  VARCHAR   CHECK (qualifier_word IS NULL OR (qualifier <> 'exact' AND length(qualifier_word) <= 20)),
    PRIMARY KEY (document_id, seq),
    CHECK (units_system IS NULL OR units_system = units_system_of(year)),
    FOREIGN KEY (document_id) REFERENCES document (document_id),
    FOREIGN KEY (units_system, unit_code) REFERENCES admin_unit (units_system, unit_code)
);

-- ============================================================================ accounts and scope
-- (antq/access; docs/access.md.) Who may see and change what. A grant names a principal (the
-- token's e-mail, its subject, or a group from its groups claim), a role and a scope of today's
-- (2025) units; nobody without a grant sees any figure. Every change of a grant is recorded in
-- access_change in the same write; the import attempts carry their author in import_actor.

CREATE TABLE access_grant (
    principal_kind VARCHAR   NOT NULL CHECK (list_contains(grant_principal_codes(), principal_kind)),
    principal      VARCHAR   NOT NULL CHECK (length(principal) BETWEEN 1 AND 320),
    role           VARCHAR   NOT NULL CHECK (list_contains(access_role_codes(), role)),
    scope_kind     VARCHAR   NOT NULL CHECK (list_contains(grant_scope_codes(), scope_kind)),
    scope_codes    VARCHAR[],  -- 2025 province or commune codes; NULL for the whole country
    granted_at     TIMESTAMP NOT NULL,
    granted_by     VARCHAR   NOT NULL,
    PRIMARY KEY (principal_kind, principal),
    -- e-mails are matched case-insensitively: stored lower-case
    CHECK (principal_kind <> 'email' OR principal = lower(principal)),
    CHECK ((scope_kind = 'country') = (scope_codes IS NULL)),
    CHECK (scope_codes IS NULL OR len(scope_codes) > 0),
    CHECK (scope_codes IS NULL OR regexp_full_match(array_to_string(scope_codes, ','), '[0-9]{2,5}(,[0-9]{2,5})*')),
    -- an administrator manages grants for the whole country
    CHECK (role <> 'admin' OR scope_kind = 'country')
);

CREATE TABLE access_change (
    change_id      INTEGER   NOT NULL PRIMARY KEY,
    changed_at     TIMESTAMP NOT NULL,
    changed_by     VARCHAR   NOT NULL,  -- an e-mail (admin page) or cli:<os user> / cli:<--as>
    action         VARCHAR   NOT NULL CHECK (list_contains(grant_action_codes(), action)),
    principal_kind VARCHAR   NOT NULL CHECK (list_contains(grant_principal_codes(), principal_kind)),
    principal      VARCHAR   NOT NULL,
    role           VARCHAR   CHECK (list_contains(access_role_codes(), role)),  -- NULL for a revoke
    scope_kind     VARCHAR   CHECK (list_contains(grant_scope_codes(), scope_kind)),
    scope_codes    VARCHAR[],
    previous       VARCHAR   -- the grant before the change (JSON), NULL if there was none
);

-- Who made an import attempt (one row per import_audit row made with accounts in place).
CREATE TABLE import_actor (
    attempt_id INTEGER NOT NULL PRIMARY KEY,
    subject    VARCHAR,  -- the token's subject (web); NULL on the command line
    email      VARCHAR,  -- the token's e-mail (web) or the --as identity (command line)
    role       VARCHAR CHECK (list_contains(access_role_codes(), role)),
    via        VARCHAR NOT NULL CHECK (via <> 'demo' AND list_contains(write_channel_codes(), via)),
    CHECK (subject IS NOT NULL OR email IS NOT NULL)
);

-- ============================================================================ result reports
-- (issue 12; antq/reports, docs/importing.md.) Aggregated figures as units file them: one report per
-- unit and period, one value per indicator of antq/vocab/indicators.py, each as written ("trên
-- 5.800" = 5800, qualifier 'at_least'). A later report for the same unit and period supersedes an
-- earlier one without deleting it (report_in_force() below); both stay, with who and when.

-- A named village, agency, school or enterprise below a commune, registered the first time a report
-- speaks for it (its name as the report writes it; matched again by `name_key`, the name folded
-- without accents, antq.text.fold). Its reports are shown beside its commune's figures, never added
-- to them: a few named places are not the commune's whole.
CREATE TABLE local_unit (
    local_unit_id INTEGER  NOT NULL PRIMARY KEY,
    units_system  SMALLINT NOT NULL,
    commune_code  VARCHAR  NOT NULL,
    -- the kinds of place a festival is held at (categories.VENUE_KINDS): residential area, agency, ...
    venue_kind    VARCHAR  NOT NULL CHECK (list_contains(venue_kind_codes(), venue_kind)),
    name          VARCHAR  NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_key      VARCHAR  NOT NULL,
    created_by    VARCHAR  NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (units_system, commune_code, venue_kind, name_key),
    FOREIGN KEY (units_system, commune_code) REFERENCES admin_unit (units_system, unit_code)
);

-- One result report filed by a unit (any level, either system by its year) for a period.
CREATE TABLE report (
    report_id    INTEGER   NOT NULL PRIMARY KEY,
    units_system SMALLINT  NOT NULL,
    unit_code    VARCHAR   NOT NULL,          -- admin_unit: a province, a (2008) district or a commune
    period_kind  VARCHAR   NOT NULL CHECK (list_contains(period_kind_codes(), period_kind)),
    year         SMALLINT  NOT NULL,          -- the (last) year the period covers
    year_from    SMALLINT  NOT NULL,          -- = year, except for a multi-year phase
    half         SMALLINT  CHECK (half IS NULL OR half IN (1, 2)),  -- for period_kind 'half_year'
    reported_on  DATE,                        -- the report's own date, when known
    reference    VARCHAR,                     -- document number, page or URL it came from
    document_id  INTEGER,                     -- when confirmed from a registered document
    source_id    INTEGER   NOT NULL,          -- data_source row (kind 'imported' / 'demo' ...)
    entered_by   VARCHAR   NOT NULL,          -- who: the signed-in e-mail, `os:<user>` on the CLI, 'demo'
    entered_at   TIMESTAMP NOT NULL,
    via          VARCHAR   NOT NULL CHECK (list_contains(write_channel_codes(), via)),
    as_of        DATE,                        -- 'to_date' ("đến 30/11/2025"): the day it counts to, when written
    -- a report of a named place below the commune unit_code (local_unit); NULL: the unit's own report
    local_unit_id INTEGER,
    CHECK (units_system = units_system_of(year)),
    CHECK (year_from <= year),
    CHECK (as_of IS NULL OR (period_kind = 'to_date' AND year(as_of) = year)),
    FOREIGN KEY (units_system, unit_code) REFERENCES admin_unit (units_system, unit_code),
    FOREIGN KEY (local_unit_id) REFERENCES local_unit (local_unit_id)
);

-- Its values, one per indicator of antq/vocab/indicators.py, as written ("trên 5.800").
CREATE TABLE report_value (
    report_id   INTEGER NOT NULL,
    indicator   VARCHAR NOT NULL CHECK (list_contains(indicator_codes(), indicator)),
    value       DOUBLE  NOT NULL CHECK (value >= 0),
    denominator DOUBLE  CHECK (denominator IS NULL OR denominator >= value),  -- ratio x/y
    qualifier   VARCHAR NOT NULL CHECK (list_contains(value_qualifier_codes(), qualifier)),
    note        VARCHAR,
    -- the qualifier's word as the source wrote it ('hơn', 'trên', 'gần', 'khoảng', 'ước'...); NULL: the
    -- qualifier's default word (antq/vocab/report_rules.py QUALIFIER_WORDS), or an exact value
    qualifier_word VARCHAR CHECK (qualifier_word IS NULL OR (qualifier <> 'exact' AND length(qualifier_word) <= 20)),
    PRIMARY KEY (report_id, indicator),
    FOREIGN KEY (report_id) REFERENCES report (report_id)
);

-- Each report's place among the reports of its unit and period (units_system, unit_code, period_kind,
-- year_from, year, half): rank_in_period 1 = the one in force, the latest by (reported_on NULLS FIRST,
-- entered_at, report_id); `versions` = how many reports that unit filed for that period. Derived
-- data: rebuilt by antq/refresh_reports.sql whenever reports are written (the ranking is a window
-- over every report, and the pages ask for it on every run).
CREATE TABLE report_version (
    report_id      INTEGER NOT NULL PRIMARY KEY,
    versions       BIGINT  NOT NULL,
    rank_in_period BIGINT  NOT NULL
);

-- Each unit's own value in force (the macro unit_values_in_force): defined after the reporting
-- cycle's tables at the end of this file, since it reads the reports' review states.

-- The units' own reports in force; the earlier ones stay in `report` and can be shown. Reports of
-- named places below a commune are local_reports_in_force().
CREATE MACRO report_in_force() AS TABLE
SELECT r.*, v.versions, v.rank_in_period
FROM report AS r
JOIN report_version AS v USING (report_id)
WHERE v.rank_in_period = 1 AND r.local_unit_id IS NULL;

CREATE MACRO local_reports_in_force() AS TABLE
SELECT r.*, v.versions, v.rank_in_period, l.venue_kind AS local_kind, l.name AS local_name
FROM report AS r
JOIN report_version AS v USING (report_id)
JOIN local_unit AS l USING (local_unit_id)
WHERE v.rank_in_period = 1;

-- ============================================================================ reporting cycle: review
-- (issue 27; antq/cycle/review.py, docs/reporting-cycle.md "Duyệt và khóa số liệu".) A result report
-- goes draft -> submitted -> approved, or returned (with a comment) -> corrected (a new report of the
-- same unit and period) -> submitted again; an approval locks the unit and period against any later
-- report until the approving level unlocks it (with a reason). Every step is a row here, never
-- changed or deleted; the state is derived (report_review_state()). A report with no row at all was
-- entered before the review existed (or by the demo build): state 'legacy', in force as before,
-- never counted as approved.
CREATE TABLE report_review (
    event_id  INTEGER   NOT NULL PRIMARY KEY,
    report_id INTEGER   NOT NULL,
    action    VARCHAR   NOT NULL CHECK (list_contains(review_action_codes(), action)),
    acted_by  VARCHAR   NOT NULL CHECK (length(acted_by) BETWEEN 1 AND 320),  -- e-mail, or cli:/os: identity
    acted_at  TIMESTAMP NOT NULL,
    role      VARCHAR   CHECK (list_contains(access_role_codes(), role)),  -- NULL: the operator, no grant
    via       VARCHAR   NOT NULL CHECK (list_contains(write_channel_codes(), via)),
    comment   VARCHAR   CHECK (comment IS NULL OR length(comment) <= 2000),
    -- a return says what to correct, an unlock why (antq/vocab/categories.py REVIEW_NEEDS_COMMENT)
    CHECK (NOT list_contains(review_comment_actions(), action) OR length(trim(coalesce(comment, ''))) > 0),
    FOREIGN KEY (report_id) REFERENCES report (report_id)
);

-- Each report's review state: the state its last event left it in (review_state_of(), rendered from
-- antq/vocab/categories.py REVIEW_ACTION_STATE), 'legacy' without any event; with that event's who,
-- when and comment, and who submitted it last (a reviewer may not review their own submission).
CREATE MACRO report_review_state() AS TABLE
WITH last AS (
    SELECT * FROM report_review
    QUALIFY row_number() OVER (PARTITION BY report_id ORDER BY event_id DESC) = 1
),
submitted AS (
    SELECT report_id, arg_max(acted_by, event_id) AS submitted_by, max(acted_at) AS submitted_at
    FROM report_review WHERE action = 'submit' GROUP BY report_id
)
SELECT r.report_id,
       coalesce(review_state_of(l.action), 'legacy') AS review_state,
       l.action AS last_action, l.acted_by AS last_by, l.acted_at AS last_at, l.comment AS last_comment,
       s.submitted_by, s.submitted_at
FROM report AS r
LEFT JOIN last AS l USING (report_id)
LEFT JOIN submitted AS s USING (report_id);

-- Each unit's own value in force per (year, unit, indicator), whatever it came from (issue 24): its
-- latest report in force among the period kinds `kinds` (and half `half`; 0 = any), or a figure a
-- reviewer confirmed from one of its documents ('document'); later over earlier (the report's date or
-- the document's, then when it was entered or confirmed). The one rule for "own"; the rolling up of
-- lower units and detail rows is queries/figures_by_province_year.sql's. `approved_only` (the
-- "approved only" view, antq.selection): only reports the level above approved (report_review_state()
-- 'approved'); a document's figure has not been through that review and is left out.
CREATE MACRO unit_values_in_force(year_from, year_to, kinds, half, indicators, approved_only := false) AS TABLE
WITH candidates AS (
    SELECT r.year, r.units_system, r.unit_code, v.indicator, v.value, v.denominator, v.qualifier,
           v.qualifier_word, 'report' AS source, r.reported_on AS dated, r.entered_at AS entered, r.report_id AS tiebreak
    FROM report AS r
    JOIN report_value AS v USING (report_id)
    JOIN report_version AS rv USING (report_id)
    WHERE rv.rank_in_period = 1 AND r.local_unit_id IS NULL
      AND (NOT approved_only
           OR r.report_id IN (SELECT report_id FROM report_review_state() WHERE review_state = 'approved'))
      AND r.year BETWEEN year_from AND year_to AND list_contains(kinds, r.period_kind)
      AND (half = 0 OR r.half = half)
      AND list_contains(indicators, v.indicator)
    UNION ALL
    SELECT f.year, f.units_system, f.unit_code, f.indicator, f.value, f.denominator, f.qualifier,
           f.qualifier_word, 'document', d.issued_on, f.confirmed_at, -f.document_id
    FROM document_figure AS f
    JOIN document AS d USING (document_id)
    WHERE f.unit_code IS NOT NULL AND half = 0 AND NOT approved_only
      AND f.year BETWEEN year_from AND year_to AND list_contains(kinds, f.period_kind)
      AND list_contains(indicators, f.indicator)
)
SELECT * EXCLUDE (dated, entered, tiebreak)
FROM candidates
QUALIFY row_number() OVER (PARTITION BY year, units_system, unit_code, indicator
                           ORDER BY dated DESC NULLS LAST, entered DESC, tiebreak DESC) = 1;

-- ============================================================================ the year's evaluation
-- The classification of residential areas, communes, agencies, enterprises and schools (Quyết định
-- 510/QĐ-BCA-V05: excellent / good / average / weak; self-assessment, then review by the level above)
-- and their recognition as "An toàn về an ninh, trật tự" (Thông tư 124/2021/TT-BCA): one row per
-- evaluated unit, named, under its commune (a commune's own row is under itself). Imported like the
-- other detail files (antq/importer, kind 'evaluations'; who and when: data_source, import_audit).
-- antq/refresh_summary.sql turns the rows into the catalogue's count indicators (class_*, safe_*)
-- in unit_indicator_detail, so they roll up through the one store of figures; a unit's own report
-- of those counts stays over the sum of its rows.
CREATE TABLE evaluation_unit (
    year            SMALLINT NOT NULL CHECK (year BETWEEN first_report_year() AND last_report_year()),
    units_system    SMALLINT NOT NULL,
    unit_code       VARCHAR  NOT NULL,  -- the commune the evaluated unit lies in
    eval_subject    VARCHAR  NOT NULL CHECK (list_contains(eval_subject_codes(), eval_subject)),
    evaluated_name  VARCHAR  NOT NULL CHECK (length(evaluated_name) BETWEEN 1 AND 1000),
    self_grade      VARCHAR  CHECK (self_grade IS NULL OR list_contains(eval_grade_codes(), self_grade)),
    grade           VARCHAR  NOT NULL CHECK (list_contains(eval_grade_codes(), grade)),  -- after review
    recognised_safe BOOLEAN  NOT NULL,
    source_id       INTEGER  NOT NULL,
    PRIMARY KEY (year, units_system, unit_code, eval_subject, evaluated_name),
    CHECK (units_system = units_system_of(year)),
    FOREIGN KEY (units_system, unit_code) REFERENCES admin_unit (units_system, unit_code),
    FOREIGN KEY (source_id) REFERENCES data_source (source_id)
);

-- ============================================================================ the reporting cycle
-- (issue 27; antq/cycle, docs/reporting-cycle.md.) Which units must file which form for which period,
-- by when. An administrator sets an obligation in the app (or on the command line); each setting is a
-- new row, never an update: the latest row of a (form, period kind, half, year) is in force, a
-- 'withdraw' row ends it, and the earlier rows stay as the obligation's history with who and when.
-- Completeness and timeliness follow from it and from `report` (queries/cycle_progress.sql).
CREATE TABLE report_obligation (
    obligation_id     INTEGER   NOT NULL PRIMARY KEY,
    form              VARCHAR   NOT NULL CHECK (list_contains(report_form_codes(), form)),
    period_kind       VARCHAR   NOT NULL CHECK (list_contains(period_kind_codes(), period_kind)),
    half              SMALLINT  NOT NULL CHECK (half IN (0, 1, 2)),  -- 0 unless a half year
    year              SMALLINT  NOT NULL CHECK (year BETWEEN first_report_year() AND last_report_year()),
    action            VARCHAR   NOT NULL CHECK (list_contains(obligation_action_codes(), action)),
    level             VARCHAR   CHECK (list_contains(obligation_level_codes(), level)),
    province_codes    VARCHAR[],  -- today's (2025) provinces it is limited to; NULL: every province
    cutoff            DATE,       -- the day the figures count to
    commune_deadline  DATE,       -- communes -> their province (level 'commune')
    province_deadline DATE,       -- provinces (or the national summary) -> the Ministry
    note              VARCHAR,
    set_at            TIMESTAMP NOT NULL,
    set_by            VARCHAR   NOT NULL,  -- the signed-in e-mail, or cli:<user> on the command line
    via               VARCHAR   NOT NULL CHECK (via <> 'demo' AND list_contains(write_channel_codes(), via)),
    CHECK ((period_kind = 'half_year') = (half IN (1, 2))),
    CHECK (action = 'withdraw' OR (level IS NOT NULL AND cutoff IS NOT NULL AND province_deadline IS NOT NULL)),
    CHECK ((level = 'commune') = (commune_deadline IS NOT NULL) OR action = 'withdraw'),
    CHECK (commune_deadline IS NULL OR commune_deadline <= province_deadline),
    CHECK (cutoff IS NULL OR cutoff <= coalesce(commune_deadline, province_deadline)),
    CHECK (province_codes IS NULL OR (len(province_codes) > 0
           AND regexp_full_match(array_to_string(province_codes, ','), '[0-9]{2}(,[0-9]{2})*')))
);
