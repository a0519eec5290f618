"""How much of an untrusted file the importer will read: the one home of the reading limits.

A file is refused, with a message naming the limit, before anything larger than these is parsed,
so a small file that unpacks to gigabytes costs a few seconds and a bounded amount of memory.
docs/importing.md lists every limit (and the domain bounds of antq.vocab.bounds).
"""

from __future__ import annotations

import time

from antq import settings

MIB = 1024 * 1024

# An XLSX is a zip of XML parts. Excel's own files hold a dozen parts; a national template with
# 50,000 rows unpacks to ~30 MB (its sheet part 27 MB), so these leave a wide margin for real files.
XLSX_MAX_PARTS = 1_000
XLSX_PART_MAX_BYTES = 200 * MIB  # uncompressed size of any one part (declared and actual)
XLSX_TOTAL_MAX_BYTES = 300 * MIB  # uncompressed size of all parts together
# The longest run of text between two XML tags. Excel holds at most 32,767 characters in a cell
# (up to ~160 KB with escapes); anything longer was not written by a spreadsheet program.
XML_TEXT_MAX_BYTES = 256 * 1024
SCAN_CHUNK_BYTES = 1 * MIB  # parts are inspected in chunks of this size, never whole

# Rows below the header. A national festival file lists one row per gathering (villages,
# residential groups, agencies, schools...): about 100,000 a year at most.
MAX_ROWS = 200_000
MAX_COLUMNS = 200

# Result report forms (antq.reports.read): one sheet per reporting unit. A 2025 province has at most
# 168 communes, so one file holds a province and all its communes; a 2008 province reports its
# communes by district. A form has 6 columns and one row per indicator (MAX_FORM_ROWS there).
REPORT_MAX_SHEETS = 200
REPORT_MAX_COLUMNS = 20
REPORT_MAX_CELLS = 300_000  # cells read over all sheets (200 full sheets hold ~100,000)
# Unpacked size of the whole file: a form sheet is ~20 KB of XML (~40 KB as Excel saves it), and
# openpyxl parses every sheet once when it opens a workbook (~0.3 s a MB).
REPORT_MAX_UNPACKED_BYTES = 8 * MIB

# Documents (antq.documents.readers: plans, reports, news items). A 60-page report holds about
# 150,000 characters; its DOCX unpacks to a few MB of XML (pictures are parts of their own).
DOC_PARTS_MAX = 1_000
DOC_XML_PART_MAX_BYTES = 32 * MIB  # uncompressed size of one XML part of a DOCX
DOC_TOTAL_MAX_BYTES = 64 * MIB  # uncompressed size of all parts together (python-docx loads them all)
DOC_XML_ELEMENTS_MAX = 200_000  # XML elements over all parts (a 60-page report ~40,000): each costs memory
DOC_MAX_PAGES = 500  # pages of a PDF
PDF_STREAM_MAX_BYTES = 4 * MIB  # one PDF stream once decompressed (a dense page's text is ~100 KB)
# Extracted characters and lines: the extraction's time grows faster than the text (figure-dense
# text: 1,3 s at 150,000 characters, 3,4 s at 200,000; one-word lines: 2,3 s at 20,000 lines). A
# 60-page report holds about 150,000 characters in 2,000 to 3,000 paragraphs.
DOC_TEXT_MAX_CHARS = 150_000
DOC_MAX_LINES = 5_000
READ_SECONDS = 8.0  # wall time to read one document or form, checked between pages, paragraphs, rows

# Problems listed per problem class (the first ones, then one line with the count of the rest).
PROBLEMS_PER_GROUP = 200


def max_bytes() -> int:
    """The largest file accepted (ANTQ_IMPORT_MAX_MB)."""
    return int(settings.number("ANTQ_IMPORT_MAX_MB") * MIB)


def mb(n: int) -> str:
    """A size in MB the way the messages print it (Vietnamese decimal comma)."""
    return f"{n / MIB:.1f}".replace(".", ",") + " MB"


class Budget:
    """The wall time left to read one file: checked between pages, paragraphs or rows, so a file
    that is slow to read for any reason stops at READ_SECONDS with a message instead of holding a
    server thread for minutes."""

    def __init__(self, seconds: float = READ_SECONDS):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def spent(self) -> bool:
        return time.monotonic() > self.deadline

    def label(self) -> str:
        return f"{self.seconds:g}".replace(".", ",") + " giây"


def count(n: int) -> str:
    """A count the way the messages print it (Vietnamese thousands dot)."""
    return f"{n:,}".replace(",", ".")
