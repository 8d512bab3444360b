"""Dark toner, mechanism by mechanism (no Tesseract): its spread taken back before reading
(printed regular text left alone), and a unit's code read with doubt kept in a column of
confident codes."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from extract.ocr_cleanup import HEAVY, ink_share, thin
from extract.ocr_image import _binary
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
