"""Accuracy of the document extractor on real documents (issue 26), beside a plain regular-expression
baseline, field by field. Used by tests/test_documents_real.py (thresholds) and run by hand to
refresh the tables of docs/documents.md:

    .venv/bin/python -m tests.doc_measure            # print the tables
    .venv/bin/python -m tests.doc_measure --write    # and replace them in docs/documents.md

Three sets, each its own row: the development corpus (tests/fixtures/documents/real/, 45 published
texts, hand-labelled in manifest.json; a held-out fifth reported apart), the 180 real-figures
sentences (../shared/real-figures, labels in real_figures_labels.csv), and the five seed plans
(labels in tests/test_documents.py). The baseline lives here, not in antq/: it is the yardstick.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from antq.documents import places, readers
from antq.documents.extract import extract

REPO = Path(__file__).resolve().parent.parent
REAL = REPO / "tests" / "fixtures" / "documents" / "real"
SEEDS = REPO / "antq" / "documents" / "seed_documents"
# The published-figures sentences stay in ../shared (never copied into the repository).
REAL_FIGURES = Path(os.environ.get("ANTQ_REAL_FIGURES") or REPO.parent / "shared" / "real-figures" / "real_figures.csv")
DOC_FIELDS = ("number", "kind", "issuer", "level", "province", "date", "year", "parents", "festival_window")

# ------------------------------------------------------------------ baseline
# The one-line rule of issue 26: the first "123/KH-UBND"-shaped token is the document's own number,
# every other one a cited parent. Nothing else is read.
BASELINE_TOKEN = re.compile(r"\b\d+/[A-ZĐ]+-[A-ZĐ0-9-]+")


def baseline(text: str) -> dict:
    tokens = list(dict.fromkeys(m[0] for m in BASELINE_TOKEN.finditer(text)))
    return {
        "number": tokens[0] if tokens else None,
        "parents": tokens[1:],
        **{f: None for f in DOC_FIELDS if f not in ("number", "parents")},
    }


# ------------------------------------------------------------------ comparison
def _norm(v) -> str:
    s = unicodedata.normalize("NFC", str(v)).replace("Uỷ", "Ủy").replace("uỷ", "ủy")
    return " ".join(s.casefold().split())


def _same(fieldname: str, got, want) -> bool:
    if want is None or want == [] or want == "":
        return got in (None, [], "")
    if got in (None, [], ""):
        return False
    if fieldname == "number":
        return re.sub(r"\s+", "", str(got)) == re.sub(r"\s+", "", str(want))
    if fieldname == "province":
        return places.key(str(got)) == places.key(str(want))
    if fieldname in ("issuer", "kind", "level", "date"):
        return _norm(got) == _norm(want)
    return got == want


@dataclass
class Score:
    """Per field: documents that state it and were read right (found), documents that state it
    (stated), and values given that are wrong or where the text states none (false)."""

    found: int = 0
    stated: int = 0
    false: int = 0
    misses: list = field(default_factory=list)

    def pct(self) -> float:
        return 100.0 * self.found / self.stated if self.stated else 100.0


def score_docs(labels: list[dict], getter) -> dict[str, Score]:
    out = {f: Score() for f in DOC_FIELDS}
    for lab in labels:
        got = getter(lab)
        for f in DOC_FIELDS:
            s, want, have = out[f], lab.get(f), got.get(f)
            if f == "parents":
                want, have = list(want or []), list(have or [])
                s.stated += len(want)
                s.found += sum(1 for p in want if p in have)
                s.false += sum(1 for p in have if p not in want)
                if set(want) != set(have):
                    s.misses.append((lab["id"], f, have, want))
                continue
            if want not in (None, "", []):
                s.stated += 1
            if _same(f, have, want):
                s.found += want not in (None, "", [])
            else:
                s.false += have not in (None, "", [])
                s.misses.append((lab["id"], f, have, want))
    return out


# "blind" gathers the two sets labelled before the extractor first ran on them (blind, blind2)
SPLITS = {"dev": ("dev",), "holdout": ("holdout",), "blind": ("blind", "blind2"), "blind2": ("blind2",)}


def corpus_labels(split: str | None = None) -> list[dict]:
    man = json.loads((REAL / "manifest.json").read_text("utf-8"))
    return [m for m in man if split is None or m["split"] in SPLITS.get(split, (split,))]


def _extracted(lab: dict) -> dict:
    path = REAL / lab["file"]
    return extract(readers.read(path.read_bytes(), path.name), path.name).as_json()


def _baselined(lab: dict) -> dict:
    return baseline((REAL / lab["file"]).read_text("utf-8"))


def corpus_scores(split: str | None = None) -> tuple[dict[str, Score], dict[str, Score]]:
    labels = corpus_labels(split)
    return score_docs(labels, _extracted), score_docs(labels, _baselined)


def seed_scores() -> tuple[dict[str, Score], dict[str, Score]]:
    from tests.test_documents import EXPECTED

    labels = []
    for name, want in EXPECTED.items():
        prov = None
        if want["province_code"]:
            year = want["year"] or 2024
            prov = places.province_by_code(want["province_code"], year).province_name
        labels.append({"id": name, "file": name, **{f: want.get(f) for f in DOC_FIELDS}, "province": prov})

    def ext(lab):
        p = SEEDS / lab["file"]
        return extract(readers.read(p.read_bytes(), p.name), p.name).as_json()

    return score_docs(labels, ext), score_docs(labels, lambda lab: baseline((SEEDS / lab["file"]).read_text("utf-8")))


# ------------------------------------------------------------------ figures
@dataclass
class FigureScore:
    found: int = 0  # labelled figures read with the right indicator and value
    labelled: int = 0  # figures the sentences hold that have an indicator in the catalogue
    extracted: int = 0  # figures the extractor gave
    correct: int = 0  # of those, the ones a label confirms
    qualifier_right: int = 0  # found figures whose qualifier is the word as written
    misses: list = field(default_factory=list)
    wrong: list = field(default_factory=list)

    def recall(self) -> float:
        return 100.0 * self.found / self.labelled if self.labelled else 100.0

    def precision(self) -> float:
        return 100.0 * self.correct / self.extracted if self.extracted else 100.0


def real_figures_available() -> bool:
    return REAL_FIGURES.is_file()


def figure_labels() -> dict[str, list[dict]]:
    """Source address -> its labelled rows (Vietnamese sentences only), checked against the shared
    file. The rows of one article are measured together: its quotes overlap ("… 188 buổi tuyên
    truyền … cho trên 37.400 lượt người" is quoted once per figure)."""
    rows = list(csv.DictReader(REAL_FIGURES.open(encoding="utf-8")))
    labels = list(csv.DictReader((REAL / "real_figures_labels.csv").open(encoding="utf-8")))
    if len(rows) != len(labels):
        raise ValueError(f"{REAL_FIGURES}: {len(rows)} dòng, nhãn có {len(labels)}")
    by_source: dict[str, list[dict]] = defaultdict(list)
    for r, lab in zip(rows, labels, strict=True):
        if r["value"] != lab["value"]:
            raise ValueError(f"{REAL_FIGURES} dòng {lab['row']}: giá trị {r['value']} khác nhãn {lab['value']}")
        if lab["language"] != "vi":
            continue
        by_source[r["source_url"]].append({**lab, "quote": r["quote"]})
    return by_source


def score_figures(by_source: dict[str, list[dict]], finder) -> FigureScore:
    s = FigureScore()
    for labs in by_source.values():
        got: dict[tuple, dict] = {}
        for quote in dict.fromkeys(lab["quote"] for lab in labs):
            for g in finder(quote):
                got.setdefault((g["indicator"], float(g["value"])), g | {"quote": quote})
        want = {(lab["indicator"], float(lab["value"])): lab for lab in labs if lab["indicator"]}
        s.labelled += len(want)
        s.extracted += len(got)
        for key, g in got.items():
            if key in want:
                s.correct += 1
            else:
                s.wrong.append((g["quote"], key[0], key[1]))
        for key, w in want.items():
            if key in got:
                s.found += 1
                s.qualifier_right += (got[key].get("qualifier_text") or "") == w["qualifier"]
            else:
                s.misses.append((w["quote"], key[0], key[1]))
    return s


def extractor_figures(text: str) -> list[dict]:
    return extract(text).as_json()["figures"]


# ------------------------------------------------------------------ tables
def _cell(s: Score) -> str:
    return f"{s.found}/{s.stated} ({s.pct():.0f} %)" + (f", {s.false} wrong or extra" if s.false else "")


def tables() -> str:
    lines = []
    rows = [
        ("development (36 texts)", corpus_scores("dev")),
        ("held out (9 texts)", corpus_scores("holdout")),
        ("blind (14 texts)", corpus_scores("blind")),
        ("five seeds", seed_scores()),
    ]
    names = {
        "number": "own number",
        "kind": "kind",
        "issuer": "issuer",
        "level": "level",
        "province": "province",
        "date": "date",
        "year": "year",
        "parents": "cited parents (each)",
        "festival_window": "festival dates",
    }
    lines.append("| field | set | extractor | regex baseline |")
    lines.append("|---|---|---|---|")
    for f in DOC_FIELDS:
        for label, (ext, base) in rows:
            b = _cell(base[f]) if f in ("number", "parents") else "—"
            lines.append(f"| {names[f]} | {label} | {_cell(ext[f])} | {b} |")
    if real_figures_available():
        fs = score_figures(figure_labels(), extractor_figures)
        lines.append("")
        lines.append("| figures (180 real sentences, 161 in Vietnamese) | extractor |")
        lines.append("|---|---|")
        recall, precision = f"{fs.found}/{fs.labelled} ({fs.recall():.0f} %)", f"{fs.correct}/{fs.extracted}"
        lines.append(f"| published figures with the right indicator and value | {recall} |")
        lines.append(f"| figure precision (figures given that are right) | {precision} ({fs.precision():.0f} %) |")
        lines.append(f"| qualifier kept as written (“hơn”, “gần” …) | {fs.qualifier_right}/{fs.found} |")
    seed_figures = sum(len(extractor_figures((SEEDS / p.name).read_text("utf-8"))) for p in sorted(SEEDS.glob("*.txt")))
    lines.append("")
    lines.append(
        f"Five seeds: they publish no figure of the catalogue (tests/test_documents.py), {seed_figures} given; "
        "the report of antq/documents/demo_documents: 13/13 with their qualifiers (tests/test_documents.py)."
    )
    return "\n".join(lines)


START, END = "<!-- measure:start -->", "<!-- measure:end -->"


def main(argv: list[str]) -> None:
    t = tables()
    print(t)
    if "--write" in argv:
        doc = REPO / "docs" / "documents.md"
        text = doc.read_text("utf-8")
        a, b = text.index(START) + len(START), text.index(END)
        doc.write_text(text[:a] + "\n" + t + "\n" + text[b:], encoding="utf-8")
    if "--misses" in argv:
        for split in ("dev",):
            ext, _ = corpus_scores(split)
            for f, s in ext.items():
                for m in s.misses:
                    print("MISS", f, m)
        if real_figures_available():
            fs = score_figures(figure_labels(), extractor_figures)
            for m in fs.misses:
                print("FIG-MISS", m[1], m[2], "|", m[0][:150])
            for m in fs.wrong:
                print("FIG-WRONG", m[1], m[2], "|", m[0][:150])


if __name__ == "__main__":
    main(sys.argv[1:])
