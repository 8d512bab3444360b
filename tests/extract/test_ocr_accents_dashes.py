"""Marks Tesseract's language model writes where the ink says otherwise: an accent on a coarse
letter ("la" read "là" on a standard-mode fax) goes when the page holds none above it, and a
dash standing alone takes the glyph its length shows against the document's hyphens inside
words (" - 5 décembre" is a hyphen, " – Québec" an en dash). Synthetic lines, no Tesseract,
then one scanned bilan page read by Tesseract."""

import sys
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from tests.helpers import dejavu, ocr_words, pdf_pages  # noqa: E402
from scans import scan  # noqa: E402
from extract.ocr_hocr import _hocr_words, _hyphen_widths  # noqa: E402
from extract.ocr_text import dash_by_length, typeset_marks  # noqa: E402
from extract.pdf_layout import Box  # noqa: E402

BILAN = ROOT / "tests" / "fixtures" / "bilan-2020.pdf"


def _char_boxes(gray: np.ndarray, face, printed: str, x: int, top: int, bottom: int) -> list:
    """Each printed letter's ink box, as hOCR's char boxes give it."""
    boxes = []
    for k, char in enumerate(printed):
        x0, x1 = x + int(face.getlength(printed[:k])), x + int(face.getlength(printed[:k + 1]))
        rows = np.flatnonzero((gray[top:bottom, x0:x1] < 128).any(axis=1))
        y0, y1 = (top + int(rows[0]), top + int(rows[-1]) + 1) if rows.size else (top, bottom)
        boxes.append((x0, y0, x1, y1))
    return boxes


def _line(words: list[tuple[str, str]], slip: dict | None = None) -> list[str]:
    """Words printed (first of each pair) and read (second) on one 200 dpi line; the reading
    as _hocr_words gives it. `slip` moves a letter's box, or a word's (letter None):
    {(word, letter): pixels}."""
    face = dejavu(30)
    image = Image.new("L", (1400, 120), 255)
    ImageDraw.Draw(image).text((40, 30), " ".join(p for p, _ in words), font=face, fill=0)
    gray = np.asarray(image)
    spans, x = [], 40
    for n, (printed, read) in enumerate(words):
        boxes = _char_boxes(gray, face, printed, x, 10, 110)
        for (word, letter), dx in (slip or {}).items():
            if word == n:  # the box moved, and as tall as the ink in its new columns
                for k in range(len(boxes)) if letter is None else [letter]:
                    x0, _, x1, _ = boxes[k]
                    rows = np.flatnonzero((gray[10:110, x0 + dx:x1 + dx] < 128).any(axis=1))
                    boxes[k] = (x0 + dx, 10 + int(rows[0]), x1 + dx, 10 + int(rows[-1]) + 1)
        chars = "".join(f"<span class='ocrx_cinfo' title='x_bboxes {b[0]} {b[1]} {b[2]} {b[3]}'>{c}</span>"
                        for c, b in zip(read, boxes))
        box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        spans.append(f"<span class='ocrx_word' title='bbox {box[0]} {box[1]} {box[2]} {box[3]}; x_wconf 91'>{chars}</span> ")
        x += int(face.getlength(printed + " "))
    line = "<span class='ocr_line' title='bbox 40 30 1380 75; baseline 0 -7; x_size 30; x_descenders 7'>" + "".join(spans)
    html = f"<html><head><meta charset='utf-8'/></head><body><div class='ocr_page'>{line}</span></div></body></html>"
    return [r.text for r in _hocr_words(html, True, gray)]


def test_an_accent_read_where_the_page_has_none_goes():
    texts = _line([("dans", "dans"), ("la", "là"), ("maison", "maison"), ("ou", "où"), ("le", "le"), ("parc", "parc")])
    assert texts == ["dans", "la", "maison", "ou", "le", "parc"]


def test_an_accent_the_page_holds_stays():
    texts = _line([("déjà", "déjà"), ("là", "là"), ("où", "où"), ("passé", "passé"), ("connaître", "connaître")])
    assert texts == ["déjà", "là", "où", "passé", "connaître"]


def test_a_letter_whose_box_slipped_onto_its_neighbour_keeps_its_accent():
    # Dark toner: the box of the î slipped onto the a's columns (their boxes overlap), and its
    # circumflex stands over columns the box no longer covers.
    face = dejavu(30)
    words = [("faire", "faire"), ("connaître", "connaître"), ("un", "un"), ("parc", "parc")]
    assert "connaître" in _line(words, {(1, 5): -int(face.getlength("a"))})
    # A blurred photo: the word's boxes all slipped by a letter, the î's over the a, the r's over the t.
    assert "connaître" in _line(words, {(1, None): -int(face.getlength("a"))})


def test_a_dash_standing_alone_is_told_by_its_length_against_the_hyphens_in_words():
    hyphen = 0.3  # the document's hyphens inside words: their length over their font size
    assert dash_by_length(0.32, hyphen) == "-"
    assert dash_by_length(0.5, hyphen) == "–"
    assert dash_by_length(1.05, hyphen) == "—"


def _words(dash_width: float, size: float = 10) -> list[Box]:
    return [Box(100, 150, 200, 210, "bénévole", size, conf=95), Box(153, 153 + dash_width, 200, 210, "-", size, conf=92),
            Box(160, 170, 200, 210, "211", size, conf=95)]


def test_typeset_marks_measures_a_lone_dash_when_the_document_gives_its_hyphens():
    for width, size, glyph in ((3.1, 10, "-"), (5.2, 10, "–"), (4.0, 8, "–")):  # a side box's smaller en dash
        words = _words(width, size)
        typeset_marks(words, 0.3)
        assert words[1].text == glyph
    words = _words(3.1)
    typeset_marks(words)  # no hyphen measured in the document: a spaced hyphen reads as a dash
    assert words[1].text == "–"


def test_only_hyphens_between_letters_are_measured():
    chars = [("S", (0, 0, 10, 20)), ("t", (10, 0, 16, 20)), ("-", (16, 8, 22, 10)), ("N", (22, 0, 34, 20)),
             ("-", (34, 8, 40, 10))]
    assert _hyphen_widths(chars) == (6,)
    assert _hyphen_widths([("-", (0, 8, 7, 10)), ("2", (7, 0, 15, 20))]) == ()


def _words_la(path: Path) -> Counter:
    return Counter(w for w in ocr_words(path) if w in ("la", "là", "à"))


def test_a_standard_mode_fax_of_the_bilan_reads_la_not_la_with_an_accent(tesseract, tmp_path):
    # A page of the bilan, faxed in standard mode: Tesseract read some of its "la" as "là"
    # (the bilan writes no "là" at all). The page's "la" and "à" read as on the born-digital page.
    born = pdf_pages(BILAN, [6], tmp_path / "page.pdf")
    scanned = scan(born, tmp_path / "fax.pdf", dpi=200, angle=0.8, noise="aucun", seed=17, habit="télécopie standard")
    want, got = _words_la(born), _words_la(scanned)
    assert want["là"] == 0 and want["la"] >= 10
    assert got == want
