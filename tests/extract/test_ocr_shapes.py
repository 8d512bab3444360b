"""What OCR tells from the ink rather than from Tesseract's guess: which arrow opens a note,
a capital I from an i, a character read twice from one glyph, a bullet read into its word,
and a line's extent kept clear of the accents of the line below."""

import sys
from pathlib import Path

import numpy as np
import pytesseract
import pytest
from lxml import html
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "fixtures")]


from extract.ocr import _carry_bold  # noqa: E402
from extract.ocr_hocr import LANGUAGE, _characters, _hocr_words, recognise  # noqa: E402
from extract.ocr_marks import (case_by_height, dots_apart, hyphens_read_as_colons, initial_i, leading_mark, phantoms,  # noqa: E402
                               round_mark, small_digits)
from extract.ocr_image import arrow_shape  # noqa: E402
from extract.pdf_layout import Box  # noqa: E402

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DPI = 200


def _drawn(text: str, points: float, italic: bool = False, width: int = 1600, leading: float = 1.25) -> np.ndarray:
    """Lines of text set in DejaVu Sans at `points`, as a 200 dpi grey page would show them."""
    if not FONT.exists():
        pytest.skip(f"police absente : {FONT} (paquet fonts-dejavu-core)")
    pixels = round(points * DPI / 72)
    font = ImageFont.truetype(str(FONT), pixels)
    lines = text.split("\n")
    image = Image.new("L", (width, int(pixels * (leading * len(lines) + 2))), 255)
    draw = ImageDraw.Draw(image)
    for k, line in enumerate(lines):
        draw.text((pixels, pixels + k * leading * pixels), line, font=font, fill=0)
    return np.array(image)


def _ink_box(gray: np.ndarray) -> tuple[int, int, int, int]:
    rows, columns = np.nonzero(gray < 128)
    return int(columns.min()), int(rows.min()), int(columns.max()) + 1, int(rows.max()) + 1


@pytest.mark.parametrize("points", [8, 9.5, 11, 14])
@pytest.mark.parametrize("arrow", ["⇒", "➡", "➔"])
def test_a_notes_arrow_is_told_from_its_shaft(arrow, points):
    gray = _drawn(arrow, points, width=200)
    ink = (gray < 128).astype(np.uint8) * 255
    assert arrow_shape(ink, _ink_box(gray)) == arrow


def test_a_mark_read_over_a_raised_digit_and_a_letter_read_twice_are_one_glyph():
    # Boxes as Tesseract gave them on a 200 dpi scan ("immigrantes.²", "(PPU)").
    chars = [("s", (352, 535, 364, 550)), (".", (368, 547, 371, 550)), ("?", (371, 530, 378, 556)),
             ("2", (374, 530, 382, 542))]
    assert phantoms(chars, "s.?2")[1] == "s.2"
    chars = [("(", (145, 207, 153, 231)), ("P", (157, 208, 173, 227)), ("P", (176, 208, 192, 227)),
             ("U", (189, 207, 198, 231)), ("Ü", (195, 208, 212, 228)), (")", (216, 207, 224, 231))]
    assert phantoms(chars, "(PPUÜ)")[1] == "(PPU)"


def test_letters_side_by_side_are_no_phantoms():
    # "créée": é beside e is a real letter; a word of the dictionary is left alone.
    chars = [("c", (0, 5, 10, 20)), ("r", (11, 5, 18, 20)), ("é", (19, 0, 30, 20)), ("é", (29, 0, 40, 20)),
             ("e", (36, 5, 47, 20))]
    assert phantoms(chars, "créée")[1] == "créée"
    chars = [("a", (0, 5, 10, 20)), ("?", (12, 0, 20, 20)), ("x", (30, 5, 40, 20))]
    assert phantoms(chars, "a?x")[1] == "a?x"


def test_a_bullet_read_into_its_word_is_a_mark_of_its_own():
    chars = [("*", (1149, 1679, 1156, 1686)), (".", (1155, 1674, 1167, 1691)), ("L", (1168, 1674, 1179, 1691)),
             ("e", (1179, 1678, 1191, 1691))]
    mark, mark_box, letters_box = leading_mark(chars, 26.0)
    assert mark == "*" and mark_box[2] <= letters_box[0] == 1168
    for opening in ["«", "(", "'", "."]:  # what opens words is no bullet
        assert leading_mark([(opening, (0, 0, 5, 20)), ("L", (12, 0, 22, 20))], 26.0) is None


