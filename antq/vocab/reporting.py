"""Not reported is not zero (issue 12, item 6): which kind of detail data each headline figure
comes from, and how a figure that was not reported is named.

A province-year "has reported" a kind when the store holds at least one row of it (the table
`province_year_reported`, rebuilt by antq/refresh_summary.sql). A figure of a province that has not
reported its kind is null, shown as "chưa báo cáo", left out of rankings and drawn grey on maps;
totals and shares say over how many provinces (and communes) they are computed.
"""

from __future__ import annotations

# The kinds of detail data, as province_year_reported.kind holds them (the import kinds, plus the
# exemplars the demo holds).
DETAIL_KINDS = ("festivals", "commendations", "models", "exemplars")

# Headline figure -> the kind of detail data it is computed from.
FIGURE_KIND: dict[str, str] = {
    "communes_covered": "festivals",
    "coverage_pct": "festivals",
    "festival_points": "festivals",
    "pilot_points": "festivals",
    "participants": "festivals",
    "households": "festivals",
    "gift_packages": "festivals",
    "gift_value_vnd": "festivals",
    "budget_vnd": "festivals",
    "participants_per_point": "festivals",
    "commendations": "commendations",
    "models_active": "models",
    "models_effective": "models",
    "models_new": "models",
    "models_dissolved": "models",
    "model_sites": "models",
    "models_per_100_communes": "models",
    "exemplars": "exemplars",
}


def reported_column(kind: str) -> str:
    """The headline column counting the provinces (of the year's own system) that reported `kind`."""
    return f"{kind}_reported"


NOT_REPORTED = ("chưa báo cáo", "not reported")
# What each kind is called in "x of y provinces reported …".
KIND_WORDS = {
    "festivals": ("Ngày hội", "the festival"),
    "commendations": ("khen thưởng", "commendations"),
    "models": ("mô hình", "models"),
    "exemplars": ("điển hình tiên tiến", "exemplars"),
}
