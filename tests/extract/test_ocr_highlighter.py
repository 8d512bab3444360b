"""A reader's highlighter over a scanned page, mechanism by mechanism (no Tesseract): a grid
rule drawn across its strokes is still one rule; a stroke drawn aslant makes no hairline rules
of its edges; the words under it stay dark (its paper corners do not make them white letters
on a band); a dark band a stroke runs onto is still found; and a shading over a few words of a
line, or over one line of body text, is emphasis read in its paragraph, not a box of its own
(born-digital or scanned alike)."""

import numpy as np
from PIL import Image, ImageDraw

import extract.ocr_drawings as ocr_drawings
from extract.ocr_image import _light_letters, prepare
from extract.pdf_boxes import take_containers
from extract.pdf_layout import Box
from tests.helpers import dejavu

WIDTH, HEIGHT = 1700, 1100
ROWS = [200 + 110 * k for k in range(8)]  # a table's row rules, 200 dpi


def _table() -> Image.Image:
    """A 200 dpi table: row rules across the page, two lines of text in each row."""
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    face = dejavu(26)
    for top in ROWS:
        draw.line((100, top, 1600, top), fill=0, width=3)
        for n in range(2):
            draw.text((140, top + 20 + 40 * n), "Soutenir des initiatives contribuant au maintien de l'agriculture urbaine",
                      font=face, fill=0)
    return image


def _highlight(image: Image.Image, strokes, angle: float = 0.0) -> np.ndarray:
    """Highlighter strokes (x0, top, x1, bottom) turned by `angle` about their centre: the
    page under them multiplied by 0.8."""
    pixels = np.asarray(image).astype(np.float32)
    for x0, top, x1, bottom in strokes:
        mask = Image.new("L", image.size, 0)
        ImageDraw.Draw(mask).rectangle((x0, top, x1, bottom), fill=255)
        mask = np.asarray(mask.rotate(angle, center=((x0 + x1) / 2, (top + bottom) / 2))) > 127
        pixels[mask] *= 0.8
    return np.clip(pixels, 0, 255).astype(np.uint8)


