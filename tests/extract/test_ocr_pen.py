"""A reader's pen over a scanned page (no Tesseract): its strokes are taken off the image
Tesseract reads where they stray from the print (margins, between the lines), the letters it
crosses stay whole, and a page without a pen's marks is left as it is, large bold letters
included."""

import numpy as np
from PIL import Image, ImageDraw

from extract.ocr_cleanup import unscribble
from tests.helpers import dejavu

LINES = [200 + 60 * k for k in range(8)]


def _page() -> Image.Image:
    """A 200 dpi page: a large bold title (30 pt) and eight lines of body text."""
    image = Image.new("L", (1700, 800), 255)
    draw = ImageDraw.Draw(image)
    draw.text((150, 60), "AXE 5 VW LE DÉVELOPPEMENT", font=dejavu(84, bold=True), fill=0)
    for top in LINES:
        draw.text((150, top), "Participer activement à l'initiative la Fête des voisins", font=dejavu(26), fill=0)
    return image


def _scribble(image: Image.Image, start: tuple[float, float], seed: int) -> np.ndarray:
    """A random walk of 150 steps of 3 px, 2 px wide, grey 50 (a ballpoint's loop)."""
    rng = np.random.default_rng(seed)
    x, y = start
    angle, points = rng.uniform(0, 2 * np.pi), [start]
    for _ in range(150):
        angle += rng.normal(0, 0.35)
        x, y = x + 3 * np.cos(angle), y + 3 * np.sin(angle)
        points.append((x, y))
    page = image.copy()
    ImageDraw.Draw(page).line(points, fill=50, width=2)
    return np.asarray(page)


def test_a_scribble_in_the_margin_is_taken_off():
    clean = np.asarray(_page())
    pen = _scribble(_page(), (60, 500), seed=3)
    assert np.count_nonzero(pen < 128) > np.count_nonzero(clean < 128) + 300  # the loop is there
    out = unscribble(pen, 200)
    margin = (slice(0, 800), slice(0, 120))  # 30 px and more from the text
    assert np.count_nonzero(out[margin] < 128) < 0.1 * np.count_nonzero(pen[margin] < 128)
    assert np.count_nonzero(out[clean < 128] < 128) >= 0.99 * np.count_nonzero(clean < 128)  # the print stays


def test_the_letters_a_scribble_crosses_stay():
    clean = np.asarray(_page())
    pen = _scribble(_page(), (700, LINES[3] + 10), seed=5)
    out = unscribble(pen, 200)
    print_pixels = clean < 128
    # the letters stay: all but those the pen joined into a run of touched letters longer
    # than a tenth of an inch (0.4 % of the print here)
    assert np.count_nonzero(out[print_pixels] < 128) >= 0.99 * np.count_nonzero(print_pixels)
    between = np.zeros_like(print_pixels)
    for top in LINES:  # the rows between the lines, where only the pen is
        between[top + 34:top + 56, :] = True
    assert np.count_nonzero((out < 128) & between) < 0.3 * np.count_nonzero((pen < 128) & between)


def test_a_page_without_a_pen_is_left_as_it_is():
    page = np.asarray(_page())
    assert unscribble(page, 200) is page
