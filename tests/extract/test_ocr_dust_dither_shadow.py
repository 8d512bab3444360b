"""Three more scanners' habits, mechanism by mechanism (no Tesseract): a dithered one-bit page
given its greys back, dust on the glass taken off (never a colon, leader dots, an i's dot or a
small bullet), a book's spine shadow evened (never a shaded box that stands off the edge); and
the marks a speck adds to the words read beside it."""

from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from extract.ocr_cleanup import descreen, despeckle
from extract.ocr_image import even_paper
from extract.ocr_text import typeset_marks
from extract.parsers.common import label_of
from extract.pdf_layout import Box


def _page() -> np.ndarray:
    page = np.full((2200, 1700), 255, np.uint8)
    for y in range(200, 2000, 60):
        cv2.putText(page, "Un texte courant sur la page numerisee", (150, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
    return page


def _ink(page: np.ndarray) -> np.ndarray:
    return np.where(page < 128, 255, 0).astype(np.uint8)


def _dot(page: np.ndarray, x: int, y: int, radius: int = 2) -> None:
    cv2.circle(page, (x, y), radius, 0, -1)


def test_a_dithered_page_gets_its_greys_back_and_a_thresholded_one_is_only_softened():
    grey = _page().astype(np.float32)
    grey[100:160, 150:1500] = 170  # a grey heading band: dithered into dots
    dithered = np.asarray(Image.fromarray(grey.astype(np.uint8)).convert("1", dither=Image.Dither.FLOYDSTEINBERG)
                          .convert("L"))
    back = descreen(dithered, 200)
    assert back is not dithered
    band = back[110:150, 200:1400]
    assert 120 <= float(band.mean()) <= 215 and float(band.std()) < 40  # a grey again, not dots
    # A fax (strokes, few lone dots) is not descreened but softened by a narrower blur (see
    # test_ocr_one_bit.py): its strokes' cores stay black where a descreening greys them.
    thresholded = np.where(_page() < 128, 0, 255).astype(np.uint8)
    soft = descreen(thresholded, 200)
    blurred = cv2.GaussianBlur(thresholded, (0, 0), sigmaX=200 / 150.0)
    inked = thresholded == 0
    assert np.count_nonzero(soft[inked] < 64) > 1.5 * np.count_nonzero(blurred[inked] < 64)
    assert descreen(_page(), 200) is not None and descreen(cv2.GaussianBlur(_page(), (3, 3), 0), 200).dtype == np.uint8


def test_dust_is_taken_off_and_the_texts_own_dots_are_kept():
    page = _page()
    specks = [(60, 60), (1600, 120), (900, 2100), (1650, 1500), (40, 1000)]  # margins and gaps
    for x, y in specks:
        _dot(page, x, y)
    cv2.putText(page, "Partenaires :", (150, 2080), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
    colon = (page[2050:2085, 380:420] < 128).sum()
    leaders = [(700 + 12 * k, 2150) for k in range(20)]  # leader dots of a table of contents
    for x, y in leaders:
        _dot(page, x, y, 1)
    _dot(page, 130, 1040, 2)  # a small bullet opening a line of text (the line at y=1040)
    clean = despeckle(page, _ink(page), 200)
    for x, y in specks:
        assert clean[y - 3:y + 4, x - 3:x + 4].min() == 255, (x, y)
    assert (clean[2050:2085, 380:420] < 128).sum() == colon  # the colon's two dots stand together
    assert all(clean[y, x] < 128 for x, y in leaders)
    assert clean[1040, 130] < 128
    assert np.array_equal(clean[150:2000, 150:1400], page[150:2000, 150:1400])  # the text as it was


def test_a_page_without_dust_is_returned_as_it_is():
    page = _page()
    assert despeckle(page, _ink(page), 200) is page


def test_a_spine_shadow_is_evened_and_a_shaded_box_off_the_edge_stays():
    page = _page().astype(np.float32)
    page[600:1400, 1000:1600] *= 0.85  # a shaded side box, behind a margin of white paper
    width = page.shape[1]
    fall = 1.0 - 0.55 * np.exp(-np.arange(width, dtype=np.float32) / (0.05 * width))
    shadowed = np.clip(page * fall[None, :], 0, 255).astype(np.uint8)
    even = even_paper(shadowed, 200)
    edge = even[:, 5:60]
    assert np.percentile(edge, 50) >= 235  # the paper at the spine is white again
    box, beside = even[700:1300, 1050:1550], even[700:1300, 800:950]
    assert np.percentile(box, 50) <= np.percentile(beside, 50) - 20  # the box is still shaded


def _word(text: str, x0: float, top: float = 100.0) -> Box:
    return Box(text=text, x0=x0, top=top, x1=x0 + 8 * len(text), bottom=top + 10, size=10.0, conf=80.0)


def test_a_speck_read_as_a_mark_beside_a_word_is_dropped():
    words = [_word("‘AXE", 50), _word("1", 90), _word("LA", 110), _word("MOBILITÉ", 140),
             _word("Partenaires\":", 50, 200), _word("Responsable", 50, 300), _word("municipal", 150, 300),
             _word(":.", 230, 300), _word("l'Unisson", 50, 400), _word("etc.:", 150, 400)]
    typeset_marks(words)
    assert [w.text for w in words] == ["AXE", "1", "LA", "MOBILITÉ", "Partenaires:", "Responsable", "municipal", ":",
                                       "l'Unisson", "etc.:"]


def _block(text: str, kind=None, bullet=None):
    from extract.blocks import Block, BlockKind
    from extract.records import Provenance

    return Block(kind=kind or BlockKind.PARAGRAPH, text=text, provenance=Provenance(page=1), bullet=bullet)


def test_a_label_with_a_speck_or_set_as_a_list_item_is_still_a_label():
    from extract.blocks import BlockKind

    assert label_of(_block("Partenaires :.")) == "partners"
    assert label_of(_block(". Responsable municipal :")) == "leads"
    assert label_of(_block("Responsable municipal :", BlockKind.LIST_ITEM, "•")) == "leads"
    assert label_of(_block("Partenaires de la démarche", BlockKind.LIST_ITEM, "•")) is None


def _texts(*lines: list[str]) -> list[str]:
    """typeset_marks on lines of words set one under the other (12 points apart), as read."""
    words = []
    for row, line in enumerate(lines):
        x = 50.0
        for text in line:
            words.append(_word(text, x, 100.0 + 12 * row))
            x += 8 * len(text) + 4
    typeset_marks(words)
    return [w.text for w in words]


def test_a_speck_read_as_a_stop_or_a_quote_where_french_sets_none_goes():
    # A stop before a word in lower case, on the line or opening the next one, or a word of its own.
    assert _texts(["location", "de.", "logements"]) == ["location", "de", "logements"]
    assert _texts(["des", "différents."], ["partenaires", "et"]) == ["des", "différents", "partenaires", "et"]
    assert _texts(["pour", "soutenir", "."], ["les", "personnes"]) == ["pour", "soutenir", "", "les", "personnes"]
    assert _texts(["Direction", "du'", "Service"]) == ["Direction", "du", "Service"]
    # A sentence's end, an abbreviation, an elision, a colon and a note's number stay.
    kept = [["la", "communauté."], ["Les", "projets"], ["p.", "ex.", "série"], ["etc.", "et"], ["jusqu'", "au"],
            ["Réalisation", "de", ":"], ["la", "Ville.", "²"], ["la", "communauté."], ["https://www.courantlevis.com/"]]
    assert _texts(*kept) == [text for line in kept for text in line]


def test_two_words_glued_by_a_stop_are_parted_elided_or_not():
    assert _texts(["Conseil", "d'administration.de", "l'Initiative"]) == ["Conseil", "d'administration de", "l'Initiative"]
    assert _texts(["activités", "d'accueil", "et.d'échanges"]) == ["activités", "d'accueil", "et d'échanges"]
    assert _texts(["Chantier", "A.C.", "Davie"]) == ["Chantier", "A.C.", "Davie"]


def test_a_speck_read_as_a_word_of_its_own_leaves_the_page_with_its_measures():
    from extract.ocr import OcrPage, finish

    words = [_word("pour", 50), _word("soutenir", 90), _word(".", 160), _word("les", 50, 112), _word("gens", 80, 112)]
    page = OcrPage(words=words, strokes=[0.1, 0.1, 0.3, 0.1, 0.2], segments=[0, 0, 0, 1, 1])
    finish([page])
    assert [w.text for w in page.words] == ["pour", "soutenir", "les", "gens"]
    assert page.strokes == [0.1, 0.1, 0.1, 0.2] and page.segments == [0, 0, 1, 1]



def test_a_photocopys_unevenly_lit_paper_is_no_spine_shadow(tmp_path):
    """The bilan's first page photocopied (grey paper lit from a corner, soft focus): one cut
    between ink and paper for the whole page took it for a shadow 11 levels deep on a third of
    the page, and the bilan lost 11 points; each strip's own cut sees none."""
    import sys

    import pypdfium2

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
    from scans import scan

    from extract.ocr_image import _edge_shadow, render

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "bilan-2020.pdf"
    copy = scan(fixture, tmp_path / "copie.pdf", dpi=200, angle=-0.8, noise="aucun", seed=11, pages=[0],
                habit="photocopie")
    document = pypdfium2.PdfDocument(str(copy))
    try:
        columns, rows = _edge_shadow(render(document[0], 200), 200)
    finally:
        document.close()
    assert columns.max() < 4 and rows.max() < 4
