"""Two scanner habits taken back before a page is read (no Tesseract): a bound book's page bent
near its spine (extract/ocr_dewarp.py) is measured, column by column, and straightened, while a
flat page, a scanner lid's band and a black border included, is left as it is; a feeder's
streak down the whole sheet (extract/ocr_cleanup.py unstreak) is taken off, while a table's
upright rule stays."""

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extract.ocr_cleanup import unstreak
from extract.ocr_dewarp import bend, unbend

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DPI = 200
WIDTH, HEIGHT = 1700, 2200


def _text_page(top: int = 200) -> np.ndarray:
    if not FONT.exists():
        pytest.skip(f"police absente : {FONT} (paquet fonts-dejavu-core)")
    face = ImageFont.truetype(str(FONT), 29)
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    for k, y in enumerate(range(top, HEIGHT - 250, 45)):
        draw.text((120 + 30 * (k % 3), y),
                  "Déploiement du programme Accès-Transport Lévis : plus de 35 000 passages gratuits remis",
                  font=face, fill=0)
    return np.asarray(image).copy()


def _ink(gray: np.ndarray) -> np.ndarray:
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def _bent(page: np.ndarray, rise: np.ndarray) -> np.ndarray:
    """Each column moved up by `rise` pixels, as a page lifted off the glass."""
    map_x = np.tile(np.arange(WIDTH, dtype=np.float32), (HEIGHT, 1))
    map_y = (np.arange(HEIGHT, dtype=np.float32)[:, None] + rise[None, :]).astype(np.float32)
    return cv2.remap(page, map_x, map_y, cv2.INTER_CUBIC, borderValue=255)


SPINES = {
    # A left spine, the lines rising a sixth of an inch over the first third (the bench's habit).
    "gauche, montante": (DPI / 6) * np.clip(1 - np.arange(WIDTH) / (WIDTH / 3), 0, 1) ** 2,
    # A right spine, the lines falling a quarter of an inch over the last two fifths.
    "droite, descendante": -(DPI / 4) * np.clip((np.arange(WIDTH) - 0.6 * WIDTH) / (0.4 * WIDTH), 0, 1) ** 2,
}


@pytest.mark.parametrize("spine", SPINES)
def test_a_bent_page_is_measured_column_by_column(spine):
    rise = SPINES[spine].astype(np.float32)
    offsets = bend(_ink(_bent(_text_page(), rise)), DPI)
    assert offsets is not None
    # The lines' place at each column against the page's flat part (rise 0 there), on the
    # columns that carry text on every line; a pixel of slack is left unmoved (see bend).
    columns = np.arange(240, 1440)
    assert np.abs(offsets[columns] - (-rise[columns])).max() <= 2.5


@pytest.mark.parametrize("spine", SPINES)
def test_a_straightened_page_lies_flat_and_its_flat_part_is_untouched(spine):
    bent = _bent(_text_page(), SPINES[spine].astype(np.float32))
    offsets = bend(_ink(bent), DPI)
    straight = unbend(bent, offsets)
    assert bend(_ink(straight), DPI) is None
    still = offsets == 0
    assert still.sum() > WIDTH / 3 and np.array_equal(straight[:, still], bent[:, still])


def test_a_flat_page_is_left_as_it_is_lid_band_and_black_border_included():
    page = _text_page()
    assert bend(_ink(page), DPI) is None
    # A scanner lid's dark band along the top, slanted by 0.7° once the text is made straight,
    # and a black border down the left: solid ink, which tells no line's place.
    slant = (np.arange(WIDTH) * np.tan(np.radians(0.7))).astype(int)
    for x in range(WIDTH):
        page[:20 + slant[x], x] = 30
    page[:, :60] = 20
    assert bend(_ink(page), DPI) is None


def _streaked(page: np.ndarray, columns=((500, 1, 70), (1100, 2, 120))) -> np.ndarray:
    out = page.copy()
    for x, wide, grey in columns:
        out[:, x:x + wide] = np.minimum(out[:, x:x + wide], grey)
    return out


def test_a_feeders_streak_is_taken_off_and_the_letters_it_crosses_stay():
    page = _text_page()
    streaked = _streaked(page)
    cleaned = unstreak(streaked, DPI)
    paper = page.min(axis=1) == 255  # rows without text
    for x, wide in ((500, 1), (1100, 2)):
        assert cleaned[paper, x:x + wide].min() >= 240
    # Beside the streaks nothing moved; on them, the text's ink is still where it was.
    untouched = np.ones(WIDTH, bool)
    untouched[497:504] = untouched[1097:1105] = False
    assert np.array_equal(cleaned[:, untouched], page[:, untouched])
    for x in (500, 1100):
        inked, added = page[:, x - 5:x + 7] < 128, streaked[:, x - 5:x + 7] < 128
        kept = cleaned[:, x - 5:x + 7] < 128
        # The letters' ink stays (but a letter's grey edge under a streak as dark as it), and
        # what the streak added is gone.
        assert (kept & inked).sum() >= 0.93 * inked.sum()
        assert (kept & ~inked).sum() <= 0.1 * (added & ~inked).sum()


def test_a_tables_upright_rule_is_no_streak():
    page = _text_page()
    page[300:1900, 800:802] = 0  # a table's rule, straight on the page, stops short of the margins
    page[300:1900, 1300:1301] = 90
    assert unstreak(page, DPI) is page
