"""One-bit scans (faxes) and a worn sensor, mechanism by mechanism (no Tesseract): a
standard-mode fax's doubled rows told and interpolated, a thresholded page softened while a
grey scan is left as it is, a thin rule that a one-bit scan of a turned page breaks into a
staircase still found as one rule (dot leaders and text are none), and a worn sensor's lone
dead and hot pixels filled, nothing else."""

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extract.ocr_cleanup import descreen, undouble
from extract.ocr_drawings import _in_line, find_rules
from extract.ocr_image import _binary

FONTS = Path("/usr/share/fonts/truetype/dejavu")


def _font(pixels: int) -> ImageFont.FreeTypeFont:
    path = FONTS / "DejaVuSans.ttf"
    if not path.exists():
        pytest.skip(f"police absente : {path} (paquet fonts-dejavu-core)")
    return ImageFont.truetype(str(path), pixels)


def _text_page(angle: float = 0.0) -> np.ndarray:
    """A 200 dpi grey page of text lines, a table's rule under each, turned by `angle`."""
    image = Image.new("L", (1600, 900), 255)
    draw = ImageDraw.Draw(image)
    face = _font(26)
    for n in range(10):
        draw.text((100, 60 + n * 80), "Créer un axe structurant de desserte en transport en commun", font=face, fill=0)
        draw.line((80, 108 + n * 80, 1520, 108 + n * 80), fill=0, width=2)  # a 0.75 pt grid rule
    return np.array(image.rotate(angle, resample=Image.BICUBIC, fillcolor=255))


def _fax(page: np.ndarray, standard: bool) -> np.ndarray:
    """Thresholded at 140; in standard mode, one row in two sent and printed twice."""
    if standard:
        page = np.repeat(page[::2], 2, axis=0)[:page.shape[0]]
    return np.where(page < 140, 0, 255).astype(np.uint8)


def test_a_standard_faxs_doubled_rows_are_told_and_interpolated():
    page = _fax(_text_page(0.8), standard=True)
    restored = undouble(page)
    assert restored is not None and restored.shape == page.shape
    # Line k stands for rows 2k and 2k + 1 (its centre at 2k + 0.5): row 2k + 1 lies a quarter
    # of the way to line k + 1, row 2k + 2 three quarters. An edge that stepped by two rows is grey.
    lines = page[::2].astype(np.float32)
    assert np.abs(restored[1:-1:2] - (0.75 * lines[:-1] + 0.25 * lines[1:])).max() <= 1
    assert np.abs(restored[2::2] - (0.25 * lines[:-1] + 0.75 * lines[1:])).max() <= 1
    assert np.count_nonzero((restored > 24) & (restored < 232)) > 0.01 * page.size


def test_other_pages_rows_are_not_doubled():
    assert undouble(_fax(_text_page(0.8), standard=False)) is None
    assert undouble(_text_page(0.8)) is None


def test_a_one_bit_page_is_softened_and_a_grey_scan_left_as_it_is():
    grey = _text_page(0.8)
    assert descreen(grey, 200) is grey
    for standard in (False, True):
        fax = _fax(grey, standard)
        soft = descreen(fax, 200)
        assert soft is not fax
        edges = (soft > 24) & (soft < 232)
        assert np.count_nonzero(edges) > 0.02 * fax.size  # letters' edges are grey again
        assert soft[:40].min() >= 250  # paper far from ink stays white
        assert np.mean(np.abs(soft.astype(int) - fax)) < 25  # the page is the same page


def _horizontal(rules):
    return sorted((r for r in rules if r[2] - r[0] > r[3] - r[1]), key=lambda r: r[1])


@pytest.mark.parametrize("angle", [0.5, 0.8, 1.4])
@pytest.mark.parametrize("standard", [False, True], ids=["fax fin", "fax standard"])
def test_a_turned_faxs_rules_are_found_whole(angle, standard):
    fax = _fax(_text_page(angle), standard)
    straight = cv2.warpAffine(fax, cv2.getRotationMatrix2D((800, 450), -angle, 1.0), (1600, 900),
                              flags=cv2.INTER_LINEAR, borderValue=255)
    rules = _horizontal(find_rules(_binary(straight), 200)[0])
    assert len([r for r in rules if r[2] - r[0] >= 1300]) == 10 and len(rules) == 10


