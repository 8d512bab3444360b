"""The fast word builder gives exactly pdfplumber's words on every PDF the tests hold."""

from pathlib import Path

import pdfplumber
import pytest

from extract.pdf_words import font_style, words

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PDFS = sorted(p for p in FIXTURES.rglob("*.pdf") if "bad" not in p.parts and "crashes" not in p.parts)


def _reference(page) -> list[tuple]:
    found = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, extra_attrs=["fontname", "size"])
    return [(w["x0"], w["x1"], w["top"], w["bottom"], w["text"], float(w["size"]), *font_style(w["fontname"]))
            for w in found if w["text"].strip()]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_same_words_as_pdfplumber(path):
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            ours = [(b.x0, b.x1, b.top, b.bottom, b.text, b.size, b.bold, b.italic) for b in words(page.chars)]
            assert ours == _reference(page), f"page {page.page_number}"


def test_there_are_fixtures_to_compare():
    assert len(PDFS) >= 10


def test_rotated_text_goes_to_pdfplumber():
    chars = [{"text": t, "x0": 10.0, "x1": 20.0, "top": 10.0 + 10 * i, "bottom": 20.0 + 10 * i, "doctop": 10.0 + 10 * i,
              "upright": False, "fontname": "Helvetica", "size": 10.0, "height": 10.0, "width": 10.0}
             for i, t in enumerate("AB")]
    assert [w.text for w in words(chars)] == ["AB"]
