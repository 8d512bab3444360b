"""Lines a scanning office adds to every sheet, read by Tesseract, are page furniture like a
running header (extract/pdf_furniture.py): a batch's barcode label stuck in the top margin of
pages that already carry a running header and a page number."""

from __future__ import annotations

import re
import sys
from pathlib import Path


from tests.helpers import ocr_words, pdf_pages

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
from scans import scan  # noqa: E402

SIMPLE = ROOT / "tests" / "fixtures" / "variants" / "bilan-2020-simple.pdf"  # running header and "Page n"


def test_a_batch_label_and_the_running_header_under_it_are_furniture(tesseract, tmp_path):
    pages = pdf_pages(SIMPLE, [5, 6, 7, 8], tmp_path / "pages.pdf")
    scanned = scan(pages, tmp_path / "label.pdf", dpi=200, angle=0.8, noise="aucun", seed=17, habit="étiquette code-barres")
    words = ocr_words(scanned)
    text = " ".join(words)
    assert not re.search(r"LV|2021 \d{6}", text), text[:300]  # the label's number, whole or in part
    assert "bilan 2020" not in text.lower().replace("-", " ")  # the running header "Ville de Lévis — bilan-2020"
    assert not re.search(r"\bPage \d", text)
    born = ocr_words(pages)  # the born-digital pages, through the same reader
    assert len(words) >= 0.97 * len(born)
    assert words[:8] == born[:8]
