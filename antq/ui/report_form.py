"""The web form of a result report on the import page: a reporter picks the unit and the period,
types the values over the catalogue's rows (st.data_editor; "trên 5.800", "845/879" as in the
file form), checks them, sees the preview, and saves.

Same validation as files by construction: the form is written as the CSV report form
(antq/reports/template.py's header block and rows) and goes through antq.reports.load's
`prepare` (preview) and `commit` (one atomic write, archived, audited, via 'app') — the path a
filled file takes. Problems name the indicator as well as the cell of that CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io

import polars as pl
import streamlit as st

from antq import db, i18n
from antq.access import web as access
from antq.importer import page as import_page
from antq.importer import problems
from antq.importer.template import units_frame
from antq.reports import form, load, template
from antq.ui import previews, state
from antq.units import province_names
from antq.vocab import categories, indicators
from antq.vocab.bounds import latest_year
from antq.vocab.report_years import FIRST_REPORT_YEAR
from antq.vocab.unit_systems import system_for_year

VALUE, NOTE, CODE = form.COLUMNS["value"], form.COLUMNS["note"], form.COLUMNS["indicator"]
FILE_NAME = "bieu-mau-web.csv"  # the name the audit and the archive give a web form


def editor_frame() -> pl.DataFrame:
    """The catalogue's rows with empty value and note columns, as the file form lays them out."""
    head, *rows = template.table_rows()
    return pl.DataFrame(rows, schema=head, orient="row")


def form_csv(
    year: int,
    province: str,
    unit_code: str,
    period_kind: str,
    half: int | None,
    year_from: int | None,
    reported_on: dt.date | None,
    reference: str,
    values: pl.DataFrame,
    as_of: dt.date | None = None,
) -> tuple[bytes, dict[int, str]]:
    """The filled CSV report form, and which CSV row holds which indicator (for the messages). A
    running total ('to_date') is written as the form says it: "đến 30/11/2025" when its day is given."""
    period_cell = categories.PERIOD_KINDS.label(period_kind)
    if period_kind == "to_date" and as_of is not None:
        period_cell = f"đến {as_of:%d/%m/%Y}"
    block = template.header_block(template.form_unit(year, unit_code))
    given = {
        form.FIELDS["unit_code"]: unit_code,
        form.FIELDS["period_kind"]: period_cell,
        form.FIELDS["half"]: str(half) if period_kind == "half_year" and half else "",
        form.FIELDS["year_from"]: str(year_from) if period_kind == "phase" and year_from else "",
        form.FIELDS["reported_on"]: reported_on.strftime("%d/%m/%Y") if reported_on else "",
        form.FIELDS["reference"]: reference.strip(),
    }
    block = [[label, given.get(label, value), hint] for label, value, hint in block]
    filled = values.filter(
        (pl.col(VALUE).fill_null("").str.strip_chars() != "") | (pl.col(NOTE).fill_null("").str.strip_chars() != "")
    )
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerows(block)
    w.writerow(list(form.COLUMNS.values()))
    rows_of: dict[int, str] = {}
    for i, row in enumerate(filled.fill_null("").iter_rows(), start=len(block) + 2):
        w.writerow(row)
        rows_of[i] = row[0]
    return "\ufeff".encode() + buf.getvalue().encode("utf-8"), rows_of


def problems_table(frame: pl.DataFrame, rows_of: dict[int, str], lang: str) -> pl.DataFrame:
    """The problems as the file path reports them, with the indicator each row holds."""
    shown = import_page.problems_for_display(frame)
    labels = [indicators.label(rows_of[r], lang) if r in rows_of else "" for r in frame["row"].to_list()]
    return shown.insert_column(0, pl.Series("Chỉ tiêu" if lang != "en" else "Indicator", labels, pl.String))


def preview_table(plan: load.Plan, lang: str) -> pl.DataFrame:
    """What will be saved: each value as the pages will write it."""
    rows = [
        {
            ("Chỉ tiêu" if lang != "en" else "Indicator"): indicators.label(v.indicator, lang),
            ("Số liệu (sẽ hiển thị)" if lang != "en" else "Figure (as shown)"): i18n.reported(
                v.value, v.qualifier, lang, v.denominator, v.qualifier_word, indicators.get(v.indicator).unit
            ),
            ("Ghi chú" if lang != "en" else "Note"): v.note or "",
        }
        for r in plan.reports
        for v in r.values
    ]
    return pl.DataFrame(rows)


