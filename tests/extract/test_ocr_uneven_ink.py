"""Ink faded in bands down the page (a worn printer drum, a dirty sensor element) brought back
to the page's darkest before reading, mechanism by mechanism (no Tesseract): the letters and a
shaded band under a fade are as dark as elsewhere again, so the band is still found as a
shading; a page whose ink is even is left as it is, and a column of words set in grey is only
made darker."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

import extract.ocr_image as ocr_image
from extract.ocr_image import prepare
from extract.ocr_ink import even_ink
from tests.helpers import dejavu

LINE = "Contribuer à l'élaboration d'un projet pilote de tarification sociale du transport en commun"
WIDTH, HEIGHT = 1700, 1500


def _face(points: float) -> ImageFont.FreeTypeFont:
    return dejavu(round(points * 200 / 72))


def _page(grey_column: bool = False) -> np.ndarray:
    """A 200 dpi page: a dark header band with white letters, then lines of text; with
    `grey_column`, a narrow column of grey words at its right."""
    face, bold = _face(9.5), _face(10)
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 100, 1600, 170), fill=70)
    draw.text((120, 120), "LA MOBILITÉ DES PERSONNES          ACTIONS DU PLAN          RESPONSABLE", font=bold, fill=255)
    for n in range(30):
        draw.text((100, 220 + n * 40), LINE[:70] if grey_column else LINE, font=face, fill=0)
        if grey_column:
            draw.text((1480, 220 + n * 40), ("DVC", "BMD", "URBA")[n % 3], font=face, fill=120)
    return np.array(image)


def _fade(page: np.ndarray, strength: np.ndarray) -> np.ndarray:
    """The ink of each column kept at `strength` (1: all of it, 0: none)."""
    return np.clip(255.0 - (255.0 - page.astype(np.float32)) * strength[None, :], 0, 255).astype(np.uint8)


def _drum(phase: float) -> np.ndarray:
    """A worn drum's bands: the ink fades to 45 % three times across the page, smoothly."""
    x = np.arange(WIDTH, dtype=np.float32)
    return 1.0 - 0.55 * (0.5 + 0.5 * np.sin(x / WIDTH * 2 * np.pi * 3 + phase)) ** 4


def _streaks() -> np.ndarray:
    """A dirty sensor's streaks: two sharp bands, half an inch and an inch wide, at 40 % and 55 %."""
    strength = np.ones(WIDTH, np.float32)
    strength[300:400] = 0.4
    strength[900:1100] = 0.55
    return strength


def _weakest(strength: np.ndarray) -> slice:
    """Twenty columns where the ink is faded most, among the text's (x 150 to 1400)."""
    inside = strength[150:1400]
    faded = np.flatnonzero(inside <= inside.min() + 0.02) + 150
    middle = int(faded[len(faded) // 2])
    return slice(middle - 10, middle + 10)


def _letters_darkest(page: np.ndarray, columns: slice) -> float:
    """The darkest 5 % of the text's pixels (below the band) in some columns."""
    region = page[200:, columns]
    return float(np.percentile(region[region < 200], 5))


@pytest.mark.parametrize("strength", [_drum(0.0), _drum(2.0), _streaks()], ids=["tambour", "tambour décalé", "traînées"])
def test_faded_bands_of_ink_are_made_as_dark_as_the_rest(strength):
    printed = _page()
    faded = _fade(printed, strength)
    weakest = _weakest(strength)
    assert _letters_darkest(faded, weakest) > 100  # the fade is there to take back
    even = even_ink(faded, 200)
    assert _letters_darkest(even, weakest) < 40
    assert abs(float(np.median(even[102:115, weakest])) - 70) < 25  # the band, above its letters


def test_a_faded_header_band_is_still_found_as_a_shading(monkeypatch):
    faded = _fade(_page(), _drum(0.0))
    assert len(prepare(faded, 200).fills) == 1
    monkeypatch.setattr(ocr_image, "even_ink", lambda gray, dpi: gray)
    assert len(prepare(faded, 200).fills) == 0  # what the fade did before


def test_a_page_whose_ink_is_even_is_left_as_it_is():
    page = _page()
    assert even_ink(page, 200) is page


def test_a_column_of_grey_words_is_only_darkened():
    """Words set in grey in a column of their own cannot be told from a faded band: they are
    made darker (and the band's grey towards them), while the paper and the black letters stay
    as they are (their soft edges within 12 levels), and the band is still one shading."""
    page = _page(grey_column=True)
    even = even_ink(page, 200)
    moved = np.abs(even[200:].astype(int) - page[200:])  # below the band
    assert moved[:, :1470].max() <= 12  # the black lines' soft edges, near the column, at most
    assert _letters_darkest(even, slice(1480, 1600)) < _letters_darkest(page, slice(1480, 1600)) - 60
    assert np.array_equal(even[page == 255], page[page == 255]) and np.array_equal(even[page == 0], page[page == 0])
    assert len(prepare(page, 200).fills) == 1