@pytest.mark.parametrize("written", ["l'Immigration", "l'immigration", "Institut", "informatives"])
def test_a_first_i_takes_the_case_its_ink_shows_whatever_was_guessed(tesseract, written):
    gray = _drawn(f"Ministère de {written} et des fiches", 10)
    reads = recognise(gray, DPI)
    word = next(r for r in reads if r.text.lower().endswith(written.lower()[-6:]))
    assert word.text == written
    # Tesseract's guess overturned: the shape decides, from the same boxes.
    hocr = pytesseract.image_to_pdf_or_hocr(Image.fromarray(gray), lang="fra", extension="hocr",
                                             config=f"--psm 6 --dpi {DPI} -c hocr_char_boxes=1").decode()
    checked = 0
    for node in html.fromstring(hocr.encode()).xpath("//*[@class='ocrx_word']"):
        chars = _characters(node)
        text = "".join(c for c, _ in chars)
        if text.lower() != written.lower():
            continue
        where = text.lower().index("i")
        flipped = text[:where] + text[where].swapcase() + text[where + 1:]
        chars = [(c.swapcase() if k == where else c, box) for k, (c, box) in enumerate(chars)]
        top = int(node.get("title").split()[2])
        assert initial_i(gray, chars, flipped, top) == written
        checked += 1
    assert checked == 1


def test_where_dark_toner_joins_the_dots_to_their_stems_a_first_i_keeps_tesseracts_reading(tesseract):
    text = "Les initiatives de la politique municipale visent\nla participation des citoyens et l'immigration"
    clean = _drawn(text, 9)
    dark = np.array(Image.fromarray(clean).filter(ImageFilter.MinFilter(3)))  # every stroke a pixel thicker
    verdicts = []
    for gray in (clean, dark):
        hocr = pytesseract.image_to_pdf_or_hocr(Image.fromarray(gray), lang="fra", extension="hocr",
                                                 config=f"--psm 6 --dpi {DPI} -c hocr_char_boxes=1").decode()
        nodes = html.fromstring(hocr.encode()).xpath("//*[@class='ocrx_word']")
        words = [(_characters(node), int(node.get("title").split()[2])) for node in nodes]
        apart = dots_apart(gray, words)
        verdicts.append(apart)
        chars, top = next((c, t) for c, t in words if "".join(ch for ch, _ in c).lower() == "initiatives")
        # Read "Initiatives": on the clean page the dot apart says i; on the dark one nothing
        # is said and the reading stays.
        read = [("I" if k == 0 else ch, box) for k, (ch, box) in enumerate(chars)]
        assert initial_i(gray, read, "Initiatives", top, apart) == ("initiatives" if apart else "Initiatives")
    assert verdicts == [True, False]


def _hocr_word(text: str, x0: int, top: int, bottom: int, low: dict[int, int] | None = None) -> str:
    """A word of hOCR as Tesseract writes it: letters 12 px wide, feet on `bottom` (but those in
    `low`, whose box runs down to the given row), the word's box around them all."""
    chars, feet = [], []
    for k, char in enumerate(text):
        foot = (low or {}).get(k, bottom)
        feet.append(foot)
        chars.append(f"<span class='ocrx_cinfo' title='x_bboxes {x0 + 12 * k} {top} {x0 + 12 * k + 11} {foot}'>{char}</span>")
    box = f"bbox {x0} {top} {x0 + 12 * len(text)} {max(feet)}; x_wconf 90"
    return f"<span class='ocrx_word' title='{box}'>{''.join(chars)}</span> "


def test_a_words_extent_is_its_lines_though_an_accent_below_joined_its_box():
    # Tight leading: the accents of "entièrement dédiée" joined two words of the line above
    # ("trottinettes", "autres"). Their feet say where their line sits; the stray mark does not.
    line = ("<span class='ocr_line' title='bbox 100 100 700 130; baseline 0 -6; x_size 26; x_descenders 6'>"
            + _hocr_word("trottinettes", 100, 104, 124, {6: 140}) + _hocr_word("et", 260, 108, 124)
            + _hocr_word("autres", 300, 104, 124, {2: 141}) + "</span>")
    below = ("<span class='ocr_line' title='bbox 100 128 700 156; baseline 0 -6; x_size 26; x_descenders 6'>"
             + _hocr_word("entièrement", 100, 130, 150) + "</span>")
    reads = list(_hocr_words(f"<html><body><div class='ocr_page'>{line}{below}</div></body></html>"))
    first = [r for r in reads if r.line == reads[0].line]
    assert [r.text for r in first] == ["trottinettes", "et", "autres"]
    assert len({(r.top, r.bottom) for r in first}) == 1  # one line, one extent
    assert max(r.bottom for r in first) < min(r.top for r in reads if r.line != reads[0].line) + 3


