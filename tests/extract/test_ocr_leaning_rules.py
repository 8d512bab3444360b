"""Rules that lean a little off the page's straight lines (a page photographed at an angle: its
verticals converge towards the top; a sheet sheared in the feeder) are still rules, whole, with
their lean (no Tesseract)."""

import sys
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from PIL import Image, ImageDraw, ImageFont

from extract.ocr_drawings import faint_ink, find_rules
from extract.ocr_image import prepare, render

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
from scans import scan  # noqa: E402
FONTS = Path("/usr/share/fonts/truetype/dejavu")
TOP, BOTTOM = 100, 1600


def _face(pixels: int) -> ImageFont.FreeTypeFont:
    path = FONTS / "DejaVuSans.ttf"
    if not path.exists():
        pytest.skip(f"police absente : {path} (paquet fonts-dejavu-core)")
    return ImageFont.truetype(str(path), pixels)


def _table(lean: float) -> np.ndarray:
    """A 200 dpi table 1500 px high: four vertical rules, those left of the middle leaning by
    `lean` degrees one way and those right of it the other way (a perspective), rows of text."""
    image = Image.new("L", (1700, 1700), 255)
    draw = ImageDraw.Draw(image)
    drift = np.tan(np.deg2rad(lean)) * (BOTTOM - TOP)
    for x in (150, 500, 1200, 1550):
        shift = drift if x < 850 else -drift
        draw.line((x, TOP, x - shift, BOTTOM), fill=0, width=3)
    face = _face(26)
    for top in range(TOP + 20, BOTTOM - 40, 60):
        draw.line((150, top - 12, 1550, top - 12), fill=0, width=3)
        draw.text((530, top), "Soutenir des initiatives contribuant au maintien", font=face, fill=0)
    return np.asarray(image)


def _verticals(rules) -> list[tuple[int, int, int, int]]:
    return [r for r in rules if r[3] - r[1] > r[2] - r[0]]


@pytest.mark.parametrize("lean", [0.5, 1.0, 1.5])
def test_leaning_vertical_rules_are_found_whole(lean):
    """Each of the four rules is one rule over the table's height (its box as wide as its
    drift): before, a rule's run was kept only while its box stayed 2 pt wide, so a rule
    drifting more than that was no rule at all."""
    rules = _verticals(find_rules(faint_ink(_table(lean), 200), 200)[0])
    whole = [r for r in rules if r[3] - r[1] >= 0.95 * (BOTTOM - TOP)]
    centres = sorted({round((r[0] + r[2]) / 2 / 50) for r in whole})
    assert len(centres) == 4
    assert all(r[2] - r[0] <= 3 + np.tan(np.deg2rad(lean)) * (BOTTOM - TOP) + 4 for r in whole)


def test_letters_are_still_no_vertical_rules():
    rules = _verticals(find_rules(faint_ink(_table(1.0), 200), 200)[0])
    assert len(rules) >= 4 and all(r[2] <= 520 or r[0] >= 1150 for r in rules)  # none among the text (x 530 to 1150)


def test_a_photographed_plan_keeps_its_table_columns(tmp_path):
    """The deployment plan's first page photographed (perspective, tests/fixtures/scans.py):
    the five column rules of its second table, 700 px high, are found down its height."""
    pdf = scan(ROOT / "tests/fixtures/plan-deploiement-2020.pdf", tmp_path / "trapeze.pdf", angle=0.9, noise="aucun",
               seed=19, pages=[0], habit="trapèze")
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        page = prepare(render(document[0], 200), 200)
    finally:
        document.close()
    tall = [r for r in _verticals(page.rules) if r[3] - r[1] >= 600]
    assert len({round((r[0] + r[2]) / 2 / 40) for r in tall}) >= 5
