"""Extraction timings for docs/benchmarks.md ("Documents"): a typical plan (text, DOCX) and a
50-page PDF made from a seed plan. Run: .venv/bin/python -m tests.bench_documents (not a test)."""

import io
import statistics
import time
from pathlib import Path

import docx
from fpdf import FPDF
from pypdf import PdfReader

from antq.documents import readers
from antq.documents.extract import extract

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SEED = Path(__file__).resolve().parent.parent / "antq/documents/seed_documents/002_826977a19944a57d.txt"


def main() -> None:
    seed = SEED.read_bytes()
    text = seed.decode()
    extract(readers.read(seed, "a.txt"))  # the unit registry loads once per process
    ts = []
    for _ in range(5):
        t = time.perf_counter()
        extract(readers.read(seed, "plan.txt"))
        ts.append(time.perf_counter() - t)
    print(f"typical plan (txt, {len(seed) // 1024} kB): {statistics.median(ts):.2f} s")
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    t = time.perf_counter()
    extract(readers.read(buf.getvalue(), "plan.docx"))
    print(f"typical plan (docx): {time.perf_counter() - t:.2f} s")
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=11)
    while pdf.page_no() < 50:
        pdf.add_page()
        for line in text.split("\n"):
            if line.strip():
                pdf.multi_cell(0, 6, line.replace("**", ""), new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    pages = len(PdfReader(io.BytesIO(data)).pages)
    t = time.perf_counter()
    txt = readers.read(data, "big.pdf")
    t1 = time.perf_counter()
    extract(txt)
    t2 = time.perf_counter()
    print(
        f"{pages}-page PDF ({len(data) // 1024} kB): read {t1 - t:.2f} s, extract {t2 - t1:.2f} s, total {t2 - t:.2f} s"
    )


if __name__ == "__main__":
    main()