@pytest.mark.parametrize("points", [8, 10, 12])
def test_a_round_mark_is_a_bullet_solid_or_hollow_and_a_small_digit_is_none(points):
    for mark, expected in [("•", "•"), ("◦", "◦"), ("¹", None), ("²", None), ("³", None)]:
        gray = _drawn(mark, points, width=120)
        assert round_mark(gray, _ink_box(gray)) in ({expected} if mark != "◦" else {"◦", "•"}), mark


def test_a_footnotes_small_number_is_read_again_alone_as_a_digit(tesseract):
    for number in "123456789":
        gray = _drawn(f"{number}", 5.5, width=120)  # a 9 pt footnote's raised number
        assert small_digits(gray, _ink_box(gray), LANGUAGE) == number


def test_a_short_line_ending_a_bold_sentence_is_bold_and_one_after_a_stop_is_left_alone():
    def words(texts, top, bold):
        return [Box(50 + 60 * k, 100 + 60 * k, top, top + 10, text, 10.0, bold, conf=90.0) for k, text in enumerate(texts)]

    title = words("3. Poursuivre la mise en place des mesures de la Ville".split(), 100, True)
    tail = words(["d'économie", "sociale."], 112, False)
    tail[0].bold = True
    after = words(["Réalisé", "ici."], 150, False)
    stop = words("Un titre qui se termine ici.".split(), 200, True) + words(["Texte", "courant"], 212, False)
    lines = title + tail + after + stop
    segments = [0] * len(title) + [1, 1] + [2, 2] + [3] * 6 + [4, 4]
    _carry_bold(lines, segments)
    assert all(w.bold for w in tail)
    assert not any(w.bold for w in after)  # a gap above: another paragraph
    assert not any(w.bold for w in stop[-2:])  # the line above ended its sentence


@pytest.mark.parametrize("noise", ["aucun", "léger", "fort"])
def test_a_footnotes_asterisk_stays_an_asterisk_and_a_bullet_becomes_one(tesseract, noise):
    from scans import NOISE, scan_image

    gray = _drawn("*Le PMRG donne, aux adultes accusés de certaines infractions\n• Le Filon et les autres\n"
                  "• Direction de l'urbanisme", 9)
    gray = np.array(scan_image(Image.fromarray(gray), 0.0, NOISE[noise], np.random.default_rng(3)))
    lines = {}
    for read in recognise(gray, DPI):
        lines.setdefault(read.line, []).append(read.text)
    first, *others = (words for _, words in sorted(lines.items()))
    assert "".join(first).startswith("*Le") and [words[0] for words in others] == ["•", "•"]


@pytest.mark.parametrize("points", [8, 9.5, 12])
def test_a_colon_whose_ink_is_one_bar_is_a_hyphen_and_a_colon_stays(tesseract, points):
    # Tesseract's own boxes on drawn words, the mark's reading then swapped: the ink decides.
    for written, read, expected in [("main-", "main:", "main-"), ("Partenaires:", "Partenaires:", "Partenaires:")]:
        gray = _drawn(written, points, width=400)
        hocr = pytesseract.image_to_pdf_or_hocr(Image.fromarray(gray), lang="fra", extension="hocr",
                                                 config=f"--psm 7 --dpi {DPI} -c hocr_char_boxes=1").decode()
        node = html.fromstring(hocr.encode()).xpath("//*[@class='ocrx_word']")[0]
        chars = _characters(node)
        assert len(chars) == len(read), chars
        chars = [(r, box) for r, (_, box) in zip(read, chars)]
        assert hyphens_read_as_colons(gray, chars, read)[1] == expected


def test_a_sub_actions_letter_takes_the_case_its_height_shows_and_other_words_are_left():
    digit, stop = ("7", (0, 0, 10, 20)), (".", (11, 16, 13, 20))
    assert case_by_height([digit, stop, ("C", (14, 7, 24, 20))], "7.C") == "7.c"  # x-height: small
    assert case_by_height([digit, stop, ("c", (14, 0, 24, 20))], "7.c") == "7.C"  # as tall as the digit
    covid = [(c, (k * 12, 0 if c.isdigit() else 4, k * 12 + 10, 20)) for k, c in enumerate("COVID-19")]
    assert case_by_height(covid, "COVID-19") == "COVID-19"  # no sub-action number


