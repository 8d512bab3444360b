"""Two more scanners' habits, mechanism by mechanism (no Tesseract): dark toner's spread taken
back before reading (printed regular text left alone), a unit's code read with doubt kept in a
column of confident codes; and dust read as marks inside the words (a stop above the baseline,
a colon of one dot, a round quote or dash, a bullet too small) taken out, while the text's own
marks, sharp or blurred, stay."""

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from extract.ocr_cleanup import HEAVY, ink_share, thin
from extract.ocr_image import _binary
from extract.ocr_marks import glyph, opening_mark
from extract.ocr_specks import specks
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


def test_a_table_value_is_a_number_or_a_units_code():
    assert _shape("15") == "number" and _shape("DVC") == "code" and _shape("URBA") == "code"
    assert _shape("Dvc") is None and _shape("D") is None and _shape("ele") is None


SIZE = 26.0  # the line's size in pixels, as Tesseract gives it (9.4 pt at 200 dpi)


def _word(letters: str, marks: dict[str, tuple[int, int, int, int]]) -> tuple[np.ndarray, list]:
    """A word's image and its characters' boxes as Tesseract gives them: letters 11 px wide and
    15 high on a baseline at y = 60; each character of `marks` is set as a block of ink
    (x offset, top relative to the baseline, width, height)."""
    image = np.full((100, 30 * len(letters) + 40), 255, np.uint8)
    chars, x = [], 10
    for char in letters:
        if char in marks:
            dx, top, wide, tall = marks[char]
            image[60 + top:60 + top + tall, x + dx:x + dx + wide] = 0
            chars.append((char, (x + dx, 60 + top, x + dx + wide - 1, 60 + top + tall - 1)))
            x += dx + wide + 3
            continue
        image[45:60, x + 2:x + 4] = 0  # a stem and a bar: a letter's ink
        image[45:47, x + 2:x + 10] = 0
        chars.append((char, (x, 45, x + 11, 59)))
        x += 14
    return image, chars


@pytest.mark.parametrize("letters, marks, expected", [
    ("avec.", {".": (1, -4, 4, 4)}, "avec."),           # a stop on the baseline
    ("avec.", {".": (1, -3, 2, 3)}, "avec."),           # a thin font's stop, still on it
    ("avec.", {".": (1, -12, 3, 3)}, "avec"),           # a speck at mid-height read as a stop
    ("avec,", {",": (1, 4, 2, 2)}, "avec"),             # a speck under the line read as a comma
    ("jusqu'", {"'": (1, -20, 3, 7)}, "jusqu'"),        # an apostrophe, high and tall
    ("JUSQU'", {"'": (1, -20, 5, 5)}, "JUSQU'"),        # a bold quote, a wedge
    ("jusqu'", {"'": (1, -19, 3, 3)}, "jusqu"),         # a small speck up high
    ("jusqu'", {"'": (1, -9, 3, 7)}, "jusqu"),          # a speck low in the line read as a quote
    ("Main-", {"-": (1, -9, 7, 2)}, "Main-"),           # a hyphen, a bar
    ("Main-", {"-": (1, -9, 3, 3)}, "Main"),            # a round speck read as a hyphen
    ("50:", {":": (1, -10, 3, 2)}, "50"),               # a colon of one small dot
    ("ab•", {"•": (4, -10, 4, 4)}, "ab"),               # a bullet after a word, smaller than a bullet
    (".", {".": (1, -12, 3, 3)}, ""),                   # a word of one speck, above the baseline
    ("et.de", {".": (5, -9, 2, 2)}, "et.de"),           # between two letters: typeset_marks parts the words
    ("en-cours", {"-": (1, -9, 3, 3)}, "en cours"),     # a round speck in a word's gap read as a hyphen
    ("Rive-Sud", {"-": (1, -9, 7, 2)}, "Rive-Sud"),     # a hyphen between two words, a bar
])
def test_a_speck_read_as_a_mark_goes_and_the_texts_own_marks_stay(letters, marks, expected):
    image, chars = _word(letters, marks)
    text = "".join(c for c, _ in chars)
    assert specks(image, chars, text, lambda x: 60, SIZE)[1] == expected


def test_a_colon_of_two_dots_and_a_blurred_hyphen_stay():
    image, chars = _word("a:b", {":": (1, -13, 3, 3)})
    image[55:58, 25:28] = 0  # the colon's second dot
    chars[1] = (":", (25, 47, 27, 57))
    assert specks(image, chars, "a:b", lambda x: 60, SIZE)[1] == "a:b"
    image, chars = _word("Rive-", {"-": (1, -9, 5, 2)})
    blurred = cv2.GaussianBlur(image, (0, 0), 0.8)  # a descreened page: the bar grows grey all round
    assert specks(blurred, chars, "Rive-", lambda x: 60, SIZE)[1] == "Rive-"


