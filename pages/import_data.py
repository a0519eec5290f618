"""Nhập dữ liệu: templates, upload -> preview -> validate -> confirm, the reporting-status grid and
the import history. Thin: the work is in antq.importer."""

import streamlit as st

from antq import db, i18n
from antq.access import deferred
from antq.access import web as access
from antq.importer import load, page, problems, spec, template
from antq.importer.status import OUTCOME_LABELS
from antq.importer.validate import last_year
from antq.reports.form import looks_like_report
from antq.ui import frame, previews, report_form, report_status, state
from antq.units import province_names
from antq.vocab.unit_systems import (
    FIRST_NEW_SYSTEM_YEAR,
    LAST_OLD_SYSTEM_YEAR,
    PROVINCE_COUNT,
    SYSTEM_NEW,
    SYSTEM_OLD,
    system_for_year,
)

try:
    ctx = frame.current()
except KeyError:  # opened on its own (tests): draw the shared frame first
    ctx = frame.setup()
t, lang = ctx.t, ctx.lang
access.require("import")  # reached by URL too: checked here, not only hidden from the menu
st.title(t("Nhập dữ liệu", "Import data"))
st.caption(
    t(
        "Nhập số liệu báo cáo của Công an các tỉnh và Ban Chỉ đạo 138 từ tệp Excel (.xlsx) hoặc CSV theo mẫu. "
        "Cả tệp được nhập hoặc không nhập gì; số liệu nhập thay thế dữ liệu minh họa của tỉnh và năm đó.",
        "Import provincial reports from template XLSX or CSV files. A file is loaded entirely or not at all; "
        "imported figures replace the illustrative data of that province and year.",
    )
)
previews.expired_notice(t)  # a preview lost with a restarted server's session says so

# ---------------------------------------------------------------- templates
with st.expander(t("1. Tải tệp mẫu", "1. Download a template"), icon=":material/download:"):
    c1, c2, c3 = st.columns(3)
    kind = c1.selectbox(
        t("Loại số liệu", "Kind"), spec.KINDS, format_func=lambda k: spec.KIND_LABELS[k], key="imp_kind"
    )
    year = c2.number_input(
        t("Năm", "Year"),
        min_value=db.YEAR_FIRST_ALLOWED,
        max_value=last_year(),
        value=min(ctx.selection.year or last_year(), last_year()),
        step=1,
        key="imp_year",
    )
    provs = province_names(system_for_year(int(year)))
    provs = {c: provs[c] for c in access.template_provinces(list(provs), system_for_year(int(year)))}
    prov = c3.selectbox(
        t("Tỉnh, thành phố", "Province"), list(provs), format_func=lambda c: f"{provs[c]} ({c})", key="imp_prov"
    )
    d1, d2, _ = st.columns([1, 1, 3])
    for col, fmt, mime in (
        (d1, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (d2, "csv", "text/csv"),
    ):
        col.download_button(
            t(f"Tải mẫu {fmt.upper()}", f"Template {fmt.upper()}"),
            data=deferred.download(lambda fmt=fmt: page.template_bytes(kind, int(year), prov, fmt)),
            file_name=template.file_name(kind, int(year), prov, fmt),
            mime=mime,
            key=f"imp_tpl_{fmt}",
            on_click="ignore",
        )

# ---------------------------------------------------------------- upload, preview, confirm
st.subheader(t("2. Tải tệp lên và kiểm tra", "2. Upload and check"))
up = st.file_uploader(
    t("Tệp số liệu (.xlsx hoặc .csv)", "Data file (.xlsx or .csv)"),
    type=["xlsx", "csv"],
    key=f"imp_file_{st.session_state.get('imp_round', 0)}",  # a new key after an import frees the upload
)
if up is not None and looks_like_report(up.getvalue()):
    report_form.upload(ctx, up.getvalue(), up.name)  # a filled result report form: its own checks and save
elif up is not None:
    data = up.getvalue()
    cache = st.session_state.setdefault("imp_plans", {})
    snap = state.snapshot()
    key = (up.name, load.sha256(data), snap.version)
    if key not in cache:
        cache.clear()
        with st.spinner(t("Đang kiểm tra tệp...", "Checking the file...")):
            cache[key] = page.preview(data, up.name, snap.conn, access.actor())  # the scope first
            # a refused upload is recorded with its author, as the command line records one
            page.record_refusal(cache[key], data, access.actor(), st.session_state.setdefault("imp_refused", set()))
    plan = cache[key]
    previews.shown()
    pr = plan.problems
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("Loại số liệu", "Kind"), spec.KIND_SHORT.get(plan.kind, "–") if plan.kind else "–")
    m2.metric(t("Số dòng", "Rows"), i18n.number(plan.rows, 0, lang))
    m3.metric(t("Lỗi", "Errors"), pr.n_errors)
    m4.metric(t("Cảnh báo", "Warnings"), pr.n_warnings)
    report = pr.frame()
    if not report.is_empty():
        for sev, title, g in page.problem_groups(report):
            icon = ":material/error:" if sev == problems.ERROR else ":material/warning:"
            with st.expander(
                f"{problems.SEVERITY_LABELS[sev]}: {title} ({len(g)})", icon=icon, expanded=sev == problems.ERROR
            ):
                st.dataframe(page.problems_for_display(g.head(500)), hide_index=True, width="stretch")
        st.download_button(
            t("Tải báo cáo lỗi (CSV)", "Download the error report (CSV)"),
            data=problems.report_csv(report),
            file_name=f"bao_cao_loi_{up.name}.csv",
            mime="text/csv",
            key="imp_report",
            on_click="ignore",
        )
    if plan.unchanged:
        st.info(
            t(
                "Tệp này đã được nhập trước đó; nhập lại không thay đổi gì.",
                "This file is already loaded; importing it again changes nothing.",
            ),
            icon=":material/info:",
        )
    elif plan.ok:
        st.markdown(t("**Tỉnh và năm trong tệp**", "**Provinces and years in the file**"))
        st.dataframe(page.slices_for_display(plan), hide_index=True, width="stretch")
        with st.expander(t("Xem trước các dòng đầu", "Preview the first rows")):
            st.dataframe(page.rows_preview(plan), hide_index=True, width="stretch")
        replace = False
        if plan.needs_replace:
            st.warning(
                t(
                    "Một số tỉnh, năm trong tệp đã có số liệu nhập từ tệp khác (xem bảng trên).",
                    "Some provinces and years in the file already hold imported figures (see above).",
                ),
                icon=":material/warning:",
            )
            replace = st.checkbox(
                t("Thay thế số liệu đã nhập của các tỉnh, năm này", "Replace their imported figures"), key="imp_replace"
            )
        if st.button(
            t("Nhập vào cơ sở dữ liệu", "Import"),
            type="primary",
            disabled=plan.needs_replace and not replace,
            key="imp_go",
        ):
            try:
                plan.data = data  # the preview keeps no copy of the bytes
                res = load.commit(plan, replace=replace, via="app", actor=access.actor())
            except db.DatabaseBusy as exc:
                st.error(str(exc), icon=":material/hourglass:")
            else:
                previews.done()
                st.session_state["imp_plans"] = {}
                st.session_state["imp_round"] = st.session_state.get("imp_round", 0) + 1
                plan.data = b""
                page.release_memory()
                if res.ok:
                    st.success(
                        t(
                            f"{OUTCOME_LABELS[res.outcome]}: {plan.rows} dòng từ {up.name}.",
                            f"{res.outcome}: {plan.rows} rows from {up.name}.",
                        ),
                        icon=":material/check:",
                    )
                    if behind := db.unpublished():  # recorded, but readers still see the last version
                        st.warning(behind, icon=":material/sync_problem:")
                else:
                    st.error(
                        t(
                            "Tệp không được nhập; cơ sở dữ liệu không thay đổi.",
                            "The file was not imported; the database is unchanged.",
                        ),
                        icon=":material/error:",
                    )
                    st.dataframe(page.problems_for_display(res.problems), hide_index=True, width="stretch")
    else:
        st.error(
            t(
                "Tệp có lỗi nên chưa thể nhập; sửa theo danh sách trên rồi tải lên lại.",
                "The file has errors; fix them and upload it again.",
            ),
            icon=":material/error:",
        )

