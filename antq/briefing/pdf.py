"""The briefing as PDF (reportlab): exact A4 margins in mm, Liberation Serif embedded (subset), page
numbers at the top centre from page 2, the illustrative-data label in the bottom margin of every
page when the figures are illustrative."""

from __future__ import annotations

import io
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    HRFlowable,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from antq.briefing import layout as L
from antq.briefing.model import MOTTO, Briefing, Figure, Para, Table

REG, BOLD, ITAL, BOLD_ITAL = L.PDF_FACE, f"{L.PDF_FACE}-Bold", f"{L.PDF_FACE}-Italic", f"{L.PDF_FACE}-BoldItalic"
ALIGN = {"l": TA_LEFT, "r": TA_RIGHT, "c": TA_CENTER}


@lru_cache(maxsize=1)
def register_fonts() -> None:
    files = L.font_files()
    for name, key in ((REG, "regular"), (BOLD, "bold"), (ITAL, "italic"), (BOLD_ITAL, "bolditalic")):
        pdfmetrics.registerFont(TTFont(name, str(files[key])))
    pdfmetrics.registerFontFamily(REG, normal=REG, bold=BOLD, italic=ITAL, boldItalic=BOLD_ITAL)


def _style(
    name, size=L.BODY_PT, font=REG, align=TA_JUSTIFY, indent=0.0, after=L.SPACE_AFTER_PT, before=0.0, keep=False
):
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=size * L.LINE_SPACING,
        alignment=align,
        firstLineIndent=indent,
        spaceAfter=after,
        spaceBefore=before,
        keepWithNext=keep,
    )


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "body": _style("body", indent=L.FIRST_LINE_INDENT_MM * mm),
        "heading": _style("heading", font=BOLD, align=TA_LEFT, indent=L.FIRST_LINE_INDENT_MM * mm, keep=True, before=6),
        "subheading": _style(
            "subheading", font=BOLD, align=TA_LEFT, indent=L.FIRST_LINE_INDENT_MM * mm, keep=True, before=4
        ),
        "note": _style("note", font=BOLD_ITAL, indent=L.FIRST_LINE_INDENT_MM * mm),
        "caption": _style("caption", size=12, font=ITAL, align=TA_CENTER, before=2),
        "table_title": _style("table_title", size=12, font=BOLD, align=TA_CENTER, before=4, after=4, keep=True),
        "table_note": _style("table_note", size=L.TABLE_PT, font=ITAL, align=TA_LEFT, before=2),
        "cell": _style("cell", size=L.TABLE_PT, align=TA_LEFT, after=0),
        "cell_head": _style("cell_head", size=L.TABLE_PT, font=BOLD, align=TA_CENTER, after=0),
        "h_parent": _style("h_parent", size=L.HEADER_PT, align=TA_CENTER, after=0),
        "h_issuer": _style("h_issuer", size=L.HEADER_PT, font=BOLD, align=TA_CENTER, after=0),
        "h_motto1": _style("h_motto1", size=L.HEADER_PT, font=BOLD, align=TA_CENTER, after=0),
        "h_motto2": _style("h_motto2", size=L.MOTTO_PT, font=BOLD, align=TA_CENTER, after=0),
        "h_number": _style("h_number", size=L.BODY_PT, align=TA_CENTER, after=0),
        "h_date": _style("h_date", size=L.BODY_PT, font=ITAL, align=TA_CENTER, after=0),
        "title": _style("title", size=L.TITLE_PT, font=BOLD, align=TA_CENTER, after=0, before=14),
        "subject": _style("subject", size=L.TITLE_PT, font=BOLD, align=TA_CENTER, after=0),
        "recipients_head": _style("recipients_head", size=12, font=BOLD_ITAL, align=TA_LEFT, after=0),
        "recipients": _style("recipients", size=L.RECIPIENTS_PT, align=TA_LEFT, after=0),
        "signer": _style("signer", size=L.BODY_PT, font=BOLD, align=TA_CENTER, after=0),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _rule(width_pt: float, before=3, after=2) -> HRFlowable:
    return HRFlowable(
        width=width_pt, thickness=0.6, color=colors.black, hAlign="CENTER", spaceBefore=before, spaceAfter=after
    )


def _header(b: Briefing, st) -> list:
    lh = b.letterhead
    motto1, motto2 = MOTTO[b.lang]
    # The motto's rule is as long as the motto; the issuer's a third of the column (Decree 30: 1/3-1/2).
    motto_w = pdfmetrics.stringWidth(motto2, BOLD, L.MOTTO_PT)
    left = [
        _p(lh.parent.upper(), st["h_parent"]),
        _p(lh.issuer.upper(), st["h_issuer"]),
        _rule(L.HEADER_COLUMNS_MM[0] * mm / 3),
    ]
    right = [_p(motto1, st["h_motto1"]), _p(motto2, st["h_motto2"]), _rule(motto_w)]
    number = ("Số: " if b.lang == "vi" else "No.: ") + lh.number
    t = RLTable(
        [[left, right], [_p(number, st["h_number"]), _p(b.date_line, st["h_date"])]],
        colWidths=[w * mm for w in L.HEADER_COLUMNS_MM],
    )
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),  # the rules under the issuer and the motto
                ("FONTNAME", (0, 0), (-1, -1), REG),  # reportlab sets each cell's font, Helvetica by default
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 4),
            ]
        )
    )
    lines = b.subject.split("\n")
    subject_w = min(max(pdfmetrics.stringWidth(s, BOLD, L.TITLE_PT) for s in lines), L.TEXT_WIDTH_MM * mm)
    return [
        t,
        _p(b.title, st["title"]),
        Paragraph("<br/>".join(escape(s) for s in lines), st["subject"]),
        _rule(subject_w / 3, before=3, after=10),
    ]


