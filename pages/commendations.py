"""Khen thưởng: commendations by award level and recipient kind, by province and by year."""

import polars as pl
import streamlit as st

from antq import charts, i18n, service
from antq.ui import frame

ctx = frame.page_header("Khen thưởng", "Commendations")
sel, t, lang = ctx.selection, ctx.t, ctx.lang
lo, hi = ctx.year_range

awards = service.commendations_by_award(ctx.source, sel, lo, hi)
this_year = awards.filter(pl.col("year") == sel.year)
if this_year.is_empty():
    frame.empty_note(ctx, "khen thưởng", "commendations")
    st.stop()
tot = service.totals_with_change(ctx.source, sel)
by_kind = this_year.group_by("recipient_kind").agg(pl.col("recipients").sum())
kind = dict(zip(by_kind["recipient_kind"], by_kind["recipients"]))
frame.metric_cards(
    [
        (
            t("Tổng lượt khen thưởng (tập thể + cá nhân)", "Commendations (collectives + individuals)"),
            i18n.headline(tot, "commendations", lang),
            frame.delta_text(tot.get("commendations_change_pct"), ctx, sel.year - 1),
            i18n.figure_origin(tot, "commendations", lang),
        ),
        (t("Tập thể", "Collectives"), i18n.number(kind.get("collective", 0), 0, lang), None),
        (t("Cá nhân", "Individuals"), i18n.number(kind.get("individual", 0), 0, lang), None),
    ]
)

frame.reported_note(ctx, tot, "commendations")

st.subheader(t(f"Theo hình thức và đối tượng — {sel.year}", f"By award and recipient kind — {sel.year}"))
order = list(i18n.VALUES["award"])
view = this_year.sort(
    pl.col("award").replace_strict({a: i for i, a in enumerate(order)}, return_dtype=pl.Int32)
).select("award", "recipient_kind", "recipients", "qualifier")
frame.chart(
    charts.bars(view, "award", "recipients", lang, color="recipient_kind", horizontal=True),
    view,
    "comm_award",
    "khen-thuong-theo-hinh-thuc",
    sel.year,
    title=t(f"Khen thưởng theo hình thức và đối tượng — {sel.year}", f"Commendations by award — {sel.year}"),
)

st.subheader(
    t(
        f"Theo năm, {lo}–{hi} (tập thể và cá nhân cộng chung)",
        f"By year, {lo}–{hi} (collectives and individuals added together)",
    )
)
per_year = awards.group_by("year", "award").agg(pl.col("recipients").sum()).sort("year", "award")
frame.chart(
    charts.bars(per_year, "year", "recipients", lang, color="award"),
    per_year,
    "comm_year",
    "khen-thuong-theo-nam",
    f"{lo}-{hi}",
    title=t(f"Khen thưởng theo năm, {lo}–{hi}", f"Commendations by year, {lo}–{hi}"),
)

st.subheader(t(f"Theo tỉnh, thành phố — {sel.year}", f"By province — {sel.year}"))
by_prov = service.headline(ctx.source, sel).select(
    "province_code", "province_name", "commendations", "commendations_qualifier"
)
frame.chart(
    charts.ranking(by_prov, "commendations", "province_name", lang, sel.provinces),
    by_prov,
    "comm_prov",
    "khen-thuong-theo-tinh",
    sel.year,
    title=t(f"Khen thưởng theo tỉnh, thành phố — {sel.year}", f"Commendations by province — {sel.year}"),
)
