"""The questions the documents page and its downloads ask: each takes a connection and a checked
Selection and returns a Polars frame (cached by antq.ui.state.call)."""

from __future__ import annotations

import dataclasses

import polars as pl

from antq import queries
from antq.selection import Selection
from antq.vocab.indicators import BY_CODE, QUALIFIERS

LEVEL_ORDER = {"central": 0, "province": 1, "district": 2, "commune": 3}
LEVEL_LABELS = {
    "central": ("Trung ương", "Central"),
    "province": ("Tỉnh", "Province"),
    "district": ("Huyện", "District"),
    "commune": ("Xã", "Commune"),
}
KIND_LABELS = {
    "plan": ("Kế hoạch", "Plan"),
    "report": ("Báo cáo", "Report"),
    "directive": ("Chỉ đạo", "Directive"),
    "news": ("Tin bài", "News item"),
}


def registered(conn, sel: Selection) -> pl.DataFrame:
    return queries.run(conn, "documents_registered", year=sel.year, units=sel.units, **sel.unit_filter)


def province_plans(conn, sel: Selection) -> pl.DataFrame:
    return queries.run(conn, "documents_province_plans", year=sel.year, units=sel.units)


def planned_sites(conn, sel: Selection) -> pl.DataFrame:
    df = queries.run(conn, "documents_planned_sites", year=sel.year, units=sel.units)
    return df.filter(pl.col("province_code").is_in(sel.province_list)) if sel.provinces else df


def as_written(value: float, qualifier: str, lang: str = "vi", word: str = "") -> str:
    """A figure as a report writes it: 'trên 5.800', 'hơn 5.800'; `word` is the qualifier as the
    source wrote it ("trên" stays "trên"), else the qualifier's usual word (the one rule:
    antq/vocab/report_rules.py `as_published`)."""
    from antq.vocab.report_rules import as_published

    words = QUALIFIERS[qualifier][0]
    return as_published(value, qualifier, word if word and word in words else None, lang)


def figures(conn, sel: Selection, lang: str = "vi") -> pl.DataFrame:
    """Confirmed figures from documents, with the indicator's label and the value as written."""
    df = queries.run(conn, "documents_figures", year=sel.year, units=sel.units, **sel.unit_filter)
    # Written out in Python over the rows, not in a Polars callback (issue 23).
    written = [
        as_written(v, q, lang, w or "")
        for v, q, w in zip(df["value"].to_list(), df["qualifier"].to_list(), df["qualifier_word"].to_list())
    ]
    return df.with_columns(
        indicator_label=pl.col("indicator").replace_strict(
            {c: (i.label_en if lang == "en" else i.label_vi) for c, i in BY_CODE.items()}, default=pl.col("indicator")
        ),
        value_as_written=pl.Series(written, dtype=pl.String),
    )


def _cited(number: str, province_code: str | None, registered: bool | None) -> dict:
    """A node known only by the number a registered document cites."""
    return {
        "document_id": None,
        "number": number,
        "kind": None,
        "level": None,
        "registered": registered,
        "province_code": province_code,
        "issuer": None,
        "subject": None,
    }


def cascade(conn, sel: Selection) -> pl.DataFrame:
    """The year's cascade as rows of a tree, parents first: depth, label, document_id (NULL for a
    cited document that is not registered), registered. Province-level rows are filtered by the
    selection's provinces; central ones always show. Documents and links are read with the same
    scope (`sel.unit_filter`): a link whose document the user may not see is not read at all, and
    a registered parent outside the scope shows only the number its child cites (registered NULL:
    whether and where it is registered is not this user's to know)."""
    scoped = dataclasses.replace(sel, provinces=())  # the whole scope; the chosen provinces filter below
    docs = registered(conn, scoped)
    links = queries.run(conn, "documents_cascade_links", year=sel.year, units=sel.units, **scoped.unit_filter)
    nodes: dict[str, dict] = {}
    for r in docs.iter_rows(named=True):
        nodes[f"d{r['document_id']}"] = r | {"registered": True}
    parent_of: dict[str, str] = {}
    for r in links.iter_rows(named=True):
        child = f"d{r['document_id']}"
        if r["parent_document_id"] is not None and r["parent_visible"]:
            key = f"d{r['parent_document_id']}"
        elif r["parent_document_id"] is not None:  # registered, outside the scope: the cited number only
            key = f"x{r['cited_number']}"
            nodes.setdefault(key, _cited(r["cited_number"], r["province_code"], None))
        else:
            key = f"n{r['cited_number']}"
            nodes.setdefault(key, _cited(r["cited_number"], r["province_code"], False))
        parent_of.setdefault(child, key)
        if key not in nodes:  # a registered parent of another year
            nodes[key] = {
                "document_id": r["parent_document_id"],
                "number": r["cited_number"],
                "kind": None,
                "level": r["parent_level"],
                "registered": True,
                "province_code": None,
                "issuer": None,
                "subject": None,
            }
    children: dict[str, list[str]] = {}
    for c, p in parent_of.items():
        children.setdefault(p, []).append(c)
    roots = [k for k in nodes if k not in parent_of]
    roots.sort(key=lambda k: (LEVEL_ORDER.get(nodes[k]["level"] or "central", 0), nodes[k].get("province_code") or ""))
    rows: list[dict] = []

    def walk(k: str, depth: int) -> None:
        n = nodes[k]
        rows.append(
            {
                "depth": depth,
                "document_id": n["document_id"],
                "number": n["number"],
                "kind": n["kind"],
                "level": n["level"],
                "province_code": n.get("province_code"),
                "issuer": n.get("issuer"),
                "subject": n.get("subject"),
                "registered": n["registered"],
            }
        )
        for c in sorted(children.get(k, []), key=lambda c: LEVEL_ORDER.get(nodes[c]["level"] or "", 9)):
            walk(c, depth + 1)

    for k in roots:
        walk(k, 0)
    schema = {
        "depth": pl.Int32,
        "document_id": pl.Int32,
        "number": pl.String,
        "kind": pl.String,
        "level": pl.String,
        "province_code": pl.String,
        "issuer": pl.String,
        "subject": pl.String,
        "registered": pl.Boolean,
    }
    out = pl.DataFrame(rows, schema=schema)
    if sel.provinces:
        keep = out["province_code"].is_in(sel.province_list) | out["province_code"].is_null()
        out = out.filter(keep)
    return out


