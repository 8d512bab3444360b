"""OCR's own mechanisms, without Tesseract: straightening, rules and shading found in pixels,
marks told from their shape, accents repaired, the settings and the cache key."""

import sys
from pathlib import Path

import cv2
import numpy as np
import pdfplumber
import pypdfium2
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

from extract.ocr import OcrSettings, _size_modes  # noqa: E402
from extract.ocr_drawings import find_fills, find_rules  # noqa: E402
from extract.ocr_image import _binary, prepare, render, skew_angle  # noqa: E402
from extract.ocr_marks import glyph  # noqa: E402
from extract.ocr_text import correct_accents, typeset_marks  # noqa: E402
from extract.pdf_layout import Box  # noqa: E402

PLAN = ROOT / "tests" / "fixtures" / "plan-deploiement-2020.pdf"
BILAN = ROOT / "tests" / "fixtures" / "bilan-2020.pdf"


def _page(path: Path, index: int, dpi: int = 100) -> np.ndarray:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return render(document[index], dpi)
    finally:
        document.close()


def _turned(gray: np.ndarray, angle: float) -> np.ndarray:
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=255)


@pytest.mark.parametrize("angle", [-3.0, -1.2, -0.5, 0.7, 2.0, 3.0])
@pytest.mark.parametrize("source, index", [(BILAN, 4), (PLAN, 0)])
def test_a_turned_page_is_measured_to_a_tenth_of_a_degree(source, index, angle):
    gray = _turned(_page(source, index), angle)
    # skew_angle gives the turn that puts the lines back: minus the one applied.
    assert skew_angle(_binary(gray), 100) == pytest.approx(-angle, abs=0.1)


def test_a_straight_page_is_left_as_it_is():
    gray = _page(BILAN, 4, 150)
    image = prepare(gray, 150)
    assert image.skew == 0.0 and np.array_equal(image.gray, gray)


def test_the_rules_of_a_table_are_found_and_the_text_is_not_taken_for_one():
    gray = np.full((600, 800), 255, np.uint8)
    for y in (100, 160, 220):
        cv2.line(gray, (50, y), (750, y), 120, 1)  # a light grey hairline grid
    for x in (50, 300, 750):
        cv2.line(gray, (x, 100), (x, 220), 120, 1)
    cv2.putText(gray, "Un texte assez long pour la ligne", (60, 140), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)
    ink = (gray < 210).astype(np.uint8) * 255
    boxes, _ = find_rules(ink, 200)
    horizontal = sorted(b for b in boxes if b[2] - b[0] > b[3] - b[1])
    vertical = sorted(b for b in boxes if b[2] - b[0] < b[3] - b[1])
    assert [round((b[1] + b[3]) / 2) for b in horizontal] == [100, 160, 220]
    assert [round((b[0] + b[2]) / 2) for b in vertical] == [50, 300, 750]


