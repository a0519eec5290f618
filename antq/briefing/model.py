"""The briefing's parts, shared by the content and the two writers: the letterhead an officer sets,
and the blocks of the body (paragraphs, tables, figures)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from antq.selection import Selection

# Decree 30/2020 writes the national motto with a plain hyphen.
MOTTO = {
    "vi": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
    "en": ("SOCIALIST REPUBLIC OF VIETNAM", "Independence - Freedom - Happiness"),
}


@dataclass
class Letterhead:
    """The parts of the header and the closing an officer sets: blank fields take defaults that
    fit the selection (a provincial police report, or the national department's)."""

    parent: str | None = None  # cơ quan chủ quản
    issuer: str | None = None  # cơ quan ban hành
    number: str | None = None  # "…/BC-CAT"
    place: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None
    recipients: tuple[str, ...] | None = None


@dataclass
class Para:
    text: str
    style: str = "body"  # body | heading | subheading | note | caption | empty


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]
    align: list[str]  # per column: l | r | c
    widths: list[float]  # fractions of the text width
    note: str | None = None


@dataclass
class Figure:
    key: str
    caption: str
    width_mm: float
    size_px: tuple[int, int]


@dataclass
class Briefing:
    selection: Selection
    lang: str
    letterhead: Letterhead  # with every field filled
    date_line: str
    title: str
    subject: str  # the subject line(s) under the title, "\n" between lines
    blocks: list = field(default_factory=list)
    figures: dict[str, tuple[go.Figure, tuple[int, int]]] = field(default_factory=dict)
    illustrative: bool = False
    has_data: bool = False
    headline: dict = field(default_factory=dict)  # the year's totals as the text states them
