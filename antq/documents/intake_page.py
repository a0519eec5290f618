"""The intake screen (Streamlit glue for pages/documents.py): upload a DOCX, PDF or text document,
see every extracted value beside the sentence it came from, correct or reject it, and save only
what was confirmed."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from antq import vietnamese_numbers as numbers
from antq.access import web as access
from antq.access.scope import communes_in
from antq.documents import filing, refusals, registry
from antq.documents.extract import DOC_LEVELS, KINDS
from antq.documents.readers import ACCEPTED, DocumentError
from antq.documents.service import KIND_LABELS, LEVEL_LABELS, as_written
from antq.ui import state
from antq.units import province_names, system_for_year
from antq.vocab.indicators import CATALOGUE


def _intake(data: bytes, name: str) -> registry.Intake:
    """The upload read once per file: a refusal is kept too (a file that takes the reading limits
    to refuse is not read again at every rerun) and recorded once, with who (antq.documents.refusals)."""
    key = ("doc_intake", name, len(data), hash(data))
    if st.session_state.get("_doc_intake_key") != key:
        try:
            st.session_state["_doc_intake"] = registry.intake(data, name)
        except DocumentError as exc:
            st.session_state["_doc_intake"] = exc
            refusals.record(name, data, str(exc), who=access.identity().label, via="app")
        st.session_state["_doc_intake_key"] = key
    got = st.session_state["_doc_intake"]
    if isinstance(got, DocumentError):
        raise got
    return got


def draw(ctx) -> None:
    t, lang = ctx.t, ctx.lang
    st.subheader(t("Đăng ký văn bản", "Register a document"))
    up = st.file_uploader(
        t(
            "Kế hoạch, báo cáo, công văn hoặc tin bài (DOCX, PDF có lớp chữ, TXT)",
            "A plan, report, directive or news item (DOCX, PDF with a text layer, TXT)",
        ),
        type=[e.lstrip(".") for e in ACCEPTED],
        key="doc_upload",
    )
    if up is None:
        st.caption(
            t(
                "Dòng lệnh tương đương: python -m antq documents add TỆP",
                "The same from the command line: python -m antq documents add FILE",
            )
        )
        return
    try:
        item = _intake(up.getvalue(), up.name)
    except DocumentError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    x = item.extraction
    review = registry.Review.from_extraction(x)
    st.info(
        t(
            f"Đã đọc {len(x.text):,} ký tự; trích được {len(x.evidence)} giá trị và {len(x.figures)} số liệu. "
            "Kiểm tra từng giá trị, sửa hoặc bỏ, rồi bấm “Xác nhận và lưu”. Chỉ những gì được xác nhận mới được lưu.",
            f"Read {len(x.text):,} characters; {len(x.evidence)} values and {len(x.figures)} figures found. "
            "Check each value, correct or drop it, then press “Confirm and save”. Only what you confirm is saved.",
        ).replace(",", "."),
        icon=":material/fact_check:",
    )
    with st.form("doc_review"):
        c1, c2, c3 = st.columns(3)
        kind = c1.selectbox(
            t("Loại văn bản", "Kind"),
            KINDS,
            index=KINDS.index(x.kind) if x.kind in KINDS else None,
            format_func=lambda k: t(*KIND_LABELS[k]),
            key="doc_kind",
        )
        number = c2.text_input(t("Số, ký hiệu", "Number"), value=x.number or "", key="doc_number")
        level = c3.selectbox(
            t("Cấp ban hành", "Level"),
            DOC_LEVELS,
            index=DOC_LEVELS.index(x.level) if x.level in DOC_LEVELS else None,
            format_func=lambda v: t(*LEVEL_LABELS[v]),
            key="doc_level",
        )
        issuer = st.text_input(t("Cơ quan ban hành", "Issuer"), value=x.issuer or "", key="doc_issuer")
        c4, c5, c6 = st.columns(3)
        year = c4.number_input(t("Năm", "Year"), 2005, 2100, value=x.year or dt.date.today().year, key="doc_year")
        names = province_names(system_for_year(x.year or int(year)))
        codes = access.allowed_provinces(list(names), system_for_year(x.year or int(year)))
        province = c5.selectbox(
            t("Tỉnh, thành phố", "Province"),
            codes,
            index=codes.index(x.province_code) if x.province_code in codes else None,
            format_func=lambda c: f"{names[c]} ({c})",
            key="doc_province",
        )
        issued_on = c6.date_input(t("Ngày ban hành", "Issued on"), value=x.date, format="DD/MM/YYYY", key="doc_date")
        c7, c8 = st.columns(2)
        fs = c7.date_input(
            t("Ngày hội từ", "Festival from"), value=review.festival_start, format="DD/MM/YYYY", key="doc_fs"
        )
        fe = c8.date_input(
            t("Ngày hội đến", "Festival to"), value=review.festival_end, format="DD/MM/YYYY", key="doc_fe"
        )
        parents = st.text_input(
            t(
                "Văn bản cấp trên được thực hiện (số, cách nhau bởi dấu phẩy)",
                "Parent documents implemented (numbers, comma-separated)",
            ),
            value=", ".join(x.parents),
            key="doc_parents",
        )
        if x.planned_sites:
            st.markdown(
                t("**Địa điểm dự kiến:** ", "**Planned sites:** ")
                + "; ".join(f"{s['name']} ({s['date'] or '—'})" for s in x.planned_sites)
            )
        if x.targets:
            st.markdown(t("**Chỉ tiêu:** ", "**Targets:** ") + "; ".join(tg["text"] for tg in x.targets))
        with st.expander(t("Câu nguồn của từng giá trị", "The sentence of each value")):
            for e in x.evidence_rows():
                flag = f" — **{t('cần xem lại', 'to review')}: {e['review']}**" if e["review"] else ""
                st.markdown(f"- `{e['field']}` = {e['value']} ← « {e['text'] or '—'} »{flag}")
        st.markdown(t("**Số liệu trích xuất**", "**Extracted figures**"))
        if not x.figures:
            st.caption(t("Không tìm thấy số liệu thuộc danh mục chỉ tiêu.", "No figures of the catalogue found."))
        codes_ind = [i.code for i in CATALOGUE]
        label = {i.code: (i.label_en if lang == "en" else i.label_vi) for i in CATALOGUE}
        edits = []
        for i, f in enumerate(review.figures, start=1):
            st.markdown(f"{i}. « {f['sentence']} »")
            if f.get("review_reason"):  # not kept unless the reviewer ticks it
                st.warning(t("Cần xem lại: ", "To review: ") + f["review_reason"], icon=":material/help:")
            a, b, c = st.columns([3, 2, 1])
            ind = a.selectbox(
                t("Chỉ tiêu", "Indicator"),
                codes_ind,
                index=codes_ind.index(f["indicator"]),
                format_func=label.get,
                key=f"doc_fig_ind_{i}",
            )
            shown = as_written(f["value"], f["qualifier"], "vi", f.get("qualifier_text", ""))
            if f["denominator"] is not None:
                shown += f"/{as_written(f['denominator'], 'exact', 'vi')}"
            val = b.text_input(t("Số liệu", "Figure"), value=shown, key=f"doc_fig_val_{i}")
            keep = c.checkbox(t("Giữ", "Keep"), value=not f.get("review_reason"), key=f"doc_fig_keep_{i}")
            edits.append((f, ind, val, keep))
        submitted = st.form_submit_button(t("Xác nhận và lưu", "Confirm and save"), type="primary")
    if not submitted:
        return
    problems = []
    for i, (f, ind, val, keep) in enumerate(edits, start=1):
        if not keep:
            f["review"] = "rejected"
            continue
        try:
            if "/" in val:
                num, den = numbers.parse_ratio(val)
                value, qual, denom = num.value, num.qualifier, den.value
            else:
                n = numbers.parse(val)
                value, qual, denom = n.value, n.qualifier, None
        except ValueError:
            problems.append(
                t(
                    f"Số liệu dòng {i}: '{val}' không phải số (ví dụ đúng: 'trên 5.800', '845/879').",
                    f"Figure {i}: '{val}' is not a number (e.g. 'trên 5.800', '845/879').",
                )
            )
            continue
        changed = (value, qual, denom, ind) != (f["value"], f["qualifier"], f["denominator"], f["indicator"])
        f.update(
            indicator=ind,
            value=value,
            qualifier=qual,
            denominator=denom,
            review="corrected" if changed else "confirmed",
        )
    if problems:
        for p in problems:
            st.error(p, icon=":material/error:")
        return
    review.kind, review.number, review.level, review.issuer = (
        kind,
        number.strip() or None,
        level,
        issuer.strip() or None,
    )
    review.year, review.issued_on, review.festival_start, review.festival_end = int(year), issued_on, fs, fe
    review.parents = [p.strip() for p in parents.split(",") if p.strip()]
    review.cited = sorted(set(review.cited) | set(review.parents))
    if province != x.province_code or int(year) != x.year:
        # another province or year than read: the issuing unit read from the text no longer applies
        review.unit_code = province if level == "province" else None
        review.units_system = system_for_year(int(year)) if review.unit_code else None
    review.province_code = province
    outside = _outside_scope(province, int(year), t, review.unit_code)
    if outside:
        refusals.record(item.file_name, item.data, outside, who=access.identity().label, via="app")
        st.error(outside, icon=":material/block:")
        return
    try:
        saved = filing.save(item, review, via="app", user=access.identity().label)
    except DocumentError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    if saved.outcome == "unchanged":
        st.info(
            t(
                f"Văn bản này đã được đăng ký trước đó (mã {saved.document_id}); không có gì thay đổi.",
                f"This document was registered before (ID {saved.document_id}); nothing changed.",
            )
        )
        return
    kept = sum(1 for f in review.figures if f.get("review") != "rejected")
    st.success(
        t(
            f"Đã đăng ký văn bản mã {saved.document_id} với {kept} số liệu đã xác nhận.",
            f"Registered document {saved.document_id} with {kept} confirmed figures.",
        ),
        icon=":material/check_circle:",
    )


def _outside_scope(province: str | None, year: int, t, unit_code: str | None = None) -> str | None:
    """Checked again at saving, not only by the choices offered: a province-scoped user registers
    documents of their own provinces only, a commune-scoped user those its own communes issued; a
    central document (no province) needs the whole country."""
    acc = access.current()
    if acc.selection_scope is None:
        return None
    if acc.selection_communes is not None:
        cur = state.snapshot().conn.cursor()
        try:
            mine = communes_in(cur, acc.selection_communes, system_for_year(year))
        finally:
            cur.close()
        if unit_code and unit_code in mine:
            return None
    elif province and access.allowed_provinces([province], system_for_year(year)):
        return None
    return t(
        "Văn bản này thuộc đơn vị ngoài phạm vi được cấp cho bạn (hoặc là văn bản cấp Trung ương); "
        "không lưu. Chọn tỉnh trong phạm vi của bạn, hoặc đề nghị quản trị viên đăng ký văn bản này.",
        "This document belongs outside your scope (or is a central document); not saved. "
        "Pick a province in your scope, or ask an administrator to register it.",
    )
