"""The vocabulary as DuckDB macros, rendered from the Python modules of this package.

`antq.db.create_schema` runs `macros_sql()` before `schema.sql`, so the schema's CHECKs and every
file in `queries/` call the one rule instead of repeating it:

- `units_system_of(year)`: the unit system a year is recorded in;
- `year_in_view(year, units)`: whether a year's figures can be shown in system `units`;
- `latest_units_system()`: today's system (the target of the province crosswalk);
- `first_report_year()`, `last_report_year()`, `first_model_year()`: the schema's year bounds;
- `detail_measure_indicators()`, `award_indicators()`, `exemplar_indicators()`, `held_indicator()`:
  what detail rows count, as indicators of the catalogue (report_rules.DETAIL_EQUIVALENTS …), read
  by antq/refresh_summary.sql to fill unit_indicator_detail; `evaluation_class_indicators()`,
  `evaluation_safe_indicators()`: the same for the year's evaluation rows;
- `validation_rule_terms()`, `validation_rules()`, `robust_z(...)`, `history_outlier(...)`: the
  rules between figures and the outlier rule of antq/vocab/validation_rules.py;
- `<name>_codes()` for each vocabulary of `categories.SCHEMA_CHECKED` (e.g. `venue_kind_codes()`),
  `individual_only_awards()`, `value_qualifier_codes()` and
  `indicator_codes()` (the catalogue's codes, antq/vocab/indicators.py).

The macros live in the database file, so a query still runs unchanged in the DuckDB shell.
"""

from __future__ import annotations

from antq.vocab import categories, indicators, report_rules, report_years, unit_systems, validation_rules
from antq.vocab.reporting import FIGURE_KIND


def _literal(value) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return str(int(value))


def _list(values) -> str:
    return "[" + ", ".join(_literal(v) for v in values) + "]"


def units_system_case(expr: str) -> str:
    """`CASE WHEN <expr> >= 2025 THEN 2025 ELSE 2008 END`, from unit_systems.ERAS."""
    whens = " ".join(
        f"WHEN {expr} >= {_literal(first)} THEN {_literal(system)}"
        for system, first in reversed(unit_systems.ERAS)
        if first is not None
    )
    return f"CASE {whens} ELSE {_literal(unit_systems.ERAS[0][0])} END"


def macros_sql() -> str:
    lines = [
        "-- Rendered from antq/vocab (antq.vocab.sql.macros_sql); do not edit by hand.",
        f"CREATE OR REPLACE MACRO units_system_of(report_year) AS {units_system_case('report_year')};",
        "CREATE OR REPLACE MACRO year_in_view(report_year, units) AS units_system_of(report_year) <= units;",
        f"CREATE OR REPLACE MACRO latest_units_system() AS {_literal(unit_systems.LATEST_SYSTEM)};",
        f"CREATE OR REPLACE MACRO first_report_year() AS {_literal(report_years.FIRST_REPORT_YEAR)};",
        f"CREATE OR REPLACE MACRO last_report_year() AS {_literal(report_years.LAST_REPORT_YEAR)};",
        f"CREATE OR REPLACE MACRO first_model_year() AS {_literal(report_years.FIRST_MODEL_YEAR)};",
        f"CREATE OR REPLACE MACRO unit_systems() AS {_list(unit_systems.SYSTEMS)};",
        f"CREATE OR REPLACE MACRO individual_only_awards() AS {_list(categories.INDIVIDUAL_ONLY_AWARDS)};",
        f"CREATE OR REPLACE MACRO value_qualifier_codes() AS {_list(indicators.QUALIFIERS)};",
        f"CREATE OR REPLACE MACRO indicator_codes() AS {_list(indicators.BY_CODE)};",
    ]
    lines += [
        f"CREATE OR REPLACE MACRO {name}_codes() AS {_list(v.codes)};" for name, v in categories.SCHEMA_CHECKED.items()
    ]
    lines += _detail_map_macros()
    lines += _validation_macros()
    whens = " ".join(f"WHEN {_literal(a)} THEN {_literal(st)}" for a, st in categories.REVIEW_ACTION_STATE.items())
    lines.append(f"CREATE OR REPLACE MACRO review_state_of(action) AS CASE action {whens} END;")
    lines.append(f"CREATE OR REPLACE MACRO review_comment_actions() AS {_list(categories.REVIEW_NEEDS_COMMENT)};")
    return "\n".join(lines) + "\n"


def _table(columns: tuple[str, ...], rows) -> str:
    values = ", ".join("(" + ", ".join(_literal(v) for v in row) + ")" for row in rows)
    return f"SELECT * FROM (VALUES {values}) AS t({', '.join(columns)})"