def section(ctx) -> None:
    """Draw the web form (the import page calls it after the file upload)."""
    t, lang = ctx.t, ctx.lang
    ss = st.session_state
    st.caption(
        t(
            "Chọn đơn vị và kỳ, ghi số liệu vào cột “Số liệu” như trong văn bản báo cáo (“trên 5.800”, “845/879”); "
            "để trống là chưa báo cáo. Kiểm tra như khi nhập tệp, xem trước rồi lưu.",
            "Pick the unit and the period, type the figures in the “Số liệu” column as the report writes them "
            "(“trên 5.800”, “845/879”); empty is not reported. Checked as a file is, previewed, then saved.",
        )
    )
    c1, c2, c3 = st.columns(3)
    year = int(
        c1.number_input(
            t("Năm", "Year"),
            min_value=FIRST_REPORT_YEAR,
            max_value=latest_year(),
            value=min(ctx.selection.year or latest_year(), latest_year()),
            step=1,
            key="rf_year",
        )
    )
    system = system_for_year(year)
    provs = province_names(system)
    provs = {c: provs[c] for c in access.template_provinces(list(provs), system)}
    province = c2.selectbox(
        t("Tỉnh, thành phố", "Province"), list(provs), format_func=lambda c: f"{provs[c]} ({c})", key="rf_province"
    )
    units = units_frame(province, system)
    unit_names = dict(zip(units["Mã đơn vị"].to_list(), units["Tên đơn vị"].to_list()))
    unit = c3.selectbox(
        t("Đơn vị báo cáo", "Reporting unit"),
        list(unit_names),
        format_func=lambda c: f"{unit_names[c]} ({c})",
        key="rf_unit",
    )
    d1, d2, d3, d4 = st.columns(4)
    kind = d1.selectbox(
        t("Kỳ báo cáo", "Period"),
        categories.PERIOD_KINDS.codes,
        format_func=lambda k: categories.PERIOD_KINDS.label(k, lang),
        key="rf_kind",
    )
    half = year_from = as_of = None
    if kind == "to_date":
        as_of = d2.date_input(t("Tính đến ngày", "Counted to"), value=None, format="DD/MM/YYYY", key="rf_as_of")
    if kind == "half_year":
        half = d2.radio(t("Sáu tháng", "Half"), [1, 2], horizontal=True, key="rf_half")
    if kind == "phase":
        year_from = int(
            d2.number_input(
                t("Từ năm", "From"), FIRST_REPORT_YEAR, year, max(FIRST_REPORT_YEAR, year - 4), key="rf_from"
            )
        )
    reported_on = d3.date_input(t("Ngày báo cáo", "Report date"), value=None, format="DD/MM/YYYY", key="rf_date")
    reference = d4.text_input(t("Nguồn (số văn bản, URL)", "Source (document, URL)"), key="rf_ref")

    round_ = ss.get("rf_round", 0)  # a new editor after a save
    edited = st.data_editor(
        editor_frame().to_pandas(),
        column_config={
            c: st.column_config.TextColumn(c, disabled=c not in (VALUE, NOTE)) for c in form.COLUMNS.values()
        },
        hide_index=True,
        width="stretch",
        height=420,
        key=f"rf_editor_{round_}",
    )
    values = pl.from_pandas(edited).with_columns(pl.col(VALUE, NOTE).cast(pl.String))
    data, rows_of = form_csv(
        year, province, unit, kind, half, year_from, reported_on, reference or "", values, as_of=as_of
    )

    if st.button(t("Kiểm tra và xem trước", "Check and preview"), key="rf_check"):
        snap = state.snapshot()
        with st.spinner(t("Đang kiểm tra...", "Checking...")):
            ss["rf_plan"] = (data, load.prepare(data, FILE_NAME, snap.conn, access.actor()))
    held = ss.get("rf_plan")
    if not held:
        return
    if held[0] != data:  # a preview is of exactly the bytes that would be saved
        st.info(t("Số liệu đã thay đổi: hãy kiểm tra lại.", "The figures changed: check again."))
        return
    if review_and_save(ctx, held[1], rows_of, "rf", f"{unit_names[unit]}"):
        ss["rf_round"] = round_ + 1


def upload(ctx, data: bytes, file_name: str) -> None:
    """A filled report form uploaded on the import page: the same preview and save as typed values."""
    ss = st.session_state
    snap = state.snapshot()
    key = (file_name, hashlib.sha256(data).hexdigest(), snap.version)
    if ss.get("rfu_key") != key:
        with st.spinner(ctx.t("Đang kiểm tra biểu mẫu...", "Checking the form...")):
            ss["rfu_key"], ss["rfu_plan"] = key, load.prepare(data, file_name, snap.conn, access.actor())
        record_refusal(ss["rfu_plan"], access.actor(), ss.setdefault("rfu_refused", set()))
    plan = ss["rfu_plan"]
    st.caption(
        ctx.t(
            f"Tệp {file_name} là biểu mẫu báo cáo kết quả (số liệu tổng hợp).",
            f"{file_name} is a result report form (aggregated figures).",
        )
    )
    if review_and_save(ctx, plan, {}, "rfu", file_name):
        ss.pop("rfu_key", None)
        ss["imp_round"] = ss.get("imp_round", 0) + 1  # frees the uploader


