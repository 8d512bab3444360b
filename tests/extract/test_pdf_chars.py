"""Lean character objects are pdfplumber's own, key by key, on every fixture PDF."""

from pathlib import Path

import pdfplumber
import pytest

from extract.pdf_chars import lean

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PDFS = sorted(p for p in FIXTURES.rglob("*.pdf") if "bad" not in p.parts and "crashes" not in p.parts)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_same_objects_as_pdfplumber(path):
    with pdfplumber.open(str(path)) as stock, pdfplumber.open(str(path)) as ours:
        assert len(stock.pages) == len(ours.pages)
        for a, b in zip(stock.pages, ours.pages):
            lean(b)
            assert b.chars == a.chars, f"page {a.page_number}"
            assert b.rects == a.rects and b.lines == a.lines and b.curves == a.curves
