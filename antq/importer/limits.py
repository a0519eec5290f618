"""How much of an untrusted file the importer will read: the one home of the reading limits.

A file is refused, with a message naming the limit, before anything larger than these is parsed,
so a small file that unpacks to gigabytes costs a few seconds and a bounded amount of memory.
docs/importing.md lists every limit (and the domain bounds of antq.vocab.bounds).
"""

from __future__ import annotations

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

# Problems listed per problem class (the first ones, then one line with the count of the rest).
PROBLEMS_PER_GROUP = 200


def max_bytes() -> int:
    """The largest file accepted (ANTQ_IMPORT_MAX_MB)."""
    return int(settings.number("ANTQ_IMPORT_MAX_MB") * MIB)


def mb(n: int) -> str:
    """A size in MB the way the messages print it (Vietnamese decimal comma)."""
    return f"{n / MIB:.1f}".replace(".", ",") + " MB"
