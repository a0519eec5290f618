"""The five real plans in seed_documents/ (public documents, numbers and dates as issued),
registered in the illustrative demo database through the same extraction as an upload, so the
cascade and plan-versus-result pages have real documents to show. They are labelled as real
documents (origin 'seed'); the festival figures around them remain illustrative.

demo_documents/ holds one invented result report, written in the shape of published provincial
reports, registered as 'illustrative' with its figures confirmed, so the confirmed-figures view
and its downloads have something to show on the demo.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from antq.documents import readers
from antq.documents.extract import extract
from antq.documents.registry import Review, insert

SEED_DIR = Path(__file__).resolve().parent / "seed_documents"
ILLUSTRATIVE_DIR = Path(__file__).resolve().parent / "demo_documents"
REGISTERED_BY = "Bản dựng dữ liệu minh họa (văn bản thật)"
REGISTERED_BY_ILLUSTRATIVE = "Bản dựng dữ liệu minh họa (văn bản minh họa)"


def files() -> list[Path]:
    return sorted(SEED_DIR.glob("*.txt"))


def illustrative_files() -> list[Path]:
    return sorted(ILLUSTRATIVE_DIR.glob("*.txt"))


def load(conn: duckdb.DuckDBPyConnection) -> int:
    """Register every seed document and the illustrative report; returns how many."""
    batches = [(p, "seed", REGISTERED_BY) for p in files()]
    batches += [(p, "illustrative", REGISTERED_BY_ILLUSTRATIVE) for p in illustrative_files()]
    for path, origin, user in batches:
        data = path.read_bytes()
        review = Review.from_extraction(extract(readers.read(data, path.name), path.name))
        insert(
            conn,
            review,
            file_name=path.name,
            sha256=hashlib.sha256(data).hexdigest(),
            archive_path=str(path.relative_to(SEED_DIR.parent.parent.parent)),
            origin=origin,
            via="demo",
            user=user,
        )
    return len(batches)
