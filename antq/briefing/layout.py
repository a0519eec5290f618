"""The page layout of Decree 30/2020/NĐ-CP, Appendix I (administrative documents), in one place for
both writers: A4, margins, type sizes, the face (Times New Roman, or the metric-compatible Liberation
Serif that Debian's fonts-liberation2 installs), and where the fonts are on this machine."""

from __future__ import annotations

from pathlib import Path

from antq.briefing.errors import BriefingError

PAGE_MM = (210.0, 297.0)  # A4
# Decree 30/2020 App. I: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
MARGIN_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGIN_MM["left"] - MARGIN_MM["right"]
FIRST_LINE_INDENT_MM = 10.0  # 1-1.27 cm
BODY_PT = 13  # 13-14
HEADER_PT = 12  # issuing bodies and the first line of the motto: 12-13
MOTTO_PT = 13  # "Độc lập - Tự do - Hạnh phúc": 13-14
TITLE_PT = 14
TABLE_PT = 11
RECIPIENTS_PT = 11  # "Nơi nhận:" is 12 pt bold italic, its list 11 pt
SPACE_AFTER_PT = 6
LINE_SPACING = 1.15  # single to 1.5 lines
# The header table: issuing body on the left, motto on the right.
HEADER_COLUMNS_MM = (68.0, TEXT_WIDTH_MM - 68.0)

FACE = "Times New Roman"  # what the DOCX names (Word on an officer's machine has it)
PDF_FACE = "LiberationSerif"  # what the PDF embeds: metric-compatible, full Vietnamese coverage
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),  # Debian fonts-liberation2
    Path("/usr/share/fonts/truetype/liberation"),  # Debian fonts-liberation (1.x)
    Path("/usr/share/fonts/liberation-serif"),  # Fedora
)
FONT_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}


def font_files() -> dict[str, Path]:
    for d in FONT_DIRS:
        paths = {k: d / f for k, f in FONT_FILES.items()}
        if all(p.is_file() for p in paths.values()):
            return paths
    raise BriefingError(
        "Thiếu phông Liberation Serif (tương thích Times New Roman) để tạo PDF: cài bằng "
        "`apt-get install fonts-liberation2`."
    )