@pytest.mark.parametrize("read", ["+", "*", ".", "°"])
def test_a_line_opening_bullet_stays_and_a_speck_in_its_place_goes(read):
    image = np.full((100, 200), 255, np.uint8)
    image[48:55, 18:24] = 0  # 6 by 7: a fax's thinned bullet, the least the bench's scans hold
    opening = specks(image, [(read, (18, 48, 23, 54))], read, lambda x: 60, SIZE, opening=True)
    assert opening[1] == read  # opening_mark decides which bullet
    image[:] = 255
    image[50:54, 18:22] = 0  # 4 by 4: a speck of dust, read in a bullet's place
    assert specks(image, [(read, (18, 50, 21, 53))], read, lambda x: 60, SIZE, opening=True)[1] == ""
    assert specks(image, [(read, (18, 50, 21, 53)), ("L", (30, 45, 41, 59)), ("e", (44, 49, 53, 59))], read + "Le",
                  lambda x: 60, SIZE, opening=True)[1] == "Le"  # read into the first word
    image[:] = 255
    image[52:54, 14:24] = 0  # a dash opening its line (a list's, a dialogue's) is a bar, no speck
    assert specks(image, [("-", (14, 52, 23, 53))], "-", lambda x: 60, SIZE, opening=True)[1] == "-"


def test_a_small_mark_ending_a_word_goes_and_a_ring_read_inside_a_line_stays():
    image = np.full((100, 200), 255, np.uint8)
    image[50:54, 18:22] = 0
    assert specks(image, [("a", (0, 45, 11, 59)), ("+", (18, 50, 21, 53))], "a+", lambda x: 60, SIZE)[1] == "a"
    assert specks(image, [("+", (18, 50, 21, 53))], "+", lambda x: 60, SIZE)[1] == ""  # not opening its line
    image[:] = 255
    cv2.ellipse(image, (20, 52), (4, 4), 0, 0, 150, 0, 1)  # a ring's thin rim, binarised in two arcs,
    cv2.ellipse(image, (20, 52), (4, 4), 0, 200, 340, 0, 1)  # Tesseract's box on part of it
    assert specks(image, [("a", (0, 45, 11, 59)), ("°", (17, 48, 22, 52))], "a°", lambda x: 60, SIZE)[1] == "a°"
    image[:] = 255
    image[48:52, 14:17] = 0  # one bullet read as two marks ("-*"): each half small, together a bullet
    image[50:56, 18:23] = 0
    assert specks(image, [("-", (14, 48, 16, 51)), ("*", (18, 50, 22, 55))], "-*", lambda x: 60, SIZE,
                  opening=True)[1] == "-*"


def test_a_bullet_with_a_speck_beside_it_is_no_arrow_and_an_arrow_stays_one():
    image = np.full((100, 200), 255, np.uint8)
    cv2.circle(image, (22, 52), 4, 0, -1)  # a bullet, 9 px across
    image[53:57, 29:33] = 0  # a speck of dust just after it, in Tesseract's box of the mark
    box = (18, 48, 33, 57)  # 15 px wide: as wide as a note's arrow
    assert glyph("+", box[2] - box[0], box[3] - box[1], SIZE) == "➔"  # what the box alone says
    assert opening_mark(image, "+", 90.0, box, 60.0, SIZE, "fra") == "•"
    image[:] = 255
    image[51:54, 14:30] = 0  # an arrow's shaft and head, one piece of ink
    for k in range(6):  # the head narrows to its point
        image[47 + k:58 - k, 30 + k] = 0
    assert opening_mark(image, "=", 90.0, (14, 46, 36, 59), 60.0, SIZE, "fra") == "➔"


def test_a_second_look_at_many_words_is_set_in_strips_tesseract_takes():
    from types import SimpleNamespace

    from extract.ocr_retry import _strips

    page = SimpleNamespace(image=SimpleNamespace(ocr_input=np.full((3000, 2000), 255, np.uint8)))
    cuts = [(page, None, (20 * k % 1800, 40 * (k // 90), 20 * k % 1800 + 160, 40 * (k // 90) + 30)) for k in range(400)]
    strips = _strips(cuts)
    assert len(strips) > 1 and all(strip.shape[1] <= 32767 for strip, _, _ in strips)  # Tesseract's widest
    assert [first for _, _, first in strips] == [0] + list(np.cumsum([len(slots) for _, slots, _ in strips]))[:-1]
    assert sum(len(slots) for _, slots, _ in strips) == 400
    assert len(_strips(cuts[:20])) == 1  # a usual second look stays one strip


@pytest.mark.parametrize("side, bullet", [(8, True), (6, True), (4, False), (3, False)])
def test_a_dot_before_a_line_is_its_bullet_when_bullet_sized_and_a_speck_of_dust_is_none(side, bullet):
    from types import SimpleNamespace

    from extract.ocr_hocr import Read
    from extract.ocr_retry import find_bullets

    # A line of 26 px (9.4 pt at 200 dpi) whose first word starts at x = 200; a solid dot of
    # `side` pixels set before it at the line's middle (a bullet is 7 to 8 pixels there).
    word = Read(200.0, 100.0, 320.0, 126.0, "Réalisation", 95.0, SIZE, 0, (200, 104, 320, 124))
    ink = np.zeros((300, 500), np.uint8)
    ink[114 - side // 2:114 - side // 2 + side, 180 - side:180] = 255
    page = SimpleNamespace(reads=[word])
    find_bullets(page, SIZE, ink)
    assert [read.text for read in page.reads] == (["Réalisation", "•"] if bullet else ["Réalisation"])
