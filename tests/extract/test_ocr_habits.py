"""Other scanners' habits, mechanism by mechanism (no Tesseract): a photocopy's grey, unevenly
lit paper and faint toner made white and black again; a dark band scanned faint still read
as white letters; one shading not cut by a blurred bold line; bold told from regular when a
blur brings their strokes closer; a fax's thin 1s read as letters; two lone numbers read as
one on the second look's strip."""

import sys
from pathlib import Path

import cv2
import numpy as np
import pypdfium2
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from extract.ocr import BOLD, bold_cut  # noqa: E402
from extract.ocr_hocr import Read  # noqa: E402
from extract.ocr_drawings import _grey_bands, find_fills  # noqa: E402
from extract.ocr_image import even_paper, prepare, render  # noqa: E402
from extract.ocr_retry import _as_number, _by_slot  # noqa: E402
from extract.ocr_text import typeset_marks  # noqa: E402
from extract.pdf_layout import Box  # noqa: E402
from scans import scan  # noqa: E402

PLAN = ROOT / "tests" / "fixtures" / "plan-deploiement-2020.pdf"


def _text_page(rng: np.random.Generator, paper: float = 255.0, ink: float = 0.0) -> np.ndarray:
    """A 200 dpi page of lines of text, ink on paper at the given levels."""
    page = np.full((2200, 1700), 255, np.uint8)
    for y in range(200, 2000, 60):
        cv2.putText(page, "Un texte courant sur la page numerisee", (150, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
    levels = ink + page.astype(np.float32) * (paper - ink) / 255.0
    return np.clip(levels + rng.normal(0, 3, page.shape), 0, 255).astype(np.uint8)


def test_a_photocopys_grey_uneven_paper_and_grey_ink_are_made_white_and_black():
    rng = np.random.default_rng(3)
    page = _text_page(rng, paper=228, ink=60).astype(np.float32)
    page -= np.linspace(0, 30, page.shape[1])[None, :] * (page / 255)  # darker to the right
    page = np.clip(page, 0, 255).astype(np.uint8)
    even = even_paper(page, 200)
    paper = even[even > 128]
    left, right = even[:, :300], even[:, -300:]
    assert np.percentile(paper, 50) >= 245
    assert abs(float(np.percentile(left, 90)) - float(np.percentile(right, 90))) <= 6
    assert np.percentile(even, 1) <= 30  # the ink is black again


def test_an_even_contrasted_page_is_left_as_it_is():
    page = _text_page(np.random.default_rng(4))
    assert even_paper(page, 200) is page


def test_a_shaded_box_is_not_taken_for_paper_when_the_paper_is_evened():
    rng = np.random.default_rng(5)
    page = _text_page(rng, paper=225, ink=50)
    page[600:1400, 1000:1600] = (page[600:1400, 1000:1600].astype(np.float32) * 0.93).astype(np.uint8)  # a light box
    fills = find_fills(even_paper(page, 200), 200)
    assert any(abs(x0 - 1000) <= 8 and abs(top - 600) <= 8 and abs(x1 - 1600) <= 8 for (x0, top, x1, _), _ in fills)


def test_white_letters_on_a_band_scanned_faint_are_inverted():
    # A dark band printed faint: lighter than mid-grey, its letters still white.
    gray = np.full((800, 1200), 250, np.uint8)
    gray[300:420, 50:1150] = 165
    cv2.putText(gray, "AXE 4 LA COHESION", (80, 380), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 255, 3)
    image = prepare(gray, 200, deskew=False)
    band = image.ocr_input[300:420, 50:1150]
    assert [level for _, level in image.fills] and image.fills[0][1] > 0.5  # a light shading...
    assert np.percentile(band, 50) >= 200 and np.count_nonzero(band < 80) > 500  # ...read as dark letters on white


def test_dark_letters_on_a_light_shading_stay_dark():
    gray = np.full((800, 1200), 250, np.uint8)
    gray[300:420, 50:1150] = 215
    cv2.putText(gray, "Responsable municipal", (80, 380), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3)
    band = prepare(gray, 200, deskew=False).ocr_input[300:420, 50:1150]
    assert np.percentile(band, 50) >= 240 and np.count_nonzero(band < 80) > 500


def test_a_blurred_bold_line_inside_a_shading_does_not_cut_it_in_two():
    rows = np.full((200, 50), 242, np.float32)
    rows[40:62] = 214  # the rows of a bold line, darkened by the blur, in one grey box
    assert _grey_bands(rows.astype(np.uint8), 28) == [(0, 200)]
    rows[120:] = 70  # a band of another grey below: its own
    assert _grey_bands(rows.astype(np.uint8), 28) == [(0, 120), (120, 200)]


@pytest.mark.parametrize("regular, bold, expected", [
    ((0.95, 0.05), (1.45, 0.06), (1.15, 1.3)),  # a clean scan: the weights far apart
    ((0.93, 0.06), (1.32, 0.08), (1.1, 1.25)),  # blurred: bold from 1.2, under the fixed 1.3
])
def test_bold_starts_between_the_documents_two_weights(regular, bold, expected):
    rng = np.random.default_rng(7)
    ratios = list(rng.normal(*regular, 3000)) + list(rng.normal(*bold, 500))
    assert expected[0] <= bold_cut(ratios) <= expected[1]


def test_with_one_weight_only_bold_is_the_usual_measure():
    assert bold_cut(list(np.random.default_rng(8).normal(1.0, 0.07, 3000))) == BOLD


def _line(*texts, top=0.0):
    return [Box(60.0 * k, 60.0 * k + 30, top, top + 10, text, 10, conf=60.0) for k, text in enumerate(texts)]


def test_a_number_opening_a_line_whose_ones_were_read_as_letters_is_a_number():
    words = _line("1L.", "Implanter", "un", "projet") + _line("I7", top=30) + _line("L.", "Dupont", top=60) \
        + _line("Il", "est", top=90) + _line("avec", "1O", "mots", top=120)
    typeset_marks(words)
    assert [w.text for w in words] == ["11.", "Implanter", "un", "projet", "17", "L.", "Dupont", "Il", "est",
                                       "avec", "1O", "mots"]


def test_two_cut_outs_read_as_one_number_are_parted_by_their_characters():
    slots = [(0, 100), (100, 200), (200, 300)]
    read = Read(40, 10, 160, 40, "17", 80.0, 20.0, 1, (40, 10, 160, 40), (("1", (40, 10, 55, 40)), ("7", (140, 10, 160, 40))))
    parts = _by_slot(read, slots)
    assert [(slot, part.text, part.letters) for slot, part in parts] == [(0, "1", (40, 10, 55, 40)), (1, "7", (140, 10, 160, 40))]
    alone = read._replace(chars=(("1", (140, 10, 150, 40)), ("2", (150, 10, 160, 40))), letters=(140, 10, 160, 40))
    assert [(slot, part.text) for slot, part in _by_slot(alone, slots)] == [(1, "17")]


def test_a_lone_cut_outs_letters_that_look_like_digits_make_a_number_only_when_all_do():
    # A thin "1" alone in its cell, read "l" on a second look (a curved book page's plan, 55 %):
    # read for a digit, it is kept when the column's other numbers were read with assurance.
    assert [_as_number(t) for t in ("l", "I", "|", "1O", "l2", "O")] == ["1", "1", "1", "10", "12", "0"]
    assert [_as_number(t) for t in ("le", "DVC", "Æ6", "lo.", "")] == ["le", "DVC", "Æ6", "lo.", ""]


def _prepared_scan(target, **how):
    """A page of the plan scanned with a habit, read back at 200 dpi and prepared for Tesseract."""
    document = pypdfium2.PdfDocument(str(scan(PLAN, target, noise="aucun", **how)))
    try:
        return prepare(render(document[0], 200), 200)
    finally:
        document.close()


def test_dark_toners_thick_letters_are_no_shading_and_the_axis_bands_among_them_are(tmp_path):
    # The plan's second page scanned with dark toner (every stroke a pixel thicker): its bold
    # rows darken a median over 7 pt as much as a shading does, and join the bands.
    image = _prepared_scan(tmp_path / "fonce.pdf", dpi=200, angle=1.5, seed=11, pages=[1], habit="foncé")
    assert len(image.fills) == 2, image.fills  # the bands of axes 3 and 4, and nothing else
    for (x0, top, x1, bottom), level in image.fills:
        assert level < 0.35 and x1 - x0 > 0.8 * image.gray.shape[1] and 60 <= bottom - top <= 130


def test_a_dark_band_among_the_blocks_of_a_strong_jpeg_is_found_whole(tmp_path):
    # 150 dpi, JPEG quality 50: blocks a little darker than the paper beside every letter. Found
    # with the band, they made one ragged shape, and the band of axis 5 was lost.
    image = _prepared_scan(tmp_path / "jpeg50.pdf", dpi=150, angle=0.5, seed=3, pages=[2], habit="jpeg50")
    dark = [(box, level) for box, level in image.fills if level < 0.35]
    assert len(dark) == 1, image.fills
    (x0, top, x1, bottom), _ = dark[0]
    assert x1 - x0 > 0.8 * image.gray.shape[1] and 60 <= bottom - top <= 130
