"""The briefing as an editable DOCX (python-docx): named styles (Normal, Heading 1/2, Caption),
real tables, A4 with the Decree 30/2020 margins, page numbers from page 2 (a PAGE field in the
header, with a different first page), so that an officer can write the narrative and sign."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from antq.briefing import layout as L
from antq.briefing.model import MOTTO, Briefing, Figure, Para, Table

ALIGN = {"l": WD_ALIGN_PARAGRAPH.LEFT, "r": WD_ALIGN_PARAGRAPH.RIGHT, "c": WD_ALIGN_PARAGRAPH.CENTER}
BLACK = RGBColor(0, 0, 0)
# What may follow w:pBdr inside w:pPr (ECMA-376 CT_PPrBase order).
PPR_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _face(style_or_run, lang: str) -> None:
    """Times New Roman for every script (a theme font would override it) and the text's language."""
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), L.FACE)
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr.insert_element_before(lang_el, "w:eastAsianLayout", "w:specVanish", "w:oMath")  # schema order
    lang_el.set(qn("w:val"), "vi-VN" if lang == "vi" else "en-GB")


def _styles(doc, lang: str) -> None:
    normal = doc.styles["Normal"]
    _face(normal, lang)
    normal.font.size = Pt(L.BODY_PT)
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = Mm(L.FIRST_LINE_INDENT_MM)
    pf.space_before = Pt(0)
    pf.space_after = Pt(L.SPACE_AFTER_PT)
    pf.line_spacing = L.LINE_SPACING
    for name, size in (("Heading 1", L.BODY_PT), ("Heading 2", L.BODY_PT)):
        s = doc.styles[name]
        _face(s, lang)
        s.font.size, s.font.bold, s.font.italic, s.font.color.rgb = Pt(size), True, False, BLACK
        s.paragraph_format.first_line_indent = Mm(L.FIRST_LINE_INDENT_MM)
        s.paragraph_format.space_before, s.paragraph_format.space_after = Pt(6), Pt(L.SPACE_AFTER_PT)
        s.paragraph_format.keep_with_next = True
        s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    cap = doc.styles["Caption"]
    _face(cap, lang)
    cap.font.size, cap.font.bold, cap.font.italic, cap.font.color.rgb = Pt(12), False, True, BLACK
    cap.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap.paragraph_format.first_line_indent = Mm(0)


def _para(
    container, text: str = "", *, size=None, bold=False, italic=False, align=None, indent=0.0, after=0, style=None
):
    p = container.add_paragraph(style=style)
    if text:
        r = p.add_run(text)
        r.bold, r.italic = bold or None, italic or None
        if size:
            r.font.size = Pt(size)
    pf = p.paragraph_format
    if align is not None:
        pf.alignment = align
    pf.first_line_indent = Mm(indent)
    pf.space_after = Pt(after)
    return p


def _rule_under(p, text_width_pt: float, column_mm: float) -> None:
    """A single line under the paragraph as long as `text_width_pt`: a bottom border with indents."""
    side = max((column_mm * 72 / 25.4 - text_width_pt) / 2, 0)
    p.paragraph_format.left_indent = Pt(side)
    p.paragraph_format.right_indent = Pt(side)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    # Word rejects a file whose paragraph properties are out of the schema's order.
    ppr.insert_element_before(bdr, *PPR_AFTER_BORDER)


def _text_width(text: str, size: float, bold: bool) -> float:
    """Width in points: Liberation Serif has Times New Roman's metrics."""
    from reportlab.pdfbase import pdfmetrics

    from antq.briefing import pdf

    pdf.register_fonts()
    return pdfmetrics.stringWidth(text, pdf.BOLD if bold else pdf.REG, size)


def _borderless(doc, cols_mm) -> object:
    t = doc.add_table(rows=1, cols=len(cols_mm))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for cell, w in zip(t.rows[0].cells, cols_mm):
        cell.width = Mm(w)
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return t


def _header(doc, b: Briefing) -> None:
    lh = b.letterhead
    motto1, motto2 = MOTTO[b.lang]
    left_w, right_w = L.HEADER_COLUMNS_MM
    t = _borderless(doc, L.HEADER_COLUMNS_MM)
    left, right = t.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(left, lh.parent.upper(), size=L.HEADER_PT, align=center)
    issuer = _para(left, lh.issuer.upper(), size=L.HEADER_PT, bold=True, align=center)
    _rule_under(issuer, left_w * 72 / 25.4 / 3, left_w)
    _para(
        left, ("Số: " if b.lang == "vi" else "No.: ") + lh.number, size=L.BODY_PT, align=center
    ).paragraph_format.space_before = Pt(6)
    _para(right, motto1, size=L.HEADER_PT, bold=True, align=center)
    motto = _para(right, motto2, size=L.MOTTO_PT, bold=True, align=center)
    _rule_under(motto, _text_width(motto2, L.MOTTO_PT, True), right_w)
    _para(right, b.date_line, size=L.BODY_PT, italic=True, align=center).paragraph_format.space_before = Pt(6)
    title = _para(doc, b.title, size=L.TITLE_PT, bold=True, align=center)
    title.paragraph_format.space_before = Pt(14)
    lines = b.subject.split("\n")
    subject = _para(doc, size=L.TITLE_PT, align=center, after=10)
    for i, line in enumerate(lines):
        r = subject.add_run(line)
        r.bold, r.font.size = True, Pt(L.TITLE_PT)
        if i < len(lines) - 1:
            r.add_break()
    widest = max(_text_width(s, L.TITLE_PT, True) for s in lines)
    _rule_under(subject, min(widest, L.TEXT_WIDTH_MM * 72 / 25.4) / 3, L.TEXT_WIDTH_MM)