def test_ink_read_only_by_the_second_look_is_kept_when_it_looks_like_text():
    from extract.ocr_retry import _plausible

    for text in ["8", "11", "7.c", "DVC", "Lévis", "de la"]:
        assert _plausible(text), text
    for text in ["ele", "is", "à", "~", "e ,"]:  # specks read as letters
        assert not _plausible(text), text


def test_a_title_whose_stroke_wavers_on_one_line_stays_bold_to_its_stop():
    def words(texts, top, bold):
        return [Box(50 + 60 * k, 100 + 60 * k, top, top + 10, text, 10.0, bold, conf=90.0) for k, text in enumerate(texts)]

    first = words("8. Renforcer l'interconnexion du transport en".split(), 100, True)
    middle = words("commun entre Lévis et Québec sur".split(), 112, False)  # measured thin
    last = words("le boulevard.".split(), 124, True)
    text = words("Arrimages avec le Ministère des Transports".split(), 150, False)
    lines = first + middle + last + text
    segments = [0] * len(first) + [1] * len(middle) + [2] * len(last) + [3] * len(text)
    _carry_bold(lines, segments)
    assert all(w.bold for w in first + middle + last) and not any(w.bold for w in text)


def _stems(stems: list[tuple[int, int]], x_height: int = 20, foot: int = 60) -> tuple[np.ndarray, list]:
    """Words of one stem (its ink from `top` to `gap` rows under it blank, then down to the foot:
    gap 0 is a solid stem) and five short letters of the x-height, as boxes and ink."""
    gray = np.full((80, 40 * len(stems) + 20), 255, np.uint8)
    words = []
    for k, (height, gap) in enumerate(stems):
        x = 10 + 40 * k
        gray[foot - height:foot, x:x + 3] = 0
        if gap:
            gray[foot - x_height - gap:foot - x_height, x:x + 3] = 255
        chars = [("i", (x, foot - height, x + 3, foot))]
        for n in range(5):
            left = x + 5 + 6 * n
            gray[foot - x_height:foot, left:left + 2] = 0
            chars.append(("n", (left, foot - x_height, left + 5, foot)))
        words.append((chars, foot - max(height, x_height)))
    return gray, words


def test_a_page_whose_dots_join_now_and_then_says_nothing_by_its_solid_stems():
    """A carbon copy or a standard-mode fax joins some dots to their stems (on the bench, 6 to
    60 % of a page's i's; a sound page shows the gap in 97 % at least): a solid stem there may
    be an i, and a first I read by Tesseract stays I; on a page where all dots stand apart, it
    is a capital."""
    mid = [(28, 3)] * 16 + [(28, 0)] * 4  # a fifth of the dots joined
    gray, words = _stems(mid)
    assert not dots_apart(gray, _with_ends(words))
    gray, words = _stems([(28, 3)] * 20)
    assert dots_apart(gray, _with_ends(words))
    solid, [(chars, top)] = _stems([(28, 0)])
    assert initial_i(solid, chars, "Innnnn", top, apart=False) == "Innnnn"
    assert initial_i(solid, [("i", chars[0][1])] + chars[1:], "innnnn", top, apart=False) == "innnnn"
    assert initial_i(solid, [("i", chars[0][1])] + chars[1:], "innnnn", top, apart=True) == "Innnnn"


def _with_ends(words: list) -> list:
    """Each word's letters between two more, so that its i is inside it."""
    return [([("n", (0, 0, 1, 1))] + chars + [("n", (0, 0, 1, 1))], top) for chars, top in words]


@pytest.mark.parametrize("height,written", [(20, "Innnnn"), (24, "Innnnn"), (15, "innnnn")])
def test_a_capital_whose_top_fades_stays_a_capital_and_a_dotless_stem_is_an_i(height, written):
    """A capital I whose top fades under mid-grey (a carbon copy) measured 0.8 to 1.3
    x-heights: a solid stem of one x-height is a capital; a stem clearly under it (0.75) is
    an i whose dot was lost."""
    gray, [(chars, top)] = _stems([(height, 0)])
    for read in ("I", "i"):
        assert initial_i(gray, [(read, chars[0][1])] + chars[1:], read + "nnnnn", top) == written