def _detail_map_macros() -> list[str]:
    """What detail rows count, as indicators (antq/vocab/report_rules.py), for the refresh."""
    measures = [(m, FIGURE_KIND[m], i) for i, m in report_rules.DETAIL_EQUIVALENTS.items()]
    awards = [(a, k, i) for (a, k), i in report_rules.AWARD_INDICATORS.items()]
    exemplars = list(report_rules.EXEMPLAR_INDICATORS.items())
    classes = [(s, g, i) for (s, g), i in report_rules.EVALUATION_CLASS_INDICATORS.items()]
    safe = list(report_rules.EVALUATION_SAFE_INDICATORS.items())
    return [
        "CREATE OR REPLACE MACRO detail_measure_indicators() AS TABLE "
        + _table(("measure", "kind", "indicator"), measures)
        + ";",
        "CREATE OR REPLACE MACRO award_indicators() AS TABLE "
        + _table(("award", "recipient_kind", "indicator"), awards)
        + ";",
        "CREATE OR REPLACE MACRO exemplar_indicators() AS TABLE "
        + _table(("recipient_kind", "indicator"), exemplars)
        + ";",
        f"CREATE OR REPLACE MACRO held_indicator() AS {_literal(report_rules.HELD_INDICATOR)};",
        "CREATE OR REPLACE MACRO evaluation_class_indicators() AS TABLE "
        + _table(("eval_subject", "grade", "indicator"), classes)
        + ";",
        f"CREATE OR REPLACE MACRO evaluation_assessed() AS {_literal(report_rules.ASSESSED)};",
        "CREATE OR REPLACE MACRO evaluation_safe_indicators() AS TABLE "
        + _table(("eval_subject", "indicator"), safe)
        + ";",
    ]


def _validation_macros() -> list[str]:
    """The rules between figures and the outlier rule (antq/vocab/validation_rules.py)."""
    v = validation_rules
    rules = [(r.code, r.op, r.severity, len(r.left)) for r in v.RULES]
    terms = [(r.code, "left", t.indicator, t.part) for r in v.RULES for t in r.left]
    terms += [(r.code, "right", r.right.indicator, r.right.part) for r in v.RULES]
    return [
        "CREATE OR REPLACE MACRO validation_rules() AS TABLE "
        + _table(("rule", "op", "severity", "n_left"), rules)
        + ";",
        "CREATE OR REPLACE MACRO validation_rule_terms() AS TABLE "
        + _table(("rule", "side", "indicator", "part"), terms)
        + ";",
        f"CREATE OR REPLACE MACRO history_years() AS {_literal(v.HISTORY_YEARS)};",
        "CREATE OR REPLACE MACRO robust_z(x, median_log, mad_log) AS "
        f"{v.MAD_SCALE!r} * (ln(1 + x) - median_log) / greatest(coalesce(mad_log, 0), {v.MIN_MAD_LOG!r});",
        "CREATE OR REPLACE MACRO history_outlier(x, n, med, median_log, mad_log) AS CASE "
        f"WHEN coalesce(n, 0) = 0 OR abs(x - med) < {v.MIN_CHANGE!r} THEN false "
        f"WHEN n >= {_literal(v.MIN_HISTORY)} THEN abs(robust_z(x, median_log, mad_log)) > {v.Z_LIMIT!r} "
        f"ELSE coalesce(med > 0 AND (x > {v.FAR!r} * med OR x < med / {v.FAR!r}), false) END;",
    ]


def session_end_table_sql() -> str:
    """The table of ended sign-ins (antq/access/sessions.py), IF NOT EXISTS. Outside schema.sql and
    the schema's hash on purpose: added after databases holding imported data were in use, it is
    created by `create_schema` for a new file and by the first sign-out or revoke in an existing one,
    so an upgrade never refuses a database (antq.db.check_schema). Its CHECKs from the vocabulary."""
    return f"""CREATE TABLE IF NOT EXISTS access_session_end (
    principal_kind VARCHAR NOT NULL CHECK (list_contains(grant_principal_codes(), principal_kind)
                                           AND principal_kind <> 'group'),  -- a user, not a group
    principal      VARCHAR NOT NULL CHECK (length(principal) BETWEEN 1 AND 320),
    ended_at       DOUBLE  NOT NULL,  -- seconds since 1970 (UTC): the unit of an ID token's iat
    reason         VARCHAR NOT NULL CHECK (list_contains({_list(categories.SESSION_END_REASONS.codes)}, reason)),
    ended_by       VARCHAR NOT NULL,
    CHECK (principal_kind <> 'email' OR principal = lower(principal))
);
"""
