"""Accent folding for matching and file names: the project's one helper (the importer's header,
vocabulary and unit-name matching, download file names).

The standard library's Unicode decomposition (NFD, then dropping combining marks) is exactly the
folding Vietnamese needs, except for đ/Đ, which has no decomposition. Transliteration libraries
(Unidecode, anyascii) were considered: they also rewrite punctuation and other scripts, which
matching does not want, and would add a dependency for one line.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1 << 16)  # unit names and headers repeat across rows and files
def fold(text: str) -> str:
    """Lower-case, no diacritics, single spaces: 'Số  người Đà Nẵng' -> 'so nguoi da nang'."""
    text = unicodedata.normalize("NFC", str(text)).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def slug(text: str) -> str:
    """Folded, with every run of other characters as one '-': 'Khen thưởng theo tỉnh' -> 'khen-thuong-theo-tinh'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