def _table(doc, block: Table) -> None:
    cap = _para(doc, block.title, size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=4)
    cap.paragraph_format.keep_with_next = True
    t = doc.add_table(rows=1 + len(block.rows), cols=len(block.header), style="Table Grid")
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = bool(block.rows) and block.rows[-1][0] in ("Cộng", "Total")
    # The header row repeats on every page the table runs over.
    trpr = t.rows[0]._tr.get_or_add_trPr()
    head = OxmlElement("w:tblHeader")
    head.set(qn("w:val"), "true")
    trpr.insert_element_before(head, "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
    for i, row in enumerate([block.header, *block.rows]):
        for j, (cell, text) in enumerate(zip(t.rows[i].cells, row)):
            cell.width = Mm(block.widths[j] * L.TEXT_WIDTH_MM)
            p = cell.paragraphs[0]
            r = p.add_run(text)
            r.font.size = Pt(L.TABLE_PT)
            r.bold = i == 0 or (total and i == len(block.rows)) or None
            p.paragraph_format.first_line_indent = Mm(0)
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER if i == 0 else ALIGN[block.align[j]]
    if block.note:
        _para(doc, block.note, size=L.TABLE_PT, italic=True, after=4)
    _para(doc, after=2)


def _figure(doc, block: Figure, png: bytes) -> None:
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.keep_with_next = True
    p.add_run().add_picture(io.BytesIO(png), width=Mm(block.width_mm))
    doc.add_paragraph(block.caption, style="Caption")


def _closing(doc, b: Briefing) -> None:
    lh = b.letterhead
    _para(doc, after=4)
    t = _borderless(doc, L.HEADER_COLUMNS_MM)
    left, right = t.rows[0].cells
    _para(
        left,
        "Nơi nhận:" if b.lang == "vi" else "Recipients:",
        size=12,
        bold=True,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    for r in lh.recipients:
        _para(left, f"- {r}", size=L.RECIPIENTS_PT, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(right, lh.signer_title.upper(), size=L.BODY_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=60)
    _para(right, lh.signer_name or "", size=L.BODY_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _page_number(paragraph) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            run._r.append(fc)
        elif text:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = "2"  # shown until the field is updated
            run._r.append(t)


def _page_furniture(section, b: Briefing) -> None:
    section.different_first_page_header_footer = True
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.paragraph_format.first_line_indent = Mm(0)
    _page_number(head)
    if b.illustrative:
        label = (
            "DỮ LIỆU MINH HỌA — không phải số liệu báo cáo"
            if b.lang == "vi"
            else "ILLUSTRATIVE DATA — not reported figures"
        )
        for footer in (section.footer, section.first_page_footer):
            p = footer.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.first_line_indent = Mm(0)
            r = p.add_run(label)
            r.italic, r.font.size, r.font.color.rgb = True, Pt(10), RGBColor(0xA0, 0, 0)


def render(b: Briefing, pictures: dict[str, bytes]) -> bytes:
    doc = Document()
    _styles(doc, b.lang)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(L.PAGE_MM[0]), Mm(L.PAGE_MM[1])
    sec.top_margin, sec.bottom_margin = Mm(L.MARGIN_MM["top"]), Mm(L.MARGIN_MM["bottom"])
    sec.left_margin, sec.right_margin = Mm(L.MARGIN_MM["left"]), Mm(L.MARGIN_MM["right"])
    sec.header_distance, sec.footer_distance = Mm(10), Mm(8)
    _page_furniture(sec, b)
    props = doc.core_properties
    subject = b.subject.replace("\n", " ")
    props.title, props.subject, props.author = f"{b.title} — {subject}", subject, b.letterhead.issuer
    props.language = "vi-VN" if b.lang == "vi" else "en"
    _header(doc, b)
    for block in b.blocks:
        if isinstance(block, Para):
            if block.style == "heading":
                doc.add_paragraph(block.text, style="Heading 1")
            elif block.style == "subheading":
                doc.add_paragraph(block.text, style="Heading 2")
            elif block.style == "note":
                p = doc.add_paragraph()
                r = p.add_run(block.text)
                r.bold = r.italic = True
            else:
                doc.add_paragraph(block.text)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Figure) and block.key in pictures:
            _figure(doc, block, pictures[block.key])
    _closing(doc, b)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
