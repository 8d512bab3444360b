"""Thin white lines across the print (an inkjet's clogged nozzles, a fax's lost scan lines, a
sensor's dead column) are joined again before Tesseract reads the page, and a table rule such a
line ran along stays one rule. Synthetic pages first (no Tesseract): letters cut into pieces
become whole, a page without such lines is returned as it is; then the bilan and the plan
printed with clogged nozzles, read by Tesseract."""

import sys
from pathlib import Path

import cv2
import numpy as np
import pypdfium2
import pytest
from PIL import Image, ImageDraw

import extract.ocr_image as ocr_image
from extract.ocr_drawings import find_rules
from extract.ocr_dropout import rejoin
from extract.ocr_image import render
from tests.helpers import dejavu, ocr_words, pdf_pages

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
from scans import scan  # noqa: E402

BILAN = ROOT / "tests" / "fixtures" / "bilan-2020.pdf"
PLAN = ROOT / "tests" / "fixtures" / "plan-deploiement-2020.pdf"
LINES = ["Élaborer une stratégie de développement du logement social,",
         "abordable et de qualité ainsi qu'un plan d'action, sur la base",
         "Réalisation de Lévis Interculturelle, Fête de la diversité en",
         "version virtuelle du 16 au 22 novembre 2020, en collaboration",
         "avec le Tremplin, centre pour les personnes immigrantes et",
         "ainsi, mini, oui : où ira-t-il ? Déjà là, à l'île d'Orléans."]


def _page(size: int = 30) -> np.ndarray:
    """A 200 dpi page: a bold title and lines of text (accents, i-dots, small words)."""
    image = Image.new("L", (1700, 120 + 2 * size * len(LINES)), 255)
    draw = ImageDraw.Draw(image)
    draw.text((100, 30), "AXE 2 L'HABITATION ET LE MILIEU DE VIE", font=dejavu(size, bold=True), fill=0)
    for k, line in enumerate(LINES):
        draw.text((100, 40 + 2 * size * (k + 1)), line, font=dejavu(size), fill=0)
    return np.asarray(image).copy()


def _pieces(gray: np.ndarray) -> int:
    """Pieces of ink (8-connected), each letter one or two (a dot, an accent)."""
    return cv2.connectedComponents((gray < 128).astype(np.uint8), connectivity=8)[0] - 1


def _cut(gray: np.ndarray, along: str, pitch: float, start: float, widths=(1, 2)) -> np.ndarray:
    """White bands across `gray`, along its rows or its columns, every `pitch` pixels."""
    out = gray.copy() if along == "rows" else gray.T.copy()
    for k, top in enumerate(np.arange(start, out.shape[0], pitch).astype(int)):
        out[top:top + widths[k % len(widths)]] = 252
    return out if along == "rows" else np.ascontiguousarray(out.T)


@pytest.mark.parametrize("along,pitch", [("rows", 33.3), ("rows", 21.0), ("columns", 29.0)])
def test_letters_cut_by_thin_white_lines_are_whole_again(along, pitch):
    """Nozzles (rows, a sixth of an inch or closer) or a sensor's dead columns cut the page's
    letters into many more pieces; joined, the page has as many as before, within a few
    (a letter whose thin bar lay wholly in a band keeps its cut), and as much ink."""
    clean = _page()
    cut = _cut(clean, along, pitch, 11.0)
    joined, lost = rejoin(cut, 200)
    assert lost is not None and lost.shape == clean.shape
    whole, before, after = _pieces(clean), _pieces(cut), _pieces(joined)
    assert before > 1.3 * whole, (whole, before)  # the bands did cut
    assert abs(after - whole) <= 0.03 * whole, (whole, before, after)
    ink = [np.count_nonzero(g < 128) for g in (clean, cut, joined)]
    assert abs(ink[2] - ink[0]) < 0.5 * (ink[0] - ink[1]), ink  # off by less than half what went
    assert np.array_equal(joined[lost == 0], cut[lost == 0])  # nothing outside the bands is touched


def test_a_page_without_lost_lines_is_returned_as_it_is():
    """Letters' own gaps (i-dots, accents, an e's eye), small type, a barcode's bars, a double
    rule and underlined lines are no bands: the very page comes back, without a mask."""
    small = _page(size=18)
    barcode = np.full((300, 1700), 255, np.uint8)
    x = 200
    for k in range(60):  # bars one to four pixels wide, gaps of two or three
        width = 1 + k % 4
        barcode[40:140, x:x + width] = 0
        x += width + 2 + k % 2
    barcode[200:202, 100:1600] = 0  # a double rule: two lines three pixels apart
    barcode[205:207, 100:1600] = 0
    dots = Image.new("L", (1700, 1200), 255)
    for k in range(16):  # the gap under many i-dots, which the ascenders cross whole
        ImageDraw.Draw(dots).text((100, 30 + 70 * k), "il lit ainsi, ici, un mini livre inouï",
                                  font=dejavu(16 + 2 * (k % 8)), fill=0)
    for page in (_page(), small, np.vstack([_page(), barcode]), np.asarray(dots).copy(),
                 *(_underlined(gap) for gap in (1, 2, 3))):
        joined, lost = rejoin(page, 200)
        assert joined is page and lost is None