def _table(block: Table, st) -> list:
    head = [_p(h, st["cell_head"]) for h in block.header]
    total = bool(block.rows) and block.rows[-1][0] in ("Cộng", "Total")
    body = []
    for i, row in enumerate(block.rows):
        font = BOLD if total and i == len(block.rows) - 1 else REG
        body.append(
            [
                _p(text, ParagraphStyle(f"cell_{a}", parent=st["cell"], alignment=ALIGN[a], fontName=font))
                for text, a in zip(row, block.align)
            ]
        )
    width = L.TEXT_WIDTH_MM * mm
    t = RLTable([head, *body], colWidths=[f * width for f in block.widths], repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONTNAME", (0, 0), (-1, -1), REG),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    t.setStyle(TableStyle(style))
    out = [_p(block.title, st["table_title"]), t]
    if block.note:
        out.append(_p(block.note, st["table_note"]))
    out.append(Spacer(1, 6))
    return out


def _figure(block: Figure, png: bytes, st) -> list:
    w_px, h_px = block.size_px
    w = block.width_mm * mm
    img = Image(io.BytesIO(png), width=w, height=w * h_px / w_px)
    return [KeepTogether([img, _p(block.caption, st["caption"])]), Spacer(1, 4)]


def _closing(b: Briefing, st) -> list:
    lh = b.letterhead
    left = [_p("Nơi nhận:" if b.lang == "vi" else "Recipients:", st["recipients_head"])]
    left += [_p(f"- {r}", st["recipients"]) for r in lh.recipients]
    right = [_p(lh.signer_title.upper(), st["signer"]), Spacer(1, 22 * mm)]
    if lh.signer_name:
        right.append(_p(lh.signer_name, st["signer"]))
    t = RLTable([[left, right]], colWidths=[w * mm for w in L.HEADER_COLUMNS_MM])
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), REG),  # reportlab sets each cell's font, Helvetica by default
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [Spacer(1, 8), KeepTogether([t])]


def render(b: Briefing, pictures: dict[str, bytes]) -> bytes:
    register_fonts()
    st = _styles()
    story = _header(b, st)
    headings: list = []  # a heading goes to the next page with what it heads, never alone
    for block in b.blocks:
        if isinstance(block, Para) and block.style in ("heading", "subheading"):
            headings.append(_p(block.text, st[block.style]))
            continue
        if isinstance(block, Para):
            out = [_p(block.text, st[block.style])]
        elif isinstance(block, Table):
            out = _table(block, st)
        elif isinstance(block, Figure) and block.key in pictures:
            out = _figure(block, pictures[block.key], st)
        else:
            continue
        if headings:
            # A table's title stays with its table too (a long table still splits across pages).
            n = 2 if isinstance(block, Table) else 1
            out = [KeepTogether([*headings, *out[:n]]), *out[n:]]
            headings = []
        story += out
    story += headings + _closing(b, st)

    label = (
        (
            "DỮ LIỆU MINH HỌA — không phải số liệu báo cáo"
            if b.lang == "vi"
            else "ILLUSTRATIVE DATA — not reported figures"
        )
        if b.illustrative
        else None
    )
    page_w, page_h = A4

    def first(canvas, doc):
        if label:
            canvas.saveState()
            canvas.setFont(ITAL, 10)
            canvas.setFillColor(colors.HexColor("#A00000"))
            canvas.drawCentredString(page_w / 2, 10 * mm, label)
            canvas.restoreState()

    def later(canvas, doc):
        first(canvas, doc)
        canvas.saveState()
        canvas.setFont(REG, L.BODY_PT)
        # Page numbers: Arabic numerals, top centre, from page 2 (Decree 30/2020 App. ITAL).
        canvas.drawCentredString(L.MARGIN_MM["left"] * mm + L.TEXT_WIDTH_MM * mm / 2, page_h - 12 * mm, str(doc.page))
        canvas.restoreState()

    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=L.MARGIN_MM["left"] * mm,
        rightMargin=L.MARGIN_MM["right"] * mm,
        topMargin=L.MARGIN_MM["top"] * mm,
        bottomMargin=L.MARGIN_MM["bottom"] * mm,
        title=f"{b.title} — {b.subject.replace(chr(10), ' ')}",
        author=b.letterhead.issuer,
        subject=b.subject.replace("\n", " "),
        creator="antq briefing",
        lang="vi-VN" if b.lang == "vi" else "en",
        # The canvas starts in Helvetica unless told otherwise: an unembedded font in the file.
        initialFontName=REG,
        initialFontSize=L.BODY_PT,
    )
    # Frames pad their content by 6 pt unless told otherwise: the text would stand inside the margins.
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, 0, 0, 0, 0, id="body")
    doc.addPageTemplates(
        [
            PageTemplate("first", [frame], onPage=first, autoNextPageTemplate="later"),
            PageTemplate("later", [frame], onPage=later),
        ]
    )
    doc.build(story)
    return buf.getvalue()
