"""Two more scanners' habits, mechanism by mechanism (no Tesseract): dark toner's spread taken
back before reading (printed regular text left alone), and dust read as marks inside
the words (a stop above the baseline, a colon of one dot, a round quote, a bullet too small)
taken out, while the text's own marks, wherever type sets them, stay."""

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from extract.ocr_cleanup import HEAVY, ink_share, thin
from extract.ocr_image import _binary
from extract.ocr_marks import specks
from extract.ocr_retry import _shape

FONTS = Path("/usr/share/fonts/truetype/dejavu")
TEXT = ("Le Plan d'action de la Politique de développement social et communautaire s'échelonne\n"
        "sur une période de dix ans ; chaque année, un plan de déploiement est réalisé afin\n"
        "d'identifier les actions à mettre en œuvre : logement, mobilité, sécurité alimentaire.")


def _page(points: float, font: str = "DejaVuSans.ttf") -> np.ndarray:
    """A 200 dpi grey page of a few paragraphs of text set at `points`."""
    path = FONTS / font
    if not path.exists():
        pytest.skip(f"police absente : {path} (paquet fonts-dejavu-core)")
    pixels = round(points * 200 / 72)
    face = ImageFont.truetype(str(path), pixels)
    image = Image.new("L", (1700, 1400), 255)
    draw = ImageDraw.Draw(image)
    for k in range(12):
        for n, line in enumerate(TEXT.split("\n")):
            draw.text((100, 80 + (k * 3 + n) * pixels * 1.25), line, font=face, fill=0)
    return np.array(image)


def _spread(page: np.ndarray, pixels: int) -> np.ndarray:
    """Dark toner: every stroke grown by `pixels` on each side."""
    return np.array(Image.fromarray(page).filter(ImageFilter.MinFilter(2 * pixels + 1)))


@pytest.mark.parametrize("points", [8, 9.5, 11])
@pytest.mark.parametrize("font", ["DejaVuSans.ttf", "DejaVuSerif.ttf"])
def test_printed_regular_text_is_not_thinned(points, font):
    page = _page(points, font)
    ink = _binary(page)
    assert ink_share(ink, 200) <= HEAVY
    assert thin(page, ink, 200) is page


@pytest.mark.parametrize("points", [8, 9.5, 11])
@pytest.mark.parametrize("font", ["DejaVuSans.ttf", "DejaVuSerif.ttf"])
def test_dark_toners_spread_is_taken_back_towards_the_printed_weight(points, font):
    page = _page(points, font)
    printed = ink_share(_binary(page), 200)
    dark = _spread(page, 1)
    ink = _binary(dark)
    assert ink_share(ink, 200) > HEAVY
    thinner = thin(dark, ink, 200)
    assert thinner is not dark
    after = ink_share(_binary(thinner), 200)
    assert abs(after - printed) < abs(ink_share(ink, 200) - printed)  # nearer the type's own weight


def _dot(image: np.ndarray, x: int, y: int, wide: int, tall: int) -> tuple[int, int, int, int]:
    image[y:y + tall, x:x + wide] = 0
    return (x, y, x + wide - 1, y + tall - 1)


def _word(letters: str, marks: dict[int, tuple[int, int, int, int]]) -> tuple[np.ndarray, list]:
    """A word's image and its characters' boxes as Tesseract gives them: letters 12 px wide, a
    baseline at y = 60, an x-height of 15 and an ascent of 20 (a 26 px font size); `marks`
    places, after the letter at each index, a mark's ink (x offset, top relative to the
    baseline, width, height)."""
    image = np.full((100, 40 * (len(letters) + len(marks)) + 40), 255, np.uint8)
    chars, x = [], 10
    for k, char in enumerate(letters):
        if char in marks:
            dx, top, wide, tall = marks[char]
            chars.append((char, _dot(image, x + dx, 60 + top, wide, tall)))
            x += dx + wide + 3
            continue
        image[45:60, x + 2:x + 4] = 0  # a stem
        image[45:47, x + 2:x + 10] = 0
        chars.append((char, (x, 45, x + 11, 59)))
        x += 14
    return image, chars


SIZE = 26.0


@pytest.mark.parametrize("letters, marks, expected", [
    ("avec.", {".": (1, -4, 4, 4)}, "avec."),           # a stop on the baseline
    ("avec.", {".": (1, -3, 3, 3)}, "avec."),           # a small font's stop, still on it
    ("avec.", {".": (1, -12, 3, 3)}, "avec"),           # a speck at mid-height read as a stop
    ("avec,", {",": (1, 4, 2, 2)}, "avec"),             # a speck under the line read as a comma
    ("l'eau", {"'": (1, -20, 3, 7)}, "l'eau"),          # an apostrophe, high and tall
    ("L'EAU", {"'": (1, -20, 4, 5)}, "L'EAU"),          # a bold quote, a wedge
    ("l'eau", {"'": (1, -19, 3, 3)}, "leau"),           # a round speck up high
    ("l'eau", {"'": (1, -9, 3, 7)}, "leau"),            # a speck low in the line read as a quote
    ("Main-d", {"-": (1, -9, 7, 2)}, "Main-d"),         # a hyphen, a bar
    ("Main-d", {"-": (1, -9, 3, 3)}, "Maind"),          # a round speck read as a hyphen
    ("50:", {":": (1, -10, 3, 2)}, "50"),               # a colon of one small dot
])
def test_a_speck_read_as_a_mark_goes_and_the_texts_own_marks_stay(letters, marks, expected):
    image, chars = _word(letters, marks)
    text = "".join(c for c, _ in chars)
    _, read = specks(image, chars, text, lambda x: 60, SIZE)
    assert read == expected


def test_a_colon_of_two_dots_stays():
    image = np.full((100, 120), 255, np.uint8)
    chars = [("a", (10, 45, 21, 59))]
    image[45:60, 12:14] = 0
    top, bottom = _dot(image, 30, 47, 3, 3), _dot(image, 30, 56, 3, 3)
    chars.append((":", (30, 47, 32, 58)))
    assert specks(image, chars, "a:", lambda x: 60, SIZE)[1] == "a:"
    assert top and bottom


def test_a_line_opening_mark_is_a_bullet_when_its_ink_spans_one_and_dust_when_smaller():
    image = np.full((100, 200), 255, np.uint8)
    cv2.circle(image, (20, 52), 4, 0, -1)  # a bullet, 9 px across
    assert specks(image, [("+", (16, 48, 24, 56))], "+", lambda x: 60, SIZE, opening=True)[1] == "+"
    image[:] = 255
    _dot(image, 18, 50, 4, 4)  # a speck, 4 px across
    assert specks(image, [("+", (18, 50, 21, 53))], "+", lambda x: 60, SIZE, opening=True)[1] == ""
    image[:] = 255
    cv2.ellipse(image, (20, 52), (5, 5), 0, 0, 150, 0, 1)  # a ring's thin rim, binarised in two arcs
    cv2.ellipse(image, (20, 52), (5, 5), 0, 200, 340, 0, 1)
    assert specks(image, [("°", (14, 46, 26, 58))], "°", lambda x: 60, SIZE, opening=True)[1] == "°"


def test_a_table_value_is_a_number_or_a_units_code():
    assert _shape("15") == "number" and _shape("DVC") == "code" and _shape("URBA") == "code"
    assert _shape("Dvc") is None and _shape("D") is None and _shape("ele") is None