# ---------------------------------------------------------------- a result report typed in (issue 12)
with st.expander(t("Nhập báo cáo kết quả trên web", "Type in a result report"), icon=":material/edit_note:"):
    report_form.section(ctx)

# ---------------------------------------------------------------- reporting status
st.subheader(t("3. Tình hình báo cáo", "3. Reporting status"))
conn = state.snapshot().conn  # after an import above, the new version
OLD_N, NEW_N = PROVINCE_COUNT[SYSTEM_OLD], PROVINCE_COUNT[SYSTEM_NEW]
years = ctx.years or [last_year()]
y0, y1 = min(years), max(max(years), last_year())
summary, grids = access.scoped_status(*page.status_tables(conn, y0, y1, lang))
st.caption(
    t(
        f"Mỗi năm tính trên số tỉnh của hệ đơn vị năm đó: {OLD_N} tỉnh đến {LAST_OLD_SYSTEM_YEAR}, {NEW_N} tỉnh "
        f"từ {FIRST_NEW_SYSTEM_YEAR}. Mỗi ô: số tỉnh đã nhập / chỉ có dữ liệu minh họa / chưa có. "
        "Bảng chi tiết: ✔ đã nhập · ○ minh họa · – chưa có.",
        f"Each year counts the provinces of its own system: {OLD_N} up to {LAST_OLD_SYSTEM_YEAR}, {NEW_N} from "
        f"{FIRST_NEW_SYSTEM_YEAR}. Each cell: provinces imported / illustrative only / missing. "
        "Details: ✔ imported · ○ illustrative · – missing.",
    )
)
if summary is not None:
    st.dataframe(
        summary.rename({"year": t("Năm", "Year"), "provinces": t("Số tỉnh", "Provinces")}),
        hide_index=True,
        width="stretch",
    )
tabs = st.tabs([spec.KIND_LABELS[k] for k in spec.KINDS])
for tab, k in zip(tabs, spec.KINDS):
    with tab:
        for system in (SYSTEM_NEW, SYSTEM_OLD):
            g = grids[(k, system)]
            if not g.is_empty():
                st.markdown(f"**{i18n.value('units', system, lang)}**")
                st.dataframe(g, hide_index=True, width="stretch")

st.markdown(t("**Báo cáo kết quả (số liệu tổng hợp)**", "**Result reports (aggregated figures)**"))
report_status.section(ctx, "imp")

# ---------------------------------------------------------------- history
st.subheader(t("4. Lịch sử nhập", "4. Import history"))
audit = access.scoped_history(conn, page.audit_for_display(conn, lang))
if audit.is_empty():
    st.caption(t("Chưa có lần nhập nào.", "No imports yet."))
else:
    st.dataframe(audit, hide_index=True, width="stretch")