def _underlined(gap: int) -> np.ndarray:
    """Lines of text underlined `gap` pixels under their letters' feet: between the two, only
    descenders go on (few), and the underline runs on under every foot."""
    face = dejavu(30)
    image = Image.new("L", (1700, 600), 255)
    draw = ImageDraw.Draw(image)
    for k, text in enumerate(LINES[:4]):
        draw.text((100, 40 + 120 * k), text, font=face, fill=0)
        band = np.asarray(image)[40 + 120 * k:100 + 120 * k, 100:1600] < 128
        feet = 40 + 120 * k + int(np.flatnonzero(band.sum(axis=1) > band.sum(axis=1).max() / 3)[-1]) + 1
        draw.rectangle([100, feet + gap, 100 + int(face.getlength(text)), feet + gap + 1], fill=0)
    return np.asarray(image).copy()


def test_the_real_pages_have_no_lost_lines():
    """Every page of the born-digital bilan and plan, rendered at 200 dpi: nothing to join."""
    for source in (BILAN, PLAN):
        document = pypdfium2.PdfDocument(str(source))
        try:
            for k in range(len(document)):
                gray = render(document[k], 200)
                assert rejoin(gray, 200)[1] is None, (source.name, k)
        finally:
            document.close()


def test_one_band_through_a_few_ascenders_is_not_taken_alone():
    """A band that only cuts a few stems (between two lines, through a short word's ascender)
    is like the gap under a short word's i-dots: taken only on a page plainly cut elsewhere."""
    image = Image.fromarray(np.vstack([_page(), np.full((100, 1700), 255, np.uint8)]))
    ImageDraw.Draw(image).text((100, image.height - 70), "le mot", font=dejavu(30), fill=0)
    page = np.asarray(image).copy()
    top = image.height - 100 + int(np.flatnonzero((page[-100:, 100:400] < 128).any(axis=1))[0])
    once = page.copy()
    once[top + 2:top + 4] = 252  # across the page, through the l alone
    assert rejoin(once, 200)[1] is None
    many = _cut(page[:top - 10], "rows", 33.3, 11.0)
    many = np.vstack([many, once[top - 10:]])
    lost = rejoin(many, 200)[1]
    assert lost is not None and lost[top + 2:top + 4].all()


def test_a_rule_a_band_ran_along_stays_one_rule():
    """A band nearly along a table rule (the rule turned by a degree) wipes a long stretch of
    it; where the band lay, its pieces are joined whatever the gap. A gap no band explains (a
    cell spanning two rows) still splits the rule."""
    ink = np.zeros((200, 1700), np.uint8)
    ink[100:102, 100:700] = 255
    ink[100:102, 790:1600] = 255  # 90 px wiped
    lost = np.zeros_like(ink)
    for x in range(650, 840):  # a band a degree off the rule, two pixels thick
        y = 95 + int((x - 650) * 0.0175 * 4)
        lost[y:y + 3, x] = 255
    horizontal = lambda rules: sorted(r for r in rules if r[2] - r[0] > r[3] - r[1])  # noqa: E731
    apart = horizontal(find_rules(ink, 200)[0])
    assert [r[0] for r in apart] == [100, 790]
    joined = horizontal(find_rules(ink, 200, lost)[0])
    assert len(joined) == 1 and joined[0][0] == 100 and joined[0][2] >= 1599
    lost[:, 690:720] = 0  # the band does not cover the whole gap: a cell's own break
    assert [r[0] for r in horizontal(find_rules(ink, 200, lost)[0])] == [100, 790]


def _recall(want: list[str], got: list[str]) -> float:
    from collections import Counter

    found = Counter(got)
    return sum(min(n, found[w]) for w, n in Counter(want).items()) / len(want)


@pytest.mark.parametrize("source,page", [(BILAN, 4), (PLAN, 0)])
def test_a_page_printed_with_clogged_nozzles_reads_as_printed(tesseract, tmp_path, monkeypatch, source, page):
    """A bilan page (an axis title, an action, a side box) and a plan page (a table on dark
    bands) printed by an inkjet with clogged nozzles and scanned turned by -0.9°: their words
    read as on the born-digital page, where without the joining most of them were lost."""
    born = pdf_pages(source, [page], tmp_path / "page.pdf")
    scanned = scan(born, tmp_path / "buses.pdf", dpi=200, angle=-0.9, noise="aucun", seed=47, habit="buses bouchées")
    want = ocr_words(born)
    assert len(want) > 100
    joined = _recall(want, ocr_words(scanned))
    monkeypatch.setattr(ocr_image, "rejoin", lambda gray, dpi: (gray, None))
    cut = _recall(want, ocr_words(scanned))
    assert joined >= 0.9 and cut < joined - 0.1, (joined, cut)
