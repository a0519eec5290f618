"""docs/importing.md documents the indicator catalogue as generated from antq/vocab/indicators.py:
a catalogue change without regenerating the document (python -m antq.reports.catalogue_doc) fails."""

from __future__ import annotations

import re

from antq.reports import catalogue_doc
from antq.vocab import indicators


def test_the_documented_catalogue_is_the_generated_one():
    text = catalogue_doc.DOC.read_text("utf-8")
    assert catalogue_doc.current(text) == catalogue_doc.block(), "run: python -m antq.reports.catalogue_doc"


def test_every_indicator_is_in_the_document_with_its_labels():
    block = catalogue_doc.current(catalogue_doc.DOC.read_text("utf-8"))
    rows = re.findall(r"^\| `([a-z0-9_]+)` \| ([^|]+) \| ([^|]+) \|", block, re.M)
    assert [(c, vi.strip(), en.strip()) for c, vi, en in rows] == [
        (i.code, i.label_vi, i.label_en) for i in indicators.CATALOGUE
    ]


def test_the_document_explains_the_form_and_the_rules():
    text = catalogue_doc.DOC.read_text("utf-8")
    for words in ("--kind report", "report-values", "Supersession", "trên 5.800", "at_least", "report_in_force()"):
        assert words in text, words