def _rows_found(rules) -> list[int]:
    """The rows of the horizontal rules found, each as long as the table at least (1400 px)."""
    return sorted((top + bottom) // 2 for x0, top, x1, bottom in rules if bottom - top < 10 and x1 - x0 >= 1400)


def test_a_rule_across_overlapping_highlighter_strokes_is_one_rule():
    """Strokes overlapping in a shape no box fits sit across three row rules: each is found
    whole, as without the strokes. Measured against the paper only, the strokes' grey was ink
    and the rules inside them stood in a blot."""
    strokes = [(200, ROWS[2] - 25, 700, ROWS[2] + 20), (600, ROWS[2] - 5, 1100, ROWS[3] + 25), (900, ROWS[5] - 20, 1500, ROWS[5] + 25)]
    page = _highlight(_table(), strokes)
    expected = _rows_found(prepare(np.asarray(_table()), 200).rules)
    assert len(expected) == len(ROWS)
    assert _rows_found(prepare(page, 200).rules) == expected


def test_a_highlighter_stroke_drawn_aslant_makes_no_rules_of_its_edges():
    """Strokes at ±0.7° over blank paper and over a line: the upright box of each leaves
    slivers of its grey outside; those are no hairline rules."""
    image = Image.new("L", (WIDTH, 700), 255)
    ImageDraw.Draw(image).text((140, 420), "Contribuer à faire connaître l'offre de logements sociaux et abordables",
                               font=dejavu(26), fill=0)
    page = _highlight(image, [(300, 150, 1100, 190)], 0.7)
    page = np.minimum(page, _highlight(image, [(500, 410, 1300, 450)], -0.7))
    prepared = prepare(page, 200, deskew=False)
    assert len(prepared.fills) == 2  # both strokes found as shadings
    assert prepared.rules == []


def test_words_under_a_stroke_drawn_aslant_stay_dark():
    """The words under the stroke are darker than it, the paper in its box's corners lighter:
    only the marks the size of letters tell which the text is."""
    image = Image.new("L", (800, 120), 255)
    ImageDraw.Draw(image).text((60, 40), "logements sociaux", font=dejavu(26), fill=0)
    page = _highlight(image, [(40, 35, 760, 80)], 1.2)
    region, shade = page[28:88, 30:770], 204.0  # an upright box around the aslant stroke
    assert np.count_nonzero(region > shade + 40) > np.count_nonzero(region < shade - 40)  # paper outnumbers ink
    assert not _light_letters(region, shade)
    band = Image.new("L", (740, 60), 70)  # white letters on a dark band are still told
    ImageDraw.Draw(band).text((20, 12), "AXE 3", font=dejavu(26), fill=255)
    assert _light_letters(np.asarray(band), 70.0)


def test_prepare_keeps_highlighted_words_dark():
    image = Image.new("L", (WIDTH, 500), 255)
    ImageDraw.Draw(image).text((140, 220), "Contribuer à faire connaître l'offre de logements sociaux et abordables",
                               font=dejavu(26), fill=0)
    page = _highlight(image, [(800, 210, 1450, 255)], 1.2)
    prepared = prepare(page, 200, deskew=False)
    assert len(prepared.fills) == 1
    (x0, top, x1, bottom), _ = prepared.fills[0]
    inside = prepared.ocr_input[top:bottom, x0:x1]
    assert np.count_nonzero(inside < 80) > 500  # the letters, black
    assert np.median(inside) == 255  # on white paper


def _line(text: str, x: float, top: float, size: float = 10.0, gap: float = 3.0) -> list[Box]:
    boxes, cursor = [], x
    for word in text.split():
        boxes.append(Box(cursor, cursor + 5.0 * len(word), top, top + size, word, size))
        cursor += 5.0 * len(word) + gap
    return boxes


def _boxes_for(words: list[Box], *texts: str) -> tuple[float, float, float, float]:
    chosen = [w for w in words if w.text in texts]
    return min(w.x0 for w in chosen) - 1, min(w.top for w in chosen) - 2, max(w.x1 for w in chosen) + 1, max(w.bottom for w in chosen) + 2


def test_a_shading_over_words_of_a_line_is_no_box():
    words = _line("Contribuer à faire connaître l'offre de logements sociaux et abordables disponibles.", 50, 100)
    words += _line("Promotion du site auprès des partenaires de la démarche.", 50, 114)
    highlight = _boxes_for(words, "sociaux")
    free, containers = take_containers(words, [highlight], [], 612, 792, 10)
    assert containers == [] and len(free) == len(words)
    # a shading whose edge runs across a word: the word stays with its line too
    cut = (words[3].x0 + 4, words[3].top - 2, words[5].x1, words[3].bottom + 2)
    assert take_containers(words, [cut], [], 612, 792, 10)[1] == []


def test_a_box_beside_the_text_is_still_a_box():
    """A fiche's side box, a gutter of 30 pt from the text on its lines, holds its words."""
    main = _line("Contribuer à faire connaître l'offre de logements", 50, 100) + _line("et abordables disponibles.", 50, 114)
    side = _line("Responsable municipal :", 380, 100) + _line("Direction du développement", 380, 114)
    box = (374, 94, 560, 130)
    free, containers = take_containers(main + side, [box], [], 612, 792, 10)
    assert len(containers) == 1 and {w.text for w in containers[0].words} == {w.text for w in side}
    assert len(free) == len(main)


def test_ink_against_the_paper_alone_sees_the_strokes_as_ink():
    """What the closing mends: the paper's threshold alone takes a highlighter's grey (0.8 of
    the paper) for ink, the closing does not, and a rule across the stroke is ink either way."""
    page = _highlight(_table(), [(200, ROWS[2] - 25, 700, ROWS[2] + 20)])
    ink = ocr_drawings.faint_ink(page, 200)
    stroke = page[ROWS[2] - 20:ROWS[2] - 5, 220:680]
    assert np.count_nonzero(stroke < 255 - 45) > 0.5 * stroke.size  # darker than the paper by 45
    assert np.count_nonzero(ink[ROWS[2] - 20:ROWS[2] - 5, 220:680]) < 0.05 * stroke.size
    assert ink[ROWS[2], 220:680].all()


def test_a_shading_over_one_line_of_body_text_is_no_box():
    """A stroke over the last line of a note ("COVID-19."), nothing else on that line: one line
    of body text, read in its paragraph. A one-line box of bold words (a label) is still one."""
    words = _line("Travaux mis en suspend en raison de la pandémie de", 60, 100) + _line("COVID-19.", 60, 114)
    stroke = _boxes_for(words, "COVID-19.")
    assert take_containers(words, [(stroke[0], stroke[1], stroke[2] + 120, stroke[3])], [], 612, 792, 10)[1] == []
    label = [Box(w.x0, w.x1, w.top, w.bottom, w.text, w.size, bold=True) for w in _line("Responsable municipal :", 380, 100)]
    assert len(take_containers(words + label, [(374, 96, 520, 112)], [], 612, 792, 10)[1]) == 1


def test_a_dark_band_touched_by_a_highlighter_stroke_is_still_found():
    """The stroke's grey (0.8) is darker than the dark shadings' threshold: band and stroke made
    one ragged shape, no shading at all, and the band's white letters were read as black on
    grey. The shape is cut again halfway between its darkest grey and the paper."""
    image = Image.new("L", (WIDTH, 700), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 300, 1600, 380), fill=70)
    draw.text((130, 320), "L'HABITATION ET LE MILIEU DE VIE          Axe 2          RESPONSABLE", font=dejavu(26), fill=255)
    draw.text((140, 250), "Renforcer l'interconnexion du transport en commun entre Lévis et Québec.", font=dejavu(26), fill=0)
    page = _highlight(image, [(400, 240, 900, 300)])  # the stroke runs down onto the band
    fills = prepare(page, 200, deskew=False).fills
    bands = [(box, level) for box, level in fills if level < 0.5]
    assert len(bands) == 1
    (x0, top, x1, bottom), level = bands[0]
    assert abs(x0 - 100) <= 6 and abs(x1 - 1600) <= 6 and abs(top - 300) <= 6 and abs(bottom - 380) <= 6
    assert abs(level - 70 / 255) < 0.05

