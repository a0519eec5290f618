"""The official briefing: a printable report of one year's results for the current selection.

In: a read-only DuckDB connection, a checked `Selection` (year, unit system, provinces), the
language, and the letterhead (issuer, number, recipients; defaults for a provincial police report).
Out: the bytes of a PDF (reportlab, Liberation Serif embedded) or an editable DOCX (python-docx), in
the layout of Decree 30/2020/NĐ-CP Appendix I, with the figures of the pages (`antq.service`,
`antq.mapview`) and their charts (`antq.charts`) drawn offline by Debian's Chromium (kaleido).

    content.gather  -> Briefing (figures, tables, notes, Plotly figures)
    images.Renderer -> PNG bytes of the figures (Chromium starts while the figures are gathered)
    pdf.render / word.render -> bytes
    build()         -> all of the above, the one entry point of the CLI and the download button
"""

from __future__ import annotations

from antq.briefing.errors import BriefingError
from antq.briefing.model import Letterhead

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def build(
    conn, sel, fmt: str, lang: str = "vi", letterhead: Letterhead | None = None, today=None, renderer=None
) -> bytes:
    """The briefing of `sel` as `fmt` ("pdf" | "docx") bytes. `renderer`: an `images.Renderer`
    started earlier (its browser boots while the caller imports and connects); one is made if not."""
    from antq.briefing import content, images

    if fmt not in FORMATS:
        raise BriefingError(f"Định dạng '{fmt}' không hỗ trợ; chọn pdf hoặc docx.")
    if renderer is None:
        with images.Renderer() as own:
            return build(conn, sel, fmt, lang, letterhead, today, own)
    # Each figure is handed to the browser as soon as it exists, while the rest is gathered.
    b = content.gather(conn, sel, lang, letterhead, today, on_figure=renderer.submit)
    pictures = renderer.render()
    if fmt == "pdf":
        from antq.briefing import pdf

        return pdf.render(b, pictures)
    from antq.briefing import word

    return word.render(b, pictures)


__all__ = ["FORMATS", "BriefingError", "Letterhead", "build"]