def test_a_light_shading_and_a_dark_band_are_found_with_their_grey():
    rng = np.random.default_rng(1)
    gray = np.full((1000, 800), 252, np.float32) + rng.normal(0, 3, (1000, 800))
    gray[100:400, 450:750] = 238  # a light side box
    gray[600:680, 50:750] = 70  # a dark band
    gray = np.clip(gray, 0, 255).astype(np.uint8)
    cv2.putText(gray, "Responsable municipal", (460, 150), cv2.FONT_HERSHEY_SIMPLEX, 0.7, 0, 2)
    cv2.putText(gray, "AXE 2", (60, 650), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 255, 2)
    cv2.putText(gray, "Du texte courant hors des boites", (50, 500), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
    fills = sorted(find_fills(gray, 200))
    assert len(fills) == 2
    (box1, level1), (box2, level2) = fills
    assert box1 == pytest.approx((50, 600, 750, 680), abs=6) and level1 < 0.35
    assert box2 == pytest.approx((450, 100, 750, 400), abs=6) and 0.9 < level2 < 0.97


@pytest.mark.parametrize("text, width, height, expected", [
    ("+", 0.3, 0.3, "•"), ("*", 0.26, 0.26, "•"), ("e", 0.31, 0.31, "•"), ("-+", 0.29, 0.29, "•"),
    (">", 0.77, 0.5, "➔"), ("=", 0.76, 0.38, "➔"),
    ("-", 0.4, 0.08, "-"), ("»", 0.45, 0.41, "»"), (".", 0.1, 0.1, "."), ("Les", 1.5, 0.75, "Les"),
])
def test_a_line_opening_mark_is_told_by_its_shape(text, width, height, expected):
    assert glyph(text, width * 30, height * 30, 30) == expected


def _words(*texts, conf=70.0):
    return [Box(10.0 * k, 10.0 * k + 8, 0, 10, text, 10, conf=conf) for k, text in enumerate(texts)]


def test_accents_a_speck_added_are_taken_off_and_true_words_stay():
    words = _words("Fämille", "uné", "rèchange", "dû", "communés", "ACCES-LOISIRS", "CA", "lllumination")
    correct_accents(words)
    assert [w.text for w in words] == ["Famille", "une", "rechange", "dû", "communes", "ACCÈS-LOISIRS", "CA",
                                       "Illumination"]


def test_a_letter_french_never_writes_is_a_speck_unless_read_with_assurance():
    words = _words("Relocälisation", "Björn")
    words[1].conf = 95.0  # a name, written with assurance
    correct_accents(words)
    assert [w.text for w in words] == ["Relocalisation", "Björn"]


def test_a_name_the_document_writes_confidently_is_its_spelling():
    words = _words("Lévis", "Lévis", conf=96.0) + _words("Lèvis", "Lévls")
    correct_accents(words)
    assert [w.text for w in words[2:]] == ["Lévis", "Lévls"]


def test_a_lone_hyphen_is_a_dash_and_a_sentence_opens_on_a_capital():
    words = _words("Journée", "-", "5", "décembre.") + [Box(0, 8, 20, 30, "11.", 10, conf=96), Box(12, 40, 20, 30, "implanter", 10, conf=60)]
    typeset_marks(words)
    assert [w.text for w in words] == ["Journée", "–", "5", "décembre.", "11.", "Implanter"]


def test_two_words_glued_by_a_speck_are_parted_and_addresses_stay():
    words = _words("en.cours.", "logislevis.com", "p.ex.", "Rivières.ainsi")
    typeset_marks(words)
    assert [w.text for w in words] == ["en cours.", "logislevis.com", "p.ex.", "Rivières ainsi"]


def test_sizes_snap_to_the_documents_few_sizes():
    snap = _size_modes({9.3: 300, 9.6: 900, 9.9: 250, 12.1: 40, 8.5: 5})
    assert snap(9.3) == snap(9.9) == 9.6
    assert snap(12.1) == 12.1


def test_ocr_settings_come_from_config_and_the_command_line(tmp_path):
    from pipeline.config import OcrConfig

    assert OcrConfig().settings().mode == "auto"
    assert OcrConfig().settings(force=True).mode == "force"
    assert OcrConfig().settings(force=False).mode == "off"
    assert OcrConfig(enabled=False).settings().mode == "off"
    assert OcrConfig(enabled=False).settings(force=True).mode == "force"


def test_the_cache_key_changes_with_the_ocr_settings(tmp_path):
    from pipeline.extraction.cache import RecordCache

    cache = RecordCache(tmp_path, None)
    keys = {cache.key(PLAN, kind=None, cycle=None, **settings.key())
            for settings in (OcrSettings(), OcrSettings(mode="force"), OcrSettings(dpi=300), OcrSettings(threads=2))}
    assert len(keys) == 3  # the thread count does not change a record


def test_a_box_drawn_as_an_outline_is_a_frame_and_a_ruled_table_stays_rules():
    from extract.ocr_drawings import find_frames

    box = [(100, 100, 400, 103), (100, 300, 400, 303), (100, 100, 103, 303), (397, 100, 400, 303)]
    beside = [(r[0] + 500, r[1] + 20, r[2] + 500, r[3] + 20) for r in box]  # another column, a little lower
    frames, rules = find_frames(box + beside, 200)
    assert sorted(frames) == [(100, 100, 400, 303), (600, 120, 900, 323)] and rules == []
    grid = box + [(250, 100, 253, 303)]  # a rule inside: two cells, a table
    frames, rules = find_frames(grid, 200)
    assert frames == [] and sorted(rules) == sorted(grid)


def test_rules_with_no_grid_make_no_table_and_no_error():
    from extract.pdf_tables import find_tables

    rows = [{"x0": 50, "x1": 500, "top": y, "bottom": y, "width": 450, "height": 0, "orientation": "h",
             "object_type": "line"} for y in (100, 200, 300, 400)]
    with pdfplumber.open(str(BILAN)) as pdf:
        assert find_tables(pdf.pages[0], rows, []) == []