# Column labels of the frames above, for tables and downloads (Vietnamese, English).
COLUMNS: dict[str, tuple[str, str]] = {
    "document_id": ("Mã văn bản", "Document ID"),
    "kind": ("Loại văn bản", "Kind"),
    "number": ("Số, ký hiệu", "Number"),
    "issuer": ("Cơ quan ban hành", "Issuer"),
    "level": ("Cấp", "Level"),
    "province_code": ("Mã tỉnh", "Province code"),
    "province_name": ("Tỉnh, thành phố", "Province"),
    "unit_code": ("Mã đơn vị", "Unit code"),
    "unit_name": ("Đơn vị", "Unit"),
    "issued_on": ("Ngày ban hành", "Issued on"),
    "year": ("Năm", "Year"),
    "subject": ("Trích yếu", "Subject"),
    "festival_start": ("Ngày hội từ", "Festival from"),
    "festival_end": ("Ngày hội đến", "Festival to"),
    "parents": ("Văn bản thực hiện (cấp trên)", "Implements"),
    "figures": ("Số liệu đã xác nhận", "Confirmed figures"),
    "origin": ("Nguồn", "Origin"),
    "file_name": ("Tệp gốc", "Original file"),
    "file_sha256": ("Mã băm tệp (SHA-256)", "File SHA-256"),
    "registered_by": ("Người đăng ký", "Registered by"),
    "registered_at": ("Thời điểm đăng ký", "Registered at"),
    "plans": ("Số kế hoạch", "Plans"),
    "news": ("Số tin bài", "News items"),
    "plan_status": ("Kế hoạch năm", "Plan of the year"),
    "target_pct": ("Chỉ tiêu xã tổ chức (%)", "Target share of communes (%)"),
    "communes_total": ("Tổng số xã", "Communes"),
    "communes_held": ("Số xã tổ chức Ngày hội", "Communes that held the festival"),
    "coverage_pct": ("Tỷ lệ xã tổ chức (%)", "Commune coverage (%)"),
    "target_met": ("Đạt chỉ tiêu", "Target met"),
    "site": ("Địa điểm dự kiến", "Planned site"),
    "planned_on": ("Ngày dự kiến", "Planned date"),
    "points_in_year": ("Số điểm tổ chức trong năm", "Festival points in the year"),
    "points_on_planned_date": ("Số điểm đúng ngày dự kiến", "Points on the planned date"),
    "first_held_on": ("Ngày tổ chức đầu tiên", "First held on"),
    "held_as_planned": ("Tổ chức đúng kế hoạch", "Held as planned"),
    "period_kind": ("Kỳ báo cáo", "Period"),
    "indicator": ("Mã chỉ tiêu", "Indicator code"),
    "indicator_label": ("Chỉ tiêu", "Indicator"),
    "value": ("Giá trị", "Value"),
    "value_as_written": ("Số liệu (như văn bản)", "Figure as written"),
    "denominator": ("Trên tổng số", "Out of"),
    "qualifier": ("Mức độ chính xác", "Qualifier"),
    "sentence": ("Câu nguồn", "Source sentence"),
    "extracted_value": ("Giá trị trích xuất", "Extracted value"),
    "review": ("Xem lại", "Review"),
    "confirmed_by": ("Người xác nhận", "Confirmed by"),
    "confirmed_at": ("Thời điểm xác nhận", "Confirmed at"),
    "depth": ("Tầng", "Depth"),
    "registered": ("Đã đăng ký", "Registered"),
}
VALUE_LABELS = {
    "kind": KIND_LABELS,
    "level": LEVEL_LABELS,
    "plan_status": {
        "plan": ("Có kế hoạch", "Plan registered"),
        "news_only": ("Chỉ có tin bài", "News item only"),
        "missing": ("Chưa có", "None"),
    },
    "origin": {
        "seed": ("Văn bản thật (dữ liệu mẫu)", "Real document (demo)"),
        "illustrative": ("Văn bản minh họa (dữ liệu mẫu)", "Illustrative document (demo)"),
        "uploaded": ("Tải lên", "Uploaded"),
    },
    "qualifier": {k: (v[1], v[2]) for k, v in QUALIFIERS.items()},
}


def labelled(df: pl.DataFrame, lang: str = "vi") -> pl.DataFrame:
    """Codes as words and columns under their labels, for the page's tables and downloads."""
    i = 1 if lang == "en" else 0
    exprs = []
    for name, dtype in df.schema.items():
        if name in VALUE_LABELS and dtype == pl.String:
            exprs.append(pl.col(name).replace({k: v[i] for k, v in VALUE_LABELS[name].items()}))
        else:
            exprs.append(pl.col(name))
    out = df.select(exprs)
    return out.rename({c: COLUMNS[c][i] for c in out.columns if c in COLUMNS})