def record_refusal(plan: load.Plan, actor, recorded: set) -> bool:
    """A refused upload recorded as the command line records a refused form: `load.commit` of the
    refused plan writes its line, with its author and first problems, beside the archive
    (load.REFUSED_LOG). Once per file in a session (`recorded`: the page's set of hashes)."""
    if plan.ok or plan.sha256 in recorded:
        return False
    load.commit(plan, via="app", actor=actor)
    recorded.add(plan.sha256)
    return True


def review_and_save(ctx, plan: load.Plan, rows_of: dict[int, str], key: str, what: str) -> bool:
    """Problems, preview and the save button of a prepared report plan; True once it is saved."""
    t, lang = ctx.t, ctx.lang
    pr = plan.problems
    m1, m2, m3 = st.columns(3)
    m1.metric(t("Số liệu", "Values"), i18n.number(plan.rows, 0, lang))
    m2.metric(t("Lỗi", "Errors"), pr.n_errors)
    m3.metric(t("Cảnh báo", "Warnings"), pr.n_warnings)
    report = pr.frame()
    if not report.is_empty():
        for sev, title, g in import_page.problem_groups(report):
            st.markdown(f"{problems.SEVERITY_LABELS[sev]}: **{title}** ({len(g)})")
            st.dataframe(problems_table(g, rows_of, lang), hide_index=True, width="stretch")
    if not report.is_empty():  # an approval's lock named in words, not only in the table (antq.cycle.review)
        for msg, fix in report.filter(pl.col("group") == "locked").select("message", "fix").iter_rows():
            st.error(f"{msg} {fix}", icon=":material/lock:")
    if not plan.ok:
        st.error(
            t("Chưa lưu được: sửa các lỗi trên rồi kiểm tra lại.", "Not saved: fix the errors above and check again."),
            icon=":material/error:",
        )
        return False
    st.markdown(t("**Xem trước**", "**Preview**"))
    st.table(preview_table(plan, lang), hide_index=True)
    previews.shown()  # remembered by the browser: a preview lost with the session says so (antq/ui/previews.py)
    if plan.unchanged:
        st.info(t("Báo cáo này đã được lưu; lưu lại không thay đổi gì.", "This report is saved already."))
        submit_saved(ctx, plan, key)
        return False
    # submitted to the level above as it is saved, or kept as a draft (antq.cycle.review)
    plan.submit = st.checkbox(
        i18n.text("submit_now", lang), value=True, key=f"{key}_submit", help=i18n.text("submit_now_help", lang)
    )
    if not st.button(t("Lưu báo cáo", "Save the report"), type="primary", key=f"{key}_save"):
        return False
    try:
        with st.spinner(t("Đang lưu báo cáo...", "Saving the report...")):
            res = load.commit(plan, via="app", actor=access.actor())
    except db.DatabaseBusy as exc:
        st.error(str(exc), icon=":material/hourglass:")
        return False
    st.session_state.pop(f"{key}_plan", None)
    previews.done()
    if res.outcome != "loaded":
        st.error(t("Không lưu được; cơ sở dữ liệu không thay đổi.", "Not saved; the database is unchanged."))
        st.dataframe(problems_table(res.problems, rows_of, lang), hide_index=True, width="stretch")
        return False
    note = (
        t(" Báo cáo trước của đơn vị và kỳ này vẫn được lưu.", " The earlier report is kept.") if res.superseded else ""
    )
    sent = (
        t(" Đã gửi lên cấp trên duyệt.", " Submitted for review.")
        if plan.submit
        else t(" Lưu nháp: chưa gửi duyệt.", " Saved as a draft: not submitted.")
    )
    st.success(
        t(f"Đã lưu {plan.rows} số liệu của {what}.", f"Saved {plan.rows} values of {what}.") + note + sent,
        icon=":material/check:",
    )
    return True


def submit_saved(ctx, plan: load.Plan, key: str) -> None:
    """A file saved before as a draft (or reopened by an unlock), uploaded again: its reports in force
    can be sent up as they stand ("Gửi duyệt"), each step decided by antq.cycle.review."""
    from antq import queries
    from antq.cycle import review
    from antq.vocab.categories import REVIEW_ACTION_FROM

    t = ctx.t
    saved = queries.run(state.snapshot(), "review_file_reports", sha=plan.sha256)
    open_ = saved.filter(pl.col("review_state").is_in(list(REVIEW_ACTION_FROM["submit"])))
    if open_.is_empty():
        return
    if not st.button(t("Gửi duyệt", "Submit for review"), type="primary", key=f"{key}_send"):
        return
    for rid in open_["report_id"].to_list():
        try:
            st.success(review.act(rid, "submit", access.actor()), icon=":material/check:")
        except (review.ReviewRefused, db.DatabaseBusy) as exc:
            st.error(str(exc), icon=":material/block:")
