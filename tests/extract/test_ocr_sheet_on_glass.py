"""How a sheet lay on the scanner's glass, taken back before a page is read (no Tesseract): a
bound book's page bent near its spine (extract/ocr_dewarp.py) is measured, column by column,
and straightened, while a flat page, a scanner lid's band and a black border included, is left
as it is; a feeder's streak down the whole sheet (extract/ocr_cleanup.py unstreak) is taken
off, while a table's upright rule stays; the scanner's black bed around a smaller sheet
(unbed) is made paper, while a band printed to the sheet's edge keeps its white letters; the
creases of a sheet folded for its envelope (uncrease) are taken back, level or aslant, while
a shading they cross keeps its grey and a page of bands and rules is left as it is."""

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extract.ocr_glass import unbed, uncrease, unstreak
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


def _on_bed(page: np.ndarray, shift: tuple[int, int] = (70, 50)) -> np.ndarray:
    """The page shrunk to 94 % on a scanner bed (grey 25) larger than it, lid open."""
    small = cv2.resize(page, None, fx=0.94, fy=0.94, interpolation=cv2.INTER_AREA)
    bed = np.full_like(page, 25)
    bed[shift[1]:shift[1] + small.shape[0], shift[0]:shift[0] + small.shape[1]] = small
    return bed


def test_the_scanners_black_bed_around_a_smaller_sheet_is_made_paper_and_the_text_stays():
    scanned = _on_bed(_text_page())
    cleaned = unbed(scanned, DPI)
    assert cleaned.min(axis=1)[:40].min() >= 240 and cleaned[:, :60].min() >= 240  # the bed's top and left
    assert cleaned[-60:].min() >= 240 and cleaned[:, -60:].min() >= 240  # and its bottom and right
    sheet = (slice(60, 50 + int(0.94 * HEIGHT) - 10), slice(80, 70 + int(0.94 * WIDTH) - 10))
    assert np.array_equal(cleaned[sheet], scanned[sheet])


def test_a_band_printed_to_the_sheets_edge_keeps_its_white_letters():
    if not FONT.exists():
        pytest.skip(f"police absente : {FONT} (paquet fonts-dejavu-core)")
    image = Image.fromarray(_text_page(top=400))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 300), fill=40)  # a full-bleed title band
    draw.text((150, 100), "AXE 1 LA MOBILITÉ DES PERSONNES", font=ImageFont.truetype(str(FONT), 80), fill=255)
    page = np.asarray(image).copy()
    assert unbed(page, DPI) is page
    # A lid's dark band along the top of a plain page is no band of the document: it goes.
    lid = _text_page()
    lid[:25] = 30
    assert unbed(lid, DPI)[:25].min() >= 240


def _folded(page: np.ndarray, slant: float = 0.0, rows=(HEIGHT / 3, 2 * HEIGHT / 3)) -> np.ndarray:
    """Creases across the sheet (the bench's habit): each darkens paper and ink to 0.65 at its
    middle, over about a twentieth of an inch; `slant` in degrees."""
    ys = np.arange(HEIGHT, dtype=np.float32)[:, None] - np.tan(np.radians(slant)) * np.arange(WIDTH)[None, :]
    out = page.astype(np.float32)
    for row in rows:
        out *= 1.0 - 0.35 * np.exp(-((ys - row) / 6.0) ** 2)
    return np.clip(out, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("slant", [0.0, 2.0])
def test_a_folded_sheets_creases_are_taken_back_and_its_letters_stay(slant):
    page = _text_page()
    folded = _folded(page, slant)
    cleaned = uncrease(folded, DPI)
    paper = page == 255
    # Where the creases lay, the paper is paper again (it was down to 166).
    lowest = float(folded[paper].min())
    assert lowest < 180 and np.percentile(cleaned[paper], 0.5) >= 225
    # The letters stay letters: what was ink is ink, and no paper became ink.
    assert ((cleaned < 128) == (page < 128)).mean() >= 0.998


def test_a_shading_a_crease_crosses_keeps_its_grey():
    page = _text_page()
    page[700:800, 120:1580] = np.minimum(page[700:800, 120:1580], 180)  # a grey box under the text
    cleaned = uncrease(_folded(page, rows=(750,)), DPI)
    box = page[700:800, 120:1580] == 180
    assert abs(float(np.median(cleaned[700:800, 120:1580][box])) - 180) <= 12


def test_bands_rules_and_a_full_bleed_band_are_no_creases():
    page = _text_page(top=500)
    page[200:280, 120:1580] = 70  # an axis band, inside the margins
    page[330:333, 120:1580] = 0  # a rule
    page[380:400, :] = 60  # a thin band printed across the whole sheet
    assert uncrease(page, DPI) is page
