"""Mô hình, điển hình tiên tiến: models by category; new, active, effective and dissolved per
year; growth; top provinces; a searchable, sortable list."""

import polars as pl
import streamlit as st

from antq import charts, i18n, service
from antq.ui import frame

ctx = frame.page_header("Mô hình, điển hình tiên tiến", "Models of exemplary practice and exemplars")
sel, t, lang = ctx.selection, ctx.t, ctx.lang
lo, hi = ctx.year_range

tot = service.totals_with_change(ctx.source, sel)
if not tot or not (tot.get("models_reported") or tot.get("exemplars_reported")):
    frame.empty_note(ctx, "mô hình", "models")
    st.stop()
prev = sel.year - 1
frame.metric_cards(
    [
        (
            t("Mô hình đang hoạt động", "Active models"),
            i18n.headline(tot, "models_active", lang),
            frame.delta_text(tot.get("models_active_change_pct"), ctx, prev),
            i18n.figure_origin(tot, "models_active", lang),
        ),
        (
            t("Hoạt động hiệu quả", "Rated effective"),
            i18n.figure(tot["models_effective"], 0, lang),
            frame.delta_text(tot.get("models_effective_change_pct"), ctx, prev),
        ),
        (
            t("Điểm nhân rộng", "Replication sites"),
            i18n.headline(tot, "model_sites", lang),
            frame.delta_text(tot.get("model_sites_change_pct"), ctx, prev),
            i18n.figure_origin(tot, "model_sites", lang),
        ),
        (
            t("Mô hình mới", "New models"),
            i18n.headline(tot, "models_new", lang),
            None,
            i18n.figure_origin(tot, "models_new", lang),
        ),
        (t("Mô hình giải thể", "Dissolved"), i18n.figure(tot["models_dissolved"], 0, lang), None),
        (
            t("Điển hình tiên tiến", "Exemplars"),
            i18n.headline(tot, "exemplars", lang),
            frame.delta_text(tot.get("exemplars_change_pct"), ctx, prev),
            i18n.figure_origin(tot, "exemplars", lang),
        ),
    ]
)

frame.reported_note(ctx, tot, "models")

cats = service.models_by_category(ctx.source, sel, lo, hi)
st.subheader(t(f"Theo loại mô hình — {sel.year}", f"By category — {sel.year}"))
this_year = cats.filter(pl.col("year") == sel.year).sort("models_active", descending=True)
frame.chart(
    charts.bars(this_year, "category", "models_active", lang, horizontal=True),
    this_year,
    "models_cat",
    "mo-hinh-theo-loai",
    sel.year,
    title=t(f"Mô hình đang hoạt động theo loại — {sel.year}", f"Active models by category — {sel.year}"),
)

st.subheader(
    t(
        f"Mới, hoạt động, hiệu quả, giải thể theo năm, {lo}–{hi}",
        f"New, active, effective, dissolved by year, {lo}–{hi}",
    )
)
flow = service.trend(ctx.source, sel, lo, hi).select(
    "year", "models_new", "models_active", "models_effective", "models_dissolved", "model_sites"
)
long = flow.unpivot(
    index="year",
    on=["models_new", "models_active", "models_effective", "models_dissolved"],
    variable_name="measure",
    value_name="models",
)
fig = charts.bars(
    long.with_columns(pl.col("measure").replace_strict({c: i18n.column(c, lang) for c in flow.columns[1:]})),
    "year",
    "models",
    lang,
    color="measure",
    barmode="group",
)
frame.chart(
    fig,
    flow,
    "models_flow",
    "mo-hinh-theo-nam",
    f"{lo}-{hi}",
    title=t(f"Mô hình mới, hoạt động, hiệu quả, giải thể, {lo}–{hi}", f"Models by state, {lo}–{hi}"),
    unit=t("Số mô hình", "Models"),
)

st.subheader(t("Tăng trưởng số điểm nhân rộng", "Growth of replication sites"))
frame.chart(
    charts.trend(flow, "model_sites", lang),
    flow.select("year", "model_sites"),
    "models_sites",
    "diem-nhan-rong",
    f"{lo}-{hi}",
    title=t(f"Số điểm nhân rộng mô hình, {lo}–{hi}", f"Model replication sites, {lo}–{hi}"),
)

st.subheader(t(f"Tỉnh, thành phố dẫn đầu — {sel.year}", f"Top provinces — {sel.year}"))
top = (
    service.headline(ctx.source, sel)
    .select(
        "province_code",
        "province_name",
        "models_active",
        "models_active_qualifier",
        "model_sites",
        "models_per_100_communes",
    )
    .sort("models_active", descending=True)
    .head(15)
)
frame.chart(
    charts.ranking(top, "models_active", "province_name", lang, sel.provinces),
    top,
    "models_top",
    "mo-hinh-theo-tinh",
    sel.year,
    title=t(f"Tỉnh, thành phố có nhiều mô hình nhất — {sel.year}", f"Provinces with the most models — {sel.year}"),
)

st.subheader(t("Danh sách mô hình", "List of models"))
models = service.table(ctx.source, sel, "models")
query = st.text_input(t("Tìm theo tên mô hình, đơn vị hoặc mã", "Search by model, unit or code"), key="models_search")
status = st.multiselect(
    t("Tình trạng", "Status"),
    list(i18n.VALUES["status"]),
    format_func=lambda s: i18n.value("status", s, lang),
    key=frame.lkey("models_status"),
    placeholder=t("Mọi tình trạng", "Any status"),
)
shown = models
if query:
    q = query.strip().lower()
    shown = shown.filter(
        pl.col("model_name").str.to_lowercase().str.contains(q, literal=True)
        | pl.col("unit_name").str.to_lowercase().str.contains(q, literal=True)
        | pl.col("model_id").str.to_lowercase().str.contains(q, literal=True)
    )
if status:
    shown = shown.filter(pl.col("status").is_in(status))
st.caption(t(f"{i18n.number(shown.height)} mô hình", f"{i18n.number(shown.height, lang=lang)} models"))
frame.chart(None, shown.drop("source_kind"), "models_list", "danh-sach-mo-hinh", sel.year)