@pytest.mark.parametrize("angle", [0.8, -1.3])
def test_a_standard_faxs_staircase_rules_are_one_rule_each(tmp_path, angle):
    """The plan's first page faxed in standard mode: its 0.5 pt grid rules come out of the
    straightening as pieces a row apart and a few pixels short of each other; joined, each is
    one rule across the table again, as on a grey scan of the page (20 rules of 1500 px and
    more). Without the joining, 8 were left whole and the table's rows ran into each other."""
    import sys

    import pypdfium2

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
    from scans import scan

    from extract.ocr_image import prepare, render

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "plan-deploiement-2020.pdf"
    fax = scan(fixture, tmp_path / "fax.pdf", dpi=200, angle=angle, noise="aucun", seed=17, pages=[0],
               habit="télécopie standard")
    document = pypdfium2.PdfDocument(str(fax))
    try:
        page = prepare(render(document[0], 200), 200)
    finally:
        document.close()
    rules = _horizontal(page.rules)
    assert len([r for r in rules if r[2] - r[0] >= 1500]) >= 20
    assert len(rules) <= 24  # no rule left in pieces


def test_dot_leaders_and_text_are_no_rules():
    image = Image.new("L", (1600, 300), 255)
    draw = ImageDraw.Draw(image)
    draw.text((50, 50), "Introduction " + "." * 80 + " 3", font=_font(28), fill=0)
    draw.text((50, 150), "Axe 1 " + "." * 40 + " 12", font=_font(22), fill=0)
    assert find_rules(_binary(np.array(image)), 200)[0] == []


def test_pieces_in_line_are_joined_and_parallel_rules_kept_apart():
    staircase = [(100, 50, 240, 52), (244, 51, 384, 53), (390, 52, 530, 54), (535, 51, 675, 53)]
    assert _in_line(staircase, True, gap=25, thickness=7) == [(100, 50, 675, 54)]
    parallel = [(100, 50, 600, 52), (100, 60, 600, 62)]  # two rules 10 px apart: a double rule
    assert sorted(_in_line(parallel, True, gap=25, thickness=7)) == parallel
    apart = [(100, 50, 300, 52), (340, 50, 600, 52)]  # 40 px apart: two rules
    assert sorted(_in_line(apart, True, gap=25, thickness=7)) == apart
    down = [(50, 100, 52, 240), (51, 250, 53, 400)]  # a vertical rule in two pieces
    assert _in_line(down, False, gap=25, thickness=7) == [(50, 100, 53, 400)]


def test_a_worn_sensors_lone_pixels_are_filled_and_nothing_else_moves():
    """Dead pixels (white) in the strokes and hot ones (black) on the paper are set to their
    neighbours' level; nothing else on the page changes."""
    from extract.ocr_cleanup import desalt

    image = Image.new("L", (1600, 900), 255)
    draw = ImageDraw.Draw(image)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 30) if (FONTS / "DejaVuSans-Bold.ttf").exists() \
        else pytest.skip("police absente : DejaVuSans-Bold.ttf (paquet fonts-dejavu-core)")
    for n in range(10):
        draw.text((100, 60 + n * 80), "Créer un axe structurant de desserte en transport en commun", font=bold, fill=0)
    page = np.array(image)
    assert desalt(page) is page  # a clean page is left as it is
    rng = np.random.default_rng(5)
    chance = rng.random(page.shape)
    worn = page.copy()
    worn[chance < 1 / 150] = 255
    worn[chance > 1 - 1 / 3000] = 0
    filled = desalt(worn)
    assert filled is not worn
    ring = np.ones((3, 3), np.uint8)
    ring[1, 1] = 0
    lightest, darkest = cv2.dilate(worn, ring).astype(int), cv2.erode(worn, ring).astype(int)
    holes = worn > lightest + 40  # lighter than all eight neighbours: a dead pixel
    specks = worn < darkest - 40  # darker than all eight: a hot one
    assert np.count_nonzero(holes & (lightest < 128)) > 100 and np.count_nonzero(specks & (darkest > 128)) > 50
    assert np.array_equal(filled[holes], lightest[holes]) and np.array_equal(filled[specks], darkest[specks])
    assert np.array_equal(filled[~holes & ~specks], worn[~holes & ~specks])  # nothing else moves


def test_a_worn_sensors_scan_is_told_from_clean_ones(tmp_path):
    """The bilan's first page, scanned with a worn sensor (JPEG spreads each dead pixel), has
    its lone pixels filled; the same page scanned clean, or with dark toner, is left alone."""
    import sys

    import pypdfium2

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
    from scans import scan

    from extract.ocr_cleanup import desalt
    from extract.ocr_image import render

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "bilan-2020.pdf"
    for habit, worn in (("capteur usé", True), (None, False), ("foncé", False)):
        path = scan(fixture, tmp_path / f"{habit}.pdf", dpi=200, angle=0.5, noise="aucun", seed=17, pages=[2], habit=habit)
        document = pypdfium2.PdfDocument(str(path))
        try:
            page = render(document[0], 200)
        finally:
            document.close()
        assert (desalt(page) is not page) == worn, habit
