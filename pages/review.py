"""Duyệt báo cáo: a reviewer's queue (the submitted reports of the units under them), each report's
figures beside the unit's previous ones, approve / return with a comment, unlock with a reason, and
the history of every step. Offered to a province's or the Ministry's reporter or admin only (checked
again here). Thin: the rules and the writes are antq.cycle.review's."""

import polars as pl
import streamlit as st

from antq import db, i18n
from antq.access import web as access
from antq.cycle import review
from antq.ui import frame, state
from antq.vocab import categories, indicators

try:
    ctx = frame.current()
except KeyError:  # opened on its own (tests): draw the shared frame first
    ctx = frame.setup()
t, lang = ctx.t, ctx.lang
acc = access.current()
reach = review.reach(acc)
st.title(i18n.text("review_title", lang))
if reach is None or not access.auth_configured():
    st.error("Bạn không có quyền dùng trang này. / You may not use this page.", icon=":material/block:")
    st.stop()
st.caption(
    t(
        "Cấp tỉnh duyệt báo cáo của các xã, phường (và huyện, năm đến 2024) trong tỉnh; Bộ Công an duyệt báo cáo "
        "của các tỉnh và của toàn quốc. Số liệu đã duyệt được khóa: không nhận báo cáo mới cho đơn vị và kỳ đó "
        "cho tới khi cấp duyệt mở khóa (ghi lý do). Mọi bước được ghi lại.",
        "A province reviews its communes' (and, up to 2024, districts') reports; the Ministry the provinces' and "
        "the nation's. Approved figures are locked until the approving level unlocks them (with a reason). "
        "Every step is recorded.",
    )
)
source = state.snapshot()


def state_label(code: str) -> str:
    return categories.REVIEW_STATES.label(code, lang)


def period(r: dict) -> str:
    kind = categories.PERIOD_KINDS.label(r["period_kind"], lang)
    years = f"{r['year_from']}–{r['year']}" if r["year_from"] != r["year"] else str(r["year"])
    return f"{kind} {years}" + (f" ({r['half']})" if r.get("half") else "")


def listing(df: pl.DataFrame) -> pl.DataFrame:
    en = lang == "en"
    return df.select(
        pl.col("report_id").alias("Mã báo cáo" if not en else "Report ID"),
        pl.col("unit_name").alias("Đơn vị" if not en else "Unit"),
        pl.col("province_name").fill_null("").alias("Tỉnh" if not en else "Province"),
        pl.col("year").alias("Năm" if not en else "Year"),
        pl.col("review_state")
        .replace_strict({c: state_label(c) for c in categories.REVIEW_STATES.codes})
        .alias(i18n.text("review_state", lang)),
        pl.col("last_by").fill_null("").alias("Người thực hiện" if not en else "By"),
        pl.col("last_at").dt.strftime("%H:%M %d/%m/%Y").fill_null("").alias("Lúc" if not en else "At"),
        pl.col("last_comment").fill_null("").alias("Nhận xét" if not en else "Comment"),
    )


queue = review.reports(source, reach, ("submitted",))
done = review.reports(source, reach, ("approved", "returned", "unlocked"))
st.subheader(i18n.text("review_queue", lang) + f" ({i18n.number(queue.height, 0, lang)})")
if queue.is_empty():
    st.info(i18n.text("review_none", lang), icon=":material/inbox:")
else:
    st.dataframe(listing(queue), hide_index=True, width="stretch")
st.subheader(i18n.text("review_reviewed", lang) + f" ({i18n.number(done.height, 0, lang)})")
if not done.is_empty():
    st.dataframe(listing(done), hide_index=True, width="stretch")

both = pl.concat([queue, done], how="vertical_relaxed")
if both.is_empty():
    st.stop()
rows = {r["report_id"]: r for r in both.iter_rows(named=True)}
pick = st.selectbox(
    i18n.text("review_pick", lang),
    list(rows),
    format_func=lambda i: f"{i} · {rows[i]['unit_name']} · {period(rows[i])} · {state_label(rows[i]['review_state'])}",
    key=frame.lkey("review_pick"),
)
r = rows[pick]
st.markdown(f"**{r['unit_name']} ({r['unit_code']})** · {period(r)} · {state_label(r['review_state'])}")

st.markdown(f"**{i18n.text('review_figures', lang)}**")
vals = review.values(source, pick)
en = lang == "en"


def shown(x, q, d=None) -> str:
    return "–" if x is None else i18n.reported(x, q or "exact", lang, d)


st.table(
    pl.DataFrame(
        {
            ("Chỉ tiêu" if not en else "Indicator"): [indicators.label(c, lang) for c in vals["indicator"]],
            ("Số liệu" if not en else "Figure"): [
                shown(x, q, d) for x, q, d in vals.select("value", "qualifier", "denominator").iter_rows()
            ],
            ("Năm trước" if not en else "Previous year"): [
                shown(x, q, d)
                for x, q, d in vals.select(
                    "previous_year_value", "previous_year_qualifier", "previous_year_denominator"
                ).iter_rows()
            ],
            ("Bản trước của kỳ này" if not en else "Earlier version"): [
                shown(x, q) for x, q in vals.select("earlier_version_value", "earlier_version_qualifier").iter_rows()
            ],
        },
        schema={c: pl.String for c in ("Chỉ tiêu", "Số liệu", "Năm trước", "Bản trước của kỳ này")}
        if not en
        else {c: pl.String for c in ("Indicator", "Figure", "Previous year", "Earlier version")},
    ),
    hide_index=True,
)

steps = [
    a for a in categories.REVIEW_ACTION_FROM if a != "submit" and r["review_state"] in categories.REVIEW_ACTION_FROM[a]
]
if steps:
    comment = st.text_area(i18n.text("review_comment", lang), key=f"review_comment_{pick}", max_chars=2000)
    cols = st.columns(len(steps))
    for col, a in zip(cols, steps, strict=True):
        if col.button(
            categories.REVIEW_ACTIONS.label(a, lang),
            key=f"review_{a}_{pick}",
            type="primary" if a == "approve" else "secondary",
            width="stretch",
        ):
            try:
                msg = review.act(pick, a, access.actor(), comment)
            except review.ReviewRefused as exc:
                st.error(str(exc), icon=":material/block:")
            except db.DatabaseBusy as exc:
                st.error(str(exc), icon=":material/hourglass:")
            else:
                st.session_state["review_done"] = msg
                st.rerun()
if st.session_state.get("review_done"):
    st.success(st.session_state.pop("review_done"), icon=":material/check:")

st.markdown(f"**{i18n.text('review_history', lang)}**")
h = review.history(source, pick)
st.dataframe(
    h.select(
        pl.col("report_id").alias("Mã báo cáo" if not en else "Report ID"),
        pl.col("action")
        .replace_strict({c: categories.REVIEW_ACTIONS.label(c, lang) for c in categories.REVIEW_ACTIONS.codes})
        .alias("Bước" if not en else "Step"),
        pl.col("acted_by").alias("Người thực hiện" if not en else "By"),
        pl.col("acted_at").dt.strftime("%H:%M %d/%m/%Y").alias("Lúc" if not en else "At"),
        pl.col("comment").fill_null("").alias("Nhận xét" if not en else "Comment"),
    ),
    hide_index=True,
    width="stretch",
)
