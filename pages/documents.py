"""Kế hoạch và văn bản: the registry of plans and reports (the cascade of the year, plan versus
result, confirmed figures) and the intake of a new document with review before saving."""

import polars as pl
import streamlit as st

from antq import i18n, maps
from antq.access import web as access
from antq.cache import cached
from antq.documents import intake_page
from antq.documents import service as docs
from antq.ui import frame

# antq.documents.service's questions, cached like antq.service's (until that module decorates them).
cascade, province_plans, planned_sites, figures, registered = (
    cached(f) for f in (docs.cascade, docs.province_plans, docs.planned_sites, docs.figures, docs.registered)
)

ctx = frame.page_header("Kế hoạch và văn bản", "Plans and documents")
sel, t, lang = ctx.selection, ctx.t, ctx.lang

VIEWS = {
    "cascade": ("Cây kế hoạch", "Plan cascade"),
    "plan_result": ("Kế hoạch và kết quả", "Plan versus result"),
    "figures": ("Số liệu từ văn bản", "Figures from documents"),
    "documents": ("Danh sách văn bản", "Documents"),
    "add": ("Đăng ký văn bản", "Register a document"),
}
view = (
    st.segmented_control(
        t("Xem", "View"),
        list(VIEWS),
        format_func=lambda v: t(*VIEWS[v]),
        key=frame.lkey("docs_view"),
        default="cascade",
    )
    or "cascade"
)
st.caption(
    t(
        "Các văn bản có nguồn “Văn bản thật” là kế hoạch thật đã ban hành (số, ngày như bản gốc); "
        "số liệu tổ chức Ngày hội bên cạnh vẫn là dữ liệu minh họa.",
        "Documents marked “Real document” are real plans as issued (numbers and dates as in the original); "
        "the festival figures beside them are still illustrative.",
    )
)


def table(df: pl.DataFrame, key: str, name: str) -> None:
    frame.chart(None, docs.labelled(df, lang), key, name, sel.year)


if view == "cascade":
    tree = cascade(ctx.source, sel)
    plans = province_plans(ctx.source, sel)
    st.subheader(t(f"Cây kế hoạch năm {sel.year}", f"Plan cascade {sel.year}"))
    if tree.is_empty():
        frame.empty_note(ctx, "văn bản đăng ký", "registered documents")
    else:
        lines = []
        for r in tree.iter_rows(named=True):
            pad = "&nbsp;" * 6 * r["depth"]
            if r["registered"]:
                kind = t(*docs.KIND_LABELS[r["kind"]]) if r["kind"] else ""
                lvl = t(*docs.LEVEL_LABELS[r["level"]]) if r["level"] else ""
                what = f"**{kind} {r['number'] or t('(không số)', '(no number)')}** · {lvl}"
                if r["issuer"]:
                    what += f" · {r['issuer']}"
            elif r["registered"] is None:  # registered outside the user's scope: only the number cited
                what = str(r["number"])
            else:
                what = f"{r['number']} — :orange[{t('chưa đăng ký', 'not registered')}]"
            lines.append(f"{pad}{'└ ' if r['depth'] else ''}{what}")
        st.markdown("  \n".join(lines), unsafe_allow_html=True)
    gaps = plans.filter(pl.col("plan_status") == "missing")
    if sel.provinces:
        gaps = gaps.filter(pl.col("province_code").is_in(sel.province_list))
    out_of = len(sel.provinces) if sel.provinces else plans.height
    st.markdown(
        t(
            f"**Tỉnh chưa có kế hoạch năm {sel.year}:** {gaps.height} / {out_of}",
            f"**Provinces without a plan for {sel.year}:** {gaps.height} / {out_of}",
        )
    )
    st.caption(", ".join(gaps["province_name"].to_list()))
    table(tree.drop("depth"), "docs_cascade", "documents_cascade")

elif view == "plan_result":
    plans = province_plans(ctx.source, sel)
    shown = plans.filter(pl.col("province_code").is_in(sel.province_list)) if sel.provinces else plans
    with_plan = shown.filter(pl.col("plan_status") != "missing")
    frame.metric_cards(
        [
            (t("Tỉnh có kế hoạch", "Provinces with a plan"), f"{with_plan.height} / {shown.height}", None),
            (
                t("Tỷ lệ xã tổ chức (tỉnh có kế hoạch)", "Commune coverage (provinces with a plan)"),
                i18n.percent(100 * with_plan["communes_held"].sum() / with_plan["communes_total"].sum(), 1, lang)
                if with_plan.height
                else "—",
                None,
            ),
            (
                t("Đạt chỉ tiêu", "Targets met"),
                f"{shown.filter(pl.col('target_met'))['province_code'].len()} / "
                f"{shown.filter(pl.col('target_met').is_not_null()).height}",
                None,
            ),
        ]
    )
    values = plans.select(
        "province_code",
        "province_name",
        value=pl.when(pl.col("plan_status") != "missing").then(pl.col("coverage_pct")),
    )
    if values["value"].drop_nulls().len() >= 1:
        fig = maps.province_choropleth(
            values,
            sel.units,
            t("Tỷ lệ xã tổ chức (%)", "Commune coverage (%)"),
            list(sel.provinces),
            k=min(5, max(1, values["value"].drop_nulls().n_unique())),
            title=t(
                f"Tỉnh có kế hoạch {sel.year}: tỷ lệ xã tổ chức Ngày hội (xám: chưa có kế hoạch)",
                f"Provinces with a {sel.year} plan: commune coverage (grey: no plan)",
            ),
            lang=lang,
            only=sel.scope_provinces,
        )
        frame.plot(fig, "docs_map", width="content", config=maps.CHART_CONFIG)
    table(shown, "docs_plan_result", "documents_plan_result")
    st.subheader(t("Địa điểm dự kiến và điểm đã tổ chức", "Planned sites and festival points held"))
    table(planned_sites(ctx.source, sel), "docs_sites", "documents_planned_sites")

elif view == "figures":
    figs = figures(ctx.source, sel, lang)
    st.caption(
        t(
            "Chỉ những số liệu đã được người xem lại xác nhận; mỗi số kèm văn bản và câu nguồn.",
            "Only figures a reviewer confirmed, each with its document and source sentence.",
        )
    )
    cols = [
        "number",
        "province_name",
        "indicator_label",
        "value_as_written",
        "value",
        "denominator",
        "qualifier",
        "sentence",
        "review",
        "confirmed_by",
        "confirmed_at",
        "file_name",
        "indicator",
    ]
    table(figs.select(cols), "docs_figures", "documents_figures")

elif view == "documents":
    table(registered(ctx.source, sel), "docs_list", "documents")

else:
    access.require("import")  # document intake writes: signed-in reporters and administrators only
    intake_page.draw(ctx)
